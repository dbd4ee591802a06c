"""content_conflict: published content against the policy in force, and against what the
company tells customers. Near-misses: content updated the day the policy changes; policy and
content stating the same rule; different brands."""

from __future__ import annotations

import pytest

from pathlib import Path

from cxaudit.evaluation.scenarios import score_scenarios


_ENGINE = None


def _analyze(records):
    """One engine for the module (building the signal pipeline is the slow part)."""
    global _ENGINE
    from cxaudit.engine import Engine
    from cxaudit.writers import MemorySink

    if _ENGINE is None:
        _ENGINE = Engine(only=["content_conflict"])
    sink = MemorySink()
    _ENGINE.run(records if isinstance(records, (str, Path)) else list(records), sink)
    return [f for f in sink.rows["findings"] if f["code"] == "content_conflict"]


def content(cid, text, valid_from="2024-01-01T00:00:00Z", valid_to=None, brand=None):
    d = {"kind": "content", "id": cid, "source": "website", "text": text, "valid_from": valid_from}
    if valid_to:
        d["valid_to"] = valid_to
    if brand:
        d["meta"] = {"brand": brand}
    return d


def policy(pid, text, eff, brand=None):
    d = {"kind": "policy", "id": pid, "text": text, "effective_from": eff}
    if brand:
        d["meta"] = {"brand": brand}
    return d


def msg(mid, text, ts, role="agent", cust="cust-1", brand=None):
    d = {"kind": "message", "id": mid, "conversation_id": f"conv-{cust}", "customer_id": cust, "channel": "chat",
         "timestamp": ts, "role": role, "text": text}
    if brand:
        d["meta"] = {"brand": brand}
    return d


CARD_PAGE = content("ct1", "Checkout. Pay with: [Visa] [Maestro] [PayPal]")
CARD_POLICY = policy("po1", "From 1 March 2024 Maestro is no longer accepted.", "2024-03-01T00:00:00Z")
TOUCH = msg("m1", "Payment failed: Maestro is not supported.", "2024-03-10T12:00:00Z", role="system")

