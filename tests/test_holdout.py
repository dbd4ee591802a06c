"""Journeys written blind to the detectors: a regression guard.

- tests/fixtures/holdout: first scored untuned (19/28 present expectations found, 1 false
  alarm); the misses were then fixed with general rules.
- tests/fixtures/holdout3: a third blind set (untuned P 0.917 / R 0.710 / F1 0.800 over 61).
- tests/fixtures/holdout2: written later, in other industries and registers; untuned it scored
  P 0.917 / R 0.815 / F1 0.863 over 51 expectations with the background quiet; three general
  fixes followed (sentence-bounded negation, churn phrasing, claim vocabulary).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import cxaudit
from cxaudit.evaluation.scenarios import overall, score_scenarios

HERE = Path(__file__).resolve().parent / "fixtures" / "holdout"


@pytest.fixture(scope="module")
def scored():
    res = cxaudit.analyze(HERE / "input.jsonl")
    return res, score_scenarios(res.findings, HERE / "expected.jsonl")


def test_background_customers_stay_quiet(scored):
    res, _ = scored
    assert [f["code"] for f in res.findings if str(f["customer_id"] or "").startswith("cust-HB")] == []


def test_no_false_alarms_and_high_recall(scored):
    _, s = scored
    total = overall(s)
    assert total.fp == 0, s["failures"]
    assert total.recall >= 0.95, s["failures"]


HOLDOUT2 = Path(__file__).resolve().parent / "fixtures" / "holdout2"


def test_second_holdout_stays_accurate():
    res = cxaudit.analyze(HOLDOUT2 / "input.jsonl")
    s = score_scenarios(res.findings, HOLDOUT2 / "expected.jsonl")
    assert [f["code"] for f in res.findings if str(f["customer_id"] or "").startswith("cust-KB")] == []
    total = overall(s)
    assert total.precision >= 0.9 and total.recall >= 0.9, s["failures"]


def test_deposit_status_contradiction(scored):
    _, s = scored
    assert not [f for f in s["failures"] if f["scenario"] == "H07" and f["code"] == "contradiction"]


HOLDOUT3 = Path(__file__).resolve().parent / "fixtures" / "holdout3"


def test_third_holdout_regression_guard():
    """Written blind (rail, gym, pharmacy, EV charging). Untuned: P 0.917 / R 0.710 / F1 0.800
    over 61 expectations, background quiet. After general fixes in sessions 2 and 3: P 1.000 /
    R 0.968 (left: L04, a generic 'no fees' against a specific admin fee)."""
    res = cxaudit.analyze(HOLDOUT3 / "input.jsonl")
    s = score_scenarios(res.findings, HOLDOUT3 / "expected.jsonl")
    assert [f["code"] for f in res.findings if str(f["customer_id"] or "").startswith("cust-LB")] == []
    total = overall(s)
    assert total.precision >= 0.95 and total.recall >= 0.95, s["failures"]


HOLDOUT4 = Path(__file__).resolve().parent / "fixtures" / "holdout4"


def test_fourth_holdout_regression_guard():
    """Written blind (home insurance, food delivery, furniture, mobile roaming). Untuned:
    P 0.867 / R 0.765 / F1 0.812 over 68 expectations, background quiet. After general fixes
    (named offers withdrawn by policy, refund method, collection dates, tracking pages, transfer
    logs, replaced values, short numbers): P 1.000 / R 0.971. Left: M11 (a "no surprise charges" FAQ)."""
    res = cxaudit.analyze(HOLDOUT4 / "input.jsonl")
    s = score_scenarios(res.findings, HOLDOUT4 / "expected.jsonl")
    assert [f["code"] for f in res.findings if str(f["customer_id"] or "").startswith("cust-MB")] == []
    total = overall(s)
    assert total.precision >= 0.95 and total.recall >= 0.9, s["failures"]



HOLDOUT5 = Path(__file__).resolve().parent / "fixtures" / "holdout5"


def test_fifth_holdout_regression_guard():
    """Written blind (car rental, university fees, pet insurance, ticketing). Untuned:
    P 0.933 / R 0.848 / F1 0.889 over 66 expectations, two background false alarms. After
    general fixes (late apology in the next contact, bot answered and customer satisfied, claim
    decisions, damage findings, instalment counts, acknowledgements that answer): P 1.000 /
    R 0.970. Left: N10 ('claims never raise the premium' against a rating policy)."""
    res = cxaudit.analyze(HOLDOUT5 / "input.jsonl")
    s = score_scenarios(res.findings, HOLDOUT5 / "expected.jsonl")
    assert [f["code"] for f in res.findings if str(f["customer_id"] or "").startswith("cust-NB")] == []
    total = overall(s)
    assert total.precision >= 0.95 and total.recall >= 0.9, s["failures"]


HOLDOUT6 = Path(__file__).resolve().parent / "fixtures" / "holdout6"


def test_sixth_holdout_regression_guard():
    """Written blind (home-furnishing delivery, dental clinics, a mobile game, a mortgage lender,
    bike share, meal kits). Untuned: P 1.000 / R 0.725 / F1 0.841 over 83 expectations, four
    background false alarms. After general fixes (give-up phrases and 'unbelievable' read
    negative, a customer's 'compensation' is not praise, curt neutral lines are not a recovery,
    'is this a real person?' is not a request): P 1.000 / R 0.800, one background customer
    (PB02, PB03) still flagged. Session 5, general claim vocabulary (reasons beyond retail:
    quality defects, vehicle breakdowns, chargebacks, terms violations, eligibility...; the
    suspension event; open-vocabulary cover "crowns are covered"; assembly and account fees):
    P 1.000 / R 0.925, contradiction 3/3 and content_conflict 2/2; silent_event maps event types
    outside the vocabulary to a watched family ("pass_suspended"): R 0.950. Left: a bot trap
    and a repeat contact."""
    res = cxaudit.analyze(HOLDOUT6 / "input.jsonl")
    s = score_scenarios(res.findings, HOLDOUT6 / "expected.jsonl")
    assert {f["customer_id"] for f in res.findings if str(f["customer_id"] or "").startswith("cust-PB")} <= {"cust-PB02", "cust-PB03"}
    total = overall(s)
    assert total.precision >= 0.95 and total.recall >= 0.9, s["failures"]


HOLDOUT7 = Path(__file__).resolve().parent / "fixtures" / "holdout7"


def test_seventh_holdout_regression_guard():
    """Written blind (a water utility, university admissions, car hire, pet insurance, concert
    tickets, broadband, dental clinics, furniture rental, parcel lockers, a language app; 113
    expectations). Untuned, at the commit that added it: P 0.972 / R 0.700 / F1 0.814
    (contradiction 0/5, content_conflict 0/4). After general claim fixes (fraud verification and
    "at the customer's request" reasons, failing a check is the reason and not its denial, a
    not-shipped status, fees named outside the vocabulary, "excluded" cover keyed by the covered
    thing's first word, a change cue must sit in the statement itself): P 0.975 / R 0.780.
    contradiction 4/5. Session 6: changes read from a policy's own words (content_conflict 4/4),
    notice periods and entitlements as claims, abnormal-state complaints (the incident), a contact
    after a bot that could not help, customer deadlines are not promises: P 0.980 / R 1.000.
    Left: QB05 ("this lineup is KILLING me 😭😭") reads as a complaint."""
    res = cxaudit.analyze(HOLDOUT7 / "input.jsonl")
    s = score_scenarios(res.findings, HOLDOUT7 / "expected.jsonl")
    assert {f["customer_id"] for f in res.findings if str(f["customer_id"] or "").startswith("cust-QB")} <= {"cust-QB05"}
    total = overall(s)
    assert total.precision >= 0.95 and total.recall >= 0.95, s["failures"]


HOLDOUT8 = Path(__file__).resolve().parent / "fixtures" / "holdout8"


def test_eighth_holdout_regression_guard():
    """Written blind (a retail bank, a mobile carrier, an airline, hospital outpatients, an
    electricity supplier, B2B software, food delivery, a gym chain, a city council, hotels; 130
    expectations). Untuned, at the commit that added it: P 0.955 / R 0.712 / F1 0.816
    (contradiction 2/7, content_conflict 1/5, churn_ignored 1/4, bounced 1/3). After general
    fixes (a stopped payment as an event with its reasons, crew availability as staffing,
    'is withdrawn/discontinued' in policies, 'no annual fees' against an annual fee): P 0.958 /
    R 0.780. Left: named rates ('$12 a day' vs 'fifteen dollars per day'), two churn threats, two
    bounced journeys, three contradictions."""
    res = cxaudit.analyze(HOLDOUT8 / "input.jsonl")
    s = score_scenarios(res.findings, HOLDOUT8 / "expected.jsonl")
    assert not [f["customer_id"] for f in res.findings if str(f["customer_id"] or "").startswith("cust-RB")]
    total = overall(s)
    assert total.precision >= 0.97 and total.recall >= 0.88, s["failures"]  # session 7: P 1.000 / R 0.898


HOLDOUT9 = Path(__file__).resolve().parent / "fixtures" / "holdout9"


def test_ninth_holdout_regression_guard():
    """Written blind (18 retail journeys: furniture, grocery, electronics, fashion; plus a
    courier, vets, a mortgage lender, streaming, lettings, solar, ride-hailing, crypto and a
    dealership's service department; 138 expectations). Untuned, at the commit that added it:
    P 0.911 / R 0.750 / F1 0.823 (contradiction 2/8, content_conflict 1/6). After general fixes
    (free windows to cancel or return, stock, warranty length, a visit booked, restricted
    waivers, completed refunds, a withdrawn practice 'switched off', a fee waived above an order value, 'is the car ready?' before any notice): P 1.000 / R 0.926. Left: meaning-only content conflicts (free
    assembly over £500 vs £49 'whatever the order value', texts 'switched off', 4 screens vs 1
    stream), a quote vs an itemised invoice, a review time vs a suspension."""
    res = cxaudit.analyze(HOLDOUT9 / "input.jsonl")
    s = score_scenarios(res.findings, HOLDOUT9 / "expected.jsonl")
    assert not [f["customer_id"] for f in res.findings if str(f["customer_id"] or "").startswith("cust-SB")]
    total = overall(s)
    assert total.precision >= 0.97 and total.recall >= 0.90, s["failures"]  # P 1.000 / R 0.926 at the end of session 7


HOLDOUT10 = Path(__file__).resolve().parent / "fixtures" / "holdout10"


def test_tenth_holdout_regression_guard():
    """Written blind (24 retail journeys: beauty, toys, sporting goods, DIY, appliances, meal kits,
    pet food, books, jewellery, mattresses, print-on-demand; plus phone repair, package holidays,
    cinemas, box rental, small-business shipping, payroll, home security; 139 expectations).
    Untuned: P 0.842 / R 0.716 / F1 0.774 with session 7's code (0.821 / 0.687 / 0.748 with the
    session's start code). After general fixes (churn phrasings, a dated old value, 'free' next
    to the fee, a fee inside a refunded amount, stock on the shelf, haul-away fees, 'can no longer be
    returned', warranty lengths in days, 'has moved from Tue to Fri' as a delay notice, board basis,
    'as I have now written three times'): P 0.954 / R 0.925.
    Left: TB07 ('I'm done with paperbacks') reads as churn; two contradictions (a status vs a new
    date, a sale banner), two meaning-only content conflicts."""
    res = cxaudit.analyze(HOLDOUT10 / "input.jsonl")
    s = score_scenarios(res.findings, HOLDOUT10 / "expected.jsonl")
    assert {f["customer_id"] for f in res.findings if str(f["customer_id"] or "").startswith("cust-TB")} <= {"cust-TB07"}
    total = overall(s)
    assert total.precision >= 0.93 and total.recall >= 0.90, s["failures"]  # P 0.954 / R 0.925 at the end of session 7


HOLDOUT11 = Path(__file__).resolve().parent / "fixtures" / "holdout11"


def test_eleventh_holdout_regression_guard():
    """Written blind (session 8: 17 new companies, water utility to camera rental; 144
    expectations). Untuned: P 0.893 / R 0.725 / F1 0.800 (the same with the session's start code).
    After general fixes (cover lists and 'no longer included', stock said plainly, stains found,
    changes dated 'last week', audiences, refunds paid in parts, skip notice and repair windows,
    a calm issue an informal reply apologises for, coming back on a second channel while the first
    waits, a reminder sent after the date a booking was cancelled): P 1.000 / R 0.928. Left: an
    allowance granted then refused (V01), a guarantee deadline (V08), a booking 'never completed' vs 'was real'
    (V14), a skip confirmed then not processed (V21), one sentiment curve (V26)."""
    res = cxaudit.analyze(HOLDOUT11 / "input.jsonl")
    s = score_scenarios(res.findings, HOLDOUT11 / "expected.jsonl")
    assert not [f["customer_id"] for f in res.findings if str(f["customer_id"] or "").startswith("cust-VB")]
    total = overall(s)
    assert total.precision >= 0.97 and total.recall >= 0.88, s["failures"]  # P 1.000 / R 0.928 at the end of session 8


HOLDOUT12 = Path(__file__).resolve().parent / "fixtures" / "holdout12"


def test_twelfth_holdout_regression_guard():
    """Written blind after most of session 8's fixes (18 new companies, heating oil to council
    waste; 144 expectations). Untuned: P 0.948 / R 0.786 / F1 0.859, the same with the session's
    start code. After general fixes (logged promises kept by what they name, 'keep both your cars
    with us', 'in stock the whole time', 'packed and ready in our warehouse', payment reasons,
    'ripping out the whole system', an entitlement told then refused, a cancellation told only in
    answer to the customer's own call, 'put in a claim 15 days ago ... heard nothing'): P 1.000 /
    R 0.871. Left: contradictions worded without the
    claim vocabulary (a zero vs $300 deductible, cover said then a claim declined as undeclared),
    and content conflicts worded as meaning only."""
    res = cxaudit.analyze(HOLDOUT12 / "input.jsonl")
    s = score_scenarios(res.findings, HOLDOUT12 / "expected.jsonl")
    assert not [f["customer_id"] for f in res.findings if str(f["customer_id"] or "").startswith("cust-WB")]
    total = overall(s)
    assert total.precision >= 0.97 and total.recall >= 0.80, s["failures"]  # P 1.000 / R 0.871 at the end of session 8


HOLDOUT13 = Path(__file__).resolve().parent / "fixtures" / "holdout13"


def test_thirteenth_holdout_regression_guard():
    """Written blind in session 9 (16 new companies, tyre fitting to home cleaning; 151
    expectations). Untuned: P 0.949 / R 0.778 / F1 0.855, the same with the session's start code.
    After general fixes (free shipping in other words, a grace period, a visit fee, rent, amounts
    in AED, a fee kept is no part refund, a logged promise's 'about', an engineer visit kept by the
    repair, a cheerful reply to a happy customer, 'deleting X and going back to ...', 'we'll use
    someone else', a new contact address as a second referral, a part paid as credit against a
    full refund to the card): P 1.000 / R 0.944. Left: a deposit
    'refunded' then 'non-refundable' (X03), opened returns allowed then refused (X14), a guarantee
    'renewals included' against 'renewals are non-refundable' (X21)."""
    res = cxaudit.analyze(HOLDOUT13 / "input.jsonl")
    s = score_scenarios(res.findings, HOLDOUT13 / "expected.jsonl")
    assert not [f["customer_id"] for f in res.findings if str(f["customer_id"] or "").startswith("cust-XB")]
    total = overall(s)
    assert total.precision >= 0.97 and total.recall >= 0.89, s["failures"]  # P 1.000 / R 0.944 at the end of session 9


HOLDOUT14 = Path(__file__).resolve().parent / "fixtures" / "holdout14"


def test_fourteenth_holdout_regression_guard():
    """Written blind near the end of session 9, after most of its fixes (16 new companies, coffee
    subscriptions to locksmiths; 154 expectations). Untuned: P 0.922 / R 0.712 / F1 0.803, against
    0.923 / 0.727 / 0.814 with the session's start code: the session's journey fixes did not
    transfer. After a few general fixes ('sent on 7 April' is shipped, 'nothing has been
    dispatched' is not, 'Yes, 4 in stock', 'Sounds good, will send them next week' needs no reply,
    'Great, thanks a lot.' is no sarcasm, 'free dematting' waives the dematting fee): P 0.962 /
    R 0.758, no background customer flagged.
    Left: contradiction 2/7 and content_conflict 1/5 worded outside the claim vocabulary (a quote
    'all-in' against an invoice with a surcharge, a pack 'included' then charged)."""
    res = cxaudit.analyze(HOLDOUT14 / "input.jsonl")
    s = score_scenarios(res.findings, HOLDOUT14 / "expected.jsonl")
    assert not [f["customer_id"] for f in res.findings if str(f["customer_id"] or "").startswith("cust-YB")]
    total = overall(s)
    # P 0.962 / R 0.758 at the end of session 9; P 0.968 / R 0.909 in session 10 (a customer chasing
    # an unkept promise, a credit granted then denied, 'the reprint is charged', churn by brand name)
    assert total.precision >= 0.93 and total.recall >= 0.85, s["failures"]


HOLDOUT15 = Path(__file__).resolve().parent / "fixtures" / "holdout15"


def test_fifteenth_holdout_regression_guard():
    """Written blind in session 10 (16 new industries, EV charging to caravan parks; 157
    expectations). Untuned: P 0.912 / R 0.765 / F1 0.832, identical with the session's start code
    (again, the session's journey fixes did not transfer). After general fixes (a logged promise
    naming a document is kept by the email with it, a confirmation letter is judged only when
    chased, refundable / non-refundable payments, amounts like 'CLP 89.000', 'does not include' as cover): P 0.965 / R 0.809, no
    background customer flagged. Left: contradictions in words outside the claim vocabulary (a
    cancellation reason 'failed authentication' against 'the seller cancelled', dogs welcome
    against dog-free), content conflicts 1/5."""
    res = cxaudit.analyze(HOLDOUT15 / "input.jsonl")
    s = score_scenarios(res.findings, HOLDOUT15 / "expected.jsonl")
    assert not [f["customer_id"] for f in res.findings if str(f["customer_id"] or "").startswith("cust-ZB")]
    total = overall(s)
    assert total.precision >= 0.93 and total.recall >= 0.74, s["failures"]  # P 0.965 / R 0.809 at the end of session 10


HOLDOUT16 = Path(__file__).resolve().parent / "fixtures" / "holdout16"


def test_sixteenth_holdout_regression_guard():
    """Written blind in session 11 (16 new industries, piano tuning to theatre tickets; 158
    expectations). Untuned: P 0.977 / R 0.729 / F1 0.835, identical with the session's start code.
    After general fixes (churn said without 'cancel', a fee the verb denies, start and ship dates,
    a ship date already past when said, 'cancel any time, no fees' against an early-exit charge,
    a utility reported off as a complaint, vowel-less text-speak): P 0.982 / R 0.915, no background
    customer flagged. Left: a cover the policy makes conditional (A05), a date said in words
    ('the week of the twenty-third', A27), sentiment that sinks without strong words (A24, A29)."""
    res = cxaudit.analyze(HOLDOUT16 / "input.jsonl")
    s = score_scenarios(res.findings, HOLDOUT16 / "expected.jsonl")
    assert not [f["customer_id"] for f in res.findings if str(f["customer_id"] or "").startswith("cust-VB")]
    total = overall(s)
    assert total.precision >= 0.94 and total.recall >= 0.86, s["failures"]  # P 0.982 / R 0.915 at the end of session 11


HOLDOUT17 = Path(__file__).resolve().parent / "fixtures" / "holdout17"


def test_seventeenth_holdout_regression_guard():
    """Written blind in session 12 (15 new industries, riding stables to hot-air balloons; 160
    expectations). Untuned: P 0.960 / R 0.727 / F1 0.828, identical with the session's start code
    (no contradiction and no content conflict found). After session 12's general fixes: P 0.963 /
    R 0.788. After session 13's (how long something bought stays valid, a ship date named by its
    label, counts received, room capacity, a deposit 'you get back' on a condition, leaving said
    as where the money goes, two-message sentiment curves, a date that belongs to another
    clause): P 1.000 / R 0.970. Left: a customer whose two emails both read mildly negative (A01
    sentiment), no-shows not moved against 'missed classes are moved free' (A26); background
    UB07 is flagged content_conflict for hearing, correctly, 'no trip charge in Burlington' while
    the stale page was live."""
    res = cxaudit.analyze(HOLDOUT17 / "input.jsonl")
    s = score_scenarios(res.findings, HOLDOUT17 / "expected.jsonl")
    total = overall(s)
    assert total.precision >= 0.95 and total.recall >= 0.92, s["failures"]  # P 1.000 / R 0.970 at the end of session 13


HOLDOUT18 = Path(__file__).resolve().parent / "fixtures" / "holdout18"


def test_eighteenth_holdout_regression_guard():
    """Written blind in session 13 (15 new industries, watch repair to conveyancing; 169
    expectations). Untuned: P 0.960 / R 0.676 / F1 0.793, identical with the session's start code
    (contradiction 1/7, content_conflict 0/4). After general fixes (a job's turnaround time, a
    percentage discount of a named kind, a practice the policy now bills against pages that give
    it free or all inclusive, dated passive promises to send, leaving said as where the custom
    goes, a role or named person asked for): P 0.985 / R 0.901, no background customer flagged.
    Left: a price quoted in spoken words and confirmed 'all in' in the next turn (A05), a date
    moved twice in an hour (A11), Spanish and Dutch text (A16, A24), 'basically fine' against a
    report's major defect (A18)."""
    res = cxaudit.analyze(HOLDOUT18 / "input.jsonl")
    s = score_scenarios(res.findings, HOLDOUT18 / "expected.jsonl")
    assert not [f["customer_id"] for f in res.findings if str(f["customer_id"] or "").startswith("cust-TB")]
    total = overall(s)
    assert total.precision >= 0.94 and total.recall >= 0.85, s["failures"]  # P 0.985 / R 0.901 at the end of session 13
