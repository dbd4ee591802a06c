"""The units detectors work on: a conversation, a customer's journey, the corpus.

All are frozen views built by the engine; detectors read them and never change them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Mapping

from .records import Content, Event, Message, Policy
from .signals.base import MessageSignals


@dataclass(frozen=True, slots=True)
class Conversation:
    id: str
    customer_id: str
    messages: tuple[Message, ...]  # time order
    signals: tuple[MessageSignals, ...]  # aligned with messages
    events: tuple[Event, ...] = ()  # events that name this conversation, time order

    @property
    def channels(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.channel for m in self.messages))

    @property
    def channel(self) -> str | None:
        return self.messages[0].channel if self.messages else None

    @property
    def start(self) -> datetime:
        return self.messages[0].timestamp

    @property
    def end(self) -> datetime:
        return self.messages[-1].timestamp

    def pairs(self):
        """(message, signals) in time order."""
        return zip(self.messages, self.signals)


@dataclass(frozen=True, slots=True)
class Journey:
    """One customer's whole history: every conversation and event, across channels."""

    customer_id: str
    conversations: tuple[Conversation, ...]  # ordered by start time
    events: tuple[Event, ...]  # time order
    signals: Mapping[str, MessageSignals] = field(default_factory=dict)  # by message id
    messages: tuple[Message, ...] = ()  # every message of every conversation, time order (filled in when empty)

    def __post_init__(self) -> None:
        if not self.messages and self.conversations:
            msgs = [m for c in self.conversations for m in c.messages]
            msgs.sort(key=lambda m: (m.timestamp, m.id))
            object.__setattr__(self, "messages", tuple(msgs))

    def orders(self) -> dict[str, list[Message | Event]]:
        out: dict[str, list[Message | Event]] = {}
        for c in self.conversations:
            for m in c.messages:
                if m.order_id:
                    out.setdefault(m.order_id, []).append(m)
        for e in self.events:
            if e.order_id:
                out.setdefault(e.order_id, []).append(e)
        for v in out.values():
            v.sort(key=lambda r: (r.timestamp, r.id))
        return out


@dataclass(frozen=True, slots=True)
class Corpus:
    """What is corpus-wide: published content, policies, and the span the data covers."""

    contents: tuple[Content, ...] = ()
    policies: tuple[Policy, ...] = ()
    data_start: datetime | None = None
    data_end: datetime | None = None  # the latest timestamp anywhere in the input

    def content_valid_at(self, when: datetime) -> tuple[Content, ...]:
        return tuple(c for c in self.contents if c.valid_at(when))

    def policies_in_force(self, when: datetime) -> tuple[Policy, ...]:
        return tuple(p for p in self.policies if p.effective_from <= when)
