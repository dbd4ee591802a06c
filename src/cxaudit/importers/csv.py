"""Any CSV of messages -> interchange messages, through a column mapping.

Example::

    convert("tickets.csv",
            mapping={"id": "msg_id", "conversation_id": "ticket", "text": "body",
                     "timestamp": "sent", "role": "from", "customer_id": "client"},
            channel="email",                                  # a constant for every row
            values={"role": {"Customer": "customer", "Agent": "agent"}},
            timestamp_format="%d/%m/%Y %H:%M", default_tz="Europe/Paris")

Options:

- ``mapping``: interchange field -> column name (fields: id, conversation_id, customer_id,
  channel, timestamp, role, author, department, text, in_reply_to, order_id).
- constants: any of those fields given as an option (``channel="email"``), or in
  ``constants={...}``; a mapped column wins over a constant where the row has a value.
- ``values``: field -> {value in the file: interchange value}; roles also understand
  common words (Customer, client, caller, Agent, staff, support, chatbot, ...) by default.
- ``timestamp_format``: a ``strptime`` format, or ``epoch`` / ``epoch_ms``; without it
  ISO-8601 is expected. ``default_tz``: zone for timestamps without an offset (without it
  such rows go through naive and the reader rejects them unless it has a default zone).
- ``meta_columns``: ``"rest"`` (default: every unmapped column goes to ``meta``), ``"none"``
  or a list of column names. ``delimiter``, ``encoding``.
- Without an ``id`` mapping, ids are ``<file stem>:<line>``.

Every option may be given as a JSON string (``mapping='{"text": "body"}'``) for the CLI.
Missing columns and bad options raise ImporterError at once, naming the column or option.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timezone, tzinfo
from pathlib import Path
from typing import Any, Iterator

import orjson

from ..reader import parse_tz
from ..records import ROLES
from . import ImporterError, iter_csv_rows, reject_options

FIELDS = ("id", "conversation_id", "customer_id", "channel", "timestamp", "role", "author", "department", "text", "in_reply_to", "order_id")
REQUIRED = ("conversation_id", "channel", "timestamp", "role", "text")

ROLE_WORDS: dict[str, str] = {
    **{w: "customer" for w in ("customer", "client", "user", "caller", "consumer", "end user", "end-user", "requester", "visitor", "guest", "member", "inbound", "in")},
    **{w: "agent" for w in ("agent", "staff", "support", "operator", "rep", "representative", "advisor", "adviser", "employee", "human", "human agent", "assistant agent", "csr", "outbound", "out")},
    **{w: "bot" for w in ("bot", "chatbot", "virtual agent", "virtual assistant", "automated agent", "ai")},
    **{w: "system" for w in ("system", "auto", "automatic", "automated", "notification", "notice", "noreply", "no-reply")},
}

OPTIONS = ("mapping", "constants", "values", "timestamp_format", "default_tz", "meta_columns", "delimiter", "encoding") + FIELDS


def _json_opt(name: str, value: Any, want: type) -> Any:
    if isinstance(value, str) and want is not str:
        try:
            value = orjson.loads(value)
        except orjson.JSONDecodeError as exc:
            raise ImporterError(f"csv: option {name} is not valid JSON: {exc}") from None
    if not isinstance(value, want):
        raise ImporterError(f"csv: option {name} must be {'an object' if want is dict else 'a list'}, got {type(value).__name__}")
    return value


def _timestamp(value: str | None, fmt: str | None, tz: tzinfo | None) -> str | None:
    if value is None:
        return None
    v = value.strip()
    if not v:
        return None
    try:
        if fmt is None:
            ts = datetime.fromisoformat(v)
        elif fmt in ("epoch", "epoch_ms"):
            secs = float(v) / (1000.0 if fmt == "epoch_ms" else 1.0)
            ts = datetime.fromtimestamp(secs, timezone.utc)
        else:
            ts = datetime.strptime(v, fmt)
    except (ValueError, OverflowError, OSError):
        return v  # unreadable: passed on for the reader to reject with its reason
    if ts.tzinfo is None and tz is not None:
        ts = ts.replace(tzinfo=tz)
    return ts.isoformat()


def convert(path: str | Path, **options: Any) -> Iterator[dict]:
    """CSV at ``path`` -> interchange message dicts, one per row, in file order (streamed)."""
    reject_options("csv", options, OPTIONS)
    mapping = _json_opt("mapping", options.get("mapping") or {}, dict)
    constants = dict(_json_opt("constants", options.get("constants") or {}, dict))
    values = _json_opt("values", options.get("values") or {}, dict)
    for f in FIELDS:
        if options.get(f) is not None:
            constants[f] = options[f]
    for name, table in (("mapping", mapping), ("constants", constants), ("values", values)):
        bad = sorted(k for k in table if k not in FIELDS)
        if bad:
            raise ImporterError(f"csv: option {name} names unknown field{'s' if len(bad) > 1 else ''} {', '.join(map(repr, bad))} (fields: {', '.join(FIELDS)})")
    for f, col in mapping.items():
        if not isinstance(col, str) or not col:
            raise ImporterError(f"csv: mapping[{f!r}] must be a column name, got {col!r}")
    for f, c in constants.items():
        if not isinstance(c, str):
            raise ImporterError(f"csv: constant {f}={c!r} must be a string")
    for f, table in values.items():
        if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
            raise ImporterError(f"csv: values[{f!r}] must map file values to strings")
    if "role" in constants and constants["role"] not in ROLES:
        raise ImporterError(f"csv: constant role={constants['role']!r} is not one of {', '.join(sorted(ROLES))}")
    missing = [f for f in REQUIRED if f not in mapping and f not in constants]
    if missing:
        raise ImporterError(
            "csv: no column or constant for required field"
            f"{'s' if len(missing) > 1 else ''} {', '.join(map(repr, missing))} "
            f"(give mapping={{{missing[0]!r}: COLUMN}} or {missing[0]}=VALUE)"
        )
    fmt = options.get("timestamp_format")
    if fmt is not None and not isinstance(fmt, str):
        raise ImporterError("csv: option timestamp_format must be a strptime format string, 'epoch' or 'epoch_ms'")
    try:
        tz = parse_tz(options.get("default_tz"))
    except ValueError as exc:
        raise ImporterError(f"csv: option default_tz: {exc}") from None
    meta_opt = options.get("meta_columns", "rest")
    if isinstance(meta_opt, str) and meta_opt.strip().startswith("["):
        meta_opt = _json_opt("meta_columns", meta_opt, list)
    if not (meta_opt in ("rest", "none") or isinstance(meta_opt, list)):
        raise ImporterError("csv: option meta_columns must be 'rest', 'none' or a list of column names")
    delimiter = options.get("delimiter", ",")
    if delimiter in ("\\t", "tab"):
        delimiter = "\t"
    if not isinstance(delimiter, str) or len(delimiter) != 1:
        raise ImporterError(f"csv: option delimiter must be one character, got {delimiter!r}")
    encoding = options.get("encoding", "utf-8")

    required_cols = list(dict.fromkeys(mapping.values()))
    if isinstance(meta_opt, list):
        required_cols += [c for c in meta_opt if c not in required_cols]
    purpose: dict[str, str] = {}
    for f, col in mapping.items():
        purpose[col] = f"{purpose[col]}, {f}" if col in purpose else f
    for c in meta_opt if isinstance(meta_opt, list) else ():
        purpose.setdefault(c, "meta")
    rows = iter_csv_rows(path, required_cols, delimiter=delimiter, encoding=encoding, purpose=purpose)
    try:  # read the header now, so that a missing column raises here, not mid-stream
        first = next(rows)
    except StopIteration:
        return iter(())
    role_table = {**ROLE_WORDS, **{k.strip().lower(): v for k, v in values.get("role", {}).items()}}
    stem = Path(path).stem
    return _records(itertools.chain([first], rows), mapping, constants, values, role_table, fmt, tz, meta_opt, stem)


def _records(
    rows: Iterator[tuple[int, dict[str, str | None]]],
    mapping: dict[str, str],
    constants: dict[str, str],
    values: dict[str, dict[str, str]],
    role_table: dict[str, str],
    fmt: str | None,
    tz: tzinfo | None,
    meta_opt: Any,
    stem: str,
) -> Iterator[dict]:
    mapped_cols = set(mapping.values())
    for line, row in rows:
        rec: dict[str, Any] = {"kind": "message"}
        for f in FIELDS:
            v: Any = None
            col = mapping.get(f)
            if col is not None:
                v = row.get(col)
                if v is not None and f != "text":
                    v = v.strip()
                if v == "" and f != "text":
                    v = None
            if v is None:
                v = constants.get(f)
            if v is None:
                continue
            table = values.get(f)
            if table is not None and v in table:
                v = table[v]
            elif f == "role" and v not in ROLES:
                v = role_table.get(v.strip().lower(), v)  # unknown words pass on: the reader rejects them
            elif f == "channel":
                v = v.lower()
            rec[f] = v
        if "id" not in rec:
            rec["id"] = f"{stem}:{line}"
        if "timestamp" in rec:
            rec["timestamp"] = _timestamp(rec["timestamp"], fmt, tz)
        meta: dict[str, Any] = {}
        if meta_opt == "rest":
            for col, val in row.items():
                if col and col not in mapped_cols and val not in (None, ""):
                    meta[col] = val
        elif isinstance(meta_opt, list):
            for col in meta_opt:
                val = row.get(col)
                if val not in (None, ""):
                    meta[col] = val
        if meta:
            rec["meta"] = meta
        yield rec