POSITIVES = {
    # the page gives rush delivery free; the policy now bills it
    "rush_free_on_the_page_billed_in_force": [
        content("ct1", "Certified translations: $45 per page. Need it fast? Rush delivery (48 hours) is included at no extra cost."),
        policy("po1", "From 1 August 2025, rush delivery (48 h) is billed at $30 per document, whatever its length.", "2025-08-01T00:00:00Z"),
        msg("m1", "The $30 on your invoice is for rush delivery, which is billed per document.", "2025-09-02T10:00:00Z"),
    ],
    # the page sells an all-inclusive package; the policy bills the courier return separately
    "all_inclusive_on_the_page_courier_billed_separately": [
        content("ct1", "Schengen visa assistance: 2,499 per applicant, all inclusive: form filling, document check and passport return by courier."),
        policy("po1", "From 1 June 2025 passport return by courier is billed separately at 650 per passport.", "2025-06-01T00:00:00Z"),
        msg("m1", "Passport return by courier is charged at 650 per passport.", "2025-07-02T10:00:00Z"),
    ],
    "cancel_any_time_on_the_page_early_exit_charge_in_force": [
        content("ct1", "Cancel any time. No fees, no catch. Just switch off your plan in the app."),
        policy("po1", "From 1 January 2025, customers on Printer+ plans who cancel within the first 12 months pay the outstanding printer balance, up to EUR 49.", "2025-01-01T00:00:00Z"),
        msg("m1", "Customers who cancel within the first 12 months pay the outstanding printer balance, so the EUR 49 is correct.", "2025-03-02T10:00:00Z"),
    ],
    # free on every item on the page; the policy charges some items and keeps others free
    "fine_free_on_any_item_on_the_page_fines_back_for_some": [
        content("ct1", "We're fine-free! We don't charge overdue fines on any item, for any age."),
        policy("po1", "From September 1, 2025 overdue fines are reinstated for Library of Things items: $0.25 per day. Books stay fine-free.", "2025-09-01T00:00:00Z"),
        msg("m1", "The overdue fine of $6.50 on the telescope is correct.", "2025-10-02T10:00:00Z"),
    ],
    "no_trip_charges_on_the_page_trip_charge_in_force": [
        content("ct1", "Sweep and inspection: $189 flat. No hidden fees, no trip charges."),
        policy("po1", "From September 1, 2025 a $45 trip charge applies to every job more than 25 miles from our shop.", "2025-09-01T00:00:00Z"),
        msg("m1", "The $45 trip charge applies as you are 31 miles from the shop.", "2025-10-02T10:00:00Z"),
    ],
    "free_offer_on_the_page_said_to_end": [
        content("ct1", "Certified divers get free nitrox fills on every boat dive."),
        policy("po1", "The free-nitrox offer for certified divers ends on 31 May.", "2025-06-01T00:00:00Z"),
        msg("m1", "Nitrox for certified divers is charged since June.", "2025-06-12T10:00:00Z"),
    ],
    # a practice the policy keeps for some cases, offered to everyone on the page
    "backups_for_all_plans_on_the_page_business_only_in_force": [
        content("ct1", "All plans include: free SSL certificates, daily backups kept for 30 days and 24/7 support."),
        policy("po1", "From 1 February 2026, daily backups are included only on Business and Agency plans.", "2026-02-01T00:00:00Z"),
        msg("m1", "Your Starter plan has weekly backups, daily backups are an add-on.", "2026-03-02T10:00:00Z"),
    ],
    "any_reprint_free_on_the_page_defects_only_in_force": [
        content("ct1", "The guarantee: if any print fails, for any reason, we reprint it free of charge."),
        policy("po1", "From 1 September 2024 free reprints are limited to printing defects.", "2024-09-01T00:00:00Z"),
        msg("m1", "Free reprints only cover printing defects, so this one is invoiced.", "2024-10-02T10:00:00Z"),
    ],
    "dental_cover_plain_on_the_page_conditional_in_force": [
        content("ct1", "What we cover\n• Dental illness - covered up to $1,000 a year, including extractions"),
        policy("po1", "From 1 February 2025 dental illness claims are only payable if the pet had a dental check in the last 12 months.", "2025-02-01T00:00:00Z"),
        msg("m1", "Your dental illness claim is declined as there was no dental check.", "2025-03-02T10:00:00Z"),
    ],
    "opened_returns_on_the_page_withdrawn_in_force": [
        content("ct1", "Send back anything within 30 days for a full refund, even if you've opened it."),
        policy("po1", "From 1 September 2025, opened or used cosmetics can no longer be returned.", "2025-09-01T00:00:00Z"),
        msg("m1", "Opened cosmetics can't be returned any more, sorry.", "2025-09-12T10:00:00Z"),
    ],
    "membership_price_on_the_page_risen_in_force": [
        content("ct1", "Become a member. Family membership: $120 a year. Two adults and up to four children."),
        policy("po1", "From 1 January 2025 the Family membership costs $135 a year, renewals included.", "2025-01-01T00:00:00Z"),
        msg("m1", "The Family membership is $135 a year since January, so the amount charged is correct.", "2025-01-20T10:00:00Z"),
    ],
    "day_pass_price_on_the_page_risen_in_force": [
        content("ct1", "Travelling? The US Roam Pass is $12 a day, switched on automatically."),
        policy("po1", "From June 1, 2025 the US Roam Pass is $15 per day of use.", "2025-06-01T00:00:00Z"),
        msg("m1", "The US Roam Pass is $15 per day, so 16 days is $240.", "2025-07-02T10:00:00Z"),
    ],
    "skip_notice_seven_days_on_the_page_fourteen_in_force": [
        content("ct1", "Can I skip a shipment? Of course: you can skip any quarterly shipment up to 7 days before it's dispatched."),
        policy("po1", "From 1 September 2025 members must skip a quarterly shipment at least 14 days before its dispatch date.", "2025-09-01T00:00:00Z"),
        msg("m1", "Since 1 September, skips must be made at least 14 days before dispatch.", "2025-09-20T10:00:00Z"),
    ],
    "repair_window_thirty_days_on_the_page_fourteen_in_force": [
        content("ct1", "If a leak on your supply pipe is repaired within 30 days of our notice, we'll refund the extra water charge."),
        policy("po1", "From 1 April 2025 the extra charge is refunded only if the leak is repaired within 14 days of our leak notice.", "2025-04-01T00:00:00Z"),
        msg("m1", "Under the rules in force, the leak must be repaired within 14 days of our notice.", "2025-05-20T10:00:00Z"),
    ],
    "cover_list_still_names_the_windscreen": [
        content("ct1", "GP covers stone damage to the windscreen, headlights, paint and underbody with zero excess."),
        policy("po1", "From 1 March 2025 Gravel Protection (GP) covers stone damage to paint, headlights and the underbody. Windscreens are no longer included.", "2025-03-01T00:00:00Z"),
        msg("m1", "Windscreen damage is not covered by Gravel Protection, so the repair was charged.", "2025-09-22T10:00:00Z"),
    ],
    "warranty_cut_from_six_months_to_ninety_days": [
        content("ct1", "Every screen replacement comes with a 6-month warranty. If the display plays up, we fix it free."),
        policy("po1", "From 1 January 2026, screen replacements carry a 90-day warranty. Liquid damage is excluded.", "2026-01-01T00:00:00Z"),
        msg("m1", "Your website says the warranty is six months, why is it only 90 days?", "2026-02-10T10:00:00Z", role="customer"),
    ],
    "fee_waived_over_an_order_value_then_charged_whatever_the_value": [
        content("ct1", "Every order over £500 comes with free delivery and free expert assembly. Orders under £500: assembly from £29."),
        policy("po1", "From 1 February 2025, expert assembly is charged at £49 per order, whatever the order value.", "2025-02-01T00:00:00Z"),
        msg("m1", "Why was I charged £49 for assembly? Your page says it's free over £500.", "2025-02-23T10:05:00Z", role="customer"),
    ],
    "free_cancellation_window_shortened": [
        content("ct1", "Changed your plans? You can cancel for free within 5 minutes of requesting a ride."),
        policy("po1", "From 1 May 2025 riders can cancel free of charge within 2 minutes of a driver accepting.", "2025-05-01T00:00:00Z"),
        msg("m1", "Why was I charged? Your page says I can cancel for free within 5 minutes.", "2025-05-10T08:00:00Z", role="customer"),
    ],
    "withdrawn_payment_method": [CARD_PAGE, CARD_POLICY, TOUCH],
    "discontinued_service": [
        content("ct1", "Price guarantee: found it cheaper within 7 days? We'll refund the difference."),
        policy("po1", "Price matching ends on 31 January 2024.", "2024-02-01T00:00:00Z"),
        msg("m1", "Sorry, we stopped price matching in February.", "2024-02-20T10:00:00Z"),
    ],
    "universal_waiver_limited": [
        content("ct1", "Summer deal: $0 activation fee on every new line.", "2024-06-01T00:00:00Z", "2024-06-30T23:59:59Z"),
        policy("po1", "From 10 June the activation fee waiver applies only to family plans.", "2024-06-10T00:00:00Z"),
        msg("m1", "Hi, is the activation fee really waived for me?", "2024-06-15T10:00:00Z", role="customer"),
    ],
    "stale_price": [
        content("ct1", "Delivery. Express delivery: £5.00 for next-day."),
        policy("po1", "From 1 May express delivery costs £6.50.", "2024-05-01T00:00:00Z"),
        msg("m1", "Why was I charged £6.50 for express delivery?", "2024-05-03T10:00:00Z", role="customer"),
    ],
    "named_offer_withdrawn_page_still_up": [
        content("ct1", "Snapladle On-Time Promise. Late by 30 minutes? We refund your delivery fee automatically."),
        policy("po1", "The On-Time Promise (automatic delivery-fee refund) ends on 1 September 2025.", "2025-09-01T00:00:00Z"),
        msg("m1", "Your page says the on time promise refunds my fee!", "2025-09-12T10:00:00Z", role="customer"),
    ],
    "no_fees_on_refunds_then_admin_fee": [
        content("ct1", "Flexi fares. Cancel up to 1 hour before departure and we'll refund it in full, with no fees."),
        policy("po1", "From 1 February 2025 a NZ$10 administration fee is deducted from every Flexi fare refund.", "2025-02-01T00:00:00Z"),
        msg("m1", "Why was a fee taken from my Flexi refund? Your page says no fees.", "2025-02-10T10:00:00Z", role="customer"),
    ],
    "content_keeps_the_replaced_value": [
        content("ct1", "What is my excess? For escape of water the excess is £350. Subsidence claims carry a £1,000 excess."),
        policy("po1", "From 1 September 2025 the compulsory excess for escape-of-water claims on Home Plus policies is £500 (previously £350).", "2025-09-01T00:00:00Z"),
        msg("m1", "Your help page says my excess is £350, why is my claim email saying £500?", "2025-09-10T10:00:00Z", role="customer"),
    ],
    "instalment_plan_shortened": [
        content("ct1", "Paying your fees. Fees can be paid in full by 17 October, or in three instalments."),
        policy("po1", "From the 2025/26 academic year the fee instalment plan has two payments: 50% by 17 October and 50% by 30 January.", "2025-08-01T00:00:00Z"),
        msg("m1", "Your payment towards your fees (instalment 1 of 2) was declined.", "2025-10-10T10:00:00Z", role="system"),
    ],
    # changes the vocabulary does not type, read from the policy's own words (cxaudit.changes)
    "untyped_time_limit_replaced": [
        content("ct1", "How long will my parcel wait? Your parcel waits in the locker for 7 days."),
        policy("po1", "From 1 March 2025, parcels not collected from a locker within 72 hours are returned to the sender (previously 7 days).", "2025-03-01T00:00:00Z"),
        msg("m1", "Your parcel is ready at the locker. You have 7 days to collect it.", "2025-03-10T10:00:00Z", role="system"),
    ],
    "untyped_percentage_from_to": [
        content("ct1", "Insure two pets or more and save 10% on each extra pet's premium."),
        policy("po1", "From 1 September 2025 the multi-pet discount falls from 10% to 5% for each extra pet.", "2025-09-01T00:00:00Z"),
        msg("m1", "Your quote includes a 10% saving on each extra pet premium.", "2025-09-05T10:00:00Z"),
    ],
    "untyped_practice_withdrawn": [
        content("ct1", "Had a leak? If you repaired it yourself, a clear photo of the repair is all we need."),
        policy("po1", "From 1 October 2025 photographs of self-repairs are no longer accepted as evidence for a leak allowance.", "2025-10-01T00:00:00Z"),
        msg("m1", "I sent the photos of my repair, why was the allowance refused?", "2025-10-12T10:00:00Z", role="customer"),
    ],
    "untyped_offer_no_longer_given": [
        content("ct1", "Annual plan. Cancel anytime and we'll refund the unused months of your plan."),
        policy("po1", "From 1 January 2025, pro-rata refunds for unused months are no longer offered on annual plans.", "2025-01-01T00:00:00Z"),
        msg("m1", "Your pricing page says you refund unused months on annual plans!", "2025-02-03T10:00:00Z", role="customer"),
    ],
    "no_annual_fees_then_annual_fee": [
        content("ct1", "Simple pricing: $29.99 a month. No annual fees. No hidden charges."),
        policy("po1", "From March 1, 2025 every membership is charged a $49 annual club enhancement fee.", "2025-03-01T00:00:00Z"),
        msg("m1", "Why was I charged a $49 annual fee? Your page says no annual fees.", "2025-06-02T10:00:00Z", role="customer"),
    ],
    "message_notice_period_against_page": [
        content("ct1", "Appointments. You can cancel any appointment free of charge up to 24 hours before it starts."),
        msg("m1", "Our cancellation policy requires 48 hours' notice, so the late fee applies.", "2024-05-02T10:00:00Z"),
    ],
    "message_contradicts_content_no_policy": [
        content("ct1", "We accept Klarna on all orders."),
        msg("m1", "Sorry, we do not accept Klarna.", "2024-04-02T10:00:00Z"),
    ],
}

