"""contradiction: the company told the same customer incompatible things about the same subject.

Claims (``cxaudit.claims``) are read from every company message of a journey (agents, bots,
system notices, tracking pages; any channel or department). Two statements about the same
subject from different messages are judged, in time order:

- a *contradiction*: different reasons for the same cancellation, a reason the later message
  denies, a refund amount that neither matches nor adds up to the one announced, a service
  said to be available and then not (or "on every plan" and then "only on one plan");
- a *refinement*: the later statement narrows the earlier one without denying it (a plain
  "available" followed by its conditions), or repeats part of an announced breakdown;
- an *acknowledged correction*: the later message says the earlier one was wrong;
- a *change of state*: the status moved forward, or the later message reports a change that
  took effect after the earlier statement ("from 1 April the price is ...").

Only contradictions become findings; the explanation says what was compared. A change the
later message dates *before* the earlier statement is no excuse: the earlier one was wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Iterable

from ..claims import DATE_RE, Claim, _resolve_date, audience, change_date, claims_of, correction_span, default_vocabulary, different_audiences, plan_price_label, sentences
from ..findings import Finding, evidence
from ..records import Message
from ..units import Journey
from .base import Context, Detector

AVAILABLE = {"available": 1, "waived": 1, "restricted": 0, "unavailable": -1, "charged": -1}
# A later date that says it moved ("rescheduled", "new date", "delayed to") is a change, not a
# contradiction; the generic change cues ("from", "now") are too loose for dates.
_DATE_CHANGE_RE = re.compile(
    r"\b(?:re-?schedul\w*|re-?book\w*|re-?arrang\w*|postpon\w*|moved|changed|new (?:[\w-]+ ){0,2}?(?:date|time|slot|appointment)|instead|updated|revised|delay(?:ed|s)?|brought forward|pushed (?:back|out|its|it|the)|slipped|now (?:be|arrive|due|scheduled|booked|on))\b",
    re.IGNORECASE,
)
_REVERSAL_RE = re.compile(
    r"\b(?:revers(?:e|ed|ing)|withdr(?:aw|awn|ew)|overturn(?:ed)?|rescind(?:ed)?|revok(?:e|ed)|retract(?:ed)?) (?:the |our |its |my |your )?(?:earlier |previous |original |initial )?(?:approval|decision|acceptance|offer)\b"
    r"|\b(?:earlier|previous|original|initial) (?:approval|decision) (?:was|has been) (?:made )?(?:in error|wrong|incorrect|a mistake)",
    re.IGNORECASE,
)
_CANCELLED_ON_RE = re.compile(r"\bcancell?ed (?:on |back on )?(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),? )?", re.IGNORECASE)


def _cancelled_on(text: str, ref: Any) -> Any:
    """The date a text says something was cancelled on ("was cancelled on 4 October"), or None."""
    for m in _CANCELLED_ON_RE.finditer(text):
        dm = DATE_RE.match(text, m.end())
        if dm is not None:
            d = _resolve_date(dm, ref)
            if d is not None and d <= ref:
                return d
    return None


# A state said to have held throughout ("has been in stock the whole time", "all along").
_ALL_ALONG_RE = re.compile(r"\b(?:the whole time|all along|throughout|the entire time|never (?:been )?out of stock|at all times|the whole (?:week|month|period))\b", re.IGNORECASE)
_DONE_RE = re.compile(
    r"\b(?:we['’]ve|we have|i['’]ve|i have|has been|have been|was|were)\s+(?:now\s+|just\s+)?(?:refunded|issued|processed|credited|sent|paid|reversed)\b|\brefund (?:processed|issued|sent)\b|\brefund(?:ed| amount| total)?:\s*(?:[A-Z]{1,3}\s?)?[£$€₹¥]",
    re.IGNORECASE,
)
_EXTENDED_RE = re.compile(r"\bextend\w*\b", re.IGNORECASE)  # "we have extended the deadline"
# Subjects whose "no" then "yes" is progress (the item arrived, the visit got booked); only the reverse is suspect.
_PROGRESS_SUBJECTS = frozenset({"stock", "visit_booking"})
# Subjects excused only by a stated change: their sentences carry "from"/"new" for other reasons
# ("12 months from delivery", "valid for six weeks from purchase", "the new resort is half-board");
# so is whether a payment is refundable ("we can move the deposit to a new date").
_STRICT_CHANGE_SUBJECTS = frozenset({"warranty", "board_basis", "window:validity", "window:turnaround"})
_STRICT_CHANGE_RE = re.compile(r"\b(?:changed|no longer|now|updated|reduced|extended|shortened|upgraded|downgraded|switched)\b", re.IGNORECASE)
JUDGED_TYPES = ("reason", "amount", "price", "availability", "status", "date", "deadline", "threshold", "receipt", "method", "decision")
# deadlines that are a rule about a place or a service (apply by 30 June), not a bill's due date
_RULE_DEADLINES = frozenset({"application_deadline"})


@dataclass(frozen=True)
class Settings:
    types: tuple[str, ...] = JUDGED_TYPES  # claim types judged
    money_tolerance: float = 0.005  # amounts closer than this are equal
    amount_subjects: tuple[str, ...] = ("refund", "renewal", "rent", "job_total")  # message amounts compared (bills change month to month; a quoted renewal price or rent is a commitment; job_total: an all-in quote against the bill's total)
    quote_window_days: float = 45.0  # an all-in quote is held against bill totals sent within this many days of it


@dataclass
class _Amounts:
    """Every amount a journey tells or pays: per message, and per order with its record id."""

    by_message: dict[str, list[float]]
    by_order: dict[str, list[tuple[str, float]]]
    kept: dict[str, set[float]] = field(default_factory=dict)  # per message: fees it says are charged or kept, not paid back
    in_credit: dict[str, set[float]] = field(default_factory=dict)  # per message: amounts given as store credit, not money back
    to_card: set[str] = field(default_factory=set)  # messages that say the refund goes back to the card
    when: dict[str, Any] = field(default_factory=dict)  # record id -> timestamp
    asked: list[Any] = field(default_factory=list)  # when the customer wrote, in order

    def before_next_ask(self, src: str, after: Any) -> bool:
        """Whether record ``src`` came before the customer's first message after ``after``: a
        part paid only once the customer complained is a remedy, not the plan."""
        nxt = next((t for t in self.asked if t > after), None)
        return nxt is None or self.when.get(src, after) <= nxt


@dataclass
class _Statement:
    """What one message says about one subject: its claims, aggregated."""

    msg: Message
    key: tuple[str, str, str]
    claims: list[Claim]

    @property
    def first(self) -> Claim:
        return self.claims[0]


_JOB_TOTAL = ("quoted_total", "charged_total")


def _key(c: Claim, msg: Message, settings: Settings) -> tuple[str, str, str] | None:
    if c.type not in settings.types:
        return None
    if c.type == "amount":
        if c.subject in _JOB_TOTAL:  # the quote rarely carries the bill's order number: one per journey
            return ("amount", "job_total", "") if "job_total" in settings.amount_subjects else None
        if c.subject not in settings.amount_subjects and not c.subject.endswith("_fee"):
            return None
        return ("amount", c.subject, c.order_id or f"conv:{msg.conversation_id}")
    if c.type == "price":
        return None if c.tense == "past" else ("price", c.subject, "")
    if c.type == "status":
        return (c.type, c.subject, c.order_id) if c.order_id else None
    if c.type == "date":
        if c.subject == "callback_date":
            return None  # each promise to call or write is its own contact (broken_promise judges them)
        # a booking with no order id (a collection, an appointment) is the customer's own
        return (c.type, c.subject, c.order_id or "") if c.order_id or c.subject in ("collection_date", "appointment_date", "start_date") else None
    if c.type == "deadline":
        return ("deadline", c.subject, "") if c.subject in _RULE_DEADLINES else None
    if c.type == "reason":
        return ("reason", c.subject, c.order_id or f"conv:{msg.conversation_id}")
    if c.type == "receipt":
        return ("receipt", c.subject, c.order_id or "")
    if c.type == "decision":
        # the penalty notice's number is rarely said on the phone: one penalty per journey
        return ("decision", c.subject, "" if c.subject == "penalty_decision" else c.order_id or "")
    if c.type == "method":
        return ("method", c.subject, c.order_id or f"conv:{msg.conversation_id}")
    return (c.type, c.subject, "")


def _fmt_money(c: Claim, v: float) -> str:
    sym = {"GBP": "£", "USD": "$", "EUR": "€"}.get(c.unit or "", "")
    return f"{sym}{v:,.2f}" if sym else f"{v:,.2f} {c.unit or ''}".strip()


def _stance(st: _Statement) -> tuple[int, str]:
    return _stance_of(st.claims)


_PREFIX_WORDS = {"entitlement": "entitlement to {}", "cover": "cover for {}", "refundable": "{}",
                 "notice": "notice for {}", "window": "{} window", "count": "number of items {}", "discount": "{} discount", "offer": "offer of {}", "fees": "fees on {}s"}


_NAMED_WINDOWS = {"window:validity": "validity period", "window:turnaround": "turnaround time"}


def _readable(subject: str) -> str:
    """'entitlement:compensation' -> 'entitlement to compensation'; plain subjects unchanged
    (the measures keep the subject as it is)."""
    if subject in _NAMED_WINDOWS:
        return _NAMED_WINDOWS[subject]
    head, sep, rest = subject.partition(":")
    if not sep or head not in _PREFIX_WORDS:
        return subject
    return _PREFIX_WORDS[head].format(rest.replace("_", " "))


def _stance_of(claims: list[Claim]) -> tuple[int, str]:
    """-1 withdrawn/charged, 0 restricted, 1 available/waived; and scope."""
    vals = [AVAILABLE.get(c.value, 0) for c in claims]
    if 1 not in vals and any(c.value == "charged" and c.scope != "restricted" for c in claims):
        # "the R45 was charged correctly; delivery is free only over R350": the verdict on this
        # charge is what the statement says, the rule it quotes is its reason
        return -1, ""
    if any(c.scope == "restricted" for c in claims) or 0 in vals:
        return 0, "restricted"
    if -1 in vals and 1 in vals:
        return 0, "mixed"
    if -1 in vals:
        return -1, "universal" if any(c.scope == "universal" for c in claims) else ""
    return 1, "universal" if any(c.scope == "universal" for c in claims) else ""


def _fmt_hours(h: float) -> str:
    """A duration as people say it: under 72 hours in hours ('48 hours'), else in whole years,
    weeks or days ('8 weeks', '30 days')."""
    if h >= 72:
        for size, unit in ((8760.0, "year"), (168.0, "week"), (24.0, "day")):
            n = h / size
            if abs(n - round(n)) < 1e-6:
                n = int(round(n))
                return f"{n} {unit}{'s' if n != 1 else ''}"
    return f"{h:g} hour{'s' if h != 1 else ''}"


def _describe(st: _Statement) -> str:
    return _describe_claims(st.claims)


def _describe_claims(claims: list[Claim]) -> str:
    """A short reading of what a statement says ("not available", "£151.20", "payment")."""
    c = claims[0]
    if c.type == "availability":
        s, scope = _stance_of(claims)
        word = {1: "available", 0: "restricted", -1: "not available"}[s]
        if c.subject.endswith("_fee") or c.subject.startswith("fees:") or any(x.value in ("charged", "waived") for x in claims):
            # a named fee is waived; a practice a policy now bills was free or included
            word = {1: "free or included" if c.subject.startswith("changed:") else "waived", 0: "waived only for some", -1: "charged"}[s]
        elif c.subject.startswith("refundable:"):
            word = {1: "refundable", 0: "refundable only on a condition", -1: "not refundable"}[s]
        return f"{word}{' for everyone' if scope == 'universal' and s == 1 else ''}"
    if c.type in ("amount", "price"):
        return " + ".join(dict.fromkeys(_fmt_money(x, x.value) for x in claims))
    if c.type == "reason":
        pos = [x.value for x in claims if x.polarity]
        neg = [x.value for x in claims if not x.polarity]
        parts = []
        if pos:
            parts.append("/".join(dict.fromkeys(pos)))
        if neg:
            parts.append("not " + "/".join(dict.fromkeys(neg)))
        return ", ".join(parts)
    if c.type == "threshold":
        if c.subject.startswith("changed:"):  # as written ("7 days"), not normalised
            return " / ".join(dict.fromkeys(x.quote for x in claims))
        if c.unit == "hours":  # a range ("six to eight weeks") reads as one
            return " to ".join(dict.fromkeys(_fmt_hours(x.value) for x in sorted(claims, key=lambda x: x.value)))
        if c.unit == "%":
            return " / ".join(dict.fromkeys(f"{x.value:g}%" for x in claims))
        return f"{c.value:g} {c.unit or ''}".strip()
    return "/".join(dict.fromkeys(str(x.value) for x in claims))


def judge_claims(a: list[Claim], b: list[Claim], vocab: Any = None, tol: float = 0.005) -> tuple[str, str] | None:
    """Judge what one statement (claims ``a``, all of one type and subject) and a later one
    (``b``) say: ``(kind, detail)`` when they are incompatible, None when they agree or the
    later one only refines the earlier one (adds a condition, repeats part of a breakdown)."""
    vocab = vocab or default_vocabulary()
    t = a[0].type
    if t == "reason":
        pa = {c.value for c in a if c.polarity}
        na = {c.value for c in a if not c.polarity}
        pb = {c.value for c in b if c.polarity}
        nb = {c.value for c in b if not c.polarity}
        if pa & nb:
            return "denied", f"the later message denies the reason '{'/'.join(sorted(pa & nb))}'"
        if na & pb:
            return "denied", f"the later message gives the reason '{'/'.join(sorted(na & pb))}' the earlier one denied"
        if pa and pb and not pa & pb:
            return "different", "the two statements give different reasons for the same event"
        return None
    if t in ("amount", "price", "threshold"):
        va = [c.value for c in a]
        vb = [c.value for c in b]
        if any(abs(x - y) <= tol for x in va for y in vb):
            return None
        if a[0].subject == "count:received":
            if max(vb) > max(va):
                return None  # more arrived since
            return "fewer", "the later count of items received is lower than the one already given"
        if t == "amount":
            if len(vb) > 1 and any(abs(sum(vb) - x) <= tol for x in va):
                return None
            if len(va) > 1 and any(abs(sum(va) - y) <= tol for y in vb):
                return None
        return "different", "the amounts neither match nor add up" if t == "amount" else "the values differ"
    if t == "availability":
        sa, scope_a = _stance_of(a)
        sb, scope_b = _stance_of(b)
        if scope_a == "mixed" or scope_b == "mixed":
            # "free on any item" against "charged on some items, free on others": the rule for
            # everyone is what the mixed statement denies; two mixed statements are compared no further
            if {scope_a, scope_b} == {"mixed", "universal"}:
                return "narrowed", "one statement says it holds for everything, the other that it depends on the case"
            return None
        if sa * sb == -1:
            if a[0].subject.endswith("_fee") or a[0].subject.startswith("fees:"):
                return "opposite", "one statement says the fee is waived, the other that it is charged"
            if {c.value for c in a + b} & {"charged", "waived"}:
                return "opposite", "one statement says it is free or included, the other that it is charged"
            return "opposite", "one statement says it is available, the other that it is not"
        if sa == 1 and sb == 0 and scope_a == "universal":
            return "narrowed", "one statement says it applies to everyone, the other that it is restricted"
        if sa == 0 and sb == 1 and scope_b == "universal":
            return "widened", "one statement says it is restricted, the other that it applies to everyone"
        if (sa, sb) in ((0, -1), (-1, 0)) and "universal" in (scope_a, scope_b) and "restricted" in (scope_a, scope_b):
            # "refundable up to 90 days before" against "non-refundable in all circumstances"
            return "opposite", "one statement says it is available on a condition, the other that it never is"
        return None
    if t == "status":
        rank = vocab.status_rank
        ra = max(rank.get(c.value, 0) for c in a)
        rb = max(rank.get(c.value, 0) for c in b)
        if rb < ra:
            return "backwards", "the later status is earlier in the order's life than the one already reported"
        return None
    if t == "receipt":
        # "not received" then "received" is the thing arriving; the reverse cannot happen
        if any(c.value == "received" for c in a) and all(c.value == "not received" for c in b):
            return "backwards", "the later message says it was never received after an earlier one said it had been"
        return None
    if t == "decision":
        if {c.value for c in a} & {c.value for c in b}:
            return None
        if a[0].subject == "damage_inspection":
            return "reversed", "one statement says no damage was recorded, the other that damage was"
        if a[0].subject == "penalty_decision":
            return "reversed", "one statement says the penalty is cancelled, the other that it stands"
        return "reversed", "one statement says it was approved, the other that it was declined"
    if t == "method":
        ma = {c.value for c in a}
        mb = {c.value for c in b}
        if ma & mb:
            return None
        if a[0].subject == "board_basis":
            return "different", "the statements name different board bases"
        return "different", "one statement says the refund goes back to the card, the other that it is paid as credit"
    if t in ("date", "deadline"):
        da = {c.value for c in a}
        db = {c.value for c in b}
        if da & db:
            return None
        return "different", "the dates differ"
    return None


def _sentence_span(text: str, claims: list[Claim], limit: int = 320) -> tuple[int, int]:
    """The sentence(s) holding the claims, so the quote reads as a statement."""
    s0, e0 = min(c.start for c in claims), max(c.end for c in claims)
    start, end = s0, e0
    for s, e in sentences(text):
        if s <= s0 < e or s0 <= s < e0:
            start = min(start, s)
            end = max(end, e)
    if end - start > limit:
        c = claims[0]
        for s, e in sentences(text):
            if s <= c.start < e:
                return s, e
        return c.start, c.end
    return start, end


def _sole_order(journey: Journey, said: dict[str, tuple[Claim, ...]]) -> str | None:
    """The one order a journey is about (every order id its records carry or its company
    messages' claims name), or None when there are none or several."""
    seen = {r.order_id for r in (*journey.messages, *journey.events) if r.order_id}
    for claims in said.values():
        seen.update(c.order_id for c in claims if c.order_id)
        if len(seen) > 1:
            return None
    return next(iter(seen)) if len(seen) == 1 else None


class Contradiction(Detector):
    code = "contradiction"
    scope = "journey"
    needs = ()
    Settings = Settings
    description = "The company told the same customer incompatible things (reasons, amounts, dates, policies), in one channel or across channels."

    def __init__(self, settings: Any = None):
        super().__init__(settings)
        self.vocab = default_vocabulary()

    # ------------------------------------------------------------------ judging
    def _conflict(self, a: _Statement, b: _Statement) -> tuple[str, str] | None:
        res = judge_claims(a.claims, b.claims, self.vocab, self.settings.money_tolerance)
        if res is not None and a.key[1] == "job_total":
            res = (res[0], "the bill's total is more than the price quoted as all-in")
        if res is not None and different_audiences(audience(a.msg.text, *_sentence_span(a.msg.text, a.claims), perks=True), audience(b.msg.text, *_sentence_span(b.msg.text, b.claims), perks=True)):
            return None  # about different audiences ("for members" / "for non-members")
        return res

    def _excuse(self, a: _Statement, b: _Statement, kind: str, amounts: "_Amounts | None" = None) -> str | None:
        """Why b is not a contradiction of a (correction, change of state), or None."""
        text = b.msg.text
        if correction_span(text, self.vocab) is not None:
            return "acknowledged correction"
        t = a.first.type
        if t == "reason":
            return None
        if t in ("status", "receipt"):
            return None  # a status cannot move back, nor something received become unreceived
        if t == "decision":
            # a reversal that says so is a (bad) change, not a contradiction
            return "acknowledged reversal" if _REVERSAL_RE.search(text) else None
        if t == "date":
            first = min(c.value for c in a.claims)
            if b.msg.timestamp.date().isoformat() > first and a.msg.timestamp.date().isoformat() < first:
                # a date still ahead when it was said, and missed: a broken promise. One already
                # past when it was said ("ships by August 10", on 12 August) was never true.
                return "earlier date already passed (a broken promise, not a contradiction)"
            if _DATE_CHANGE_RE.search(text):
                return "reported change of date"
            return None
        if t == "deadline":
            return "reported change of deadline" if _DATE_CHANGE_RE.search(text) or _EXTENDED_RE.search(text) else None
        if t == "amount" and a.key[1] == "job_total":
            # only an all-in quote held against a later bill total that exceeds it
            if not any(c.subject == "quoted_total" for c in a.claims) or not any(c.subject == "charged_total" for c in b.claims):
                return "not a quote and a bill"
            if (b.msg.timestamp - a.msg.timestamp).total_seconds() > self.settings.quote_window_days * 86400:
                return "too long after the quote to be the same job"
            if max(c.value for c in b.claims) <= max(c.value for c in a.claims) + self.settings.money_tolerance:
                return "billed no more than quoted"
            return None
        if t == "amount":
            # two reports of money already sent ("We've refunded $149.00", "We've refunded $60.00")
            # are two transactions, not two versions of one amount
            if all(_DONE_RE.search(st.msg.text, *_sentence_span(st.msg.text, st.claims)) for st in (a, b)):
                return "separate completed transactions"
            # one part of the total: another amount in the same message, or (once paid) told or
            # paid for the same order, makes up the rest ("€128.00 for the tickets" + "€14.90
            # for the fees" = €142.90)
            tol = self.settings.money_tolerance
            total, part = max(c.value for c in a.claims), max(c.value for c in b.claims)
            if part < total and amounts is not None:
                kept = amounts.kept.get(b.msg.id, set())
                if a.msg.id in amounts.to_card:
                    kept = kept | amounts.in_credit.get(b.msg.id, set())  # "a full refund to your card", then part of it as credit
                same_msg = [x for x in amounts.by_message.get(b.msg.id, ()) if x != part and x not in kept]
                if any(abs(part + x - total) <= tol for x in same_msg):
                    return "the total told in parts"
                if _DONE_RE.search(b.msg.text, *_sentence_span(b.msg.text, b.claims)) and any(
                        abs(part + x - total) <= tol for src, x in amounts.by_order.get(b.key[2], ())
                        if src not in (a.msg.id, b.msg.id) and abs(x - part) > tol  # an equal amount is this payment's own record
                        and amounts.before_next_ask(src, b.msg.timestamp)):
                    return "a part of the total, the rest told or paid separately"
            if a.first.subject != "renewal":
                return None
            # a renewal price can change (seats added, a dated price rise): fall through
        if t == "availability" and a.first.subject in _PROGRESS_SUBJECTS and _stance(a)[0] == -1 and _stance(b)[0] == 1:
            if not _ALL_ALONG_RE.search(text, *_sentence_span(text, b.claims)):
                return "progress (the item arrived, the visit was booked)"  # only the reverse is suspect
            # "has been in stock the whole time": not progress, the earlier statement was wrong
        # availability, price, threshold: a reported change of state
        when = change_date(text, b.msg.timestamp, self.vocab)
        if when is not None:
            return "reported change of state" if when > a.msg.timestamp else None
        rx = self.vocab.cues.get("change")
        if (a.first.subject in _STRICT_CHANGE_SUBJECTS or a.first.subject.startswith("refundable:")) and not _STRICT_CHANGE_RE.search(text):
            return None  # "12 months from delivery", "the new resort is half-board": only a stated change excuses it
        if rx is not None and rx.search(text, *_sentence_span(text, b.claims)):
            return "reported change of state"  # a change cue in the statement itself ("now", "no longer", "since")
        return None

    # ------------------------------------------------------------------ detect
    def detect(self, journey: Journey, ctx: Context) -> Iterable[Finding]:
        statements: dict[tuple[str, str, str], list[_Statement]] = {}
        amounts = _Amounts({}, {})  # for telling a part payment from a contradiction
        amounts.when = {r.id: r.timestamp for r in (*journey.messages, *journey.events)}
        amounts.asked = sorted(m.timestamp for m in journey.messages if m.role == "customer")
        for ev in journey.events:
            amt = ev.attributes.get("amount") if ev.attributes else None
            if ev.order_id and isinstance(amt, (int, float)) and not isinstance(amt, bool) and "refund" in ev.type:
                amounts.by_order.setdefault(ev.order_id, []).append((ev.id, float(amt)))
        said = {msg.id: claims_of(msg, self.vocab) for msg in journey.messages if msg.role != "customer" and msg.text}
        sole = _sole_order(journey, said)
        for msg in journey.messages:
            if msg.role == "customer" or not msg.text:
                continue
            per_key: dict[tuple[str, str, str], list[Claim]] = {}
            mine = said[msg.id]
            if sole is not None:  # the customer's only order is what an unnumbered statement is about
                mine = tuple(c if c.order_id else replace(c, order_id=sole) for c in mine)
            charged = {c.subject for c in mine if c.type == "availability" and c.subject.endswith("_fee") and c.value == "charged"}
            for c in mine:
                if c.type == "amount":
                    amounts.by_message.setdefault(msg.id, []).append(c.value)
                    if c.subject in charged:  # "the $40 booking fee is non-refundable": kept, not a part paid back
                        amounts.kept.setdefault(msg.id, set()).add(c.value)
                    if c.subject == "store_credit":  # "AED 60 as Tidyloop credit"
                        amounts.in_credit.setdefault(msg.id, set()).add(c.value)
                elif c.type == "method" and c.subject == "refund_method" and c.value == "card":
                    amounts.to_card.add(msg.id)
                k = _key(c, msg, self.settings)
                if k is not None:
                    per_key.setdefault(k, []).append(c)
            for k, cl in per_key.items():
                statements.setdefault(k, []).append(_Statement(msg, k, cl))
                if k[0] == "amount":
                    amounts.by_order.setdefault(k[2], []).extend((msg.id, c.value) for c in cl)
        for key in sorted(statements):
            sts = statements[key]
            found = None
            for j in range(1, len(sts)):
                b = sts[j]
                for i in range(j):
                    a = sts[i]
                    if a.msg.id == b.msg.id:
                        continue
                    res = self._conflict(a, b)
                    if res is None:
                        continue
                    if self._excuse(a, b, res[0], amounts) is not None:
                        continue
                    found = (a, b, res)
                    break
                if found:
                    break
            if found:
                yield self._finding(journey, ctx, *found)
        yield from self._active_after_cancellation(journey, ctx, statements)

    def _active_after_cancellation(self, journey: Journey, ctx: Context, statements: dict) -> Iterable[Finding]:
        """A booking treated as going ahead ("your car will be ready on 9 October") by a message
        sent after the date a later message says it was cancelled ("that booking was cancelled on
        4 October"): the two cannot both be true."""
        for (t, subj, order), cancels in sorted(statements.items()):
            if t != "status" or not order:
                continue
            for b in cancels:
                if not any(c.value == "cancelled" for c in b.claims):
                    continue
                when = _cancelled_on(b.msg.text, b.msg.timestamp)
                if when is None:
                    continue
                for dsubj in ("collection_date", "delivery_date", "appointment_date"):
                    for a in statements.get(("date", dsubj, order), ()):
                        if when < a.msg.timestamp < b.msg.timestamp and any(str(c.value) >= a.msg.timestamp.date().isoformat() for c in a.claims):
                            detail = f"the booking had been cancelled on {when.date().isoformat()}, before the earlier message treated it as going ahead"
                            yield self._finding(journey, ctx, a, b, ("cancelled_before", detail))
                            return

    def _finding(self, journey: Journey, ctx: Context, a: _Statement, b: _Statement, res: tuple[str, str]) -> Finding:
        kind, detail = res
        ca = a.first
        ma, mb = a.msg, b.msg
        t = ca.type
        subject = ca.subject.replace("_", " ") if t in ("reason", "receipt") else _readable(ca.subject)
        if (label := plan_price_label(ca.subject)) is not None:
            subject = label[4:]  # "the" is written by the sentence
        ev = [evidence(ma, *_sentence_span(ma.text, a.claims), note="earlier statement")]
        ev.append(evidence(mb, *_sentence_span(mb.text, b.claims), note="later statement"))
        who_a = " ".join(x for x in (ma.department, ma.role, "on " + ma.channel) if x)
        who_b = " ".join(x for x in (mb.department, mb.role, "on " + mb.channel) if x)
        va, vb = _describe(a), _describe(b)
        about = f"{subject} of order {ca.order_id}" if ca.order_id else subject
        same_conv = ma.conversation_id == mb.conversation_id
        money = t in ("amount", "price") or (t == "availability" and ca.subject.endswith("_fee"))
        severity = "high" if money or ma.channel != mb.channel else "medium"
        measures = {
            "subject": ca.subject,
            "claim_type": t,
            "order_id": ca.order_id,
            "earlier_value": va,
            "later_value": vb,
            "earlier_message_id": ma.id,
            "later_message_id": mb.id,
            "judged": "contradiction",
            "contradiction_kind": kind,
            "seconds_between": round((mb.timestamp - ma.timestamp).total_seconds(), 1),
            "channels": sorted({ma.channel, mb.channel}),
        }
        if t in ("amount", "price"):
            measures["earlier_amounts"] = [c.value for c in a.claims]
            measures["later_amounts"] = [c.value for c in b.claims]
            measures["difference"] = round(sum(c.value for c in b.claims) / len(b.claims) - sum(c.value for c in a.claims) / len(a.claims), 2) if t == "price" else round(max(c.value for c in b.claims) - max(c.value for c in a.claims), 2)
        explanation = (
            f"Judged a contradiction (not a refinement, acknowledged correction or change of state): "
            f"the {who_a} said the {about.replace('_', ' ')} was '{va}' on {ma.timestamp.date().isoformat()}, "
            f"then the {who_b} said '{vb}' on {mb.timestamp.date().isoformat()}; {detail}."
        )
        return ctx.finding(
            severity,
            customer_id=journey.customer_id,
            conversation_id=ma.conversation_id if same_conv else None,
            channel=mb.channel,
            department=mb.department,
            author=mb.author,
            timestamp=mb.timestamp.isoformat(),
            evidence=ev,
            measures=measures,
            explanation=explanation,
            key=f"{t}:{ca.subject}:{ca.order_id or ''}",
        )
