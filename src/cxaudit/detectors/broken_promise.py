"""broken_promise: the company promised a follow-up and nothing came by the due time.

Promises come from

- company messages with the ``promise`` signal (an automatic acknowledgement that says "we'll
  reply within 24 hours" is one too), and
- ``callback_promised`` events (``attributes.due``).

Promises in the same conversation within ``merge_seconds`` of each other are one promise (the
agent's words and the logged callback event); a due from an event wins over one read from the
words, which wins over the default for the promise's kind.

The kind (callback, contact, email, reply, refund, replacement) is read from the words around the
promise, and says what keeps it:

- refund: a ``refund_issued``/``credit_applied`` event, or a company message saying the refund
  was issued; replacement: ``replacement_shipped``/``shipped``, or a message saying it shipped;
- callback, contact, email: company-initiated contact in the same matter (an outbound call, a
  company message in a conversation the company started, a notification; in the promise's own
  conversation, a company message at least ``same_conversation_gap_seconds`` later that is not
  answering a customer's chase);
- reply: any human (non-automatic) company reply after it.

A promise is judged only once the data runs past its due time. Kept late counts as broken. The
customer saying a promise was broken (``promise_broken_claim``) is evidence; with no promise in
the data it is a finding of its own.
"""

from __future__ import annotations

import bisect
import dataclasses

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Iterable, Iterator, Mapping

from ..duetime import parse_due
from ..findings import Evidence, Finding, evidence, severity_for_ratio
from ..records import Event, Message
from ..signals.base import MessageSignals
from ..units import Journey
from .base import Context, Detector
from ..findings import fmt_duration

DEFAULT_DUE_SECONDS: dict[str, int] = {
    "callback": 2 * 86400,
    "contact": 2 * 86400,
    "email": 86400,
    "reply": 86400,
    "refund": 14 * 86400,
    "shipment": 7 * 86400,
    "delivery": 10 * 86400,
    "collection": 3 * 86400,
    "visit": 3 * 86400,
}