NEGATIVES = {
    # the page already says rush delivery costs extra
    "rush_charged_on_the_page_and_in_force": [
        content("ct1", "Need it fast? Rush delivery (48 hours) is available for an extra charge."),
        policy("po1", "From 1 August 2025, rush delivery (48 h) is billed at $30 per document.", "2025-08-01T00:00:00Z"),
        msg("m1", "Rush delivery is billed at $30 per document.", "2025-09-02T10:00:00Z"),
    ],
    # the page states the restriction the policy brought
    "backups_business_only_on_the_page_and_in_force": [
        content("ct1", "Daily backups are included on Business and Agency plans only."),
        policy("po1", "From 1 February 2026, daily backups are included only on Business and Agency plans.", "2026-02-01T00:00:00Z"),
        msg("m1", "Daily backups come with Business plans.", "2026-03-02T10:00:00Z"),
    ],
    # the page already keeps the fines for some items
    "fines_for_some_items_on_the_page_and_in_force": [
        content("ct1", "Books are fine-free. Library of Things items are charged $0.25 a day when overdue."),
        policy("po1", "From September 1, 2025 overdue fines are reinstated for Library of Things items: $0.25 per day. Books stay fine-free.", "2025-09-01T00:00:00Z"),
        msg("m1", "Your telescope is due back on Friday, there are overdue fines on Library of Things items.", "2025-10-02T10:00:00Z", role="customer"),
    ],
    # the page speaks of the subject without offering it
    "backups_mentioned_not_offered": [
        content("ct1", "Tip: daily backups help if you change your site often."),
        policy("po1", "From 1 February 2026, daily backups are included only on Business and Agency plans.", "2026-02-01T00:00:00Z"),
        msg("m1", "Daily backups come with Business plans.", "2026-03-02T10:00:00Z"),
    ],
    # the page's offer ends when the restriction starts
    "reprints_page_expired_when_policy_began": [
        content("ct1", "If any print fails, for any reason, we reprint it free of charge.", valid_to="2024-08-31T23:59:59Z"),
        policy("po1", "From 1 September 2024 free reprints are limited to printing defects.", "2024-09-01T00:00:00Z"),
        msg("m1", "Free reprints only cover printing defects.", "2024-10-02T10:00:00Z"),
    ],
    "cancel_any_time_on_the_page_and_in_force": [
        content("ct1", "Cancel any time. No fees, no catch."),
        policy("po1", "From 1 January 2025 you can cancel anytime for free, online or by phone.", "2025-01-01T00:00:00Z"),
        msg("m1", "You can cancel anytime for free in the app.", "2025-03-02T10:00:00Z"),
    ],
    # a yearly and a monthly price of one membership are not the same figure
    "membership_yearly_on_the_page_monthly_in_force": [
        content("ct1", "Family membership: $120 a year."),
        policy("po1", "From 1 January 2025 the Family membership can also be paid at $11 a month.", "2025-01-01T00:00:00Z"),
        msg("m1", "Your Family membership is now paid monthly.", "2025-01-20T10:00:00Z"),
    ],
    # different tiers, different prices
    "individual_price_on_the_page_family_price_in_force": [
        content("ct1", "Individual membership: $70 a year."),
        policy("po1", "From 1 January 2025 the Family membership costs $135 a year.", "2025-01-01T00:00:00Z"),
        msg("m1", "Your Individual membership renews next week.", "2025-01-20T10:00:00Z"),
    ],
    # the page already shows the new price, with the old one as history
    "page_shows_the_old_price_as_history": [
        content("ct1", "The Family membership was $120 a year; it is now $135 a year.", valid_from="2025-01-01T00:00:00Z"),
        policy("po1", "From 1 January 2025 the Family membership costs $135 a year.", "2025-01-01T00:00:00Z"),
        msg("m1", "Your Family membership renews next week.", "2025-01-20T10:00:00Z"),
    ],
    # the page and the policy speak of different audiences
    "fee_for_postgraduates_no_fee_for_undergraduates": [
        content("ct1", "Postgraduate taught applicants pay a one-off £30 application fee when they submit."),
        policy("po1", "Undergraduate applications for entry in 2026 or later carry no application fee.", "2025-09-01T00:00:00Z"),
        msg("m1", "There is no application fee for undergraduate programmes, so there is nothing to pay.", "2025-10-02T09:00:00Z"),
    ],
    # the page already tells of the change, dated the day it took effect
    "page_dates_the_withdrawal_itself": [
        content("ct1", "Home Plus covers storm, fire and theft. From 1 July 2025, accidental damage is an optional add-on."),
        policy("po1", "From 1 July 2025 accidental damage cover is no longer included in Home Plus.", "2025-07-01T00:00:00Z"),
    ],
    "page_gives_the_old_fee_with_its_end_date": [
        content("ct1", "From 1 December 2025 the online booking fee is $1.95 per ticket (it's $1.50 until 30 November).", valid_from="2025-11-20T00:00:00Z"),
        policy("po1", "From 1 December 2025 the online booking fee is $1.95 per ticket (previously $1.50).", "2025-12-01T00:00:00Z"),
        msg("m1", "Why was the booking fee $1.95 a ticket?", "2025-12-04T07:00:00Z", role="customer"),
    ],
    "fee_waived_over_an_order_value_and_policy_keeps_the_threshold": [
        content("ct1", "Every order over £500 comes with free expert assembly. Orders under £500: assembly from £29."),
        policy("po1", "From 1 February 2025, assembly on orders under £500 is charged at £49 per order.", "2025-02-01T00:00:00Z"),
    ],
    "free_cancellation_window_unchanged": [
        content("ct1", "You can cancel for free within 2 minutes of requesting a ride."),
        policy("po1", "From 1 May 2025 riders can cancel free of charge within 2 minutes of a driver accepting.", "2025-05-01T00:00:00Z"),
    ],
    "fee_waived_only_for_members_agrees_with_a_charge": [
        content("ct1", "Returns within 30 days. A $7.95 return shipping fee is deducted from your refund (free for Circle members).", valid_from="2025-03-14T00:00:00Z"),
        policy("po1", "From 1 April 2025 a $7.95 return shipping fee is deducted from refunds. Circle members are exempt.", "2025-04-01T00:00:00Z"),
    ],
    "content_updated_same_day": [
        content("ct1", "Delivery. Express delivery: £5.00 for next-day.", valid_to="2024-04-30T23:59:59Z"),
        content("ct2", "Delivery. Express delivery: £6.50 for next-day.", valid_from="2024-05-01T00:00:00Z"),
        policy("po1", "From 1 May express delivery costs £6.50 (previously £5.00).", "2024-05-01T00:00:00Z"),
        msg("m1", "Our express delivery price changed from £5.00 to £6.50 on 1 May.", "2024-05-03T10:00:00Z"),
    ],
    "policy_and_content_agree": [
        content("ct1", "Outages: if an outage lasts more than 24 hours we'll credit your account."),
        policy("po1", "Service credits are applied for outages lasting more than 24 hours.", "2024-01-01T00:00:00Z"),
        msg("m1", "Service credits only apply for outages over 24 hours, sorry.", "2024-03-01T10:00:00Z"),
    ],
    "policy_older_than_content": [
        policy("po1", "Maestro is no longer accepted.", "2023-01-01T00:00:00Z"),
        content("ct1", "Checkout. Pay with: [Visa] [PayPal]", valid_from="2023-06-01T00:00:00Z"),
        msg("m1", "Maestro is not supported.", "2024-03-10T12:00:00Z", role="system"),
    ],
    "different_brands": [
        content("ct1", "Checkout. Pay with: [Visa] [Maestro] [PayPal]", brand="alpha"),
        policy("po1", "From 1 March 2024 Maestro is no longer accepted.", "2024-03-01T00:00:00Z", brand="beta"),
    ],
    "named_offer_page_says_it_ended": [
        content("ct1", "The On-Time Promise is no longer available from 1 September 2025.", valid_from="2025-08-20T00:00:00Z"),
        policy("po1", "The On-Time Promise (automatic delivery-fee refund) ends on 1 September 2025.", "2025-09-01T00:00:00Z"),
    ],
    "named_offer_page_retired_in_time": [
        content("ct1", "Snapladle On-Time Promise. We refund your delivery fee automatically.", valid_to="2025-08-31T23:59:59Z"),
        policy("po1", "The On-Time Promise (automatic delivery-fee refund) ends on 1 September 2025.", "2025-09-01T00:00:00Z"),
    ],
    "no_fees_on_changes_fee_on_refunds": [
        content("ct1", "Flexi fares. Changes are free, with no fees."),
        policy("po1", "From 1 February 2025 a NZ$10 administration fee is deducted from every Flexi fare refund.", "2025-02-01T00:00:00Z"),
    ],
    "content_updated_to_the_new_value": [
        content("ct1", "What is my excess? For escape of water the excess is £500.", valid_from="2025-09-01T00:00:00Z"),
        policy("po1", "From 1 September 2025 the compulsory excess for escape-of-water claims on Home Plus policies is £500 (previously £350).", "2025-09-01T00:00:00Z"),
    ],
    "untyped_change_page_states_both_values": [
        content("ct1", "Sofas: minimum rental term 6 months for orders from 1 October 2025 (3 months before then).", valid_from="2025-09-25T00:00:00Z"),
        policy("po1", "From 1 October 2025 the minimum rental term for sofas is 6 months (previously 3 months).", "2025-10-01T00:00:00Z"),
    ],
    "untyped_change_page_has_the_new_value": [
        content("ct1", "Insure two pets or more and save 5% on each extra pet's premium.", valid_from="2025-09-01T00:00:00Z"),
        policy("po1", "From 1 September 2025 the multi-pet discount falls from 10% to 5% for each extra pet.", "2025-09-01T00:00:00Z"),
    ],
    "untyped_old_value_on_another_topic": [
        content("ct1", "Returns. Send items back within 7 days for a full refund."),
        policy("po1", "From 1 March 2025, parcels not collected from a locker within 72 hours are returned to the sender (previously 7 days).", "2025-03-01T00:00:00Z"),
    ],
    "untyped_page_says_it_was_withdrawn": [
        content("ct1", "Annual plan. Refunds of unused months are no longer available."),
        policy("po1", "From 1 January 2025, pro-rata refunds for unused months are no longer offered on annual plans.", "2025-01-01T00:00:00Z"),
    ],
    "untyped_withdrawn_page_about_something_else": [
        content("ct1", "Annual plan. Learn at your own pace, with new lessons every month."),
        policy("po1", "From 1 January 2025, pro-rata refunds for unused months are no longer offered on annual plans.", "2025-01-01T00:00:00Z"),
    ],
    "message_notice_period_matches_page": [
        content("ct1", "Appointments. You can cancel any appointment free of charge up to 24 hours before it starts."),
        msg("m1", "You can cancel with 24 hours' notice at no charge.", "2024-05-02T10:00:00Z"),
    ],
    "content_expired_before_policy": [
        content("ct1", "Checkout. Pay with: [Visa] [Maestro]", valid_to="2024-02-29T23:59:59Z"),
        policy("po1", "From 1 March 2024 Maestro is no longer accepted.", "2024-03-01T00:00:00Z"),
    ],
}


