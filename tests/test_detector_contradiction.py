"""contradiction: incompatible company statements to one customer; refinements, acknowledged
corrections, changes of state and amounts that add up are not contradictions."""

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
        _ENGINE = Engine(only=["contradiction"])
    sink = MemorySink()
    _ENGINE.run(records if isinstance(records, (str, Path)) else list(records), sink)
    return [f for f in sink.rows["findings"] if f["code"] == "contradiction"]


def _msgs(*turns, order="ORD-1001"):
    """turns: (day, role, channel, department, text)."""
    out = []
    for i, (day, role, channel, dept, text) in enumerate(turns):
        out.append({
            "kind": "message", "id": f"m{i}", "conversation_id": f"c-{channel}", "customer_id": "cust-1",
            "channel": channel, "timestamp": f"2024-06-{day:02d}T10:{i:02d}:00Z", "role": role,
            "department": dept, "text": text, "order_id": order,
        })
    return out


def _run(records):
    return _analyze(records)


POSITIVES = {
    # the confirmation says three weeks; the workshop says six to eight
    "turnaround_three_then_six_to_eight_weeks": _msgs(
        (3, "system", "email", "workshop", "Estimated turnaround: three weeks from the day your watch reaches our workshop."),
        (20, "agent", "email", "workshop", "A full service on a calibre 562 takes six to eight weeks, it has always been so."),
    ),
    # admissions confirms a 10% sibling discount; the invoice gives 5%
    "sibling_discount_ten_then_five": _msgs(
        (3, "agent", "email", "admissions", "Yes, a ten percent sibling discount applies to Omar's monthly fee."),
        (20, "system", "messaging", "billing", "Invoice September: AED 4,200.00; sibling discount (5%): -AED 210.00; total due AED 3,990.00"),
    ),
    # the arrival email logs six knives; customer care says five were received
    "six_logged_then_five_received": _msgs(
        (3, "system", "email", "workshop", "Your parcel has arrived at the workshop and we've logged 6 knives for sharpening."),
        (10, "agent", "email", "customer_care", "Our bench log shows five knives were received and sharpened, and five were returned."),
    ),
    # bookings says the room takes eight; the game master says six at most
    "room_takes_eight_then_six_max": _msgs(
        (1, "agent", "chat", "bookings", "Yes, 7 is fine in the Cellar, it takes up to 8 at a squeeze."),
        (4, "agent", "phone", "game_masters", "Yeah, the Cellar is six max, fire regulations, no exceptions."),
    ),
    # the full refund is promised (no order number said); the refund deducts postage, and the
    # rest is paid only after the customer complains
    "full_refund_promised_then_postage_deducted": [
        *_msgs((3, "agent", "email", "customer_care", "I've emailed you a free return label. We'll refund the full $289 as soon as it's back with us."), order=None),
        *[dict(m, id="s1", conversation_id="c-mail-2") for m in _msgs((10, "system", "email", "refunds", "Your refund for FW-9877: we've refunded $279.50 to your card. Return postage deducted: -$9.50."), order="FW-9877")],
        *[dict(m, id="u1") for m in _msgs((11, "customer", "email", "", "You told me I'd get the full $289 back!"), order=None)],
        *[dict(m, id="s2") for m in _msgs((12, "agent", "email", "customer_care", "You're right, sorry. I've refunded the remaining $9.50 today."), order="FW-9877")],
    ],
    # the office says the lesson block lasts eight weeks; the confirmation and the manager say six
    "validity_eight_then_six_weeks": _msgs(
        (3, "agent", "phone", "office", "Not at all, the block's valid for eight weeks from when you buy it, so the whole summer is covered."),
        (20, "agent", "email", "office", "Lesson blocks are valid for six weeks from the date of purchase."),
    ),
    # sales puts the order on the truck for the 11th; dispatch gives a later earliest ship date
    "truck_date_then_ship_date": _msgs(
        (3, "agent", "phone", "sales", "Let me pull it up... yep, I've got you on the truck for Tuesday the 11th."),
        (5, "agent", "email", "dispatch", "Your seed is on backorder from the supplier. The earliest ship date we have been given is June 20."),
    ),
    # the artist says the deposit comes back with notice; the front desk says never
    "deposit_back_with_notice_then_never": _msgs(
        (3, "agent", "social", "artists", "Deposit is €100 and comes off the final price. If you cancel at least 48 hours before, you get it back, no problem."),
        (20, "agent", "email", "front_desk", "Sorry for the mixed message. Our deposits are non-refundable under any circumstances; with 72 hours' notice we can move the deposit once to a new date."),
    ),
    # the phone agent cancels the parking ticket; enforcement then says it stands
    "parking_ticket_cancelled_then_stands": _msgs(
        (3, "agent", "phone", "parking_services", "Your permit has been active since the 1st, so I'll cancel the ticket; you don't need to do anything."),
        (17, "agent", "email", "enforcement", "Penalty Charge Notice MB40021877: your challenge has been rejected and the penalty charge of £70 remains payable."),
    ),
    # chat books a free reprint; the quality team says it is not covered and charges half
    "free_reprint_then_not_covered": _msgs(
        (3, "agent", "chat", "customer_care", "I've requested a free reprint of all 60 prints for you, there's no charge."),
        (5, "agent", "email", "quality", "This is not a production fault and is not covered by a free reprint. We can reprint the order at 50% of the original price."),
    ),
    # admissions and the accommodation office give two application deadlines
    "two_application_deadlines": _msgs(
        (2, "agent", "chat", "admissions", "All first-year students are guaranteed a room in halls as long as they apply for accommodation by 30 June."),
        (12, "agent", "email", "accommodation", "The accommodation guarantee applies to first-year applicants who apply for accommodation by 31 May."),
    ),
    # chat refuses compensation for a material; the claims team says it applies to all
    "compensation_refused_then_said_to_apply": _msgs(
        (5, "agent", "chat", "customer_care", "silk is at own risk lor, we cannot compensate for silk."),
        (10, "agent", "email", "claims", "Compensation of up to 10 times the cleaning fee applies to all garment types, including silk."),
    ),
    # sales says a zero deductible; claims deducts one
    "zero_deductible_then_deducted": _msgs(
        (3, "agent", "phone", "sales", "Yeah, so glass is covered under comprehensive with a zero deductible."),
        (20, "agent", "email", "claims", "Your comprehensive deductible of $300 applies to glass claims, so we have paid the shop $720."),
    ),
    # the enrolment email and admissions give two start dates, with no word of a change
    "two_course_start_dates": _msgs(
        (3, "system", "email", None, "Your place on Intensive Spanish B1 is confirmed. Start date: Monday 24 June 2024, 09:00."),
        (10, "agent", "email", "admissions", "Please note that your Intensive Spanish B1 course will begin on Monday 1 July 2024 at 09:00."),
    ),
    # a bot repeats a ship date already past when it says it; member care then gives another
    "stale_ship_date_then_another": _msgs(
        (12, "bot", "messaging", None, "Your June record ships by June 10. You'll get tracking as soon as it's on its way!"),
        (13, "agent", "email", "member_care", "Quick update: your June pick is on backorder and we now expect it to ship on June 28."),
    ),
    # an all-in price on the phone, then an invoice whose total is higher, with no word of a change
    "all_in_quote_then_a_higher_bill": _msgs(
        (3, "agent", "phone", "night_desk", "It's a flat A$149 all-in tonight, technician there in 40 minutes."),
        (4, "system", "sms", "billing", "Keyfast invoice: lockout A$149.00 + after-hours surcharge A$140.00 = A$289.00, charged to card ending 0921."),
    ),
    "quote_with_that_is_everything_then_invoice_total": _msgs(
        (3, "agent", "chat", "sales", "For the full service it's $620. That's everything, parts and labour."),
        (10, "system", "email", "billing", "Invoice 5521. Service: $620.00 Parts: $95.00 Total: $715.00"),
    ),
    # events says the deposit comes back up to 90 days before; accounts says never
    "deposit_refundable_on_a_condition_then_never": _msgs(
        (3, "agent", "email", "events", "To secure the date we ask for a deposit of EUR 4,500. The deposit is fully refundable up to 90 days before the wedding."),
        (9, "agent", "email", "accounts", "Please note that the deposit is non-refundable in all circumstances (clause 7.2)."),
    ),
    # one billing agent adds a credit, the next says none is due, with no word about the first
    "credit_added_then_none_due": _msgs(
        (3, "agent", "email", "billing", "Thanks for flagging it. I've added a $2.25 credit that will show on your March invoice."),
        (9, "agent", "email", "billing", "The February overage was billed correctly under current pricing. No credit is due on the account."),
    ),
    # a full refund promised on the phone; billing keeps a fee and calls the rest correct
    "full_refund_then_a_fee_kept": _msgs(
        (3, "agent", "phone", "care", "I'll cancel the rental and give you a full refund of $142 within 3 business days."),
        (9, "agent", "email", "billing", "The $40 booking fee is non-refundable under our rental terms, so the refund of $102 is correct."),
    ),
    # the rent on the booking confirmation and on the tenancy agreement
    "rent_confirmed_then_higher": _msgs(
        (3, "system", "email", None, "Your room is booked: Ensuite Silver. Rent: £189 per week for 51 weeks."),
        (9, "system", "email", None, "Please sign your tenancy agreement. Ensuite Silver. Rent: £204 per week, 51 weeks."),
    ),
    # a full refund to the card, then part of it paid as credit
    "card_refund_then_part_as_credit": _msgs(
        (3, "agent", "messaging", "care", "You'll get a full refund of AED 210 to your card within 5 working days."),
        (9, "agent", "email", "billing", "You will receive AED 150 back to your card and AED 60 as Tidyloop credit."),
    ),
    # an amount in a currency code before the number
    "refund_in_aed": _msgs(
        (3, "agent", "messaging", "care", "You'll get a full refund of AED 210 to your card within 5 working days."),
        (9, "agent", "email", "billing", "Your refund of AED 150 has been sent to your card."),
    ),
    # a reminder treats the booking as going ahead after the date it was (later said to be) cancelled
    "reminder_sent_after_the_cancellation_date": _msgs(
        (7, "system", "email", None, "Booking ORD-1001: your car will be ready for pick-up on 9 June at 23:30."),
        (9, "agent", "phone", "reservations", "I'm sorry, that booking was cancelled on 4 June: the card payment failed."),
    ),
    "entitled_on_social_then_unable_to_pay": _msgs(
        (3, "agent", "social", "social", "As your 18:04 was cancelled, you're entitled to 50% of your return fare, £11.80."),
        (12, "agent", "email", "claims", "We are unable to pay compensation for this journey: it arrived 12 minutes late."),
    ),
    "out_of_stock_then_in_stock_the_whole_time": _msgs(
        (3, "agent", "chat", "care", "I'm afraid the pram is out of stock at our warehouse."),
        (3, "agent", "email", "payments", "Sorry for the mix-up: the pram has been in stock the whole time."),
    ),
    "packed_and_ready_then_backordered_since_before": _msgs(
        (24, "agent", "phone", "care", "It's packed and ready in our warehouse and goes out with Friday's van."),
        (25, "agent", "email", "fulfilment", "Your bike has been on backorder since 8 June: the batteries have not arrived."),
    ),
    # half paid is not a part of the total when nothing else makes up the rest; the refund's own
    # event (the same S$630) does not count as the rest
    "full_refund_promised_half_paid": _msgs(
        (3, "agent", "phone", "front_desk", "You will receive a full refund of your S$1,260 booking."),
        (9, "agent", "email", "reservations", "As a goodwill gesture we have refunded 50% of your booking (S$630)."),
    ) + [{"kind": "event", "id": "ev1", "type": "refund_issued", "timestamp": "2024-06-09T09:00:00Z", "customer_id": "cust-1",
          "order_id": "ORD-1001", "attributes": {"amount": 630.0}}],
    "refund_part_that_adds_up_to_nothing": _msgs(
        (3, "system", "email", None, "Your full payment of €142.90 will be refunded within 14 days."),
        (9, "system", "email", None, "€128.00 has been refunded to your card. This is the full refund."),
    ),
    # the stated change (units away "since last week") is older than the first statement
    "in_stock_then_away_since_before": _msgs(
        (10, "agent", "chat", "sales", "Yes, we have two in stock right now. It ships tomorrow."),
        (11, "agent", "email", "warehouse", "The lens you booked is not in stock: both units have been with our repair partner since they came back damaged last week."),
    ),
    "cover_list_then_not_covered": _msgs(
        (3, "agent", "chat", "reservations", "Gravel Protection covers stone chips and cracks on the windscreen as well as the headlights and paint."),
        (9, "agent", "email", "damage", "Windscreen damage is not covered by Gravel Protection. The repair cost has been charged."),
    ),
    "no_damage_then_stain_recorded": _msgs(
        (3, "system", "email", None, "Inspection passed: no damage recorded. Your full deposit will be refunded."),
        (6, "agent", "chat", "deposits", "The inspection team recorded a stain on the sofa, so a cleaning fee was deducted."),
    ),
    "all_inclusive_then_half_board": _msgs(
        (3, "system", "email", None, "Your hotel has changed. Your dates, flights and board basis stay the same: All Inclusive."),
        (9, "agent", "phone", "holidays", "The new resort is half-board only, I'm afraid, so you'll be on half-board."),
    ),
    "in_the_warehouse_then_not_yet_made": _msgs(
        (8, "agent", "chat", "care", "Good news, the sofa is in our Daventry warehouse now, so it can go out on Friday."),
        (10, "agent", "email", "fulfilment", "Your sofa has not yet been manufactured; the earliest dispatch is 21 April."),
    ),
    "two_year_warranty_then_twelve_months": _msgs(
        (3, "agent", "chat", "care", "Your headphones are covered for two years under our standard warranty."),
        (4, "agent", "email", "returns", "Our warranty on audio products is 12 months from delivery, so we can't process a return."),
    ),
    "visit_booked_then_never_booked": _msgs(
        (3, "agent", "web", "lettings", "I've booked Firthside Heating to attend on Thursday between 8am and 1pm."),
        (6, "agent", "email", "lettings", "I checked with Firthside Heating and there was no job booked for today."),
    ),
    "renewal_price_quoted_then_invoiced_higher": _msgs(
        (3, "agent", "email", "sales", "Confirmed: your 2027 renewal is locked at $9,600, the same as this year."),
        (20, "system", "email", "billing", "Invoice 5521, Team plan renewal 2027: $11,040.00"),
    ),
    "reason_changes_across_channels": _msgs(
        (3, "system", "web", None, "Status: Cancelled\nReason: order cancelled due to a stock shortage."),
        (5, "agent", "email", "payments", "Your order was cancelled. It was not a stock issue; the card verification failed."),
    ),
    "refund_amount_differs": _msgs(
        (3, "agent", "chat", "returns", "You'll get a full refund of £80.00 once it's back."),
        (9, "system", "email", "returns", "Refund to your card: £64.00"),
    ),
    "waiver_everyone_then_restricted": _msgs(
        (3, "agent", "chat", "billing", "Good news, the activation fee is waived on every plan this month."),
        (9, "agent", "phone", "billing", "The activation fee waiver only applies to the premium plan, so you pay it."),
    ),
    "entitled_then_nothing_due": _msgs(
        (3, "agent", "phone", "operations", "Because the supply was off for over twelve hours you're entitled to thirty pounds."),
        (8, "agent", "email", "billing", "As these were planned works, no compensation payment is due."),
    ),
    "notice_period_differs": _msgs(
        (3, "agent", "chat", "reception", "You can cancel free of charge up to 24 hours before the appointment."),
        (6, "agent", "email", "billing", "Our cancellation policy requires 48 hours' notice."),
    ),
    "payment_method_yes_then_no": _msgs(
        (3, "bot", "chat", None, "Yes, we accept Klarna for all orders."),
        (4, "agent", "email", "payments", "I'm afraid we do not accept Klarna."),
    ),
    "fee_waived_then_charged_correctly": _msgs(
        (3, "agent", "email", "customer_care", "You're right: same-day delivery is free on prescription orders, so the R45 should not have been charged."),
        (5, "agent", "chat", "billing", "Regarding the delivery fee: the R45 was charged correctly. Same-day delivery is free only on orders of R350 or more."),
    ),
    "refund_to_card_then_wallet_credit": _msgs(
        (3, "agent", "social", "support", "I've refunded the $6.99 back to your Mastercard. You'll see it in 3-5 business days."),
        (3, "system", "email", None, "$6.99 in Snapladle Credit has been added to your wallet. It can't be withdrawn or refunded to a card."),
    ),
    "collection_date_changes_without_notice": _msgs(
        (3, "agent", "chat", "returns", "Done. Your collection is booked for Tuesday 23 June, 7am-12pm."),
        (3, "system", "email", None, "Hi, our team will collect your armchair on Thursday 25 June 2024, 7am-12pm. A fee will be deducted from your refund."),
    ),
    "claim_approved_then_declined": _msgs(
        (3, "agent", "email", "claims", "Good news: your claim CL-770412 has been approved. We'll pay NZ$3,840 by 15 October.", ),
        (8, "agent", "email", "claims", "Claim CL-770412 - decision. Following review, we are unable to accept this claim."),
        order="CL-770412",
    ),
    "no_damage_then_damage_recorded": _msgs(
        (3, "system", "app", None, "Return complete. Inspection: No new damage recorded. Final charge: $412.36"),
        (6, "agent", "email", "damage_claims", "Following the return inspection, damage to the windscreen was recorded. A charge of $430.00 will be applied."),
    ),
    "suspension_reason_changes_between_teams": _msgs(
        (3, "system", "email", None, "Your account has been suspended for breaching our Terms of Service (use of unauthorised third-party software)."),
        (5, "agent", "email", "trust_safety", "Your account was suspended because a chargeback was raised on a purchase."),
    ),
    "delay_reason_quality_then_breakdown": _msgs(
        (3, "agent", "phone", "deliveries", "It didn't pass its final quality check, so it was pulled off Thursday's run and is being remade."),
        (4, "agent", "email", "customer_care", "I'm sorry your sofa did not arrive yesterday. Our transport partner's vehicle broke down on the motorway."),
    ),
    "cover_confirmed_then_denied": _msgs(
        (3, "agent", "email", "treatment", "I've checked your plan and crowns are covered at 50%, so your portion is $640."),
        (9, "agent", "phone", "billing", "Your plan has a waiting period, so crowns were never covered this year."),
    ),
    "cover_confirmed_then_excluded_after_assessment": _msgs(
        (3, "agent", "phone", "claims", "Biscuit's on our Complete policy, which covers cruciate ligament surgery up to the limit."),
        (20, "agent", "email", "claims", "We have now assessed your claim. Unfortunately cruciate ligament conditions are excluded for the first six months."),
    ),
    "fee_waived_then_outstanding": _msgs(
        (3, "agent", "email", "admissions", "Good news: your fee waiver has been approved, so you won't be charged the $75 application fee."),
        (9, "agent", "chat", "student_accounts", "There is no fee waiver on file — the $75 application fee is outstanding."),
    ),
    "shipped_then_never_dispatched": _msgs(
        (3, "agent", "chat", "sales", "Your modem is on its way and will be with you by Friday."),
        (8, "agent", "phone", "technical", "No, it hasn't been sent. It's on backorder at our warehouse."),
    ),
    "status_goes_backwards": _msgs(
        (3, "system", "sms", None, "Your order ORD-1001 has been delivered."),
        (4, "agent", "chat", "fulfilment", "Your order ORD-1001 is in transit and should reach you soon."),
    ),
}

