"""The signal framework: named, weighted patterns, recognizers, and the per-message result.

A recognizer is one small class: a signal name, the roles it applies to, and named,
weighted patterns compiled into ONE alternation, so each message is scanned once per
signal family. Every hit keeps its pattern name and span, so findings can quote it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from ..records import EMPTY, Message

if TYPE_CHECKING:
    from .normalize import Normalized, Normalizer

# Negators looked for just before a hit ("not sorry", "I'm not cancelling", "never promised").
NEGATION_RE = re.compile(
    r"(?:\b(?:not|no|never|nor|without|hardly|barely|cannot|nothing|nobody|isnt|dont|doesnt|didnt|wont|cant|aint)\b|n['’]t\b)"
    r"(?:[^\w.,;:!?]+(?!(?:and|but|so|because|then|yet)\b)\w+){0,2}[^\w.,;:!?]*$",  # the scope ends at clause punctuation or a conjunction
    re.IGNORECASE,
)


_SUBJECT_START = re.compile(r"(?:i|we)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Hit:
    """One pattern that fired in one message."""

    signal: str
    pattern: str
    start: int
    end: int
    weight: float
    negated: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"signal": self.signal, "pattern": self.pattern, "start": self.start, "end": self.end, "weight": self.weight, "negated": self.negated}


@dataclass(frozen=True, slots=True)
class Pattern:
    name: str
    regex: str
    weight: float = 1.0
    negatable: bool = True  # a preceding negator cancels it


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _boundary(text: str, i: int) -> bool:
    """True where `\\b` would match at position i."""
    before = i > 0 and _is_word(text[i - 1])
    after = i < len(text) and _is_word(text[i])
    return before != after


def _leading_boundary(regex: str) -> bool:
    """True when the pattern as a whole starts with \\b (not just its first alternative)."""
    if not regex.startswith("\\b"):
        return False
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]

    seq = list(P.parse(regex, re.IGNORECASE))
    return bool(seq) and seq[0] == (C.AT, C.AT_BOUNDARY)


from .prefilter import guard_chars, mask_indices  # noqa: E402


class ScanState:
    """The shared prefilter's result for the message being analysed (one per pipeline)."""

    __slots__ = ("text", "lower", "found")

    def __init__(self) -> None:
        self.text: str | None = None
        self.lower = ""
        self.found: dict = {}


