"""Table-driven tests for the conversation detectors built on message signals.

Every case builds messages and their MessageSignals by hand (no lexicon involved), so the
tests pin down the detectors' rules: positives and the near-misses next to them.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from cxaudit.config import Config
from cxaudit.detectors.base import Context
from cxaudit.detectors.bot_trap import BotTrap
from cxaudit.detectors.bounced import Bounced
from cxaudit.detectors.churn_ignored import ChurnIgnored
from cxaudit.detectors.informal_tone import InformalTone
from cxaudit.detectors.missing_apology import MissingApology
from cxaudit.detectors.repeat_contact import RepeatContact
from cxaudit.detectors.sentiment_decline import SentimentDecline, rolling_mean
from cxaudit.records import Event, Message
from cxaudit.signals.base import Hit, MessageSignals
from cxaudit.units import Conversation, Corpus, Journey

T0 = datetime(2024, 3, 4, 10, 0, tzinfo=timezone.utc)
CUST = "cust-1"


# --------------------------------------------------------------------------- builders
class Spec:
    """One message of a hand-made conversation: role, text and the signals it carries."""

    def __init__(self, role, text="", at=None, conv="c1", channel="chat", dept=None, order=None, meta=None, spans=None, **signals):
        self.role, self.text, self.at, self.conv, self.channel = role, text, at, conv, channel
        self.dept, self.order, self.meta, self.spans, self.signals = dept, order, meta, spans or {}, signals


def build(specs, events=()):
    """Messages spaced one minute apart unless `at` (minutes from T0) is given."""
    msgs, sigs = [], {}
    for n, sp in enumerate(specs):
        at = T0 + timedelta(minutes=n if sp.at is None else sp.at)
        mid = f"m{n:02d}"
        m = Message(mid, sp.conv, CUST, sp.channel, at, sp.role, sp.text or f"text {n}", department=sp.dept, order_id=sp.order, meta=sp.meta or {})
        hits = []
        for signal, word in sp.spans.items():
            word, weight = word if isinstance(word, tuple) else (word, 1.0)
            i = m.text.find(word)
            assert i >= 0, (word, m.text)
            hits.append(Hit(signal, signal, i, i + len(word), weight))
        vals = dict(sp.signals)
        issues = tuple(vals.pop("issues", ()))
        s = MessageSignals(mid, sp.role, issues=issues, hits=tuple(hits), **vals)
        msgs.append(m)
        sigs[mid] = s
    convs = {}
    for m in msgs:
        convs.setdefault(m.conversation_id, []).append(m)
    ev_by = {}
    for e in events:
        if e.conversation_id:
            ev_by.setdefault(e.conversation_id, []).append(e)
    conversations = tuple(
        sorted(
            (Conversation(cid, CUST, tuple(ms), tuple(sigs[m.id] for m in ms), tuple(ev_by.get(cid, ()))) for cid, ms in convs.items()),
            key=lambda c: (c.start, c.id),
        )
    )
    return Journey(CUST, conversations, tuple(sorted(events, key=lambda e: (e.timestamp, e.id))), sigs)


def run(detector, journey):
    ctx = Context(Config(), Corpus(), detector.settings, detector.code)
    if detector.scope == "journey":
        return list(detector.detect(journey, ctx))
    out = []
    for conv in journey.conversations:
        out.extend(detector.detect(conv, ctx))
    return out


def transfer(eid, minutes, conv="c1", frm="billing", to="technical", **attrs):
    return Event(eid, "transferred", T0 + timedelta(minutes=minutes), CUST, conversation_id=conv, attributes={"from_department": frm, "to_department": to, **attrs})


def check_evidence(findings, journey):
    texts = {m.id: m.text for c in journey.conversations for m in c.messages}
    for f in findings:
        assert f.explanation and f.explanation.endswith(".")
        assert f.evidence
        for e in f.evidence:
            if e.kind == "message":
                assert texts[e.ref_id][e.start:e.end] == e.quote


C, A, B, S = "customer", "agent", "bot", "system"


# --------------------------------------------------------------------------- missing_apology
MISSING_APOLOGY = [
    ("complaint, agent replies, no apology", [Spec(C, "The screen arrived cracked.", complaint=True, spans={"complaint": "cracked"}), Spec(A, "You need to contact the courier.", apology=False)], 1),
    ("negative complaint without a cue span", [Spec(C, "Awful. Broken again.", complaint=True, sentiment=-0.6), Spec(A, "Book an engineer.")], 1),
    ("weak complaint about the customer's own slip", [Spec(C, "My son typed the wrong PIN, now it asks for a PUK.", complaint=True, sentiment=-0.37, spans={"complaint": ("wrong", 0.8)}), Spec(A, "No problem, here is the PUK.")], 0),
    ("weak cues backed by a refusal", [Spec(C, "I was told I'd get a full refund.", spans={"promise_broken_claim": ("I was told", 0.6)}), Spec(A, "The fee is correct.", refusal=True)], 1),
    ("one weak cue alone", [Spec(C, "I was told to use the app.", spans={"promise_broken_claim": ("I was told", 0.6)}), Spec(A, "Yes, it's under Settings.")], 0),
    ("apology before a refusal counts", [Spec(C, "The screen arrived cracked.", complaint=True), Spec(A, "I'm sorry, but we cannot refund it.", apology=True, refusal=True)], 0),
    ("apology from a later agent counts", [Spec(C, "Still broken.", complaint=True), Spec(A, "Transferring you."), Spec(A, "So sorry about this.", apology=True)], 0),
    ("how-to question is not a problem", [Spec(C, "How do I turn on wifi calling?", sentiment=0.0), Spec(A, "Go to settings.", apology=False)], 0),
    ("negative message about an issue", [Spec(C, "Terrible, I was billed twice.", sentiment=-0.7, issues=("billing",)), Spec(A, "The second charge drops off in a week.")], 1),
    ("negative but no issue or harm is not enough", [Spec(C, "I hate Mondays, anyway: what time do you open?", sentiment=-0.6), Spec(A, "At nine.")], 0),
    ("broken promise reported", [Spec(C, "You promised a callback and nobody called.", promise_broken_claim=True), Spec(A, "I'll book another.")], 1),
    ("complaint after a person had refused, no reply after it", [Spec(C, "Please correct the invoice to the agreed price."), Spec(A, "The invoice is correct.", refusal=True),
                                                                  Spec(C, "Three people, three answers. Extremely disappointed.", complaint=True, sentiment=-0.7)], 1),
    ("complaint after a person who did not refuse, no reply after it", [Spec(C, "Where do I find the invoice?"), Spec(A, "Under Billing, top right."),
                                                                       Spec(C, "Your app is awful, it took me ages.", complaint=True, sentiment=-0.7)], 0),
    ("no person replied: not judged here", [Spec(C, "The screen arrived cracked.", complaint=True), Spec(S, "We received your email.", auto_ack=True)], 0),
    ("refusal makes it high", [Spec(C, "Order cancelled without telling me!", complaint=True, sentiment=-0.5), Spec(A, "Can't reinstate it.", refusal=True, spans={"refusal": "Can't reinstate"})], 1),
    ("apology in the next contact within days: late but present", [Spec(C, "Cancelled and nobody told me!", complaint=True, sentiment=-0.6, channel="sms"), Spec(A, "Rebooked you.", channel="sms"),
                                                                    Spec(C, "I want an explanation.", conv="c2", channel="email", at=60 * 30), Spec(A, "I'm sorry, we should have told you.", conv="c2", channel="email", at=60 * 48, apology=True)], 0),
    ("apology only a week later does not excuse the contact", [Spec(C, "Cancelled and nobody told me!", complaint=True, sentiment=-0.6, channel="sms"), Spec(A, "Rebooked you.", channel="sms"),
                                                               Spec(C, "Still waiting for an explanation.", conv="c2", channel="email", at=60 * 24 * 7), Spec(A, "I'm sorry.", conv="c2", channel="email", at=60 * 24 * 7 + 5, apology=True)], 1),
]


@pytest.mark.parametrize("name,specs,expected", MISSING_APOLOGY, ids=[c[0] for c in MISSING_APOLOGY])
def test_missing_apology(name, specs, expected):
    j = build(specs)
    out = run(MissingApology(), j)
    assert len(out) == expected
    check_evidence(out, j)
    if out:
        assert out[0].conversation_id == "c1"
        assert out[0].measures["apologies"] == 0
    if name == "refusal makes it high":
        assert out[0].severity == "high"
        assert any(e.quote == "Can't reinstate" for e in out[0].evidence)


def test_missing_apology_harmful_event_on_the_order():
    cancelled = Event("e1", "order_cancelled", T0 - timedelta(days=2), CUST, order_id="O-1")
    specs = [Spec(C, "Where is my order? This is awful.", order="O-1", sentiment=-0.5), Spec(A, "It was cancelled.", order="O-1")]
    out = run(MissingApology(), build(specs, [cancelled]))
    assert len(out) == 1 and out[0].measures["harmful_events"] == ["order_cancelled"]
    assert any(e.kind == "event" and e.ref_id == "e1" for e in out[0].evidence)
    # the same message about another order, with no harm on it, is not a problem the company owns
    other = [Spec(C, "Where is my order? This is awful.", order="O-2", sentiment=-0.5), Spec(A, "It is on its way.", order="O-2")]
    assert run(MissingApology(), build(other, [cancelled])) == []


def test_missing_apology_is_judged_per_conversation():
    specs = [
        Spec(C, "Broken again.", conv="c1", complaint=True, sentiment=-0.5), Spec(A, "Sorry about that.", conv="c1", apology=True),
        Spec(C, "Still broken.", conv="c2", at=60 * 24, complaint=True, sentiment=-0.5), Spec(A, "Book an engineer online.", conv="c2", at=60 * 24 + 1),
    ]
    out = run(MissingApology(), build(specs))
    assert [f.conversation_id for f in out] == ["c2"]


# --------------------------------------------------------------------------- informal_tone
INFORMAL = [
    ("informal refusal to a complaint is high", [Spec(C, "You cancelled my order!", complaint=True), Spec(A, "nah cant do that lol", informal=True, refusal=True, spans={"informal": "lol"})], "high"),
    ("informal reply to a complaint", [Spec(C, "Nobody told me.", complaint=True), Spec(A, "yeah our bad, will fix 👍", informal=True, spans={"informal": "our bad"})], "medium"),
    ("informal refusal with no complaint yet is still high", [Spec(C, "Can you match this price?"), Spec(A, "nope lol", informal=True, refusal=True, spans={"informal": "nope"})], "high"),
    ("cheerful emoji to a happy pre-sales question", [Spec(C, "Does it come with a charger?", sentiment=0.3), Spec(A, "Yep it does 🙌", informal=True, spans={"informal": "Yep"})], None),
    ("formal reply to a complaint", [Spec(C, "You cancelled my order!", complaint=True), Spec(A, "I am sorry to hear that.", informal=False)], None),
    ("informal bot template is not judged", [Spec(C, "This is useless.", complaint=True), Spec(B, "Oops 🙈 try again!", informal=True, spans={"informal": "Oops"})], None),
    ("informal reply before the problem appears", [Spec(C, "Hi there", sentiment=0.2), Spec(A, "hey! wassup", informal=True, spans={"informal": "wassup"}), Spec(C, "ok thanks", sentiment=0.4)], None),
    ("negative message about an issue", [Spec(C, "My bill is wrong again.", sentiment=-0.2, issues=("billing",)), Spec(A, "ya gimme a sec", informal=True, spans={"informal": "gimme"})], "medium"),
    ("calm report the informal reply apologises for", [Spec(C, "The cards arrived misprinted.", sentiment=0.0, issues=("damaged_defective",)), Spec(A, "omg so sorry!! 😬 def our end", informal=True, apology=True, spans={"informal": "omg"})], "medium"),
    ("informal apology with no issue raised", [Spec(C, "Do you have it in blue?", sentiment=0.0), Spec(A, "sorry for the wait!! yep we do 🙌", informal=True, apology=True, spans={"informal": "yep"})], None),
    ("calm issue, informal reply without apology", [Spec(C, "The cards arrived misprinted.", sentiment=0.0, issues=("damaged_defective",)), Spec(A, "ok hang tight 👍", informal=True, spans={"informal": "hang tight"})], None),
    ("low formality with no informal markers", [Spec(C, "You cancelled my order!", complaint=True), Spec(A, "I've put a note on it. You'll get an email.", informal=True, formality=0.3)], None),
    ("cheerful reply once the customer is happy again", [Spec(C, "Day 3 with no heating.", complaint=True), Spec(A, "I'm sorry, an engineer is on the way.", informal=False),
        Spec(C, "Heating's back, you guys are legends!", sentiment=0.9), Spec(A, "Yay! Toasty at last 🔥", informal=True, spans={"informal": "Yay"})], None),
    ("informal refusal to a happy customer is still judged", [Spec(C, "Thanks so much, that's brilliant!", sentiment=0.9), Spec(A, "lol nope cant do the refund tho", informal=True, refusal=True, spans={"informal": "lol"})], "high"),
    ("happy words with a complaint are no all-clear", [Spec(C, "Great, another week without heating. Brilliant.", sentiment=0.6, complaint=True), Spec(A, "haha hang tight 👍", informal=True, spans={"informal": "haha"})], "medium"),
]


@pytest.mark.parametrize("name,specs,severity", INFORMAL, ids=[c[0] for c in INFORMAL])
def test_informal_tone(name, specs, severity):
    j = build(specs)
    out = run(InformalTone(), j)
    assert [f.severity for f in out] == ([severity] if severity else [])
    check_evidence(out, j)


def test_informal_tone_formality_threshold_setting():
    specs = [Spec(C, "You cancelled my order!", complaint=True), Spec(A, "sry about that", formality=0.2)]
    assert run(InformalTone(), build(specs)) == []
    det = InformalTone(InformalTone.Settings(formality_below=0.3))
    assert len(run(det, build(specs))) == 1


# --------------------------------------------------------------------------- sentiment_decline
def _curve(values, last_text="Forget it."):
    specs = []
    for n, v in enumerate(values):
        specs.append(Spec(C, last_text if n == len(values) - 1 else f"this is message {n}", sentiment=v))
        specs.append(Spec(A, f"reply {n}"))
    return specs


DECLINE = [
    ("steady fall to negative", [0.3, 0.0, -0.4, -0.6], True),
    ("neutral start, sharp drop at the end", [0.0, 0.0, 0.1, -0.7], True),
    ("dip then recovery to thanks", [-0.5, -0.3, 0.0, 0.8], False),
    ("dip and partial recovery to positive", [0.4, -0.6, -0.5, 0.3], False),
    ("flat neutral", [0.0, 0.05, 0.0, -0.02], False),
    ("starts angry, ends calmer", [-0.8, -0.6, -0.3, -0.2], False),
    ("two messages, the second only mildly negative", [0.3, -0.3], False),
    ("two messages, hopeful then angry", [0.5, -0.8], True),
    ("two messages, angry then a little angrier", [-0.6, -0.8], False),
    ("one message is no curve", [-0.8], False),
    ("small wobble below the threshold", [0.1, 0.0, -0.1, -0.1], False),
    ("strong fault report, calmer, then a fall", [-0.8, -0.4, 0.2, 0.0, -0.6], True),
    ("strong fault report, calmer, stays flat", [-0.8, -0.4, -0.3, -0.35], False),
    ("angry throughout", [-0.7, -0.65, -0.7, -0.7], False),
]


@pytest.mark.parametrize("name,values,fires", DECLINE, ids=[c[0] for c in DECLINE])
def test_sentiment_decline(name, values, fires):
    j = build(_curve(values))
    out = run(SentimentDecline(), j)
    assert bool(out) == fires
    check_evidence(out, j)
    if out:
        m = out[0].measures
        assert m["sentiment_start"] == round(values[0], 3) and m["sentiment_end"] == round(values[-1], 3)
        assert m["sentiment_min"] == round(min(values), 3)
        assert m["recovered"] is False and len(m["steepest_drop_between"]) == 2


@pytest.mark.parametrize("curt,fires", [("No.", True), ("ok", True), ("No, that is not acceptable at all.", False)])
def test_sentiment_decline_curt_neutral_line_is_not_a_recovery(curt, fires):
    # a curt neutral last line neither ends the decline nor recovers it; a full neutral sentence does
    specs = _curve([-0.3, -0.75, -0.68, 0.0], last_text=curt)
    assert bool(run(SentimentDecline(), build(specs))) == fires


def test_sentiment_decline_ignores_missing_sentiment_and_agents():
    specs = [Spec(C, "a", sentiment=0.4), Spec(A, "b", sentiment=-0.9), Spec(C, "c"), Spec(C, "d", sentiment=0.3), Spec(C, "e", sentiment=0.35)]
    assert run(SentimentDecline(), build(specs)) == []


def test_sentiment_decline_threshold_is_a_setting():
    specs = _curve([0.1, 0.0, -0.05, -0.15])
    assert run(SentimentDecline(), build(specs)) == []
    assert len(run(SentimentDecline(SentimentDecline.Settings(min_drop=0.15, end_max=-0.05)), build(specs))) == 1


def test_rolling_mean():
    assert rolling_mean([1.0, 0.0, -1.0], 2) == [1.0, 0.5, -0.5]
    assert rolling_mean([1.0, 0.0], 1) == [1.0, 0.0]


# --------------------------------------------------------------------------- churn_ignored
CHURN = [
    ("threat answered by a form letter", [Spec(C, "Fix it or I'm switching provider.", churn_threat=True, spans={"churn_threat": "I'm switching provider"}), Spec(A, "Please send the last four digits of your card.")], True),
    ("threat answered with retention", [Spec(C, "I'm switching provider.", churn_threat=True), Spec(A, "I don't want to lose you; here's a credit.", retention=True)], False),
    ("apology plus a remedy counts", [Spec(C, "I'm leaving.", churn_threat=True), Spec(A, "So sorry. I've added a credit to your account.", apology=True, retention=False, spans={"retention": "added a credit"})], False),
    ("apology without a remedy does not", [Spec(C, "I'm leaving.", churn_threat=True), Spec(A, "Sorry for the problems.", apology=True, retention=False)], True),
    ("rating request from a bot", [Spec(C, "I'm leaving you.", churn_threat=True), Spec(B, "How did I do? 👍 or 👎")], True),
    ("no threat at all", [Spec(C, "This is annoying.", complaint=True), Spec(A, "Let me check.")], False),
    ("nobody replied", [Spec(C, "Cancel everything, I'm going elsewhere.", churn_threat=True)], True),
]


@pytest.mark.parametrize("name,specs,fires", CHURN, ids=[c[0] for c in CHURN])
def test_churn_ignored(name, specs, fires):
    j = build(specs)
    out = run(ChurnIgnored(), j)
    assert bool(out) == fires
    check_evidence(out, j)
    if out:
        assert out[0].conversation_id == "c1"
        assert any(e.ref_id == "m00" for e in out[0].evidence)
    if name == "threat answered by a form letter":
        assert out[0].evidence[0].quote == "I'm switching provider" and out[0].severity == "medium"


def test_churn_answered_on_another_channel_within_window():
    specs = [Spec(C, "I'm off to a competitor.", conv="c1", churn_threat=True), Spec(A, "Noted.", conv="c1"),
             Spec(A, "Calling to keep you: a month free.", conv="c2", channel="phone", at=60 * 5, retention=True)]
    assert run(ChurnIgnored(), build(specs)) == []
    late = [Spec(C, "I'm off to a competitor.", conv="c1", churn_threat=True), Spec(A, "Noted.", conv="c1"),
            Spec(A, "A month free.", conv="c2", channel="phone", at=60 * 24 * 20, retention=True)]
    assert len(run(ChurnIgnored(), build(late))) == 1


# --------------------------------------------------------------------------- bot_trap
BOT = [
    ("asks for a person four times, no human", [Spec(B, "Hi, I'm a bot"), Spec(C, "agent", human_request=True), Spec(B, "Try rephrasing", bot_failure=True),
                                                Spec(C, "a real person please", human_request=True), Spec(B, "I didn't understand", bot_failure=True),
                                                Spec(C, "HUMAN", human_request=True), Spec(C, "person!!", human_request=True)], "high"),
    ("one request and an agent joins", [Spec(B, "Hi"), Spec(C, "Can I talk to a person?", human_request=True), Spec(B, "Connecting you now."), Spec(A, "Hi, I'm Ana.")], None),
    ("one request, nobody joins", [Spec(B, "Hi"), Spec(C, "Can I talk to a person?", human_request=True), Spec(B, "Our team works weekdays.")], "medium"),
    ("two bot failures, no human", [Spec(B, "Hi"), Spec(C, "my data doesn't work"), Spec(B, "Sorry, I didn't understand", bot_failure=True), Spec(C, "no data abroad"), Spec(B, "Sorry, I didn't understand that either", bot_failure=True)], "medium"),
    ("one bot failure then the bot answers", [Spec(B, "Hi"), Spec(C, "bil"), Spec(B, "Sorry, I didn't understand", bot_failure=True), Spec(C, "bill"), Spec(B, "Your bill is $58.")], None),
    ("bot repeating the same answer counts as failing", [Spec(B, "Hi"), Spec(C, "where is it"), Spec(B, "It was delivered at 12:41."), Spec(C, "it is NOT here"), Spec(B, "It was delivered at 12:41."),
                                                       Spec(C, "hello?"), Spec(B, "It was delivered at 12:41!")], "medium"),
    ("no bot in the conversation", [Spec(C, "Can I speak to a manager?", human_request=True), Spec(A, "I'm the team lead.")], None),
    ("agent joined before, request after", [Spec(B, "Hi"), Spec(A, "Hi, I'm Ana."), Spec(C, "Can I talk to a real person?", human_request=True)], "medium"),
]


@pytest.mark.parametrize("name,specs,severity", BOT, ids=[c[0] for c in BOT])
def test_bot_trap(name, specs, severity):
    j = build(specs)
    out = run(BotTrap(), j)
    assert [f.severity for f in out] == ([severity] if severity else [])
    check_evidence(out, j)


# --------------------------------------------------------------------------- bounced
def test_bounced_three_transfers_in_one_call():
    specs = [Spec(C, "Wrong charge."), Spec(A, "That's technical, transferring you.", dept="billing", handoff=True, spans={"handoff": "transferring you"}),
             Spec(A, "Charges are payments, sending you over.", at=5, dept="technical", handoff=True),
             Spec(A, "Adjustments are billing, back you go.", at=10, dept="payments", handoff=True), Spec(A, "Billing, fixed.", at=15, dept="billing")]
    events = [transfer("e1", 1), transfer("e2", 6, frm="technical", to="payments"), transfer("e3", 11, frm="payments", to="billing")]
    j = build(specs, events)
    out = run(Bounced(), j)
    assert len(out) == 1
    f = out[0]
    assert f.measures["handoffs"] == 3 and f.measures["returned_to_start"] is True
    assert f.measures["departments_path"] == ["billing", "technical", "payments", "billing"]
    assert f.severity == "high" and f.conversation_id == "c1"
    assert {e.ref_id for e in f.evidence} >= {"e1", "e2", "e3", "m01"}
    check_evidence(out, j)


BOUNCED = [
    ("single warm transfer", [Spec(C, "No service."), Spec(A, "Bringing in technical.", dept="billing", handoff=True), Spec(A, "Fixed.", at=3, dept="technical")], [transfer("e1", 1, warm=True)], 0),
    ("bot escalation to a person is not a bounce", [Spec(B, "Hi"), Spec(C, "a person please"), Spec(B, "Connecting you.", handoff=True), Spec(A, "Hi, fixed.", at=4)], [transfer("e1", 2, frm="virtual_assistant")], 0),
    ("two handoffs across call and email", [Spec(C, "Refund my duplicate charge.", channel="phone"), Spec(A, "Payments handles that.", channel="phone", dept="billing", handoff=True),
                                            Spec(C, "Attached statement.", conv="c2", channel="email", at=120), Spec(A, "Please call payments.", conv="c2", channel="email", at=60 * 20, dept="billing", handoff=True)], [], 1),
    ("handoff right after 'they sent me here'", [Spec(C, "Billing sent me to you.", redirected=True, spans={"redirected": "Billing sent me to you"}), Spec(A, "You need to contact your bank.", dept="payments", handoff=True)], [], 1),
    ("two handoffs weeks apart are two matters", [Spec(C, "Q1"), Spec(A, "Ask billing.", handoff=True), Spec(C, "Q2", conv="c2", at=60 * 24 * 30), Spec(A, "Ask returns.", conv="c2", at=60 * 24 * 30 + 1, handoff=True)], [], 0),
    ("two handoffs about different orders are two matters", [Spec(C, "Q1", order="O-1"), Spec(A, "Ask billing.", order="O-1", handoff=True), Spec(C, "Q2", conv="c2", at=60, order="O-2"), Spec(A, "Ask returns.", conv="c2", at=61, order="O-2", handoff=True)], [], 0),
    ("the same agent repeating the same referral is one handoff", [Spec(C, "Help with my holiday booking"), Spec(A, "Please speak to our Holidays team.", dept="social", handoff=True),
                                                                     Spec(C, "Can't you do it?"), Spec(A, "You'd need to speak with our Holidays team.", dept="social", handoff=True)], [], 0),
    ("the same agent sending the customer to a new address is a second handoff", [Spec(C, "Charged twice, no gems."), Spec(A, "purchases r handled by google play, u can ask them for a refund", dept="support", handoff=True),
                                                                                  Spec(C, "Google says it's you!"), Spec(A, "for payment stuff pls email our payments team at payments@game.example", dept="support", handoff=True)], [], 1),
    ("the same agent giving the same address twice is one handoff", [Spec(C, "Help"), Spec(A, "Please email billing@shop.example.", dept="support", handoff=True),
                                                                     Spec(C, "Can't you do it?"), Spec(A, "Sorry, it has to be billing@shop.example.", dept="support", handoff=True)], [], 0),
    ("two referrals after the customer says they were sent here", [Spec(C, "Help"), Spec(A, "Please call billing.", dept="support", handoff=True),
                                                                   Spec(C, "Billing sent me back to you!", redirected=True), Spec(A, "Please call billing.", dept="support", handoff=True)], [], 1),
    ("a transfer event with no conversation logs the handoff message beside it", [Spec(C, "The ottoman is missing."), Spec(A, "I'm passing your email to our warehouse team.", dept="customer_care", handoff=True),
                                                                                  Spec(A, "Warehouse here, it ships Monday.", at=60 * 18, dept="warehouse")], [transfer("e1", 3, frm="customer_care", to="warehouse", conv=None)], 0),
    ("message and event for the same handoff count once", [Spec(C, "Help"), Spec(A, "Transferring you to technical.", handoff=True)], [transfer("e1", 1)], 0),
]


@pytest.mark.parametrize("name,specs,events,expected", BOUNCED, ids=[c[0] for c in BOUNCED])
def test_bounced(name, specs, events, expected):
    j = build(specs, events)
    out = run(Bounced(), j)
    assert len(out) == expected
    check_evidence(out, j)
    if name == "two handoffs across call and email":
        assert out[0].conversation_id is None and out[0].measures["conversations"] == ["c1", "c2"]
    if name.startswith("handoff right after"):
        assert out[0].evidence[0].quote == "Billing sent me to you"


# --------------------------------------------------------------------------- repeat_contact
DAY = 60 * 24
REPEAT = [
    ("same order again within the window", [Spec(C, "Where is my refund for O-1?", order="O-1"), Spec(A, "By Friday.", order="O-1"),
                                            Spec(C, "Still no refund for O-1.", conv="c2", channel="social", at=5 * DAY, order="O-1"), Spec(A, "Sent now.", conv="c2", channel="social", at=5 * DAY + 5, order="O-1")], True),
    ("unrelated question 16 days later", [Spec(C, "Does it come with a charger?", channel="social"), Spec(A, "Yes!", channel="social"),
                                          Spec(C, "How do I register the warranty?", conv="c2", channel="email", at=16 * DAY, order="O-9"), Spec(A, "No need.", conv="c2", channel="email", at=16 * DAY + 60, order="O-9")], False),
    ("different orders within a week", [Spec(C, "Change address on O-1.", order="O-1"), Spec(A, "Done.", order="O-1"),
                                        Spec(C, "Gift receipt for O-2?", conv="c2", at=2 * DAY, order="O-2"), Spec(A, "Attached.", conv="c2", at=2 * DAY + 3, order="O-2")], False),
    ("same issue category, no orders", [Spec(C, "No signal at home.", channel="phone", issues=("network",)), Spec(A, "An engineer will call.", channel="phone"),
                                        Spec(C, "Nobody called about my signal.", conv="c2", channel="phone", at=3 * DAY, issues=("network",)), Spec(A, "Assigning now.", conv="c2", channel="phone", at=3 * DAY + 1)], True),
    ("unanswered post, then the same customer texts", [Spec(C, "SIM not working, help?", channel="social"),
                                                       Spec(C, "Texting from another phone: no service.", conv="c2", channel="sms", at=11 * 60), Spec(A, "Fixed it.", conv="c2", channel="sms", at=11 * 60 + 20)], True),
    ("chasing in the same thread after an auto-ack", [Spec(C, "Keyboard missing from bundle.", channel="email"), Spec(S, "We received your email.", channel="email", auto_ack=True),
                                                      Spec(C, "I haven't heard back.", channel="email", at=4 * DAY)], True),
    ("replying in the same thread after an answer is not a chase", [Spec(C, "Keyboard missing.", channel="email"), Spec(A, "Sending one.", channel="email", at=DAY),
                                                                     Spec(C, "Thanks, which courier?", channel="email", at=2 * DAY)], False),
    ("repeating themselves within a call", [Spec(C, "Account 1234, charge wrong.", channel="phone"), Spec(A, "Account number please?", channel="phone"),
                                            Spec(C, "Again? 1234. Third time I'm giving this.", channel="phone", repeat_cue=True, spans={"repeat_cue": "Third time"})], True),
    ("repeat cue in a first message with no history", [Spec(C, "Still waiting for my parcel, where is it?", repeat_cue=True), Spec(A, "Out for delivery.")], False),
    ("follow-up cue reaches back past the window", [Spec(C, "Name misspelt on cards.", channel="phone", order="K-1"), Spec(A, "Reissuing.", channel="phone", order="K-1"),
                                                    Spec(C, "Misspelt again, same as the last two times.", conv="c2", channel="phone", at=13 * DAY, order="K-2", repeat_cue=True), Spec(A, "New order.", conv="c2", channel="phone", at=13 * DAY + 1, order="K-2")], True),
    ("bot could not help, then the customer emails", [Spec(C, "Upload fails.", channel="chat"), Spec(B, "Here are some articles.", channel="chat"),
                                                      Spec(C, "I need a person.", channel="chat", human_request=True), Spec(B, "Sorry, I didn't get that.", channel="chat", bot_failure=True),
                                                      Spec(C, "My upload keeps failing, please help.", conv="c2", channel="email", at=20), Spec(A, "Fixed.", conv="c2", channel="email", at=200)], True),
    ("bot answered and an agent joined, then an email", [Spec(C, "Upload fails.", channel="chat"), Spec(C, "I need a person.", channel="chat", human_request=True),
                                                         Spec(A, "Hi, Sam here, fixed it.", channel="chat"),
                                                         Spec(C, "Can I change my delivery address?", conv="c2", channel="email", at=20), Spec(A, "Yes.", conv="c2", channel="email", at=200)], False),
    ("bot answered, asked for a person, an unrelated email 6 days later", [Spec(C, "Upload fails.", channel="chat"), Spec(B, "Try a smaller file.", channel="chat"),
                                                                            Spec(C, "I want a person.", channel="chat", human_request=True),
                                                             Spec(C, "Do you sell gift cards?", conv="c2", channel="email", at=6 * DAY), Spec(A, "Yes.", conv="c2", channel="email", at=6 * DAY + 60)], False),
    ("came back on social while the email still waited, saying so", [Spec(C, "Where are our tote bags? Order IP-1.", channel="email", order="IP-1"), Spec(S, "We received your email.", channel="email", auto_ack=True),
                                                                      Spec(C, "Bags stuck. Emailed yesterday, no reply.", conv="c2", channel="social", at=DAY, repeat_cue=True, spans={"repeat_cue": "Emailed yesterday"}),
                                                                      Spec(A, "Sorry! Replying to your email now.", conv="c2", channel="social", at=DAY + 10),
                                                                      Spec(A, "Your bags are at the depot.", channel="email", at=DAY + 20, order="IP-1"), Spec(C, "That's too late.", channel="email", at=DAY + 30, order="IP-1")], True),
    ("a second channel after the first was answered, no cue", [Spec(C, "Where are our tote bags? Order IP-1.", channel="email", order="IP-1"), Spec(A, "At the depot, redelivery Monday.", channel="email", at=60, order="IP-1"),
                                                              Spec(C, "Do you print mugs too?", conv="c2", channel="social", at=DAY), Spec(A, "We do!", conv="c2", channel="social", at=DAY + 10),
                                                              Spec(C, "Monday is fine, thanks.", channel="email", at=DAY + 30, order="IP-1")], False),
    ("outbound call is not the customer coming back", [Spec(C, "Reading is wrong.", channel="phone"), Spec(A, "Metering will call.", channel="phone"),
                                                       Spec(A, "Hi, metering here.", conv="c2", channel="phone", at=2 * DAY, meta={"direction": "outbound"}), Spec(C, "Thanks for calling.", conv="c2", channel="phone", at=2 * DAY + 1)], False),
]


@pytest.mark.parametrize("name,specs,fires", REPEAT, ids=[c[0] for c in REPEAT])
def test_repeat_contact(name, specs, fires):
    j = build(specs)
    out = run(RepeatContact(), j)
    assert bool(out) == fires, [f.explanation for f in out]
    check_evidence(out, j)
    if out:
        assert len(out) == 1
        assert out[0].measures["window_days"] == 7.0


def test_repeat_contact_window_is_a_setting():
    specs = [Spec(C, "Refund for O-1?", order="O-1"), Spec(A, "Soon.", order="O-1"),
             Spec(C, "Refund for O-1?", conv="c2", at=10 * 60 * 24, order="O-1"), Spec(A, "Sent.", conv="c2", at=10 * 60 * 24 + 1, order="O-1")]
    assert run(RepeatContact(), build(specs)) == []
    out = run(RepeatContact(RepeatContact.Settings(window_days=14)), build(specs))
    assert len(out) == 1 and out[0].conversation_id is None and out[0].measures["contacts"] == 2


# A promise "by 5pm today" made at 10:00 (T0) falls due at 17:00; the data runs a week on.
PROMISE = "I'll call you back by 5pm today."
CHASES = [
    ("complains in the same thread after the promise fell due", [Spec(C, "My heating is broken."), Spec(A, PROMISE, promise=True, spans={"promise": "I'll call you back"}),
                                                                 Spec(C, "Nobody called yesterday and it's still broken.", at=DAY, complaint=True)], True),
    ("chases on another channel a few days later", [Spec(C, "My heating is broken.", channel="phone"), Spec(A, PROMISE, channel="phone", promise=True, spans={"promise": "I'll call you back"}),
                                                    Spec(C, "Still no call and no heating.", conv="c2", channel="email", at=3 * DAY, complaint=True)], True),
    ("a chase to a promise the company started (no earlier contact)", [Spec(A, PROMISE, channel="sms", promise=True, spans={"promise": "I'll call you back"}),
                                                                        Spec(C, "You never rang. When is someone coming?", channel="sms", at=DAY, complaint=True)], True),
    ("complains before the promise fell due", [Spec(C, "My heating is broken."), Spec(A, PROMISE, promise=True, spans={"promise": "I'll call you back"}),
                                               Spec(C, "It's getting cold in here.", at=120, complaint=True)], False),
    ("writes after the due time with nothing wrong", [Spec(C, "My heating is broken."), Spec(A, PROMISE, promise=True, spans={"promise": "I'll call you back"}),
                                                      Spec(C, "Do you also service boilers?", conv="c2", at=DAY)], False),
    ("the promise was kept before the customer wrote", [Spec(C, "My heating is broken.", channel="phone"), Spec(A, PROMISE, channel="phone", promise=True, spans={"promise": "I'll call you back"}),
                                                        Spec(A, "Hi, it's Sam calling back as promised.", conv="c2", channel="phone", at=300, meta={"direction": "outbound"}),
                                                        Spec(C, "The part you fitted is broken already.", conv="c3", channel="email", at=DAY, complaint=True)], False),
    ("complains a month and a half after the due time", [Spec(C, "My heating is broken."), Spec(A, PROMISE, promise=True, spans={"promise": "I'll call you back"}),
                                                         Spec(C, "My heating is broken again.", conv="c2", at=45 * DAY, complaint=True)], False),
]


def run_with_data_end(detector, journey, end):
    ctx = Context(Config(), Corpus(data_end=end), detector.settings, detector.code)
    return list(detector.detect(journey, ctx))


@pytest.mark.parametrize("name,specs,fires", CHASES, ids=[c[0] for c in CHASES])
def test_repeat_contact_chasing_an_unkept_promise(name, specs, fires):
    j = build(specs)
    end = max(m.timestamp for c in j.conversations for m in c.messages) + timedelta(days=7)
    out = run_with_data_end(RepeatContact(), j, end)
    assert bool(out) == fires, [f.explanation for f in out]
    check_evidence(out, j)
    if out:
        assert "chased a promise" in out[0].explanation + str(out[0].measures["links"])
        assert any(e.note == "the promise the customer chased" or e.note == "first contact" for e in out[0].evidence)
    off = run_with_data_end(RepeatContact(RepeatContact.Settings(chase_unkept_promises=False)), j, end)
    assert off == [] or not fires


# --------------------------------------------------------------------------- determinism and the real scenarios
def test_findings_are_deterministic():
    specs = MISSING_APOLOGY[0][1]
    a = [f.to_dict() for f in run(MissingApology(), build(specs))]
    b = [f.to_dict() for f in run(MissingApology(), build(specs))]
    assert a == b


DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "scenarios"
MINE = ("missing_apology", "informal_tone", "sentiment_decline", "churn_ignored", "bot_trap", "bounced", "repeat_contact")


def test_scenarios_background_customers_stay_quiet():
    if not (DATA / "input.jsonl").exists():
        pytest.skip("scenario data not available")
    import cxaudit

    r = cxaudit.analyze(str(DATA / "input.jsonl"), only=MINE)
    fs = [f if isinstance(f, dict) else f.to_dict() for f in r.findings]
    noisy = [(f["code"], f["customer_id"]) for f in fs if f["code"] in MINE and str(f.get("customer_id") or "").startswith("cust-B")]
    assert noisy == []


def test_bounced_ignores_moves_to_a_private_channel():
    """'DM us' twice keeps the customer with the same team: not a bounce."""
    from cxaudit.detectors.bounced import _leaves_team
    from cxaudit.signals.base import Hit, MessageSignals

    dm = MessageSignals("m", "agent", handoff=True, hits=(Hit("handoff", "move_to_private", 0, 5, 1.0),))
    other = MessageSignals("m", "agent", handoff=True, hits=(Hit("handoff", "other_team", 0, 5, 1.0),))
    assert not _leaves_team(dm, ("move_to_private",))
    assert _leaves_team(other, ("move_to_private",))
    assert _leaves_team(MessageSignals("m", "agent", handoff=True), ("move_to_private",))


def test_repeat_contact_moving_to_dm_as_asked_is_not_a_repeat():
    from datetime import datetime, timedelta, timezone

    import cxaudit

    t0 = datetime(2024, 6, 3, 9, 0, tzinfo=timezone.utc)

    def m(i, conv, mins, role, text):
        return {"kind": "message", "id": f"m{i}", "conversation_id": conv, "customer_id": "u", "channel": "social",
                "role": role, "timestamp": (t0 + timedelta(minutes=mins)).isoformat(), "text": text, "order_id": "O-1"}

    recs = [
        m(1, "public", 0, "customer", "@Shop my parcel O-1 is late again, no email, nothing."),
        m(2, "public", 10, "agent", "Sorry to hear that! Please send us a DM with your order number and we'll take a look."),
        m(3, "dm", 14, "customer", "O-1. Here you go."),
        m(4, "dm", 16, "agent", "Thanks, it's with the courier and arrives tomorrow. Sorry again."),
    ]
    codes = [f["code"] for f in cxaudit.analyze(recs, only=["repeat_contact"]).findings]
    assert codes == []
    # near miss: the same customer coming back two days later about the same order is a repeat
    recs.append(m(5, "dm2", 2 * 24 * 60, "customer", "O-1 still hasn't arrived."))
    recs.append(m(6, "dm2", 2 * 24 * 60 + 5, "agent", "Sorry, let me chase the courier."))
    codes = [f["code"] for f in cxaudit.analyze(recs, only=["repeat_contact"]).findings]
    assert codes == ["repeat_contact"]