def _run(records):
    return _analyze(records)


def _check_evidence(f, records):
    texts = {r["id"]: r["text"] for r in records}
    for e in f["evidence"]:
        rid = e.get("message_id") or e.get("content_id") or e.get("policy_id")
        assert texts[rid][e["start"]:e["end"]] == e["quote"]


@pytest.mark.parametrize("name", sorted(POSITIVES))
def test_conflict_found(name):
    recs = POSITIVES[name]
    fs = _run(recs)
    assert fs, name
    cust = [f for f in fs if f["customer_id"] == "cust-1"]
    assert cust, fs
    for f in fs:
        _check_evidence(f, recs)
        ids = {e.get("content_id") for e in f["evidence"]}
        assert "ct1" in ids
        assert f["explanation"]
    if any(r["kind"] == "policy" for r in recs):
        corpus = [f for f in fs if f["customer_id"] is None]
        assert len(corpus) == 1
        m = corpus[0]["measures"]
        assert m["policy_id"] == "po1" and m["customers"] == ["cust-1"]
        assert m["conflict_began"].startswith(next(r["effective_from"] for r in recs if r["kind"] == "policy")[:10])


@pytest.mark.parametrize("name", sorted(NEGATIVES))
def test_no_conflict(name):
    assert _run(NEGATIVES[name]) == []


