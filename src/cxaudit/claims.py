"""Typed claims: checkable statements read from company messages, content and policies.

A claim says something about a subject that can be compared with another claim about the
same subject: the reason an order was cancelled, a refund amount, whether a payment method
is accepted, the price of a service, an order status, a date. Every claim keeps its record
id and the span it was read from (``quote == text[start:end]``), so findings can quote it.

The vocabulary is data (``data/claims.toml``), validated at load with errors that name the
bad key; each family of patterns is compiled into one alternation and each text is scanned
once per family.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping

from .records import Content, Event, Message, Policy

__all__ = [
    "Claim", "ClaimVocabulary", "ClaimsError", "Mention", "load_vocabulary", "default_vocabulary",
    "extract_claims", "claims_of", "subject_mentions", "correction_span", "change_date",
    "parse_money", "sentences",
]

SERVICE_KINDS = ("service", "fee", "price")
_TOP_KEYS = {"version", "claim_types", "subjects", "amount_subjects", "reasons", "reason_events", "statuses", "cues"}
_CUE_KEYS = {"negative", "restricted", "universal", "positive", "past", "change", "correction"}
_CLAIM_TYPES = ("reason", "amount", "price", "date", "deadline", "availability", "status", "threshold", "receipt", "method", "decision")


class ClaimsError(ValueError):
    """The claim vocabulary is wrong; the message names the key."""


# --------------------------------------------------------------------------- the claim


@dataclass(frozen=True, slots=True)
class Claim:
    """One checkable statement.

    ``type``: reason, amount, price, date, deadline, availability, status, threshold.
    ``subject``: what it is about (``payment_method:mastercard``, ``upgrade_fee``,
    ``refund``, ``cancellation_reason``, ``order_status``, ``delivery_date`` ...).
    ``value``: the category, amount (float), ISO date or state; ``polarity``: False when the
    statement denies it ("not an inventory issue", "MasterCard is no longer accepted").
    ``scope``: ``universal`` ("on every upgrade"), ``restricted`` ("only for Unlimited
    Plus") or empty. ``tense``: ``past`` for a value said to be the old one.
    """

    type: str
    subject: str
    value: Any
    polarity: bool
    record_id: str
    record_kind: str
    start: int
    end: int
    quote: str
    time: datetime | None = None
    order_id: str | None = None
    scope: str = ""
    tense: str = "current"
    unit: str | None = None
    brand: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type, "subject": self.subject, "value": self.value, "polarity": self.polarity,
            "record_id": self.record_id, "record_kind": self.record_kind, "start": self.start, "end": self.end,
            "quote": self.quote, "time": self.time.isoformat() if self.time else None, "order_id": self.order_id,
            "scope": self.scope, "tense": self.tense, "unit": self.unit,
        }


@dataclass(frozen=True, slots=True)
class Mention:
    """A subject named in a text (for "which customers touched it")."""

    subject: str
    start: int
    end: int


# --------------------------------------------------------------------------- vocabulary


class _Family:
    """One compiled alternation over named patterns; ``names[i]`` names group ``g{i}``."""

    __slots__ = ("rx", "names", "pattern", "_pf", "_last", "_alternatives")

    def __init__(self, rx: re.Pattern[str], names: tuple[str, ...], alternatives: list[str] | None = None):
        from .signals.prefilter import Prefilter

        self.rx = rx
        self.names = names
        self.pattern = rx.pattern
        # Aho-Corasick prefilter: a text containing none of the alternatives' literals cannot
        # match, so the (slow) alternation is not run on it at all.
        self._alternatives = list(alternatives or ())
        pf = Prefilter([alternatives]) if alternatives else None
        self._pf = None if pf is None or pf.always[0] else pf
        self._last: tuple[str | None, bool] = (None, True)

    def _may_match(self, text: str) -> bool:
        if self._pf is None:
            return True
        last = self._last
        if last[0] is text:
            return last[1]
        ok = bool(self._pf.scan(text.lower(), False))
        self._last = (text, ok)
        return ok

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        if not self._may_match(text):
            return None
        return self.rx.search(text, pos, len(text) if endpos is None else endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None):
        if not self._may_match(text):
            return iter(())
        return self.rx.finditer(text, pos, len(text) if endpos is None else endpos)


def _compile_family(where: str, named: Mapping[str, Iterable[str]]) -> _Family | None:
    parts = []
    names: list[str] = []
    for name, pats in named.items():
        for i, rx in enumerate(pats):
            try:
                re.compile(rx)
            except re.error as exc:
                raise ClaimsError(f"{where}.{name}[{i}]: not a valid regex: {exc}") from None
            parts.append(f"(?P<g{len(names)}>{rx})")
            names.append(name)
    if not parts:
        return None
    rx = re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w])", re.IGNORECASE)
    return _Family(rx, tuple(names), [rx_ for pats in named.values() for rx_ in pats])


def _scan(rx: _Family | None, text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
    if rx is None:
        return []
    names = rx.names
    out = []
    for m in rx.finditer(text, start, end):
        if m.start() == m.end():
            continue
        out.append((names[int(m.lastgroup[1:])], m.start(), m.end()))
    return out


def _str_list(where: str, v: Any) -> list[str]:
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise ClaimsError(f"{where}: expected a list of regex strings")
    return v


@dataclass(frozen=True)
class ClaimVocabulary:
    payment_methods: _Family | None
    services: _Family | None
    service_kinds: Mapping[str, str]
    amount_subjects: _Family | None
    reasons: _Family | None
    reason_events: _Family | None
    statuses: _Family | None
    status_rank: Mapping[str, int]
    cues: Mapping[str, _Family | None]
    claim_types: tuple[str, ...] = _CLAIM_TYPES
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def gate(self) -> tuple[Any, tuple[_Family, ...]]:
        """One prefilter per vocabulary, built on first use: the fixed claim regexes' literal
        hints (sets 0 receipt subject, 1 receipt verb, 2 weekday, 3 month name, 4 currency
        word), then one set per pattern family that has a prefilter of its own. A text is
        lowercased and scanned once; each family's "may it match?" answer is primed from it."""
        from .signals.prefilter import Prefilter

        fams = (self.reason_events, self.statuses, self.payment_methods, self.services, self.reasons, self.amount_subjects, *self.cues.values())
        fams = tuple(dict.fromkeys(f for f in fams if f is not None and f._pf is not None))
        return Prefilter([[p] for p in _GATE_PATTERNS] + [f._alternatives for f in fams]), fams

    @classmethod
    def from_dict(cls, doc: Mapping[str, Any], where: str = "claims") -> "ClaimVocabulary":
        for k in doc:
            if k not in _TOP_KEYS:
                raise ClaimsError(f"{where}: unknown key {k!r} (known: {', '.join(sorted(_TOP_KEYS))})")
        if doc.get("version", 1) != 1:
            raise ClaimsError(f"{where}.version: unsupported version {doc.get('version')!r}")
        ctypes = doc.get("claim_types", {})
        if not isinstance(ctypes, dict):
            raise ClaimsError(f"{where}.claim_types: expected a table")
        for k in ctypes:
            if k not in _CLAIM_TYPES:
                raise ClaimsError(f"{where}.claim_types.{k}: unknown claim type (known: {', '.join(_CLAIM_TYPES)})")
        subjects = doc.get("subjects", {})
        if not isinstance(subjects, dict):
            raise ClaimsError(f"{where}.subjects: expected a table")
        for k in subjects:
            if k not in ("payment_method", "service"):
                raise ClaimsError(f"{where}.subjects.{k}: unknown subject family (known: payment_method, service)")
        pm = {k: _str_list(f"{where}.subjects.payment_method.{k}", v) for k, v in subjects.get("payment_method", {}).items()}
        services: dict[str, list[str]] = {}
        kinds: dict[str, str] = {}
        for k, v in subjects.get("service", {}).items():
            w = f"{where}.subjects.service.{k}"
            if not isinstance(v, dict):
                raise ClaimsError(f"{w}: expected a table with kind and patterns")
            for kk in v:
                if kk not in ("kind", "patterns"):
                    raise ClaimsError(f"{w}.{kk}: unknown key (known: kind, patterns)")
            kind = v.get("kind", "service")
            if kind not in SERVICE_KINDS:
                raise ClaimsError(f"{w}.kind: {kind!r} is not one of {', '.join(SERVICE_KINDS)}")
            services[k] = _str_list(f"{w}.patterns", v.get("patterns"))
            kinds[k] = kind
        amount = {k: _str_list(f"{where}.amount_subjects.{k}", v) for k, v in doc.get("amount_subjects", {}).items()}
        reasons = {k: _str_list(f"{where}.reasons.{k}", v) for k, v in doc.get("reasons", {}).items()}
        revents = {k: _str_list(f"{where}.reason_events.{k}", v) for k, v in doc.get("reason_events", {}).items()}
        st: dict[str, list[str]] = {}
        rank: dict[str, int] = {}
        for k, v in doc.get("statuses", {}).items():
            w = f"{where}.statuses.{k}"
            if not isinstance(v, dict):
                raise ClaimsError(f"{w}: expected a table with rank and patterns")
            for kk in v:
                if kk not in ("rank", "patterns"):
                    raise ClaimsError(f"{w}.{kk}: unknown key (known: rank, patterns)")
            r = v.get("rank")
            if not isinstance(r, int) or isinstance(r, bool):
                raise ClaimsError(f"{w}.rank: expected an integer")
            st[k] = _str_list(f"{w}.patterns", v.get("patterns"))
            rank[k] = r
        cues_doc = doc.get("cues", {})
        for k in cues_doc:
            if k not in _CUE_KEYS:
                raise ClaimsError(f"{where}.cues.{k}: unknown cue family (known: {', '.join(sorted(_CUE_KEYS))})")
        cues = {}
        for k in sorted(_CUE_KEYS):
            pats = _str_list(f"{where}.cues.{k}", cues_doc.get(k, []))
            cues[k] = _compile_family(f"{where}.cues", {k: pats})
        return cls(
            payment_methods=_compile_family(f"{where}.subjects.payment_method", pm),
            services=_compile_family(f"{where}.subjects.service", services),
            service_kinds=kinds,
            amount_subjects=_compile_family(f"{where}.amount_subjects", amount),
            reasons=_compile_family(f"{where}.reasons", reasons),
            reason_events=_compile_family(f"{where}.reason_events", revents),
            statuses=_compile_family(f"{where}.statuses", st),
            status_rank=rank,
            cues=cues,
            raw=dict(doc),
        )


def load_vocabulary(path: str | Path | None = None) -> ClaimVocabulary:
    """Load and validate a claim vocabulary (the packaged one when no path is given)."""
    if path is None:
        text = resources.files("cxaudit.data").joinpath("claims.toml").read_text("utf-8")
        where = "claims.toml"
    else:
        text = Path(path).read_text("utf-8")
        where = str(path)
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ClaimsError(f"{where}: not valid TOML: {exc}") from None
    return ClaimVocabulary.from_dict(doc, where)


@lru_cache(maxsize=1)
def default_vocabulary() -> ClaimVocabulary:
    return load_vocabulary()


# --------------------------------------------------------------------------- text helpers

# a run of four or more dots is an invoice's leader ("Total due ........ $234.00"), not a stop
_SENT_RE = re.compile(r"(?:[^\n.!?]|\.{4,}(?!\s*$)|[.!?](?=[\w,;:]))+(?:[.!?]+|\n|$)|\n")
_CLAUSE_SPLIT = re.compile(r";|\s[–—-]\s|,?\s+\b(?:but|however|whereas|although|though|while)\b|\b(?:so|and then)\s+(?=\w+\s+(?:are|is|were|was|pay|charged)\b)", re.IGNORECASE)
_CUR_WORDS = r"(?:gbp|usd|eur|cad|aud|nzd|sgd|hkd|zar|inr|jpy|chf|aed|sar|qar|kwd|myr|php|ngn|kes|pkr|brl|mxn|pln|sek|nok|dkk|cny|krw|thb|egp|clp|cop|ars|uyu|vnd|twd|ron|bgn|isk|uah|ghs|tzs|ugx|lkr|bdt|idr|ils|czk|huf|bhd|omr|pounds|dollars|euros|rand|rupees)"
# ISO codes written before the amount ("AED 210", "KES 1,500"): upper-case only, so "try 5" is no lira
_CODE_BEFORE = r"(?-i:AED|SAR|QAR|KWD|BHD|OMR|MYR|PHP|NGN|KES|PKR|BRL|MXN|PLN|SEK|NOK|DKK|CNY|KRW|THB|IDR|TRY|EGP|ILS|CZK|HUF|GBP|USD|EUR|CAD|AUD|NZD|SGD|HKD|ZAR|INR|JPY|CHF|CLP|COP|ARS|PEN|UYU|VND|TWD|RON|BGN|ISK|UAH|GHS|TZS|UGX|LKR|BDT)"
_R_MONEY = re.compile(r"(?<!\w)(?:Rs\.?\s?\d|R\d{2})", re.IGNORECASE)
MONEY_RE = re.compile(
    r"(?P<neg>[−-])?(?P<cur>(?:NZ|US|AU|A|CA|C|S|HK)\$|[£$€¥₹]|(?<![\w])Rs\.?(?=\s?\d)|(?<![\w])R(?=\d{2})|(?<![\w])" + _CODE_BEFORE + r"(?=\s?\d))\s?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?(?![.,]?\d)|\d+(?:\.\d{1,2})?)(?![\d%])"
    r"|(?P<num2>\d+(?:\.\d{1,2})?)\s?(?P<cur2>GBP|USD|EUR|CAD|AUD|NZD|SGD|HKD|ZAR|INR|JPY|CHF|(?-i:AED|SAR|QAR|KWD|MYR|PHP|NGN|KES|PKR|BRL|MXN|PLN|SEK|NOK|DKK|CNY|KRW|THB|EGP)|pounds|dollars|euros|rand|rupees)\b",
    re.IGNORECASE,
)
_CUR = {
    "£": "GBP", "$": "USD", "€": "EUR", "¥": "JPY", "₹": "INR", "NZ$": "NZD", "US$": "USD", "AU$": "AUD", "A$": "AUD",
    "CA$": "CAD", "C$": "CAD", "S$": "SGD", "HK$": "HKD", "R": "ZAR", "RS": "INR", "RS.": "INR",
    "POUNDS": "GBP", "DOLLARS": "USD", "EUROS": "EUR", "RAND": "ZAR", "RUPEES": "INR",
}
ORDER_RE = re.compile(r"(?:#\s?|order\s+(?:no\.?|number|#)?\s*)?\b(?=[A-Z0-9-]*\d)(?P<id>[A-Z]{2,}(?:-[A-Z0-9]+)*-[A-Z]?\d{3,}[A-Z0-9]*)\b")
_MONTHS = {m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))}
_MONTH_RX = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
DATE_RE = re.compile(
    rf"\b(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_MONTH_RX})\b\.?(?:,?\s+(?P<y1>\d{{4}}))?"
    rf"|(?P<m2>{_MONTH_RX})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y2>\d{{4}}))?"
    rf"|the\s+(?P<d3>\d{{1,2}})(?:st|nd|rd|th)\b"
    rf"|(?:in\s+|back\s+in\s+)(?P<m4>{_MONTH_RX})\b)",
    re.IGNORECASE,
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY_RE = re.compile(r"\b(?:by|on|this|next|until)\s+(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.IGNORECASE)
_DATE_SUBJECTS = (
    ("refund_date", re.compile(r"\brefund|money back|credited|reimburs", re.IGNORECASE)),
    # an installation or appointment, unless the sentence is about a call ("the team will call you on Tuesday")
    ("appointment_date", re.compile(r"(?s)^(?!.*\b(?:call|ring|phone) you\b).*?\b(?:install(?:ation|er)?s?\b|appointment|engineer|technician|fitting\b)", re.IGNORECASE)),
    ("collection_date", re.compile(r"\bcollect(?:ion|ed|ing)?\b|\bpick(?:-| )?ups?\b|\bpick (?:it|them|the \w+) up\b", re.IGNORECASE)),
    ("delivery_date", re.compile(r"\bdeliver|arriv|\bdue\b|reach you|with you", re.IGNORECASE)),
    ("callback_date", re.compile(r"call (?:you )?back|callback|contact you|be in touch|\b(?:e-?mail|text|message|update|write to|get back to) you\b|\bconfirm again\b", re.IGNORECASE)),
    ("dispatch_date", re.compile(r"\bship(?:s|ped|ping)?\b|\bdispatch(?:es|ed|ing)?\b|\bsent out\b|\bleaves? (?:our|the) (?:warehouse|depot|workshop)|\bon (?:the|a|our) (?:truck|lorry|van|wagon) for\b", re.IGNORECASE)),
    # when a course, tenancy, membership or service begins ("Start date: Monday 3 March", "will begin on")
    ("start_date", re.compile(r"\b(?:start(?:s|ing)?(?: date)?|begin(?:s|ning)?|commenc\w+)\b(?! (?:to|using|working|again)\b)", re.IGNORECASE)),
)
# A date named by its label just before it ("the earliest ship date we have been given is April
# 24", "Delivery date: 3 May"): the label decides the subject, whatever else the sentence says.
_DATE_LABEL_RE = re.compile(r"\b(?P<label>ship(?:ping)?|dispatch|delivery|arrival|start|collection|installation|refund) date\b[^.;!?\d]{0,40}$", re.IGNORECASE)
_DATE_LABEL_SUBJECT = {"ship": "dispatch_date", "shipping": "dispatch_date", "dispatch": "dispatch_date", "delivery": "delivery_date", "arrival": "delivery_date",
                       "start": "start_date", "collection": "collection_date", "installation": "appointment_date", "refund": "refund_date"}
_IF_BY_RE = re.compile(r"\b(?:if|unless)\s+(?:it|they|the\s+\w+|your\s+\w+|this|that)\s+(?:has(?:n['’]t| not)|have(?:n['’]t| not)|does(?:n['’]t| not)|is(?:n['’]t| not)|are(?:n['’]t| not)|still\s+has(?:n['’]t| not))\s+(?:\w+\s+){0,2}?by\s*$", re.IGNORECASE)
_DEADLINE_RE = re.compile(
    r"\b(?:please|must|need to|needs to|has to|have to)\b[^.!?\n]{0,80}\bby\s*$"
    # a condition on acting in time: "guaranteed a room as long as they apply by 30 June"
    r"|\b(?:as long as|provided(?: that)?|if|who|once) (?:you |they |he |she |applicants? |students? |customers? |members? )?(?:apply|applies|register|registers|enrol|enrols|enroll|enrolls|sign up|signs up|book|books|submit|submits)\b[^.!?\n]{0,60}\bby\s*$"
    r"|\bdeadline (?:is|was|of|will be|for \w+(?: \w+)? (?:is|was))\s*(?:on\s+)?$|\bdeadline:\s*$",
    re.IGNORECASE,
)
# what a deadline is for: paying (a bill, a renewal) or applying (a place, a room, a course)
_APPLY_RE = re.compile(r"\b(?:apply|applies|applied|applying|application|applicants?|register\w*|registration|enrol\w*|sign(?:s|ing)? up)\b", re.IGNORECASE)
_FUTURE_RE = re.compile(
    r"\b(?:will|'ll|should|expect|expected|due|going to|by|within|scheduled|rescheduled|booked|rebooked|on its way|planned for|set for|can book|book (?:it|the \w+|your \w+) (?:in )?for)\b"
    r"|\b(?:installation|appointment|visit|delivery|estimated delivery|expected delivery|start)(?: date)?\s*:"  # a form label: "Installation: 12 Feb"
    r"|\bon (?:the|a|our) (?:truck|lorry|van|wagon) for\b",
    re.IGNORECASE,
)
_QUESTION_END = re.compile(r"\?\s*$")
_THRESHOLD_RE = re.compile(r"\b(?:more than|over|longer than|at least|after|exceed(?:s|ing)?|beyond)\s+(?P<n>\d+)\s*(?:consecutive\s+)?(?P<u>h(?:ou)?rs?|hours?|days?|minutes?|mins?)\b", re.IGNORECASE)
_NO_BEFORE = re.compile(r"\b(?:no|zero|nil)\s+(?:\S+\s+)?$", re.IGNORECASE)
_LACK_BEFORE = re.compile(r"(?:\bdo(?:es)?n['’]?t|\bdo(?:es)? not|\bwon['’]?t|\bwill not|\bnever) (?:have|carry|attract|incur|come with|include|charge|levy|impose|apply) (?:an? |any )?(?:[\w-]+\s+)?$", re.IGNORECASE)
_ZERO_MONEY = re.compile(r"^[£$€]\s?0(?:\.00?)?$")


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (split on . ! ? not followed by a digit, and on line breaks), trimmed."""
    out = []
    for m in _SENT_RE.finditer(text):
        s, e = m.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _clauses(text: str, s: int, e: int) -> list[tuple[int, int]]:
    out = []
    pos = s
    for m in _CLAUSE_SPLIT.finditer(text, s, e):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < e:
        out.append((pos, e))
    return out or [(s, e)]


_DOT_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?")


def parse_money(m: re.Match[str]) -> tuple[float, str]:
    num = m.group("num") or m.group("num2")
    cur = (m.group("cur") or m.group("cur2") or "").upper()
    if _DOT_THOUSANDS.fullmatch(num):  # "CLP 89.000", "€1.250,50": dots group thousands, a comma marks decimals
        return float(num.replace(".", "").replace(",", ".")), _CUR.get(cur, cur)
    return float(num.replace(",", "")), _CUR.get(cur, cur)


def _resolve_date(m: re.Match[str], ref: datetime | None) -> datetime | None:
    if ref is None:
        return None
    d = m.group("d1") or m.group("d2") or m.group("d3")
    mon = m.group("m1") or m.group("m2") or m.group("m4")
    y = m.group("y1") or m.group("y2")
    try:
        month = _MONTHS[mon[:3].lower()] if mon else ref.month
        day = int(d) if d else 1
        if y:
            return ref.replace(year=int(y), month=month, day=day, hour=0, minute=0, second=0, microsecond=0)
        best = None
        for yy in (ref.year - 1, ref.year, ref.year + 1):
            try:
                cand = ref.replace(year=yy, month=month, day=day, hour=0, minute=0, second=0, microsecond=0)
            except ValueError:
                continue
            if best is None or abs((cand - ref).total_seconds()) < abs((best - ref).total_seconds()):
                best = cand
        return best
    except (ValueError, KeyError):
        return None


def change_date(text: str, ref: datetime | None, vocab: ClaimVocabulary | None = None, start: int = 0, end: int | None = None) -> datetime | None:
    """The date a text says a change took effect ("since 15 May", "changed on the 15th",
    "back in March"), or None. Only dates that follow a change cue within a few words count."""
    vocab = vocab or default_vocabulary()
    rx = vocab.cues.get("change")
    if rx is None or ref is None:
        return None
    end = len(text) if end is None else end
    for m in DATE_RE.finditer(text, start, end):
        before = text[max(start, m.start() - 40):m.start()]
        if rx.search(before) or re.search(r"\b(?:on|in)\s*$", before, re.IGNORECASE) and rx.search(text, max(start, m.start() - 80), m.start()):
            d = _resolve_date(m, ref)
            if d is not None:
                return d
    # a relative time after the cue: "since they came back damaged last week", "changed yesterday"
    for m in _RELATIVE_RE.finditer(text, start, end):
        if rx.search(text, max(start, m.start() - 60), m.start()):
            return ref - timedelta(days=_relative_days(m))
    return None


_REL_UNITS = {"day": 1, "week": 7, "month": 30}
_RELATIVE_RE = re.compile(
    r"\b(?:(?P<last>last|past) (?P<u1>week|month)|(?P<yday>yesterday)|(?P<n>\d{1,2}|a|one|two|three|four|five|six) (?P<u2>days?|weeks?|months?) ago)\b",
    re.IGNORECASE,
)


def _relative_days(m: re.Match) -> int:
    if m.group("yday"):
        return 1
    if m.group("last"):
        return _REL_UNITS[m.group("u1").lower()]
    n = m.group("n").lower()
    k = int(n) if n.isdigit() else _NUM_WORDS.get(n, 1)
    return k * _REL_UNITS[m.group("u2").lower().rstrip("s")]


# Who a statement is about. Two statements about different audiences of one family
# ("Postgraduate applicants pay a £30 fee" / "no fee for undergraduate applications") do not
# contradict each other.
_AUDIENCE_FAMILIES = (
    ("level", r"(?P<level>under-?graduates?|post-?graduates?|doctoral|phd|masters?)"),
    ("residency", r"(?P<residency>international|domestic|overseas|home students?|out-of-state|in-state)"),
    ("tenure", r"(?P<tenure>new customers?|existing customers?|new members?|existing members?|returning customers?)"),
    ("membership", r"(?P<membership>non-members?|members?(?! of staff)|subscribers?|non-subscribers?)"),
    ("account", r"(?P<account>business|personal|corporate|consumer|commercial|residential)"),
    ("age", r"(?P<age>adults?|child(?:ren)?|kids?|seniors?|juniors?|students?|under[- ]\d+s?|over[- ]\d+s?)"),
)
_AUDIENCE_SAME = {"under graduate": "undergraduate", "post graduate": "postgraduate", "children": "child", "kid": "child"}
_AUDIENCE_RE = re.compile(r"\b(?:" + "|".join(rx for _f, rx in _AUDIENCE_FAMILIES) + r")\b", re.IGNORECASE)


# A perk of a paid product ("the Pantrypath Pass ... gives free delivery over $60", "with a
# membership you get ..."): it speaks to the product's holders, not to every customer.
_PERK_RE = re.compile(
    r"\b(?:pass|membership|subscription plan|club|loyalty (?:card|scheme|programme|program)|(?:plus|premium|gold|prime|vip) (?:plan|tier|members?))\b"
    r"(?:[^.!?\n]|\.(?=\d)){0,60}?\b(?:gives|give|includes?|comes with|get|gets|offers?|unlocks?)\b"
    r"|\b(?:with|for) (?:an? |the |your )?(?:\w+ )?(?:pass|membership|loyalty card)(?: holders?| members?)?,",
    re.IGNORECASE,
)


def audience(text: str, start: int = 0, end: int | None = None, perks: bool = False) -> dict[str, frozenset[str]]:
    """The audiences a stretch of text names, per family: {"level": {"postgraduate"}}. With
    ``perks``, a perk of a paid product (an agent's upsell) adds {"perk": {"holder"}}."""
    out: dict[str, set[str]] = {}
    if perks and _PERK_RE.search(text, start, len(text) if end is None else end):
        out["perk"] = {"holder"}
    for m in _AUDIENCE_RE.finditer(text, start, len(text) if end is None else end):
        fam = m.lastgroup
        if fam is None:
            continue
        word = re.sub(r"[\s-]+", " ", m.group(fam).lower())
        word = word[:-1] if word.endswith("s") and not word.endswith(("ss", "us")) else word
        word = _AUDIENCE_SAME.get(word, word)
        out.setdefault(fam, set()).add(word)
    return {k: frozenset(v) for k, v in out.items()}


def different_audiences(a: dict[str, frozenset[str]], b: dict[str, frozenset[str]]) -> bool:
    """True when both name an audience of one family and share none of it, or when only one
    of them is a perk of a paid product."""
    if ("perk" in a) != ("perk" in b):
        return True
    return any(fam in b and not (vals & b[fam]) for fam, vals in a.items())


def mentions_date(text: str, day: datetime) -> bool:
    """Whether the text names this calendar day ("From 1 July 2025")."""
    for m in DATE_RE.finditer(text):
        d = _resolve_date(m, day)
        if d is not None and d.date() == day.date():
            return True
    return False


def correction_span(text: str, vocab: ClaimVocabulary | None = None) -> tuple[int, int] | None:
    """Where a text explicitly acknowledges that an earlier statement was wrong, or None."""
    vocab = vocab or default_vocabulary()
    rx = vocab.cues.get("correction")
    if rx is None:
        return None
    m = rx.search(text)
    return m.span() if m else None


def _may(rx: _Family | None, text: str) -> bool:
    """Whether a family can match anywhere in `text` (its prefilter's answer)."""
    return rx is not None and rx._may_match(text)


def _has(rx: _Family | None, text: str, s: int, e: int) -> bool:
    return rx is not None and rx.search(text, s, e) is not None


# --------------------------------------------------------------------------- extraction


def subject_mentions(text: str, vocab: ClaimVocabulary | None = None) -> list[Mention]:
    """Every payment method or service area named in a text."""
    vocab = vocab or default_vocabulary()
    out = [Mention(f"payment_method:{n}", s, e) for n, s, e in _scan(vocab.payment_methods, text)]
    out += [Mention(n, s, e) for n, s, e in _scan(vocab.services, text)]
    out.sort(key=lambda m: (m.start, m.end, m.subject))
    return out


def _order_id_in(text: str) -> str | None:
    m = ORDER_RE.search(text)
    return m.group("id") if m else None


# "was received / has been credited" vs "have not received / no record of": said by the company
# about a deposit, payment, transfer, return or parcel of the customer's.
_RECEIPT_RE = re.compile(
    r"\b(?:(?P<neg>(?:have|has|had|did)(?: not|n['’]t) (?:yet )?(?:received|receive|got|get|seen)|(?:was|were|has|have)(?: not|n['’]t) (?:yet )?(?:been )?(?:received|credited|deposited)|no (?:record|sign|trace) of)"
    r"|(?:was|were|has been|have been|had been) (?:successfully |safely )?(?:received|credited|deposited)|(?:we|i)(?:['’]ve| have)? (?:now )?received)\b",
    re.IGNORECASE,
)
_RECEIPT_SUBJECT_RE = re.compile(r"\b(?:direct deposit|deposit|paycheck|pay ?cheque|salary|wages|payment|transfer|return(?:ed item)?|parcel|package|documents?|cheque|check)\b", re.IGNORECASE)
_RECEIPT_NOUNS = {"paycheck": "deposit", "paycheque": "deposit", "salary": "deposit", "wages": "deposit", "cheque": "check", "document": "documents", "package": "parcel", "item": "return"}


_DIGIT_RE = re.compile(r"\d")

# How a refund is paid: back to the card/bank, or as credit/voucher that never goes to a card.
_CARD_WORDS = r"(?:original (?:payment (?:method|card)|card)|(?:\w+ )?(?:card|mastercard|visa|amex|bank account|paypal(?: account)?))"
_REFUND_CARD_RE = re.compile(
    r"\bback (?:to|on(?:to)?) (?:your|the) " + _CARD_WORDS + r"\b"
    r"|\brefund(?:ed|s)?\b[^.!?\n]{0,80}?\b(?:to|on(?:to)?) (?:your|the|a) " + _CARD_WORDS + r"\b",
    re.IGNORECASE,
)
# A decision on the customer's claim, request, application or appeal: approved or declined.
_DECISION_NOUN = r"(claim|request|application|appeal|complaint|refund request|return request)"  # the regexes' only groups
_DECISION_YES_RE = re.compile(
    r"\b(?:your |the |this )?" + _DECISION_NOUN + r"\b[^.!?\n]{0,60}?\b(?:has been|was|is|have been) (?:fully |now )?(?:approved|accepted|granted|upheld)\b"
    r"|\b(?:we(?:['’]ve| have)?|i(?:['’]ve| have)?) (?:approved|accepted|granted|upheld) (?:your |the |this )?" + _DECISION_NOUN + r"\b",
    re.IGNORECASE,
)
_DECISION_NO_RE = re.compile(
    r"\b(?:your |the |this )?" + _DECISION_NOUN + r"\b[^.!?\n]{0,60}?\b(?:has been|was|is|have been) (?:declined|rejected|refused|denied|turned down|not approved|unsuccessful)\b"
    r"|\b(?:unable to|cannot|can(?:no|['’])?t|will not|won['’]t|do not|don['’]t) (?:accept|approve|uphold|pay) (?:your |the |this )?" + _DECISION_NOUN + r"\b"
    r"|\b(?:we(?:['’]ve| have)?|i(?:['’]ve| have)?) (?:had to )?(?:declined?|rejected?|refused?|denied?) (?:your |the |this )?" + _DECISION_NOUN + r"\b",
    re.IGNORECASE,
)
_DECISION_NOUNS = {"refund request": "refund", "return request": "return"}
# A penalty (a parking ticket, a fine, a penalty charge) said to be cancelled, or to stand.
_PENALTY = r"(?:parking\s+)?(?:ticket|fine|penalty(?:\s+charge)?(?:\s+notice)?|pcn|parking\s+charge(?:\s+notice)?)"
_PENALTY_OFF_RE = re.compile(
    r"\b(?:i['’]ll|i will|we['’]ll|we will|we['’]ve|we have|i['’]ve|i have|i['’]m going to|we['’]re going to)\s+(?:now\s+|just\s+|also\s+)?(?:cancel(?:led|ed)?|withdraw(?:n)?|void(?:ed)?|waive(?:d)?|rescind(?:ed)?)\s+(?:the|your|this|that)\s+" + _PENALTY + r"\b"
    r"|\b(?:the|your|this|that)\s+" + _PENALTY + r"\s+(?:has been|have been|will be|is being|was|is)\s+(?:now\s+)?(?:cancell?ed|withdrawn|voided|waived|rescinded|quashed)\b",
    re.IGNORECASE,
)
_PENALTY_ON_RE = re.compile(
    r"\b(?:the|your|this|that|a)\s+(?:\w+\s+)?" + _PENALTY + r"\b[^.!?\n]{0,60}?\b(?:remains?\s+(?:payable|due|valid|in place|outstanding)|(?:still\s+)?stands|(?:is|was|has been)\s+(?:upheld|correctly issued|valid))\b",
    re.IGNORECASE,
)
# a bare "ticket" or "fine" is a penalty only where the message speaks of parking or enforcement
_PENALTY_CONTEXT_RE = re.compile(r"\b(?:parking|permit|pcn|penalt\w*|enforcement|warden|speeding|traffic|clamp\w*|bus lane|congestion charge|toll)\b", re.IGNORECASE)
_BARE_PENALTY_RE = re.compile(r"\b(?:ticket|fine)s?\b(?!\s+(?:charge|notice))", re.IGNORECASE)
_NAMED_PENALTY_RE = re.compile(r"\b(?:penalt|pcn|parking charge)", re.IGNORECASE)
# An inspection's finding: no damage, or damage recorded (a rental return, a returned item).
_NO_DAMAGE_RE = re.compile(
    r"\bno (?:new |further |additional |visible )?damage (?:was |has been |is )?(?:recorded|found|noted|reported|detected|identified)\b"
    r"|\b(?:returned|received|inspected|checked in) (?:\w+ )?(?:undamaged|with no (?:new )?damage|in (?:good|perfect|the same) condition)\b",
    re.IGNORECASE,
)
_DAMAGE_FOUND_RE = re.compile(
    r"\bdamage (?:to (?:the |your )?[\w ]{1,30}? )?(?:was|has been|were|is) (?:recorded|found|noted|identified|detected)\b"
    r"|\b(?:recorded|found|noted|identified) (?:a |some |new )?damage\b"
    r"|\b(?:crack|dent|scratch|chip|stain|mark|tear|burn|scuff)(?:es|s)? (?:was|were|has been|have been) (?:recorded|found|noted|identified)\b"
    r"|\b(?:recorded|found|noted|identified) (?:a|an|some|two|three|several) (?:[\w-]+ ){0,2}?(?:crack|dent|scratch|chip|stain|tear|burn|scuff)(?:es|s)?\b",
    re.IGNORECASE,
)
# How many instalments a payment plan has ("in three instalments", "instalment 1 of 2").
_NUM_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
              "twelve": 12, "fourteen": 14, "eighteen": 18, "twenty": 20, "twenty-four": 24, "thirty": 30, "thirty-six": 36, "ninety": 90}
# A quantity in figures or in one of those words (the words are exactly the ones _NUM_WORDS reads).
_QTY_NUM = r"(?:\d{1,3}|" + "|".join(sorted(_NUM_WORDS, key=len, reverse=True)) + ")"
_QTY_WORD_RE = re.compile(r"\b(?:" + "|".join(sorted(_NUM_WORDS, key=len, reverse=True)) + r")\b")
_INSTALMENTS_RE = re.compile(
    r"\b(?:in|into|has|have|of|with|over) (?P<n>two|three|four|five|six|ten|twelve|\d{1,2}) (?:equal |monthly |interest-free |separate )?(?:instal(?:l)?ments|payments)\b"
    r"|\binstal(?:l)?ment \d{1,2} of (?P<n2>\d{1,2})\b",
    re.IGNORECASE,
)
# An entitlement told to the customer: "you're entitled to thirty pounds", "you qualify for a
# refund" against "no compensation is due", "you are not eligible for a refund".
_ENTITLE_NOUN = r"(?P<noun>compensation|goodwill|ex[- ]gratia|refund|credit|reimbursement)"
_ENTITLED_RE = re.compile(
    r"\b(?:you(?:['’]re| are| were)|you(?:['’]ll| will| would|['’]d) be|you(?:['’]ve| have) been|customers are|you)\s+(?P<neg>not\s+)?(?:entitled|eligible) (?:to|for)\s+(?:any |a |an |the |some )?"
    r"(?:(?:full |partial |automatic |goodwill )?" + _ENTITLE_NOUN + r"|(?P<money>[£$€]\s?\d|\d+ (?:pounds|dollars|euros)|\d{1,3} ?(?:%|per ?cent) of (?:your|the)|(?:ten|twenty|thirty|forty|fifty|a hundred|hundred) (?:pounds|dollars|euros)))"
    r"|\byou (?P<neg2>do not |don['’]t |won['’]t |will not )?qualify for (?:any |a |an |the )?(?:full |partial )?" + _ENTITLE_NOUN.replace("noun", "noun2")
    + r"|\bno (?P<noun3>compensation|goodwill|ex[- ]gratia|refund|credit)(?: payment)?s? (?:is|are|will be|would be|can be) (?:due|payable|owed|paid|offered|given|available)\b"
    r"|\b(?:we are|we['’]re|i am|i['’]m) (?:unable|not able) to (?:pay|offer|award|give you) (?:any )?(?P<noun4>compensation|goodwill|a refund|delay repay)\b"
    # "we cannot compensate for silk", "we can't offer compensation for that"
    r"|\b(?:we\s+(?:cannot|can['’]?t|can not|won['’]?t|will not|don['’]?t|do not)|i\s+(?:cannot|can['’]?t|can not|won['’]?t|will not))\s+(?:(?:pay|offer|award|give you|provide)\s+(?:any\s+)?(?P<noun6>compensation|goodwill|a refund)|(?P<noun7>compensate))\b"
    # "compensation of up to 10 times the fee applies to all garment types"
    r"|\b(?P<noun8>compensation|reimbursement)\b[^.!?;]{0,60}?\b(?:applies|is payable|is available|is due)\b"
    # a credit granted: "I've added a $2.25 credit", "we have applied a goodwill credit of £10"
    r"|\b(?:i['’]ve|i have|we['’]ve|we have|i['’]ll|we['’]ll|i will|we will)\s+(?:just |now |also )?(?:added|applied|issued|raised|put through|arranged|approved|granted|add|apply|issue|raise|arrange|approve)\s+(?:a|an)\s+(?:(?:[£$€]|(?-i:[A-Z]{3}) ?)\d[\d,]*(?:\.\d\d)?\s+)?(?:one-off |goodwill |account |courtesy )?(?P<noun5>credit|compensation payment|goodwill payment)\b(?! note\b)",
    re.IGNORECASE,
)
# Whether a payment can be had back: "the deposit is fully refundable up to 90 days before",
# "the booking fee is non-refundable", "a non-refundable deposit of EUR 500". Subject
# `refundable:<thing>`; a condition ("up to", "within", "unless") restricts it, "in all
# circumstances" makes it universal.
_REFUNDABLE_HEAD = r"(?:deposit|fee|fare|ticket|booking|payment|plan|subscription|membership|renewal|premium|charge|course|class|voucher|reservation|rental|hire|upgrade|add-on|excess|retainer|instal(?:l)?ment)"
_REFUNDABLE_RE = re.compile(
    r"\b(?:(?P<mod>[a-z][\w-]*)\s+)?(?P<head>" + _REFUNDABLE_HEAD + r")s?\b(?:\s+\([^)]{0,40}\))?(?:\s+(?:is|are|will be|would be|remains?|was|were|becomes?|has always been|have always been)|['’]s)\s+"
    r"(?:(?:fully|partly|partially|completely|totally|always|still|now|only|strictly|entirely|100%|absolutely)\s+)?(?P<neg>non-?\s?|not\s+|no longer\s+|never\s+)?(?:fully\s+)?refundable\b"
    r"|\b(?P<neg2>non-?\s?)?refundable\s+(?:(?P<mod2>[a-z][\w-]*)\s+)??(?P<head2>" + _REFUNDABLE_HEAD + r")s?\b",
    re.IGNORECASE,
)
# The same said plainly, on a condition: "If you cancel at least 48 hours before, you get it
# back" (the deposit named in the sentence before). Read as `refundable:<thing>`, restricted.
_GET_BACK_RE = re.compile(
    r"\byou(?:['’]ll| will| do| can)? get (?P<pron>it|that|them|the (?P<h1>money|deposit|fee|payment)|your (?P<h2>money|deposit|fee|payment)) (?:all )?back\b"
    r"|\b(?:it|the (?P<h3>deposit|fee|payment))(?:['’]s| is| will be| gets| can be) (?:fully |all )?(?:refunded|returned to you|paid back)\b",
    re.IGNORECASE,
)
_GET_BACK_IF = re.compile(r"\b(?:if|as long as|provided|within|at least|up to|before)\b", re.IGNORECASE)
_NEG_WORD_RE = re.compile(r"\b(?:not|n['’]t|never|no)\b", re.IGNORECASE)
_HEAD_NEAR_RE = re.compile(r"\b(?P<head>deposit|booking fee|fee|fare|ticket|payment)s?\b", re.IGNORECASE)
_REFUNDABLE_MOD_STOP = frozenset("the a an your our this that any all its their his her my is are was were fully non".split())
_REFUNDABLE_CONDITION = re.compile(r"\b(?:up to|until|within|before|prior to|if|unless|provided|as long as|except|only|after that|after which|minus|less)\b", re.IGNORECASE)
_REFUNDABLE_UNIVERSAL = re.compile(r"\b(?:in (?:all|any) circumstances|under (?:all|any) circumstances|whatever the reason|for any reason|no matter|regardless|in every case|without exception)\b", re.IGNORECASE)


_ENTITLE_SUBJECT = {"goodwill": "compensation", "ex gratia": "compensation", "ex-gratia": "compensation", "reimbursement": "refund"}


# A notice period: "48 hours' notice", "up to 24 hours before", "at least 2 days in advance".
# The subject is what the notice is for, read from the sentence (cancelling, changing).
_NOTICE_RE = re.compile(
    r"\b(?P<n>\d{1,3}|one|two|three|four|five|six|seven|ten|fourteen|thirty)[- ](?P<u>hours?|days?|weeks?|working days?|business days?)['’]?s?(?:\s+(?:advance|prior|written))?\s+notice\b"
    r"|\b(?:up to|at least|no later than|not less than|a minimum of|minimum of)\s+(?P<n2>\d{1,3}|one|two|three|four|five|six|seven|ten|fourteen|thirty)[- ](?P<u2>hours?|days?|weeks?|working days?|business days?)\s+(?:before|in advance|ahead|prior to)\b"
    # the late side of the line: "cancellations less than 7 days before pickup are charged 50%"
    r"|\b(?:less than|fewer than|under|inside)\s+(?P<n3>\d{1,3}|one|two|three|four|five|six|seven|ten|fourteen|thirty)[- ](?P<u3>hours?|days?|weeks?|working days?|business days?)\s+(?:before|prior to|ahead of)\b",
    re.IGNORECASE,
)
_NOTICE_FOR = (("notice:cancellation", re.compile(r"\bcancel", re.IGNORECASE)),
               ("notice:change", re.compile(r"\b(?:reschedul|chang|amend|mov(?:e|ing) (?:your|an|the|my) (?:appointment|booking|reservation))", re.IGNORECASE)),
               ("notice:skip", re.compile(r"\b(?:skip|paus)", re.IGNORECASE)))


# Hours per unit, keyed by the unit's first three letters ("working days", "business days" and
# "calendar days" count as days).
_UNIT_HOURS = {"min": 1 / 60, "hou": 1.0, "hr": 1.0, "hrs": 1.0, "day": 24.0, "wor": 24.0, "bus": 24.0, "cal": 24.0, "wee": 168.0, "mon": 720.0, "yea": 8760.0}


def _to_hours(raw: str, unit: str) -> float:
    n = _NUM_WORDS.get(raw.lower()) or int(raw)
    u = unit.lower()
    return round(float(n) * _UNIT_HOURS.get(u[:3], _UNIT_HOURS.get(u, 1.0)), 4)


def notice_hours(m: re.Match[str]) -> float:
    return _to_hours(m.group("n") or m.group("n2") or m.group("n3"), m.group("u") or m.group("u2") or m.group("u3"))


# Right after a value: "until 30 November", "(per ticket) till the 1st", "up to and including March 31":
# the value holds only until a date (history once a policy replaced it).
UNTIL_AFTER_RE = re.compile(
    r"[^.;!?()]{0,25}?\b(?:until|till|up to and including|through)\s+(?:the\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\b|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+\d)",
    re.IGNORECASE,
)
# A free window to cancel, return or change ("cancel for free within 5 minutes", "send anything
# back within 30 days for a full refund"): a threshold claim on `window:<action>`, in hours.
_WINDOW_RE = re.compile(
    r"\bwithin (?:the first )?(?P<n>\d{1,3}|one|two|three|four|five|six|seven|ten|twelve|fourteen|thirty) ?(?P<u>minutes?|mins?|hours?|hrs?|days?|weeks?|months?|working days?|business days?)\b",
    re.IGNORECASE,
)
_WINDOW_FOR = (("window:cancellation", re.compile(r"\bcancel", re.IGNORECASE)),
               ("window:return", re.compile(r"\b(?:return|send (?:[\w'’]+ ){0,3}?back|exchange)", re.IGNORECASE)),
               ("window:change", re.compile(r"\b(?:chang|amend|reschedul)", re.IGNORECASE)))
_WINDOW_RIGHT = re.compile(
    r"\b(?:can|may|free(?: of charge)?|for free|no (?:fee|charge|cost)|full refund|without (?:a |any )?(?:fee|charge|penalty)|at no (?:extra )?cost|penalty[- ]free|(?:are|is) accepted|accept(?:s|ed)? returns?|allowed)\b",
    re.IGNORECASE,
)
_WINDOW_NOT = re.compile(r"\b(?:process(?:ed|ing)?|arrive|arrives|take up to|takes|will be (?:refunded|credited|paid)|reply|respond|be in touch)\b", re.IGNORECASE)
# A repair that must be done within a time to qualify ("repaired within 14 days of our leak notice").
_REPAIR_WINDOW_RE = re.compile(
    r"\b(?:is|are|was|were|be|been|gets?|got) (?:repaired|fixed|mended) within (?:the first )?(?P<n>\d{1,3}|one|two|three|four|five|six|seven|ten|twelve|fourteen|thirty) ?(?P<u>hours?|days?|weeks?|months?|working days?|business days?)\b",
    re.IGNORECASE,
)


# A grace period after a failed payment ("your permit stays active for a 7-day grace period",
# "there is no grace period"): a threshold claim on `window:grace`, in hours (none: 0).
_GRACE_RE = re.compile(
    r"\b(?P<n>\d{1,3}|one|two|three|four|five|six|seven|ten|twelve|fourteen|thirty)[- ](?P<u>hours?|days?|weeks?)['’]?s?[- ]grace(?: period)?\b"
    r"|\bgrace period of (?:up to )?(?P<n2>\d{1,3}|one|two|three|four|five|six|seven|ten|twelve|fourteen|thirty) (?P<u2>hours?|days?|weeks?)\b"
    r"|\b(?P<no>no|without (?:a|any)) grace(?: period)?\b",
    re.IGNORECASE,
)


# How long something bought stays valid ("the block's valid for eight weeks from when you buy
# it", "Validity: 6 weeks from purchase", "expires 12 months after purchase"): a threshold
# claim on `window:validity`, in hours. It must be counted from the purchase (or be labelled
# "Validity:"), so a code "valid for 10 minutes" or a quote "valid for 30 days" is not read.
_VALID_UNIT = r"(?:days?|weeks?|months?|years?)"
_VALID_FROM = (r"(?=[^.;!?]{0,12}\b(?:from|after|of)\s+(?:the\s+)?(?:date\s+of\s+|day\s+of\s+|day\s+you\s+)?"
               r"(?:purchase|purchasing|buying|issue|when\s+(?:you|they|it\s+was|it['’]s)\s+(?:buy|bought|book|booked|purchase|purchased|paid|pay|issued)|payment|activation|first\s+use|booking))")
_VALIDITY_RE = re.compile(
    r"\b(?:valid|good|usable|redeemable)\s+for\s+(?:up\s+to\s+|a\s+full\s+)?(?P<n>" + _QTY_NUM + r")[- ](?P<u>" + _VALID_UNIT + r")\b" + _VALID_FROM
    + r"|\bvalidity(?:\s+period)?\s*(?::|is|of)\s*(?P<n2>" + _QTY_NUM + r")[- ](?P<u2>" + _VALID_UNIT + r")\b"
    + r"|\bexpires?\s+(?P<n3>" + _QTY_NUM + r")[- ](?P<u3>" + _VALID_UNIT + r")\b" + _VALID_FROM,
    re.IGNORECASE,
)


# How many items the company says it received or logged ("we've logged 6 knives", "five knives
# were received"): a threshold claim on `count:received`, in items. A count received can grow
# (more arrives) but never shrink.
_COUNT_NOUN_STOP = frozenset("emails messages calls complaints requests photos pictures days hours weeks months minutes reviews orders payments replies reports tickets".split())
_COUNT_RE = re.compile(
    r"\b(?:we['’]ve|we have|we|i['’]ve|i have|i|the (?:workshop|bench|warehouse|team|depot))\s+(?:(?:only|now|also|just|already)\s+)?(?:logged|received|counted|checked in|booked in|got)\s+(?P<n>" + _QTY_NUM + r")\s+(?P<noun>[a-z]{3,}s)\b"
    r"|\b(?:only\s+)?(?P<n2>" + _QTY_NUM + r")\s+(?P<noun2>[a-z]{3,}s)\s+(?:were|have been|had been)\s+(?:actually\s+)?(?:received|logged|counted|checked in|booked in)\b",
    re.IGNORECASE,
)
# How many people a room, vehicle or class takes ("it takes up to 8 at a squeeze", "six max",
# "holds a maximum of six players"): a threshold claim on `capacity`, in people.
_CAP_NOUN = r"(?:players?|people|persons?|guests?|passengers?|riders?|divers?|adults?|participants?|pax)"
_CAPACITY_RE = re.compile(
    r"\b(?:takes|holds|fits|seats|sleeps|accommodates)\s+(?:up to\s+|a maximum of\s+|max(?:imum)?\s+)?(?P<n>" + _QTY_NUM + r")(?:\s+" + _CAP_NOUN + r"\b|(?=\s*(?:[,.;!)]|$|at a (?:squeeze|push)|comfortably|max\b|in total)))"
    r"|\b(?:is|['’]s)\s+(?P<n2>" + _QTY_NUM + r")\s+(?:" + _CAP_NOUN + r"\s+)?max(?:imum)?\b"
    r"|\b(?:maximum|max\.?|limit)\s+(?:of\s+|is\s+)?(?P<n3>" + _QTY_NUM + r")\s+" + _CAP_NOUN + r"\b"
    r"|\b(?P<n4>" + _QTY_NUM + r")\s+" + _CAP_NOUN + r"\s+(?:max(?:imum)?|at most|is the (?:max(?:imum)?|limit))\b",
    re.IGNORECASE,
)


# A percentage discount of a named kind ("a ten percent sibling discount", "Sibling discount: 10%
# off", "sibling discount (5%)", "the loyalty discount is 15%"): a threshold claim on
# `discount:<kind>`, in %. An unnamed discount is `discount:general`.
_PCT_WORDS = {"five": 5, "ten": 10, "fifteen": 15, "twenty": 20, "twenty-five": 25, "thirty": 30, "forty": 40, "fifty": 50}
_PCT_NUM = r"(?:\d{1,2}(?:\.\d{1,2})?|five|ten|fifteen|twenty|twenty-five|thirty|forty|fifty)"
_PCT_UNIT = r"\s?(?:%|per ?cent\b|percent\b)"
_DISCOUNT_RE = re.compile(
    r"(?<![\d.])(?P<n>" + _PCT_NUM + r")" + _PCT_UNIT + r"\s+(?:(?P<mod>[a-z][a-z-]+)\s+)?discount\b"
    r"|\b(?:(?P<mod2>[a-z][a-z-]+)\s+)?discount(?:\s*\(|\s*:\s*|\s+(?:is|was|will be|of|stays at|remains(?: at)?)\s+)(?:now\s+|only\s+|still\s+)?(?P<n2>" + _PCT_NUM + r")" + _PCT_UNIT,
    re.IGNORECASE,
)
_DISCOUNT_MOD_STOP = frozenset("a an the our your this that any no its their his her my of is was same new old usual standard".split())


# How long a job takes ("Estimated turnaround: three weeks", "a full service on a calibre 562
# takes six to eight weeks"): a threshold claim on `window:turnaround`, in hours; a range
# gives a claim for each end, so "eight weeks" agrees with "six to eight weeks".
_TURN_UNIT = r"(?:(?:working |business |calendar )?days?|weeks?|months?)"
_TURN_QTY = (r"(?:about |around |approximately |roughly |usually |typically |normally |up to )?(?P<n>" + _QTY_NUM + r")(?:\s*(?:to|-|–|or)\s*(?P<m>"
             + _QTY_NUM + r"))?[- ](?P<u>" + _TURN_UNIT + r")\b")
_TURNAROUND_RE = re.compile(
    r"\bturn-?around(?: times?)?\s*(?::|is|of|will be|should be)?\s*" + _TURN_QTY
    + r"|\b(?:services?|repairs?|restorations?|overhauls?|translations?|alterations?|inspections?|jobs?|refurbishments?|servicing)\b[^.;!?\n]{0,45}?\b(?:takes|take|will take|should take|normally takes|usually takes|needs|need)\s+"
    + _TURN_QTY.replace("<n>", "<n2>").replace("<m>", "<m2>").replace("<u>", "<u2>"),
    re.IGNORECASE,
)


def _count(raw: str) -> float:
    return float(_NUM_WORDS.get(raw.lower()) or int(raw))


def validity_hours(m: re.Match[str]) -> float:
    return _to_hours(m.group("n") or m.group("n2") or m.group("n3"), m.group("u") or m.group("u2") or m.group("u3"))


def window_hours(m: re.Match[str]) -> float:
    return _to_hours(m.group("n"), m.group("u"))


# Stock of what the customer ordered: "the sofa is in our Daventry warehouse now" against "it
# has not yet been manufactured" / "on backorder until 26 March". Availability on `stock`.
_STOCK_RE = re.compile(
    r"(?P<in>\b(?:is|are|['’]s|['’]re) (?:all |now |already )?(?:here |sitting |packed |packed and ready |ready |waiting )?(?:in|at) (?:our|the) (?:[\w-]+ ){0,2}?(?:warehouse|depot|distribution cent(?:re|er)|stockroom)\b(?! until)"
    r"|\b(?:is|are|['’]s|['’]re) (?:now |already )?(?:back )?in stock\b"
    r"|\b(?:we|they) (?:have|['’]ve got|have got|got|still have) (?:\w+ ){0,2}?in stock\b(?! (?:from|on|by|until|after|next))"
    r"|\b(?:has|have) (?:been|remained|stayed) in stock\b"
    r"|(?:^|[.!?]\s+|\byes,?\s+)\d+ (?:left |units? |sets? |pieces? |of them )?in stock\b"
    r"|\b(?:shows?|showing|has|have|got|there (?:are|is|['’]s)) (?:\w+ ){0,2}?(?:on the shel(?:f|ves)|in (?:the )?(?:store|shop|branch) (?:now|today|right now))\b)"
    r"|(?P<out>\b(?:has|have)(?: not|n['’]t) (?:yet |even )?(?:been )?(?:manufactured|made|produced|built)\b|\bnot (?:yet |even )?(?:been )?(?:manufactured|made|produced|built)\b"
    r"|\bon back-?order\b|\bout of stock\b|\b(?:is|are|['’]s|['’]re)(?: not|n['’]t) (?:currently |yet |actually )?in stock\b|\b(?:hasn['’]t|has not|haven['’]t|have not|doesn['’]t|does not|don['’]t|do not|no longer|never) (?:stock(?:ed)?|carr(?:y|ied|ies)|sell|sold|had) (?:th(?:e|is|at|ose|em)|it|any)\b|\b(?:won['’]t|will not|doesn['’]t|does not|hasn['’]t|has not|haven['’]t|have not|didn['’]t|did not) (?:yet )?(?:reach|arrive (?:at|in)|come into|get to|land (?:at|in)) (?:our|the) (?:[\w-]+ ){0,2}?(?:warehouse|depot|stock))",
    re.IGNORECASE,
)
# "If you'd rather not wait, the X is in stock": an alternative on offer, not the ordered item.
_ALTERNATIVE_RE = re.compile(r"\b(?:if you(?:['’]d| would) (?:rather|prefer|like)|instead|alternative|switch (?:your|the) order|similar|swap|another (?:model|colou?r|size|item|version))\b", re.IGNORECASE)
# A holiday's or stay's board basis: "board basis stays the same: All Inclusive" vs "you'll be on
# half-board". A status-like claim on `board_basis` whose value is the plan.
_BOARD_RE = re.compile(
    r"\b(?P<plan>all[- ]inclusive|half[- ]board|full[- ]board|bed (?:and|&) breakfast|b&b|room[- ]only|self[- ]catering)\b(?![- ](?:upgrade|supplement|option|add-?on|extra)s?\b)",
    re.IGNORECASE,
)
_BOARD_NORM = {"all inclusive": "all_inclusive", "half board": "half_board", "full board": "full_board", "bed and breakfast": "bed_and_breakfast",
               "bed & breakfast": "bed_and_breakfast", "b&b": "bed_and_breakfast", "room only": "room_only", "self catering": "self_catering"}
# A warranty's length: "covered for two years under our standard warranty", "the warranty is 12
# months from delivery": a threshold claim on `warranty`, in months.
_WARRANTY_RE = re.compile(
    r"\b(?:warranty|guarantee|guaranteed|covered)\b[^.!?\n]{0,50}?\b(?P<n>\d{1,3}|one|two|three|five|six|ten|twelve|twenty-four|thirty-six|thirty|ninety)[- ]?(?P<u>years?|months?|yrs?|days?)\b"
    r"|\b(?P<n2>\d{1,3}|one|two|three|five|six|ten|twelve|thirty|ninety)[- ](?P<u2>years?|months?|yr|days?)['’]?s?[- ](?:[\w'’]+ )?(?:warranty|guarantee)\b",
    re.IGNORECASE,
)
# A visit booked for the customer, or denied ever to have been: availability on `visit_booking`.
_BOOKED_RE = re.compile(
    r"(?P<yes>\b(?:i['’]ve|we['’]ve|i have|we have) (?:now )?(?:booked|scheduled|arranged) (?:[\w&'’]+ ){0,4}?(?:to (?:attend|visit|come|call|fit|install|repair|inspect)|(?:for|on) (?:mon|tue|wed|thu|fri|sat|sun|\d))"
    r"|\b(?:engineer|technician|visit|appointment|crew|plumber|electrician|fitter|installer|repair|callout|call-out)s? (?:is|are|has been|have been) (?:now )?(?:booked|scheduled|confirmed)\b)"
    r"|(?P<no>\b(?:no|never (?:a|an|any)|there was no|there is no|there['’]s no|there were no) (?:job|visit|appointment|booking|engineer|repair|callout|call-out)s? (?:was |were |has been |had been |is )?(?:ever )?(?:booked|scheduled|arranged|logged)\b"
    r"|\b(?:was never|were never|wasn['’]t|was not|has not been|hasn['’]t been|had not been|hadn['’]t been|never was|never got) (?:actually |ever )?(?:booked|scheduled|arranged)\b)",
    re.IGNORECASE,
)


_REFUND_CREDIT_RE = re.compile(
    r"\b(?:refund(?:ed|s)?|issued|given|paid|compensat\w+)\b[^.!?\n]{0,60}?\b(?:as|in the form of|in) (?:an? )?(?:[\w-]+ )?(?:credit|voucher|gift card|e-?voucher|points|store credit)\b"
    r"|\bcredit (?:has been |was |is )?(?:added|applied) to your (?:\w+ )?(?:wallet|account balance|balance)\b"
    r"|\b(?:can(?:no|['’])?t|cannot|can not|won['’]t|will not|is not|isn['’]t) (?:be )?(?:withdrawn|refunded|returned|paid out|transferred|exchanged)[^.!?\n]{0,30}?\b(?:to|for|as) (?:a |your |any )?(?:card|cash|bank)",
    re.IGNORECASE,
)

# A fee named by the word before it, for fees outside the vocabulary ("application fee").
_OPEN_FEE_RE = re.compile(r"(?<!['’])\b(?P<w>[a-z]{3,})[- ](?:fees?|(?:sur)?charges?)\b(?! (?:you|your|me|us|them|it|card|cards|ahead|back)\b)", re.IGNORECASE)
# "free dematting", "free engineer visits": the named fee waived, in the words of a page or an agent
_FREE_NOUN_RE = re.compile(r"\bfree (?:of charge )?(?P<w>[a-z]{4,})\b(?! (?:of(?! (?:all|both|each|every|the|your|these|those|\d))|to|for|with|from|in|on|at|trial|time|months?|weeks?|days?|tier|plan|account|version|gift|sample|shipping|delivery|returns?)\b)", re.IGNORECASE)
_NOT_FREE_BEFORE = re.compile(r"(?:\bnot|n['’]t|\bno longer)\s+(?:\w+\s+){0,2}?(?:covered by|eligible for|entitled to|qualify for|get|offer|give)\s+(?:a |an |the |our |your )?$", re.IGNORECASE)
_FREE_STOP = frozenset(
    "trial time gift sample samples tier plan account version month months week weeks days shipping delivery return returns "
    "wifi parking access entry standard basic upgrade upgrades cancellation cancellations from with that this your their "
    "today tomorrow now again online advice quote quotes consultation "
    "under until after before during within since upon over into onto when while once unless here there".split()
)
_FEE_STOP = frozenset(
    "the a an no any this that your our their its of per extra additional small one one-off total all these those such which what "
    "and or with without same full flat fixed standard usual normal new old higher lower "
    "in on at to for free no not be been being is are was were will would can could may might must should "
    "i we you he she they it who that me us them my his her "
    "take took taking make made making reverse reversed dispute disputed pending unexpected unauthorised unauthorized "
    "card cards bank double duplicate".split()
)
# "the reprint is charged at full price", "reprints are only free for printing defects", "I've
# queued the reprint at no cost": a named thing said to be free or charged for
_PRED_FEE_RE = re.compile(
    r"\b(?:(?:the|a|an|your|this|that|each|any|every)\s+)?(?P<w>[a-z]{4,})\s+(?:is|are|will be|would be|remains?|gets?)\s+"
    r"(?:(?:only|always|still|now|also|normally|usually|completely|totally|then)\s+)?(?P<v>charged|chargeable|billable|billed|free(?: of charge)?|complimentary|at no (?:extra |additional )?(?:cost|charge))\b"
    r"|\b(?:the|a|an|your|this|that)\s+(?P<w2>[a-z]{4,})\s+(?P<v2>at no (?:extra |additional )?(?:cost|charge)|free of charge)\b",
    re.IGNORECASE,
)
_PRED_STOP = frozenset(
    "this that these those everything anything nothing something which what there here call chat line number service "
    "price cost amount charge charges payment balance total invoice bill item order rest first second".split()
)
# (substrings one of which the clause must hold, pattern, words that name no fee, mention kind)
_NAMED_FEE_FORMS = ((("fee", "charge"), _OPEN_FEE_RE, _FEE_STOP, "open_fee"), (("free",), _FREE_NOUN_RE, _FEE_STOP | _FREE_STOP, "open_free"),
                    (("charg", "free", "no cost", "billed"), _PRED_FEE_RE, _FEE_STOP | _FREE_STOP | _PRED_STOP, "open_pred"))

# Cover stated about any named thing ("crowns are covered at 50%", "water damage is not
# covered", "the plan doesn't cover orthodontics"): an open-vocabulary availability claim on
# `cover:<head noun>`, so insurers, warranties and memberships are read without a word list.
_COVERED_RE = re.compile(
    r"\b(?P<np>[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}?)\s+(?:is|are|was|were|will be|would be|(?P<negv>isn['’]t|aren['’]t|wasn['’]t|weren['’]t|won['’]t be))\s+"
    r"(?:[^.;,:!?]{1,45}?\s+and\s+(?:so\s+|therefore\s+|thus\s+)?(?:is|are)\s+)?"  # "poles are (classed as) wear components and are excluded"
    r"(?P<neg>(?:not|never|no longer)\s+)?(?:(?:fully|partly|partially|only|still|also|always|usually|normally)\s+)?(?:covered|(?P<excl>excluded)|included)\b"
    r"(?!\s+(?:only\s+)?(?:by|under|through|with) (?:the |a |an |your )?(?:separate|additional|optional|extra|add-on|own)\b)"  # another product covers it
    r"|\b(?:plan|policy|insurance|cover|warranty|membership|guarantee|scheme|(?-i:[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,3}|[A-Z]{2,5})\)?)(?:,?\s+(?:which|that))?\s+(?P<neg2>(?:does not|doesn['’]t|did not|didn['’]t|will not|won['’]t|never|no longer)\s+)?"
    r"(?:(?:fully|only|also|always)\s+)?(?:covers?|includes?)\s+(?:the\s+|your\s+|any\s+|all\s+|an?\s+)?"
    r"(?P<np2>[a-z][\w-]*(?:\s+(?!(?:at|for|up|to|in|on|under|with|and|or|if|when|from|by|of|as|but|so|twice|once|until)\b)[a-z][\w-]*)?)",
    re.IGNORECASE,
)
# Words that end the covered noun phrase when read backwards from "is covered": pronouns,
# connectives, determiners and sentence adverbs ("so crowns", "Unfortunately water damage").
_COVER_BREAK = frozenset(
    "it this that they which what these those you we he she everything anything nothing something all both either "
    "and or but so not also still only fully partly be is are was were cost costs price amount "
    "a an the your our my their his her its any some no every each "
    "unfortunately sadly however therefore thus now currently good news great just yes".split()
)


def _singular(w: str) -> str:
    """'crowns' -> 'crown', 'deliveries' -> 'delivery': one subject for both numbers."""
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "xes", "ches", "shes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        return w[:-1]
    return w


_COVER_ADJECTIVES = frozenset("standard basic full new old normal regular extra additional simple plain premium local private single double family".split())


def _cover_subject(np: str) -> tuple[str, int] | None:
    """The covered thing and how many of the phrase's last words name it: the noun phrase
    after any connective or determiner, keyed by its first word, singular ("cruciate ligament
    surgery" and "cruciate ligament conditions" are both `cruciate`; "water damage" is
    `water`, "crowns" is `crown`)."""
    words = np.lower().split()
    k = len(words)
    while k > 0 and words[k - 1] not in _COVER_BREAK and words[k - 1].isalpha():
        k -= 1
    phrase = words[k:]
    if not phrase or (len(phrase) == 1 and len(phrase[0]) < 3):
        return None
    if len(phrase) > 1 and phrase[0] in _COVER_ADJECTIVES:
        phrase = phrase[1:]  # "a standard coffin" is the coffin
    first = phrase[0]
    if len(phrase) == 1:
        first = _singular(first)
    return first, len(phrase)


# The items of an active-voice cover list, up to the end of its clause: "stone chips and cracks
# on the windscreen as well as the headlights and paint, with zero excess".
_LIST_END_RE = re.compile(r"[;:()]|,\s+(?:with|so|but|and so|which|as long as|provided|if|when|unless)\b|\s+(?:so|but|if|when|unless|until|up to)\s", re.IGNORECASE)
# a phrase that qualifies one item ends that item, not the list: "caring for your mum, a coffin"
_ITEM_TAIL_RE = re.compile(r"\s+(?:with|for|at|from)\s.*$", re.IGNORECASE | re.DOTALL)
_LIST_SPLIT_RE = re.compile(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or|as well as|plus)\s+", re.IGNORECASE)
_OBJECT_RE = re.compile(r"\b(?:to|on|of|in)\s+(?:the\s+|your\s+|its\s+)?(?P<obj>[a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s*$", re.IGNORECASE)


def _cover_list(text: str, start: int, end: int) -> list[str]:
    stop = _LIST_END_RE.search(text, start, end)
    body = text[start:stop.start() if stop else end]
    out = []
    for item in _LIST_SPLIT_RE.split(body):
        item = _ITEM_TAIL_RE.sub("", item.strip())
        if not item:
            continue
        om = _OBJECT_RE.search(item)  # "cracks on the windscreen" names the windscreen
        got = _cover_subject(om.group("obj") if om else item)
        if got is not None:
            out.append(got[0])
    return out


_GATE_PATTERNS = (_RECEIPT_SUBJECT_RE.pattern, _RECEIPT_RE.pattern, WEEKDAY_RE.pattern, _MONTH_RX, _CUR_WORDS)


def extract_claims(
    text: str,
    *,
    record_id: str,
    record_kind: str = "message",
    time: datetime | None = None,
    order_id: str | None = None,
    brand: str | None = None,
    vocab: ClaimVocabulary | None = None,
) -> tuple[Claim, ...]:
    """Read every claim in one text. Questions are skipped (they assert nothing)."""
    vocab = vocab or default_vocabulary()
    if not text:
        return ()
    # Whole-text gates: every claim needs one of these to match somewhere, and most company
    # messages ("please DM us") match none, so they cost one prefilter pass and a few searches.
    low = text.lower()
    gate, fams = vocab.gate
    hint = gate.scan(low, False)  # which regexes' and families' literals occur
    for k, fam in enumerate(fams, len(_GATE_PATTERNS)):
        fam._last = (text, k in hint)
    g_event = _may(vocab.reason_events, text)
    g_status = _may(vocab.statuses, text)
    g_subject = _may(vocab.payment_methods, text) or _may(vocab.services, text) or " fee" in low or "-fee" in low or "free" in low or " charge" in low or "no cost" in low or " billed" in low
    digit = _DIGIT_RE.search(text) is not None
    g_receipt = 0 in hint and 1 in hint and _RECEIPT_RE.search(text) is not None
    g_money = digit and ("$" in text or "£" in text or "€" in text or "¥" in text or "₹" in text or 4 in hint
                         or _R_MONEY.search(text) is not None) and MONEY_RE.search(text) is not None
    g_date = ((3 in hint or (digit and "the" in low)) and DATE_RE.search(text) is not None) or (2 in hint and WEEKDAY_RE.search(text) is not None)
    g_decision = ("claim" in low or "request" in low or "application" in low or "appeal" in low or "complaint" in low) and (
        "approved" in low or "accept" in low or "granted" in low or "upheld" in low or "uphold" in low or "declined" in low
        or "reject" in low or "refuse" in low or "denied" in low or "turned down" in low or "unsuccessful" in low or "approve" in low)
    g_penalty = ("ticket" in low or "fine" in low or "penalt" in low or "pcn" in low or "parking charge" in low) and (
        "cancel" in low or "withdr" in low or "void" in low or "waive" in low or "rescind" in low or "quash" in low
        or "remain" in low or "stand" in low or "upheld" in low or "correctly issued" in low or "valid" in low)
    g_damage = "damage" in low or "undamaged" in low or "condition" in low or (
        ("record" in low or "found" in low or "noted" in low) and ("stain" in low or "scratch" in low or "dent" in low or "crack" in low or "scuff" in low or "tear" in low))
    g_instal = "instal" in low or ("payments" in low and digit)
    g_cover = "cover" in low or "exclu" in low or "includ" in low
    g_entitle = "entitled" in low or "eligible" in low or "qualify" in low or (" due" in low and "no " in low) or ("able to" in low and ("compensation" in low or "refund" in low or "goodwill" in low or "delay repay" in low)) or (("credit" in low or "payment" in low) and ("ve " in low or "ll " in low or " have " in low or " will " in low)) or "compensat" in low or "reimbursement" in low
    g_window = "within" in low and ("cancel" in low or "return" in low or "back" in low or "exchang" in low or "chang" in low or "amend" in low or "reschedul" in low)
    g_stock = "warehouse" in low or "stock" in low or "shel" in low or "back" in low or "manufactur" in low or "made" in low or "depot" in low or "built" in low or "produced" in low
    g_warranty = "warrant" in low or "guarant" in low
    g_board = "inclusive" in low or "board" in low or "breakfast" in low or "b&b" in low or "room only" in low or "room-only" in low or "self-catering" in low or "self catering" in low
    g_booked = ("booked" in low or "scheduled" in low or "arranged" in low or "logged" in low)
    g_notice = ("notice" in low or "before" in low or "advance" in low or "prior" in low or "ahead" in low) and ("cancel" in low or "chang" in low or "reschedul" in low or "amend" in low or "mov" in low or "skip" in low or "paus" in low)
    g_method = ("refund" in low or "credit" in low) and ("card" in low or "credit" in low or "voucher" in low or "bank" in low or "paypal" in low or "mastercard" in low or "visa" in low or "payment method" in low)
    g_repair = "within" in low and ("repair" in low or "fixed" in low or "mended" in low)
    g_grace = "grace" in low
    g_refundable = "refundable" in low
    g_getback = (" back" in low and "get" in low) or "refunded" in low or "paid back" in low or "returned to you" in low
    g_validity = "valid" in low or "expire" in low or "redeemable" in low
    g_turn = ("turnaround" in low or "turn-around" in low or "take" in low or "need" in low) and ("week" in low or "day" in low or "month" in low)
    g_discount = "discount" in low and ("%" in low or "percent" in low or "per cent" in low)
    g_count = ("logged" in low or "received" in low or "counted" in low or "checked in" in low or "booked in" in low) and (digit or _QTY_WORD_RE.search(low) is not None)
    g_capacity = ("max" in low or "takes" in low or "holds" in low or "fits" in low or "seats" in low or "sleeps" in low or "accommodates" in low or "limit" in low) and (digit or _QTY_WORD_RE.search(low) is not None)
    if not (g_event or g_status or g_subject or g_receipt or g_money or g_date or g_method or g_decision or g_penalty or g_damage or g_instal or g_cover or g_notice or g_entitle or g_window or g_stock or g_warranty or g_booked or g_board or g_repair or g_grace or g_refundable or g_validity or g_getback or g_count or g_capacity or g_discount or g_turn):
        return ()
    order = order_id or _order_id_in(text)
    out: list[Claim] = []
    published = record_kind in ("content", "policy")

    def add(type_: str, subject: str, value: Any, polarity: bool, s: int, e: int, **kw: Any) -> None:
        out.append(Claim(type_, subject, value, polarity, record_id, record_kind, s, e, text[s:e], time,
                         kw.pop("order", None), brand=brand, **kw))

    sents = sentences(text)
    cues = vocab.cues
    # the event a reason explains: carried over sentences of one message
    event_kind: str | None = None
    amount_hits_by_sentence = []
    for s, e in sents:
        if _QUESTION_END.search(text, s, e) and not published:
            ev = _scan(vocab.reason_events, text, s, e)
            if ev:
                event_kind = ev[-1][0]
            continue
        ev = _scan(vocab.reason_events, text, s, e)
        if ev:
            event_kind = ev[0][0]
        # ---- reasons
        if event_kind is not None:
            for name, rs, re_ in _scan(vocab.reasons, text, s, e):
                if name == "payment" and event_kind == "payment_failure":
                    continue  # the failed payment is the event, not its reason
                neg = _reason_negated(text, s, rs)
                add("reason", f"{event_kind}_reason", name, not neg, rs, re_, order=order)
        # ---- statuses (company voice only: skip sentences that quote the customer)
        for name, ss, se in _scan(vocab.statuses, text, s, e) if g_status else ():
            if re.search(r"\b(?:not|n't|never|yet to be)\s+(?:\w+\s+){0,2}$", text[max(s, ss - 25):ss], re.IGNORECASE):
                continue
            add("status", "order_status", name, True, ss, se, order=order)
        # ---- receipt: whether the company has received something (a deposit, a payment, a return)
        for rm in _RECEIPT_RE.finditer(text, s, e) if g_receipt else ():
            subj = _RECEIPT_SUBJECT_RE.search(text, s, e)
            if subj is None:
                continue
            noun = subj.group(0).lower().split()[-1]
            noun = _RECEIPT_NOUNS.get(noun, noun)
            add("receipt", f"{noun}_receipt", "not received" if rm.group("neg") else "received", rm.group("neg") is None, rm.start(), rm.end(), order=order)
            break
        # ---- a decision on the customer's claim / request / application / appeal
        if g_decision and not _QUESTION_END.search(text, s, e):
            for rx, value in ((_DECISION_NO_RE, "declined"), (_DECISION_YES_RE, "approved")):
                dm = rx.search(text, s, e)
                if dm is not None:
                    noun = next(g for g in dm.groups() if g).lower()
                    add("decision", f"{_DECISION_NOUNS.get(noun, noun)}_decision", value, value == "approved", dm.start(), dm.end(), order=order)
                    break
        if g_penalty and not _QUESTION_END.search(text, s, e):
            for rx, value in ((_PENALTY_OFF_RE, "cancelled"), (_PENALTY_ON_RE, "stands")):
                pm = rx.search(text, s, e)
                if pm is not None and _BARE_PENALTY_RE.search(pm.group(0)) and not _NAMED_PENALTY_RE.search(pm.group(0)) and not _PENALTY_CONTEXT_RE.search(text):
                    continue  # a concert ticket, a support ticket, "fine" as in "all fine"
                if pm is not None:
                    add("decision", "penalty_decision", value, value == "cancelled", pm.start(), pm.end(), order=order)
                    break
        if g_damage and not _QUESTION_END.search(text, s, e):
            nm = _NO_DAMAGE_RE.search(text, s, e)
            fm = None if nm is not None else _DAMAGE_FOUND_RE.search(text, s, e)
            if nm is not None:
                add("decision", "damage_inspection", "no damage", True, nm.start(), nm.end(), order=order)
            elif fm is not None and not re.search(r"(?:\bnot|n['’]t|\bno|\bnever)\b[^.!?\n]{0,20}$", text[max(s, fm.start() - 25):fm.start()], re.IGNORECASE):
                add("decision", "damage_inspection", "damage found", False, fm.start(), fm.end(), order=order)
        if g_cover and not _QUESTION_END.search(text, s, e):
            for cm in _COVERED_RE.finditer(text, s, e):
                np = cm.group("np") or cm.group("np2")
                got = _cover_subject(np)
                if got is None:
                    continue
                subj, n_words = got
                neg = bool(cm.group("neg") or cm.group("neg2") or cm.group("negv")) != bool(cm.group("excl"))  # "not excluded" is covered
                if cm.group("np2"):
                    s0 = cm.start()
                else:  # the quote starts at the words that name the subject
                    spans = [w.start() for w in re.finditer(r"\S+", np)]
                    s0 = cm.start("np") + spans[-n_words]
                e0 = cm.end()
                subjects = [subj]
                if cm.group("np2"):  # "GP covers stone damage to the windscreen, headlights and paint"
                    subjects = _cover_list(text, cm.start("np2"), e) or subjects
                for sj in dict.fromkeys(subjects):
                    add("availability", f"cover:{sj}", "unavailable" if neg else "available", not neg, s0, e0, order=order)
        if g_instal:
            im = _INSTALMENTS_RE.search(text, s, e)
            if im is not None:
                raw = (im.group("n") or im.group("n2")).lower()
                n = _NUM_WORDS.get(raw) or (int(raw) if raw.isdigit() else 0)
                if n >= 2:
                    add("threshold", "instalment_count", float(n), True, im.start(), im.end(), unit="payments")
        # ---- whether a payment is refundable
        if g_refundable and not _QUESTION_END.search(text, s, e):
            for rm in _REFUNDABLE_RE.finditer(text, s, e):
                head = (rm.group("head") or rm.group("head2")).lower()
                mod = (rm.group("mod") or rm.group("mod2") or "").lower()
                thing = f"{mod}_{head}" if head == "fee" and mod and mod not in _REFUNDABLE_MOD_STOP else head
                neg = bool(rm.group("neg") or rm.group("neg2"))
                rest = text[rm.end():e]
                if _REFUNDABLE_UNIVERSAL.search(text, s, e):
                    scope = "universal"
                elif _REFUNDABLE_CONDITION.match(rest.lstrip(" ,;:")) or _REFUNDABLE_CONDITION.search(text, s, rm.start()):
                    scope = "restricted"
                else:
                    scope = ""
                value = "unavailable" if neg else ("restricted" if scope == "restricted" else "available")
                add("availability", "refundable:" + thing, value, not neg, rm.start(), rm.end(), scope=scope, order=order)
        if g_getback and not g_refundable and not _QUESTION_END.search(text, s, e):
            gm = _GET_BACK_RE.search(text, s, e)
            if gm is not None and _GET_BACK_IF.search(text, s, e) and not _NEG_WORD_RE.search(text, s, gm.start()):
                head = gm.group("h1") or gm.group("h2") or gm.group("h3")
                if head is None or head.lower() == "money":
                    near = list(_HEAD_NEAR_RE.finditer(text, max(0, s - 200), gm.start()))
                    head = near[-1].group("head") if near else None
                if head is not None and head.lower() != "money":
                    head = head.lower().replace(" ", "_")
                    add("availability", "refundable:" + head, "restricted", True, gm.start(), gm.end(), scope="restricted", order=order)
        # ---- entitlements told to the customer
        if g_entitle and not _QUESTION_END.search(text, s, e):
            for em in _ENTITLED_RE.finditer(text, s, e):
                noun = (em.group("noun") or em.group("noun2") or em.group("noun3") or em.group("noun4") or em.group("noun5") or em.group("noun6") or em.group("noun8") or "compensation").lower()
                noun = "compensation" if noun.endswith(" payment") else noun
                noun = "refund" if noun == "a refund" else "compensation" if noun == "delay repay" else noun
                if em.group("money"):
                    noun = "compensation"
                subj = "entitlement:" + _ENTITLE_SUBJECT.get(noun, noun)
                neg = bool(em.group("neg") or em.group("neg2") or em.group("noun3") or em.group("noun4") or em.group("noun6") or em.group("noun7"))
                add("availability", subj, "unavailable" if neg else "available", not neg, em.start(), em.end(), order=order)
                break
        # ---- notice periods for cancelling or changing a booking
        statement = not (g_notice or g_stock or g_warranty or g_board or g_booked or g_window) or not _QUESTION_END.search(text, s, e)
        if g_notice and statement:
            for nm in _NOTICE_RE.finditer(text, s, e):
                for subj, rx in _NOTICE_FOR:
                    if rx.search(text, s, e):
                        add("threshold", subj, notice_hours(nm), True, nm.start(), nm.end(), unit="hours")
                        break
                break
        if statement:
            # ---- stock of the ordered item
            if g_stock and (sm := _STOCK_RE.search(text, s, e)) is not None and not (sm.group("in") and _ALTERNATIVE_RE.search(text, s, e)):
                out_ = sm.group("out") is not None
                add("availability", "stock", "unavailable" if out_ else "available", not out_, sm.start(), sm.end(), order=order)
            # ---- a warranty's length, in months
            if g_warranty and (wm := _WARRANTY_RE.search(text, s, e)) is not None:
                raw = (wm.group("n") or wm.group("n2")).lower()
                n = _NUM_WORDS.get(raw) or int(raw)
                u = (wm.group("u") or wm.group("u2")).lower()
                months = n * 12 if u.startswith("y") else (round(n / 30.0, 2) if u.startswith("d") else n)
                add("threshold", "warranty", float(months), True, wm.start(), wm.end(), unit="months", order=order)
            # ---- the board basis of a stay (one plan per sentence; two named plans compare options)
            if g_board:
                plans = {_BOARD_NORM.get(bm.group("plan").lower().replace("-", " "), bm.group("plan").lower()): bm for bm in _BOARD_RE.finditer(text, s, e)}
                if len(plans) == 1:
                    (plan, bm), = plans.items()
                    add("method", "board_basis", plan, True, bm.start(), bm.end(), order=order)
            # ---- a visit booked, or denied ever to have been
            if g_booked and (bm := _BOOKED_RE.search(text, s, e)) is not None:
                no = bm.group("no") is not None
                add("availability", "visit_booking", "unavailable" if no else "available", not no, bm.start(), bm.end(), order=order)
        # ---- a free window to cancel, return or change
        if g_repair and not _QUESTION_END.search(text, s, e):
            rm = _REPAIR_WINDOW_RE.search(text, s, e)
            if rm is not None:
                add("threshold", "window:repair", window_hours(rm), True, rm.start(), rm.end(), unit="hours")
        if g_grace and statement:
            for gm in _GRACE_RE.finditer(text, s, e):
                hours = 0.0 if gm.group("no") else _to_hours(gm.group("n") or gm.group("n2"), gm.group("u") or gm.group("u2"))
                add("threshold", "window:grace", hours, True, gm.start(), gm.end(), unit="hours")
                break
        if g_turn and statement:
            tm = _TURNAROUND_RE.search(text, s, e)
            if tm is not None:
                unit = tm.group("u") or tm.group("u2")
                for raw in (tm.group("n") or tm.group("n2"), tm.group("m") or tm.group("m2")):
                    if raw:
                        add("threshold", "window:turnaround", _to_hours(raw, unit), True, tm.start(), tm.end(), unit="hours")
        if g_discount and statement:
            for dm in _DISCOUNT_RE.finditer(text, s, e):
                raw = (dm.group("n") or dm.group("n2")).lower()
                pct = float(_PCT_WORDS[raw]) if raw in _PCT_WORDS else float(raw)
                mod = (dm.group("mod") or dm.group("mod2") or "").lower()
                kind = mod if mod and mod not in _DISCOUNT_MOD_STOP else "general"
                add("threshold", "discount:" + kind, pct, True, dm.start(), dm.end(), unit="%")
        if g_count and statement:
            for km in _COUNT_RE.finditer(text, s, e):
                noun = (km.group("noun") or km.group("noun2")).lower()
                if noun not in _COUNT_NOUN_STOP:
                    add("threshold", "count:received", _count(km.group("n") or km.group("n2")), True, km.start(), km.end(), unit="items")
                    break
        if g_capacity and statement:
            cm = _CAPACITY_RE.search(text, s, e)
            if cm is not None:
                add("threshold", "capacity", _count(cm.group("n") or cm.group("n2") or cm.group("n3") or cm.group("n4")), True, cm.start(), cm.end(), unit="people")
        if g_validity and statement:
            vm = _VALIDITY_RE.search(text, s, e)
            if vm is not None:
                add("threshold", "window:validity", validity_hours(vm), True, vm.start(), vm.end(), unit="hours")
        if g_window and statement and _WINDOW_RIGHT.search(text, s, e) and not _WINDOW_NOT.search(text, s, e):
            for wm in _WINDOW_RE.finditer(text, s, e):
                for subj, rx in _WINDOW_FOR:
                    if rx.search(text, s, e):
                        add("threshold", subj, window_hours(wm), True, wm.start(), wm.end(), unit="hours")
                        break
                break
        # ---- how a refund is paid (card or credit); a denial of the card means credit
        if g_method:
            cm = _REFUND_CREDIT_RE.search(text, s, e)
            if cm is not None:
                add("method", "refund_method", "credit", True, cm.start(), cm.end(), order=order)
            else:
                km = _REFUND_CARD_RE.search(text, s, e)
                if km is not None and not re.search(r"(?:\bnot|n['’]t|\bnever|\bno)\b[^.!?\n]{0,25}$", text[max(s, km.start() - 30):km.start()], re.IGNORECASE):
                    add("method", "refund_method", "card", True, km.start(), km.end(), order=order)
        # ---- availability of payment methods and services, by clause
        for cs, ce in _clauses(text, s, e) if g_subject else ():
            ments = [(f"payment_method:{n}", ms, me, "service") for n, ms, me in _scan(vocab.payment_methods, text, cs, ce)]
            ments += [(n, ms, me, vocab.service_kinds.get(n, "service")) for n, ms, me in _scan(vocab.services, text, cs, ce)]
            # any other named fee ("the $75 application fee", "an unpaid late fee"), or one named
            # as free ("free dematting"): its own subject
            clause_low = text[cs:ce].lower()
            for triggers, rx, stop, kind in _NAMED_FEE_FORMS:
                if not any(t in clause_low for t in triggers):
                    continue
                for fm in rx.finditer(text, cs, ce):
                    w = (fm.group("w") or fm.group("w2")).lower() if kind == "open_pred" else fm.group("w").lower()
                    if w in stop or any(ms <= fm.start() < me or fm.start() <= ms < fm.end() for _n, ms, me, _k in ments):
                        continue
                    if kind == "open_pred":
                        v = (fm.group("v") or fm.group("v2")).lower()
                        kind_v = "open_pred_charged" if v.startswith(("charg", "bill")) else "open_free"
                        ments.append((f"{_singular(w)}_fee", fm.start(), fm.end(), kind_v))
                        continue
                    ments.append((f"{_singular(w)}_fee", fm.start(), fm.end(), kind))
            if not ments:
                continue
            neg = _has(cues.get("negative"), text, cs, ce)
            restricted = _has(cues.get("restricted"), text, cs, ce)
            universal = _has(cues.get("universal"), text, cs, ce)
            pos = _has(cues.get("positive"), text, cs, ce)
            money = [m for m in MONEY_RE.finditer(text, cs, ce)]
            seen = set()
            for subj, ms, me, kind in ments:
                if subj in seen:
                    continue
                seen.add(subj)
                no_before = _NO_BEFORE.search(text, max(cs, ms - 12), ms) is not None
                zero = any(_ZERO_MONEY.match(m.group(0).lstrip("−-")) and abs(m.end() - ms) <= 3 for m in money)
                if kind == "price":
                    continue  # prices are read below
                if kind == "open_pred_charged":
                    if not neg and not _QUESTION_END.search(text, cs, ce):
                        add("availability", subj, "charged", False, ms, me, scope="restricted" if restricted else "")
                    continue
                if kind == "open_free":
                    if neg and _NOT_FREE_BEFORE.search(text, max(cs, ms - 40), ms) and not _QUESTION_END.search(text, cs, ce):
                        # "not covered by a free reprint": the thing is charged for
                        add("availability", subj, "charged", False, ms, me)
                        continue
                    if not neg and not _QUESTION_END.search(text, cs, ce):
                        add("availability", subj, "waived" if not restricted else "restricted", True, ms, me, scope="restricted" if restricted else ("universal" if universal else ""))
                    continue
                if kind in ("fee", "open_fee") and _LACK_BEFORE.search(text, max(cs, ms - 40), ms) and not _QUESTION_END.search(text, cs, ce):
                    # "accident claims don't have an excess": the negation is the waiver
                    scope = "restricted" if restricted else ("universal" if universal else "")
                    add("availability", subj, "waived" if scope != "restricted" else "restricted", True, ms, me, scope=scope)
                    continue
                if kind in ("fee", "open_fee"):
                    pays = re.search(r"\b(?:pay|pays|paying|payable|charged?|applies|applied|deducted|is correct|correctly|standard|outstanding|owed|owing|unpaid|overdue)\b", text[cs:ce], re.IGNORECASE)
                    # a fee outside the vocabulary is waived only in so many words ("free" may be about anything)
                    waived = zero or no_before or re.search(r"\b(?:waived?|waiver|\$0|no fee)\b" if kind == "fee" else r"\b(?:waived?|waiver|free of charge|at no (?:extra )?cost|no charge)\b", text[cs:ce], re.IGNORECASE)
                    if not waived and kind == "fee":
                        # "free" is about the fee only next to it ("free assembly", "fee-free"), not "4 free passes"
                        waived = re.search(r"\bfree\b", text[max(cs, ms - 30):min(ce, me + 30)], re.IGNORECASE)
                    if re.search(r"\b(?:incl(?:uding|\.|udes)?|plus)\s+(?:the\s+|all\s+|any\s+)?$", text[max(0, ms - 16):ms], re.IGNORECASE):
                        continue  # "$87.80 incl. booking fees is being refunded": an item of an amount, not a stance on the fee
                    if waived and not neg:
                        scope = "restricted" if restricted else ("universal" if universal else "")
                        zs = min([m.start() for m in money if _ZERO_MONEY.match(m.group(0).lstrip("−-")) and abs(m.end() - ms) <= 3] + [ms])
                        add("availability", subj, "waived" if scope != "restricted" else "restricted", True, zs, me, scope=scope)
                    elif pays or neg or any(m.start() >= me and not _ZERO_MONEY.match(m.group(0).lstrip("−-")) for m in money):
                        # a bill line "Modem fee (...): $120.00" charges it too
                        add("availability", subj, "charged", False, ms, me, scope="restricted" if restricted else "")
                    continue
                if neg or no_before:
                    add("availability", subj, "unavailable", False, ms, me)
                elif restricted:
                    add("availability", subj, "restricted", True, ms, me, scope="restricted")
                elif pos or published:
                    add("availability", subj, "available", True, ms, me, scope="universal" if universal else "")
        # ---- prices, fees and amounts
        amount_hits_by_sentence.append((s, e, list(MONEY_RE.finditer(text, s, e)) if g_money else []))
        # ---- thresholds (credits after 24 hours)
        for subj, ms, me in _scan(vocab.services, text, s, e) if g_subject else ():
            if vocab.service_kinds.get(subj) != "service":
                continue
            for tm in _THRESHOLD_RE.finditer(text, s, e):
                n = int(tm.group("n"))
                u = tm.group("u").lower()
                hours = n * 24 if u.startswith("d") else (n / 60 if u.startswith("m") else n)
                add("threshold", subj, float(hours), True, tm.start(), tm.end(), unit="hours")
                break
        # ---- dates and deadlines (future statements)
        if not g_date:
            continue
        full_dates = list(DATE_RE.finditer(text, s, e))
        # a weekday that names the same day as a full date ("Thursday 18 September") is not a second claim
        weekdays = [wm for wm in WEEKDAY_RE.finditer(text, s, e) if not any(wm.start() <= d.start() <= wm.end() + 3 or d.start() <= wm.start() < d.end() for d in full_dates)]
        for dm in full_dates + weekdays:
            when = _resolve_date(dm, time) if "d1" in dm.re.groupindex else _resolve_weekday(dm, time)
            if when is None:
                continue
            pre = text[max(s, dm.start() - 60):dm.start()]
            if re.search(r"\b(?:since|from|as of|on the|back in|changed|ago|last)\b[^.]{0,10}$", pre, re.IGNORECASE) and not re.search(r"\b(?:by|until|before)\s*$", pre, re.IGNORECASE):
                continue
            if _DEADLINE_RE.search(text, max(s, dm.start() - 90), dm.start()):
                kind = "payment_deadline" if re.search(r"\bpa(?:y|id|yment)|renew", text[s:e], re.IGNORECASE) else "application_deadline" if _APPLY_RE.search(text, s, e) else "deadline"
                add("deadline", kind, when.date().isoformat(), True, dm.start(), dm.end(), order=order)
                continue
            if _IF_BY_RE.search(pre):
                continue  # a condition, not a date told: "if it hasn't shipped by June 24, I'll cancel it"
            lm = _DATE_LABEL_RE.search(pre)
            if lm is not None:
                add("date", _DATE_LABEL_SUBJECT[lm.group("label").lower()], when.date().isoformat(), True, dm.start(), dm.end(), order=order)
                continue
            if not _FUTURE_RE.search(text, s, e):
                continue
            sent = text[s:e]
            for subj, rx in _DATE_SUBJECTS:
                if rx.search(sent):
                    add("date", subj, when.date().isoformat(), True, dm.start(), dm.end(), order=order)
                    break
    if "cancel" in low and not any(c.subject == "cancellation_fee" for c in out):
        _cancel_terms(text, sents, add)
    _amount_claims(text, vocab, amount_hits_by_sentence, add, order, published)
    return tuple(out)


# Leaving terms said without naming a fee: "Cancel any time. No fees, no catch." waives a
# cancellation fee for everyone; "customers who cancel within the first 12 months pay the
# outstanding balance" charges one to some. Read across the sentence break of the slogan.
_CANCEL_FREE_RE = re.compile(
    r"\bcancel(?:lation)?s? (?:at )?any ?time\b(?:[.,!;:–—-]+\s*|\s+(?:with|and|for|at)\s+)(?:(?:no|zero) (?:fees?|charges?|penalt(?:y|ies)|costs?|exit fees?|cancellation fees?)\b|free(?: of charge)?\b|without (?:any )?(?:fees?|charges?|penalt(?:y|ies)))", re.IGNORECASE)
_CANCEL_PAY_RE = re.compile(
    r"\b(?:who|if (?:you|they|customers?|members?|subscribers?))\s+cancel\w*\s+(?:within|before|during|in)\b[^.;!?]{0,60}?\b(?:pay|pays|are charged|will be charged|must pay|owe|is charged|incur|are billed|will be billed)\b", re.IGNORECASE)


def _cancel_terms(text: str, sents: list[tuple[int, int]], add) -> None:
    for rx, value, pol, scope in ((_CANCEL_FREE_RE, "waived", True, "universal"), (_CANCEL_PAY_RE, "charged", False, "restricted")):
        for m in rx.finditer(text):
            s, e = next(((a, b) for a, b in sents if a <= m.end() - 1 < b), (m.start(), m.end()))
            if _QUESTION_END.search(text, s, e):
                continue
            add("availability", "cancellation_fee", value, pol, m.start(), m.end(), scope=scope)


def _resolve_weekday(m: re.Match[str], ref: datetime | None) -> datetime | None:
    if ref is None:
        return None
    wd = _WEEKDAYS.index(m.group("wd").lower())
    delta = (wd - ref.weekday()) % 7
    if m.group(0).lower().startswith("next") and delta == 0:
        delta = 7
    return (ref + timedelta(days=delta)).replace(hour=0, minute=0, second=0, microsecond=0)


_FAILED_CHECK_RE = re.compile(r"(?:\bnot|n't|n['’]t|\bfailed to|\bnever)\s+(?:pass(?:ed)?|clear(?:ed)?|meet|met|satisfy|satisfied|complete[d]?)\b(?:\W+\w+){0,2}\W*$", re.IGNORECASE)


def _reason_negated(text: str, sent_start: int, start: int) -> bool:
    before = text[max(sent_start, start - 30):start]
    if _FAILED_CHECK_RE.search(before):
        return False  # "didn't pass our fraud verification": failing the check IS the reason
    return re.search(r"\b(?:not|n't|never|no|nothing to do with|wasn't|isn't)\b(?:\W+\w+){0,3}\W*$", before, re.IGNORECASE) is not None


_CREDIT_NOUN_AFTER = re.compile(r"\s+(?:goodwill |account |courtesy |one-off |service )?credit\b", re.IGNORECASE)
_AS_CREDIT_AFTER = re.compile(r"\s*(?:\w+\s+)?(?:as|in) (?:a |an )?(?:[\w'’-]+ )?(?:credit|voucher|gift card|wallet balance|points|store credit|account credit)\b", re.IGNORECASE)


# A whole job's price said as final ("a flat A$149 all-in", "$1,850, that's everything") and
# the total then billed ("Total: $2,430.00", "A$149 + A$140 = A$289"): a quote the bill exceeds
# is a contradiction whatever the order number (the quote rarely has one).
_ALL_IN_AFTER = re.compile(
    r"\s*(?:\+\s*(?:gst|vat|tax)\s*)?,?\s*(?:[\w'’]+\s+){0,2}?(?:all[- ]in(?:clusive)?\b|all included\b|everything included\b|including everything\b"
    r"|in total\b|total\b(?! (?:of|for|due|payable|paid|charged|amount|to pay|owing|outstanding)\b)(?!\s*(?:[:=…]|\.{2}|[£$€]|[A-Z]{1,3}\$|\d))|all told\b|no extras\b|nothing extra\b|no hidden (?:fees|costs|charges|extras)\b|no surprises\b"
    r"|(?:and )?that(?:['’]s| is| covers) (?:it|everything)\b)", re.IGNORECASE)
_ALL_IN_BEFORE = re.compile(
    r"\b(?:all[- ]in(?:clusive)? (?:price|cost|fee|quote|rate|total)(?: is| of| will be| would be)?|total (?:cost|price|charge|quote) (?:is|will be|would be|comes? to|of)"
    r"|(?:it|that|this|the job|the work|the repair|everything) (?:comes?|will come|would come) to|flat (?:fee|rate|price|charge) of)\s+(?:about |around |just |only )?$", re.IGNORECASE)
_ALL_IN_NEXT = re.compile(r"\s*(?:that(?:['’]s| is| covers)|it covers|covers) everything\b|\s*(?:no|nothing) (?:extras|extra|surprises|hidden (?:fees|costs|charges))\b", re.IGNORECASE)
_BILLED_TOTAL_BEFORE = re.compile(
    r"(?:\btotal(?: due| charged| amount| paid| payable| billed| to pay)?\s*(?:[:=]|is|was|of|comes to|came to)?[\s.…·_]*|(?<=[\d\s])=\s*"
    r"|\b(?:we|you were|you've been|you have been|has been|have been|was|were) (?:charged|billed|debited)\s+(?:you\s+)?(?:a total of\s+)?)$", re.IGNORECASE)
_NOT_A_PRICE = re.compile(r"\b(?:refund\w*|credit\w*|discount\w*|off|sav(?:e|es|ed|ing)|deposit|compensation|voucher|cashback|back to (?:your|the) card|reimburs\w*|goodwill)\b", re.IGNORECASE)


def _job_total(text: str, s: int, e: int, ms: int, me: int) -> str | None:
    """'quoted_total' when the amount at ms:me is said to be a whole job's final price,
    'charged_total' when it is the total of a bill, else None."""
    if _NOT_A_PRICE.search(text, s, e):
        return None
    after = _ALL_IN_AFTER.match(text, me, e)
    if after is not None and not MONEY_RE.search(text, me, after.end()):
        return "quoted_total"
    before = text[max(s, ms - 50):ms]
    if _ALL_IN_BEFORE.search(before):
        return "quoted_total"
    if e - me < 3 and _ALL_IN_NEXT.match(text, e):
        return "quoted_total"  # "... it's $1,850. That's everything: ..."
    bm = _BILLED_TOTAL_BEFORE.search(text[max(s, ms - 40):ms])
    if bm is not None and (not bm.group(0).startswith("=") or "+" in text[s:ms]):
        return "charged_total"  # "A + B = C" is a bill's total; "16 days x $15 = $240" one line of it
    return None


# The price of a named plan, pass or membership with its period ("Family membership: $120 a
# year", "the US Roam Pass is $15 per day of use", "US Roam Pass: 16 days x $15.00"). The
# subject carries the name and the period, so a monthly and a yearly price never meet.
_PLAN_HEAD = r"(?:membership|pass|plan|subscription|bundle|package|add-?on|tier|licen[cs]e|season ticket|club|programme|program|tariff)s?"
_PLAN_NP_RE = re.compile(r"(?P<np>(?:[A-Za-z][\w&+'’-]*\s+){0,3}" + _PLAN_HEAD + r")\b", re.IGNORECASE)
_PLAN_GAP_RE = re.compile(
    r"(?:'s price|['’]s price| price| fee| cost| rate)?\s*(?:[:—–-]\s*|,\s*)?(?:(?P<it>(?:it|which|that)(?:['’]s| is| costs)\s+)|(?P<verb>(?:(?:rises|rose|rising|goes up|went up|going up|increases|increased|is increasing|changes|changed|moves|moved) (?:from \S+ )?to|is|are|costs?|will cost|would cost|now costs?|is now|are now|stays?|remains?|goes up to|rises to|increases to|went up to|is priced at|is charged at|at|for)\s+)|(?P<past>(?:was|were|used to be|used to cost|cost)\s+))?"
    r"(?:only |just |now |still |currently )?(?:\d+\s*(?:days?|nights?|weeks?|months?)\s*[x×*]\s*)?$", re.IGNORECASE)
_PERIOD_RE = re.compile(
    r"\s*(?:(?:a|an|per|each|every)\s+|/\s*)(?P<per>day|night|week|month|mo|year|yr|annum|hour|hr|person|head|guest|seat|user|visit|class|session|lesson)\b"
    r"|\s*(?P<adv>daily|nightly|weekly|monthly|annually|yearly)\b", re.IGNORECASE)
_PERIOD_NORM = {"mo": "month", "yr": "year", "annum": "year", "hr": "hour", "head": "person", "guest": "person",
                "daily": "day", "nightly": "night", "weekly": "week", "monthly": "month", "annually": "year", "yearly": "year"}
_COUNT_TIMES_RE = re.compile(r"\b(day|night|week|month)s?\s*[x×*]\s*$", re.IGNORECASE)
_PLAN_STOP = frozenset("the a an your our their his her its my this that these those any every each new old current "
                       "add use get buy try join with for of to on in at and or is are was be from by per".split())


def plan_price_label(subject: str) -> str | None:
    """'price:family membership/year' -> 'the family membership price per year'; None for other subjects."""
    if not subject.startswith("price:") or "/" not in subject:
        return None
    name, per = subject[6:].rsplit("/", 1)
    return f"the {name} price per {per}"


def _plan_price(text: str, s: int, ms: int, me: int) -> tuple[str, str] | None:
    """(subject, tense) when the money at ms:me is a named plan's price per period."""
    pm = _PERIOD_RE.match(text, me)
    if pm is None:
        # "16 days x $15.00": the period is the unit counted before the multiplication sign
        cm = _COUNT_TIMES_RE.search(text[max(s, ms - 20):ms])
        if cm is None:
            return None
        per = cm.group(1).lower()
    else:
        per = (pm.group("per") or pm.group("adv")).lower()
    per = _PERIOD_NORM.get(per, per)
    window = text[max(s, ms - 80):ms]
    best = None
    for nm in _PLAN_NP_RE.finditer(window):
        gm = _PLAN_GAP_RE.match(window, nm.end())
        if gm is not None and gm.end() == len(window):
            best = (nm, gm)
    if best is None:
        return None
    nm, gm = best
    words = [w for w in nm.group("np").lower().replace("’", "'").split()]
    while words and (words[0] in _PLAN_STOP or words[0].endswith("'s") or words[0].endswith("'")):
        words.pop(0)
    if any(w in _PLAN_STOP for w in words[:-1]):
        words = words[max(i for i, w in enumerate(words[:-1]) if w in _PLAN_STOP) + 1:]
    if not words:
        return None
    words[-1] = _singular(words[-1])
    tense = "past" if gm.group("past") else "current"
    return f"price:{' '.join(words)}/{per}", tense


def _amount_claims(text: str, vocab: ClaimVocabulary, per_sentence, add, order: str | None, published: bool = False) -> None:
    # published rules name the service and then qualify it ("the excess for escape-of-water
    # claims on Home Plus policies is £500"): a longer gap is allowed there
    max_chars, max_words = (90, 12) if published else (40, 5)
    past_rx = vocab.cues.get("past")
    for s, e, money in per_sentence:
        if not money:
            continue
        svc = _scan(vocab.services, text, s, e)
        amt = _scan(vocab.amount_subjects, text, s, e)
        refund_sentence = any(n == "refund" for n, _, _ in amt)
        for m in money:
            value, cur = parse_money(m)
            ms, me = m.span()
            # a named plan's price per period, and (said to the customer) a whole job's price or a bill's total
            plan = _plan_price(text, s, ms, me)
            if plan is not None:
                add("price", plan[0], value, True, ms + (1 if m.group("neg") else 0), me, tense=plan[1], unit=cur)
            job = None if published else _job_total(text, s, e, ms, me)
            if job is not None:
                add("amount", job, value, True, ms + (1 if m.group("neg") else 0), me, unit=cur, order=order)
            if m.group("neg"):
                ms += 1
            # a service named just before ("Express delivery: £4.99", "costs £6.99") or just after ("£35 upgrade fee")
            attached = None
            for name, ss, se in svc:
                if se <= ms:
                    gap = text[se:ms]
                    gap_wo_past = MONEY_RE.sub("", gap)
                    if len(gap_wo_past) <= max_chars and not re.search(r"[,;]", gap_wo_past) and len(re.findall(r"\w+", gap_wo_past)) <= max_words and "\n" not in gap:
                        attached = (name, min(se, ms), me, se, ms)
                elif ss >= me and attached is None:
                    gap = text[me:ss]
                    if len(gap) <= 25 and re.fullmatch(r"\s+(?:[\w-]+\s+){0,2}", gap):
                        attached = (name, ms, se, ms, ms)
                    break
            if attached is not None:
                name = attached[0]
                kind = vocab.service_kinds.get(name, "service")
                before = text[max(s, ms - 25):ms]
                tense = "past" if past_rx is not None and re.search(r"(?:" + past_rx.pattern + r")\W*$", before, re.IGNORECASE) else "current"
                if re.search(r"\bfrom\s+$", before, re.IGNORECASE) and re.match(r"\s+to\s+[£$€]", text[me:me + 8]):
                    tense = "past"
                if UNTIL_AFTER_RE.match(text, me):
                    tense = "past"  # "it's $1.50 until 30 November": a value with an end date
                if kind == "fee" and value == 0:
                    continue  # a $0 fee is a waiver, read as availability
                add("price" if kind == "price" else "amount", name, value, True, ms, me, tense=tense, unit=cur, order=order if kind != "price" else None)
                continue
            if refund_sentence:
                # "AED 150 back to your card and AED 60 as Tidyloop credit": the credit is no money back
                add("amount", "store_credit" if _AS_CREDIT_AFTER.match(text, me) else "refund", value, True, ms, me, unit=cur, order=order)
            elif any(n == "renewal" for n, _, _ in amt):  # "Invoice 5521, plan renewal: $11,040" is the renewal price
                add("amount", "renewal", value, True, ms, me, unit=cur, order=order)
            elif any(n == "rent" for n, _, _ in amt):  # "Rent: £189 per week" on a booking or tenancy
                add("amount", "rent", value, True, ms, me, unit=cur, order=order)
            elif any(n == "bill" for n, _, _ in amt) and not _CREDIT_NOUN_AFTER.match(text, me):
                add("amount", "bill", value, True, ms, me, unit=cur, order=order)  # "a $2.25 credit on your invoice" is no bill


def claims_of(record: Message | Content | Policy | Event, vocab: ClaimVocabulary | None = None) -> tuple[Claim, ...]:
    """Claims of one record. Events have no text: their string attributes are not claims."""
    vocab = vocab or default_vocabulary()
    if isinstance(record, Event):
        return ()
    brand = record.meta.get("brand") if record.meta else None
    brand = brand if isinstance(brand, str) else None
    if isinstance(record, Message):
        return extract_claims(record.text, record_id=record.id, record_kind="message", time=record.timestamp,
                              order_id=record.order_id, brand=brand, vocab=vocab)
    if isinstance(record, Content):
        text = record.text
        return extract_claims(text, record_id=record.id, record_kind="content", time=record.valid_from, brand=brand, vocab=vocab)
    return extract_claims(record.text, record_id=record.id, record_kind="policy", time=record.effective_from, brand=brand, vocab=vocab)


def brand_of(record: Any) -> str | None:
    meta = getattr(record, "meta", None)
    if not meta:
        return None
    b = meta.get("brand")
    return b if isinstance(b, str) and b else None


def same_scope(a: str | None, b: str | None) -> bool:
    """Records are compared unless both name a brand and the brands differ."""
    return a is None or b is None or a == b
