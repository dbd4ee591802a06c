"""slow_response: a customer waited longer than the channel's target for a human or useful reply."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ..findings import Finding, evidence, fmt_duration, severity_for_ratio
from ..timing import conversation_waits
from ..units import Conversation
from .base import Context, Detector


@dataclass(frozen=True)
class Settings:
    min_ratio: float = 1.0  # report waits above target * min_ratio


class SlowResponse(Detector):
    code = "slow_response"
    scope = "conversation"
    needs = ("auto_ack", "bot_failure", "closing")
    Settings = Settings
    description = "A customer message waited longer than its channel's target for a human or useful reply (phone: hold before pickup)."

    def detect(self, conv: Conversation, ctx: Context) -> Iterable[Finding]:
        for w in conversation_waits(conv, ctx.config):
            if w.seconds is None or (w.kind == "reply" and w.reply is None):
                continue
            target = ctx.config.target_for(w.channel)
            if w.seconds <= target * self.settings.min_ratio:
                continue
            ratio = w.seconds / target
            ev = [evidence(w.start)]
            if w.reply is not None:
                ev.append(evidence(w.reply))
            what = "was on hold" if w.kind == "hold" else "waited"
            until = "before an agent picked up" if w.kind == "hold" else "for a reply"
            replier = getattr(w.reply, "department", None) if w.reply is not None else None
            yield ctx.finding(
                severity_for_ratio(ratio),
                customer_id=conv.customer_id,
                conversation_id=conv.id,
                channel=w.channel,
                department=replier or getattr(w.start, "department", None),
                author=getattr(w.reply, "author", None),
                timestamp=w.start.timestamp.isoformat(),
                evidence=ev,
                measures={"wait_seconds": round(w.seconds, 1), "target_seconds": target, "ratio": round(ratio, 2), "wait_kind": w.kind},
                explanation=f"The customer {what} {fmt_duration(w.seconds)} {until} on {w.channel}, against a target of {fmt_duration(target)} ({ratio:.1f}x).",
            )