_KIND_RES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("refund", re.compile(r"\b(?:refund(?:ed|s)?|reimburs\w*|money back|credit(?:ed)? (?:back )?to your (?:card|account)|get (?:it all|all of it|everything|it|your money|the money|\w+ \w+) back|back (?:on|to) your (?:card|account|bank))\b", re.I)),
    ("shipment", re.compile(r"\b(?:replacement|replace (?:it|the|your)|re-?ship\w*|send (?:you )?(?:out )?(?:a )?new|ships?|shipped|dispatch(?:ed)?|send (?:it|them) out"
                            r"|send (?:you )?(?:the|your|a|an|another) (?:[\w'’-]+ ){0,3}?(?:box|parcel|package|order|item|kit|bundle|hamper|delivery)|(?:by|via) (?:special |next-day |same-day |express )?courier)\b", re.I)),
    ("visit", re.compile(r"\b(?:engineer|technician|plumber|electrician|fitter|installer|inspector|surveyor|exterminator|tech|someone|somebody|a member of (?:our|the) team)\b"
                         r"[^.!?\n]{0,30}?\b(?:will|['’]ll|is going to|should) (?:be (?:with you|there|round|over|out)|come (?:out|round|over|to you|by)|visit|call round|pop (?:round|over|by)|attend)\b", re.I)),
    ("delivery", re.compile(r"\b(?:arriv(?:e|es|ing)|deliver(?:ed|y)?(?! (?:charge|fee|cost|costs|price|address|option))|reach you|be with you)\b", re.I)),
    ("collection", re.compile(r"\b(?:collect(?:ed|ion)?|pick(?:ed|ing)? (?:it |this |them |the \w+ )?up|pick-?up)\b", re.I)),
    ("callback", re.compile(r"\b(?:call(?:s|ing)? (?:you|u)\b|call(?:-| )?back|ring (?:you|u)\b|phone (?:you|u)\b|give you a (?:call|ring))", re.I)),
    ("email", re.compile(r"\b(?:e-?mail (?:you|u)\b|be e-?mailed\b|send (?:you )?(?:an? |the |your )?(?:\w+ )?(?:e-?mail|label|link|confirmation|quote|invoice|form|receipt|statement|document|letter|contract|certificate|voucher|schedule)|label|(?:by|via) e-?mail|e-?mail confirmation|(?:get|receive) (?:an? |the |your )?(?:\w+ )?(?:e-?mail|letter|text message|sms)\b|e-?mail (?:confirming|explaining|with (?:the|your|a|an))|text (?:you|u)\b|(?:reminder|confirmation) (?:text|e-?mail|sms))", re.I)),
    ("reply", re.compile(r"\b(?:reply|respond|answer (?:you|your))\b", re.I)),
    ("contact", re.compile(r"\b(?:contact (?:you|u)\b|(?:be|get) in touch|get back to (?:you|u)\b|reach out|hear (?:back )?from|follow(?:ing)?[- ]up|update (?:you|u)\b|let (?:you|u) know|keep (?:you|u) (?:posted|updated|informed)|touch base|give (?:you|u) an? (?:update|call|ring|answer)|an update (?:on|about|by))", re.I)),
)
_REPLY_KIND = next(i for i, (k, _) in enumerate(_KIND_RES) if k == "reply")
_CONTACT_KIND = next(i for i, (k, _) in enumerate(_KIND_RES) if k == "contact")
# Events that keep a promise of each kind (matched on the promise's order, or an order placed with it).
_FULFIL_EVENTS: dict[str, tuple[str, ...]] = {
    "refund": ("refund_issued", "credit_applied"),
    "shipment": ("replacement_shipped", "shipped", "delivered"),
    "delivery": ("delivered",),
    "collection": ("return_collected", "picked_up", "collected"),
    "visit": ("visit_completed", "visited", "engineer_visited", "technician_visited", "attended", "repaired", "repair_completed",
              "installed", "installation_completed", "fitted", "resolved", "job_completed", "treatment_completed", "service_completed"),
    "email": ("notification_sent",),
    "contact": ("notification_sent",),
}
# What a `callback_promised` event with no channel says was promised ("what": "replacement
# dispatched and tracking emailed", "ship confirmation"), first named first.
_EVENT_WHAT_KINDS = (
    ("refund", re.compile(r"\brefund", re.I)),
    # a document to send ("invoice", "revised quote", "prepaid shipping label") is kept by the
    # company writing with it, wherever it says it ships
    ("email", re.compile(r"\b(?:invoice|quot(?:e|ation)|label|receipt|statement|certificate|contract|report|link|code|voucher|document|form|pdf|schedule|estimate|breakdown|paperwork)s?\b", re.I)),
    ("shipment", re.compile(r"\breplac", re.I)),  # a replacement is kept by its shipment
    ("email", re.compile(r"\b(?:e-?mail(?:ed|s)?|letter|written|in writing|text(?:ed)?|sms|message)\b", re.I)),
    ("shipment", re.compile(r"\b(?:ship(?:s|ped|ping|ment)?|dispatch(?:ed)?|deliver(?:y|ed)?)\b", re.I)),
    ("visit", re.compile(r"\b(?:engineer|technician|visit|repair|install|fitt(?:er|ing)|treatment)", re.I)),
    ("callback", re.compile(r"\b(?:call|ring|phone)", re.I)),
)
# The kind of a `callback_promised` event from its `channel` attribute (default: a call).
_EVENT_CHANNEL_KIND = {"email": "email", "sms": "email", "letter": "email", "mail": "email", "chat": "contact", "messaging": "contact", "social": "contact"}
# "as soon as it ships", "once the courier has collected": conditional, no due of its own.
_CONDITIONAL_RE = re.compile(r"\b(?:as soon as|once|when(?:ever)?|after|if|until|the day before|beforehand|in advance|prior to|the (?:moment|minute|second|instant|day) (?:it|they|your|the|we|you))\b", re.I)
# "DM us / share your details here / contact us via this link and we'll get back to you": the
# follow-up depends on the customer acting first, usually on a channel outside the data.
_CUSTOMER_ACTION_RE = re.compile(
    r"\b(?:dm|d\.m\.|direct message|private message|pm us|send us|message us|share (?:your|the|some|a few|more)|contact us (?:via|at|on|through|here)"
    r"|reach (?:out to )?us (?:via|at|on|through|here)|fill (?:in|out)|request a call ?back|follow (?:this|the) link|click|reply with|provide (?:your|us|the)"
    r"|reply (?:to (?:confirm|this|us)|and)|(?:confirm|let us know|tell us)\b[^.!?\n]{0,30}\band (?:we|i)(?:['’]ll| will| can)?)\b"
    r"|https?://",
    re.I,
)
_REFUND_DONE_RE = re.compile(
    r"\b(?:refunds?\b[^.!?\n]{0,60}\b(?:(?:has|have) (?:now )?been (?:issued|processed|sent|paid|made)|(?:is|are) on (?:its|it's|their) way|went out|been approved)"
    r"|(?:issued|processed|sent|approved) (?:the |your |a |both )?(?:full )?refunds?)",
    re.I,
)
_SHIPPED_DONE_RE = re.compile(r"\b(?:(?:has|have) (?:now )?(?:been )?(?:shipped|dispatched|sent out)|(?:is|are) on (?:its|it's|their) way|tracking number)\b", re.I)
# Fallback only when the signal layer gives no `promise` field at all.
_FALLBACK_PROMISE_RE = re.compile(
    r"\b(?:i'll|i will|we'll|we will|we shall|i shall|they'll|they will|someone will|(?:will|should) (?:be )?(?:call|contact|reply|respond|email|send|issue|ship|get back|be in touch|arrive))\b[^.!?\n]{0,80}"
    r"\b(?:call|ring|contact|reply|respond|e-?mail|send|issue|refund|ship|dispatch|get back|be in touch|let you know|update|follow up|hear)",
    re.I,
)
# A clause break between a date and a later promise (", and we'll", "; we will"), and a clause
# with a subject of its own before the date ("your gown is expected", "the parts arrive").
_OTHER_CLAUSE_RE = re.compile(r"(?:[,;]\s*(?:and|so|then)?\s*|\s+and\s+(?:then\s+)?)(?:we|i|someone|the team|our team)\b", re.I)
_OWN_SUBJECT_RE = re.compile(r"\b(?:is|are|should be|will be|['’]s)\s+(?:\w+\s+)?(?:expected|due|arriving|scheduled|back|ready|delivered)\b|\b(?:arrives?|lands?|comes? in)\b", re.I)
_SENT_RE = re.compile(r"[.!?]+(?=\s|$)|\n+")
# A due time the customer must meet ("Collect within 72 hours", "please pay within 14 days",
# "you have 7 days to collect it") is their deadline, not the company's promise.
_CUSTOMER_DEADLINE_RE = re.compile(
    r"^(?:(?:please|kindly)\s+)?(?:collect|pick|pay|reply|respond|return|submit|send|complete|confirm|book|renew|activate|use|claim|redeem|register|upload|sign)\b"
    r"|\b(?:please|kindly)\s+(?:collect|pick|pay|reply|respond|return|submit|send|complete|confirm|book|renew|activate|use|claim|redeem|register|upload|sign)\b[^.!?\n]{0,40}$"
    r"|\byou (?:must|need to|have to|should|will need to|are required to)\s+(?:\w+\s+){0,4}$"
    r"|\byou have\s*$",
    re.I,
)
# Documents systems send on their own ("you'll get an updated confirmation by email"): with no due
# time they are rarely in the data, so a missing one proves nothing.
_CONFIRMATION_OF_CHANGE_RE = re.compile(r"\b(?:(?:a|an|the) (?:letter|e-?mail|text|sms|message) (?:confirming|to confirm) (?:it|this|that|the (?:change|update|new \w+)|your new \w+)|(?:a |an |the )?(?:written |postal )?confirmation (?:letter|e-?mail) (?:of (?:the|this|that) (?:change|update)))\b", re.I)
_AUTOMATIC_DOC_RE = re.compile(r"\b(?:confirmation|receipt|e-?ticket|itinerary|booking reference|order number|(?:booking|payment|sign-?up|registration|reset|download|tracking) link)s?\b", re.I)


