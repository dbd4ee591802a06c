"""Property tests: whatever the bytes, the reader never raises and its counts reconcile;
valid records survive a round trip."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxaudit.reader import Reader
from cxaudit.records import ROLES, Message

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

FIELDS = ["kind", "id", "conversation_id", "customer_id", "channel", "timestamp", "role", "author", "department", "text",
          "in_reply_to", "order_id", "meta", "type", "attributes", "source", "title", "valid_from", "valid_to", "effective_from"]

json_scalars = st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=30)
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3), max_leaves=6)
field_values = (
    json_values
    | st.sampled_from(["message", "event", "content", "policy", "customer", "agent", "bot", "system", "chat", "x", ""])
    | st.sampled_from(["2024-06-03T09:00:00Z", "2024-06-03T09:00:00", "2024-06-03", "2024-02-30T00:00:00Z", "9999-12-31T23:59:59-23:59"])
)
records = st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), field_values, max_size=12)


def check_counts(reader: Reader, n_lines: int, n_blank: int, n_out: int, n_rejects: int) -> None:
    s = reader.stats
    assert s.read == s.accepted + s.rejected
    assert s.read + s.blank == n_lines
    assert s.blank == n_blank
    assert s.accepted == n_out and s.rejected == n_rejects
    assert sum(s.by_kind.values()) == s.accepted


def run_lines(lines: list[bytes]) -> None:
    rejects: list = []
    reader = Reader(on_reject=rejects.append)
    out = []
    for n, raw in enumerate(lines, 1):
        rec = reader.parse_line("prop.jsonl", n, raw)
        if rec is not None:
            out.append(rec)
    blank = sum(1 for raw in lines if not raw.strip())
    check_counts(reader, len(lines), blank, len(out), len(rejects))
    for r in rejects:
        assert r.reason and isinstance(r.raw, str) and r.line >= 1


@FAST
@given(st.lists(st.binary(max_size=200), max_size=20))
def test_random_bytes_never_raise(lines):
    run_lines([raw.replace(b"\n", b" ") + b"\n" for raw in lines])


@FAST
@given(st.lists(records, min_size=1, max_size=6))
def test_random_objects_never_raise(objs):
    run_lines([orjson.dumps(o) + b"\n" for o in objs])


@settings(FAST, max_examples=100)
@given(st.lists(records, max_size=6))
def test_random_objects_through_the_api_never_raise(objs):
    rejects: list = []
    reader = Reader(on_reject=rejects.append)
    out = list(reader.read_records(objs))
    check_counts(reader, len(objs), 0, len(out), len(rejects))


@pytest.mark.parametrize(
    "obj",
    [
        {1: "a", "kind": "message"},  # a key that is not a string
        {"kind": "message", "id": 2**70},  # an integer JSON libraries cannot hold
        {"kind": "message", "text": "\ud800"},  # a lone surrogate: not encodable as UTF-8
        {"kind": "message", "meta": {(1, 2): "x"}},
    ],
    ids=["int-key", "huge-int", "lone-surrogate", "tuple-key-in-meta"],
)
def test_api_objects_json_cannot_encode_are_rejected(obj):
    rejects: list = []
    reader = Reader(on_reject=rejects.append)
    assert list(reader.read_records([obj, {"kind": "policy", "id": "p", "text": "t", "effective_from": "2024-01-01"}]))[0].id == "p"
    assert len(rejects) == 1 and rejects[0].line == 1
    assert reader.stats.read == reader.stats.accepted + reader.stats.rejected == 2


# --------------------------------------------------------------------------- valid records

T0 = datetime(2024, 1, 1, tzinfo=timezone.utc)
ids = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20)
offsets = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
stamps = st.builds(lambda s, tz: (T0 + timedelta(seconds=s)).astimezone(tz), st.integers(0, 10**8), offsets)
texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)


@st.composite
def valid_messages(draw) -> dict:
    rec = {
        "kind": "message",
        "id": draw(ids),
        "conversation_id": draw(ids),
        "channel": draw(st.sampled_from(["chat", "email", "social", "phone", "sms", "pigeon"])),
        "timestamp": draw(stamps).isoformat(),
        "role": draw(st.sampled_from(sorted(ROLES))),
        "text": draw(texts),
    }
    for f in ("customer_id", "author", "department", "in_reply_to", "order_id"):
        if draw(st.booleans()):
            rec[f] = draw(ids)
    if draw(st.booleans()):
        rec["meta"] = draw(st.dictionaries(st.text(max_size=8), json_scalars, max_size=3))
    return rec


def to_interchange(m: Message) -> dict:
    d = {f.name: getattr(m, f.name) for f in dataclasses.fields(m) if f.name not in ("source", "meta")}
    d = {k: v for k, v in d.items() if v is not None}
    d["kind"] = "message"
    d["timestamp"] = m.timestamp.isoformat()
    if m.meta:
        d["meta"] = dict(m.meta)
    return d


@FAST
@given(valid_messages())
def test_valid_message_round_trips(rec):
    reader = Reader()
    m = reader.parse_line("f", 1, orjson.dumps(rec))
    assert isinstance(m, Message)
    assert m.text == rec["text"] and m.id == rec["id"] and m.role == rec["role"]
    assert m.timestamp == datetime.fromisoformat(rec["timestamp"])
    assert m.customer_id == rec.get("customer_id", rec["conversation_id"])
    assert dict(m.meta) == rec.get("meta", {})
    again = Reader().parse_line("f", 1, orjson.dumps(to_interchange(m)))
    assert again == m


@FAST
@given(valid_messages(), st.data())
def test_truncated_valid_line_is_rejected_or_blank_never_raises(rec, data):
    raw = orjson.dumps(rec)
    cut = data.draw(st.integers(0, len(raw) - 1))
    rejects: list = []
    reader = Reader(on_reject=rejects.append)
    out = reader.parse_line("f", 1, raw[:cut] + b"\n")
    assert out is None  # a prefix of a JSON object is never a complete object
    assert reader.stats.read + reader.stats.blank == 1 and len(rejects) == reader.stats.rejected


@pytest.mark.parametrize("obj", [
    {"kind": "message", "id": "a", "conversation_id": "c", "channel": "chat", "timestamp": "2024-01-01T00:00:00Z", "text": "t", "role": []},
    {"kind": "message", "text": "message", "role": {}},
])
def test_unhashable_role_is_rejected_not_a_crash(obj):
    """Found by the property test above: a list or dict where a role belongs."""
    from cxaudit.reader import RecordError, build_record

    with pytest.raises(RecordError, match="role"):
        build_record(obj)