NEGATIVES = {
    # a range and one of its ends agree
    "turnaround_range_and_its_end": _msgs(
        (3, "agent", "email", "workshop", "A full service takes six to eight weeks."),
        (10, "agent", "phone", "workshop", "The service takes eight weeks, as I said."),
    ),
    # more of the parcel arrived: a count received grows
    "count_received_grows": _msgs(
        (3, "agent", "email", "returns", "So far we have received 2 boxes of your return."),
        (6, "agent", "email", "returns", "Good news: we've now received 3 boxes, so everything is here."),
    ),
    # a ship date moved, said as a new estimated date after the maker pushed its shipment
    "ship_date_pushed_new_estimate": _msgs(
        (3, "agent", "email", "fulfilment", "The estimated ship date is June 12."),
        (10, "agent", "email", "fulfilment", "The manufacturer has pushed its shipment to us, so your kit's new estimated ship date is June 24."),
    ),
    # a condition on a date is no date told
    "ship_date_then_cancel_condition": _msgs(
        (3, "agent", "email", "fulfilment", "The estimated ship date is June 19."),
        (10, "agent", "email", "fulfilment", "If it hasn't shipped by June 24, I'll cancel it for you on the spot."),
    ),
    # the same validity twice, in figures and in words
    "validity_same_in_words": _msgs(
        (3, "agent", "phone", "office", "The block's valid for six weeks from when you buy it."),
        (20, "system", "email", "office", "Validity: 6 weeks from purchase."),
    ),
    # the penalty was cancelled and the later letter confirms it
    "parking_ticket_cancelled_and_confirmed": _msgs(
        (3, "agent", "phone", "parking_services", "Your permit was valid, so I'll cancel the ticket."),
        (5, "agent", "email", "enforcement", "Penalty Charge Notice MB40021877 has been cancelled. No payment is due."),
    ),
    # the deadline was extended, and the message says so
    "application_deadline_extended": _msgs(
        (2, "agent", "email", "admissions", "You are guaranteed a room as long as you apply for accommodation by 31 May."),
        (12, "agent", "email", "admissions", "Good news: we have extended the deadline, so if you apply for accommodation by 30 June you are still guaranteed a room."),
    ),
    # two bills with two due dates are two bills
    "two_payment_deadlines": _msgs(
        (2, "system", "email", "billing", "Please pay your May invoice by 10 June."),
        (12, "system", "email", "billing", "Please pay your June invoice by 10 July."),
    ),
    # the same refusal twice
    "compensation_refused_twice": _msgs(
        (5, "agent", "chat", "customer_care", "We cannot compensate for silk, I'm afraid."),
        (10, "agent", "email", "claims", "We can't offer compensation for silk items under our damage policy."),
    ),
    # a ship date missed: a broken promise, not a contradiction
    "ship_date_promised_then_missed": _msgs(
        (3, "agent", "email", "fulfilment", "Your record ships by June 10. You'll get tracking then."),
        (13, "agent", "email", "fulfilment", "Quick update: your record is delayed and we now expect it to ship on June 28."),
    ),
    # two promises to write back are two contacts, not two versions of one date
    "two_promises_to_write": _msgs(
        (3, "agent", "email", "fulfilment", "I'll email you by Friday, June 14 with a firm ship date."),
        (12, "agent", "email", "fulfilment", "Here's your update a day early. I'll confirm again by Tuesday, June 25."),
    ),
    # the bill's total is the quoted all-in price
    "all_in_quote_then_the_same_bill": _msgs(
        (3, "agent", "phone", "night_desk", "It's a flat A$149 all-in tonight."),
        (4, "system", "sms", "billing", "Keyfast invoice: lockout A$149.00, total A$149.00, charged to card ending 0921."),
    ),
    # a bill lower than the quote is no harm
    "bill_lower_than_the_quote": _msgs(
        (3, "agent", "chat", "sales", "The job comes to £340 including VAT."),
        (6, "system", "email", "billing", "Invoice 889: Total: £310.00"),
    ),
    # a price that is not said to be all-in: extras may follow
    "plain_price_then_a_bigger_bill": _msgs(
        (3, "agent", "chat", "sales", "The lockout call-out is A$149."),
        (4, "system", "sms", "billing", "Invoice: lockout A$149.00 + after-hours surcharge A$140.00 = A$289.00"),
    ),
    # the company says it got the quote wrong
    "quote_then_bill_with_acknowledged_mistake": _msgs(
        (3, "agent", "phone", "sales", "It's £95 all-in for the visit."),
        (5, "agent", "email", "billing", "Apologies, my colleague quoted the wrong price: the visit is £120. Total: £120.00"),
    ),
    # the same condition said twice, once as its other side
    "deposit_refundable_then_not_after_the_cutoff": _msgs(
        (3, "agent", "email", "events", "The deposit is fully refundable up to 90 days before the wedding."),
        (9, "agent", "email", "accounts", "As the wedding is now 60 days away, the deposit is non-refundable."),
    ),
    # the credit was added, and later the agent says no further credit is due, acknowledging it
    "credit_added_then_correction_acknowledged": _msgs(
        (3, "agent", "email", "billing", "Thanks for flagging it. I've added a $2.25 credit that will show on your March invoice."),
        (9, "agent", "email", "billing", "Sorry, my colleague's earlier email was wrong: the overage was billed correctly, so no credit is due on the account."),
    ),
    # the reminder went out before the cancellation: a change, told as one
    "reminder_before_the_cancellation_date": _msgs(
        (3, "system", "email", None, "Booking ORD-1001: your car will be ready for pick-up on 9 June at 23:30."),
        (8, "agent", "phone", "reservations", "That booking was cancelled on 5 June at your request, so there is nothing to collect."),
    ),
    "out_of_stock_then_back_in_stock": _msgs(
        (3, "agent", "chat", "care", "The pram is out of stock at our warehouse at the moment."),
        (9, "agent", "email", "fulfilment", "Good news: the pram is back in stock and ships today."),
    ),
    # one part of the promised total paid, the rest told and paid separately
    "refund_paid_in_two_parts": _msgs(
        (3, "system", "email", None, "Your full payment of €142.90 (tickets and service fees) will be refunded within 14 days."),
        (4, "agent", "chat", "care", "Your refund comes in two parts: €128.00 for the tickets and €14.90 for the service fees."),
        (9, "system", "email", None, "€128.00 for your tickets has been refunded to your card."),
    ),
    "rent_rise_told_as_a_change": _msgs(
        (3, "agent", "email", "lettings", "Your rent is £950 a month."),
        (40, "agent", "email", "lettings", "From 1 September your rent will be £990 a month, as set out in the renewal notice."),
    ),
    "refund_told_as_card_part_and_credit_part": _msgs(
        (3, "agent", "chat", "care", "We'll refund the £100 for the cancelled class."),
        (9, "agent", "email", "billing", "Your refund: £70 back to your card and £30 as account credit, as you chose on the phone."),
    ),
    "members_and_non_members": _msgs(
        (3, "agent", "chat", "sales", "The renewal for members is $120."),
        (4, "agent", "email", "billing", "The renewal for non-members is $180."),
    ),
    "in_stock_then_sold_since": _msgs(
        (3, "agent", "chat", "sales", "Yes, we have two in stock right now."),
        (6, "agent", "email", "warehouse", "Sorry, the last two sold yesterday, so it is not in stock now."),
    ),
    "cover_by_another_product": _msgs(
        (3, "agent", "chat", "reservations", "Gravel Protection covers paint, headlights and the underbody."),
        (9, "agent", "email", "damage", "Windscreen damage is covered only by the separate Windscreen Cover."),
    ),
    "board_basis_confirmed_twice": _msgs(
        (3, "system", "email", None, "Your board basis stays the same: All Inclusive."),
        (9, "agent", "messaging", "resort", "You're definitely all-inclusive here, enjoy your stay!"),
    ),
    "fee_charged_then_a_refund_that_includes_it": _msgs(
        (3, "agent", "email", "guest services", "The online booking fee is $1.95 per ticket, so 4 x $1.95 = $7.80 is correct."),
        (5, "system", "sms", None, "Sorry! Tonight's session is cancelled. Your $87.80 incl. booking fees is being refunded and 4 free passes are in your account."),
    ),
    "backorder_then_arrived_in_the_warehouse": _msgs(
        (3, "system", "email", "fulfilment", "Your sofa is on backorder; we expect it in three weeks."),
        (20, "agent", "chat", "care", "Your sofa is in our warehouse and can go out on Friday."),
    ),
    "not_booked_yet_then_booked": _msgs(
        (3, "agent", "email", "lettings", "There was no engineer booked yet, we're waiting on the landlord."),
        (5, "agent", "email", "lettings", "I've booked Firthside Heating to attend on Monday 20 January."),
    ),
    "alternative_in_stock_is_not_the_order": _msgs(
        (3, "system", "email", "fulfilment", "Your graphics card is out of stock; expected ship date 14 October."),
        (3, "agent", "chat", "sales", "If you'd rather not wait, the XT model is in stock and I can switch your order."),
    ),
    "refund_receipt_then_a_top_up_refund": _msgs(
        (3, "system", "email", "returns", "Subject: Your refund is on its way. Refund: $188.05 to your card ending 4410."),
        (3, "agent", "chat", "care", "Your order was placed on 6 April, so the fee applied. Done: I've refunded the $7.95 to your card."),
    ),
    "renewal_price_quoted_and_invoiced_the_same": _msgs(
        (3, "agent", "email", "sales", "Your renewal comes to $9,600 for next year."),
        (20, "system", "email", "billing", "Invoice 5521, Team plan renewal: $9,600.00"),
    ),
    "renewal_price_change_explained": _msgs(
        (3, "agent", "email", "sales", "Your renewal comes to $9,600 for next year."),
        (20, "agent", "email", "billing", "Since you added four seats last week, the renewal is now $11,040."),
    ),
    "same_reason_in_other_words": _msgs(
        (3, "system", "web", None, "Reason: order cancelled, item out of stock."),
        (5, "agent", "email", "fulfilment", "Sorry, your order was cancelled due to an inventory problem."),
    ),
    "acknowledged_correction": _msgs(
        (3, "system", "web", None, "Reason: order cancelled due to a stock shortage."),
        (5, "agent", "email", "payments", "Sorry, our earlier message was wrong: the order was cancelled because the card verification failed."),
    ),
    "amounts_add_up": _msgs(
        (3, "agent", "email", "returns", "I've set up a refund: £300.00 for the item plus the £10.00 delivery charge, £310.00 in total, as two refunds."),
        (8, "agent", "email", "returns", "Both refunds have now been issued: £300.00 and £10.00."),
    ),
    "entitlement_repeated": _msgs(
        (3, "agent", "phone", "operations", "You're entitled to compensation for the outage."),
        (8, "agent", "email", "billing", "You are eligible for compensation under the scheme; it's on your next bill."),
    ),
    "entitlement_corrected_with_acknowledgement": _msgs(
        (3, "agent", "phone", "operations", "You're entitled to thirty pounds for the outage."),
        (8, "agent", "email", "billing", "Sorry, my colleague gave you the wrong information: no compensation is due for planned works."),
    ),
    "refinement_adds_a_condition": _msgs(
        (3, "bot", "chat", None, "Yes, we accept Klarna."),
        (4, "agent", "chat", "payments", "Klarna is only available for orders over £50."),
    ),
    "fee_rule_restated_with_its_verdict": _msgs(
        (3, "agent", "email", "customer_care", "Same-day delivery is free only on orders of R350 or more."),
        (5, "agent", "chat", "billing", "Regarding the delivery fee: the R45 was charged correctly. Same-day delivery is free only on orders of R350 or more."),
    ),
    "refund_to_card_said_twice": _msgs(
        (3, "agent", "chat", "support", "Your refund of £20 will go back to your original payment method."),
        (5, "system", "email", None, "We have refunded £20.00 to your Visa card."),
    ),
    "two_completed_refunds_are_two_transactions": _msgs(
        (3, "system", "email", None, "Subject: Refund processed\n\nWe've refunded $149.00 to your Visa ending 0917."),
        (3, "system", "email", None, "Subject: Refund processed\n\nWe've refunded $60.00 to your Visa ending 0917."),
    ),
    "collection_rebooked_with_notice": _msgs(
        (3, "agent", "chat", "returns", "Your collection is booked for Tuesday 23 June, 7am-12pm."),
        (4, "system", "email", None, "We've rescheduled your collection: our team will collect it on Thursday 25 June."),
    ),
    "approval_withdrawn_with_acknowledgement": _msgs(
        (3, "agent", "email", "claims", "Your claim has been approved."),
        (8, "agent", "email", "claims", "I'm sorry: we have had to withdraw the earlier approval after review, and your claim has been declined."),
    ),
    "status_moves_forward": _msgs(
        (3, "system", "sms", None, "Your order ORD-1001 has been dispatched."),
        (5, "system", "sms", None, "Your order ORD-1001 has been delivered."),
    ),
    "dated_change_after_earlier_statement": _msgs(
        (3, "agent", "chat", "sales", "Express delivery costs £4.00."),
        (20, "agent", "email", "sales", "Since 10 June express delivery costs £5.00."),
    ),
    "same_suspension_reason_reworded": _msgs(
        (3, "system", "email", None, "Your account has been suspended for using third-party software."),
        (5, "agent", "email", "trust_safety", "As stated, the ban is for cheating with a modded client."),
    ),
    "cover_of_different_things": _msgs(
        (3, "agent", "email", "claims", "Good news: water damage is covered under your policy."),
        (5, "agent", "email", "claims", "Accidental damage is not covered, I'm afraid."),
    ),
    "cover_withdrawn_as_a_reported_change": _msgs(
        (3, "agent", "email", "claims", "Orthodontics are covered on your plan."),
        (30, "agent", "email", "claims", "Since 20 June your plan no longer covers orthodontics, and orthodontics are not covered from that date."),
    ),
    "customer_words_are_not_company_claims": _msgs(
        (3, "customer", "chat", None, "You told me the refund would be £90.00!"),
        (3, "agent", "chat", "returns", "Your refund of £70.00 has been issued."),
    ),
}


