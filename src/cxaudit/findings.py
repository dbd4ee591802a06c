"""Findings and their evidence: what detectors produce and writers present."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from .records import EMPTY, Content, Event, Message, Policy

SEVERITIES = ("low", "medium", "high", "critical")

CODES = (
    "slow_response", "unanswered", "bounced", "broken_promise", "bot_trap", "informal_tone",
    "missing_apology", "sentiment_decline", "contradiction", "content_conflict", "silent_event",
    "churn_ignored", "repeat_contact", "incident",
)


@dataclass(frozen=True, slots=True)
class Evidence:
    """A quoted span of one record. `quote == text[start:end]` always holds."""

    kind: str  # message, event, content, policy
    ref_id: str
    start: int
    end: int
    quote: str
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {f"{self.kind}_id": self.ref_id, "start": self.start, "end": self.end, "quote": self.quote}
        if self.note:
            d["note"] = self.note
        return d


def _text_of(record: Message | Event | Content | Policy) -> str:
    if isinstance(record, Event):
        return ""
    return record.text


def evidence(record: Message | Event | Content | Policy, start: int | None = None, end: int | None = None, note: str | None = None) -> Evidence:
    """Evidence for a record, quoting `text[start:end]` (the whole text when no span is given).

    Spans are clamped to the text, so the quote always equals the text it claims to quote.
    Events have no text: their evidence is the event id with an empty quote.
    """
    kind = {Message: "message", Event: "event", Content: "content", Policy: "policy"}[type(record)]
    text = _text_of(record)
    s = 0 if start is None else max(0, min(start, len(text)))
    e = len(text) if end is None else max(s, min(end, len(text)))
    return Evidence(kind, record.id, s, e, text[s:e], note)


def fmt_duration(seconds: float) -> str:
    """A duration as a person says it: 45 s, 12 min, 3.5 h, 2.1 days."""
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    if seconds < 172800:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"


def severity_for_ratio(ratio: float, steps: tuple[float, float, float] = (1.0, 3.0, 10.0)) -> str:
    """Severity that grows with how far a measure is past its threshold (ratio >= 1)."""
    if ratio >= steps[2]:
        return "critical"
    if ratio >= steps[1]:
        return "high"
    if ratio >= steps[0] * 1.5:
        return "medium"
    return "low"


@dataclass(frozen=True, slots=True)
class Finding:
    id: str
    code: str
    severity: str
    customer_id: str | None
    conversation_id: str | None
    evidence: tuple[Evidence, ...]
    measures: Mapping[str, Any]
    explanation: str
    channel: str | None = None
    department: str | None = None
    author: str | None = None
    detector: str | None = None
    timestamp: str | None = None  # ISO time the finding refers to (for sorting and dashboards)
    extra: Mapping[str, Any] = field(default_factory=lambda: EMPTY)

    def to_dict(self) -> dict[str, Any]:
        d = {
            "id": self.id,
            "code": self.code,
            "severity": self.severity,
            "customer_id": self.customer_id,
            "conversation_id": self.conversation_id,
            "channel": self.channel,
            "department": self.department,
            "author": self.author,
            "timestamp": self.timestamp,
            "evidence": [e.to_dict() for e in self.evidence],
            "measures": dict(self.measures),
            "explanation": self.explanation,
            "detector": self.detector,
        }
        if self.extra:
            d.update({k: v for k, v in self.extra.items() if k not in d})
        return d


def finding_id(code: str, customer_id: str | None, conversation_id: str | None, evidence: Iterable[Evidence], key: str = "") -> str:
    """Stable id from what the finding is about: same input and config, same id."""
    h = hashlib.sha1()
    for part in (code, customer_id or "", conversation_id or "", key):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    for ev in evidence:
        h.update(f"{ev.kind}:{ev.ref_id}:{ev.start}:{ev.end}".encode("utf-8", "surrogatepass"))
        h.update(b"\x1e")
    return f"{code}-{h.hexdigest()[:16]}"


def make_finding(
    code: str,
    severity: str,
    *,
    customer_id: str | None,
    conversation_id: str | None,
    evidence: Iterable[Evidence],
    measures: Mapping[str, Any],
    explanation: str,
    channel: str | None = None,
    department: str | None = None,
    author: str | None = None,
    detector: str | None = None,
    timestamp: str | None = None,
    key: str = "",
    extra: Mapping[str, Any] | None = None,
) -> Finding:
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r}")
    ev = tuple(evidence)
    return Finding(
        id=finding_id(code, customer_id, conversation_id, ev, key),
        code=code,
        severity=severity,
        customer_id=customer_id,
        conversation_id=conversation_id,
        evidence=ev,
        measures=dict(measures),
        explanation=explanation,
        channel=channel,
        department=department,
        author=author,
        detector=detector or code,
        timestamp=timestamp,
        extra=dict(extra) if extra else EMPTY,
    )
