"""cxaudit.changes: what a policy changed, read from its words, and the published sentences
that still state the old value or still offer the withdrawn practice."""

from __future__ import annotations

import pytest

from cxaudit.changes import mentions, policy_changes, stale_statements

CHANGES = [
    # (policy text, kind, old value, a new value, a key word stem)
    ("Parcels not collected within 72 hours are returned to the sender (previously 7 days).", "value", (168.0, "hours"), (72.0, "hours"), "parce"),
    ("From 1 September the multi-pet discount falls from 10% to 5%.", "value", (10.0, "%"), (5.0, "%"), "disco"),
    ("Payouts are sent within 5 business days after the event (previously 10 business days).", "value", (10.0, "working days"), (5.0, "working days"), "payou"),
    ("The minimum rental term for sofas is 6 months, up from 3 months.", "value", (3.0, "months"), (6.0, "months"), "sofa"),
    ("The excess is now £500 instead of £350.", "value", (350.0, "£"), (500.0, "£"), "exces"),
    ("Photographs of self-repairs are no longer accepted as evidence.", "withdrawn", None, None, "photo"),
    ("From 1 January, pro-rata refunds for unused months are no longer offered.", "withdrawn", None, None, "refun"),
    ("We no longer accept cheques sent by post.", "withdrawn", None, None, "chequ"),
    ("From 1 March 2025 the £50 fee-free overdraft buffer is withdrawn for all personal current accounts.", "withdrawn", None, None, "buffe"),
    ("Declined-payment texts and emails are switched off until the new platform goes live.", "withdrawn", None, None, "email"),
    ("Same-day click and collect is paused at all stores.", "withdrawn", None, None, "colle"),
    ("From 1 September, opened or used cosmetics (make-up, skincare) can no longer be returned.", "withdrawn", None, None, "cosme"),
    ("From 1 March e-book purchases are final once the order is complete.", "withdrawn", None, None, "purch"),
    ("From 1 July, Roamsure no longer automatically covers any pre-existing medical condition.", "withdrawn", None, None, "condi"),
    ("The free-nitrox offer for certified divers ends on 31 May.", "withdrawn", None, None, "nitro"),
    # kept for some cases only
    ("From 1 February, daily backups are included only on Business and Agency plans.", "restricted", None, None, "backu"),
    ("From 1 October the 30-day money-back guarantee applies to first purchases only.", "restricted", None, None, "guara"),
    ("Electrical parts (sensors, alternators) can only be returned unopened.", "restricted", None, None, "elect"),
    ("Free reprints are limited to printing defects.", "restricted", None, None, "repri"),
    ("Free remakes apply only to orders measured by a fitter.", "restricted", None, None, "remak"),
    ("Dental illness claims on Paw Plus are only payable if the pet had a dental check.", "restricted", None, None, "denta"),
    # now charged for
    ("From 1 August 2025, rush delivery (48 h) is billed at $30 per document, whatever its length.", "charged", None, None, "rush"),
    ("From 1 June 2025 passport return by courier is billed separately at ₹650 per passport.", "charged", None, None, "couri"),
    ("From 1 January 2025 alarm response now costs €12.50 a month, also for home-care clients.", "charged", None, None, "alarm"),
]


@pytest.mark.parametrize("text, kind, old, new, stem_", CHANGES)
def test_policy_changes(text, kind, old, new, stem_):
    got = [c for c in policy_changes(text) if c.kind == kind]
    assert got, policy_changes(text)
    c = got[0]
    assert stem_ in c.stems
    if kind == "value":
        assert c.old == old and new in c.new


@pytest.mark.parametrize(
    "text",
    [
        "From 1 March 2025 parcels are held for 72 hours.",  # a rule, no old value named
        "Our offices are open from 9 to 5.",  # "from 9 to 5" has no unit
        "Refunds are processed within 5 business days.",
        "Photos help.",  # too short to name a practice
        "The final payment is taken when the order ships.",  # 'final' as an adjective of a payment
        "Your invoice is final and due on receipt.",
        "Daily backups are included on every plan.",  # no restriction
        "Refunds apply to the original card.",  # no 'only'
        "Backups are kept for 30 days, only longer on request.",  # 'only' past the clause's comma
        "It costs nothing to ask.",  # no amount: nothing is billed
    ],
)
def test_no_change_read(text):
    assert policy_changes(text) == []


