"""incident: many distinct customers with the same problem in a short window, above its usual rate."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from cxaudit.config import Config
from cxaudit.detectors.base import Context
from cxaudit.detectors.incident import Incident, _codes
from cxaudit.records import Content, Message
from cxaudit.signals.base import MessageSignals
from cxaudit.units import Conversation, Corpus, Journey

T0 = datetime.fromisoformat("2024-06-05T19:00:00+01:00")
BACKGROUND = [
    "Can I change the delivery address before dispatch?",
    "Please send me a VAT invoice for my laptop.",
    "Does the tablet support wireless charging?",
    "How do I return a keyboard that I don't need?",
    "Is there a student discount on headphones?",
    "My parcel tracking has not updated since Monday.",
    "Can I get a gift receipt for the speaker?",
    "What is the warranty on the battery?",
]


def _journey(cust, minutes, text, channel="chat", brand="acme", company_first=None):
    msgs, sigs = [], []
    t = T0 + timedelta(minutes=minutes)
    if company_first:
        msgs.append(Message(f"{cust}-n", f"{cust}-out", cust, "sms", t - timedelta(minutes=1), "system", company_first, meta={"brand": brand}))
        sigs.append(MessageSignals(f"{cust}-n", "system"))
    convs = []
    if msgs:
        convs.append(Conversation(f"{cust}-out", cust, tuple(msgs), tuple(sigs)))
    m = Message(f"{cust}-m1", f"{cust}-c", cust, channel, t, "customer", text, meta={"brand": brand})
    s = MessageSignals(m.id, "customer")
    convs.append(Conversation(f"{cust}-c", cust, (m,), (s,)))
    sig_map = {x.id: y for c in convs for x, y in c.pairs()}
    return Journey(cust, tuple(convs), (), sig_map)


def _background(n_days=6, per_day=8):
    out = []
    for d in range(n_days):
        for i in range(per_day):
            out.append(_journey(f"bg-{d}-{i}", -d * 24 * 60 - 300 - i * 37, BACKGROUND[i % len(BACKGROUND)]))
    return out


def _run(journeys, contents=(), **settings):
    det = Incident(Incident.Settings(**settings))
    ctx = Context(Config(), Corpus(contents=tuple(contents)), det.settings, det.code)
    for j in journeys:
        det.observe(j, ctx)
    return list(det.finish(ctx))


def _burst(n, spacing_min, text="Checkout fails with error ZX-502 every time", brand="acme", start=0, prefix="b"):
    return [_journey(f"{prefix}{i}", start + i * spacing_min, text, brand=brand) for i in range(n)]


CASES = [
    ("8 customers, same code, 35 min", _burst(8, 5), 1),
    ("5 customers with varied wording of one code", [
        _journey("v1", 0, "checkout error zx 502"),
        _journey("v2", 4, "Getting ZX502 when I pay"),
        _journey("v3", 9, "payment page says Something went wrong (ZX-502)"),
        _journey("v4", 15, "is your site down? ZX-502"),
        _journey("v5", 21, "Error ZX-502 on the app too"),
    ], 1),
    ("6 customers, same rare place name, 20 min", [
        _journey(f"p{i}", i * 4, t) for i, t in enumerate([
            "No mobile data in Brookvale since 8", "Is data down in Brookvale?", "brookvale: zero internet",
            "signal but nothing loads, Brookvale", "Outage in Brookvale? no data", "Brookvale here, no data at all",
        ])
    ], 1),
    # near misses
    ("4 customers is below the minimum", _burst(4, 5), 0),
    ("5 customers spread over six days", [_journey(f"s{i}", i * 36 * 60, "Visual voicemail says unavailable") for i in range(5)], 0),
    ("one customer writing many times", [_journey("solo", i * 3, "Checkout fails with error ZX-502") for i in range(1)] * 8, 0),
    ("unrelated topics at the same time", [_journey(f"u{i}", i * 5, BACKGROUND[i]) for i in range(8)], 0),
    ("many customers addressing the same @handle about different things",
     [_journey(f"h{i}", i * 5, f"@AcmeHelp {BACKGROUND[i]}") for i in range(8)], 0),
    ("two brands, 3 + 3 customers", _burst(3, 5, brand="acme") + _burst(3, 5, brand="globex", prefix="g"), 0),
]


@pytest.mark.parametrize("name,journeys,expected", CASES, ids=[c[0] for c in CASES])
def test_incident_cases(name, journeys, expected):
    found = _run(_background() + journeys)
    assert len(found) == expected, [f.explanation for f in found]
    for f in found:
        assert f.customer_id is None and f.conversation_id is None
        assert f.measures["affected_customers"] >= 5
        assert len(f.evidence) >= 5
        for ev in f.evidence:
            assert ev.kind == "message" and ev.quote


def test_code_normalisation_and_quotes():
    text = "error chk 502, then CHK-502 and CHK502; order VL-3318820 at 19:05"
    keys = [k for k, _s, _e in _codes(text)]
    assert keys.count("code:CHK502") == 3 and not any("VL" in k for k in keys)
    assert [k for k, _s, _e in _codes("see you in 30 minutes at 5pm")] == []


def test_common_key_is_not_a_burst_when_it_is_always_common():
    # the same complaint all week long at the same density is the usual rate, not an incident
    week = [_journey(f"w{d}-{i}", -d * 24 * 60 + i * 6, "my parcel tracking is stuck") for d in range(7) for i in range(6)]
    assert _run(week) == []


def test_notices_are_counted():
    burst = _burst(6, 5)
    burst[5] = _journey("b5", 25, "Checkout fails with error ZX-502 every time", company_first="We know about a checkout fault.")
    banner = Content("ct1", "website", "Some customers see error ZX-502 at checkout.", valid_from=T0 + timedelta(minutes=18))
    (f,) = _run(_background() + burst, contents=[banner])
    # b4 (minute 20) and b5 (minute 25) wrote after the banner; b5 also had a text first
    assert f.measures["notified_before_writing"] == 2
    assert f.measures["key"] == "code:ZX502"


def test_memory_is_compact():
    det = Incident()
    ctx = Context(Config(), Corpus(), det.settings, det.code)
    long_text = "Checkout fails with error ZX-502. " + "blah " * 2000
    det.observe(_journey("x", 0, long_text), ctx)
    (rep,) = det._reports
    assert all(len(k[3]) < 40 for k in rep[5])  # only matched words, never the message


def test_only_problem_reports_make_an_incident():
    """Five customers praising the same promotion within minutes are not an incident."""
    from cxaudit.detectors.incident import Incident
    from cxaudit.signals.base import MessageSignals

    inc = Incident()
    happy = MessageSignals("m", "customer", complaint=False, sentiment=0.6)
    upset = MessageSignals("m", "customer", complaint=True, sentiment=-0.4)
    neutral_code = MessageSignals("m", "customer", complaint=False, sentiment=0.0)
    assert not inc._is_problem(happy, ())
    assert inc._is_problem(upset, ())
    assert inc._is_problem(neutral_code, (("code:CHK502", 0, 7, "CHK-502"),))
