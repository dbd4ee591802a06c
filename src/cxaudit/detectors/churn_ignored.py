"""churn_ignored: the customer said they would leave, and no later company message
acknowledged it or tried to keep them.

What counts as an answer: a company message after the threat (same conversation, or any
conversation of the customer within ``window_days``) with the ``retention`` signal, or an
apology together with a concrete remedy (a retention pattern below the signal threshold,
such as a credit or a waived fee). A form letter asking for details, an apology with no
remedy, a rating request or a processed refund are not answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Iterable

from ..findings import Evidence, Finding, fmt_duration
from ..records import Message
from ..signals.base import MessageSignals
from ..units import Journey
from ._dialogue import is_human_reply, is_reply, on, quote
from .base import Context, Detector


@dataclass(frozen=True)
class Settings:
    window_days: float = 7.0  # a retention reply this soon after the threat, on any channel, counts
    apology_with_remedy: bool = True  # an apology plus a remedy pattern (credit, waived fee, ...) counts as acknowledgement


class ChurnIgnored(Detector):
    code = "churn_ignored"
    scope = "journey"
    needs = ("churn_threat", "retention", "apology", "auto_ack")
    Settings = Settings
    description = "The customer threatened to leave and no later company reply acknowledged it or tried to keep them."

    def _answers(self, sig: MessageSignals | None) -> bool:
        if on(sig, "retention"):
            return True
        return bool(self.settings.apology_with_remedy and on(sig, "apology") and sig is not None and sig.hits_for("retention"))

    def detect(self, journey: Journey, ctx: Context) -> Iterable[Finding]:
        msgs = journey.messages
        sigs = journey.signals
        window = timedelta(days=self.settings.window_days)
        threats = [(i, m) for i, m in enumerate(msgs) if m.role == "customer" and on(sigs.get(m.id), "churn_threat")]
        if not threats:
            return
        # group threats by conversation: one finding per conversation where threats went unanswered
        by_conv: dict[str, list[tuple[int, Message]]] = {}
        for i, m in threats:
            by_conv.setdefault(m.conversation_id, []).append((i, m))
        for conv_id, items in by_conv.items():
            i0, first = items[0]
            later = [m for m in msgs[i0 + 1:] if m.role != "customer" and m.timestamp - first.timestamp <= window]
            if any(self._answers(sigs.get(m.id)) for m in later):
                continue
            same_conv = [m for m in later if m.conversation_id == conv_id]
            replies = [m for m in same_conv if is_reply(m, sigs.get(m.id))]
            human = [m for m in replies if is_human_reply(m, sigs.get(m.id))]
            ev: list[Evidence] = []
            for _, m in items[:2]:
                ev.extend(quote(m, sigs.get(m.id), "churn_threat", note="customer says they will leave", max_hits=1))
            for m in replies[:2]:
                ev.extend(quote(m, sigs.get(m.id), ("apology", "retention"), note="reply that does not address it", max_hits=1))
            if not replies:
                answer = "nobody replied after it"
            elif not human:
                answer = f"only automated replies followed ({len(replies)})"
            else:
                answer = f"{len(human)} agent repl{'y' if len(human) == 1 else 'ies'} did not acknowledge it or try to keep them"
            severity = "high" if (not human or len(items) >= 2) else "medium"
            gap = (replies[0].timestamp - first.timestamp).total_seconds() if replies else None
            yield ctx.finding(
                severity,
                customer_id=journey.customer_id,
                conversation_id=conv_id,
                channel=first.channel,
                department=(human[0].department if human else None),
                author=(human[0].author if human else None),
                timestamp=first.timestamp.isoformat(),
                evidence=ev,
                measures={
                    "churn_threats": len(items),
                    "company_replies_after": len(replies),
                    "agent_replies_after": len(human),
                    "retention_replies": 0,
                    "first_reply_seconds": None if gap is None else round(gap, 1),
                    "window_days": self.settings.window_days,
                },
                explanation=(
                    f"The customer said they would leave on {first.channel}"
                    + (f" ({len(items)} times)" if len(items) > 1 else "")
                    + f" and {answer}"
                    + (f" (first reply after {fmt_duration(gap)})" if gap is not None else "")
                    + "."
                ),
            )
