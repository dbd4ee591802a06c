"""Writers: where rows go. JSON Lines (the contract), Parquet (same tables), or memory (the API)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

import orjson
import pyarrow as pa

TABLES = ("findings", "messages", "conversations", "rejects", "warnings")

_HIT = pa.struct([("signal", pa.string()), ("pattern", pa.string()), ("start", pa.int64()), ("end", pa.int64()), ("quote", pa.string()), ("negated", pa.bool_())])
_EVIDENCE = pa.struct([("kind", pa.string()), ("id", pa.string()), ("start", pa.int64()), ("end", pa.int64()), ("quote", pa.string()), ("note", pa.string())])

SCHEMAS: dict[str, pa.Schema] = {
    "messages": pa.schema([
        ("id", pa.string()), ("conversation_id", pa.string()), ("customer_id", pa.string()), ("channel", pa.string()),
        ("role", pa.string()), ("timestamp", pa.string()), ("department", pa.string()), ("author", pa.string()),
        ("order_id", pa.string()), ("sentiment", pa.float64()), ("sentiment_label", pa.string()), ("apology", pa.bool_()),
        ("formality", pa.float64()), ("informal", pa.bool_()), ("refusal", pa.bool_()), ("complaint", pa.bool_()),
        ("churn_threat", pa.bool_()), ("human_request", pa.bool_()), ("handoff", pa.bool_()), ("promise", pa.bool_()),
        ("issues", pa.list_(pa.string())), ("hits", pa.list_(_HIT)),
        ("meta", pa.string()),  # the record's free-form meta, as a JSON string (null when absent)
    ]),
    "conversations": pa.schema([
        ("conversation_id", pa.string()), ("customer_id", pa.string()), ("channels", pa.list_(pa.string())),
        ("departments", pa.list_(pa.string())), ("start", pa.string()), ("end", pa.string()), ("message_count", pa.int64()),
        ("first_response_seconds", pa.float64()), ("sentiment_start", pa.float64()), ("sentiment_end", pa.float64()),
        ("sentiment_min", pa.float64()), ("issues", pa.list_(pa.string())), ("codes", pa.list_(pa.string())),
    ]),
    "findings": pa.schema([
        ("id", pa.string()), ("code", pa.string()), ("severity", pa.string()), ("customer_id", pa.string()),
        ("conversation_id", pa.string()), ("channel", pa.string()), ("department", pa.string()), ("author", pa.string()),
        ("timestamp", pa.string()), ("evidence", pa.list_(_EVIDENCE)), ("measures", pa.string()), ("explanation", pa.string()),
        ("detector", pa.string()),
    ]),
    "rejects": pa.schema([("file", pa.string()), ("line", pa.int64()), ("field", pa.string()), ("reason", pa.string()), ("raw", pa.string())]),
    "warnings": pa.schema([("record_id", pa.string()), ("field", pa.string()), ("reason", pa.string()), ("file", pa.string()), ("line", pa.int64())]),
}


def _arrow_row(table: str, row: dict[str, Any]) -> dict[str, Any]:
    if table == "findings":
        row = dict(row)
        evs = []
        for e in row.get("evidence", []):
            kind = next((k[:-3] for k in e if k.endswith("_id")), "")
            evs.append({"kind": kind, "id": e.get(f"{kind}_id"), "start": e["start"], "end": e["end"], "quote": e["quote"], "note": e.get("note")})
        row["evidence"] = evs
        row["measures"] = orjson.dumps(row.get("measures", {})).decode()
    elif table == "messages" and row.get("meta") is not None:
        row = dict(row)
        row["meta"] = orjson.dumps(row["meta"]).decode()
    return row


def to_arrow(table: str, rows: Iterable[dict[str, Any]]) -> pa.Table:
    schema = SCHEMAS[table]
    names = schema.names
    return pa.Table.from_pylist([{k: r.get(k) for k in names} for r in (_arrow_row(table, r) for r in rows)], schema=schema)


class JsonlSink:
    def __init__(self, out_dir: str | Path):
        self.dir = Path(out_dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self._fh = {t: open(self.dir / f"{t}.jsonl", "wb") for t in TABLES}

    def write(self, table: str, row: dict[str, Any]) -> None:
        self._fh[table].write(orjson.dumps(row, option=orjson.OPT_APPEND_NEWLINE))

    def close(self) -> None:
        for fh in self._fh.values():
            fh.close()


class ParquetSink:
    BATCH = 20_000

    def __init__(self, out_dir: str | Path):
        import pyarrow.parquet as pq

        self._pq = pq
        self.dir = Path(out_dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self._buf: dict[str, list] = {t: [] for t in TABLES}
        self._writers: dict[str, Any] = {}

    def _flush(self, table: str) -> None:
        if table not in self._writers:
            self._writers[table] = self._pq.ParquetWriter(self.dir / f"{table}.parquet", SCHEMAS[table])
        if self._buf[table]:
            self._writers[table].write_table(to_arrow(table, self._buf[table]))
            self._buf[table] = []

    def write(self, table: str, row: dict[str, Any]) -> None:
        buf = self._buf[table]
        buf.append(row)
        if len(buf) >= self.BATCH:
            self._flush(table)

    def close(self) -> None:
        for t in TABLES:
            self._flush(t)
            self._writers[t].close()


class MemorySink:
    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}

    def write(self, table: str, row: dict[str, Any]) -> None:
        self.rows[table].append(row)

    def close(self) -> None:
        pass


class TeeSink:
    def __init__(self, *sinks: Any):
        self.sinks = sinks

    def write(self, table: str, row: dict[str, Any]) -> None:
        for s in self.sinks:
            s.write(table, row)

    def close(self) -> None:
        for s in self.sinks:
            s.close()


def write_summary(out_dir: str | Path, summary: dict[str, Any]) -> None:
    Path(out_dir, "summary.json").write_bytes(orjson.dumps(summary, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS))
