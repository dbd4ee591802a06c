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
from functools import reduce
from operator import itemgetter, or_

_SECOND = itemgetter(1)

MIN_TRIGGER = 2  # shorter triggers fire on nearly every text; a single non-ASCII char (emoji) is fine
MAX_TRIGGERS = 4096
_REPEATS = tuple(x for x in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)) if x is not None)


MAX_SLOTS = 3  # a pattern runs only when a literal of each of up to 3 required elements occurs
_CLASS_MAX = 8  # a character class of at most this many characters is expanded into literals
_RARE_SINGLE = frozenset("^*~<>:;=|@#$%&+")  # single characters rare enough to be a trigger


def _usable(cands: set[str] | None, singles: bool = False) -> bool:
    if not cands or len(cands) > MAX_TRIGGERS:
        return False
    if singles:  # any one-character literal will do (a guard, not an automaton trigger)
        return True
    for c in cands:
        if len(c) < MIN_TRIGGER and not (len(c) == 1 and (ord(c) > 127 or c in _RARE_SINGLE)):
            return False
    return True


def _class_chars(av) -> list[str] | None:
    """The characters of a small character class made of literals only, else None."""
    out: list[str] = []
    for op, v in av:
        if op is C.LITERAL:
            out.append(chr(v).lower())
        else:
            return None
    out = list(dict.fromkeys(out))
    return out if 0 < len(out) <= _CLASS_MAX else None


def _seq_required(seq, singles: bool = False) -> list[set[str]]:
    """Sets of literals (lowercase) required by a parsed sequence: every match contains one
    literal of EACH returned set. Best (longest shortest literal) first."""
    found: list[set[str]] = []
    run: list[str] = []

    def consider(cands: set[str] | None) -> None:
        if _usable(cands, singles):
            found.append(cands)  # type: ignore[arg-type]

    for op, av in seq:
        if op is C.LITERAL:
            run.append(chr(av).lower())
            continue
        if op is C.IN:
            chars = _class_chars(av)
            if chars is not None:
                if run:
                    consider({"".join(run)})
                    run = []
                consider(set(chars))
                continue
        if run:
            consider({"".join(run)})
            run = []
        sub: set[str] | None = None
        if op is C.SUBPATTERN:
            sub = _seq_triggers(av[-1], singles)
        elif op is C.BRANCH:
            alts = [_seq_triggers(a, singles) for a in av[1]]
            if all(a for a in alts):
                sub = set().union(*alts)  # type: ignore[arg-type]
        elif op in _REPEATS and av[0] >= 1:
            sub = _seq_triggers(av[2], singles)
        elif op is getattr(C, "ATOMIC_GROUP", None):
            sub = _seq_triggers(av, singles)
        consider(sub)
    if run:
        consider({"".join(run)})
    found.sort(key=lambda c: -min(map(len, c)))
    return found


def _seq_triggers(seq, singles: bool = False) -> set[str] | None:
    """The best single set of required literal alternatives for a parsed sequence, or None."""
    req = _seq_required(seq, singles)
    return req[0] if req else None


def triggers_for(regex: str) -> set[str] | None:
    """Literal strings (lowercase) one of which every match of `regex` contains, or None."""
    try:
        parsed = P.parse(regex, re.IGNORECASE)
    except re.error:
        return None
    return _seq_triggers(list(parsed))


_MAX_ALTERNATIVES = 16


def _alternatives(regex: str) -> list[list]:
    """The parsed sequences of a regex's top-level alternatives (one when it has none).
    Items before and after the alternation (a shared prefix the parser factored out, a
    trailing \\b) belong to every alternative."""
    try:
        seq = list(P.parse(regex, re.IGNORECASE))
    except re.error:
        return []
    while len(seq) == 1 and seq[0][0] is C.SUBPATTERN:  # (?:a|b) around everything
        seq = list(seq[0][1][-1])
    branches = [k for k, (op, _av) in enumerate(seq) if op is C.BRANCH]
    if len(branches) != 1:
        return [seq]
    k = branches[0]
    alts = seq[k][1][1]
    if len(alts) > _MAX_ALTERNATIVES:
        return [seq]
    return [seq[:k] + list(a) + seq[k + 1:] for a in alts]


def _required(seq: list, limit: int = MAX_SLOTS) -> list[set[str]]:
    out: list[set[str]] = []
    for cands in _seq_required(seq):
        if cands not in out:
            out.append(cands)
        if len(out) == limit:
            break
    return out


