"""Aho-Corasick prefilter for regex patterns: one pass per message for every signal family.

Python's `re` tries every branch of a big alternation at every position, which is slow. Each
pattern is parsed once:

- a pure word list (``\\b(?:lol|tbh|u)\\b``, ``sorry``) is matched entirely by Aho-Corasick,
  with word boundaries checked on the hit;
- any other pattern yields literal "triggers" one of which every match must contain; only
  patterns whose triggers occur are run as regexes;
- a pattern with no usable trigger always runs.

One automaton serves every pattern set of a pipeline, so a message is lowercased and scanned
once, whatever the number of families and patterns.
"""

from __future__ import annotations

import re
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as P  # type: ignore[attr-defined]
from typing import Sequence

import ahocorasick

MIN_TRIGGER = 2  # shorter triggers fire on nearly every text; a single non-ASCII char (emoji) is fine
MAX_TRIGGERS = 4096
_REPEATS = tuple(x for x in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)) if x is not None)


def _seq_triggers(seq) -> set[str] | None:
    """Required literal alternatives for a parsed sequence (None: nothing required)."""
    best: set[str] | None = None
    run: list[str] = []

    def consider(cands: set[str] | None) -> None:
        nonlocal best
        if not cands or any(len(c) < MIN_TRIGGER and not (len(c) == 1 and ord(c) > 127) for c in cands) or len(cands) > MAX_TRIGGERS:
            return
        if best is None or min(map(len, cands)) > min(map(len, best)):
            best = cands

    for op, av in seq:
        if op is C.LITERAL:
            run.append(chr(av).lower())
            continue
        if run:
            consider({"".join(run)})
            run = []
        sub: set[str] | None = None
        if op is C.SUBPATTERN:
            sub = _seq_triggers(av[-1])
        elif op is C.BRANCH:
            alts = [_seq_triggers(a) for a in av[1]]
            if all(a for a in alts):
                sub = set().union(*alts)  # type: ignore[arg-type]
        elif op in _REPEATS and av[0] >= 1:
            sub = _seq_triggers(av[2])
        elif op is getattr(C, "ATOMIC_GROUP", None):
            sub = _seq_triggers(av)
        consider(sub)
    if run:
        consider({"".join(run)})
    return best


def triggers_for(regex: str) -> set[str] | None:
    """Literal strings (lowercase) one of which every match of `regex` contains, or None."""
    try:
        parsed = P.parse(regex, re.IGNORECASE)
    except re.error:
        return None
    return _seq_triggers(list(parsed))


def _literal_seq(seq) -> list[str] | None:
    """A sequence made only of literals and literal alternations -> all its strings."""
    outs = [""]
    for op, av in seq:
        if op is C.LITERAL:
            ch = chr(av).lower()
            outs = [o + ch for o in outs]
        elif op is C.SUBPATTERN:
            sub = _literal_seq(av[-1])
            if sub is None:
                return None
            outs = [o + s for o in outs for s in sub]
        elif op is C.BRANCH:
            alts = []
            for a in av[1]:
                sub = _literal_seq(a)
                if sub is None:
                    return None
                alts.extend(sub)
            outs = [o + s for o in outs for s in alts]
        else:
            return None
        if len(outs) > 512:
            return None
    return outs


def literal_words(regex: str) -> tuple[list[str], bool, bool] | None:
    """(words, left boundary, right boundary) when `regex` is a pure (bounded) word list."""
    if "(?-i" in regex:  # case-sensitive: leave it to the regex
        return None
    try:
        seq = list(P.parse(regex, re.IGNORECASE))
    except re.error:
        return None
    left = right = False
    if seq and seq[0] == (C.AT, C.AT_BOUNDARY):
        left, seq = True, seq[1:]
    if seq and seq[-1] == (C.AT, C.AT_BOUNDARY):
        right, seq = True, seq[:-1]
    words = _literal_seq(seq)
    if not words or any(not w for w in words):
        return None
    # Case folding must not change lengths, or spans on the lowercased text would drift.
    if any(len(w) != len(w.upper().lower()) for w in words):
        return None
    return words, left, right


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


class Prefilter:
    """Maps a lowercased text to, per pattern set, the regexes to run and the literal hits."""

    def __init__(self, sets: Sequence[Sequence[str]]):
        self.n_sets = len(sets)
        self.always: list[list[int]] = [[] for _ in sets]
        literal: dict[str, list[tuple[int, int, int, bool, bool]]] = {}
        trig: dict[str, set[tuple[int, int]]] = {}
        for s, regexes in enumerate(sets):
            for i, rx in enumerate(regexes):
                lw = literal_words(rx)
                if lw is not None:
                    words, lb, rb = lw
                    for w in dict.fromkeys(words):
                        literal.setdefault(w, []).append((s, i, len(w), lb, rb))
                    continue
                t = triggers_for(rx)
                if not t:
                    self.always[s].append(i)
                    continue
                for x in t:
                    trig.setdefault(x, set()).add((s, i))
        # Triggers only need to be seen once: their automaton maps to an id, and the set of
        # ids seen is expanded afterwards. Literal words need their positions.
        # Per trigger: ((set, bitmask of its patterns), ...), so a hit costs one OR per set.
        self._trig_targets: list[tuple[tuple[int, int], ...]] = []
        self.trig_auto = ahocorasick.Automaton() if trig else None
        for x, targets in trig.items():
            masks: dict[int, int] = {}
            for s_, i in targets:
                masks[s_] = masks.get(s_, 0) | (1 << i)
            self.trig_auto.add_word(x, len(self._trig_targets))  # type: ignore[union-attr]
            self._trig_targets.append(tuple(sorted(masks.items())))
        if self.trig_auto is not None:
            self.trig_auto.make_automaton()
        self.lit_auto = ahocorasick.Automaton() if literal else None
        for w, vals in literal.items():
            self.lit_auto.add_word(w, tuple(vals))  # type: ignore[union-attr]
        if self.lit_auto is not None:
            self.lit_auto.make_automaton()

    def scan(self, lower: str, exact: bool = True) -> dict[int, list]:
        """Per set that was hit: [bitmask of pattern indices whose regex must run, literal
        hits (start, end, index)]. Sets absent from the result had no hit; always-run
        patterns are not included (the pattern set adds its own).

        `exact` says the lowercased text has the original's length (spans line up); when it
        does not, literal patterns are run as regexes instead.
        """
        out: dict[int, list] = {}
        if self.trig_auto is not None:
            targets = self._trig_targets
            for tid in {v for _e, v in self.trig_auto.iter(lower)}:
                for s, mask in targets[tid]:
                    e = out.get(s)
                    if e is None:
                        out[s] = [mask, []]
                    else:
                        e[0] |= mask
        if self.lit_auto is not None:
            n = len(lower)
            for end, vals in self.lit_auto.iter(lower):
                for s, i, wlen, lb, rb in vals:
                    e = out.get(s)
                    if e is None:
                        e = out[s] = [0, []]
                    if not exact:
                        e[0] |= 1 << i
                        continue
                    start = end - wlen + 1
                    if lb and start > 0 and _is_word_char(lower[start - 1]):
                        continue
                    if rb and end + 1 < n and _is_word_char(lower[end + 1]):
                        continue
                    e[1].append((start, end + 1, i))
        return out


def mask_indices(mask: int) -> list[int]:
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out