class PatternSet:
    """Named, weighted patterns matched case-insensitively, found with one prefilter pass.

    Each pattern compiles on its own; an Aho-Corasick prefilter over the lowercased text
    (see `prefilter.py`) picks the few that can match (pure word lists are matched by the
    automaton alone). Inside a SignalPipeline all pattern sets share one automaton, so a
    message is scanned once for every family. Overlapping matches resolve leftmost-longest
    (so a longer negative pattern like "sorry to bother" beats "sorry"). A hit preceded,
    within two words, by a negator is marked `negated` unless the pattern says otherwise.
    """

    def __init__(self, signal: str, patterns: Sequence[Pattern], prefer_stronger: bool = True):
        from .prefilter import Prefilter

        self.signal = signal
        self.prefer_stronger = prefer_stronger  # False where weights are valences (sentiment phrases)
        self.patterns = tuple(patterns)
        compiled = []
        for p in self.patterns:
            try:
                compiled.append(re.compile(p.regex, re.IGNORECASE))
            except re.error as exc:
                raise ValueError(f"signal {signal!r}: pattern {p.name!r} is not a valid regex: {exc}") from None
        self._compiled = tuple(compiled)
        # Fast variants for the lowercased text: no IGNORECASE (unless the source has upper-case
        # literals) and no leading \b (checked on the hit instead), so `re` can use its
        # literal-prefix search instead of trying every position.
        fast = []
        for p in self.patterns:
            rx = p.regex
            if "(?-i" in rx:  # case-sensitive parts need the original text
                fast.append(None)
                continue
            left = _leading_boundary(rx)
            body = rx[2:] if left else rx
            flags = re.IGNORECASE if re.search(r"[A-Z]", re.sub(r"\\.", "", body)) else 0
            fast.append((re.compile(body, flags), left))
        self._fast: tuple[tuple[re.Pattern, bool] | None, ...] = tuple(fast)
        self._own = Prefilter([[p.regex for p in self.patterns]])
        self._always_mask = sum(1 << i for i in self._own.always[0])
        # a pattern with no trigger still needs one of a few characters ("-" in "s-l-o-w")
        self._always_guards = tuple((1 << i, guard_chars(self.patterns[i].regex)) for i in self._own.always[0])
        self._state: ScanState | None = None  # set by a SignalPipeline that shares its scan

    def regexes(self) -> list[str]:
        return [p.regex for p in self.patterns]

    def scan(self, text: str) -> list[Hit]:
        if not text or not self.patterns:
            return []
        st = self._state
        if st is not None and st.text is text:
            lower = st.lower
            entry = st.found.get(self)
        else:
            lower = text.lower()
            entry = self._own.scan(lower, len(lower) == len(text)).get(0)
        always = self._always_mask
        if always:
            always = 0
            for bit, chars in self._always_guards:
                if chars is None or any(c in lower for c in chars):
                    always |= bit
        if entry is None:
            if not always:
                return []
            mask, found_lit = always, ()
        else:
            mask, found_lit = entry
            mask |= always
        cands = mask_indices(mask) if mask else ()
        if not cands and not found_lit:
            return []
        found: list[tuple[int, int, int]] = [(s, -e, i) for s, e, i in found_lit]
        if len(lower) == len(text):
            fast = self._fast
            for i in cands:
                if fast[i] is None:
                    for m in self._compiled[i].finditer(text):
                        if m.end() > m.start():
                            found.append((m.start(), -m.end(), i))
                    continue
                rx, left = fast[i]
                for m in rx.finditer(lower):
                    s, e = m.span()
                    if e > s and (not left or _boundary(lower, s)):
                        found.append((s, -e, i))
        else:
            compiled = self._compiled
            for i in cands:
                for m in compiled[i].finditer(text):
                    s, e = m.span()
                    if e > s:
                        found.append((s, -e, i))
        if not found:
            return []
        found.sort()
        pats = self.patterns
        # leftmost-longest, except that a stronger cue overlapping a weaker positive one replaces
        # it ("you'll need to contact" 0.6 inside "you'll need to contact X directly" 1.0); an
        # absorber (weight <= 0) is never replaced, so it still cancels what it covers
        chosen: list[tuple[int, int, int]] = []
        last_end = -1
        for s, neg_e, i in found:
            e = -neg_e
            if s < last_end:
                ps, pe, pi = chosen[-1]
                w = pats[pi].weight
                if self.prefer_stronger and 0 < w < pats[i].weight:
                    chosen[-1] = (s, e, i)
                    last_end = e
                continue
            chosen.append((s, e, i))
            last_end = e
        hits = []
        for s, e, i in chosen:
            p = pats[i]
            # a hit that opens with its own subject ("I'm switching", "we will call") starts a new
            # clause: a negator before it ("if this isn't fixed I'm switching") is not its own
            negated = bool(p.negatable and s and not _SUBJECT_START.match(text, s) and NEGATION_RE.search(text, max(0, s - 40), s))
            hits.append(Hit(self.signal, p.name, s, e, p.weight, negated))
        return hits

    def score(self, hits: Iterable[Hit]) -> float:
        return sum(h.weight for h in hits if not h.negated)


@dataclass(frozen=True, slots=True)
class MessageSignals:
    """Everything read from one message. Fields not meant for the author's role are None."""

    message_id: str
    role: str
    sentiment: float | None = None
    sentiment_label: str | None = None
    formality: float | None = None
    informal: bool | None = None
    # company-side
    apology: bool | None = None
    refusal: bool | None = None
    handoff: bool | None = None
    promise: bool | None = None
    auto_ack: bool | None = None  # an automatic "we received your message" (not a reply)
    bot_failure: bool | None = None  # a bot that did not understand / cannot help
    retention: bool | None = None  # acknowledges a wish to leave or tries to make it right
    # customer-side
    complaint: bool | None = None
    churn_threat: bool | None = None
    human_request: bool | None = None
    repeat_cue: bool | None = None  # "as I said", "still waiting", "third time"
    redirected: bool | None = None  # "I was told to contact you", "they sent me here"
    promise_broken_claim: bool | None = None  # "you promised to call and never did"
    closing: bool | None = None  # "thanks, that's all", "perfect, bye": needs no reply
    # both
    issues: tuple[str, ...] = ()
    hits: tuple[Hit, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=lambda: EMPTY)

    def hits_for(self, signal: str, include_negated: bool = False) -> tuple[Hit, ...]:
        return tuple(h for h in self.hits if h.signal == signal and (include_negated or not h.negated))

    def first_hit(self, signal: str) -> Hit | None:
        for h in self.hits:
            if h.signal == signal and not h.negated:
                return h
        return None


