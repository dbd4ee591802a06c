"""Read the interchange format (FORMAT.md) into frozen records, line by line.

Every non-blank line is either accepted (a record comes out) or rejected (a `Reject` with
file, line, field and reason goes to the reject sink). Nothing raises on bad input; the
counts always reconcile: ``read == accepted + rejected``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone, tzinfo
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Iterable, Iterator
from zoneinfo import ZoneInfo

import orjson

from .records import EMPTY, ROLES, Content, Event, Message, Policy, Record, Reject, Source

MAX_LINE_BYTES = 2_000_000
MAX_TEXT_CHARS = 200_000
MAX_ID_CHARS = 512


class RecordError(ValueError):
    """A record failed validation; `field` names the culprit."""

    def __init__(self, field: str | None, reason: str):
        super().__init__(f"{field}: {reason}" if field else reason)
        self.field = field
        self.reason = reason


class StrictError(RuntimeError):
    """Raised in --strict mode on the first rejected line."""

    def __init__(self, reject: Reject):
        super().__init__(f"{reject.file}:{reject.line}: {reject.field or '-'}: {reject.reason}")
        self.reject = reject


@dataclass
class ReadStats:
    read: int = 0
    accepted: int = 0
    rejected: int = 0
    blank: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"read": self.read, "accepted": self.accepted, "rejected": self.rejected, "blank_lines": self.blank, "by_kind": dict(self.by_kind)}


def parse_tz(name: str | None) -> tzinfo | None:
    if not name:
        return None
    if name.upper() in ("UTC", "Z"):
        return timezone.utc
    try:
        return ZoneInfo(name)
    except Exception as exc:  # noqa: BLE001 - ZoneInfo raises several types
        raise ValueError(f"unknown time zone {name!r}") from exc


def parse_timestamp(value: Any, name: str, default_tz: tzinfo | None, date_ok: bool = False) -> datetime:
    if value is None:
        raise RecordError(name, "required field is missing")
    if not isinstance(value, str):
        raise RecordError(name, f"expected an ISO-8601 string, got {type(value).__name__}")
    try:
        ts = datetime.fromisoformat(value)
    except ValueError:
        raise RecordError(name, f"not an ISO-8601 timestamp: {value[:60]!r}") from None
    if ts.tzinfo is None:
        if default_tz is not None:
            return ts.replace(tzinfo=default_tz)
        if date_ok and len(value) == 10:  # a bare date for a policy or content window
            return ts.replace(tzinfo=timezone.utc)
        raise RecordError(name, f"naive timestamp {value[:40]!r} has no UTC offset (pass --default-tz to accept it)")
    return ts


def _str(obj: dict, name: str, required: bool = True, max_len: int = MAX_ID_CHARS, allow_empty: bool = False) -> str | None:
    value = obj.get(name)
    if value is None:
        if required:
            raise RecordError(name, "required field is missing")
        return None
    if not isinstance(value, str):
        raise RecordError(name, f"expected a string, got {type(value).__name__}")
    if not value and not allow_empty:
        if required:
            raise RecordError(name, "must not be empty")
        return None
    if len(value) > max_len:
        raise RecordError(name, f"absurd size: {len(value)} characters (limit {max_len})")
    return value


def _mapping(obj: dict, name: str) -> Any:
    value = obj.get(name)
    if value is None:
        return EMPTY
    if not isinstance(value, dict):
        raise RecordError(name, f"expected an object, got {type(value).__name__}")
    return MappingProxyType(value)


_MESSAGE_FIELDS = frozenset({"kind", "id", "conversation_id", "customer_id", "channel", "timestamp", "role", "author", "department", "text", "in_reply_to", "order_id", "meta"})
_EVENT_FIELDS = frozenset({"kind", "id", "type", "timestamp", "customer_id", "order_id", "conversation_id", "department", "attributes", "meta"})
_CONTENT_FIELDS = frozenset({"kind", "id", "source", "text", "title", "valid_from", "valid_to", "department", "meta"})
_POLICY_FIELDS = frozenset({"kind", "id", "text", "effective_from", "department", "meta"})


def _meta(obj: dict, known: frozenset[str]) -> Any:
    """`meta`, plus any unknown top-level fields (FORMAT.md: kept, never an error)."""
    meta = obj.get("meta")
    if meta is not None and not isinstance(meta, dict):
        raise RecordError("meta", f"expected an object, got {type(meta).__name__}")
    extra = [k for k in obj if k not in known]
    if not extra:
        return MappingProxyType(meta) if meta else EMPTY
    merged = dict(meta or {})
    for k in extra:
        merged.setdefault(k, obj[k])
    return MappingProxyType(merged)


def _fast_message(obj: dict, default_tz: tzinfo | None, src: Source | None) -> Message | None:
    """The common case in one go: a well-formed message. None sends it to the full checks."""
    try:
        mid = obj["id"]
        conv = obj["conversation_id"]
        channel = obj["channel"]
        ts = obj["timestamp"]
        role = obj["role"]
        text = obj["text"]
    except KeyError:
        return None
    cust = obj.get("customer_id")
    if not (
        type(mid) is str and type(conv) is str and type(channel) is str and type(ts) is str and type(text) is str
        and type(role) is str and role in ROLES and mid and conv and channel and len(mid) <= MAX_ID_CHARS and len(conv) <= MAX_ID_CHARS
        and len(channel) <= 64 and len(text) <= MAX_TEXT_CHARS and (cust is None or (type(cust) is str and 0 < len(cust) <= MAX_ID_CHARS))
    ):
        return None
    for k in obj:
        if k not in _MESSAGE_FIELDS:
            return None  # unknown fields: the full path folds them into meta
    opt = [obj.get(k) for k in ("author", "department", "in_reply_to", "order_id")]
    for v in opt:
        if v is not None and (type(v) is not str or not v or len(v) > MAX_ID_CHARS):
            return None
    meta = obj.get("meta")
    if meta is not None and type(meta) is not dict:
        return None
    return Message(
        mid, conv, cust or conv, channel.lower(), parse_timestamp(ts, "timestamp", default_tz), role, text,
        opt[0], opt[1], opt[2], opt[3], MappingProxyType(meta) if meta else EMPTY, src,
    )


def build_record(obj: Any, default_tz: tzinfo | None = None, src: Source | None = None) -> Record:
    """Validate one decoded JSON value and build its record, or raise RecordError."""
    if type(obj) is dict and obj.get("kind") == "message":
        fast = _fast_message(obj, default_tz, src)
        if fast is not None:
            return fast
    if not isinstance(obj, dict):
        raise RecordError(None, f"expected a JSON object, got {type(obj).__name__}")
    kind = obj.get("kind")
    if kind == "message":
        if "text" not in obj:
            raise RecordError("text", "required field is missing")
        text = obj["text"]
        if text is None:  # a call with no transcript: FORMAT.md allows empty words
            text = ""
        if not isinstance(text, str):
            raise RecordError("text", f"expected a string, got {type(text).__name__}")
        if len(text) > MAX_TEXT_CHARS:
            raise RecordError("text", f"absurd size: {len(text)} characters (limit {MAX_TEXT_CHARS})")
        role = obj.get("role")
        if not isinstance(role, str) or role not in ROLES:
            if role is None:
                raise RecordError("role", "required field is missing")
            raise RecordError("role", f"unknown role {str(role)[:40]!r} (customer, agent, bot or system)")
        conv = _str(obj, "conversation_id")
        channel = _str(obj, "channel", max_len=64)
        return Message(
            id=_str(obj, "id"),
            conversation_id=conv,
            customer_id=_str(obj, "customer_id", required=False) or conv,
            channel=channel.lower(),
            timestamp=parse_timestamp(obj.get("timestamp"), "timestamp", default_tz),
            role=role,
            text=text,
            author=_str(obj, "author", required=False),
            department=_str(obj, "department", required=False),
            in_reply_to=_str(obj, "in_reply_to", required=False),
            order_id=_str(obj, "order_id", required=False),
            meta=_meta(obj, _MESSAGE_FIELDS),
            source=src,
        )
    if kind == "event":
        return Event(
            id=_str(obj, "id"),
            type=_str(obj, "type", max_len=64),
            timestamp=parse_timestamp(obj.get("timestamp"), "timestamp", default_tz),
            customer_id=_str(obj, "customer_id"),
            order_id=_str(obj, "order_id", required=False),
            conversation_id=_str(obj, "conversation_id", required=False),
            department=_str(obj, "department", required=False),
            attributes=_mapping(obj, "attributes"),
            meta=_meta(obj, _EVENT_FIELDS),
            source=src,
        )
    if kind == "content":
        vf = obj.get("valid_from")
        vt = obj.get("valid_to")
        return Content(
            id=_str(obj, "id"),
            source_kind=_str(obj, "source", max_len=64),
            text=_str(obj, "text", max_len=MAX_TEXT_CHARS),
            title=_str(obj, "title", required=False, max_len=2000),
            valid_from=None if vf is None else parse_timestamp(vf, "valid_from", default_tz, date_ok=True),
            valid_to=None if vt is None else parse_timestamp(vt, "valid_to", default_tz, date_ok=True),
            department=_str(obj, "department", required=False),
            meta=_meta(obj, _CONTENT_FIELDS),
            source=src,
        )
    if kind == "policy":
        return Policy(
            id=_str(obj, "id"),
            text=_str(obj, "text", max_len=MAX_TEXT_CHARS),
            effective_from=parse_timestamp(obj.get("effective_from"), "effective_from", default_tz, date_ok=True),
            department=_str(obj, "department", required=False),
            meta=_meta(obj, _POLICY_FIELDS),
            source=src,
        )
    if kind is None:
        raise RecordError("kind", "required field is missing")
    raise RecordError("kind", f"unknown kind {str(kind)[:40]!r} (message, event, content or policy)")


def iter_input_lines(inputs: str | Path | Iterable[str | Path]) -> Iterator[tuple[str, int, bytes]]:
    """Yield (file, line number, raw bytes) for a file, a directory of *.jsonl, or '-' (stdin)."""
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    for item in inputs:
        if str(item) == "-":
            for n, raw in enumerate(sys.stdin.buffer, 1):
                yield "<stdin>", n, raw
            continue
        path = Path(item)
        files = sorted(path.rglob("*.jsonl")) if path.is_dir() else [path]
        for f in files:
            with open(f, "rb") as fh:
                for n, raw in enumerate(fh, 1):
                    yield str(f), n, raw


class Reader:
    """Turns raw lines into records. Rejected lines go to `on_reject`; the run goes on."""

    def __init__(
        self,
        default_tz: tzinfo | str | None = None,
        on_reject: Callable[[Reject], None] | None = None,
        strict: bool = False,
        max_line_bytes: int = MAX_LINE_BYTES,
    ):
        self.default_tz = parse_tz(default_tz) if isinstance(default_tz, str) else default_tz
        self.on_reject = on_reject or (lambda r: None)
        self.strict = strict
        self.max_line_bytes = max_line_bytes
        self.stats = ReadStats()
        self._seen: set[tuple[str, str]] = set()

    def _reject(self, file: str, line: int, fld: str | None, reason: str, raw: bytes) -> None:
        rej = Reject(file, line, fld, reason, raw[:10_000].decode("utf-8", "backslashreplace").rstrip("\r\n"))
        self.stats.rejected += 1
        self.on_reject(rej)
        if self.strict:
            raise StrictError(rej)

    def parse_line(self, file: str, line: int, raw: bytes) -> Record | None:
        """One line in, one record or None (rejected / blank) out."""
        if not raw.strip():
            self.stats.blank += 1
            return None
        self.stats.read += 1
        if len(raw) > self.max_line_bytes:
            self._reject(file, line, None, f"absurd size: line of {len(raw)} bytes (limit {self.max_line_bytes})", raw)
            return None
        try:
            obj = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as uexc:
                self._reject(file, line, None, f"invalid UTF-8 at byte {uexc.start}", raw)
                return None
            self._reject(file, line, None, f"JSON syntax error: {exc}", raw)
            return None
        try:
            rec = build_record(obj, self.default_tz, Source(file, line))
        except RecordError as exc:
            self._reject(file, line, exc.field, exc.reason, raw)
            return None
        key = (obj["kind"], rec.id)
        if key in self._seen:
            self._reject(file, line, "id", f"duplicate {obj['kind']} id {rec.id[:80]!r}", raw)
            return None
        self._seen.add(key)
        self.stats.accepted += 1
        self.stats.by_kind[key[0]] = self.stats.by_kind.get(key[0], 0) + 1
        return rec

    def read(self, inputs: str | Path | Iterable[str | Path]) -> Iterator[Record]:
        for file, line, raw in iter_input_lines(inputs):
            rec = self.parse_line(file, line, raw)
            if rec is not None:
                yield rec

    def read_records(self, records: Iterable[dict | Record]) -> Iterator[Record]:
        """Accept Python objects (dicts in the interchange shape, or records) from the API."""
        for n, item in enumerate(records, 1):
            if isinstance(item, (Message, Event, Content, Policy)):
                self.stats.read += 1
                kind = type(item).__name__.lower()
                if (kind, item.id) in self._seen:
                    self._reject("<records>", n, "id", f"duplicate {kind} id {item.id[:80]!r}", repr(item).encode())
                    continue
                self._seen.add((kind, item.id))
                self.stats.accepted += 1
                self.stats.by_kind[kind] = self.stats.by_kind.get(kind, 0) + 1
                yield item
            else:
                try:
                    raw = orjson.dumps(item, default=str)
                except (TypeError, orjson.JSONEncodeError) as exc:
                    self.stats.read += 1
                    self._reject("<records>", n, None, f"not encodable as JSON: {exc}", repr(item).encode("utf-8", "backslashreplace"))
                    continue
                rec = self.parse_line("<records>", n, raw)
                if rec is not None:
                    yield rec
