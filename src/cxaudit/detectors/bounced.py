"""bounced: the customer was passed between departments, or told to go elsewhere, more
than once in one matter.

A handoff is a ``transferred`` event or a company message with the ``handoff`` signal; a
message and an event in the same conversation a few minutes apart are one handoff. A bot
passing the customer to its first person is an escalation, not a bounce. Handoffs belong
to one matter when they follow each other within ``window_days`` and do not name different
orders or unrelated issues; a matter with ``min_handoffs`` or more is a finding, and so is
a handoff right after the customer said another team had sent them here (``redirected``).
A single warm transfer that resolves the problem is the healthy path.
"""

from __future__ import annotations

import re

from ..signals.base import MessageSignals

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Iterable

from ..findings import Evidence, Finding, evidence
from ..records import Event, Message
from ..units import Journey
from ._dialogue import on, quote
from .base import Context, Detector


@dataclass
class _Handoff:
    when: datetime
    conversation_id: str | None
    message: Message | None = None
    event: Event | None = None
    order_id: str | None = None
    issues: frozenset[str] = frozenset()
    after_redirect: Message | None = None  # the customer's "they sent me here" just before it

    @property
    def route(self) -> tuple[str | None, str | None]:
        if self.event is not None and self.event.attributes:
            a = self.event.attributes
            return a.get("from_department"), a.get("to_department")
        return (self.message.department if self.message else None), None


@dataclass
class _Matter:
    handoffs: list[_Handoff] = field(default_factory=list)
    orders: set[str] = field(default_factory=set)
    issues: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Settings:
    min_handoffs: int = 2  # handoffs in one matter that make it a bounce
    window_days: float = 14.0  # a handoff this soon after the previous one can belong to the same matter
    merge_minutes: float = 10.0  # a handoff message and a transfer event this close are one handoff
    redirect_counts: bool = True  # a handoff right after "they sent me here" is a bounce on its own
    same_team_patterns: tuple = ("move_to_private", "write_to_us")  # handoff hits that keep the customer with the same team ("DM us", "drop us an email")


def _leaves_team(sig: MessageSignals, same_team: tuple) -> bool:
    """A handoff that sends the customer to someone else, not just to a private channel."""
    hits = sig.hits_for("handoff")
    return not hits or any(h.pattern not in same_team for h in hits)


# Where a referral sends the customer: an e-mail address or a phone number (links are left
# out: shortened links differ every time for one destination).
_ADDRESS_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<![\w/])\+?\d[\d ()-]{7,}\d")


def _new_address(earlier: Message, later: Message) -> bool:
    """The later referral names a contact address the earlier one did not: another destination."""
    before = {a.lower() for a in _ADDRESS_RE.findall(earlier.text or "")}
    return any(a.lower() not in before for a in _ADDRESS_RE.findall(later.text or ""))


