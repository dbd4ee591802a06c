"""Spelling normalisation: whole-token replacements read before the lexicons.

``Normalizer(table)(text)`` returns ``None`` when no token of the table occurs (most
messages), else a ``Normalized`` with the rewritten text and the replaced spans, which maps a
span of the rewritten text back to the original so every quote stays the author's own text.
The packaged table is ``data/normalize.toml``; recognizers that read the register itself
(formality, informal) set ``reads_raw_text`` and still see the original.

The table's ``[speech]`` part reads spoken transcripts the way a listener does: fillers
("um", "uh", "erm") are dropped with the commas around them, and a word repeated in a restart
("the, the claims handler", "I, I want") is read once, so "Is there, um, a human I can talk
to?" reads as "Is there a human I can talk to?". A sentence boundary is never removed.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import islice
from importlib import resources
from pathlib import Path

_KEY_RE = re.compile(r"^[a-z0-9'’]+$")
_TOKEN_RE = re.compile(r"[\w'’]+")  # a token: what a key must equal, whole
_RESTART_GAP_RE = re.compile(r"[ \t,…–—-]*")  # what may separate a word from its repeat
_SENTENCE_MARK_RE = re.compile(r"[.!?;:\n]")
_FILLER_TAIL_RE = re.compile(r"[,…]*[ \t]*")


class NormalizeError(ValueError):
    """A bad normalisation table; the message names the file and key."""


@dataclass(frozen=True)
class Normalized:
    text: str
    # (start, end) in the rewritten text and (start, end) of the token it replaced, in order
    spans: tuple[tuple[int, int, int, int], ...]
    starts: tuple[int, ...] = ()  # the spans' starts in the rewritten text, for bisection

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The original span of ``text[start:end]``: a replaced token maps to all of its source."""
        spans = self.spans
        starts = self.starts or tuple(sp[0] for sp in spans)
        k = bisect_right(starts, start) - 1
        if k >= 0 and start < spans[k][1]:
            o_start = spans[k][2]
        else:
            o_start = start - (spans[k][1] - spans[k][3]) if k >= 0 else start
        k = bisect_right(starts, end - 1) - 1 if end > 0 else -1
        if k >= 0 and end <= spans[k][1]:
            o_end = spans[k][3]
        else:
            o_end = end - (spans[k][1] - spans[k][3]) if k >= 0 else end
        return o_start, max(o_start, o_end)


@dataclass(frozen=True)
class SpellingTable:
    """A parsed spelling table: whole-token rewrites and the spoken-transcript rules."""

    tokens: Mapping[str, str]
    fillers: frozenset[str] = frozenset()
    collapse_repeats: bool = False


