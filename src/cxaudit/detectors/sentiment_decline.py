"""sentiment_decline: the customer's sentiment fell during a conversation and had not
recovered by its end.

The end of the curve is the customer's per-message sentiment smoothed with a trailing
rolling mean (so one curt "ok." or a neutral last line is not the whole story). The fall
is measured from the customer's best message before their last one to that smoothed end,
so a customer who opens with a strongly worded fault report, calms down, then falls again
has declined too. Two messages are a curve when the second is sharply negative and well below
the first. It is a finding when the fall is at least ``min_drop``, the smoothed end is still
negative (``end_max``), and the last message is not positive (a thankful last line is a
recovery). Curt neutral lines ("No.", "ok") are left out of the curve.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ..findings import Finding, fmt_duration
from ..units import Conversation
from ._dialogue import quote, sentiment
from .base import Context, Detector


@dataclass(frozen=True)
class Settings:
    window: int = 2  # rolling-mean window over customer messages
    min_messages: int = 3  # customer messages with a sentiment needed to speak of a curve ...
    two_message_drop: float = 0.4  # ... or two, when the second falls this far below the first
                                   # and is itself at or below ``sharp_end`` (a hopeful email, then an angry one)
    min_drop: float = 0.2  # best message before the last minus the smoothed end
    end_max: float = -0.15  # the smoothed end must be at most this (still negative)
    recovered_at: float = 0.05  # a last message this positive is a recovery
    sharp_end: float = -0.5  # a last message at or below this is taken as the end on its own
    curt_words: int = 2  # a customer message of at most this many words ...
    curt_neutral: float = 0.05  # ... with sentiment closer to 0 than this is not a point on the curve


def rolling_mean(values: list[float], window: int) -> list[float]:
    out = []
    w = max(1, window)
    total = 0.0
    for i, v in enumerate(values):
        total += v
        if i >= w:
            total -= values[i - w]
        out.append(total / min(i + 1, w))
    return out


class SentimentDecline(Detector):
    code = "sentiment_decline"
    scope = "conversation"
    needs = ("sentiment",)
    Settings = Settings
    description = "The customer's sentiment (smoothed) fell during the conversation and had not recovered by its end."

    def detect(self, conv: Conversation, ctx: Context) -> Iterable[Finding]:
        s = self.settings
        # a curt neutral line ("No.", "ok", "fine") carries no sentiment: it is not a point on the
        # curve, so it neither ends a decline nor counts as a recovery
        points = [(m, sig, v) for m, sig in conv.pairs() if m.role == "customer" and (v := sentiment(sig)) is not None
                  and not (abs(v) < s.curt_neutral and len(m.text.split()) <= s.curt_words)]
        if len(points) < 2:
            return
        if len(points) < s.min_messages and not (len(points) == 2 and points[1][2] <= s.sharp_end and points[0][2] - points[1][2] >= s.two_message_drop):
            return
        raw = [v for _, _, v in points]
        smooth = rolling_mean(raw, s.window)
        # the best point before the last message, then the worst point after it: a customer
        # who opened with a strongly worded fault report, calmed and then fell again declined too
        peak = max(range(len(raw) - 1), key=lambda i: (raw[i], -i))
        trough = min(range(peak + 1, len(raw)), key=lambda i: (raw[i], -i))
        end = smooth[-1]
        if raw[-1] <= s.sharp_end:
            end = min(end, raw[-1])  # a strongly negative last word is the end, not diluted by the one before
        drop = raw[peak] - end
        if drop < s.min_drop or end > s.end_max or raw[-1] >= s.recovered_at:
            return
        # steepest single step between consecutive customer messages
        steps = [(raw[i - 1] - raw[i], i) for i in range(1, len(raw))]
        steep, si = max(steps, key=lambda t: (t[0], -t[1]))
        # a partial climb back after the trough that did not last
        back = next((i for i in range(trough + 1, len(raw)) if raw[i] >= raw[peak]), None)
        pm, psig, _ = points[peak]
        em, esig, _ = points[-1]
        a, b = points[si - 1][0], points[si][0]
        ev = [quote(pm, psig, "sentiment", note=f"best point: sentiment {raw[peak]:+.2f}", max_hits=1)[0]]
        if si != len(points) - 1 and si != peak:
            ev.append(quote(b, points[si][1], "sentiment", note=f"steepest drop {raw[si - 1]:+.2f} -> {raw[si]:+.2f}", max_hits=1)[0])
        ev.append(quote(em, esig, "sentiment", note=f"last customer message, sentiment {raw[-1]:+.2f}", max_hits=1)[0])
        severity = "high" if drop >= 0.8 or end <= -0.6 else "medium" if drop >= 0.4 or end <= -0.3 else "low"
        span = (em.timestamp - pm.timestamp).total_seconds()
        yield ctx.finding(
            severity,
            customer_id=conv.customer_id,
            conversation_id=conv.id,
            channel=conv.channel,
            department=next((m.department for m in reversed(conv.messages) if m.role != "customer" and m.department), None),
            timestamp=em.timestamp.isoformat(),
            evidence=ev,
            measures={
                "sentiment_start": round(raw[0], 3),
                "sentiment_peak": round(raw[peak], 3),
                "sentiment_min": round(min(raw), 3),
                "sentiment_end": round(raw[-1], 3),
                "smoothed_end": round(end, 3),
                "drop": round(drop, 3),
                "min_drop": s.min_drop,
                "steepest_drop": round(steep, 3),
                "steepest_drop_between": [a.id, b.id],
                "recovered": False,
                "recovery_seconds": None,
                "end_max": s.end_max,
                "partial_recovery_at": points[back][0].id if back is not None else None,
                "customer_messages": len(points),
                "window": s.window,
                "decline_seconds": round(span, 1),
            },
            explanation=(
                f"The customer's sentiment fell from {raw[peak]:+.2f} to {end:+.2f} ({'the last message' if end == raw[-1] and raw[-1] <= s.sharp_end else f'mean of the last {min(s.window, len(raw))}'}) over {len(points)} messages "
                f"({fmt_duration(span)}), steepest between {a.id} and {b.id}, and never recovered before the conversation ended."
            ),
        )