# The per-message output fields FORMAT.md names for messages.jsonl, in order.
OUTPUT_FIELDS = (
    "sentiment", "sentiment_label", "apology", "formality", "informal", "refusal", "complaint",
    "churn_threat", "human_request", "handoff", "promise", "issues",
)


class Recognizer:
    """Base class: fills one or more MessageSignals fields from a message's text.

    Subclasses set `name` (the signal), `roles` (the author roles it applies to; for other
    roles the field stays None) and `provides` (the MessageSignals fields it sets), and
    implement `recognize(message, text)` returning (values, hits).
    """

    name: str = ""
    roles: frozenset[str] = frozenset({"customer", "agent", "bot", "system"})
    provides: tuple[str, ...] = ()
    # Optional fast path: (pattern set, values) when the recognizer's result is exactly
    # `values` whenever the shared prefilter found nothing for that set.
    quiet: tuple[PatternSet, dict[str, Any]] | None = None
    # True: read the author's spelling as typed (register signals); False: read the message
    # after the spelling table (signals/normalize.py), with hit spans mapped back
    reads_raw_text: bool = False

    def recognize(self, message: Message) -> tuple[dict[str, Any], list[Hit]]:  # pragma: no cover - interface
        raise NotImplementedError


def _remap(hit: Hit, norm: "Normalized") -> Hit:
    s, e = norm.original(hit.start, hit.end)
    return Hit(hit.signal, hit.pattern, s, e, hit.weight, hit.negated)


class SignalPipeline:
    """Runs every recognizer once over each message and assembles the MessageSignals."""

    def __init__(self, recognizers: Sequence[Recognizer], normalizer: "Normalizer | None" = None):
        self.recognizers = tuple(recognizers)
        self.normalizer = normalizer
        fields = set(MessageSignals.__dataclass_fields__)
        for r in self.recognizers:
            for f in r.provides:
                if f not in fields and not f.startswith("x_"):
                    raise ValueError(f"recognizer {r.name!r} provides unknown field {f!r} (plugin fields start with 'x_')")

        # One shared automaton per author role over the PatternSets that role's recognizers hold.
        from .prefilter import Prefilter

        self._state = ScanState()
        self._by_role: dict[str, tuple[tuple[Recognizer, ...], list[PatternSet], Prefilter | None]] = {}
        for role in ("customer", "agent", "bot", "system"):
            recs = tuple(r for r in self.recognizers if role in r.roles)
            sets: list[PatternSet] = []
            for r in recs:
                for v in vars(r).values():
                    cands = v if isinstance(v, (list, tuple)) else (v,)
                    sets.extend(x for x in cands if isinstance(x, PatternSet) and x not in sets)
            for ps in sets:
                ps._state = self._state
            pf = Prefilter([ps.regexes() for ps in sets]) if sets else None
            self._by_role[role] = (recs, sets, pf)

    @property
    def provides(self) -> frozenset[str]:
        return frozenset(f for r in self.recognizers for f in r.provides)

    def analyze(self, message: Message) -> MessageSignals:
        values: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        hits: list[Hit] = []
        role = message.role
        raw = message
        norm = self.normalizer(message.text) if self.normalizer is not None else None
        if norm is not None:
            message = replace(message, text=norm.text)
        text = message.text
        recs, sets, pf = self._by_role[role]
        st = self._state
        if sets and sets[0]._state is not st:  # another pipeline shares these sets: take them back
            for _r, role_sets, _p in self._by_role.values():
                for ps in role_sets:
                    ps._state = st
        if pf is not None and text:
            lower = text.lower()
            st.found = {sets[i]: v for i, v in pf.scan(lower, len(lower) == len(text)).items()}
            st.lower = lower
            st.text = text
        else:
            st.text = None
            st.found = {}
        found = st.found
        for r in recs:
            if norm is not None and r.reads_raw_text:
                vals, h = r.recognize(raw)  # its pattern sets scan the original on their own
            else:
                quiet = r.quiet
                if quiet is not None and quiet[0] not in found:
                    values.update(quiet[1])  # none of its patterns can match: skip the call
                    continue
                vals, h = r.recognize(message)
                if norm is not None and h:
                    h = [_remap(x, norm) for x in h]
            for k, v in vals.items():
                if k.startswith("x_"):
                    extra[k] = v
                else:
                    values[k] = v
            hits.extend(h)
        if hits:
            hits.sort(key=lambda h: (h.start, h.end, h.signal))
            values["hits"] = tuple(hits)
        if extra:
            values["extra"] = extra
        return MessageSignals(message.id, role, **values)
