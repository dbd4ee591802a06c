"""The Python API for analysts: ``cxaudit.analyze(records_or_path, config=None)``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .config import Config, config_from_dict, load_config
from .writers import JsonlSink, MemorySink, ParquetSink, TeeSink, to_arrow, write_summary


@dataclass
class Result:
    """Rows of every output table, plus the run summary. Tables convert to Arrow or pandas."""

    summary: dict[str, Any]
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def findings(self) -> list[dict[str, Any]]:
        return self.tables["findings"]

    @property
    def messages(self) -> list[dict[str, Any]]:
        return self.tables["messages"]

    @property
    def conversations(self) -> list[dict[str, Any]]:
        return self.tables["conversations"]

    @property
    def rejects(self) -> list[dict[str, Any]]:
        return self.tables["rejects"]

    @property
    def warnings(self) -> list[dict[str, Any]]:
        return self.tables["warnings"]

    def to_arrow(self, table: str = "findings"):
        return to_arrow(table, self.tables[table])

    def to_pandas(self, table: str = "findings"):
        return self.to_arrow(table).to_pandas()


def _as_config(config: Config | dict | str | Path | None) -> Config:
    if config is None or isinstance(config, Config):
        return config or Config()
    if isinstance(config, dict):
        return config_from_dict(config)
    return load_config(config)


def analyze(
    records_or_path: str | Path | Iterable[dict[str, Any]],
    config: Config | dict | str | Path | None = None,
    *,
    out: str | Path | None = None,
    format: str = "jsonl",
    strict: bool = False,
    only: Iterable[str] | None = None,
    progress: Any = None,
    keep: bool = True,
) -> Result:
    """Analyze a path (file, directory of .jsonl, '-') or an iterable of interchange records.

    With ``out``, the tables are also written there (JSON Lines or Parquet) with summary.json.
    ``keep=False`` streams to ``out`` only (constant memory; the Result then has empty tables).
    """
    from .engine import Engine

    cfg = _as_config(config)
    mem = MemorySink()
    sinks: list[Any] = [mem] if keep or out is None else []
    if out is not None:
        sinks.append(ParquetSink(out) if format == "parquet" else JsonlSink(out))
    sink = TeeSink(*sinks)
    engine = Engine(cfg, strict=strict, only=only, progress=progress)
    source = records_or_path if isinstance(records_or_path, (str, Path)) else list(records_or_path)
    try:
        summary = engine.run(source, sink)
    finally:
        sink.close()
    if out is not None:
        write_summary(out, summary)
    return Result(summary, mem.rows)
