"""unanswered: a customer message got no reply at all, and the data runs past its target."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ..findings import Finding, evidence, severity_for_ratio
from ..timing import conversation_waits
from ..units import Conversation
from .base import Context, Detector
from ..findings import fmt_duration


@dataclass(frozen=True)
class Settings:
    min_severity: str = "medium"
    # meta keys saying a reply exists outside the data (an importer's dangling reply link)
    answered_elsewhere_meta: tuple = ("answered_elsewhere", "response_tweet_id")


_ORDER = ("low", "medium", "high", "critical")


class Unanswered(Detector):
    code = "unanswered"
    scope = "conversation"
    needs = ("auto_ack", "bot_failure", "closing")
    Settings = Settings
    description = "A customer message got no human or useful reply, and the data runs past the channel target (so an export's end is not mistaken for silence)."

    def detect(self, conv: Conversation, ctx: Context) -> Iterable[Finding]:
        data_end = ctx.corpus.data_end
        if data_end is None or conv.channel == "phone":
            return
        for w in conversation_waits(conv, ctx.config):
            if w.reply is not None or w.kind != "reply":
                continue
            if any(m.meta and any(m.meta.get(k) for k in self.settings.answered_elsewhere_meta) for m in w.run):
                continue  # a reply exists, just not in this data
            target = ctx.config.target_for(w.channel)
            observed = ctx.config.business_hours.seconds_between(w.start.timestamp, data_end)
            if observed <= target:
                continue
            ratio = observed / target
            sev = severity_for_ratio(ratio)
            if _ORDER.index(sev) < _ORDER.index(self.settings.min_severity):
                sev = self.settings.min_severity
            acks = [m for m in conv.messages if m.timestamp >= w.start.timestamp and m.role != "customer"]
            ev = [evidence(m) for m in w.run[:3]] + [evidence(m, note="not a reply") for m in acks[:2]]
            yield ctx.finding(
                sev,
                customer_id=conv.customer_id,
                conversation_id=conv.id,
                channel=w.channel,
                department=w.start.department,
                timestamp=w.start.timestamp.isoformat(),
                evidence=ev,
                measures={"messages_unanswered": len(w.run), "observed_seconds": round(observed, 1), "target_seconds": target, "automatic_acknowledgements": len(acks)},
                explanation=(
                    f"{len(w.run)} customer message(s) on {w.channel} got no human or useful reply in the {fmt_duration(observed)} the data covers after them"
                    f" (target {fmt_duration(target)})" + (f"; {len(acks)} company message(s) after it were only automatic or unhelpful." if acks else ".")
                ),
            )
