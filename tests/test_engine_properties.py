"""Random but valid journeys through every detector: no detector raises, invariants hold."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cxaudit
from cxaudit.records import EVENT_TYPES

T0 = datetime(2024, 3, 1, 9, 0, tzinfo=timezone.utc)
PHRASES = [
    "Where is my order?", "I want a refund now", "This is the third time I'm asking", "sorry, but we can't do that",
    "lol nope", "I'm cancelling my account and going elsewhere", "Can I speak to a human?", "I'll call you back within 24 hours",
    "Your order was cancelled due to inventory", "It was cancelled because of a card discrepancy", "We have received your email",
    "Thanks, that's all!", "Refund of £49.99 will arrive by Friday", "MasterCard is not supported", "I didn't understand that",
    "Please DM us", "I'll transfer you to billing", "still waiting...", "🙄🙄", "", "Error CHK-502 at checkout", "ok",
]
CHANNELS = ["email", "chat", "social", "phone", "sms", "messaging", "web", "fax"]
ROLES = ["customer", "agent", "bot", "system"]

message = st.fixed_dictionaries({
    "conv": st.integers(0, 3), "cust": st.integers(0, 2), "minutes": st.integers(0, 60 * 24 * 20),
    "channel": st.sampled_from(CHANNELS), "role": st.sampled_from(ROLES), "text": st.sampled_from(PHRASES) | st.text(max_size=40),
    "order": st.none() | st.sampled_from(["O-1", "O-2"]), "dept": st.none() | st.sampled_from(["billing", "payments"]),
    "hold": st.none() | st.integers(0, 900), "reply_to": st.none() | st.integers(0, 30),
})
event = st.fixed_dictionaries({
    "type": st.sampled_from(sorted(EVENT_TYPES) + ["custom_thing"]), "cust": st.integers(0, 2), "minutes": st.integers(0, 60 * 24 * 20),
    "order": st.none() | st.sampled_from(["O-1", "O-2"]), "conv": st.none() | st.integers(0, 3),
    "attrs": st.sampled_from([{}, {"due": "2024-03-02T09:00:00Z"}, {"about": "order_cancelled", "channel": "email"},
                              {"from_department": "billing", "to_department": "payments"}, {"score": 1}, {"due": "not a date"}]),
})


def build(msgs, events, with_content):
    recs = []
    for i, m in enumerate(msgs):
        r = {"kind": "message", "id": f"m{i}", "conversation_id": f"c{m['cust']}-{m['conv']}", "customer_id": f"u{m['cust']}",
             "channel": m["channel"], "role": m["role"], "text": m["text"],
             "timestamp": (T0 + timedelta(minutes=m["minutes"])).isoformat()}
        if m["order"]:
            r["order_id"] = m["order"]
        if m["dept"]:
            r["department"] = m["dept"]
        if m["hold"] is not None and m["role"] == "system":
            r["meta"] = {"hold_seconds": m["hold"]}
        if m["reply_to"] is not None:
            r["in_reply_to"] = f"m{m['reply_to']}"
        recs.append(r)
    for i, e in enumerate(events):
        r = {"kind": "event", "id": f"e{i}", "type": e["type"], "customer_id": f"u{e['cust']}",
             "timestamp": (T0 + timedelta(minutes=e["minutes"])).isoformat(), "attributes": e["attrs"]}
        if e["order"]:
            r["order_id"] = e["order"]
        if e["conv"] is not None:
            r["conversation_id"] = f"c{e['cust']}-{e['conv']}"
        recs.append(r)
    if with_content:
        recs.append({"kind": "content", "id": "ct", "source": "website", "text": "We accept MasterCard and Visa. Refunds within 14 days.", "valid_from": "2024-01-01"})
        recs.append({"kind": "policy", "id": "po", "text": "From 1 March MasterCard is no longer accepted.", "effective_from": "2024-03-01"})
    return recs


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(message, min_size=1, max_size=30), st.lists(event, max_size=10), st.booleans())
def test_random_journeys_never_break_a_detector(msgs, events, with_content):
    res = cxaudit.analyze(build(msgs, events, with_content))
    assert res.summary["error_count"] == 0, res.summary["errors"][:3]
    assert res.summary["reconciled"]
    texts = {r["id"]: r.get("text", "") for r in build(msgs, events, with_content)}
    for f in res.findings:
        for e in f["evidence"]:
            ref = next(v for k, v in e.items() if k.endswith("_id"))
            if "event_id" not in e:
                assert texts[ref][e["start"]:e["end"]] == e["quote"]