def guard_chars(regex: str) -> frozenset[str] | None:
    """For a pattern with no usable trigger: the characters (lowercase) one of which every match
    contains, when each literal is a single character ("-", "/"), else None. A text with none of
    them cannot match, which one `in` test per character tells."""
    try:
        parsed = P.parse(regex, re.IGNORECASE)
    except re.error:
        return None
    req = _seq_required(list(parsed), singles=True)
    for cands in req:
        chars = {c[0] for c in cands}  # any longer literal contains its first character
        if len(chars) <= 8:
            return frozenset(chars)
    return None


def required_triggers(regex: str, limit: int = MAX_SLOTS) -> list[set[str]]:
    """Up to `limit` sets of literals that every match of `regex` contains one of EACH
    (a conjunction), best first; [] when nothing is required."""
    try:
        parsed = P.parse(regex, re.IGNORECASE)
    except re.error:
        return []
    return _required(list(parsed), limit)


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
        trig: dict[str, set[tuple[int, int, int]]] = {}
        # per set and slot: patterns with no requirement in that slot (always satisfied)
        self._free: list[list[int]] = [[0] * MAX_SLOTS for _ in sets]
        self._real: list[list[int]] = [[] for _ in sets]
        for s, regexes in enumerate(sets):
            for i, rx in enumerate(regexes):
                lw = literal_words(rx)
                if lw is not None:
                    words, lb, rb = lw
                    for w in dict.fromkeys(words):
                        # a boundary before a literal that opens with a word character needs a
                        # non-word character before it, and one before "'s a no-go" a word character
                        lbx = (1 if _is_word_char(w[0]) else 2) if lb else 0
                        rbx = (1 if _is_word_char(w[-1]) else 2) if rb else 0
                        literal.setdefault(w, []).append((s, i, len(w), lbx, rbx))
                    continue
                # A pattern that is an alternation at the top is one "virtual" pattern per
                # alternative, each with its own required literals; any of them runs it.
                reqs = [_required(alt) for alt in _alternatives(rx)]
                if not reqs or not all(reqs):
                    self.always[s].append(i)
                    continue
                for req in reqs:
                    v = len(self._real[s])
                    self._real[s].append(i)
                    for slot, t in enumerate(req):
                        for x in t:
                            trig.setdefault(x, set()).add((s, slot, v))
                    for slot in range(len(req), MAX_SLOTS):
                        self._free[s][slot] |= 1 << v
        # Every virtual pattern of every set gets one global bit position; each trigger carries
        # three "plane" masks (the patterns for which it satisfies slot 0, 1 or 2), so a scan is
        # three ORs over the triggers seen and one AND across the planes, in C.
        self._glob: list[tuple[int, int]] = []  # global bit -> (set, real index)
        offsets = []
        for s_, real in enumerate(self._real):
            offsets.append(len(self._glob))
            self._glob.extend((s_, i) for i in real)
        self._free1 = self._free2 = 0
        for s_, f in enumerate(self._free):
            self._free1 |= f[1] << offsets[s_]
            self._free2 |= f[2] << offsets[s_]
        # The three planes of a trigger are packed into one int (plane k at bit k * width), so
        # a scan ORs the automaton's values as they come, with no set and one reduce.
        width = self._width = max(1, len(self._glob))
        self._plane_mask = (1 << width) - 1
        self.trig_auto = ahocorasick.Automaton() if trig else None
        for x, targets in trig.items():
            packed = 0
            for s_, slot, v in targets:
                packed |= 1 << (slot * width + offsets[s_] + v)
            self.trig_auto.add_word(x, packed)  # type: ignore[union-attr]
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
            acc = reduce(or_, map(_SECOND, self.trig_auto.iter(lower)), 0)
            if acc:
                w, pm = self._width, self._plane_mask
                cand = (acc & pm) & ((acc >> w) & pm | self._free1) & ((acc >> (2 * w)) | self._free2)
                if cand:
                    glob = self._glob
                    for g in mask_indices(cand):
                        s, i = glob[g]
                        e = out.get(s)
                        if e is None:
                            out[s] = [1 << i, []]
                        else:
                            e[0] |= 1 << i
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
                    if lb and (start > 0 and _is_word_char(lower[start - 1])) is (lb == 1):
                        continue
                    if rb and (end + 1 < n and _is_word_char(lower[end + 1])) is (rb == 1):
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