P_VALUE = policy_changes("Parcels not collected from a locker within 72 hours are returned (previously 7 days).")[0]
P_GONE = policy_changes("Pro-rata refunds for unused months are no longer offered.")[0]
P_ONLY = policy_changes("From 1 February, daily backups are included only on Business plans.")[0]
P_PARTS = policy_changes("Electrical parts can only be returned unopened.")[0]
P_CAP = policy_changes("The $120 monthly cap is discontinued for all customers.")[0]
P_RUSH = policy_changes("From 1 August 2025, rush delivery (48 h) is billed at $30 per document.")[0]
P_FINAL = policy_changes("From 1 March e-book purchases are final once the order is complete.")[0]


@pytest.mark.parametrize(
    "change, text, title, stale",
    [
        (P_VALUE, "Your parcel waits in the locker for 7 days.", "", True),
        (P_VALUE, "You have 7 days to collect it.", "SMS: parcel ready in your locker", True),  # topic from the title
        (P_VALUE, "You have 72 hours to collect your parcel from the locker.", "", False),  # the new value
        (P_VALUE, "Your parcel waits in the locker for 72 hours (7 days for oversized items).", "", False),  # both values
        (P_VALUE, "Returns are accepted within 7 days.", "", False),  # the old value, another topic
        (P_GONE, "Cancel anytime and we'll refund the unused months.", "", True),
        (P_GONE, "Refunds of unused months are no longer available.", "", False),  # the page denies it
        (policy_changes("Declined-payment texts and emails are switched off until February.")[0],
         "If we can't take the final payment, we'll text and email you straight away.", "", True),
        (policy_changes("Declined-payment texts and emails are switched off until February.")[0],
         "Payment texts and emails are paused while we upgrade our systems.", "", False),  # the page says so
        (P_GONE, "New lessons arrive every month.", "", False),  # one shared word is not the practice
        (P_ONLY, "All plans include free SSL and daily backups kept for 30 days.", "", True),  # to everyone
        (P_ONLY, "Daily backups are included.", "", True),  # offered plainly, no condition
        (P_ONLY, "Daily backups are included on Business plans only.", "", False),  # the page says the restriction
        (P_ONLY, "Daily backups help if you make changes often.", "", False),  # not an offer
        (P_PARTS, "Send any part back within 30 days, opened or not.", "Returns", True),  # the verb's topic from the title
        (P_PARTS, "Send any part back within 30 days.", "Delivery times", False),  # one shared word
        (P_CAP, "You'll never pay more than $120 on one monthly bill.", "", True),  # the cap by its amount
        (P_CAP, "Your monthly bill is ready.", "", False),
        (P_FINAL, "As long as you haven't downloaded it, you can ask for a refund.", "Can I return an e-book?", True),
        (P_FINAL, "Return postage is on us.", "Returns and refunds", False),  # only the verb's words
        (P_RUSH, "Need it fast? Rush delivery (48 hours) is included at no extra cost.", "Pricing", True),
        (P_RUSH, "Rush delivery (48 hours) is available for an extra charge.", "Pricing", False),  # charged on the page too
        (P_RUSH, "Standard delivery is free on every order.", "Pricing", False),  # another service
    ],
)
def test_stale_statements(change, text, title, stale):
    assert bool(stale_statements(text, change, title)) is stale


def test_stale_span_is_the_sentence():
    text = "Welcome. Your parcel waits in the locker for 7 days. Thanks."
    (s, e), = stale_statements(text, P_VALUE)
    assert text[s:e] == "Your parcel waits in the locker for 7 days."


@pytest.mark.parametrize(
    "change, text, hit",
    [
        (P_VALUE, "Your parcel is at the locker, you have 7 days to collect it.", True),
        (P_VALUE, "Your parcel is at the locker, collect within 72 hours.", False),  # the new value reached them
        (P_GONE, "Do you refund the unused months of my plan?", True),
        (P_GONE, "My lesson won't load.", False),
    ],
)
def test_mentions(change, text, hit):
    assert mentions(text, change) is hit