def test_conflict_begins_at_later_of_policy_and_content():
    recs = [content("ct1", "Pay with: [Visa] [Maestro]", valid_from="2024-04-15T00:00:00Z"), CARD_POLICY]
    fs = _run(recs)
    assert len(fs) == 1 and fs[0]["measures"]["conflict_began"].startswith("2024-04-15")


def test_untouched_customer_not_listed():
    recs = [CARD_PAGE, CARD_POLICY, msg("m1", "Where is my parcel?", "2024-03-10T12:00:00Z", role="customer", cust="cust-2")]
    fs = _run(recs)
    assert [f["customer_id"] for f in fs] == [None]


def test_scenarios(shared_data):
    path = shared_data / "scenarios"
    fs = _analyze(path / "input.jsonl")
    score = score_scenarios(fs, path / "expected.jsonl")
    assert score["by_code"]["content_conflict"]["f1"] >= 0.9
    assert not [f for f in fs if str(f["customer_id"]).startswith("cust-B")]


def test_same_audience_still_conflicts():
    """The audience check only parts statements about different audiences of one family."""
    recs = [
        content("ct1", "Undergraduate applicants pay a one-off £30 application fee when they submit."),
        policy("po1", "Undergraduate applications for entry in 2026 or later carry no application fee.", "2025-09-01T00:00:00Z"),
    ]
    fs = _run(recs)
    assert [f["measures"]["policy_id"] for f in fs if f["customer_id"] is None] == ["po1"]