def _same_order(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _patterns(sig: MessageSignals | None) -> frozenset[str]:
    return frozenset(h.pattern for h in sig.hits_for("handoff")) if sig is not None else frozenset()


class Bounced(Detector):
    code = "bounced"
    scope = "journey"
    needs = ("handoff", "redirected", "issues")
    Settings = Settings
    description = "The customer was passed between departments or sent elsewhere two or more times in one matter."

    def _handoffs(self, journey: Journey) -> list[_Handoff]:
        s = self.settings
        sigs = journey.signals
        out: list[_Handoff] = []
        merge = timedelta(minutes=s.merge_minutes)
        for conv in journey.conversations:
            conv_issues = frozenset(i for sig in conv.signals for i in sig.issues)
            pending_redirect: Message | None = None
            conv_handoffs: list[_Handoff] = []
            for m in conv.messages:
                sig = sigs.get(m.id)
                if m.role == "customer":
                    if on(sig, "redirected"):
                        pending_redirect = m
                    continue
                if on(sig, "handoff") and m.role == "agent" and _leaves_team(sig, s.same_team_patterns):
                    prev = conv_handoffs[-1] if conv_handoffs else None
                    if (prev is not None and prev.message is not None and pending_redirect is None
                            and prev.message.author == m.author and prev.message.department == m.department
                            and not _new_address(prev.message, m)
                            and (_patterns(sigs.get(prev.message.id)) == _patterns(sig) or not any(e.type == "transferred" and prev.when <= e.timestamp <= m.timestamp for e in conv.events))):
                        continue  # the same agent repeating a referral (no transfer between, no new address) is one handoff, not a bounce
                    conv_handoffs.append(_Handoff(m.timestamp, conv.id, message=m, order_id=m.order_id, issues=conv_issues, after_redirect=pending_redirect))
                    pending_redirect = None
            # transfer events: merge with a nearby handoff message of the same conversation,
            # skip a bot's escalation to its first person
            for e in conv.events:
                if e.type != "transferred":
                    continue
                first_agent = next((m for m in conv.messages if m.role == "agent"), None)
                before_people = first_agent is None or first_agent.timestamp >= e.timestamp
                bots_before = any(m.role == "bot" and m.timestamp <= e.timestamp for m in conv.messages)
                if before_people and bots_before:
                    continue
                match = next((h for h in conv_handoffs if h.event is None and abs(h.when - e.timestamp) <= merge), None)
                if match is not None:
                    match.event = e
                else:
                    conv_handoffs.append(_Handoff(e.timestamp, conv.id, event=e, order_id=e.order_id, issues=conv_issues))
            out.extend(conv_handoffs)
        conv_ids = {c.id for c in journey.conversations}
        for e in journey.events:  # transfers that name no conversation of this customer
            if e.type == "transferred" and (e.conversation_id is None or e.conversation_id not in conv_ids):
                # the log of a handoff message a few minutes earlier or later is that handoff
                match = next((h for h in out if h.event is None and h.message is not None and abs(h.when - e.timestamp) <= merge
                              and _same_order(h.order_id, e.order_id)), None)
                if match is not None:
                    match.event = e
                else:
                    out.append(_Handoff(e.timestamp, e.conversation_id, event=e, order_id=e.order_id))
        out.sort(key=lambda h: (h.when, h.message.id if h.message else "", h.event.id if h.event else ""))
        return out

    def _matters(self, handoffs: list[_Handoff]) -> list[_Matter]:
        window = timedelta(days=self.settings.window_days)
        matters: list[_Matter] = []
        for h in handoffs:
            home = None
            for mt in reversed(matters):
                last = mt.handoffs[-1]
                if h.when - last.when > window:
                    continue
                if h.order_id and mt.orders and h.order_id not in mt.orders:
                    continue
                if h.issues and mt.issues and not (h.issues & mt.issues) and not h.order_id:
                    continue
                home = mt
                break
            if home is None:
                home = _Matter()
                matters.append(home)
            home.handoffs.append(h)
            if h.order_id:
                home.orders.add(h.order_id)
            home.issues |= h.issues
        return matters

    def detect(self, journey: Journey, ctx: Context) -> Iterable[Finding]:
        s = self.settings
        sigs = journey.signals
        for mt in self._matters(self._handoffs(journey)):
            hs = mt.handoffs
            redirects = [h for h in hs if h.after_redirect is not None] if s.redirect_counts else []
            if len(hs) < max(2, s.min_handoffs) and not redirects:
                continue
            ev: list[Evidence] = []
            for h in redirects[:1]:
                m = h.after_redirect
                ev.extend(quote(m, sigs.get(m.id), "redirected", note="customer says they were sent here", max_hits=1))
            for n, h in enumerate(hs[:6], 1):
                if h.message is not None:
                    ev.extend(quote(h.message, sigs.get(h.message.id), "handoff", note=f"handoff {n}", max_hits=1))
                if h.event is not None:
                    frm, to = h.route
                    ev.append(evidence(h.event, note=f"handoff {n}: transferred {frm or '?'} -> {to or '?'}"))
            path: list[str] = []
            for h in hs:
                frm, to = h.route
                for d in (frm, to):
                    if d and (not path or path[-1] != d):
                        path.append(d)
            convs = sorted({h.conversation_id for h in hs if h.conversation_id}, key=lambda c: min(h.when for h in hs if h.conversation_id == c))
            n = len(hs)
            effective = n + (1 if redirects else 0)
            severity = "critical" if effective >= 5 else "high" if effective >= 3 else "medium"
            first = hs[0]
            span = (hs[-1].when - first.when).total_seconds()
            channel = first.message.channel if first.message else None
            if channel is None and first.conversation_id:
                channel = next((c.channel for c in journey.conversations if c.id == first.conversation_id), None)
            returned = len(path) >= 3 and path[-1] in path[:-1]
            yield ctx.finding(
                severity,
                customer_id=journey.customer_id,
                conversation_id=convs[0] if len(convs) == 1 else None,
                channel=channel,
                department=first.route[0],
                timestamp=first.when.isoformat(),
                evidence=ev,
                measures={
                    "handoffs": n,
                    "min_handoffs": s.min_handoffs,
                    "after_redirect": len(redirects),
                    "departments_path": path,
                    "returned_to_start": returned,
                    "conversations": convs,
                    "span_seconds": round(span, 1),
                    "orders": sorted(mt.orders),
                },
                explanation=(
                    f"In one matter the customer was passed on {n} time{'s' if n != 1 else ''}"
                    + (f" ({' -> '.join(path)})" if len(path) >= 2 else "")
                    + (f" across {len(convs)} conversations" if len(convs) > 1 else "")
                    + (", including right after saying another team had sent them" if redirects else "")
                    + (", ending back where it started" if returned else "")
                    + "."
                ),
            )