class Normalizer:
    def __init__(self, table: "SpellingTable | Mapping[str, str]"):
        if not isinstance(table, SpellingTable):
            table = SpellingTable(dict(table))
        self.table = {k.lower(): v for k, v in table.tokens.items()}
        self._keys = frozenset(self.table)
        self.fillers = frozenset(f.lower() for f in table.fillers)
        self.collapse_repeats = table.collapse_repeats

    def __call__(self, text: str) -> Normalized | None:
        if not text:
            return None
        toks = _TOKEN_RE.findall(text.lower())
        # the common case: one C-level tokenisation, two set tests and one pairwise compare
        if self._keys.isdisjoint(toks) and self.fillers.isdisjoint(toks) and not (
            self.collapse_repeats and any(map(str.__eq__, toks, islice(toks, 1, None)))
        ):
            return None
        edits = self._edits(text)
        if not edits:
            return None
        pieces: list[str] = []
        spans: list[tuple[int, int, int, int]] = []
        last = 0
        out_len = 0
        for s, e, rep in edits:
            gap = text[last:s]
            pieces.append(gap)
            out_len += len(gap)
            pieces.append(rep)
            spans.append((out_len, out_len + len(rep), s, e))
            out_len += len(rep)
            last = e
        pieces.append(text[last:])
        return Normalized("".join(pieces), tuple(spans), tuple(sp[0] for sp in spans))

    def _edits(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, replacement) in order, none overlapping."""
        tokens = list(_TOKEN_RE.finditer(text))
        fillers = self.fillers
        kept = [m for m in tokens if m.group(0).lower() not in fillers] if fillers else tokens
        # a restart: a word, then (fillers and) a comma or a space, then the same word again;
        # the first copy and what follows it go
        restarts: list[tuple[int, int, str]] = []
        if self.collapse_repeats:
            for a, b in zip(kept, islice(kept, 1, None)):
                word = a.group(0)
                if not word.isalpha() or word.lower() != b.group(0).lower():
                    continue
                gap = _TOKEN_RE.sub("", text[a.end():b.start()])  # only fillers can be tokens here
                if _RESTART_GAP_RE.fullmatch(gap) and (" " in gap or "\t" in gap):
                    restarts.append((a.start(), b.start(), ""))
        edits: list[tuple[int, int, str]] = []
        if fillers and len(kept) < len(tokens):
            # fillers between two kept words: the stretch between them reads as one space, unless
            # it holds a sentence mark, where only each filler and its trailing comma go
            k = 0
            for m in tokens:
                if m.group(0).lower() not in fillers:
                    continue
                while k < len(kept) and kept[k].start() < m.start():
                    k += 1
                prev_end = kept[k - 1].end() if k else 0
                next_start = kept[k].start() if k < len(kept) else len(text)
                if edits and edits[-1][0] == prev_end and edits[-1][1] == next_start:
                    continue  # this stretch is already replaced
                if not _SENTENCE_MARK_RE.search(text, prev_end, next_start):
                    edits.append((prev_end, next_start, " " if 0 < k < len(kept) else ""))
                else:
                    edits.append((m.start(), _FILLER_TAIL_RE.match(text, m.end()).end(), ""))
        if restarts:  # a restart covers the filler stretch inside it
            edits = restarts + [e for e in edits if not any(r[0] <= e[0] and e[1] <= r[1] for r in restarts)]
            edits.sort()
        table = self.table
        rewrites: list[tuple[int, int, str]] = []
        for m in kept:
            rep = table.get(m.group(0).lower())
            if rep is None:
                continue
            s, e = m.span()
            if any(d[0] <= s < d[1] for d in restarts):
                continue  # the first copy of a restart is gone
            rewrites.append((s, e, rep))
        return sorted(edits + rewrites) if edits else rewrites


def parse_table(doc: dict, where: str) -> SpellingTable:
    if doc.get("version") != 1:
        raise NormalizeError(f"{where}: version must be 1")
    unknown = set(doc) - {"version", "tokens", "speech"}
    if unknown:
        raise NormalizeError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    tokens = doc.get("tokens", {})
    if not isinstance(tokens, dict):
        raise NormalizeError(f"{where}: tokens must be a table")
    out: dict[str, str] = {}
    for k, v in tokens.items():
        if not _KEY_RE.match(k):
            raise NormalizeError(f"{where}: tokens.{k}: keys are single lower-case tokens (letters, digits, apostrophes)")
        if not isinstance(v, str) or not v.strip():
            raise NormalizeError(f"{where}: tokens.{k}: the replacement must be a non-empty string")
        out[k] = v
    speech = doc.get("speech", {})
    if not isinstance(speech, dict):
        raise NormalizeError(f"{where}: speech must be a table")
    unknown = set(speech) - {"fillers", "collapse_repeats"}
    if unknown:
        raise NormalizeError(f"{where}: unknown key(s) speech.{', speech.'.join(sorted(unknown))}")
    fillers = speech.get("fillers", [])
    if not isinstance(fillers, list) or not all(isinstance(f, str) and _KEY_RE.match(f) for f in fillers):
        raise NormalizeError(f"{where}: speech.fillers: a list of single lower-case tokens")
    clash = sorted(set(fillers) & set(out))
    if clash:
        raise NormalizeError(f"{where}: speech.fillers: {clash[0]!r} is also a key of tokens")
    repeats = speech.get("collapse_repeats", False)
    if not isinstance(repeats, bool):
        raise NormalizeError(f"{where}: speech.collapse_repeats: must be true or false")
    return SpellingTable(out, frozenset(fillers), repeats)


def load_table(path: str | Path | None = None) -> SpellingTable:
    """The packaged table, or the file at ``path`` instead of it."""
    if path is None:
        where = "normalize.toml"
        doc = tomllib.loads(resources.files("cxaudit.data").joinpath("normalize.toml").read_text(encoding="utf-8"))
    else:
        where = str(path)
        try:
            doc = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise NormalizeError(f"{where}: {exc}") from None
    return parse_table(doc, where)
