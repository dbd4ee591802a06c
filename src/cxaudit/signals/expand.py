"""Rewrite regexes that are really finite word lists into plain alternations.

``\\b(?:bills?|billing|can['’]t)\\b`` matches exactly the strings bill, bills, billing,
can't, can’t. Written as a plain alternation of literals, the pipeline's Aho-Corasick
prefilter matches it alone, without running a regex (see `prefilter.literal_words`). The
rewrite keeps the matched language (up to leftmost-longest overlap resolution, which the
PatternSet applies anyway), so spans and hits do not change.
"""

from __future__ import annotations

import re
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as P  # type: ignore[attr-defined]

from .base import Pattern

MAX_WORDS = 512


def _expand(seq) -> list[str] | None:
    outs = [""]
    for op, av in seq:
        if op is C.LITERAL:
            alts = [chr(av)]
        elif op is C.IN:
            alts = []
            for iop, iav in av:
                if iop is not C.LITERAL:
                    return None
                alts.append(chr(iav))
        elif op is C.SUBPATTERN:
            alts = _expand(av[-1])
        elif op is C.BRANCH:
            alts = []
            for a in av[1]:
                sub = _expand(a)
                if sub is None:
                    return None
                alts.extend(sub)
        elif op is C.MAX_REPEAT and av[0] == 0 and av[1] == 1:
            sub = _expand(av[2])
            alts = None if sub is None else [""] + sub
        else:
            return None
        if alts is None:
            return None
        outs = [o + a for o in outs for a in alts]
        if len(outs) > MAX_WORDS:
            return None
    return outs


def expand_literal(regex: str) -> str | None:
    """A plain ``\\b(?:w1|w2|...)\\b`` equivalent of `regex`, or None when it is not a finite word list."""
    try:
        seq = list(P.parse(regex, re.IGNORECASE))
    except re.error:
        return None
    left = right = ""
    if seq and seq[0] == (C.AT, C.AT_BOUNDARY):
        left, seq = r"\b", seq[1:]
    if seq and seq[-1] == (C.AT, C.AT_BOUNDARY):
        right, seq = r"\b", seq[:-1]
    words = _expand(seq)
    if not words or any(not w for w in words):
        return None
    if any(len(w) != len(w.upper().lower()) for w in words):
        return None
    uniq = sorted(dict.fromkeys(words), key=lambda w: (-len(w), w))
    return f"{left}(?:{'|'.join(re.escape(w) for w in uniq)}){right}"


def expand_patterns(patterns: tuple[Pattern, ...]) -> tuple[Pattern, ...]:
    out = []
    for p in patterns:
        rx = expand_literal(p.regex)
        out.append(p if rx is None or rx == p.regex else Pattern(p.name, rx, p.weight, p.negatable))
    return tuple(out)
