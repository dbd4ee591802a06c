"""repeat_contact: the customer had to come back about the same matter, or had to repeat
themselves.

A *contact* is the customer reaching out: the customer messages of a conversation they
started, split where they write again after ``chase_gap_hours`` with no answer in between
(a chase in the same thread). A contact repeats an earlier one when it comes within
``window_days`` of it and is about the same matter: the same order, overlapping issue
categories (when no orders tell them apart), or a follow-up on an earlier contact that got
no answer, or a contact soon after a bot that failed or was asked for a person while no
agent joined (``after_bot_hours``). A contact whose words say it is a follow-up (``repeat_cue``, "you promised",
"they sent me here") may reach back ``followup_window_days``. Inside one conversation,
a customer who says they are repeating themselves after the company already replied
(``repeat_cue``: "as I said", "third time I'm giving this") is a finding too.
A customer who complains or follows up after a company promise fell due and before it was
kept (``chase_unkept_promises``: "nobody came yesterday", "it's the 2nd and still no
shipping email") had to come back too, in the same thread or within ``followup_window_days``.
A new, unrelated question weeks later is not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Iterable

from ..config import validate_settings
from ..findings import Evidence, Finding, evidence, fmt_duration
from ..records import Message
from ..signals.base import MessageSignals
from ..units import Conversation, Journey
from ._dialogue import is_outbound, is_reply, on, quote
from .base import Context, Detector
from .broken_promise import BrokenPromise

FOLLOWUP_SIGNALS = ("repeat_cue", "promise_broken_claim", "redirected")


@dataclass
class _Contact:
    index: int
    conv: Conversation
    messages: list[Message] = field(default_factory=list)
    chase: bool = False  # a second message in the same thread, after no answer
    inbound: bool = True
    answered: bool = False  # a person (or a useful bot answer) replied to it
    orders: frozenset[str] = frozenset()
    issues: frozenset[str] = frozenset()
    followup: list[Message] = field(default_factory=list)  # messages with a follow-up cue
    repeats: list[Message] = field(default_factory=list)  # repeat cues after the company already replied
    moved_private_at: datetime | None = None  # the company asked the customer to continue in private ("DM us")
    bot_failed: bool = False  # only a bot answered, and it failed or the customer asked it for a person
    first_answer_at: datetime | None = None  # when the company first answered it

    @property
    def start(self) -> datetime:
        return self.messages[0].timestamp

    @property
    def end(self) -> datetime:
        return self.messages[-1].timestamp


@dataclass(frozen=True)
class Settings:
    window_days: float = 7.0  # coming back about the same matter within this is a repeat contact
    followup_window_days: float = 30.0  # a contact that says it is a follow-up may reach back this far
    chase_gap_hours: float = 12.0  # writing again in the same thread after this long with no answer is a new contact
    min_repeat_cues: int = 1  # in-conversation repeat cues (after a company reply) that make a finding
    private_move_hours: float = 24.0  # a new contact this soon after "DM us" continues the same contact
    after_bot_hours: float = 48.0  # a new contact this soon after a bot that could not help is the same matter
    chase_unkept_promises: bool = True  # writing after a company promise fell due, before it was kept, is coming back (promises read as broken_promise reads them)


class RepeatContact(Detector):
    code = "repeat_contact"
    scope = "journey"
    needs = ("repeat_cue", "promise_broken_claim", "redirected", "issues", "auto_ack", "bot_failure", "closing", "handoff", "human_request", "promise", "complaint")
    Settings = Settings
    description = "The customer had to come back about the same matter (within a window, on any channel) or had to repeat themselves."
    _promise_reader: tuple[Any, BrokenPromise] | None = None  # (config, a broken_promise reader with that config's settings)

    # ------------------------------------------------------------------ contacts
    def _contacts(self, journey: Journey) -> list[_Contact]:
        sigs = journey.signals
        chase = timedelta(hours=self.settings.chase_gap_hours)
        out: list[_Contact] = []
        for conv in journey.conversations:
            outbound = is_outbound(conv.messages)
            orders = frozenset(m.order_id for m in conv.messages if m.order_id)
            issues = frozenset(i for m in conv.messages if m.role == "customer" for i in sigs[m.id].issues) if sigs else frozenset()
            bot_only = any(m.role == "bot" for m in conv.messages) and not any(m.role == "agent" for m in conv.messages)
            cur: _Contact | None = None
            replied_since = False  # the company answered since the customer's last message
            replied_ever = False
            last_customer: Message | None = None
            for m in conv.messages:
                sig = sigs.get(m.id)
                if m.role != "customer":
                    if bot_only and cur is not None and m.role == "bot" and on(sig, "bot_failure"):
                        cur.bot_failed = True
                    if self._answers(m, sig):
                        replied_since = replied_ever = True
                        if cur is not None:
                            cur.answered = True
                            if cur.first_answer_at is None:
                                cur.first_answer_at = m.timestamp
                    if cur is not None and sig is not None and any(h.pattern == "move_to_private" for h in sig.hits_for("handoff")):
                        cur.moved_private_at = m.timestamp
                    continue
                new = cur is None or (not replied_since and last_customer is not None and m.timestamp - last_customer.timestamp >= chase)
                if new:
                    cur = _Contact(len(out), conv, chase=cur is not None, inbound=not outbound or cur is not None, orders=orders, issues=issues)
                    out.append(cur)
                cur.messages.append(m)
                if bot_only and on(sig, "human_request"):
                    cur.bot_failed = True
                if not on(sig, "closing") and any(on(sig, f) for f in FOLLOWUP_SIGNALS):
                    cur.followup.append(m)
                    if on(sig, "repeat_cue") and replied_ever:
                        cur.repeats.append(m)
                replied_since = False
                last_customer = m
        return out

    @staticmethod
    def _answers(m: Message, sig: MessageSignals | None) -> bool:
        if m.role == "agent":
            return is_reply(m, sig)
        if m.role == "bot":
            return is_reply(m, sig) and not on(sig, "bot_failure")
        return False

    def _link(self, prev: _Contact, cur: _Contact) -> str | None:
        """Why `cur` is about the same matter as `prev` (and within reach), or None."""
        s = self.settings
        if cur.chase and cur.conv.id == prev.conv.id:
            return "wrote again in the same thread with no answer"
        if prev.moved_private_at is not None and timedelta(0) <= cur.start - prev.moved_private_at <= timedelta(hours=s.private_move_hours):
            return None  # the customer did as asked and moved to a private channel
        gap = cur.start - prev.end
        if gap < timedelta(0):
            # the customer came back on another channel, saying so, while the first contact still
            # waited for its first answer ("Emailed yesterday, no reply" on social)
            waiting = prev.first_answer_at is None or prev.first_answer_at > cur.start
            if not (cur.conv.id != prev.conv.id and prev.start < cur.start and waiting and cur.followup):
                return None
            gap = timedelta(0)
        within = gap <= timedelta(days=s.window_days)
        followup = bool(cur.followup) and gap <= timedelta(days=s.followup_window_days)
        if not (within or followup):
            return None
        shared = cur.orders & prev.orders
        if shared:
            return f"same order {sorted(shared)[0]}"
        if cur.orders and prev.orders:  # different orders: a different matter unless the customer says otherwise
            return "follow-up on an earlier contact" if followup else None
        if cur.issues & prev.issues and within:
            return "same issue (" + ", ".join(sorted(cur.issues & prev.issues)) + ")"
        if followup:
            return "follow-up on an earlier contact"
        if within and not prev.answered:
            return "came back after an unanswered contact"
        if prev.bot_failed and gap <= timedelta(hours=s.after_bot_hours):
            return "came back after a bot that could not help"
        return None

    @staticmethod
    def _may_chase(m: Message, sig: MessageSignals | None) -> bool:
        """A customer message that could be chasing something: a complaint or a follow-up cue, not thanks."""
        return m.role == "customer" and sig is not None and not on(sig, "closing") and (on(sig, "complaint") or any(on(sig, f) for f in FOLLOWUP_SIGNALS))

    def _chases(self, journey: Journey, ctx: Context, where: dict[str, int]) -> dict[int, tuple[Message | None, Any, Message, str]]:
        """Contacts in which the customer chased a promise that had fallen due unkept: contact
        index -> (the promise's message or None, its logged event or None, the chase, why)."""
        if not self.settings.chase_unkept_promises:
            return {}
        sigs = journey.signals
        # promises are only read (the costly part) when a possible chase follows a company message
        company_seen = False
        for m in journey.messages:
            if m.role != "customer":
                company_seen = True
            elif company_seen and self._may_chase(m, sigs.get(m.id)):
                break
        else:
            if not any(e.type == "callback_promised" for e in journey.events):
                return {}
        if self._promise_reader is None or self._promise_reader[0] is not ctx.config:
            raw = ctx.config.detector_raw("broken_promise")
            self._promise_reader = (ctx.config, BrokenPromise(validate_settings("broken_promise", BrokenPromise.Settings, raw)))
        reach = timedelta(days=self.settings.followup_window_days)
        out: dict[int, tuple[Message | None, Any, Message, str]] = {}
        for p, kept_at in self._promise_reader[1].unkept(journey, ctx.corpus.data_end):
            for m in journey.messages:
                if m.role != "customer" or m.timestamp <= p.due or (kept_at is not None and m.timestamp >= kept_at):
                    continue
                if m.timestamp - p.due > reach:
                    break
                if p.order_id and m.order_id and m.order_id != p.order_id:
                    continue
                if not self._may_chase(m, sigs.get(m.id)):
                    continue  # thanks, or a new question with nothing wrong: not a chase
                i = where.get(m.id)
                if i is not None and i not in out:
                    why = f"chased a promise due {p.due.strftime('%Y-%m-%d %H:%M')} and not kept"
                    out[i] = (p.message, p.event, m, why)
                break
        return out

    # ------------------------------------------------------------------ detect
    def detect(self, journey: Journey, ctx: Context) -> Iterable[Finding]:
        s = self.settings
        contacts = self._contacts(journey)
        if not contacts:
            return
        where = {m.id: c.index for c in contacts for m in c.messages}
        chases = self._chases(journey, ctx, where)
        parent = list(range(len(contacts)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        links: dict[int, tuple[int, str]] = {}
        for j, cur in enumerate(contacts):
            for i in range(j - 1, -1, -1):
                why = self._link(contacts[i], cur)
                if why:
                    if cur.inbound:  # an outbound call joins the matter but is not the customer coming back
                        links[j] = (i, why)
                    parent[find(j)] = find(i)
                    break
        for j, (pm, _pe, _m, why) in chases.items():
            if j in links:
                continue
            i = where.get(pm.id) if pm is not None else None
            if i is not None and i < j:
                parent[find(j)] = find(i)
            links[j] = (i if i is not None and i < j else -1, why)
        groups: dict[int, list[int]] = {}
        for i in range(len(contacts)):
            groups.setdefault(find(i), []).append(i)
        sigs = journey.signals
        for root in sorted(groups):
            members = [contacts[i] for i in groups[root]]
            inbound = [c for c in members if c.inbound]
            repeats = [m for c in members for m in c.repeats]
            repeated_contacts = [c for c in members if c.index in links]
            if not repeated_contacts and len(repeats) < max(1, s.min_repeat_cues):
                continue
            ev: list[Evidence] = []
            link_rows = []
            for c in repeated_contacts[:6]:
                i, why = links[c.index]
                chase = chases.get(c.index)
                first = chase[2] if chase is not None and i < 0 else c.followup[0] if c.followup else c.messages[0]
                ev.extend(quote(first, sigs.get(first.id), FOLLOWUP_SIGNALS, note=f"came back: {why}", max_hits=1))
                if i < 0:  # linked to the unkept promise itself, not to an earlier contact of the customer's
                    assert chase is not None
                    pm, pe = chase[0], chase[1]
                    source = pm.id if pm is not None else pe.id
                    if pm is not None:
                        ev.extend(quote(pm, sigs.get(pm.id), "promise", note="the promise the customer chased", max_hits=1))
                    else:
                        ev.append(evidence(pe, note="the logged promise the customer chased"))
                    link_rows.append({"from": source, "to": first.id, "reason": why, "gap_hours": round((first.timestamp - (pm or pe).timestamp).total_seconds() / 3600, 1)})
                    continue
                prev = contacts[i]
                link_rows.append({"from": prev.messages[0].id, "to": c.messages[0].id, "reason": why, "gap_hours": round((c.start - prev.end).total_seconds() / 3600, 1)})
            first_linked = next((links[c.index][0] for c in repeated_contacts if links[c.index][0] >= 0), None)
            if first_linked is not None:
                first_contact = contacts[first_linked]
                ev.insert(0, quote(first_contact.messages[0], sigs.get(first_contact.messages[0].id), FOLLOWUP_SIGNALS, note="first contact", max_hits=1)[0])
            shown = {e.ref_id for e in ev}
            for m in repeats[:4]:
                if m.id not in shown:
                    ev.extend(quote(m, sigs.get(m.id), "repeat_cue", note="customer repeats themselves", max_hits=1))
            convs = list(dict.fromkeys(c.conv.id for c in members))
            channels = list(dict.fromkeys(c.messages[0].channel for c in members))
            n = len(members) if repeated_contacts else 1
            span = (members[-1].start - members[0].start).total_seconds()
            severity = "critical" if n >= 5 else "high" if n >= 3 or len(repeats) >= 3 else "medium" if n >= 2 or len(repeats) >= 2 else "low"
            orders = sorted({o for c in members for o in c.orders})
            lead = repeated_contacts[0] if repeated_contacts else next(c for c in members if c.repeats)
            if repeated_contacts:
                text = (f"The customer had to come back {len(repeated_contacts)} time{'s' if len(repeated_contacts) != 1 else ''} about the same matter"
                        + (f" ({n} contacts in all" + (f", {n - len(inbound)} of them the company's own call" if n > len(inbound) else "") + ")")
                        + (f" about {orders[0]}" if len(orders) == 1 else "")
                        + f" over {fmt_duration(span)}" + (f" on {', '.join(channels)}" if channels else "")
                        + (f", and said {len(repeats)} time{'s' if len(repeats) != 1 else ''} they were repeating themselves" if repeats else "") + ".")
            else:
                text = f"Within one conversation on {lead.messages[0].channel}, the customer said {len(repeats)} time{'s' if len(repeats) != 1 else ''} they had to repeat themselves after the company had already replied."
            yield ctx.finding(
                severity,
                customer_id=journey.customer_id,
                conversation_id=convs[0] if len(convs) == 1 else None,
                channel=lead.messages[0].channel,
                timestamp=lead.start.isoformat(),
                evidence=ev,
                measures={
                    "contacts": n,
                    "repeat_contacts": len(repeated_contacts),
                    "repeat_cues": len(repeats),
                    "conversations": convs,
                    "channels": channels,
                    "orders": orders,
                    "span_seconds": round(span, 1),
                    "window_days": s.window_days,
                    "followup_window_days": s.followup_window_days,
                    "links": link_rows,
                },
                explanation=text,
            )
