"""missing_apology: the customer reported a problem the company caused or owns, a person
replied, and no company message in that conversation apologised.

Scope is the conversation: each contact is judged on its own (an apology in last week's
call does not excuse this one); an apology in a later contact within ``later_apology_days``
(same order, or no order on either side) is late but present. Problem evidence, strongest first: a customer complaint;
a claim that a promise was broken; a negative customer message about an issue or about an
order the company had just harmed (cancelled, delayed, damaged, ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Iterable

from ..findings import Evidence, Finding, evidence
from ..records import Event
from ..units import Conversation, Journey
from ._dialogue import HARMFUL_EVENTS, event_note, is_human_reply, on, quote, sentiment
from .base import Context, Detector


@dataclass(frozen=True)
class Settings:
    negative_sentiment: float = -0.5  # a customer message this negative (with an issue or harmful event) is a problem
    harm_lookback_days: float = 30.0  # harmful events on the same order/customer this recent count as the company's doing
    require_human_reply: bool = True  # only judge conversations where a person (role agent) replied after the problem
    strong_complaint_cues: float = 1.0  # a complaint counts on its own with cue weights this high ...
    complaint_sentiment: float = -0.5  # ... or with sentiment this negative (a mild "wrong PIN" is often the customer's own slip)
    weak_cue_threshold: float = 1.0  # complaint / broken-promise cues below their thresholds, summed, that make a problem
    support_weight: float = 0.5  # what a company refusal, or a harmful event, adds to the weak cues
    complaint_after_refusal: bool = True  # a complaint with no reply after it still counts when a person had refused the customer earlier in the conversation
    later_apology_days: float = 3.0  # a company apology in a later conversation this soon (same order, or no orders on either side) is late but present


class MissingApology(Detector):
    code = "missing_apology"
    scope = "journey"  # judged per conversation; the journey supplies order events
    needs = ("apology", "complaint", "sentiment", "issues", "promise_broken_claim", "refusal", "auto_ack")
    Settings = Settings
    description = "The customer reported a problem the company caused or owns, and no company message in the conversation apologised."

    def detect(self, journey: Journey, ctx: Context) -> Iterable[Finding]:
        reach = timedelta(days=self.settings.later_apology_days)
        sigs = journey.signals
        for conv in journey.conversations:
            orders = {m.order_id for m in conv.messages if m.order_id}
            if any(m.role != "customer" and conv.end <= m.timestamp <= conv.end + reach and on(sigs.get(m.id), "apology")
                   and (not orders or not m.order_id or m.order_id in orders)
                   for c in journey.conversations if c.id != conv.id and c.start >= conv.start for m in c.messages):
                continue  # the apology came, late, in the next contact about it
            yield from self.detect_conversation(conv, journey.events, ctx)

    def detect_conversation(self, conv: Conversation, events: tuple[Event, ...], ctx: Context) -> Iterable[Finding]:
        s = self.settings
        pairs = list(conv.pairs())
        if any(m.role != "customer" and on(sig, "apology") for m, sig in pairs):
            return
        harm = self._harmful_events(conv, events)
        problems: list[tuple[int, str]] = []  # (index, why)
        cue_total = 0.0  # problem cues below their signal's threshold, summed over the conversation
        for i, (m, sig) in enumerate(pairs):
            if m.role != "customer":
                continue
            senti = sentiment(sig)
            negative = senti is not None and senti <= s.negative_sentiment
            cues = sum(h.weight for h in sig.hits if h.signal == "complaint" and not h.negated and h.weight > 0)
            if on(sig, "complaint") and (cues >= s.strong_complaint_cues or (senti is not None and senti <= s.complaint_sentiment)):
                problems.append((i, "complaint"))
            elif on(sig, "promise_broken_claim"):
                problems.append((i, "broken promise reported"))
            elif negative and (sig.issues or harm):
                problems.append((i, "negative message about " + (", ".join(sig.issues) if sig.issues else "a harmful event")))
            else:
                w = sum(h.weight for h in sig.hits if h.signal in ("complaint", "promise_broken_claim") and not h.negated)
                if w > 0:
                    cue_total += w
                    problems.append((i, "weak problem cues"))
        strong = [p for p in problems if p[1] != "weak problem cues"]
        if not problems:
            return
        first = problems[0][0]
        replies = [(m, sig) for m, sig in pairs[first + 1:] if is_human_reply(m, sig)]
        if not replies and s.complaint_after_refusal:
            # the complaint answers a person who had already refused the customer in this
            # conversation ("Three people, three answers ... extremely disappointed")
            replies = [(m, sig) for m, sig in pairs[:first] if is_human_reply(m, sig) and on(sig, "refusal")]
        if s.require_human_reply and not replies:
            return
        refused = any(on(sig, "refusal") for _, sig in replies)
        if not strong:
            # several weak cues together, or one backed by a refusal or a harmful event
            support = cue_total + s.support_weight * (bool(refused) + bool(harm))
            if support < s.weak_cue_threshold:
                return
        refusals = [(m, sig) for m, sig in replies if on(sig, "refusal")]
        ev: list[Evidence] = []
        for i, why in problems[:3]:
            m, sig = pairs[i]
            ev.extend(quote(m, sig, ("complaint", "promise_broken_claim", "issues"), note=why, max_hits=1))
        shown = refusals[:2] or replies[:1]
        for m, sig in shown:
            ev.extend(quote(m, sig, "refusal", note="company reply without an apology", max_hits=1))
        for e in harm[:2]:
            ev.append(evidence(e, note=event_note(e)))
        severity = "high" if refusals or (harm and len(problems) >= 2) else "medium"
        first_msg = pairs[first][0]
        depts = [m.department for m, _ in replies if m.department]
        kinds = sorted({why.split(" about ")[0] for _, why in problems})
        if not strong:
            kinds = ["complaint cues"] + (["a refusal"] if refused else []) + (["a harmful event"] if harm else [])
        yield ctx.finding(
            severity,
            customer_id=conv.customer_id,
            conversation_id=conv.id,
            channel=first_msg.channel,
            department=depts[0] if depts else None,
            author=replies[0][0].author if replies else None,
            timestamp=first_msg.timestamp.isoformat(),
            evidence=ev,
            measures={
                "problem_messages": len(problems),
                "company_replies": len(replies),
                "company_refusals": len(refusals),
                "apologies": 0,
                "harmful_events": [e.type for e in harm],
                "weak_cue_weight": round(cue_total, 2),
                "weak_cue_threshold": s.weak_cue_threshold,
            },
            explanation=(
                f"The customer reported a problem ({'; '.join(kinds)}) in {len(problems)} message(s) and the company replied "
                f"{len(replies)} time(s)" + (f", refusing {len(refusals)} time(s)," if refusals else "") + " without ever apologising."
            ),
        )

    def _harmful_events(self, conv: Conversation, events: tuple[Event, ...]) -> list[Event]:
        """Harmful events on this conversation, or on an order it names (or on no order: the
        customer's account), shortly before or during it."""
        orders = {m.order_id for m in conv.messages if m.order_id}
        lo = conv.start - timedelta(days=self.settings.harm_lookback_days)
        out = [e for e in conv.events if e.type in HARMFUL_EVENTS]
        seen = {e.id for e in out}
        for e in events:
            if e.type in HARMFUL_EVENTS and (e.order_id is None or e.order_id in orders) and lo <= e.timestamp <= conv.end and e.id not in seen:
                out.append(e)
                seen.add(e.id)
        out.sort(key=lambda e: (e.timestamp, e.id))
        return out