def _sentence(text: str, pos: int) -> tuple[int, int]:
    s = 0
    for m in _SENT_RE.finditer(text, 0, pos):
        s = m.end()
    m = _SENT_RE.search(text, pos)
    e = m.end() if m else len(text)
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _kinds_near(sentence: str, at: int, due_at: int | None = None) -> tuple[str, ...]:
    """The promise kinds named in the sentence, first the one nearest before the due time ("refund
    ... will be issued by Friday"), then nearest after `at` (the promise), then those before it."""
    best: dict[str, int] = {}
    for name, rx in _KIND_RES:
        for m in rx.finditer(sentence):
            d = m.start() - at if m.start() >= at else 1000 + at - m.end()
            if due_at is not None and at <= m.end() <= due_at or due_at is not None and due_at < at and m.end() <= due_at:
                d = -1000 + (due_at - m.end())
            if name not in best or d < best[name]:
                best[name] = d
    after = sorted((d, n) for n, d in best.items() if d < 1000)
    if after:
        return tuple(n for _d, n in after)
    return tuple(n for _d, n in sorted((d, n) for n, d in best.items()))[:1]


def _parse_iso(v: Any, tz) -> datetime | None:
    if not isinstance(v, str) or not v:
        return None
    try:
        d = datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        return None
    if d.tzinfo is None:
        d = d.replace(tzinfo=tz)
    if len(v) <= 10:  # a date only: the end of that day
        d = d.replace(hour=23, minute=59, second=59)
    return d


