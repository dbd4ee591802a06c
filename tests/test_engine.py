"""Engine behaviour: errors isolated, spill mode equals memory mode, outputs complete."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime, timedelta, timezone

import orjson
import pyarrow.parquet as pq

import cxaudit
from cxaudit.config import Config
from cxaudit.detectors.base import Detector, load_detectors
from cxaudit.engine import Engine
from cxaudit.writers import MemorySink

T0 = datetime(2024, 6, 3, 9, 0, tzinfo=timezone.utc)


def corpus(n_customers: int = 30) -> list[dict]:
    recs = []
    for c in range(n_customers):
        for k in range(3):
            ts = T0 + timedelta(minutes=c * 7 + k * 3)
            role = "customer" if k != 1 else "agent"
            recs.append({"kind": "message", "id": f"m{c}-{k}", "conversation_id": f"conv{c}", "customer_id": f"cust{c}",
                         "channel": "chat", "role": role, "timestamp": ts.isoformat(), "text": f"message {k} of {c}"})
    recs.append({"kind": "event", "id": "e1", "type": "order_placed", "customer_id": "cust1", "timestamp": T0.isoformat()})
    recs.append({"kind": "policy", "id": "p1", "text": "Refunds within 14 days.", "effective_from": "2024-01-01"})
    recs.append({"kind": "content", "id": "ct1", "source": "website", "text": "Refunds within 14 days."})
    return recs


class Boom(Detector):
    code = "boom"
    scope = "conversation"
    description = "always fails"

    def detect(self, conv, ctx):
        raise RuntimeError("kaboom")


def test_failing_detector_is_recorded_and_run_goes_on():
    cfg = Config()
    loaded = load_detectors(cfg, only=["slow_response"])
    loaded.detectors.append(Boom())
    sink = MemorySink()
    summary = Engine(cfg, detectors=loaded).run(corpus(), sink)
    assert summary["error_count"] == 30
    assert summary["errors"][0]["detector"] == "boom" and "kaboom" in summary["errors"][0]["error"]
    assert len(sink.rows["messages"]) == 90 and len(sink.rows["conversations"]) == 30
    assert sink.rows["findings"], "the other detectors still ran"


def test_spill_mode_matches_memory_mode(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in corpus()))
    mem = cxaudit.analyze(path, only=["slow_response", "unanswered"])
    spilled = cxaudit.analyze(path, dataclasses.replace(Config(), spill_bytes=10), only=["slow_response", "unanswered"])
    key = lambda rows: sorted(json.dumps(r, sort_keys=True) for r in rows)  # noqa: E731
    for table in ("findings", "messages", "conversations"):
        assert key(mem.tables[table]) == key(spilled.tables[table]), table
    assert mem.summary["records"] == spilled.summary["records"]


def test_messages_without_customer_join_their_conversation_customer():
    recs = [
        {"kind": "message", "id": "a", "conversation_id": "c", "customer_id": "alice", "channel": "chat", "role": "customer", "timestamp": T0.isoformat(), "text": "hi"},
        {"kind": "message", "id": "b", "conversation_id": "c", "channel": "chat", "role": "agent", "timestamp": (T0 + timedelta(seconds=30)).isoformat(), "text": "hello"},
    ]
    res = cxaudit.analyze(recs, only=["slow_response"])
    assert {m["customer_id"] for m in res.messages} == {"alice"}
    assert len(res.conversations) == 1


def test_reply_links_are_checked_not_trusted():
    recs = [
        {"kind": "message", "id": "a", "conversation_id": "c", "channel": "chat", "role": "customer", "timestamp": T0.isoformat(), "text": "hi", "in_reply_to": "b"},
        {"kind": "message", "id": "b", "conversation_id": "c", "channel": "chat", "role": "agent", "timestamp": (T0 + timedelta(seconds=30)).isoformat(), "text": "hello", "in_reply_to": "zzz"},
    ]
    res = cxaudit.analyze(recs, only=["slow_response"])
    assert len(res.warnings) == 2
    assert any("forward in time" in w["reason"] for w in res.warnings)
    assert any("names no message" in w["reason"] for w in res.warnings)
    assert res.summary["warnings"] == 2
    assert {w["record_id"] for w in res.warnings} == {"a", "b"}


def test_outputs_jsonl_and_parquet(tmp_path):
    res = cxaudit.analyze(corpus(), out=tmp_path / "j", only=["slow_response"])
    for t in ("findings", "messages", "conversations", "rejects", "warnings"):
        assert (tmp_path / "j" / f"{t}.jsonl").exists()
    summary = json.loads((tmp_path / "j" / "summary.json").read_text())
    assert summary["reconciled"] and summary["records"]["read"] == 93
    msg = json.loads((tmp_path / "j" / "messages.jsonl").read_text().splitlines()[0])
    for field in ("id", "sentiment", "sentiment_label", "apology", "formality", "informal", "refusal", "complaint",
                  "churn_threat", "human_request", "handoff", "promise", "issues"):
        assert field in msg
    conv = json.loads((tmp_path / "j" / "conversations.jsonl").read_text().splitlines()[0])
    for field in ("conversation_id", "customer_id", "channels", "first_response_seconds", "sentiment_start", "sentiment_end", "sentiment_min", "issues", "codes"):
        assert field in conv
    cxaudit.analyze(corpus(), out=tmp_path / "p", format="parquet", only=["slow_response"])
    assert pq.read_table(tmp_path / "p" / "messages.parquet").num_rows == 90
    meta = [{"kind": "message", "id": "mm1", "conversation_id": "cm", "customer_id": "cu", "channel": "chat", "role": "customer",
             "timestamp": "2024-06-03T09:00:00+00:00", "text": "hello", "meta": {"brand": "Acme", "tier": 2}}]
    cxaudit.analyze(meta, out=tmp_path / "pm", format="parquet", only=["slow_response"])
    row = pq.read_table(tmp_path / "pm" / "messages.parquet").to_pylist()[0]
    assert json.loads(row["meta"]) == {"brand": "Acme", "tier": 2}  # meta survives as JSON text
    assert pq.read_table(tmp_path / "p" / "findings.parquet").num_rows == len(res.findings)
    df = res.to_pandas("conversations")
    assert len(df) == 30


def test_api_accepts_records_and_reports_rejects():
    recs = corpus(2) + [{"kind": "message", "id": "bad"}]
    res = cxaudit.analyze(recs, only=["slow_response"])
    assert res.summary["records"]["rejected"] == 1
    assert res.rejects[0]["field"] in ("conversation_id", "text", "role")


def test_spill_mode_routes_messages_without_customer_id(tmp_path):
    recs = corpus(10)
    for r in recs:
        if r.get("role") == "agent":
            del r["customer_id"]  # agents' messages often carry only the conversation
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in recs))
    mem = cxaudit.analyze(path, only=["slow_response"])
    spilled = cxaudit.analyze(path, dataclasses.replace(Config(), spill_bytes=10), only=["slow_response"])
    assert {m["customer_id"] for m in spilled.messages} == {f"cust{c}" for c in range(10)}
    key = lambda rows: sorted(json.dumps(r, sort_keys=True) for r in rows)  # noqa: E731
    assert key(mem.messages) == key(spilled.messages)
    assert key(mem.conversations) == key(spilled.conversations)
