"""Throughput benchmark: how many messages per second cxaudit reads and analyzes.

Builds a large input by replicating the TWCS sample (imported with the ``twcs`` importer)
with fresh ids, customers, conversations and shifted timestamps per replica, writes it to a
temporary .jsonl, then measures

- reading only (``Reader`` over the file: JSON parse + validation),
- the full ``analyze`` path (``Engine`` to a ``JsonlSink`` in a temp dir),
- peak memory (``ru_maxrss``; ``--tracemalloc`` adds Python-heap peaks, slower),
- VADER's own throughput on the first 20k texts of the same data, for comparison.

Usage::

    python benchmarks/throughput.py --messages 100000 --detectors timing
    python benchmarks/throughput.py --messages 1000000 --detectors all --json
    python benchmarks/throughput.py --messages 100000 --profile 25   # cProfile top 25

Targets: >= 100,000 msgs/s reading + timing detectors, >= 25,000 msgs/s with everything,
1M messages well under 2 GB.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import datetime, timedelta
from pathlib import Path

import orjson

import cxaudit
from cxaudit.config import Config
from cxaudit.engine import Engine
from cxaudit.importers import twcs
from cxaudit.reader import Reader
from cxaudit.writers import JsonlSink, write_summary

DEFAULT_SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "data" / "twcs" / "twcs_head5000.csv"
TIMING = ["slow_response", "unanswered"]


def rss_mb() -> float:
    """Peak resident set size of this process so far, in MiB (Linux reports KiB)."""
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r / 1024 / 1024 if sys.platform == "darwin" else r / 1024


def build_input(sample: Path, n_messages: int, out: Path, replica_shift_s: int) -> dict:
    """Write ``n_messages`` records to ``out`` by replicating the sample; return facts."""
    base = list(twcs.convert(sample))
    if not base:
        raise SystemExit(f"no records in {sample}")
    stamps = [datetime.fromisoformat(r["timestamp"]) for r in base]
    written = 0
    k = 0
    t0 = time.perf_counter()
    with open(out, "wb", buffering=1 << 22) as fh:
        while written < n_messages:
            shift = timedelta(seconds=k * replica_shift_s)
            p = f"r{k}-"
            buf = []
            for rec, ts in zip(base, stamps):
                if written >= n_messages:
                    break
                r = dict(rec)
                r["id"] = p + rec["id"]
                r["conversation_id"] = p + rec["conversation_id"]
                r["customer_id"] = p + rec["customer_id"]
                if "in_reply_to" in rec:
                    r["in_reply_to"] = p + rec["in_reply_to"]
                r["timestamp"] = (ts + shift).isoformat()
                buf.append(orjson.dumps(r, option=orjson.OPT_APPEND_NEWLINE))
                written += 1
            fh.write(b"".join(buf))
            k += 1
    return {"messages": written, "replicas": k, "bytes": out.stat().st_size, "build_seconds": round(time.perf_counter() - t0, 2),
            "texts": [r["text"] for r in base]}


def bench_read(path: Path) -> dict:
    reader = Reader()
    t0 = time.perf_counter()
    n = 0
    for _ in reader.read(path):
        n += 1
    dt = time.perf_counter() - t0
    return {"records": n, "rejected": reader.stats.rejected, "seconds": round(dt, 3), "records_per_second": round(n / dt)}


def bench_analyze(path: Path, out_dir: Path, only: list[str] | None, profile: int) -> tuple[dict, str | None]:
    engine = Engine(Config(), only=only)
    sink = JsonlSink(out_dir)
    prof = cProfile.Profile() if profile else None
    t0 = time.perf_counter()
    if prof:
        prof.enable()
    try:
        summary = engine.run(path, sink)
    finally:
        sink.close()
        if prof:
            prof.disable()
    dt = time.perf_counter() - t0
    write_summary(out_dir, summary)
    report = None
    if prof:
        s = io.StringIO()
        pstats.Stats(prof, stream=s).sort_stats("cumulative").print_stats(profile)
        s.write("\n--- by own time ---\n")
        pstats.Stats(prof, stream=s).sort_stats("tottime").print_stats(profile)
        report = s.getvalue()
    n = summary["messages"]
    out_bytes = sum(f.stat().st_size for f in out_dir.glob("*.jsonl"))
    return {
        "messages": n,
        "seconds": round(dt, 3),
        "messages_per_second": round(n / dt),
        "seconds_reading_pass": summary.get("seconds_reading"),
        "detectors": summary.get("detectors"),
        "findings": summary.get("findings"),
        "findings_by_code": summary.get("findings_by_code"),
        "errors": summary.get("error_count"),
        "reconciled": summary.get("reconciled"),
        "output_bytes": out_bytes,
    }, report


def bench_vader(texts: list[str], limit: int) -> dict:
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:
        return {"skipped": "vaderSentiment is not installed"}
    sia = SentimentIntensityAnalyzer()
    sample = [texts[i % len(texts)] for i in range(limit)]  # the first `limit` texts of the replicated input
    t0 = time.perf_counter()
    for t in sample:
        sia.polarity_scores(t)
    dt = time.perf_counter() - t0
    return {"texts": len(sample), "seconds": round(dt, 3), "texts_per_second": round(len(sample) / dt)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--messages", type=int, default=100_000)
    ap.add_argument("--detectors", choices=["timing", "all"], default="all")
    ap.add_argument("--sample", type=Path, default=DEFAULT_SAMPLE, help="TWCS CSV to replicate")
    ap.add_argument("--vader", type=int, default=20_000, help="texts for the VADER comparison (0: skip)")
    ap.add_argument("--tmp-dir", type=Path, default=None)
    ap.add_argument("--keep", action="store_true", help="keep the generated input and outputs")
    ap.add_argument("--profile", type=int, default=0, metavar="N", help="cProfile the analyze run; print the top N")
    ap.add_argument("--tracemalloc", action="store_true", help="also report the Python-heap peak (slower)")
    ap.add_argument("--replica-shift", type=int, default=3600, help="seconds between replicas' timestamps")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    args = ap.parse_args(argv)
    if not args.sample.is_file():
        print(f"sample not found: {args.sample}", file=sys.stderr)
        return 2

    tmp = tempfile.TemporaryDirectory(prefix="cxaudit-bench-", dir=args.tmp_dir)
    work = Path(tmp.name)
    try:
        inp = work / "input.jsonl"
        built = build_input(args.sample, args.messages, inp, args.replica_shift)
        texts = built.pop("texts")
        rss_after_build = rss_mb()
        read = bench_read(inp)
        rss_after_read = rss_mb()
        if args.tracemalloc:
            tracemalloc.start()
        only = TIMING if args.detectors == "timing" else None
        analyze, prof = bench_analyze(inp, work / "out", only, args.profile)
        heap_peak = None
        if args.tracemalloc:
            heap_peak = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
            tracemalloc.stop()
        rss_peak = rss_mb()
        vader = bench_vader(texts, args.vader) if args.vader else {"skipped": "--vader 0"}
        result = {
            "cxaudit_version": cxaudit.__version__,
            "python": platform.python_version(),
            "cpu": platform.processor() or platform.machine(),
            "cpus": os.cpu_count(),
            "input": built,
            "detectors": args.detectors,
            "reading_only": read,
            "analyze": analyze,
            "memory_mb": {"rss_after_build": round(rss_after_build, 1), "rss_after_read": round(rss_after_read, 1), "rss_peak": round(rss_peak, 1),
                          "python_heap_peak_analyze": heap_peak},
            "vader": vader,
        }
        if args.keep:
            result["kept"] = str(work)
            tmp._finalizer.detach()  # type: ignore[attr-defined]
    finally:
        if not args.keep:
            tmp.cleanup()

    if args.json:
        print(orjson.dumps(result, option=orjson.OPT_INDENT_2).decode())
    else:
        b, r, a, m, v = built, read, analyze, result["memory_mb"], vader
        print(f"input      {b['messages']:,} messages ({b['replicas']} replicas of {args.sample.name}), {b['bytes'] / 2**20:.1f} MiB, built in {b['build_seconds']} s")
        print(f"reading    {r['records_per_second']:>10,} records/s   ({r['records']:,} in {r['seconds']} s, {r['rejected']} rejected)")
        print(f"analyze    {a['messages_per_second']:>10,} messages/s  ({a['messages']:,} in {a['seconds']} s; detectors: {args.detectors} = {len(a['detectors'] or [])}; "
              f"reading pass {a['seconds_reading_pass']} s; {a['findings']:,} findings; {a['errors']} errors)")
        print(f"memory     peak RSS {m['rss_peak']:.0f} MiB (after build {m['rss_after_build']:.0f}, after read-only pass {m['rss_after_read']:.0f})"
              + (f"; Python heap peak during analyze {m['python_heap_peak_analyze']} MiB" if heap_peak is not None else ""))
        if "texts_per_second" in v:
            print(f"VADER      {v['texts_per_second']:>10,} texts/s     ({v['texts']:,} texts in {v['seconds']} s; same texts, polarity_scores only)")
        else:
            print(f"VADER      skipped: {v['skipped']}")
        print(f"findings   {a['findings_by_code']}")
        if args.keep:
            print(f"kept       {work}")
    if prof:
        print(prof, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
