"""Small shared helpers for the detectors that read conversation signals.

Everything here is pure and cheap: flag checks on MessageSignals, evidence built from
the recognizers' Hit spans, and the few event-type vocabularies those detectors share.
"""

from __future__ import annotations

from datetime import datetime
from typing import Iterable

from ..findings import Evidence, evidence
from ..records import Event, Message
from ..signals.base import MessageSignals
from ..timing import ack_only

# Events that hurt the customer and that the company caused or owns.
HARMFUL_EVENTS = frozenset(
    {
        "order_cancelled", "payment_declined", "backordered", "shipment_delayed", "delivery_failed",
        "item_damaged", "pickup_failed", "service_suspended", "reopened", "call_abandoned",
    }
)

EXCERPT_CHARS = 200

def on(sig: MessageSignals | None, name: str) -> bool:
    """True only when the signal was read and is set (None and False are both 'no')."""
    return sig is not None and getattr(sig, name, None) is True

def sentiment(sig: MessageSignals | None) -> float | None:
    v = None if sig is None else sig.sentiment
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None

def excerpt_end(text: str, limit: int = EXCERPT_CHARS) -> int:
    """End of a short excerpt from the start of a text: its first sentence(s), at most ~limit chars."""
    if len(text) <= limit:
        return len(text)
    cut = max(text.rfind(". ", 0, limit), text.rfind("? ", 0, limit), text.rfind("! ", 0, limit), text.rfind("\n", 0, limit))
    return cut + 1 if cut >= limit // 3 else limit

def quote(msg: Message, sig: MessageSignals | None, signals: str | Iterable[str], note: str | None = None, max_hits: int = 2) -> list[Evidence]:
    """Evidence for a message: the spans its recognizers matched for `signals`, or an excerpt."""
    names = (signals,) if isinstance(signals, str) else tuple(signals)
    out: list[Evidence] = []
    if sig is not None:
        for h in sig.hits:
            if h.signal in names and not h.negated:
                out.append(evidence(msg, h.start, h.end, note))
                if len(out) >= max_hits:
                    break
    if not out:
        out.append(evidence(msg, 0, excerpt_end(msg.text), note))
    return out

def is_human_reply(msg: Message, sig: MessageSignals | None) -> bool:
    return msg.role == "agent" and not on(sig, "auto_ack")

def is_reply(msg: Message, sig: MessageSignals | None) -> bool:
    """A company message that is more than an automatic acknowledgement."""
    return msg.role != "customer" and not ack_only(msg, sig)

def is_outbound(conv_messages: Iterable[Message]) -> bool:
    """A conversation the company started (an outbound call, say)."""
    for m in conv_messages:
        if m.meta and str(m.meta.get("direction", "")).lower() == "outbound":
            return True
        if m.role == "customer":
            return False
    return False

def days_between(a: datetime, b: datetime) -> float:
    return abs((b - a).total_seconds()) / 86400.0

def event_note(e: Event) -> str:
    reason = e.attributes.get("reason") if e.attributes else None
    return f"{e.type}" + (f" ({reason})" if reason else "")
