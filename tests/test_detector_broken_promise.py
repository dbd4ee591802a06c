"""broken_promise: a promised follow-up that did not come by its due time."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from cxaudit.config import Config
from cxaudit.detectors.base import Context
from cxaudit.detectors.broken_promise import BrokenPromise
from cxaudit.records import Event, Message
from cxaudit.signals.base import Hit, MessageSignals
from cxaudit.units import Conversation, Corpus, Journey

T0 = datetime.fromisoformat("2024-04-16T18:00:00-05:00")  # a Tuesday
CUST = "c1"
H = 60
DAY = 24 * 60


def _msg(mid, minutes, role, text, conv="call-1", channel="phone", order=None, promise=None, auto_ack=None, claim=None, meta=None, claim_pattern="you_promised", complaint=None):
    m = Message(mid, conv, CUST, channel, T0 + timedelta(minutes=minutes), role, text, order_id=order, meta=meta or {})
    hits = []
    if promise:
        i = text.find(promise)
        hits.append(Hit("promise", "test", i, i + len(promise), 1.0))
    if claim:
        i = text.find(claim)
        hits.append(Hit("promise_broken_claim", claim_pattern, i, i + len(claim), 1.0))
    company = role != "customer"
    sig = MessageSignals(
        mid, role,
        promise=(bool(promise) if company else None),
        auto_ack=(bool(auto_ack) if company else None),
        promise_broken_claim=(bool(claim) if not company else None),
        complaint=(bool(complaint) if not company else None),
        hits=tuple(hits),
    )
    return m, sig


def _ev(eid, minutes, etype, conv=None, order=None, **attrs):
    return Event(eid, etype, T0 + timedelta(minutes=minutes), CUST, order_id=order, conversation_id=conv, attributes=attrs)


def _journey(msgs, events):
    convs = {}
    for m, s in sorted(msgs, key=lambda ms: ms[0].timestamp):
        convs.setdefault(m.conversation_id, []).append((m, s))
    conversations = tuple(
        Conversation(cid, CUST, tuple(m for m, _ in ms), tuple(s for _, s in ms)) for cid, ms in convs.items()
    )
    return Journey(CUST, conversations, tuple(sorted(events, key=lambda e: e.timestamp)), {m.id: s for m, s in msgs})


def _run(msgs, events=(), end_minutes=30 * DAY):
    det = BrokenPromise()
    corpus = Corpus(data_start=T0, data_end=T0 + timedelta(minutes=end_minutes))
    return list(det.detect(_journey(msgs, list(events)), Context(Config(), corpus, det.settings, det.code)))


CB = "I'll have an engineer call you back by 5pm on Thursday."  # due Thu 18 April 17:00 -05:00
DUE_MIN = 2 * DAY - 60  # minutes from T0 to that due

CONFIRM = "Thank you, that's updated. You'll get a letter confirming it within a week."
CASES = [
    # a dated passive promise to email a report: late is broken
    ("'your report will be emailed to you by 5:00 pm Thursday', sent the next morning",
     [_msg("a1", 0, "system", "Your report will be emailed to you by 5:00 pm Thursday, well inside your cooling-off period.", conv="mail-1", channel="email", promise="will be emailed to you by"),
      _msg("a2", 3 * DAY, "agent", "Apologies for the delay: your report is attached.", conv="mail-2", channel="email")], [], 1),
    # a booking link is sent by the booking system, often outside the data
    ("'I'll send you the booking link' on a call, no email in the data",
     [_msg("a1", 0, "agent", "No problem, I'll send you the booking link.", promise="I'll send")], [], 0),
    # a date that belongs to another clause's subject: the promise to be in touch waits on it
    ("a dated arrival, then 'we'll be in touch': the date is the gown's",
     [_msg("a1", 0, "system", "Your gown is expected in the boutique by Friday 19 April, and we'll be in touch to book your first fitting.", conv="mail-1", channel="email", promise="we'll be in touch"),
      _msg("a2", 12 * DAY, "agent", "Hello, it's Bernie ringing about your fittings.", conv="call-1", meta={"direction": "outbound"})], [], 0),
    ("a dated promise to be in touch is still a promise",
     [_msg("a1", 0, "agent", "We'll be in touch by Friday 19 April to book your first fitting.", conv="mail-1", channel="email", promise="We'll be in touch")], [], 1),
    # a follow-up that waits on the customer's reply
    ("'reply to confirm and we will send a payment link', and no reply came",
     [_msg("a1", 0, "agent", "The class is €80 per person. Please reply to confirm and we will send a payment link.", conv="mail-1", channel="email", promise="we will send")], [], 0),
    ("a logged invoice promise is kept by the agent's email with it",
     [_msg("c0", 0, "customer", "I need an invoice with my company's details.", conv="mail-1", channel="email"),
      _msg("a1", 45, "agent", "Of course, I'll send the invoice by tomorrow.", conv="mail-1", channel="email", promise="I'll send"),
      _msg("a2", 17 * H, "agent", "Here is your invoice F-2025-04417.", conv="mail-1", channel="email")],
     [_ev("e1", 46, "callback_promised", conv="mail-1", due=(T0 + timedelta(days=1, hours=5)).isoformat(), what="invoice")], 0),
    ("a logged invoice promise with no email after it is broken",
     [_msg("c0", 0, "customer", "I need an invoice with my company's details.", conv="mail-1", channel="email"),
      _msg("a1", 45, "agent", "Of course, I'll send the invoice by tomorrow.", conv="mail-1", channel="email", promise="I'll send")],
     [_ev("e1", 46, "callback_promised", conv="mail-1", due=(T0 + timedelta(days=1, hours=5)).isoformat(), what="invoice")], 1),
    ("a confirmation letter nobody missed", [_msg("a1", 0, "agent", CONFIRM, promise="You'll get")], [], 0),
    ("a confirmation letter the customer says never came",
     [_msg("a1", 0, "agent", CONFIRM, promise="You'll get"),
      _msg("c1", 9 * DAY, "customer", "The letter you promised never came and my address is still wrong.", conv="mail-2", channel="email", complaint=True)], [], 1),
    ("callback never came", [_msg("a1", 0, "agent", CB, promise="I'll have")], [], 1),
    (
        "callback came late (outbound, after due)",
        [_msg("a1", 0, "agent", CB, promise="I'll have"), _msg("a2", DUE_MIN + 600, "agent", "Hi, it's the engineer.", conv="call-2", meta={"direction": "outbound"})],
        [],
        1,
    ),
    (
        "customer chases before due: an inbound reply is not the callback",
        [
            _msg("a1", 0, "agent", CB, promise="I'll have"),
            _msg("h1", DAY, "system", "Caller queued", conv="call-2", meta={"hold_seconds": 30}),
            _msg("c1", DAY + 1, "customer", "Any news about the engineer?", conv="call-2"),
            _msg("a2", DAY + 2, "agent", "Not yet, sorry.", conv="call-2"),
        ],
        [],
        1,
    ),
    (
        "callback_promised event with due, nothing after",
        [],
        [_ev("e1", 0, "callback_promised", conv="call-1", due="2024-04-17T17:00:00-05:00")],
        1,
    ),
    (
        "refund by Friday, refund_issued on Monday",
        [_msg("a1", 0, "agent", "Your refund will be issued by Friday 19 April.", conv="mail-1", channel="email", order="O-1", promise="will be issued")],
        [_ev("r1", 6 * DAY, "refund_issued", order="O-1")],
        1,
    ),
    (
        "automatic acknowledgement promising a reply in 24 hours, no reply",
        [
            _msg("c1", -1, "customer", "My keyboard is missing.", conv="mail-1", channel="email"),
            _msg("s1", 0, "system", "We've received your email and will reply within 24 hours.", conv="mail-1", channel="email", auto_ack=True),
        ],
        [],
        1,
    ),
    (
        "an engineer promised by Thursday 12:00 and nothing done",
        [_msg("a1", 0, "agent", "An engineer will be with you by Thursday 12:00 at the latest.", conv="social-1", channel="social", order="MR-1", promise="will be with you")],
        [],
        1,
    ),
    (
        "logged replacement with no channel, and nothing shipped by the due time",
        [],
        [_ev("e1", 0, "callback_promised", order="O-1", due="2024-04-19T17:00:00-05:00", what="replacement dispatched and tracking emailed")],
        1,
    ),
    # near misses
    (
        "logged replacement with no channel is kept by the replacement's shipment, not a call",
        [],
        [_ev("e1", 0, "callback_promised", order="O-1", due="2024-04-19T17:00:00-05:00", what="replacement dispatched and tracking emailed"),
         _ev("e2", DAY, "replacement_shipped", order="O-1")],
        0,
    ),
    (
        "logged engineer visit ('about') kept by the repair before the due time",
        [],
        [_ev("e1", 0, "callback_promised", order="MR-1", due="2024-04-18T12:00:00-05:00", about="engineer visit"), _ev("e2", DAY, "resolved", order="MR-1")],
        0,
    ),
    (
        "logged delivery ('about') kept by the delivery, not by a call",
        [],
        [_ev("e1", 0, "callback_promised", order="O-1", due="2024-04-19T17:00:00-05:00", about="delivery of complete order"), _ev("e2", 2 * DAY, "delivered", order="O-1")],
        0,
    ),
    (
        "an engineer promised 'with you by Thursday 12:00' is kept by the repair",
        [_msg("a1", 0, "agent", "An engineer will be with you by Thursday 12:00 at the latest.", conv="social-1", channel="social", order="MR-1", promise="will be with you")],
        [_ev("e2", DAY, "repaired", order="MR-1")],
        0,
    ),
    (
        "logged 'ship confirmation' is kept when the order ships",
        [],
        [_ev("e1", 0, "callback_promised", order="O-1", due="2024-04-19T17:00:00-05:00", what="ship confirmation"), _ev("e2", DAY, "shipped", order="O-1")],
        0,
    ),
    (
        "logged follow-up with no channel but 'email from the supervisor' is kept by that email",
        [_msg("a2", 2 * DAY, "agent", "Dear Priya, I've reviewed your case; here is what we can offer.", conv="mail-1", channel="email")],
        [_ev("e1", 0, "callback_promised", conv="mail-1", due="2024-04-19T17:00:00-05:00", what="email from returns supervisor")],
        0,
    ),
    (
        "a box sent by courier tomorrow is a shipment, kept when it ships, not a refund",
        [_msg("a1", 0, "agent", "I'll send the Winter Feast box by special courier tomorrow before 12:00, and I've added €15 credit to your account.", conv="chat-1", channel="chat", order="O-1", promise="I'll send")],
        [_ev("e1", 14 * H, "shipped", order="O-1")],
        0,
    ),
    (
        "callback kept by an outbound call before due",
        [_msg("a1", 0, "agent", CB, promise="I'll have"), _msg("a2", DAY, "agent", "Hello, engineer here about your signal.", conv="call-2", meta={"direction": "outbound"})],
        [],
        0,
    ),
    (
        "label within 24 hours, label email 9 hours later",
        [
            _msg("a1", 0, "agent", "You'll receive a collection label by email within 24 hours.", conv="mail-1", channel="email", order="O-1", promise="You'll receive"),
            _msg("s1", 9 * H, "system", "Your prepaid label is attached.", conv="mail-2", channel="email", order="O-1"),
        ],
        [],
        0,
    ),
    (
        "refund issued before the due",
        [_msg("a1", 0, "agent", "Your refund will be issued by Friday 19 April.", conv="mail-1", channel="email", order="O-1", promise="will be issued")],
        [_ev("r1", 2 * DAY, "refund_issued", order="O-1")],
        0,
    ),
    ("due not yet passed when the data ends", [_msg("a1", 0, "agent", CB, promise="I'll have")], [], 0),
    (
        "logged promise of an email confirmation, kept by an email in the same thread before due",
        [_msg("a2", 16 * H, "agent", "As promised, this confirms your credit.", conv="mail-1", channel="email")],
        [_ev("e1", 0, "callback_promised", conv="mail-1", due="2024-04-17T12:00:00-05:00", channel="email")],
        0,
    ),
    (
        "logged promise of a call (channel phone): an email in the thread does not keep it",
        [_msg("a2", 16 * H, "agent", "We tried to reach you.", conv="mail-1", channel="email")],
        [_ev("e1", 0, "callback_promised", conv="mail-1", due="2024-04-17T12:00:00-05:00", channel="phone")],
        1,
    ),
    (
        "conditional promise with no due is not judged",
        [_msg("a1", 0, "agent", "You'll get an email as soon as it ships.", conv="chat-1", channel="chat", promise="You'll get")],
        [],
        0,
    ),
    (
        "promise tied to the moment it ships is conditional too",
        [_msg("a1", 0, "agent", "You'll get an email with tracking the moment it leaves the warehouse.", conv="chat-1", channel="chat", promise="You'll get")],
        [],
        0,
    ),
    (
        "no promise at all",
        [_msg("a1", 0, "agent", "Thanks for calling, have a good evening.")],
        [],
        0,
    ),
    (
        "the customer's deadline in a notice is not a promise",
        [_msg("s1", 0, "system", "Your parcel is ready at locker 12. Code: 305 118. Collect within 72 hours.", conv="sms-1", channel="sms")],
        [],
        0,
    ),
    (
        "you have 7 days to collect it",
        [_msg("s1", 0, "system", "Your parcel is ready at the locker. You have 7 days to collect it.", conv="sms-1", channel="sms")],
        [],
        0,
    ),
    (
        "the company's own collection within 72 hours, never done",
        [_msg("a1", 0, "agent", "Our courier will collect the parcel within 72 hours.", conv="mail-1", channel="email", promise="will collect")],
        [],
        1,
    ),
    (
        "an automatic confirmation by email with no time is not tracked",
        [_msg("a1", 0, "agent", "I've added the child seat. You'll get an updated confirmation by email.", promise="You'll get")],
        [],
        0,
    ),
    (
        "an email confirming it within 48 hours, never sent",
        [_msg("a1", 0, "agent", "You'll get an email confirming the £30 credit within 48 hours.", promise="You'll get")],
        [],
        1,
    ),
    (
        "auto-ack answered by a person the next morning",
        [
            _msg("s1", 0, "system", "We've received your email and will reply within 24 hours.", conv="mail-1", channel="email", auto_ack=True),
            _msg("a1", 14 * H, "agent", "Hi, here is the answer.", conv="mail-1", channel="email"),
        ],
        [],
        0,
    ),
]


@pytest.mark.parametrize("name,msgs,events,expected", CASES, ids=[c[0] for c in CASES])
def test_broken_promise_cases(name, msgs, events, expected):
    end = 30 * DAY if name != "due not yet passed when the data ends" else DAY
    found = _run(msgs, events, end_minutes=end)
    assert len(found) == expected, [f.explanation for f in found]
    for f in found:
        assert f.measures["due"] and f.measures["overdue_seconds"] > 0
        for ev in f.evidence:
            assert ev.quote is not None
        assert f.explanation


def test_text_promise_and_event_merge_and_event_due_wins():
    msgs = [_msg("a1", 0, "agent", "I'll have someone contact you within two working days.", promise="I'll have")]
    events = [_ev("e1", 1, "callback_promised", conv="call-1", due="2024-04-19T12:00:00-05:00")]
    (f,) = _run(msgs, events)
    assert f.measures["due_source"] == "event"
    assert f.measures["due"] == "2024-04-19T12:00:00-05:00"
    assert {e.ref_id for e in f.evidence} == {"a1", "e1"}
    quote = f.evidence[0].quote
    assert "within two working days" in quote and quote == msgs[0][0].text[f.evidence[0].start:f.evidence[0].end]


def test_customer_claim_attaches_to_the_promise():
    msgs = [
        _msg("a1", 0, "agent", CB, promise="I'll have"),
        _msg("c1", 3 * DAY, "customer", "You promised a call back by Thursday and nobody called.", conv="call-2", claim="You promised"),
    ]
    (f,) = _run(msgs)
    assert f.measures["customer_claimed"] is True
    assert "c1" in {e.ref_id for e in f.evidence}
    assert f.measures["due"] == "2024-04-18T17:00:00-05:00"


def test_vague_claim_without_promise_is_not_a_finding():
    """'no reply, nothing' is a complaint, not a claim that a promise was broken."""
    msgs = [_msg("c1", 0, "customer", "Posted yesterday, no reply, nothing came.", conv="chat-1", channel="chat", claim="nothing came", claim_pattern="failure")]
    assert _run(msgs) == []


def test_claim_without_promise_is_its_own_finding():
    msgs = [_msg("c1", 0, "customer", "Your agent promised a refund and it never came.", conv="chat-1", channel="chat", claim="Your agent promised")]
    (f,) = _run(msgs)
    assert f.measures["source"] == "customer_claim" and f.evidence[0].ref_id == "c1"


@pytest.mark.parametrize("sentence,kind", [
    ("As it was our mistake you'll get everything back: £64.00 for the lamp plus the £5.95 delivery charge.", "refund"),
    ("Your sofa will be delivered by Friday.", "delivery"),
    ("The money will be back on your card within 5 days.", "refund"),
])
def test_promise_kind_reads_the_sentence(sentence, kind):
    from cxaudit.detectors.broken_promise import _kinds_near

    assert _kinds_near(sentence, 0)[0] == kind


def test_acknowledgement_answered_late_is_left_to_slow_response_by_default():
    msgs = [
        _msg("s1", 0, "system", "We've received your email and will reply within 24 hours.", conv="mail-1", channel="email", auto_ack=True),
        _msg("a1", 26 * H, "agent", "Hi, here is the answer.", conv="mail-1", channel="email"),
    ]
    assert _run(msgs) == []
    det = BrokenPromise(BrokenPromise.Settings(late_reply_to_acknowledgement=True))
    corpus = Corpus(data_start=T0, data_end=T0 + timedelta(minutes=30 * DAY))
    out = list(det.detect(_journey(msgs, []), Context(Config(), corpus, det.settings, det.code)))
    assert len(out) == 1 and out[0].measures["kept_at"] is not None


def test_promise_read_at_the_cue_that_names_what_will_happen():
    text = "That is the amount your revised invoice will show. I'll send the revised invoice by 5pm today."
    i, j = text.index("your revised invoice will show"), text.index("I'll send")
    m = Message("a1", "mail-1", CUST, "email", T0 - timedelta(hours=4), "agent", text)  # 14:00, due 17:00
    sig = MessageSignals("a1", "agent", promise=True, auto_ack=False,
                         hits=(Hit("promise", "will_happen", i, i + 30, 1.0), Hit("promise", "we_will_act", j, j + 9, 1.0)))
    late = _msg("a2", 15 * H, "agent", "Please find attached your revised invoice.", conv="mail-1", channel="email")
    out = _run([(m, sig), late])
    assert len(out) == 1 and out[0].measures["kind"] == "email" and out[0].measures["due_source"] == "text"
