"""The reader: one case per rejection reason, and what comes out of the engine around it."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import orjson
import pytest

import cxaudit
from cxaudit.reader import MAX_LINE_BYTES, MAX_TEXT_CHARS, Reader, StrictError
from cxaudit.records import Content, Event, Message, Policy

MSG = {"kind": "message", "id": "m1", "conversation_id": "c1", "customer_id": "u1", "channel": "chat",
       "timestamp": "2024-06-03T09:00:00Z", "role": "customer", "text": "Where is my parcel?"}
EVT = {"kind": "event", "id": "e1", "type": "shipment_delayed", "timestamp": "2024-06-03T08:00:00+02:00", "customer_id": "u1"}
CON = {"kind": "content", "id": "k1", "source": "website", "text": "Free returns within 30 days."}
POL = {"kind": "policy", "id": "p1", "text": "Returns within 14 days.", "effective_from": "2024-05-01"}
BASE = {"message": MSG, "event": EVT, "content": CON, "policy": POL}
REQUIRED = {
    "message": ("id", "conversation_id", "channel", "timestamp", "role", "text"),
    "event": ("id", "type", "timestamp", "customer_id"),
    "content": ("id", "source", "text"),
    "policy": ("id", "text", "effective_from"),
}


def line(obj) -> bytes:
    return orjson.dumps(obj) + b"\n"


def without(kind: str, field: str) -> bytes:
    return line({k: v for k, v in BASE[kind].items() if k != field})


def with_(base: str, **kw) -> bytes:
    return line({**BASE[base], **kw})


def parse(raw: bytes, **reader_kw):
    rejects: list = []
    reader = Reader(on_reject=rejects.append, **reader_kw)
    rec = reader.parse_line("in.jsonl", 7, raw)
    return rec, rejects, reader


# --------------------------------------------------------------------------- rejections

# a missing timestamp is reported by its type check (the field is named either way)
MISSING_TIME = "required field is missing|expected an ISO-8601 string, got NoneType"

REJECT_CASES = [
    # (raw line, field named in the reject, words the reason must contain)
    (b'{"kind": "message", "id": "m1",\n', None, "JSON syntax error"),
    (b"not json at all\n", None, "JSON syntax error"),
    (b'{"kind": "message", "text": "caf\xe9"}\n', None, "invalid UTF-8"),
    (b"[1, 2, 3]\n", None, "expected a JSON object, got list"),
    (b'"just a string"\n', None, "expected a JSON object, got str"),
    (b"42\n", None, "expected a JSON object, got int"),
    (b"null\n", None, "expected a JSON object"),
    (without("message", "kind"), "kind", "required field is missing"),
    (with_("message", kind="tweet"), "kind", r"unknown kind 'tweet' \(message, event"),
    (with_("message", kind=3), "kind", "unknown kind"),
    *[(without(k, f), f, "required field is missing" if "time" not in f and "from" not in f else MISSING_TIME) for k, fs in REQUIRED.items() for f in fs],
    # wrong types
    (with_("message", id=17), "id", "expected a string, got int"),
    (with_("message", conversation_id=["c"]), "conversation_id", "expected a string, got list"),
    (with_("message", customer_id=5), "customer_id", "expected a string"),
    (with_("message", channel=None), "channel", "required field is missing"),
    (with_("message", text=12), "text", "expected a string, got int"),
    (with_("message", role="manager"), "role", "unknown role 'manager'"),
    (with_("message", role=1), "role", "unknown role"),
    (with_("message", timestamp=1717405200), "timestamp", "expected an ISO-8601 string, got int"),
    (with_("message", in_reply_to=3), "in_reply_to", "expected a string"),
    (with_("message", meta=[1]), "meta", "expected an object, got list"),
    (with_("message", id=""), "id", "must not be empty"),
    (with_("event", attributes="late"), "attributes", "expected an object, got str"),
    (with_("event", customer_id=None), "customer_id", "required field is missing"),
    (with_("content", text=None), "text", "required field is missing"),
    (with_("content", valid_from="someday"), "valid_from", "not an ISO-8601 timestamp"),
    (with_("policy", effective_from=20240501), "effective_from", "expected an ISO-8601 string"),
    # timestamps
    (with_("message", timestamp="2024-06-03T09:00:00"), "timestamp", "naive timestamp"),
    (with_("event", timestamp="2024-06-03 08:00"), "timestamp", "naive timestamp"),
    (with_("message", timestamp="2024-06-03"), "timestamp", "naive timestamp"),  # a bare date is no message time
    (with_("message", timestamp="yesterday at noon"), "timestamp", "not an ISO-8601 timestamp"),
    (with_("message", timestamp="2024-02-30T09:00:00Z"), "timestamp", "not an ISO-8601 timestamp"),
    (with_("message", timestamp="2024-06-03T25:00:00Z"), "timestamp", "not an ISO-8601 timestamp"),
    # absurd sizes
    (with_("message", text="x" * (MAX_TEXT_CHARS + 1)), "text", "absurd size"),
    (with_("message", id="i" * 513), "id", "absurd size"),
    (with_("message", channel="c" * 65), "channel", "absurd size"),
    (with_("content", text="y" * (MAX_TEXT_CHARS + 1)), "text", "absurd size"),
    (with_("message", meta={"pad": "z" * MAX_LINE_BYTES}), None, r"absurd size: line of \d+ bytes \(limit"),
]


@pytest.mark.parametrize("raw, field, reason", REJECT_CASES, ids=[f"{i}-{c[1]}-{c[2][:20]}" for i, c in enumerate(REJECT_CASES)])
def test_rejections(raw, field, reason):
    rec, rejects, reader = parse(raw)
    assert rec is None
    assert len(rejects) == 1
    rej = rejects[0]
    assert rej.field == field
    assert re.search(reason, rej.reason), rej.reason
    assert (rej.file, rej.line) == ("in.jsonl", 7)
    assert rej.raw and not rej.raw.endswith("\n") and len(rej.raw) <= 10_000
    assert set(rej.to_dict()) == {"file", "line", "field", "reason", "raw"}
    assert (reader.stats.read, reader.stats.accepted, reader.stats.rejected) == (1, 0, 1)


@pytest.mark.parametrize("raw, field, reason", REJECT_CASES[:12], ids=[str(i) for i in range(12)])
def test_strict_mode_raises_on_the_first_reject(raw, field, reason):
    with pytest.raises(StrictError) as info:
        parse(raw, strict=True)
    assert info.value.reject.field == field
    assert "in.jsonl:7" in str(info.value)


def test_invalid_utf8_reason_names_the_byte():
    _, rejects, _ = parse(b'{"text": "ab\xff"}\n')
    assert rejects[0].reason == "invalid UTF-8 at byte 12"
    assert "\\xff" in rejects[0].raw


def test_line_limit_is_a_setting():
    rec, rejects, _ = parse(line(MSG), max_line_bytes=50)
    assert rec is None and rejects[0].reason.startswith("absurd size: line of")


# --------------------------------------------------------------------------- acceptance


@pytest.mark.parametrize(
    "raw, cls, check",
    [
        (line(MSG), Message, lambda r: r.customer_id == "u1" and r.timestamp == datetime(2024, 6, 3, 9, tzinfo=timezone.utc)),
        (without("message", "customer_id"), Message, lambda r: r.customer_id == "c1"),  # defaults to the conversation
        (with_("message", channel="EMAIL"), Message, lambda r: r.channel == "email"),
        (with_("message", text=""), Message, lambda r: r.text == ""),  # a call with no transcript
        (with_("message", role="system", meta={"hold_seconds": 95}), Message, lambda r: r.meta["hold_seconds"] == 95),
        (with_("message", timestamp="2024-06-03T11:00:00+02:00"), Message, lambda r: r.timestamp.utcoffset() == timedelta(hours=2)),
        (line(EVT), Event, lambda r: r.type == "shipment_delayed" and r.attributes == {}),
        (with_("event", type="parcel_lost", attributes={"reason": "x"}), Event, lambda r: r.type == "parcel_lost" and r.attributes["reason"] == "x"),
        (line(CON), Content, lambda r: r.source_kind == "website" and r.valid_from is None),
        (with_("content", valid_from="2024-05-01", valid_to="2024-06-01T00:00:00Z"), Content, lambda r: r.valid_from.tzinfo is not None and r.valid_to.day == 1),
        (line(POL), Policy, lambda r: r.effective_from == datetime(2024, 5, 1, tzinfo=timezone.utc)),
        (b"  " + line(MSG), Message, lambda r: r.id == "m1"),
        (line(MSG)[:-1] + b"\r\n", Message, lambda r: r.id == "m1"),
        (line({**MSG, "text": "x" * MAX_TEXT_CHARS}), Message, lambda r: len(r.text) == MAX_TEXT_CHARS),
    ],
)
def test_accepted(raw, cls, check):
    rec, rejects, reader = parse(raw)
    assert rejects == []
    assert isinstance(rec, cls) and check(rec)
    assert rec.source.file == "in.jsonl" and rec.source.line == 7
    assert (reader.stats.read, reader.stats.accepted) == (1, 1)


@pytest.mark.parametrize(
    "obj, meta",
    [
        ({**MSG, "sentiment_hint": "angry", "tags": ["vip"]}, {"sentiment_hint": "angry", "tags": ["vip"]}),
        ({**MSG, "meta": {"a": 1}, "queue": "q2"}, {"a": 1, "queue": "q2"}),
        ({**MSG, "meta": {"queue": "kept"}, "queue": "extra"}, {"queue": "kept"}),  # meta wins over a same-named extra
        ({**EVT, "source_system": "oms"}, {"source_system": "oms"}),
        ({**CON, "url": "https://x"}, {"url": "https://x"}),
        ({**POL, "owner": "legal"}, {"owner": "legal"}),
    ],
)
def test_unknown_fields_are_kept_under_meta(obj, meta):
    rec, rejects, _ = parse(line(obj))
    assert rejects == [] and dict(rec.meta) == meta


@pytest.mark.parametrize("tz, expected", [("UTC", timedelta(0)), ("Europe/Paris", timedelta(hours=2)), ("America/New_York", timedelta(hours=-4))])
def test_naive_timestamp_accepted_with_default_tz(tz, expected):
    rec, rejects, _ = parse(with_("message", timestamp="2024-06-03T09:00:00"), default_tz=tz)
    assert rejects == [] and rec.timestamp.utcoffset() == expected and rec.timestamp.hour == 9
    rec, _, _ = parse(with_("message", timestamp="2024-06-03T09:00:00+05:00"), default_tz=tz)
    assert rec.timestamp.utcoffset() == timedelta(hours=5)  # an explicit offset is never overridden


def test_duplicate_ids_per_kind():
    rejects: list = []
    reader = Reader(on_reject=rejects.append)
    lines = [line(MSG), with_("message", text="again"), line({**EVT, "id": "m1"}), line(EVT), line(EVT)]
    out = [reader.parse_line("f", n, raw) for n, raw in enumerate(lines, 1)]
    assert [type(r).__name__ if r else None for r in out] == ["Message", None, "Event", "Event", None]
    assert [(r.line, r.field) for r in rejects] == [(2, "id"), (5, "id")]
    assert "duplicate message id 'm1'" in rejects[0].reason and "duplicate event id" in rejects[1].reason
    assert reader.stats.by_kind == {"message": 1, "event": 2}


def test_blank_lines_are_counted_apart(tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_bytes(b"\n" + line(MSG) + b"   \n\t\r\n" + line(EVT) + b"\n")
    rejects: list = []
    reader = Reader(on_reject=rejects.append)
    recs = list(reader.read(p))
    assert [r.id for r in recs] == ["m1", "e1"] and [r.source.line for r in recs] == [2, 5]
    assert reader.stats.to_dict() == {"read": 2, "accepted": 2, "rejected": 0, "blank_lines": 4, "by_kind": {"message": 1, "event": 1}}


def test_directory_input_reads_every_jsonl_as_one_stream(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a.jsonl").write_bytes(line(MSG))
    (tmp_path / "b" / "c.jsonl").write_bytes(line(EVT) + b"garbage\n")
    (tmp_path / "notes.txt").write_bytes(b"not read\n")
    rejects: list = []
    reader = Reader(on_reject=rejects.append)
    recs = list(reader.read(tmp_path))
    assert [r.id for r in recs] == ["m1", "e1"]
    assert recs[1].source.file.endswith("c.jsonl")
    assert len(rejects) == 1 and rejects[0].file.endswith("c.jsonl") and rejects[0].line == 2
    assert reader.stats.read == 3


def test_dict_records_through_the_api():
    rejects: list = []
    reader = Reader(on_reject=rejects.append)
    recs = list(reader.read_records([MSG, {**MSG, "id": "m2", "role": "nobody"}, EVT, MSG]))
    assert [r.id for r in recs] == ["m1", "e1"]
    assert [(r.file, r.line, r.field) for r in rejects] == [("<records>", 2, "role"), ("<records>", 4, "id")]


# --------------------------------------------------------------------------- through the engine

T0 = datetime(2024, 6, 3, 9, 0, tzinfo=timezone.utc)


def _msg(i: int, minutes: int, role: str, **kw) -> dict:
    return {**MSG, "id": f"m{i}", "timestamp": (T0 + timedelta(minutes=minutes)).isoformat(), "role": role, "text": f"text {i}", **kw}


def test_engine_writes_rejects_summary_and_warnings(tmp_path):
    good = [
        _msg(1, 0, "customer"),
        _msg(2, 1, "agent", in_reply_to="m1"),
        _msg(3, 2, "customer", in_reply_to="m9"),  # names no message
        _msg(4, 3, "agent", in_reply_to="m5"),  # points forward in time
        _msg(5, 4, "customer"),
        EVT,
    ]
    bad = [b"{oops\n", b'{"kind": "message"}\n', b'{"text": "\xff"}\n', line({**MSG, "timestamp": "2024-06-03T09:00:00"}), line(_msg(1, 9, "agent"))]
    p = tmp_path / "in.jsonl"
    p.write_bytes(b"".join(line(r) for r in good[:3]) + b"\n" + b"".join(bad) + b"".join(line(r) for r in good[3:]))
    out = tmp_path / "out"
    res = cxaudit.analyze(p, out=out)
    rejects = [orjson.loads(x) for x in (out / "rejects.jsonl").read_bytes().splitlines()]
    assert len(rejects) == len(bad) == len(res.rejects)
    assert [r["line"] for r in rejects] == [5, 6, 7, 8, 9]
    assert all(r["file"] == str(p) and r["reason"] and r["raw"] for r in rejects)
    assert [r["field"] for r in rejects] == [None, "text", None, "timestamp", "id"]
    summary = orjson.loads((out / "summary.json").read_bytes())
    rec = summary["records"]
    assert rec["read"] == rec["accepted"] + rec["rejected"] == len(good) + len(bad)
    assert (rec["accepted"], rec["rejected"], rec["blank_lines"]) == (len(good), len(bad), 1)
    assert summary["reconciled"] is True
    warnings = [orjson.loads(x) for x in (out / "warnings.jsonl").read_bytes().splitlines()]
    by_id = {w["record_id"]: w for w in warnings}
    assert set(by_id) == {"m3", "m4"}
    assert "names no message" in by_id["m3"]["reason"] and by_id["m3"]["field"] == "in_reply_to"
    assert "forward in time" in by_id["m4"]["reason"] and by_id["m4"]["line"] == 10
    assert summary["warnings"] == 2


def test_engine_strict_raises(tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_bytes(line(MSG) + b"{broken\n")
    with pytest.raises(StrictError):
        cxaudit.analyze(p, strict=True)


def test_engine_default_tz_from_config(tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_bytes(line({**MSG, "timestamp": "2024-06-03T09:00:00"}))
    assert cxaudit.analyze(p).summary["records"]["rejected"] == 1
    res = cxaudit.analyze(p, config={"default_tz": "Europe/London"})
    assert res.summary["records"]["accepted"] == 1 and res.messages[0]["timestamp"] == "2024-06-03T09:00:00+01:00"


def test_message_text_null_is_empty_but_missing_is_rejected():
    ok = {"kind": "message", "id": "m", "conversation_id": "c", "channel": "phone", "role": "system",
          "timestamp": "2024-06-03T09:00:00Z", "text": None, "meta": {"hold_seconds": 30}}
    rejects: list = []
    reader = Reader(on_reject=rejects.append)
    [rec] = list(reader.read_records([ok]))
    assert rec.text == "" and not rejects
    missing = {k: v for k, v in ok.items() if k != "text"} | {"id": "m2"}
    assert list(reader.read_records([missing])) == [] and rejects[0].field == "text"
