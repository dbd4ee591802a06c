"""The packaged demo corpus (Larkmoor Home): well-formed, complete, reproducible, and it shows
every finding code it is written to show."""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from datetime import datetime, timedelta

import pytest

import cxaudit
from cxaudit.demo import EXPECTED_CODES, build_demo, demo_path
from cxaudit.reader import Reader
from cxaudit.records import Content, Event, Message, Policy

ALL_CODES = (
    "slow_response", "unanswered", "bounced", "broken_promise", "bot_trap", "informal_tone",
    "missing_apology", "sentiment_decline", "contradiction", "content_conflict", "silent_event",
    "churn_ignored", "repeat_contact", "incident",
)


@pytest.fixture(scope="module")
def raw() -> list[dict]:
    with open(demo_path(), encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="module")
def records():
    rejects: list = []
    reader = Reader(on_reject=rejects.append)
    recs = list(reader.read(demo_path()))
    return recs, rejects, reader.stats


def test_demo_file_is_packaged_and_small():
    p = demo_path()
    assert p.is_file() and p.name == "demo.jsonl"
    assert p.stat().st_size < 400_000


def test_parses_with_zero_rejects(records):
    recs, rejects, stats = records
    assert rejects == []
    assert stats.rejected == 0 and stats.accepted == len(recs)
    kinds = Counter(type(r).__name__ for r in recs)
    assert set(kinds) == {"Message", "Event", "Content", "Policy"}
    assert kinds["Message"] >= 300
    assert kinds["Policy"] >= 2
    customers = {r.customer_id for r in recs if isinstance(r, (Message, Event))}
    assert 40 <= len(customers) <= 80


def test_every_record_is_traceable(raw):
    for rec in raw:
        assert rec.get("meta", {}).get("story"), rec["id"]
        if rec["kind"] in ("message", "event"):
            assert rec.get("customer_id"), rec["id"]
    ids = [(r["kind"], r["id"]) for r in raw]
    assert len(ids) == len(set(ids))


def test_timestamps_have_offsets_and_are_sorted(raw):
    def when(rec: dict) -> datetime:
        value = rec.get("timestamp") or rec.get("valid_from") or rec.get("effective_from")
        ts = datetime.fromisoformat(value)
        assert ts.tzinfo is not None, rec["id"]
        return ts

    times = [when(r) for r in raw]
    assert times == sorted(times)
    offsets = {r["timestamp"][-6:] if not r["timestamp"].endswith("Z") else "Z" for r in raw if "timestamp" in r}
    assert {"Z", "+01:00"} <= offsets and len(offsets) >= 3


@pytest.mark.parametrize("channel", ["email", "chat", "social", "phone", "sms", "web"])
def test_channel_present(records, channel):
    recs, _, _ = records
    assert any(isinstance(r, Message) and r.channel == channel for r in recs)


@pytest.mark.parametrize("role", ["customer", "agent", "bot", "system"])
def test_role_present(records, role):
    recs, _, _ = records
    assert any(isinstance(r, Message) and r.role == role for r in recs)


def test_phone_holds_are_system_messages_at_queue_time(records):
    recs, _, _ = records
    holds = [r for r in recs if isinstance(r, Message) and r.channel == "phone" and "hold_seconds" in r.meta]
    assert holds and all(r.role == "system" for r in holds)
    by_conv: dict[str, list[Message]] = {}
    for r in recs:
        if isinstance(r, Message):
            by_conv.setdefault(r.conversation_id, []).append(r)
    for h in holds:
        after = [m for m in by_conv[h.conversation_id] if m.role == "agent" and m.timestamp >= h.timestamp]
        assert after, h.id
        # the agent picks up when the hold ends, not before
        assert (after[0].timestamp - h.timestamp).total_seconds() >= h.meta["hold_seconds"]


@pytest.mark.parametrize(
    "event_type",
    ["order_placed", "order_cancelled", "backordered", "shipment_delayed", "payment_declined", "transferred",
     "callback_promised", "notification_sent", "refund_issued", "csat", "delivered", "replacement_shipped"],
)
def test_event_type_present(records, event_type):
    recs, _, _ = records
    assert any(isinstance(r, Event) and r.type == event_type for r in recs)


def test_content_and_policies_have_validity(records):
    recs, _, _ = records
    contents = [r for r in recs if isinstance(r, Content)]
    policies = [r for r in recs if isinstance(r, Policy)]
    assert all(c.valid_from is not None for c in contents)
    assert any(c.valid_to is not None for c in contents)
    assert {c.source_kind for c in contents} >= {"website", "help_center", "template"}
    assert all(p.effective_from is not None for p in policies)


def test_data_runs_past_the_silence():
    """The data must run several days past the messages left unanswered on purpose."""
    recs = list(Reader().read(demo_path()))
    end = max(r.timestamp for r in recs if isinstance(r, (Message, Event)))
    silent = {s["customer"] for s in build_demo.STORIES if "unanswered" in s["expect"].split()}
    last_silent = max(r.timestamp for r in recs if isinstance(r, Message) and r.customer_id in silent and r.role == "customer")
    assert end - last_silent >= timedelta(days=3)


def test_generator_is_deterministic_and_file_is_current():
    first = build_demo.build()
    second = build_demo.build()
    assert first == second
    with open(demo_path(), encoding="utf-8") as fh:
        on_disk = [json.loads(line) for line in fh if line.strip()]
    assert on_disk == first, "demo.jsonl is stale: run `python -m cxaudit.demo.build_demo`"


@pytest.mark.parametrize("code", ALL_CODES)
def test_every_code_has_a_story_and_a_near_miss(code):
    assert code in EXPECTED_CODES
    stories = build_demo.STORIES
    assert any(code in s["expect"].split() for s in stories), code
    # near-misses and background: stories written to produce nothing
    assert sum(1 for s in stories if not s["expect"]) >= 30


@pytest.fixture(scope="module")
def analysis():
    return cxaudit.analyze(demo_path())


def test_analyze_runs_and_finds_something(analysis):
    assert analysis.summary["records"]["rejected"] == 0
    assert analysis.findings


@pytest.mark.parametrize("code", EXPECTED_CODES)
def test_demo_shows_code(analysis, code):
    """Each expected code is reported for a customer whose story was written to show it.

    Skipped while the detector for the code does not exist yet (they are written in parallel)."""
    if importlib.util.find_spec(f"cxaudit.detectors.{code}") is None or code not in analysis.summary.get("detectors", []):
        pytest.skip(f"detector {code} is not available")
    intended = {s["customer"] for s in build_demo.STORIES if code in s["expect"].split()}
    found = {f["customer_id"] for f in analysis.findings if f["code"] == code}
    if code in ("incident", "content_conflict"):
        # corpus-level findings may carry no customer: count them by the records they cite
        cited = {ev.get("message_id") or ev.get("event_id") or ev.get("content_id") for f in analysis.findings
                 if f["code"] == code for ev in f["evidence"]}
        names = {s["story"] for s in build_demo.STORIES if code in s["expect"].split()}
        story_ids = {r["id"] for r in build_demo.build() if r["meta"]["story"] in names}
        assert found & intended or cited & story_ids, f"{code}: no finding for the stories written to show it"
    else:
        assert found & intended, f"{code}: no finding for {sorted(intended)}"
