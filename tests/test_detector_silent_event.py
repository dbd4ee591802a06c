"""silent_event: hurtful events with no notice in their window, or the customer finding out first."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from cxaudit.config import Config
from cxaudit.detectors.base import Context
from cxaudit.detectors.silent_event import SilentEvent
from cxaudit.records import Event, Message
from cxaudit.signals.base import MessageSignals
from cxaudit.units import Conversation, Corpus, Journey

T0 = datetime.fromisoformat("2024-03-04T10:00:00+00:00")
CUST = "c1"


def _msg(mid, minutes, role, text, channel="email", conv="conv-1", order="O-1", meta=None, complaint=None):
    m = Message(mid, conv, CUST, channel, T0 + timedelta(minutes=minutes), role, text, order_id=order, meta=meta or {})
    return m, MessageSignals(mid, role, complaint=complaint)


def _ev(eid, minutes, etype, order="O-1", **attrs):
    return Event(eid, etype, T0 + timedelta(minutes=minutes), CUST, order_id=order, attributes=attrs)


def _journey(msgs, events):
    convs = {}
    for m, s in msgs:
        convs.setdefault(m.conversation_id, []).append((m, s))
    conversations = tuple(
        Conversation(cid, CUST, tuple(m for m, _ in ms), tuple(s for _, s in ms)) for cid, ms in convs.items()
    )
    return Journey(CUST, conversations, tuple(sorted(events, key=lambda e: e.timestamp)), {m.id: s for m, s in msgs})


def _run(msgs, events, end_minutes=60 * 24 * 30, **settings):
    det = SilentEvent(SilentEvent.Settings(**settings))
    corpus = Corpus(data_start=T0, data_end=T0 + timedelta(minutes=end_minutes))
    ctx = Context(Config(), corpus, det.settings, det.code)
    return list(det.detect(_journey(msgs, events), ctx))


DAY = 60 * 24

CASES = [
    # (name, messages, events, expected count)
    (
        "told only in answer to the customer's own call, the next morning: the customer found out first",
        [_msg("c1", 17 * 60, "customer", "I'm at the station and there's nobody here with the ramp I booked.", channel="phone", conv="call", order=None),
         _msg("a1", 17 * 60 + 1, "agent", "I'm so sorry, your booking was cancelled yesterday afternoon.", channel="phone", conv="call", order=None)],
        [_ev("e1", 0, "order_cancelled", reason="engineering works")],
        1,
    ),
    (
        "told proactively by a call the company made: a notice",
        [_msg("a1", 30, "agent", "Hello, I'm calling because your booking was cancelled this afternoon.", channel="phone", conv="call", order=None),
         _msg("c1", 31, "customer", "Oh no, thanks for letting me know.", channel="phone", conv="call", order=None)],
        [_ev("e1", 0, "order_cancelled", reason="engineering works")],
        0,
    ),
    (
        "a delay told as 'has moved from Tue to Fri' within 20 minutes is a notice",
        [_msg("s1", 17, "system", "Sorry - your fridge delivery has moved from Tue 14 Oct to Fri 17 Oct because our carrier is short of trucks.", channel="sms", conv="s1")],
        [_ev("e1", 0, "shipment_delayed", reason="carrier_capacity")],
        0,
    ),
    (
        "a notification_sent about 'delivery_date_changed' notifies a shipment delay",
        [],
        [_ev("e1", 0, "shipment_delayed"), _ev("n1", 17, "notification_sent", channel="sms", about="delivery_date_changed")],
        0,
    ),
    (
        "customer asks 'is my car ready?' before anyone mentions the backorder: found out first",
        [_msg("m1", 330, "customer", "Hi Tony, it's 4:35. Is the car ready? Heading over now.", channel="sms", conv="s1"),
         _msg("a1", 455, "agent", "Sorry, the part is on backorder until Thursday, so the car has to stay.", channel="sms", conv="s1")],
        [_ev("e1", 0, "backordered", item="rear caliper")],
        1,
    ),
    (
        "backorder texted before the customer asks",
        [_msg("a1", 30, "agent", "Heads up: the part is on backorder until Thursday, so the car has to stay.", channel="sms", conv="s1"),
         _msg("m1", 330, "customer", "Thanks. Is the car ready for Thursday then?", channel="sms", conv="s1")],
        [_ev("e1", 0, "backordered", item="rear caliper")],
        0,
    ),
    (
        "failed delivery seen hours later on the tracking page is not a notice",
        [_msg("w1", 265, "system", "Order O-1 - Delivery attempted 9:55am. We were unable to access the property.", channel="web", conv="track-1"),
         _msg("m1", 276, "customer", "I only just found out from your tracking page that you attempted delivery.", channel="web", conv="track-1")],
        [_ev("e1", 0, "delivery_failed", reason="no lift access; crew left without contacting customer")],
        1,
    ),
    (
        "a checkout error shown on screen as the decline happens is a notice",
        [_msg("w1", 0, "system", "Payment declined: please use another card.", channel="web", conv="checkout-1")],
        [_ev("e1", 0, "payment_declined")],
        0,
    ),
    ("a cancellation the customer asked for (reason: customer request)", [], [_ev("e1", 0, "order_cancelled", reason="customer request (moving overseas)")], 0),
    ("cancel, never told", [], [_ev("e1", 0, "order_cancelled")], 1),
    (
        "cancel, customer finds out days later",
        [_msg("m1", 3 * DAY, "customer", "My order was cancelled and nobody told me?")],
        [_ev("e1", 0, "order_cancelled")],
        1,
    ),
    (
        "decline, notice after the window",
        [_msg("m1", 2 * DAY, "system", "Your payment was declined. Please update your card.", channel="sms", conv="s1", order=None)],
        [_ev("e1", 0, "payment_declined", order=None)],
        1,
    ),
    (
        "backorder, customer asks before the (in-window) notice",
        [
            _msg("m1", 60, "customer", "Where is my order? It hasn't shipped.", conv="chat-1"),
            _msg("m2", 600, "system", "Sorry, your item is on backorder.", conv="mail-2"),
        ],
        [_ev("e1", 0, "backordered")],
        1,
    ),
    (
        "notification event about another topic does not count",
        [],
        [_ev("e1", 0, "order_cancelled"), _ev("n1", 5, "notification_sent", about="shipped", channel="email")],
        1,
    ),
    # near misses
    (
        "backorder email 28 min later",
        [_msg("m1", 28, "system", "Your laptop is on backorder; new dispatch date 4 March.", conv="mail-2")],
        [_ev("e1", 0, "backordered"), _ev("n1", 28, "notification_sent", about="backordered", channel="email")],
        0,
    ),
    (
        "decline shown on screen at once",
        [_msg("m1", 0, "system", "Failed to authorize. This card is not supported.", channel="web", conv="w1", order=None)],
        [_ev("e1", 0, "payment_declined", order=None)],
        0,
    ),
    (
        "cancellation the customer asked for",
        [_msg("m1", -30, "customer", "Please cancel my order, I bought it elsewhere.", conv="chat-1")],
        [_ev("e1", 0, "order_cancelled")],
        0,
    ),
    ("cancellation with a customer reason", [], [_ev("e1", 0, "order_cancelled", reason="customer_request")], 0),
    (
        "notification_sent with no topic but the same order",
        [],
        [_ev("e1", 0, "shipment_delayed"), _ev("n1", 90, "notification_sent", channel="sms")],
        0,
    ),
    ("event type not watched", [], [_ev("e1", 0, "shipped")], 0),
    (
        "a notice about another order does not count, but this one was notified",
        [
            _msg("m1", 10, "system", "Order O-2 was cancelled.", conv="mail-9", order="O-2"),
            _msg("m2", 20, "system", "We're sorry: order O-1 has been cancelled.", conv="mail-10"),
        ],
        [_ev("e1", 0, "order_cancelled")],
        0,
    ),
]


@pytest.mark.parametrize("name,msgs,events,expected", CASES, ids=[c[0] for c in CASES])
def test_silent_event_cases(name, msgs, events, expected):
    found = _run(msgs, events)
    assert len(found) == expected, [f.explanation for f in found]
    for f in found:
        assert f.code == "silent_event" and f.customer_id == CUST
        assert f.evidence[0].ref_id == "e1"
        assert "window_seconds" in f.measures and "notice_delay_seconds" in f.measures
        assert f.explanation


def test_data_ending_inside_the_window_is_not_judged():
    assert _run([], [_ev("e1", 0, "order_cancelled")], end_minutes=60) == []


def test_customer_evidence_quotes_their_words():
    msgs = [_msg("m1", 3 * DAY, "customer", "Hello. My order was cancelled?? Nobody told me.")]
    (f,) = _run(msgs, [_ev("e1", 0, "order_cancelled")])
    ev = f.evidence[1]
    assert ev.ref_id == "m1" and ev.quote == msgs[0][0].text[ev.start:ev.end] and "cancelled" in ev.quote
    assert f.measures["customer_found_out_first"] is True


def test_windows_are_configurable():
    msgs = [_msg("m1", 30 * 60, "system", "Sorry, your order has been cancelled.", conv="mail-2")]
    events = [_ev("e1", 0, "order_cancelled")]
    assert len(_run(msgs, events)) == 1  # 30 h > 24 h default
    assert _run(msgs, events, windows={"order_cancelled": 36 * 3600}) == []


FAMILY_CASES = [
    # (event type outside the vocabulary, notice minutes after it or None, findings expected)
    ("pass_suspended", None, 1),  # a service suspension, never notified
    ("membership_frozen", None, 1),
    ("payout_failed", None, 1),  # a payment that failed, in the other direction
    ("appointment_cancelled", None, 1),
    ("flight_delayed", None, 1),
    ("sold_out", None, 1),
    ("pass_suspended", 20, 0),  # told within the hour
    ("payout_failed", 60 * 5, 0),  # told the same day
    ("pass_reactivated", None, 0),  # good news is not watched
    ("claim_submitted", None, 0),
    ("payment_received", None, 0),
]


@pytest.mark.parametrize("etype,notice_after,expected", FAMILY_CASES, ids=[f"{c[0]}-{c[1]}" for c in FAMILY_CASES])
def test_event_types_map_to_watched_families(etype, notice_after, expected):
    events = [_ev("e1", 0, etype)]
    if notice_after is not None:
        events.append(_ev("n1", notice_after, "notification_sent", about=etype, channel="email"))
    found = _run([], events)
    assert len(found) == expected, [f.explanation for f in found]
    if found:
        assert found[0].measures["event_type"] == etype and found[0].evidence[0].ref_id == "e1"


def test_type_families_can_be_switched_off():
    assert _run([], [_ev("e1", 0, "pass_suspended")], type_families=False) == []