@dataclass
class _Promise:
    at: datetime
    conversation_id: str | None
    order_id: str | None
    kind: str | None
    message: Message | None = None
    span: tuple[int, int] | None = None
    event: Event | None = None
    due: datetime | None = None
    due_source: str = "default"
    due_text: str | None = None
    role: str = "agent"
    department: str | None = None
    author: str | None = None
    extra_messages: list[tuple[Message, tuple[int, int]]] = field(default_factory=list)
    kinds: tuple[str, ...] = ()  # every kind the promise's words name; any one fulfilled keeps it
    confirmation: bool = False  # an automatic confirmation of a change just made: judged only when the customer chases it


@dataclass(frozen=True)
class Settings:
    default_due_seconds: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_DUE_SECONDS))  # per kind, merged over the defaults
    merge_seconds: int = 900  # promises this close in one conversation are one promise
    same_conversation_gap_seconds: int = 1800  # a message in the promise's own live exchange is not a follow-up
    min_overdue_seconds: int = 0  # report only promises overdue by more than this
    judge_conditional_without_due: bool = False  # "as soon as it ships" with no date: skipped by default
    claim_only_patterns: tuple = ("promised_never", "you_promised", "i_was_promised")  # claim hits that make a finding with no promise in the data
    generic_promise_patterns: tuple = ("will_any_subject", "present_future", "expect_imperative")  # broad promise cues the signal counts but this detector does not judge alone (their due times and fulfilment are too often unreadable)
    late_reply_to_acknowledgement: bool = False  # an acknowledgement's "reply within 24 h" answered late: by default left to slow_response (the reply came; two blind test sets judged it so); True reports it as broken too


