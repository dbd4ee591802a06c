"""Frozen, typed records: what the reader produces and everything downstream reads.

Records never change after the reader builds them. Anything derived from them (signals,
findings) lives in its own frozen objects keyed by record id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any, Mapping

EMPTY: Mapping[str, Any] = MappingProxyType({})

ROLES = frozenset({"customer", "agent", "bot", "system"})
COMPANY_ROLES = frozenset({"agent", "bot", "system"})
KINDS = ("message", "event", "content", "policy")

EVENT_TYPES = frozenset(
    {
        "order_placed", "order_cancelled", "payment_declined", "backordered", "shipment_delayed",
        "shipped", "delivered", "delivery_failed", "item_damaged", "return_requested",
        "refund_issued", "replacement_shipped", "transferred", "escalated", "resolved",
        "reopened", "callback_promised", "notification_sent", "csat", "call_queued",
        "call_answered", "call_abandoned",
    }
)


@dataclass(frozen=True, slots=True)
class Source:
    """Where a record came from: file name and 1-based line number."""

    file: str
    line: int


@dataclass(frozen=True, slots=True)
class Message:
    id: str
    conversation_id: str
    customer_id: str
    channel: str
    timestamp: datetime
    role: str
    text: str
    author: str | None = None
    department: str | None = None
    in_reply_to: str | None = None
    order_id: str | None = None
    meta: Mapping[str, Any] = field(default_factory=lambda: EMPTY)
    source: Source | None = field(default=None, compare=False)

    @property
    def is_customer(self) -> bool:
        return self.role == "customer"

    @property
    def is_company(self) -> bool:
        return self.role != "customer"


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    type: str
    timestamp: datetime
    customer_id: str
    order_id: str | None = None
    conversation_id: str | None = None
    department: str | None = None
    attributes: Mapping[str, Any] = field(default_factory=lambda: EMPTY)
    meta: Mapping[str, Any] = field(default_factory=lambda: EMPTY)
    source: Source | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Content:
    id: str
    source_kind: str  # the interchange field `source`: website, help_center, template, ...
    text: str
    title: str | None = None
    valid_from: datetime | None = None
    valid_to: datetime | None = None
    department: str | None = None
    meta: Mapping[str, Any] = field(default_factory=lambda: EMPTY)
    source: Source | None = field(default=None, compare=False)

    def valid_at(self, when: datetime) -> bool:
        return (self.valid_from is None or self.valid_from <= when) and (
            self.valid_to is None or when <= self.valid_to
        )


@dataclass(frozen=True, slots=True)
class Policy:
    id: str
    text: str
    effective_from: datetime
    department: str | None = None
    meta: Mapping[str, Any] = field(default_factory=lambda: EMPTY)
    source: Source | None = field(default=None, compare=False)


Record = Message | Event | Content | Policy


@dataclass(frozen=True, slots=True)
class Reject:
    """A line the reader refused, with everything needed to find and fix it."""

    file: str
    line: int
    field: str | None
    reason: str
    raw: str

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "field": self.field, "reason": self.reason, "raw": self.raw}


@dataclass(frozen=True, slots=True)
class Warning_:
    """Something accepted but not trusted (a reply link that points forward in time, say)."""

    record_id: str
    field: str
    reason: str
    file: str | None = None
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"record_id": self.record_id, "field": self.field, "reason": self.reason, "file": self.file, "line": self.line}
