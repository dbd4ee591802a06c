"""Response timing: how long each customer run waited for a human or useful reply.

A run is one or more customer messages with no reply between them; its clock starts at the
run's first message and stops at the next agent message, or bot message that is neither an
automatic acknowledgement nor a bot failure. System notices never stop it. A run that only
closes the exchange ("thanks, bye") needs no reply. On the phone, the wait is the hold
before pickup: a system message with ``meta.hold_seconds`` or a ``call_queued`` ->
``call_answered`` event pair.
"""

from __future__ import annotations

from dataclasses import dataclass

from .config import Config
from .records import Event, Message
from .signals.base import MessageSignals
from .units import Conversation


@dataclass(frozen=True, slots=True)
class Wait:
    start: Message | Event  # the message (or queue event) the clock started at
    reply: Message | Event | None  # what stopped it; None: no reply at all
    seconds: float | None  # measured wait (business seconds when configured); None without a reply
    kind: str  # "reply" or "hold"
    channel: str
    run: tuple[Message, ...] = ()  # the customer messages of the run


ACK_ONLY_MAX_OTHER_WORDS = 15


def ack_only(msg: Message, sig: MessageSignals | None) -> bool:
    """An automatic acknowledgement and nothing more. A person's message that opens with "we
    have received your request" and then answers it (more than 15 other words) is a reply."""
    if sig is None or not sig.auto_ack:
        return False
    if msg.role != "agent":
        return True
    text = msg.text
    spans = sorted((h.start, h.end) for h in sig.hits if h.signal == "auto_ack")
    pos, rest = 0, []
    for s, e in spans:
        rest.append(text[pos:s])
        pos = max(pos, e)
    rest.append(text[pos:])
    return len(" ".join(rest).split()) <= ACK_ONLY_MAX_OTHER_WORDS


def stops_clock(msg: Message, sig: MessageSignals) -> bool:
    if msg.role == "agent":
        return not ack_only(msg, sig)
    if msg.role == "bot":
        return not sig.auto_ack and not sig.bot_failure
    return False


def _hold_seconds(msg: Message) -> float | None:
    v = msg.meta.get("hold_seconds") if msg.meta else None
    if isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0:
        return float(v)
    return None


def phone_waits(conv: Conversation) -> list[Wait]:
    waits: list[Wait] = []
    for m in conv.messages:
        if m.role == "system":
            hs = _hold_seconds(m)
            if hs is not None:
                waits.append(Wait(m, None, hs, "hold", m.channel))
    queued: Event | None = None
    for e in conv.events:
        if e.type == "call_queued":
            queued = e
        elif e.type in ("call_answered", "call_abandoned") and queued is not None:
            secs = (e.timestamp - queued.timestamp).total_seconds()
            waits.append(Wait(queued, e if e.type == "call_answered" else None, secs, "hold", "phone"))
            queued = None
    return waits


_CACHE: dict[int, tuple[Conversation, Config, list[Wait]]] = {}
_CACHE_MAX = 256


def conversation_waits(conv: Conversation, config: Config) -> list[Wait]:
    """Every wait in a conversation, in time order (memoised: several detectors and the
    conversation row ask for the same conversation in a row)."""
    hit = _CACHE.get(id(conv))
    if hit is not None and hit[0] is conv and hit[1] is config:
        return hit[2]
    waits = _compute_waits(conv, config)
    if len(_CACHE) >= _CACHE_MAX:
        _CACHE.clear()
    _CACHE[id(conv)] = (conv, config, waits)
    return waits


def _compute_waits(conv: Conversation, config: Config) -> list[Wait]:
    if conv.channel == "phone":
        return phone_waits(conv)
    waits: list[Wait] = []
    run: list[Message] = []
    bh = config.business_hours
    for m, sig in conv.pairs():
        if m.role == "customer":
            run.append(m)
        elif run and stops_clock(m, sig):
            waits.append(Wait(run[0], m, bh.seconds_between(run[0].timestamp, m.timestamp), "reply", run[0].channel, tuple(run)))
            run = []
    if run:
        sigs = {s.message_id: s for s in conv.signals}
        if not all(sigs[m.id].closing for m in run):
            waits.append(Wait(run[0], None, None, "reply", run[0].channel, tuple(run)))
    return waits


def first_response_seconds(conv: Conversation, config: Config, waits: list[Wait] | None = None) -> float | None:
    waits = conversation_waits(conv, config) if waits is None else waits
    for w in waits:
        if w.seconds is not None and (w.kind == "hold" or w.reply is not None):
            return w.seconds
    return None
