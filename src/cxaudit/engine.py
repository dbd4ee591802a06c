"""The engine: read once, bucket by customer, then per customer compute signals, build the
conversations and the journey, run the detectors, and stream the rows to a sink.

Memory: inputs larger than ``config.spill_bytes`` are bucketed on disk by customer (a stable
hash), so what is held at once is one bucket, not the whole input. Content and policies are
corpus-wide and stay in memory; corpus detectors keep their own compact state.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
import time
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import orjson

from . import __version__
from .config import Config
from .detectors.base import Context, Detector, LoadedDetectors, load_detectors
from .findings import Finding
from .reader import Reader, build_record, iter_input_lines
from .records import Content, Event, Message, Policy, Source, Warning_
from .signals import SignalPipeline, build_pipeline
from .signals.base import OUTPUT_FIELDS, MessageSignals
from .timing import conversation_waits, first_response_seconds
from .units import Conversation, Corpus, Journey

BUCKET_BYTES = 24 * 1024 * 1024
MAX_ERRORS_KEPT = 50


_PIPELINES: dict[tuple, SignalPipeline] = {}


def cached_pipeline(config: Config) -> SignalPipeline:
    """Building the signal pipeline (compiling every lexicon) takes about a second; engines
    with the same lexicon and taxonomy files (same paths and modification times) share one."""

    def stamp(path: str | None) -> tuple:
        return (path, os.path.getmtime(path)) if path and os.path.exists(path) else (path, None)

    key = (stamp(config.lexicon_path), stamp(config.taxonomy_path))
    pipe = _PIPELINES.get(key)
    if pipe is None:
        if len(_PIPELINES) > 8:
            _PIPELINES.clear()
        pipe = _PIPELINES[key] = build_pipeline(config)
    return pipe


def _bucket_of(key: str, n: int) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % n if n > 1 else 0


class _MemoryBuckets:
    def __init__(self, n: int):
        self.items: list[list] = [[] for _ in range(n)]
        self.n = n

    def add(self, key: str, rec: Any, raw: bytes | None, src: Source | None) -> None:
        self.items[_bucket_of(key, self.n)].append(rec)

    def read(self, i: int, default_tz: Any) -> Iterator[Any]:
        items, self.items[i] = self.items[i], []
        return iter(items)

    def close(self) -> None:
        pass


class _DiskBuckets:
    """Raw accepted lines, one temp file per bucket, re-parsed (already valid) in pass 2."""

    def __init__(self, n: int, tmp_dir: str | None = None):
        self.n = n
        self.dir = tempfile.TemporaryDirectory(prefix="cxaudit-", dir=tmp_dir)
        self.files = [open(Path(self.dir.name, f"b{i}.jsonl"), "wb", buffering=1 << 20) for i in range(n)]
        self.sources: list[str] = []
        self._src_idx: dict[str, int] = {}

    def add(self, key: str, rec: Any, raw: bytes | None, src: Source | None) -> None:
        if raw is None:
            raw = orjson.dumps(_record_to_json(rec))
        fi = 0
        line = 0
        if src is not None:
            fi = self._src_idx.get(src.file)
            if fi is None:
                fi = self._src_idx[src.file] = len(self.sources)
                self.sources.append(src.file)
            line = src.line
        fh = self.files[_bucket_of(key, self.n)]
        fh.write(b"%d\t%d\t" % (fi, line))
        fh.write(raw.rstrip(b"\r\n"))
        fh.write(b"\n")

    def read(self, i: int, default_tz: Any) -> Iterator[Any]:
        self.files[i].close()
        path = Path(self.dir.name, f"b{i}.jsonl")
        with open(path, "rb") as fh:
            for line in fh:
                fi, ln, raw = line.split(b"\t", 2)
                src = Source(self.sources[int(fi)], int(ln)) if self.sources else None
                yield build_record(orjson.loads(raw), default_tz, src)
        path.unlink()

    def close(self) -> None:
        for f in self.files:
            if not f.closed:
                f.close()
        self.dir.cleanup()


def _record_to_json(rec: Message | Event) -> dict[str, Any]:
    d = {f.name: getattr(rec, f.name) for f in dataclasses.fields(rec) if f.name != "source"}
    d["kind"] = "message" if isinstance(rec, Message) else "event"
    d["timestamp"] = rec.timestamp.isoformat()
    for k in ("meta", "attributes"):
        if k in d:
            d[k] = dict(d[k])
    return d


@dataclass
class RunStats:
    messages: int = 0
    conversations: int = 0
    customers: int = 0
    findings: Counter = field(default_factory=Counter)
    by_channel: Counter = field(default_factory=Counter)
    by_department: Counter = field(default_factory=Counter)
    by_severity: Counter = field(default_factory=Counter)
    by_code_severity: dict = field(default_factory=lambda: defaultdict(Counter))
    errors: list[dict[str, Any]] = field(default_factory=list)
    error_count: int = 0
    warnings: int = 0


def message_row(m: Message, s: MessageSignals) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": m.id,
        "conversation_id": m.conversation_id,
        "customer_id": m.customer_id,
        "channel": m.channel,
        "role": m.role,
        "timestamp": m.timestamp.isoformat(),
        "department": m.department,
        "author": m.author,
        "order_id": m.order_id,
    }
    for f in OUTPUT_FIELDS:
        v = getattr(s, f)
        row[f] = list(v) if f == "issues" else v
    text = m.text
    row["hits"] = [
        {"signal": h.signal, "pattern": h.pattern, "start": h.start, "end": h.end, "quote": text[h.start:h.end], "negated": h.negated}
        for h in s.hits
    ]
    if m.meta:
        row["meta"] = dict(m.meta)
    return row


class Engine:
    def __init__(
        self,
        config: Config | None = None,
        detectors: LoadedDetectors | None = None,
        pipeline: SignalPipeline | None = None,
        strict: bool = False,
        progress: Callable[[str, int, int], None] | None = None,
        only: Iterable[str] | None = None,
    ):
        self.config = config or Config()
        self.loaded = detectors or load_detectors(self.config, only=only)
        self.pipeline = pipeline or cached_pipeline(self.config)
        if only and pipeline is None:
            # A partial run computes only the signals its detectors read (messages.jsonl then
            # carries null for the others).
            needed = {n for d in self.loaded.detectors for n in d.needs}
            self.pipeline = SignalPipeline([r for r in self.pipeline.recognizers if needed & set(r.provides)])
        self.strict = strict
        self.progress = progress or (lambda stage, done, total: None)
        provided = self.pipeline.provides
        for d in self.loaded.detectors:
            missing = [n for n in d.needs if n not in provided]
            if missing:
                self.loaded.errors.append({"detector": d.code, "stage": "needs", "error": f"signals not provided: {', '.join(missing)}"})
        self.by_scope: dict[str, list[Detector]] = defaultdict(list)
        for d in self.loaded.detectors:
            self.by_scope[d.scope].append(d)

    # ------------------------------------------------------------------ pass 1
    def _ingest(self, reader: Reader, source: Any, sink: Any) -> tuple[Any, list[Content], list[Policy], dict[str, str], datetime | None, datetime | None]:
        """Read everything once; bucket messages/events by customer; keep content/policy."""
        contents: list[Content] = []
        policies: list[Policy] = []
        conv_customer: dict[str, str] = {}
        lo: datetime | None = None
        hi: datetime | None = None
        pending: Any = None  # messages with no customer_id of their own, routed at the end

        if isinstance(source, (str, Path)) or (isinstance(source, (list, tuple)) and source and all(isinstance(x, (str, Path)) for x in source)):
            paths = [source] if isinstance(source, (str, Path)) else list(source)
            total = 0
            for p in paths:
                pp = Path(p)
                if str(p) == "-":
                    total += self.config.spill_bytes + 1
                elif pp.is_dir():
                    total += sum(f.stat().st_size for f in pp.rglob("*.jsonl"))
                elif pp.exists():
                    total += pp.stat().st_size
                else:
                    raise FileNotFoundError(f"input not found: {p}")
            spill = total > self.config.spill_bytes
            n = max(2, -(-total // BUCKET_BYTES)) if spill else 1
            buckets: Any = _DiskBuckets(n) if spill else _MemoryBuckets(1)
            pending = _DiskBuckets(1) if spill else _MemoryBuckets(1)

            def stream() -> Iterator[tuple[Any, bytes | None]]:
                done = 0
                last = 0
                for file, line, raw in iter_input_lines(paths):
                    done += len(raw)
                    if done - last > 4_000_000:
                        self.progress("read", done, total)
                        last = done
                    rec = reader.parse_line(file, line, raw)
                    if rec is not None:
                        yield rec, raw
                self.progress("read", total, total)

            items: Iterable[tuple[Any, bytes | None]] = stream()
        else:
            buckets = _MemoryBuckets(1)
            pending = _MemoryBuckets(1)
            items = ((r, None) for r in reader.read_records(source))

        for rec, raw in items:
            if isinstance(rec, Message):
                ts = rec.timestamp
                if rec.customer_id != rec.conversation_id:
                    conv_customer.setdefault(rec.conversation_id, rec.customer_id)
                    buckets.add(rec.customer_id, rec, raw, rec.source)
                else:
                    pending.add("", rec, raw, rec.source)
            elif isinstance(rec, Event):
                ts = rec.timestamp
                buckets.add(rec.customer_id, rec, raw, rec.source)
            elif isinstance(rec, Content):
                contents.append(rec)
                continue
            else:
                policies.append(rec)
                continue
            if lo is None or ts < lo:
                lo = ts
            if hi is None or ts > hi:
                hi = ts
        # Messages with no customer_id of their own join their conversation's customer
        # (streamed back from disk when the input is large).
        try:
            for rec in pending.read(0, reader.default_tz):
                cust = conv_customer.get(rec.conversation_id, rec.customer_id)
                buckets.add(cust, rec, None, rec.source)
        finally:
            pending.close()
        return buckets, contents, policies, conv_customer, lo, hi

    # ------------------------------------------------------------------ pass 2
    def _run_detector(self, det: Detector, fn: str, unit: Any, ctx: Context, stats: RunStats) -> list[Finding]:
        try:
            out = getattr(det, fn)(unit, ctx) if unit is not None else getattr(det, fn)(ctx)
            return list(out) if out is not None else []
        except Exception as exc:  # noqa: BLE001 - one failing detector must not stop the run
            stats.error_count += 1
            if len(stats.errors) < MAX_ERRORS_KEPT:
                where = getattr(unit, "id", None) or getattr(unit, "customer_id", None)
                stats.errors.append({"detector": det.code, "stage": fn, "unit": where, "error": f"{type(exc).__name__}: {exc}"})
            return []

    def _journey(self, customer_id: str, msgs: list[Message], events: list[Event], sink: Any, stats: RunStats) -> tuple[Journey, list[Conversation]]:
        msgs.sort(key=lambda m: (m.timestamp, m.id))
        events.sort(key=lambda e: (e.timestamp, e.id))
        by_id = {m.id: m for m in msgs}
        analyze = self.pipeline.analyze
        sigs: dict[str, MessageSignals] = {}
        convs: dict[str, list[Message]] = {}
        for m in msgs:
            sigs[m.id] = analyze(m)
            convs.setdefault(m.conversation_id, []).append(m)
            if m.in_reply_to is not None:
                target = by_id.get(m.in_reply_to)
                reason = None
                if target is None:
                    reason = f"in_reply_to {m.in_reply_to!r} names no message of this customer; the link is ignored"
                elif target.timestamp > m.timestamp:
                    reason = f"in_reply_to {m.in_reply_to!r} points forward in time ({target.timestamp.isoformat()} is after {m.timestamp.isoformat()}); the link is ignored"
                if reason:
                    stats.warnings += 1
                    src = m.source
                    sink.write("warnings", Warning_(m.id, "in_reply_to", reason, src.file if src else None, src.line if src else None).to_dict())
        ev_by_conv: dict[str, list[Event]] = {}
        for e in events:
            if e.conversation_id:
                ev_by_conv.setdefault(e.conversation_id, []).append(e)
        conversations = [
            Conversation(cid, customer_id, tuple(ms), tuple(sigs[m.id] for m in ms), tuple(ev_by_conv.get(cid, ())))
            for cid, ms in convs.items()
        ]
        conversations.sort(key=lambda c: (c.start, c.id))
        return Journey(customer_id, tuple(conversations), tuple(events), sigs, tuple(msgs)), conversations

    def run(self, source: Any, sink: Any) -> dict[str, Any]:
        t0 = time.perf_counter()
        stats = RunStats()
        cfg = self.config
        reader = Reader(cfg.default_tz, on_reject=lambda r: sink.write("rejects", r.to_dict()), strict=self.strict)
        buckets, contents, policies, _conv_customer, lo, hi = self._ingest(reader, source, sink)
        t_read = time.perf_counter() - t0
        corpus = Corpus(tuple(sorted(contents, key=lambda c: c.id)), tuple(sorted(policies, key=lambda p: (p.effective_from, p.id))), lo, hi)
        ctxs = {d.code: Context(cfg, corpus, d.settings, d.code) for d in self.loaded.detectors}
        corpus_dets = self.by_scope.get("corpus", [])
        conv_dets = self.by_scope.get("conversation", [])
        journey_dets = self.by_scope.get("journey", [])

        def emit(findings: list[Finding]) -> None:
            for f in findings:
                stats.findings[f.code] += 1
                stats.by_severity[f.severity] += 1
                stats.by_code_severity[f.code][f.severity] += 1
                if f.channel:
                    stats.by_channel[f.channel] += 1
                if f.department:
                    stats.by_department[f.department] += 1
                sink.write("findings", f.to_dict())

        try:
            for b in range(buckets.n):
                self.progress("analyze", b, buckets.n)
                msgs_by: dict[str, list[Message]] = defaultdict(list)
                ev_by: dict[str, list[Event]] = defaultdict(list)
                for rec in buckets.read(b, reader.default_tz):
                    if isinstance(rec, Message):
                        cust = _conv_customer.get(rec.conversation_id)
                        if cust is not None and cust != rec.customer_id and rec.customer_id == rec.conversation_id:
                            rec = dataclasses.replace(rec, customer_id=cust)
                        msgs_by[rec.customer_id].append(rec)
                    else:
                        ev_by[rec.customer_id].append(rec)
                for cust in sorted(set(msgs_by) | set(ev_by)):
                    journey, conversations = self._journey(cust, msgs_by.pop(cust, []), ev_by.pop(cust, []), sink, stats)
                    stats.customers += 1
                    conv_codes: dict[str, set[str]] = defaultdict(set)
                    found: list[Finding] = []
                    for conv in conversations:
                        for d in conv_dets:
                            found.extend(self._run_detector(d, "detect", conv, ctxs[d.code], stats))
                    for d in journey_dets:
                        found.extend(self._run_detector(d, "detect", journey, ctxs[d.code], stats))
                    for d in corpus_dets:
                        self._run_detector(d, "observe", journey, ctxs[d.code], stats)
                    for f in found:
                        if f.conversation_id:
                            conv_codes[f.conversation_id].add(f.code)
                    emit(found)
                    for conv in conversations:
                        stats.conversations += 1
                        for m, s in conv.pairs():
                            stats.messages += 1
                            sink.write("messages", message_row(m, s))
                        sink.write("conversations", self._conversation_row(conv, sorted(conv_codes.get(conv.id, ()))))
            for d in corpus_dets:
                emit(self._run_detector(d, "finish", None, ctxs[d.code], stats))
        finally:
            buckets.close()
        self.progress("analyze", buckets.n, buckets.n)
        elapsed = time.perf_counter() - t0
        rs = reader.stats
        summary = {
            "version": __version__,
            "config_hash": cfg.hash(),
            "config_source": cfg.source,
            "targets": dict(cfg.targets),
            "records": rs.to_dict(),
            "reconciled": rs.read == rs.accepted + rs.rejected,
            "messages": stats.messages,
            "conversations": stats.conversations,
            "customers": stats.customers,
            "contents": len(contents),
            "policies": len(policies),
            "data_start": lo.isoformat() if lo else None,
            "data_end": hi.isoformat() if hi else None,
            "findings": sum(stats.findings.values()),
            "findings_by_code": dict(sorted(stats.findings.items())),
            "findings_by_severity": dict(sorted(stats.by_severity.items())),
            "findings_by_code_severity": {c: dict(v) for c, v in sorted(stats.by_code_severity.items())},
            "findings_by_channel": dict(sorted(stats.by_channel.items())),
            "findings_by_department": dict(sorted(stats.by_department.items())),
            "warnings": stats.warnings,
            "detectors": sorted(d.code for d in self.loaded.detectors),
            "detectors_disabled": sorted(self.loaded.disabled),
            "errors": self.loaded.errors + stats.errors,
            "error_count": len(self.loaded.errors) + stats.error_count,
            "seconds": round(elapsed, 3),
            "seconds_reading": round(t_read, 3),
            "messages_per_second": round(stats.messages / elapsed, 1) if elapsed > 0 else None,
        }
        return summary

    def _conversation_row(self, conv: Conversation, codes: list[str]) -> dict[str, Any]:
        waits = conversation_waits(conv, self.config)
        frs = first_response_seconds(conv, self.config, waits)
        sents = [s.sentiment for m, s in conv.pairs() if m.role == "customer" and s.sentiment is not None]
        issues: dict[str, None] = {}
        for s in conv.signals:
            for i in s.issues:
                issues[i] = None
        return {
            "conversation_id": conv.id,
            "customer_id": conv.customer_id,
            "channels": list(conv.channels),
            "departments": sorted({m.department for m in conv.messages if m.department}),
            "start": conv.start.isoformat(),
            "end": conv.end.isoformat(),
            "message_count": len(conv.messages),
            "first_response_seconds": None if frs is None else round(frs, 3),
            "sentiment_start": sents[0] if sents else None,
            "sentiment_end": sents[-1] if sents else None,
            "sentiment_min": min(sents) if sents else None,
            "issues": list(issues),
            "codes": codes,
        }