@pytest.mark.parametrize("name", sorted(POSITIVES))
def test_contradiction_found(name):
    fs = _run(POSITIVES[name])
    assert len(fs) == 1, fs
    f = fs[0]
    assert f["customer_id"] == "cust-1"
    ids = [e.get("message_id") for e in f["evidence"]]
    assert len(ids) == 2 and ids[0] != ids[1]
    texts = {r["id"]: r["text"] for r in POSITIVES[name] if r["kind"] == "message"}
    for e in f["evidence"]:
        assert texts[e["message_id"]][e["start"]:e["end"]] == e["quote"] and e["quote"]
    assert {"subject", "earlier_value", "later_value"} <= set(f["measures"])
    assert "contradiction" in f["explanation"]


@pytest.mark.parametrize("name", sorted(NEGATIVES))
def test_no_contradiction(name):
    assert _run(NEGATIVES[name]) == []


def test_dated_change_before_earlier_statement_is_a_contradiction():
    recs = _msgs(
        (12, "agent", "chat", "sales", "Express delivery costs £4.00."),
        (20, "agent", "email", "sales", "Since 10 June express delivery costs £5.00."),
    )
    fs = _run(recs)
    assert len(fs) == 1 and fs[0]["measures"]["subject"] == "express_delivery_price"


def test_scenarios(shared_data):
    path = shared_data / "scenarios"
    fs = _analyze(path / "input.jsonl")
    score = score_scenarios(fs, path / "expected.jsonl")
    assert score["by_code"]["contradiction"]["f1"] >= 0.9
    assert not [f for f in fs if str(f["customer_id"]).startswith("cust-B")]


def test_all_in_quote_is_not_held_against_a_bill_months_later():
    recs = _msgs(
        (3, "agent", "phone", "sales", "It's £95 all-in for the visit."),
        (4, "system", "email", "billing", "Invoice: Total: £140.00"),
    )
    recs[1]["timestamp"] = "2024-09-20T10:00:00Z"  # past the 45-day quote window
    assert _run(recs) == []
