"""silent_event: an event that hurt the customer went unnotified, or the customer found out first.

An event of a watched type (a cancellation, a declined payment, a backorder, a delay, a failed
delivery, ...) needs a notice to the customer within its window. A notice is

- a ``notification_sent`` event whose ``attributes.about`` names the event's type, or that names
  no topic but the same order; or
- a company message (agent, bot or system, on any channel, including ``web`` system messages
  shown on screen as the event happened, such as a checkout error; a web page shown later, such
  as a tracking page the customer had to go and check, is not a notice) about the same order, or with no order on either
  side, whose words are about that kind of event ("cancelled", "declined", "out of stock", ...).

A notice may come a little before the event (``grace_before_seconds``: "your card was declined"
shown as the decline is logged). The finding fires when no notice came within the window (judged
only once the data runs past the window), or when the customer wrote about it before any notice
came ("found out first"); a notice given only in answer to the customer's own contact after the
event is the customer finding out first. Events the customer asked for (a cancellation they requested) are not
silent events.

Default windows (configurable per type in ``windows``): a cancellation, a declined payment, a
failed delivery or pickup, a delayed shipment: 24 h (the customer must act or re-plan the same
day); a backorder: 48 h (stock checks take a day; the customer has not lost anything yet); a
service suspension: 1 h (the customer is cut off now). The topic words per type are in
``_TOPIC`` below; a type with no entry matches on the words of its own name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Iterable, Mapping

from ..findings import Finding, evidence
from ..records import Event, Message
from ..units import Journey
from .base import Context, Detector
from ..findings import fmt_duration

DEFAULT_WINDOWS: dict[str, int] = {
    "order_cancelled": 86400,
    "payment_declined": 86400,
    "backordered": 172800,
    "shipment_delayed": 86400,
    "delivery_failed": 86400,
    "pickup_failed": 86400,
    "service_suspended": 3600,
}

# Words that show a message is about an event of that type (company notice or customer discovery).
_TOPIC: dict[str, re.Pattern[str]] = {
    "order_cancelled": re.compile(r"\bcancel(?:l?ed|l?ation|ling)\b", re.I),
    "payment_declined": re.compile(
        r"\b(?:declin(?:ed|e)|(?:payment|card|transaction|charge|autopay)\b[^.!?\n]{0,40}\b(?:fail(?:ed|s|ure)?|unsuccessful|rejected|bounced|didn'?t go through|did not go through)"
        r"|fail(?:ed|ure)? to (?:authori[sz]e|process|charge)|(?:not|no longer) (?:been )?(?:accepted|supported|authori[sz]ed|approved)|could(?:n'?t| not) (?:be )?(?:process|authori[sz]|charg)\w*"
        r"|payment (?:problem|issue|error|failed)|unpaid)",
        re.I,
    ),
    "backordered": re.compile(
        r"\b(?:back-?order(?:ed)?|out of stock|no longer in stock|awaiting (?:new )?stock|(?:new|revised|updated) (?:estimated )?(?:dispatch|ship(?:ping)?|delivery) date|delay(?:ed)?)\b", re.I
    ),
    "shipment_delayed": re.compile(
        r"\b(?:delay(?:ed|s)?|running late|held (?:up|at)|(?:new|revised|updated) (?:estimated )?(?:dispatch|ship(?:ping)?|delivery) date|resched\w*|(?:didn'?t|did not|hasn'?t|has not) (?:ship|arrive|been (?:shipped|dispatched))"
        r"|(?:has|have|was|were|is|got) (?:been )?(?:moved|pushed back|put back|changed) (?:from|to)|date (?:has )?changed|date[ _]changed|moved to (?:mon|tue|wed|thu|fri|sat|sun)\w*)\b",
        re.I,
    ),
    "delivery_failed": re.compile(
        r"\b(?:(?:failed|missed|unsuccessful|attempted) (?:delivery|drop-?off)|(?:couldn'?t|could not|unable to|were unable to) deliver|delivery (?:failed|was unsuccessful|attempt)|"
        r"(?:nobody|no one|no-one) (?:came|showed|turned up)|never (?:came|arrived|showed)|no-?show)\b",
        re.I,
    ),
    "pickup_failed": re.compile(
        r"\b(?:(?:failed|missed|unsuccessful) (?:pickup|pick-up|collection)|(?:couldn'?t|could not|unable to) (?:collect|pick (?:it )?up)|(?:pickup|collection) (?:failed|was missed)|"
        r"(?:nobody|no one|no-one) (?:came|showed|turned up|called)|never (?:came|showed))\b",
        re.I,
    ),
    "service_suspended": re.compile(r"\b(?:suspend(?:ed|ing|sion)?|disconnect(?:ed|ion)?|cut off|deactivat(?:ed|ion)|barred|restrict(?:ed|ion)|inactive|frozen|locked out|blocked|disabled)\b", re.I),
}

# A customer asking about the state of things ("where is my order", "still waiting").
_STATUS_RE = re.compile(
    r"\b(?:where(?:'s| is) my|(?:hasn'?t|has not|haven'?t|have not|didn'?t|did not|never) (?:arrived|come|shipped|turned up|been (?:delivered|shipped|charged))|"
    r"still (?:waiting|not|no)|any (?:update|news)|what(?:'s| is) (?:happening|going on)|heard nothing|not heard|no (?:tracking|email|update|word)|"
    r"(?:nobody|no one|no-one) (?:told|informed|notified|let me know)|why (?:was|wasn'?t|did|didn'?t)|(?:meant|supposed) to (?:arrive|come|ship)|"
    r"\bis (?:the|my|it|our) (?:[\w-]+ )?(?:ready|done|finished|here|on (?:its|the) way|coming|still coming)\b|\bready yet\b)",
    re.I,
)
# The customer asked for it: "please cancel my order", "I'd like to cancel".
_REQUESTED_RE = re.compile(r"\b(?:please cancel|(?:want|like|need|wish) to cancel|cancel (?:my|the|this) (?:order|subscription|plan|purchase)|can you cancel|could you cancel)\b", re.I)
_CUSTOMER_REASON_RE = re.compile(r"customer|requested|by_user|buyer", re.I)  # who asked (requested_by, initiator, source)
# a reason that says the customer asked for it ("customer request", "requested by buyer"), not
# one that merely names the customer ("crew left without contacting customer")
_CUSTOMER_ASKED_RE = re.compile(
    r"^\s*(?:customer|buyer|user)(?:[ _-]?(?:request(?:ed)?|initiated|choice|cancel\w*))?\b|\b(?:customer|buyer|user)[ _-](?:request(?:ed)?|initiated)\b"
    r"|\brequested by (?:the )?(?:customer|buyer|user)\b|\bat (?:the )?(?:customer|buyer|user)['’]?s? request\b|^\s*(?:requested|by_user)\s*$",
    re.I,
)

_WORD_RE = re.compile(r"[a-z]+")

_NOUN = {
    "order_cancelled": "cancellation", "payment_declined": "declined payment", "backordered": "backorder",
    "shipment_delayed": "shipment delay", "delivery_failed": "failed delivery", "pickup_failed": "failed pickup",
    "service_suspended": "service suspension",
}


# Event types outside the default vocabulary that belong to a watched family, by their words:
# "pass_suspended", "membership_frozen" -> a service suspension; "payout_failed" -> a declined
# payment; "appointment_cancelled" -> a cancellation; "flight_delayed" -> a delay. A type named
# in `windows` is always itself; `type_families = false` turns the mapping off.
_FAMILIES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"_(?:suspended|deactivated|disconnected|blocked|frozen|barred|locked)$"), "service_suspended"),
    (re.compile(r"^(?:payment|card|charge|payout|transfer|direct_debit|debit|autopay|renewal|instal?ment|top_?up)\w*_(?:declined|failed|rejected|bounced|returned)$"), "payment_declined"),
    (re.compile(r"^(?:delivery|pickup|collection|installation|appointment|visit|drop_?off)\w*_(?:failed|missed)$"), "delivery_failed"),
    (re.compile(r"_(?:cancell?ed)$"), "order_cancelled"),
    (re.compile(r"_(?:delayed|postponed)$"), "shipment_delayed"),
    (re.compile(r"^(?:sold_out|out_of_stock|stock_out)$"), "backordered"),
)


def watched_family(etype: str, windows: Mapping[str, int]) -> str | None:
    """The watched type whose window and topic words apply to an event type, or None."""
    if etype in windows:
        return etype
    t = etype.lower()
    for rx, fam in _FAMILIES:
        if rx.search(t) and fam in windows:
            return fam
    return None


def _topic_re(etype: str) -> re.Pattern[str]:
    pat = _TOPIC.get(etype)
    if pat is None:
        words = [w for w in _WORD_RE.findall(etype.lower()) if len(w) > 2]
        pat = re.compile(r"\b(?:" + "|".join(re.escape(w[:6]) for w in words) + r")\w*", re.I) if words else re.compile(r"(?!)")
        _TOPIC[etype] = pat
    return pat


def _stem(s: str) -> str:
    return re.sub(r"[^a-z]", "", s.lower())[:6]


def _about_matches(about: Any, etype: str) -> bool:
    if not isinstance(about, str) or not about:
        return False
    a, t = about.lower(), etype.lower()
    if a == t:
        return True
    # "backorder" / "backordered", "payment_failed" / "payment_declined", "cancellation" / "order_cancelled"
    t_words = [w for w in _WORD_RE.findall(t) if len(w) > 3 and w not in ("order", "shipment")]
    a_words = _WORD_RE.findall(a)
    if any(_stem(aw) == _stem(tw) for aw in a_words for tw in t_words):
        return True
    return bool(_topic_re(etype).search(about.replace("_", " ")))


def _same_order(a: str | None, b: str | None) -> bool | None:
    """True/False when both name an order; None when either does not."""
    if a and b:
        return a == b
    return None


@dataclass(frozen=True)
class Settings:
    windows: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_WINDOWS))  # seconds per event type (merged over the defaults)
    grace_before_seconds: int = 3600  # a notice up to this long before the event still counts
    discovery_horizon_days: int = 30  # how long after the event a customer message can be their discovery
    type_families: bool = True  # map other event types to a watched family by their words ("pass_suspended" -> service_suspended)
    web_notice_seconds: int = 600  # a web page the system shows counts as a notice only this close to the event (on screen as it happened); later it is a page the customer had to go and look at


def _hold_marker(m: Message) -> bool:
    return m.role == "system" and bool(m.meta) and "hold_seconds" in m.meta


class SilentEvent(Detector):
    code = "silent_event"
    scope = "journey"
    needs = ("complaint",)
    Settings = Settings
    description = "An event that hurt the customer (cancellation, declined payment, backorder, delay, failed delivery) had no notice within its window, or the customer found out first."

    def _windows(self) -> dict[str, int]:
        w = dict(DEFAULT_WINDOWS)
        w.update({k: int(v) for k, v in dict(self.settings.windows).items()})
        return w

    def detect(self, journey: Journey, ctx: Context) -> Iterable[Finding]:
        windows = self._windows()
        fam_of = (lambda t: watched_family(t, windows)) if self.settings.type_families else (lambda t: t if t in windows else None)
        watched = [(e, f) for e in journey.events if (f := fam_of(e.type)) is not None]
        if not watched:
            return
        messages = journey.messages
        data_end = ctx.corpus.data_end
        grace = timedelta(seconds=self.settings.grace_before_seconds)
        horizon = timedelta(days=self.settings.discovery_horizon_days)
        for ev, fam in watched:
            if self._requested_by_customer(ev, messages, fam):
                continue
            window = timedelta(seconds=windows[fam])
            topic = _topic_re(fam)
            notice, notice_ev = self._first_notice(ev, journey, messages, topic, grace, window, timedelta(seconds=self.settings.web_notice_seconds))
            notice_at = notice.timestamp if notice is not None else None
            limit = min(notice_at, ev.timestamp + horizon) if notice_at is not None else ev.timestamp + horizon
            discovery, disc_span = self._discovery(ev, journey, messages, topic, limit)
            if discovery is None and isinstance(notice, Message) and notice.role in ("agent", "bot"):
                # told only in answer to the customer's own contact ("There's nobody here to meet
                # me" -> "your booking was cancelled yesterday"): the customer found out first
                asked = next((m for m in messages if m.conversation_id == notice.conversation_id and m.role == "customer" and m.text
                              and ev.timestamp < m.timestamp < notice.timestamp and _same_order(m.order_id, ev.order_id) is not False), None)
                if asked is not None:
                    discovery, disc_span = asked, _sentence_span(asked.text, 0, min(len(asked.text), 1))
            found_first = discovery is not None and (notice_at is None or discovery.timestamp < notice_at)
            if notice is not None and not found_first:
                continue
            if notice is None and not found_first and (data_end is None or data_end < ev.timestamp + window):
                continue  # the data ends inside the window: cannot judge yet
            yield self._finding(ctx, ev, window, notice, notice_ev, discovery, disc_span, found_first, journey)

    # ------------------------------------------------------------------ parts
    @staticmethod
    def _requested_by_customer(ev: Event, messages: tuple[Message, ...], family: str | None = None) -> bool:
        attrs = ev.attributes or {}
        for k in ("reason", "requested_by", "initiator", "source"):
            v = attrs.get(k)
            if isinstance(v, str) and (_CUSTOMER_ASKED_RE if k == "reason" else _CUSTOMER_REASON_RE).search(v):
                return True
        if (family or ev.type) != "order_cancelled":
            return False
        lo = ev.timestamp - timedelta(days=2)
        for m in messages:
            if m.timestamp > ev.timestamp:
                break
            if m.timestamp >= lo and m.role == "customer" and _same_order(m.order_id, ev.order_id) is not False and _REQUESTED_RE.search(m.text):
                return True
        return False

    @staticmethod
    def _first_notice(ev: Event, journey: Journey, messages: tuple[Message, ...], topic: re.Pattern[str], grace: timedelta, window: timedelta, web_reach: timedelta = timedelta(minutes=10)):
        """The first notice within [event - grace, event + window]: (record, is_event)."""
        lo, hi = ev.timestamp - grace, ev.timestamp + window
        best: Message | Event | None = None
        for e in journey.events:
            if e.type != "notification_sent" or not (lo <= e.timestamp <= hi):
                continue
            about = (e.attributes or {}).get("about")
            same = _same_order(e.order_id, ev.order_id)
            if same is False:
                continue
            if _about_matches(about, ev.type) or (not about and same):
                best = e
                break
        for m in messages:
            if m.timestamp < lo:
                continue
            if m.timestamp > hi or (best is not None and m.timestamp >= best.timestamp):
                break
            if m.role == "customer" or _hold_marker(m):
                continue
            if _same_order(m.order_id, ev.order_id) is False:
                continue
            if m.channel == "web" and m.role == "system" and (abs(m.timestamp - ev.timestamp) > web_reach or (m.meta and m.meta.get("page") == "order_tracking")):
                continue  # a tracking page the customer had to look at is not telling them
            if topic.search(m.text):
                best = m
                break
        return best, isinstance(best, Event)

    @staticmethod
    def _discovery(ev: Event, journey: Journey, messages: tuple[Message, ...], topic: re.Pattern[str], limit: datetime):
        """The customer's first message about the event after it and before `limit`, with a span to quote."""
        sigs = journey.signals
        fallback: tuple[Message, tuple[int, int]] | None = None
        for m in messages:
            if m.timestamp <= ev.timestamp:
                continue
            if m.timestamp >= limit:
                break
            if m.role != "customer":
                continue
            same = _same_order(m.order_id, ev.order_id)
            if same is False:
                continue
            hit = topic.search(m.text)
            if hit:
                return m, _sentence_span(m.text, hit.start(), hit.end())
            if same and fallback is None:
                st = _STATUS_RE.search(m.text)
                sig = sigs.get(m.id)
                if st is not None:
                    fallback = (m, _sentence_span(m.text, st.start(), st.end()))
                elif sig is not None and sig.complaint:
                    fallback = (m, (0, len(m.text)))
        if fallback is not None:
            return fallback
        return None, None

    def _finding(self, ctx: Context, ev: Event, window: timedelta, notice, notice_is_event: bool, discovery: Message | None, disc_span, found_first: bool, journey: Journey) -> Finding:
        wsecs = window.total_seconds()
        delay = (notice.timestamp - ev.timestamp).total_seconds() if notice is not None else None
        what = _NOUN.get(ev.type, ev.type.replace("_", " "))
        order = f" for order {ev.order_id}" if ev.order_id else ""
        ev_list = [evidence(ev, note=f"{ev.type} at {ev.timestamp.isoformat()}")]
        if discovery is not None:
            ev_list.append(evidence(discovery, disc_span[0], disc_span[1], note="the customer about it"))
        if notice is not None:
            if notice_is_event:
                ev_list.append(evidence(notice, note="first notice (late)" if not found_first else "first notice, after the customer wrote"))
            else:
                ev_list.append(evidence(notice, 0, min(len(notice.text), 200), note="first notice"))
        if notice is None:
            sev = "high"
            tail = f"no notice to the customer followed within {fmt_duration(wsecs)}"
            if found_first:
                tail += f"; the customer raised it themselves {fmt_duration((discovery.timestamp - ev.timestamp).total_seconds())} later"
        elif found_first:
            sev = "medium" if delay is not None and delay <= wsecs else "high"
            tail = (
                f"the customer raised it {fmt_duration((discovery.timestamp - ev.timestamp).total_seconds())} after it happened, "
                f"before the first notice ({fmt_duration(delay)} after it)"
            )
        else:  # pragma: no cover - filtered above
            sev = "low"
            tail = f"the first notice came {fmt_duration(delay)} later"
        measures: dict[str, Any] = {
            "event_type": ev.type,
            "window_seconds": int(wsecs),
            "notice_delay_seconds": None if delay is None else round(delay, 1),
            "customer_found_out_first": found_first,
            "customer_message_delay_seconds": None if discovery is None else round((discovery.timestamp - ev.timestamp).total_seconds(), 1),
        }
        return ctx.finding(
            sev,
            customer_id=journey.customer_id,
            conversation_id=None,
            channel=discovery.channel if discovery is not None else None,
            department=ev.department,
            timestamp=ev.timestamp.isoformat(),
            evidence=ev_list,
            measures=measures,
            explanation=f"The {what}{order} on {ev.timestamp.date().isoformat()} was not notified in time: {tail}.",
            key=ev.id,
        )


_SENT_BOUNDARY = re.compile(r"[.!?]+(?=\s|$)|\n+")


def _sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    s = 0
    for m in _SENT_BOUNDARY.finditer(text, 0, start):
        s = m.end()
    m = _SENT_BOUNDARY.search(text, end)
    e = m.end() if m else len(text)
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e - s > 300:
        return max(0, start - 60), min(len(text), end + 60)
    return s, e
