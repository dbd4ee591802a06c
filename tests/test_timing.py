"""Table-driven tests for slow_response and unanswered (the timing detectors)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

import cxaudit

T0 = datetime(2024, 6, 3, 9, 0, tzinfo=timezone.utc)


def msgs(channel: str, turns: list[tuple[int, str, str]], conv: str = "c1", cust: str = "u1", **meta_by_idx) -> list[dict]:
    """turns: (seconds after T0, role, text)."""
    out = []
    for i, (sec, role, text) in enumerate(turns):
        rec = {"kind": "message", "id": f"{conv}-m{i}", "conversation_id": conv, "customer_id": cust, "channel": channel,
               "timestamp": (T0 + timedelta(seconds=sec)).isoformat(), "role": role, "text": text}
        if f"m{i}" in meta_by_idx:
            rec["meta"] = meta_by_idx[f"m{i}"]
        out.append(rec)
    return out


def tail(seconds: int) -> dict:
    """An unrelated record that makes the data run until T0 + seconds."""
    return {"kind": "event", "id": f"tail-{seconds}", "type": "order_placed", "customer_id": "other",
            "timestamp": (T0 + timedelta(seconds=seconds)).isoformat()}


def codes(records: list[dict], only=("slow_response", "unanswered")) -> list[tuple[str, str]]:
    res = cxaudit.analyze(records, only=list(only))
    assert res.summary["error_count"] == 0, res.summary["errors"]
    return sorted((f["code"], f["severity"]) for f in res.findings)


CASES = [
    # (name, records, expected (code, severity) list)
    ("chat reply inside 2 min", msgs("chat", [(0, "customer", "My order hasn't arrived"), (90, "agent", "Let me check that for you.")]), []),
    ("chat reply after 5 min", msgs("chat", [(0, "customer", "My order hasn't arrived"), (300, "agent", "Let me check.")]), [("slow_response", "medium")]),
    ("chat exactly at target is fine", msgs("chat", [(0, "customer", "Hello?"), (120, "agent", "Hi, how can I help?")]), []),
    ("social 40 min", msgs("social", [(0, "customer", "@Brand where is my refund"), (2400, "agent", "Sorry! DM us your order number.")]), [("slow_response", "low")]),
    ("social 25 min near miss", msgs("social", [(0, "customer", "@Brand where is my refund"), (1500, "agent", "Sorry! DM us.")]), []),
    ("email 51 h", msgs("email", [(0, "customer", "The TV arrived cracked."), (51 * 3600, "agent", "We're so sorry.")]), [("slow_response", "medium")]),
    ("auto ack does not stop the clock", msgs("email", [(0, "customer", "Where is my order?"), (60, "system", "Thanks for contacting us. We have received your email and will get back to you within 24 hours."), (30 * 3600, "agent", "It ships today.")]), [("slow_response", "low")]),
    ("bot failure does not stop the clock", msgs("chat", [(0, "customer", "I need help with a refund"), (5, "bot", "Sorry, I didn't understand that. Please choose an option."), (600, "agent", "Hi, I can help with the refund.")]), [("slow_response", "high")]),
    ("useful bot answer stops the clock", msgs("chat", [(0, "customer", "Where is order 123?"), (5, "bot", "Order 123 was delivered yesterday at 14:02."), (30, "customer", "Thanks!")]), []),
    ("system notice never stops the clock", msgs("sms", [(0, "customer", "My data stopped working"), (10, "system", "Your ticket number is 48213."), (int(2.5 * 3600), "agent", "Fixed now, please restart.")]), [("slow_response", "medium")]),
    ("phone hold 3 min", msgs("phone", [(0, "system", "Caller queued"), (180, "agent", "Thanks for holding, how can I help?")], m0={"hold_seconds": 180}), [("slow_response", "high")]),
    ("phone hold 25 s near miss", msgs("phone", [(0, "system", "Caller queued"), (25, "agent", "Hello, how can I help?")], m0={"hold_seconds": 25}), []),
    ("unanswered email, data runs past target", msgs("email", [(0, "customer", "Nobody has replied about my missing keyboard cover.")]) + [tail(2 * 86400)], [("unanswered", "medium")]),
    ("unanswered near miss: export ends inside the target", msgs("email", [(0, "customer", "Where is my parcel?")]) + [tail(3600)], []),
    ("closing thanks needs no reply", msgs("chat", [(0, "customer", "Can I change my address?"), (40, "agent", "Done, it's updated."), (60, "customer", "Perfect, thanks so much!")]) + [tail(86400)], []),
    ("answered outside the data is not unanswered", msgs("email", [(0, "customer", "Where is my parcel?")], m0={"answered_elsewhere": True}) + [tail(5 * 86400)], []),
    ("unanswered after auto ack only", msgs("email", [(0, "customer", "Part missing from my bundle"), (30, "system", "We've received your email and will reply within 24 hours.")]) + [tail(5 * 86400)], [("unanswered", "high")]),
]


@pytest.mark.parametrize("name,records,expected", CASES, ids=[c[0] for c in CASES])
def test_timing_detectors(name, records, expected):
    assert codes(records) == expected


def test_slow_response_evidence_and_measures():
    recs = msgs("chat", [(0, "customer", "Is anyone there?"), (600, "agent", "Sorry for the wait!")])
    res = cxaudit.analyze(recs, only=["slow_response"])
    [f] = res.findings
    assert f["measures"]["wait_seconds"] == 600 and f["measures"]["target_seconds"] == 120
    assert [next(v for k, v in e.items() if k.endswith("_id")) for e in f["evidence"]] == ["c1-m0", "c1-m1"]
    for e in f["evidence"]:
        text = {r["id"]: r["text"] for r in recs}[e["message_id"]]
        assert text[e["start"]:e["end"]] == e["quote"]
    assert "10 min" in f["explanation"] and "2 min" in f["explanation"]


def test_first_response_seconds_in_conversations():
    recs = msgs("social", [(0, "customer", "help"), (100, "customer", "hello??"), (2000, "agent", "Hi, sorry for the wait")])
    res = cxaudit.analyze(recs, only=["slow_response"])
    [conv] = res.conversations
    assert conv["first_response_seconds"] == 2000
    assert conv["codes"] == ["slow_response"]


def test_business_hours_pause_the_clock():
    # Friday 16:00 -> Monday 10:00 is 2 business hours with 09:00-17:00 Mon-Fri.
    fri = datetime(2024, 6, 7, 16, 0, tzinfo=timezone.utc)
    recs = [
        {"kind": "message", "id": "a", "conversation_id": "c", "channel": "email", "role": "customer", "text": "Where is my order?", "timestamp": fri.isoformat()},
        {"kind": "message", "id": "b", "conversation_id": "c", "channel": "email", "role": "agent", "text": "It ships today.", "timestamp": (fri + timedelta(days=3, hours=-6)).isoformat()},
    ]
    cfg = {"targets": {"email": 3 * 3600}, "business_hours": {"enabled": True, "timezone": "UTC"}}
    assert cxaudit.analyze(recs, cfg, only=["slow_response"]).findings == []
    cfg["business_hours"]["enabled"] = False
    assert [f["code"] for f in cxaudit.analyze(recs, cfg, only=["slow_response"]).findings] == ["slow_response"]


def test_finding_ids_are_stable():
    recs = msgs("chat", [(0, "customer", "Hello?"), (900, "agent", "Hi")])
    a = [f["id"] for f in cxaudit.analyze(recs).findings]
    b = [f["id"] for f in cxaudit.analyze(list(reversed(recs))).findings]
    assert a and a == b


AUTO_ACK = [
    ("We have received your email and will get back to you within 24 hours.", True),
    ("This is an automated message: please do not reply to this email.", True),
    ("Thanks for contacting us! Your ticket number is 48213.", False),  # not enough alone
    ("Your order was cancelled by an automated security check, I'm sorry.", False),
    ("This is an automated security check, so I cannot override it.", False),
    ("I've received your photos and refunded the lamp.", False),
]


@pytest.mark.parametrize("text,expected", AUTO_ACK)
def test_auto_ack_recognizer(text, expected):
    from cxaudit.signals import build_pipeline
    from cxaudit.records import Message

    sig = build_pipeline().analyze(Message("m", "c", "c", "email", T0, "agent", text))
    assert sig.auto_ack is expected



def test_a_person_who_acknowledges_and_answers_has_replied():
    from datetime import datetime, timezone
    from cxaudit.records import Message
    from cxaudit.signals.base import Hit, MessageSignals
    from cxaudit.timing import ack_only

    t = datetime(2025, 1, 1, tzinfo=timezone.utc)
    text = "Dear Ms Anderton, We have received your request. Both policies will be cancelled from 31 October 2025 and you will receive written confirmation. Kind regards, Liam"
    i = text.index("We have received your request")
    sig = MessageSignals("m", "agent", auto_ack=True, hits=(Hit("auto_ack", "received", i, i + 29, 1.0),))
    assert not ack_only(Message("m", "c", "u", "email", t, "agent", text), sig)
    short = "We have received your email and will reply within 24 hours."
    sig2 = MessageSignals("m", "agent", auto_ack=True, hits=(Hit("auto_ack", "received", 0, 30, 1.0),))
    assert ack_only(Message("m", "c", "u", "email", t, "agent", short), sig2)
    assert ack_only(Message("m", "c", "u", "email", t, "system", text), sig)  # a system message stays automatic
