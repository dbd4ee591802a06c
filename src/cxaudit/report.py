"""Readable presentation of findings for the terminal."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import orjson

_RANK = {"critical": 0, "high": 1, "medium": 2, "low": 3}


def top_findings(out_dir: Path, limit: int = 10) -> Iterator[str]:
    """One example per code (the most severe), with its explanation and first quote."""
    path = Path(out_dir, "findings.jsonl")
    if not path.exists():
        return
    best: dict[str, dict] = {}
    with open(path, "rb") as fh:
        for line in fh:
            f = orjson.loads(line)
            cur = best.get(f["code"])
            if cur is None or _RANK[f["severity"]] < _RANK[cur["severity"]]:
                best[f["code"]] = f
    if best:
        yield ""
        yield "One example per code:"
    for f in sorted(best.values(), key=lambda f: (_RANK[f["severity"]], f["code"]))[:limit]:
        where = f.get("customer_id") or "corpus"
        yield f"- [{f['severity']}] {f['code']} ({where}): {f['explanation']}"
        for e in f["evidence"][:2]:
            q = " ".join(e["quote"].split())
            if q:
                ref = next(v for k, v in e.items() if k.endswith("_id"))
                yield f"    {ref}: \u201c{q[:140]}{'…' if len(q) > 140 else ''}\u201d"