class BrokenPromise(Detector):
    code = "broken_promise"
    scope = "journey"
    needs = ("promise", "promise_broken_claim", "auto_ack", "complaint")
    Settings = Settings
    description = "The company promised a follow-up (call back, email, reply, refund, replacement by a time) and nothing came by then; or the customer says so."

    def _defaults(self) -> dict[str, int]:
        d = dict(DEFAULT_DUE_SECONDS)
        d.update({k: int(v) for k, v in dict(self.settings.default_due_seconds).items()})
        return d

    # ------------------------------------------------------------------ promises
    def _message_promise(self, m: Message, sig: MessageSignals) -> _Promise | None:
        """The message's promise, read at its first promise cue whose sentence names what will
        happen ("your revised invoice will show" names nothing; "I'll send it by 5pm" does)."""
        generic = set(self.settings.generic_promise_patterns)
        hits = [h for h in sig.hits if h.signal == "promise" and not h.negated and h.pattern not in generic] if sig.promise else []
        if sig.promise and not hits:
            # only broad cues: judged like a weak promise (it needs a due time in the sentence)
            sig = dataclasses.replace(sig, promise=False, hits=tuple(h for h in sig.hits if not (h.signal == "promise" and h.pattern in generic)))
            return self._message_promise_at(m, sig, None)
        for hit in hits[:-1]:
            p = self._message_promise_at(m, sig, hit)
            if p is not None:
                return p
        return self._message_promise_at(m, sig, hits[-1] if hits else sig.first_hit("promise"))

    def _message_promise_at(self, m: Message, sig: MessageSignals, hit: Any) -> _Promise | None:
        text = m.text
        span: tuple[int, int] | None = None
        if sig.promise:
            span = (hit.start, hit.end) if hit is not None else None
        elif sig.promise is None:
            fm = _FALLBACK_PROMISE_RE.search(text)
            if fm is None:
                return None
            span = fm.span()
        if span is None and sig.auto_ack:
            # an automatic acknowledgement that names a reply time is a promise too
            dd = parse_due(text, m.timestamp)
            if dd is None:
                return None
            s, _e = _sentence(text, dd[1][0])
            if not _KIND_RES[_REPLY_KIND][1].search(text, s, dd[1][1] + 1) and not _KIND_RES[_CONTACT_KIND][1].search(text, s, dd[1][1] + 1):
                return None
            span = (s, dd[1][1])
        weak = None
        if span is None and not sig.promise:
            # a weak promise cue below the signal's threshold ("ships within five business days")
            # counts when the same sentence names a due time and what will happen
            weak = next(iter(sig.hits_for("promise")), None)
            if weak is None:
                return None
            span = (weak.start, weak.end)
        anchor = span[0] if span else 0
        s_start, s_end = _sentence(text, anchor)
        sentence = text[s_start:s_end]
        dd = parse_due(text, m.timestamp, near=anchor)
        if dd is not None and not (s_start <= dd[1][0] <= s_end + 1):
            dd = None
        if dd is not None and _CUSTOMER_DEADLINE_RE.search(text[s_start:dd[1][0]].strip()):
            return None  # the customer's deadline, not a promise
        if dd is not None and dd[1][1] <= anchor and (oc := _OTHER_CLAUSE_RE.search(text, dd[1][1], anchor + 12)) is not None and oc.start() < anchor \
                and _OWN_SUBJECT_RE.search(text, s_start, dd[1][0]):
            # "Your gown is expected by Friday 25 April, and we'll be in touch to book a fitting":
            # the date is the gown's; the promise waits on it and has no due of its own
            return None
        kin = sentence
        if dd is not None and anchor < dd[1][0]:
            # "Your gown is expected by Friday 25 April, and we'll be in touch": what the dated
            # clause promises is read from it alone, not from the next clause's promise
            cut = _OTHER_CLAUSE_RE.search(text, dd[1][1], s_end)
            if cut is not None:
                kin = text[s_start:cut.start()]
        kinds = _kinds_near(kin, anchor - s_start, None if dd is None else dd[1][0] - s_start)
        if sig.auto_ack:
            kinds = ("reply",) + tuple(k for k in kinds if k != "reply")  # an acknowledgement promises a reply
        kind = kinds[0] if kinds else None
        if kind is None or (weak is not None and dd is None):
            return None  # a promise of no recognisable kind cannot be checked for fulfilment
        p = _Promise(m.timestamp, m.conversation_id, m.order_id, kind, message=m, role=m.role, department=m.department, author=m.author, kinds=kinds)
        # "you'll get a letter confirming it within a week": an automatic confirmation of what was
        # just done, often sent outside the data; judged only when the customer says it never came
        p.confirmation = bool(_CONFIRMATION_OF_CHANGE_RE.search(sentence))
        if dd is not None:
            p.due, p.due_source, p.due_text = dd[0], "text", text[dd[1][0]:dd[1][1]]
            if s_end - s_start <= 240:
                p.span = (s_start, max(s_end, dd[1][1]))
            else:
                p.span = (min(anchor, dd[1][0]), max(dd[1][1], span[1] if span else dd[1][1]))
        else:
            if (_CONDITIONAL_RE.search(sentence) or _CUSTOMER_ACTION_RE.search(text)) and not self.settings.judge_conditional_without_due:
                return None
            if kind == "email" and _AUTOMATIC_DOC_RE.search(sentence):
                return None  # an automatic confirmation or receipt, with no time to hold it to
            p.span = (s_start, s_end) if s_end - s_start <= 240 else span
        return p

    @staticmethod
    def _event_promise(e: Event) -> _Promise:
        attrs = e.attributes or {}
        kind = attrs.get("kind")
        kinds: tuple[str, ...] = ()
        if kind not in DEFAULT_DUE_SECONDS:
            # a logged promise to follow up in writing is kept by that message, not by a call
            kind = _EVENT_CHANNEL_KIND.get(str(attrs.get("channel") or "").lower())
            if kind is None:
                # no channel: the event may say what was promised ("what": "email from returns supervisor")
                desc = " ".join(str(v) for k, v in attrs.items() if k in ("what", "about", "note", "description", "details", "summary", "purpose", "subject") and isinstance(v, str))
                named = list(dict.fromkeys(k for k, rx in _EVENT_WHAT_KINDS if rx.search(desc)))
                kind = named[0] if named else "contact" if desc.strip() else "callback"  # something named that is no call: any follow-up keeps it
                kinds = tuple(named)
        p = _Promise(e.timestamp, e.conversation_id, e.order_id, kind, event=e, department=e.department, kinds=kinds)
        due = _parse_iso((e.attributes or {}).get("due"), e.timestamp.tzinfo)
        if due is not None:
            p.due, p.due_source, p.due_text = due, "event", str(e.attributes.get("due"))
        return p

    def _promises(self, journey: Journey) -> list[_Promise]:
        raw: list[_Promise] = []
        sigs = journey.signals
        for m in journey.messages:
            if m.role == "customer":
                continue
            sig = sigs.get(m.id)
            if sig is None:
                continue
            p = self._message_promise(m, sig)
            if p is not None:
                raw.append(p)
        for e in journey.events:
            if e.type == "callback_promised":
                raw.append(self._event_promise(e))
        raw.sort(key=lambda p: (p.at, 0 if p.message is not None else 1))
        merged: list[_Promise] = []
        gap = timedelta(seconds=self.settings.merge_seconds)
        for p in raw:
            host = None
            for q in reversed(merged):
                if p.at - q.at > gap * 2:
                    break
                if q.conversation_id == p.conversation_id and p.at - q.at <= gap and (q.kind is None or p.kind is None or q.kind == p.kind or "callback" in (p.kind, q.kind) and {p.kind, q.kind} <= {"callback", "contact"}):
                    host = q
                    break
            if host is None:
                merged.append(p)
                continue
            # merge p into host
            if p.event is not None and host.event is None:
                host.event = p.event
            if p.message is not None:
                if host.message is None:
                    host.message, host.span = p.message, p.span
                else:
                    host.extra_messages.append((p.message, p.span or (0, len(p.message.text))))
            rank = {"event": 2, "text": 1, "default": 0}
            if rank[p.due_source] > rank[host.due_source] or (p.due_source == host.due_source == "text" and p.due and host.due and p.due > host.due):
                host.due, host.due_source, host.due_text = p.due, p.due_source, p.due_text
            if host.kind is None or host.kind == "contact" and p.kind == "callback":
                host.kind = p.kind
            host.kinds = tuple(dict.fromkeys(host.kinds + p.kinds + ((p.kind,) if p.kind else ())))
            host.order_id = host.order_id or p.order_id
            host.department = host.department or p.department
        for p in merged:
            if p.due is None:
                p.due = p.at + timedelta(seconds=self._defaults().get(p.kind or "contact", DEFAULT_DUE_SECONDS["contact"]))
                p.due_source = "default"
        return merged

    # ------------------------------------------------------------------ keeping
    def _kept_at(self, p: _Promise, journey: Journey, conv_first: Mapping[str, Message], outbound: set[str]) -> tuple[datetime | None, Message | Event | None]:
        """The earliest fulfilment over every kind the promise names."""
        best: tuple[datetime | None, Message | Event | None] = (None, None)
        for kind in (p.kinds or (p.kind,)):
            at, by = self._kept_at_kind(p, kind, journey, conv_first, outbound)
            if at is not None and (best[0] is None or at < best[0]):
                best = (at, by)
        return best

    def _kept_at_kind(self, p: _Promise, kind: str | None, journey: Journey, conv_first: Mapping[str, Message], outbound: set[str]) -> tuple[datetime | None, Message | Event | None]:
        """When (and by what) the promise was kept: the first fulfilling record after it.

        Events: the kind's fulfilling types, on the promise's order or an order placed with it.
        Messages: a refund/shipment confirmed in words, a human reply (reply promises), or
        company-initiated contact (every other kind, and promises of no clear kind).
        """
        sigs = journey.signals
        gap = timedelta(seconds=self.settings.same_conversation_gap_seconds)
        orders = {p.order_id} if p.order_id else set()
        for e in journey.events:
            if e.type == "order_placed" and e.order_id and p.at - timedelta(hours=1) <= e.timestamp <= p.at + timedelta(days=1):
                orders.add(e.order_id)
        wanted = _FULFIL_EVENTS.get(kind, ()) if kind is not None else tuple(t for ts in _FULFIL_EVENTS.values() for t in ts)
        found: tuple[datetime, int, Message | Event] | None = None
        for e in journey.events:
            if e.timestamp <= p.at or e.type not in wanted:
                continue
            if orders and e.order_id and e.order_id not in orders:
                continue
            if e.type != "notification_sent" and orders and not e.order_id:
                continue
            found = (e.timestamp, 1, e)
            break
        message_contact = kind not in ("refund", "shipment", "delivery", "collection")
        chased_at: dict[str, datetime] = {}
        msgs = journey.messages
        # messages up to the promise can neither keep it nor chase it: start just after it
        for m in msgs[bisect.bisect_right(msgs, p.at, key=lambda m: m.timestamp):]:
            if found is not None and m.timestamp >= found[0]:
                break
            if m.role == "customer":
                # the customer writing again after the live exchange: a chase, not the company following up
                if m.timestamp - p.at >= gap:
                    chased_at.setdefault(m.conversation_id, m.timestamp)
                continue
            if m.timestamp <= p.at or (p.message is not None and m.id == p.message.id):
                continue
            if p.order_id and m.order_id and m.order_id not in orders:
                continue
            if m.role == "system" and m.meta and "hold_seconds" in m.meta:
                continue
            sig = sigs.get(m.id)
            if sig is not None and sig.auto_ack:
                continue
            ok = False
            if kind == "refund":
                ok = bool(_REFUND_DONE_RE.search(m.text))
            elif kind in ("shipment", "delivery"):
                ok = bool(_SHIPPED_DONE_RE.search(m.text))
            elif kind == "reply":
                ok = m.role in ("agent", "bot") or m.conversation_id != p.conversation_id
            elif message_contact:
                if m.conversation_id == p.conversation_id:
                    # a promised call is kept by a call or contact the company starts later, never
                    # by the rest of the exchange in which it was promised
                    ok = kind != "callback" and m.timestamp - p.at >= gap and m.conversation_id not in chased_at
                else:
                    first = conv_first.get(m.conversation_id)
                    started_by_company = first is not None and first.role != "customer" and not (first.role == "system" and first.meta and "hold_seconds" in first.meta)
                    ok = m.conversation_id in outbound or started_by_company
            if ok:
                found = (m.timestamp, 0, m)
                break
        if found is None:
            return None, None
        return found[0], found[2]

    def _judge(self, promises: list[_Promise], journey: Journey, data_end: datetime | None) -> Iterator[tuple[_Promise, datetime | None, Message | Event | None]]:
        """Each promise that fell due before the data ends, with when and by what it was kept."""
        if data_end is None:
            return
        conv_first = {c.id: c.messages[0] for c in journey.conversations if c.messages}
        outbound = {c.id for c in journey.conversations if any(isinstance(m.meta.get("direction") if m.meta else None, str) and m.meta["direction"].lower() == "outbound" for m in c.messages)}
        for p in promises:
            if p.due is None or data_end <= p.due:
                continue
            kept_at, kept_by = self._kept_at(p, journey, conv_first, outbound)
            yield p, kept_at, kept_by

    def unkept(self, journey: Journey, data_end: datetime | None) -> list[tuple[_Promise, datetime | None]]:
        """The promises not kept by their due time, each with when it was kept at last (None:
        never). Other detectors use it (repeat_contact: the customer chasing one)."""
        if not any(m.role != "customer" for m in journey.messages) and not any(e.type == "callback_promised" for e in journey.events):
            return []
        return [(p, kept_at) for p, kept_at, _ in self._judge(self._promises(journey), journey, data_end) if kept_at is None or kept_at > p.due]

    # ------------------------------------------------------------------ detect
    def detect(self, journey: Journey, ctx: Context) -> Iterable[Finding]:
        data_end = ctx.corpus.data_end
        promises = self._promises(journey)
        sigs = journey.signals
        claims = [m for m in journey.messages if m.role == "customer" and (s := sigs.get(m.id)) is not None and s.promise_broken_claim]
        if not promises and not claims:
            return
        used_claims: set[str] = set()
        min_over = timedelta(seconds=self.settings.min_overdue_seconds)
        for p, kept_at, kept_by in self._judge(promises, journey, data_end):
            if kept_at is not None and kept_at <= p.due + min_over:
                continue
            if kept_at is not None and p.kind == "reply" and p.message is not None and (sg := sigs.get(p.message.id)) is not None and sg.auto_ack and not self.settings.late_reply_to_acknowledgement:
                continue  # an auto-acknowledgement's reply time, answered late: slow_response reports that delay
            end = kept_at if kept_at is not None else data_end
            overdue = (end - p.due).total_seconds()
            claim = next((c for c in claims if c.id not in used_claims and p.at < c.timestamp and (not p.order_id or not c.order_id or c.order_id == p.order_id)), None)
            if p.confirmation and claim is None and not any(
                    m.role == "customer" and m.timestamp > p.due and (kept_at is None or m.timestamp < kept_at) and (sg := sigs.get(m.id)) is not None and sg.complaint
                    for m in journey.messages):
                continue  # nobody missed the confirmation
            if claim is not None:
                used_claims.add(claim.id)
            yield self._finding(ctx, journey, p, kept_at, kept_by, overdue, claim, data_end)
        for c in claims:
            if c.id in used_claims:
                continue
            sig = sigs[c.id]
            # With no promise in the data, only an explicit claim ("you promised...", "I was
            # told you would...") stands alone; "no reply" or "nothing came" is not enough.
            hit = next((h for h in sig.hits_for("promise_broken_claim") if h.pattern in self.settings.claim_only_patterns), None)
            if hit is None:
                continue
            span = _sentence(c.text, hit.start) if hit is not None else (0, len(c.text))
            yield ctx.finding(
                "medium",
                customer_id=journey.customer_id,
                conversation_id=c.conversation_id,
                channel=c.channel,
                timestamp=c.timestamp.isoformat(),
                evidence=[evidence(c, span[0], span[1], note="the customer says a promise was broken")],
                measures={"due": None, "overdue_seconds": None, "source": "customer_claim"},
                explanation="The customer says the company did not do what it promised; the promise itself is not in the data.",
                key=c.id,
            )

    def _finding(self, ctx: Context, journey: Journey, p: _Promise, kept_at, kept_by, overdue: float, claim: Message | None, data_end: datetime) -> Finding:
        ev: list[Evidence] = []
        if p.message is not None:
            s, e = p.span or (0, len(p.message.text))
            ev.append(evidence(p.message, s, e, note=f"promise, due {p.due.isoformat()}"))
        for m, (s, e) in p.extra_messages[:2]:
            ev.append(evidence(m, s, e, note="same promise"))
        if p.event is not None:
            ev.append(evidence(p.event, note=f"callback_promised, due {p.due.isoformat()}"))
        if claim is not None:
            hit = journey.signals[claim.id].first_hit("promise_broken_claim")
            s, e = _sentence(claim.text, hit.start) if hit is not None else (0, min(len(claim.text), 240))
            ev.append(evidence(claim, s, e, note="the customer says it was broken"))
        if kept_by is not None:
            if isinstance(kept_by, Message):
                ev.append(evidence(kept_by, 0, min(len(kept_by.text), 200), note="late follow-up"))
            else:
                ev.append(evidence(kept_by, note="late fulfilment"))
        window = max((p.due - p.at).total_seconds(), 60.0)
        ratio = 1 + overdue / window
        sev = severity_for_ratio(ratio)
        if claim is not None and sev == "low":
            sev = "medium"
        what = {
            "callback": "a call back", "contact": "to get in touch", "email": "an email", "reply": "a reply",
            "refund": "a refund", "shipment": "to ship", "delivery": "a delivery", "collection": "a collection",
        }.get(p.kind or "contact", "a follow-up")
        due_how = {"event": "as logged", "text": f"('{p.due_text}')", "default": "(default for this kind of promise)"}[p.due_source]
        outcome = f"it came {fmt_duration(overdue)} late" if kept_at is not None else f"nothing came in the {fmt_duration(overdue)} the data runs past it"
        conv = p.conversation_id
        return ctx.finding(
            sev,
            customer_id=journey.customer_id,
            conversation_id=conv,
            channel=p.message.channel if p.message is not None else None,
            department=p.department,
            author=p.author,
            timestamp=p.at.isoformat(),
            evidence=ev,
            measures={
                "promised_at": p.at.isoformat(),
                "due": p.due.isoformat(),
                "due_source": p.due_source,
                "kind": p.kind or "contact",
                "kept_at": kept_at.isoformat() if kept_at is not None else None,
                "overdue_seconds": round(overdue, 1),
                "promised_window_seconds": round(window, 1),
                "customer_claimed": claim is not None,
            },
            explanation=f"On {p.at.date().isoformat()} the company promised {what} by {p.due.strftime('%Y-%m-%d %H:%M %z')} {due_how}; {outcome}.",
            key=(p.message.id if p.message is not None else "") + "|" + (p.event.id if p.event is not None else ""),
        )
