"""Score the contradiction pair judges on public pair sets (``data/contradiction/``).

- DECODE (``decode_pairs_balanced_*.tsv``: seg1, seg2, label; **0 = contradiction**);
- MultiNLI binary (``mnli_dev_matched_binary_*.csv``: sentence1, sentence2, label; 1 = contradiction);
- ANLI round 3 (``anli_R3_dev.jsonl``: context, hypothesis, label e/n/c; c = contradiction).

Rows: one per data set and backend, with accuracy, precision/recall of the contradiction
class and the majority-class baseline. Absent files are skipped; the embedding backend is
scored only when the ``[ml]`` extra is installed.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Callable, Iterable, Sequence

from .metrics import PRF

Pair = tuple[str, str, bool]


def _decode(path: Path) -> list[Pair]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(fh, delimiter="\t")
        return [(r["seg1"], r["seg2"], r["label"].strip() == "0") for r in rows if r.get("label") is not None]


def _mnli(path: Path) -> list[Pair]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [(r["sentence1"], r["sentence2"], r["label"].strip() == "1") for r in csv.DictReader(fh)]


def _anli(path: Path) -> list[Pair]:
    out = []
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            out.append((d["context"], d["hypothesis"], d["label"] == "c"))
    return out


SETS: tuple[tuple[str, str, Callable[[Path], list[Pair]]], ...] = (
    ("decode", "decode_pairs_balanced_*.tsv", _decode),
    ("mnli", "mnli_dev_matched_binary_*.csv", _mnli),
    ("anli_r3", "anli_R3_dev.jsonl", _anli),
)


def load_pairs(data_dir: Path) -> dict[str, list[Pair]]:
    out = {}
    for name, pattern, reader in SETS:
        files = sorted(Path(data_dir).glob(pattern))
        if files:
            out[name] = reader(files[0])
    return out


def _row(name: str, backend: str, gold: Sequence[bool], pred: Sequence[bool]) -> dict:
    prf = PRF()
    for g, p in zip(gold, pred):
        prf.add(p, g)
    n = len(gold)
    acc = sum(1 for g, p in zip(gold, pred) if g == p) / n if n else 0.0
    pos = sum(gold)
    baseline = max(pos, n - pos) / n if n else None
    return {
        "section": "contradiction_pairs", "name": name, "metric": "accuracy", "value": round(acc, 4),
        "precision": round(prf.precision, 4), "recall": round(prf.recall, 4), "n": n,
        "baseline_name": "majority", "baseline": round(baseline, 4) if baseline is not None else None,
        "target": None, "met": None, "backend": backend,
    }


def evaluate_contradiction(data_dir: Path, backends: Iterable[str] = ("patterns", "embeddings"), limit: int | None = None) -> list[dict]:
    """Rows for every pair set found in ``data_dir`` and every available backend."""
    from ..semantic import EmbeddingJudge, SemanticUnavailable, available, judge_pair

    sets = load_pairs(Path(data_dir))
    rows: list[dict] = []
    judge = None
    for name in sorted(sets):
        pairs = sets[name][:limit] if limit else sets[name]
        gold = [g for _, _, g in pairs]
        if "patterns" in backends:
            rows.append(_row(name, "patterns", gold, [judge_pair(a, b) for a, b, _ in pairs]))
        if "embeddings" in backends and available():
            try:
                judge = judge or EmbeddingJudge()
            except SemanticUnavailable:
                continue
            rows.append(_row(name, "embeddings", gold, judge.judge_pairs([(a, b) for a, b, _ in pairs])))
    return rows
