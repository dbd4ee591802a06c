"""Build the cxaudit demo corpus: ``python -m cxaudit.demo.build_demo``.

Larkmoor Home is a fictional online home-goods retailer (furniture, bedding, lighting,
kitchenware) based in the UK, with a paid delivery membership, "Larkmoor Plus". Everything
here (company, people, order numbers, handles, error codes) is invented for cxaudit.

The corpus covers Monday 8 to Thursday 25 September 2025 (UK summer time, ``+01:00``;
events in UTC). Stories run 8-20 September; late, well-handled background conversations
run until the 24th and a few events until the 25th, so that silence can be judged.

Every record carries ``meta.story``. The stories are data (``STORIES`` below), written in a
small notation:

* a conversation block ``C(key, channel, at, turns, ...)``: ``at`` is local time
  (``"09-11 18:09"``, year 2025, in the story's UTC offset); each turn is
  ``(delta, who, text[, meta])`` where ``delta`` ("0", "40s", "3m", "2h", "1d4h") counts
  from the previous turn and ``who`` is ``c`` (customer), ``a:<author>`` (agent),
  ``b`` (bot), ``s`` (system notice), ``hold:<seconds>`` (a phone queue: a system message
  with ``meta.hold_seconds``, stamped when the caller joined the queue; the clock then
  moves on by the hold) or ``ev:<type>`` (an event at that moment, with ``text`` holding
  its attributes).
* an event ``E(at, type, order=..., dept=..., **attributes)``.

The generator is deterministic: no randomness, records sorted by time (then by the order
they were written), ids unique.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

YEAR = 2025
BRAND = "Larkmoor Home"
OUT = Path(__file__).with_name("demo.jsonl")


# --------------------------------------------------------------------------- notation


@dataclass
class C:
    key: str
    channel: str
    at: str
    turns: list
    dept: str | None = None  # default department for agent turns
    order: str | None = None
    meta: dict = field(default_factory=dict)  # added to every message of the block


@dataclass
class E:
    at: str
    type: str
    order: str | None = None
    dept: str | None = None
    conv: str | None = None
    attrs: dict = field(default_factory=dict)

    def __init__(self, at, type, order=None, dept=None, conv=None, **attrs):
        self.at, self.type, self.order, self.dept, self.conv, self.attrs = at, type, order, dept, conv, attrs


# Agents: author id -> department
AGENTS = {
    "tom": "orders", "aisha": "fulfilment", "kyle": "orders", "maria": "returns",
    "ben": "returns", "leah": "social", "sam": "social", "owain": "billing",
    "rachel": "billing", "dev": "technical", "nina": "technical", "claire": "installations",
    "harriet": "installations", "joe": "payments", "priti": "orders", "grace": "membership",
    "luke": "fulfilment", "zoe": "orders", "ola": "returns", "mei": "sms",
    "imogen": "billing", "callum": "orders", "fern": "customer_care", "hamza": "fulfilment",
}
BOT = ("wren", "virtual_assistant")

ACK = ("Thanks for contacting Larkmoor Home. We've received your email and a member of our team will reply "
       "within 24 hours. Your reference number is {ref}.\n\nThis is an automated message, please do not reply.")


def _parse_at(at: str, tz: str) -> datetime:
    m = re.fullmatch(r"(\d\d)-(\d\d) (\d\d):(\d\d)(?::(\d\d))?", at)
    if not m:
        raise ValueError(f"bad time {at!r}")
    mo, d, h, mi, s = (int(x) if x else 0 for x in m.groups())
    sign = 1 if tz[0] == "+" else -1
    off = timedelta(hours=int(tz[1:3]), minutes=int(tz[4:6])) * sign
    return datetime(YEAR, mo, d, h, mi, s, tzinfo=timezone(off))


def _delta(spec: str) -> timedelta:
    if spec in ("0", ""):
        return timedelta(0)
    m = re.fullmatch(r"(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?", spec)
    if not m or not any(m.groups()):
        raise ValueError(f"bad delta {spec!r}")
    d, h, mi, s = (int(x) if x else 0 for x in m.groups())
    return timedelta(days=d, hours=h, minutes=mi, seconds=s)


def _iso(ts: datetime) -> str:
    return ts.isoformat()


def _utc(ts: datetime) -> str:
    return ts.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


# --------------------------------------------------------------------------- published content and policies

CONTENT = [
    dict(id="ct-checkout-v7", source="website", title="Checkout - payment", department="ecommerce",
         valid_from="2025-06-02T09:00:00+01:00",
         text=("Secure checkout\nPay with: Visa | Mastercard | American Express | PayPal | Apple Pay | "
               "Klarna Pay in 3 (interest-free instalments on orders over £99)\n"
               "Your card details are encrypted and never stored on our servers."),
         story="pay_in_3_checkout"),
    dict(id="ct-help-price-drop", source="help_center", title="What if the price drops after I buy?",
         department="ecommerce", valid_from="2024-11-01T00:00:00+00:00",
         text=("Price Drop Protection: if an item you bought from Larkmoor Home drops in price within 14 days "
               "of your order, contact us and we'll refund the difference to your original payment method. "
               "No forms, no fuss."),
         story="price_drop_refusal"),
    dict(id="ct-help-returns-v3", source="help_center", title="Returns and refunds", department="returns",
         valid_from="2024-03-01T00:00:00+00:00", valid_to="2025-09-08T00:00:00+01:00",
         text=("You can return most items within 30 days of delivery for a full refund. Personalised items and "
               "opened mattresses can't be returned. Assembled furniture is subject to a 20% restocking fee."),
         story="returns_window_update"),
    dict(id="ct-help-returns-v4", source="help_center", title="Returns and refunds", department="returns",
         valid_from="2025-09-08T00:00:00+01:00",
         text=("You can return most items within 60 days of delivery for a full refund. Personalised items and "
               "opened mattresses can't be returned. Assembled furniture is subject to a 20% restocking fee."),
         story="returns_window_update"),
    dict(id="ct-help-delivery-v5", source="help_center", title="Delivery options and charges",
         department="fulfilment", valid_from="2025-04-01T00:00:00+01:00", valid_to="2025-09-01T00:00:00+01:00",
         text=("Standard delivery £4.95, free over £60. Two-person delivery for large furniture £29. "
               "Larkmoor Plus members get free standard and two-person delivery."),
         story="delivery_charge_update"),
    dict(id="ct-help-delivery-v6", source="help_center", title="Delivery options and charges",
         department="fulfilment", valid_from="2025-09-01T00:00:00+01:00",
         text=("Standard delivery £4.95, free over £60. Two-person delivery for large furniture £39. "
               "Larkmoor Plus members get free standard and two-person delivery."),
         story="delivery_charge_update"),
    dict(id="ct-help-plus", source="help_center", title="Larkmoor Plus membership", department="membership",
         valid_from="2025-01-15T00:00:00+00:00",
         text=("Larkmoor Plus costs £4.99 a month. Members get free delivery on every order, priority delivery "
               "slots and early access to sales. Cancel any time from your account page."),
         story="background"),
    dict(id="tpl-need-details", source="template", title="Macro: request order details",
         department="customer_care", valid_from="2024-06-01T00:00:00+01:00",
         text=("Dear Customer,\n\nThank you for contacting Larkmoor Home. To help us deal with your enquiry as "
               "quickly as possible, please reply with your order number, your full name and the postcode of "
               "the delivery address.\n\nKind regards,\nCustomer Care Team"),
         story="churn_form_letter"),
    dict(id="tpl-backorder", source="template", title="Email: item on backorder", department="fulfilment",
         valid_from="2025-02-01T00:00:00+00:00",
         text=("We're sorry - {item} on your order {order} is on backorder with our supplier. Your new estimated "
               "delivery date is {date}. You can cancel free of charge at any time before it ships."),
         story="background"),
    dict(id="ct-banner-px417", source="website", title="Site banner: checkout issue", department="ecommerce",
         valid_from="2025-09-18T19:38:00+01:00", valid_to="2025-09-18T21:10:00+01:00",
         text=("We're sorry - some customers are seeing error PX-417 at checkout. Our team is working on a fix "
               "and your basket is saved. Please try again shortly."),
         story="checkout_incident"),
]

POLICIES = [
    dict(id="po-klarna-withdrawn", department="finance", effective_from="2025-09-01T00:00:00+01:00",
         text=("From 1 September 2025 Larkmoor Home no longer offers Klarna 'Pay in 3' instalments on any "
               "order. Customers can pay by card, PayPal or Apple Pay."),
         story="pay_in_3_checkout"),
    dict(id="po-price-drop-ended", department="ecommerce", effective_from="2025-08-01T00:00:00+01:00",
         text=("Price Drop Protection ends on 1 August 2025. From that date we no longer refund the difference "
               "when an item's price falls after purchase."),
         story="price_drop_refusal"),
    dict(id="po-returns-60", department="returns", effective_from="2025-09-08T00:00:00+01:00",
         text=("From 8 September 2025 the returns window for all non-personalised items is extended from 30 to "
               "60 days after delivery."),
         story="returns_window_update"),
    dict(id="po-two-person-39", department="fulfilment", effective_from="2025-09-01T00:00:00+01:00",
         text="From 1 September 2025 two-person delivery for large furniture costs £39 (previously £29).",
         story="delivery_charge_update"),
]


# --------------------------------------------------------------------------- stories that should produce findings

STORIES: list[dict[str, Any]] = []


def story(key: str, name: str, customer: str, blocks: list, tz: str = "+01:00", expect: str = "") -> None:
    STORIES.append(dict(key=key, story=name, customer=customer, tz=tz, blocks=blocks, expect=expect))


# A gift order cancelled by a payment check with no email; the tracking page blames stock, the
# (late) reply blames the card, nobody apologises or answers "not sure I'll order again".
story("st01", "silent_cancellation", "lm-c101", expect="silent_event contradiction slow_response churn_ignored missing_apology broken_promise", blocks=[
    E("09-08 20:14", "order_placed", order="LHO-20417", amount=86.00, currency="GBP", items="Ashby linen duvet set (king)"),
    E("09-08 20:14:30", "notification_sent", order="LHO-20417", channel="email", about="order_confirmation"),
    C("mail-0", "email", "09-08 20:14:30", order="LHO-20417", turns=[
        ("0", "s", "Subject: Thanks for your order LHO-20417\n\nHi Fiona, we've got your order for the Ashby linen duvet set (king), £86.00. "
                   "Estimated delivery: Thursday 11 - Friday 12 September. We'll email you when it's on its way."),
    ]),
    E("09-09 04:10", "order_cancelled", order="LHO-20417", dept="payments", reason="payment_verification_failed",
      detail="billing address did not match card issuer records"),
    C("track-1", "web", "09-11 18:02", order="LHO-20417", meta={"page": "order_tracking"}, turns=[
        ("0", "s", "Order LHO-20417 - Status: Cancelled. Reason: item out of stock. Any payment taken will be returned to your original payment method within 5 working days."),
    ]),
    C("mail-1", "email", "09-11 18:09", dept="orders", order="LHO-20417", turns=[
        ("0", "c", "Subject: Order LHO-20417 cancelled??\n\nHi,\n\nI've just looked at the tracking page for my order LHO-20417 and it says it was "
                   "cancelled because the item is out of stock?? Nobody emailed me. It was a birthday present for my mum and her birthday "
                   "is on Saturday. Your website still shows the duvet set as in stock, so what is going on?\n\nHonestly I'm not sure I'll be "
                   "ordering from Larkmoor again after this.\n\nFiona Hale"),
        ("25s", "s", ACK.format(ref="771203")),
        ("1d17h31m", "a:tom", "Hello Fiona,\n\nYour order LHO-20417 was cancelled because our payment provider could not verify the billing "
                             "address for the card used. This is an automated security check. If you wish to proceed you will need to place "
                             "a new order.\n\nRegards,\nTom\nOrders Team"),
        ("25m", "c", "So which is it, out of stock or a problem with my card? Your tracking page literally says out of stock. "
                     "Doesn't matter now anyway, her birthday is today."),
        ("4h15m", "a:tom", "Hello Fiona,\n\nThe tracking page displays a standard status message. The cancellation reason recorded on our "
                           "system is payment verification. Any payment taken has been released to your card.\n\nRegards,\nTom\nOrders Team"),
    ]),
    E("09-14 09:00", "csat", order="LHO-20417", conv="mail-1", score=1, comment="no email, wrong reason, nobody said sorry"),
])

# A dining table goes on backorder on Tuesday; nobody tells the customer; he rings on Friday.
story("st02", "silent_backorder", "lm-c102", expect="silent_event", blocks=[
    E("09-06 10:20", "order_placed", order="LHO-20533", amount=649.00, currency="GBP", items="Holt oak dining table (6 seater)"),
    E("09-09 09:00", "backordered", order="LHO-20533", dept="fulfilment", reason="supplier_delay", new_date="2025-10-06"),
    C("call-1", "phone", "09-12 14:02", dept="fulfilment", order="LHO-20533", turns=[
        ("0", "hold:28", "Caller queued for Deliveries."),
        ("0", "a:aisha", "Good afternoon, Larkmoor Home deliveries, Aisha speaking. How can I help?"),
        ("20s", "c", "Hi, I'm calling about my dining table, order LHO-20533. It was meant to come tomorrow and I've heard nothing. No text, no delivery slot, nothing."),
        ("50s", "a:aisha", "Thanks Mr Pryce, let me look... I'm really sorry, I can see the table went on backorder on Tuesday. Our supplier is running late and the new date is the 6th of October. I'm sorry nobody let you know, that email should have gone out automatically."),
        ("25s", "c", "The 6th of October? I've got the whole family coming on Sunday, that's why I ordered it. You should have told me on Tuesday."),
        ("15s", "a:aisha", "You're absolutely right and I apologise. I can cancel it free of charge, or if you'd like to keep the order I can refund £25 for the delay."),
        ("30s", "c", "I'll keep it, we like the table. Take the £25 off then."),
        ("20s", "a:aisha", "Done. The £25 will be back on your card in 3 to 5 working days, and I've set a text alert for when the table is on its way."),
        ("10s", "c", "Ok. Thanks Aisha."),
    ]),
    E("09-12 14:07", "refund_issued", order="LHO-20533", dept="fulfilment", amount=25.00, currency="GBP", reason="goodwill_delay"),
])

# A delivery slips a day with no message; the customer posts publicly and waits over two hours.
story("st03", "silent_delay_social", "lm-c103", expect="silent_event slow_response", blocks=[
    E("09-12 16:40", "order_placed", order="LHO-20610", amount=139.00, currency="GBP", items="Fenn bookcase (walnut)"),
    E("09-15 08:00", "shipped", order="LHO-20610", dept="fulfilment", carrier="ParcelStream"),
    E("09-16 07:30", "shipment_delayed", order="LHO-20610", dept="fulfilment", reason="courier_capacity", new_date="2025-09-18"),
    C("tw-1", "social", "09-16 19:48", dept="social", order="LHO-20610", meta={"public": True, "platform": "social"}, turns=[
        ("0", "c", "great, another delay 🙄 @LarkmoorHome my bookcase was 'out for delivery' yesterday and today the tracking just says 'delayed'. "
                   "no email, no text, nothing. love that for me"),
        ("2h17m", "a:leah", "Hi Daniel, sorry to hear this. Please send us a DM with your order number and we'll take a look for you. Leah"),
    ]),
    C("dm-1", "social", "09-16 22:09", dept="social", order="LHO-20610", meta={"public": False, "platform": "social"}, turns=[
        ("0", "c", "LHO-20610. Took you long enough"),
        ("3m", "a:leah", "Thanks Daniel, and I'm sorry for the wait tonight. The courier ran out of van space on Tuesday, so your bookcase is now booked for Thursday the 18th. I'm sorry you had to find that out from the tracking page."),
        ("4m", "c", "fine. thursday better actually happen"),
        ("2m", "a:leah", "It will - I've put a note on it and you'll get a text with a 2-hour slot on Wednesday evening. Sorry again, Daniel."),
    ]),
    E("09-18 13:22", "delivered", order="LHO-20610", dept="fulfilment"),
])

# The bot answers "delivered" and menus while the customer asks for a person four times.
story("st04", "bot_loop", "lm-c104", expect="bot_trap sentiment_decline", blocks=[
    E("09-09 14:12", "delivered", order="LHO-20388", dept="fulfilment", proof="left in safe place"),
    C("bot-1", "chat", "09-10 20:31", order="LHO-20388", turns=[
        ("0", "b", "Hi, I'm Wren, Larkmoor's virtual assistant 🐦 What can I help you with today?"),
        ("20s", "c", "hi, my order says delivered but it's not here"),
        ("3s", "b", "I can help with that! Your order LHO-20388 was delivered on 9 September at 14:12. Is there anything else I can help you with?"),
        ("40s", "c", "it was NOT delivered. I was home all day. can I tlak to someone please"),
        ("3s", "b", "Sorry, I didn't quite understand that. You can ask me things like 'Track my order', 'Start a return' or 'Change my delivery address'."),
        ("25s", "c", "speak to a human"),
        ("3s", "b", "All our agents are busy helping other customers right now. In the meantime, this article might help: 'My parcel says delivered but I can't find it'."),
        ("1m10s", "c", "I've read it. neighbours, bins, safe place, checked all of it. AGENT please"),
        ("3s", "b", "Your order LHO-20388 was delivered on 9 September at 14:12. Is there anything else I can help you with?"),
        ("30s", "c", "REAL PERSON. Human. Agent. Anyone??"),
        ("3s", "b", "Sorry, I didn't get that. Could you rephrase your question?"),
        ("45s", "c", "unbelievable. this is useless and honestly I'm furious. a £64 lamp gone and a robot telling me it's delivered. forget it"),
        ("3s", "b", "Before you go, how would you rate your chat with Wren today? 😊 (1-5)"),
    ]),
])

# A price drop two days after purchase; the help page still promises the difference back; the
# agent refuses in a casual tone.
story("st06", "price_drop_refusal", "lm-c106", expect="informal_tone content_conflict missing_apology", blocks=[
    E("09-12 12:30", "order_placed", order="LHO-20598", amount=289.00, currency="GBP", items="Alder rattan armchair"),
    C("chat-1", "chat", "09-14 11:02", dept="orders", order="LHO-20598", turns=[
        ("0", "c", "Hi, I bought the Alder armchair on Friday for £289 and today it's £219 in your sale, which is pretty annoying. Your help page says you refund the difference if the price drops within 14 days, can you do that please? Order LHO-20598"),
        ("50s", "a:kyle", "lol nope can't do that, we stopped doing price drop refunds a while back"),
        ("40s", "c", "But it's literally on your help page right now. 'Price Drop Protection'. I'm looking at it."),
        ("35s", "a:kyle", "yeah that page is old tbh. you could return it and buy it again at the sale price but you'd pay the £39 collection 🤷"),
        ("1m", "c", "Wow. Ok. That's really helpful, thanks a lot. A £70 difference and that's the answer."),
        ("20s", "a:kyle", "np! anything else i can help with?"),
    ]),
])

# A rug arrives torn; returns asks for photos and approves a replacement without a word of regret.
story("st08", "damaged_rug_no_apology", "lm-c108", expect="missing_apology", blocks=[
    E("09-08 15:05", "delivered", order="LHO-20291", dept="fulfilment"),
    E("09-08 15:05:30", "item_damaged", order="LHO-20291", item="Mira wool rug 160x230", reported_by="customer"),
    C("mail-1", "email", "09-09 08:30", dept="returns", order="LHO-20291", turns=[
        ("0", "c", "Subject: Damaged rug - order LHO-20291\n\nHello,\n\nThe Mira wool rug from order LHO-20291 arrived yesterday with a 10cm tear along "
                   "one edge and the packaging was soaking wet. It's a £180 rug and it can't go down like this. I'd like a replacement please.\n\nRobert Haines"),
        ("20s", "s", ACK.format(ref="771150")),
        ("4h12m", "a:maria", "Hello Robert,\n\nPlease send photographs of the item and the outer packaging to this address within 48 hours. Once received, "
                             "your claim will be reviewed by the returns team.\n\nRegards,\nMaria\nReturns Team"),
        ("3h", "c", "Photos attached (4). The tear is where the packaging was wet, I think the courier left it out in the rain."),
        ("20h", "a:maria", "Hello Robert,\n\nThank you for the photographs. A replacement has been approved and will be dispatched within 5 working days. "
                           "The courier will collect the damaged rug when the replacement is delivered.\n\nRegards,\nMaria\nReturns Team"),
    ]),
    E("09-11 10:00", "replacement_shipped", order="LHO-20291", dept="returns"),
    E("09-12 12:40", "delivered", order="LHO-20291", dept="fulfilment", note="replacement"),
])

# Returns says twice on chat "full £149 back"; the refund is £119.20 after a restocking fee;
# the complaint gets a flat no.
story("st10", "refund_amount_contradiction", "lm-c110", expect="contradiction missing_apology broken_promise repeat_contact", blocks=[
    C("chat-1", "chat", "09-10 12:15", dept="returns", order="LHO-20360", turns=[
        ("0", "c", "Hello, I'd like to return the Brae coffee table, order LHO-20360. I've put it together but it's too big for the room."),
        ("45s", "a:ben", "Hi Helen, no problem at all. You're well within the window, I'll book a collection for you."),
        ("30s", "c", "Great. Will I get the whole amount back? It was £149."),
        ("40s", "a:ben", "Yes, you'll get a full refund of £149 once it's back at our warehouse."),
        ("30s", "c", "Even though it's assembled? Just checking before I arrange to be in."),
        ("35s", "a:ben", "Yes, the full £149.00 goes back to your card. Collection is booked for Monday 15th between 8am and 1pm."),
        ("20s", "c", "Perfect, thank you!"),
    ]),
    E("09-10 12:20", "return_requested", order="LHO-20360", dept="returns", amount=149.00, currency="GBP"),
    E("09-16 09:40", "refund_issued", order="LHO-20360", dept="returns", amount=119.20, currency="GBP", reason="restocking_fee_20pct"),
    C("mail-1", "email", "09-16 09:41", dept="returns", order="LHO-20360", turns=[
        ("0", "s", "Subject: Your refund for order LHO-20360\n\nWe've processed your refund of £119.20 (£149.00 less a 20% restocking fee for assembled furniture). "
                   "It should reach your card within 3-5 working days."),
        ("2h20m", "c", "I was told twice on your chat on the 10th that I'd get the full £149 back even though the table was assembled. I only sent it back "
                       "because of that. Please refund the other £29.80."),
        ("22s", "s", ACK.format(ref="771488")),
        ("5h", "a:maria", "Hello Helen,\n\nThe restocking fee applies to all assembled furniture as stated in our returns policy. The refund amount of £119.20 "
                          "is correct and no further refund is due.\n\nRegards,\nMaria\nReturns Team"),
    ]),
])

# Checkout still offers Klarna 'Pay in 3' two weeks after finance withdrew it.
story("st13", "pay_in_3_checkout", "lm-c113", expect="content_conflict", blocks=[
    C("web-1", "web", "09-15 21:14", order="LHO-20701", meta={"page": "checkout", "payment_method": "Klarna"}, turns=[
        ("0", "s", "Payment failed. Klarna Pay in 3 is not available for this order. Please choose another payment method."),
    ]),
    E("09-15 21:14:05", "payment_declined", order="LHO-20701", dept="payments", reason="payment_method_withdrawn", method="Klarna", amount=412.00, currency="GBP"),
    C("chat-1", "chat", "09-16 09:03", dept="payments", order="LHO-20701", turns=[
        ("0", "c", "Morning. Your checkout page offers Pay in 3 with Klarna, but every time I pick it last night it said payment failed, not available. Is it broken? Trying to buy the Carrow bed frame."),
        ("55s", "a:joe", "Good morning Sophie, I'm sorry for the hassle. We actually stopped offering Klarna instalments on 1 September and the checkout page hasn't been updated yet, so that option shouldn't be showing at all. I've flagged it to our web team."),
        ("40s", "c", "Oh that's annoying, that's the only reason I went for the bigger frame. Can I still pay by card?"),
        ("30s", "a:joe", "Yes, card, PayPal or Apple Pay all work, and your basket is still saved. Again, sorry it wasted your evening."),
        ("2m", "c", "Ok done on card. Thanks"),
    ]),
    E("09-16 09:08", "order_placed", order="LHO-20701", amount=412.00, currency="GBP", items="Carrow upholstered bed frame (double)"),
])

# An installer no-show; a callback "within 24 hours" never comes; on the next call he holds 6 min.
story("st15", "callback_never_came", "lm-c115", expect="broken_promise repeat_contact slow_response", blocks=[
    C("call-1", "phone", "09-11 10:05", dept="installations", order="LHO-20455", turns=[
        ("0", "hold:31", "Caller queued for Installations."),
        ("0", "a:claire", "Larkmoor Home installations, Claire speaking."),
        ("10s", "c", "Hi, I had a fitter booked this morning between 8 and 12 to measure up for the made-to-measure blinds, order LHO-20455. Nobody's turned up and nobody's called. I definately took the morning off work for this."),
        ("1m", "a:claire", "I'm so sorry Mr Fairclough. I can see the appointment but I can't see what happened with the fitter. I'll get our scheduling team to call you back within 24 hours to rebook, is this number best?"),
        ("10s", "c", "Yes, this number. Within 24 hours, yeah?"),
        ("5s", "a:claire", "Yes, within 24 hours, you have my word."),
        ("0", "ev:callback_promised", {"due": "2025-09-12T10:07:00+01:00", "promised_by": "claire", "about": "rebook measuring appointment"}),
    ]),
    C("call-2", "phone", "09-15 09:12", dept="installations", order="LHO-20455", turns=[
        ("0", "hold:370", "Caller queued for Installations."),
        ("0", "a:harriet", "Installations, Harriet speaking, sorry for the wait."),
        ("10s", "c", "I was promised a call back within 24 hours last Thursday after your fitter didn't show up. Nobody rang. This is the second time I've had to chase this and I've just sat on hold for six minutes."),
        ("40s", "a:harriet", "I'm really sorry, I can see the note from Thursday and the callback was never made. That's not good enough. Let me book the fitter now: would Wednesday 17th at 9am work?"),
        ("15s", "c", "Fine. Can someone actually turn up this time."),
        ("10s", "a:harriet", "They will, and I'll text you the fitter's name the day before."),
    ]),
    E("09-17 09:05", "resolved", order="LHO-20455", dept="installations", note="measuring visit completed"),
])

# Billing -> technical -> billing for a double membership charge; the third person asks again.
story("st17", "transfer_loop", "lm-c117", expect="bounced repeat_contact slow_response", blocks=[
    C("call-1", "phone", "09-16 13:20", dept="billing", turns=[
        ("0", "hold:34", "Caller queued for Billing."),
        ("0", "a:owain", "Hello, Larkmoor billing, Owain speaking, can I take your name please?"),
        ("10s", "c", "Priya Natarajan, email priya.n@example.net. I've been charged twice for Larkmoor Plus this month, £4.99 on the 1st, twice, and the app now says my membership has expired."),
        ("40s", "a:owain", "Ok, if the app says expired that sounds like an app account issue, I'll put you through to our technical team."),
        ("0", "ev:transferred", {"from_department": "billing", "to_department": "technical"}),
        ("5s", "hold:250", "Caller queued for Technical support."),
        ("0", "a:dev", "Technical support, Dev speaking. Can I take your name, email and the last four digits of the card on the account?"),
        ("15s", "c", "Priya Natarajan, priya.n@example.net, 4471. I've already been through this with billing."),
        ("1m30s", "a:dev", "Thanks. The app only shows what the billing system tells it, so the expiry comes from the payment side. The double charge is a billing matter, I'll transfer you back to billing."),
        ("0", "ev:transferred", {"from_department": "technical", "to_department": "billing"}),
        ("5s", "hold:310", "Caller queued for Billing."),
        ("0", "a:rachel", "Billing, Rachel speaking, can I start with your name and the email on the account?"),
        ("10s", "c", "This is the third time I'm explaining this. Priya Natarajan, priya.n@example.net. Two charges of £4.99 on the 1st and my membership says expired. I've been on this call for fifteen minutes."),
        ("45s", "a:rachel", "I'm really sorry you've been passed around. I can see both charges; the second one failed to link to your membership. I'm refunding it now and I've reactivated your Plus membership."),
        ("15s", "c", "Finally. Thank you."),
    ]),
    E("09-16 13:33", "refund_issued", dept="billing", amount=4.99, currency="GBP", reason="duplicate_membership_charge"),
])

# "I'm cancelling my subscription and going elsewhere" answered by the details-request macro.
story("st19", "churn_form_letter", "lm-c119", expect="churn_ignored missing_apology repeat_contact unanswered", blocks=[
    E("09-10 11:00", "delivered", order="LHO-20502", dept="fulfilment", late_by_days=3),
    C("mail-1", "email", "09-10 19:46", dept="customer_care", order="LHO-20502", turns=[
        ("0", "c", "Subject: Cancelling Plus\n\nThird delivery in a row that's turned up late, and now the kettle on order LHO-20502 has arrived with a cracked lid. "
                   "I'm cancelling my Larkmoor Plus subscription and going elsewhere. I'm not paying £4.99 a month for 'priority delivery' that is never on time.\n\nMartin Coyle"),
        ("30s", "s", ACK.format(ref="771236")),
        ("20h5m", "a:fern", "Dear Customer,\n\nThank you for contacting Larkmoor Home. To help us deal with your enquiry as quickly as possible, please reply with "
                            "your order number, your full name and the postcode of the delivery address.\n\nKind regards,\nCustomer Care Team"),
        ("1h", "c", "The order number is in my first email. LHO-20502, Martin Coyle, LS6 2QT. Don't bother, I've cancelled it myself."),
    ]),
    E("09-11 16:58", "membership_cancelled", dept="membership", reason="customer_request", channel="account_page"),
])

# Two emails four days apart about a missing fixings pack; each gets the '24 hours' auto-reply only.
story("st21", "emails_into_the_void", "lm-c121", expect="unanswered repeat_contact broken_promise", blocks=[
    E("09-12 11:30", "delivered", order="LHO-20655", dept="fulfilment"),
    C("mail-1", "email", "09-15 09:10", dept="customer_care", order="LHO-20655", turns=[
        ("0", "c", "Subject: Missing fixings - Elm bed frame LHO-20655\n\nHi, the Elm bed frame arrived Friday but the fixings pack (bag C, all the bolts and "
                   "the allen key) isn't in the box. We can't put it together. Could you send one out please? Jonah Whitfield"),
        ("18s", "s", ACK.format(ref="771402")),
    ]),
    C("mail-2", "email", "09-18 08:55", dept="customer_care", order="LHO-20655", turns=[
        ("0", "c", "Subject: RE: Missing fixings - Elm bed frame LHO-20655\n\nStill waiting on a reply to my email from Monday. Second time I'm writing about this. "
                   "We've been sleeping on the mattress on the floor for a week now. The fixings pack is bag C. Please can someone just reply."),
        ("21s", "s", ACK.format(ref="771555")),
    ]),
])

# A public post that nobody answers; next morning she texts from her work phone and is helped quickly.
story("st22", "social_ignored_then_sms", "lm-c122", expect="unanswered repeat_contact", blocks=[
    C("tw-1", "social", "09-17 22:40", dept="social", order="LHO-20480", meta={"public": True, "platform": "social"}, turns=[
        ("0", "c", "@LarkmoorHome ordered a rug nearly 3 weeks ago, tracking hasn't moved since the 5th and your chat is closed. is anyone actually there?"),
    ]),
    C("sms-1", "sms", "09-18 08:05", dept="sms", order="LHO-20480", turns=[
        ("0", "c", "Hi its Aoife Brennan, order LHO-20480. Rug hasnt arrived, posted on your twitter last night no reply. Can someone help"),
        ("26m", "a:mei", "Hi Aoife, Mei from Larkmoor here. So sorry about the silence last night. Your rug got stuck at the Dublin depot after a label error; I've had it relabelled and it's out for delivery tomorrow (Fri)."),
        ("10m", "c", "Ah brilliant, thank you Mei!"),
    ]),
    E("09-19 12:15", "delivered", order="LHO-20480", dept="fulfilment"),
])

# A Thursday evening chat queue: nine minutes before anyone answers.
story("st23", "slow_chat_queue", "lm-c123", expect="slow_response", blocks=[
    C("chat-1", "chat", "09-11 18:40", dept="orders", order="LHO-20577", turns=[
        ("0", "c", "Hi, I need to change the delivery address on order LHO-20577 before it ships, I've put my old flat by mistake"),
        ("4m", "c", "hello?"),
        ("5m10s", "a:priti", "Hi Kwame, so sorry for the wait, we're really busy this evening. I can change that for you now, what's the new address?"),
        ("40s", "c", "14 Harrow Court, Leeds LS7 3NF"),
        ("50s", "a:priti", "All updated, the order will go to 14 Harrow Court, LS7 3NF. Apologies again for the wait."),
        ("15s", "c", "thanks"),
    ]),
])

# A late sofa, a vague agent and a customer who ends furious.
story("st24", "vague_answers_decline", "lm-c124", expect="sentiment_decline missing_apology", blocks=[
    E("08-22 10:00", "order_placed", order="LHO-19980", amount=899.00, currency="GBP", items="Harlow 3-seater sofa (forest green)"),
    E("09-05 08:00", "shipment_delayed", order="LHO-19980", dept="fulfilment", reason="factory_delay", new_date="unknown"),
    E("09-05 08:20", "notification_sent", order="LHO-19980", channel="email", about="shipment_delayed"),
    C("mail-0", "email", "09-05 09:20", order="LHO-19980", turns=[
        ("0", "s", "Subject: An update on your order LHO-19980\n\nWe're sorry, your Harlow sofa is taking longer than expected to leave our factory. We'll be in touch with a new delivery date as soon as we have one."),
    ]),
    C("chat-1", "chat", "09-13 10:20", dept="fulfilment", order="LHO-19980", turns=[
        ("0", "c", "Good morning! Hoping you can help - I got an email last week that my sofa (LHO-19980) is delayed. Do you have a new date yet? Thanks so much"),
        ("1m", "a:luke", "Hi Grace. It's still with the factory I'm afraid, there's no date on the system yet."),
        ("40s", "c", "Ok, any idea roughly? Is it days or weeks? We've got rid of our old sofa already"),
        ("50s", "a:luke", "I can't say, it depends on the factory. You'll get an email when it's dispatched."),
        ("45s", "c", "So I've paid £899 three weeks ago and nobody can tell me if it's coming this month? Can someone chase the factory?"),
        ("1m", "a:luke", "The factory team are aware of all delayed orders. There's nothing more I can do from here."),
        ("40s", "c", "Honestly this is a joke. We're sitting on garden chairs in the living room. Worst experience I've had with any shop, I regret ordering."),
        ("30s", "a:luke", "I understand your frustration. Is there anything else I can help with today?"),
    ]),
])

# A refund promised "by Friday 12 September" doesn't arrive; she chases on Monday and is sorted fast.
story("st25", "refund_date_missed", "lm-c125", expect="broken_promise repeat_contact", blocks=[
    C("mail-1", "email", "09-09 10:02", dept="returns", order="LHO-20240", turns=[
        ("0", "c", "Subject: Refund for returned cushions\n\nHi, the courier collected my two Ottery cushions (LHO-20240) on Saturday. When will the refund come through? Tessa"),
        ("2h", "a:ola", "Hi Tessa,\n\nThanks for letting us know. The cushions are back with us and your refund of £42.50 will be back on your card by Friday 12 September.\n\nBest wishes,\nOla, Returns"),
        ("30m", "c", "Lovely, thank you!"),
    ]),
    C("dm-1", "social", "09-15 08:41", dept="social", order="LHO-20240", meta={"public": False, "platform": "social"}, turns=[
        ("0", "c", "Hi, I was promised my refund of £42.50 by Friday (order LHO-20240) and there's nothing on my card. Can you check please?"),
        ("11m", "a:sam", "Morning Tessa, I'm sorry about this. The refund was approved but got stuck in a batch that didn't run on Friday. I've pushed it through manually just now, it'll show within a day."),
        ("5m", "c", "Thanks Sam, appreciate it"),
    ]),
    E("09-15 08:55", "refund_issued", order="LHO-20240", dept="returns", amount=42.50, currency="GBP"),
    C("mail-2", "email", "09-15 08:56", order="LHO-20240", turns=[
        ("0", "s", "Subject: Your refund for order LHO-20240\n\nWe've refunded £42.50 to your card. It can take up to 5 working days to appear on your statement."),
    ]),
])

# A Plus renewal is declined on an expired card with no email; he finds out when charged delivery.
story("st29", "silent_payment_decline", "lm-c129", expect="silent_event", blocks=[
    E("09-13 06:00", "payment_declined", dept="billing", reason="card_expired", amount=4.99, currency="GBP", about="Larkmoor Plus renewal"),
    E("09-13 06:00:10", "membership_lapsed", dept="membership"),
    C("chat-1", "chat", "09-17 19:22", dept="membership", turns=[
        ("0", "c", "Why is the checkout charging me £39 delivery on a wardrobe? I'm a Plus member, that's the whole point of paying for it"),
        ("45s", "a:grace", "Hi Ravi, let me check. I'm sorry, your Plus renewal on the 13th was declined because the card on file had expired, so the membership lapsed."),
        ("30s", "c", "Nobody told me! No email, nothing. I'd have just updated the card"),
        ("40s", "a:grace", "You're right, you should have had an email straight away and I apologise that you didn't. I've reactivated Plus from today at no charge for this month, so the delivery will be free. You can update the card under Account > Payment."),
        ("1m", "c", "ok great, that's sorted then, thanks Grace"),
    ]),
])

# Chat promises the wardrobe for Thursday 18th; the dispatch email says the 26th.
story("st12", "delivery_date_contradiction", "lm-c112", tz="+02:00", expect="contradiction unanswered", blocks=[
    E("09-09 09:30", "order_placed", order="LHO-20366", amount=520.00, currency="GBP", items="Tilly double wardrobe (white oak)"),
    C("chat-1", "chat", "09-10 10:14", dept="orders", order="LHO-20366", turns=[
        ("0", "c", "Hello, I am away in Valencia until the 17th. Can you tell me when my wardrobe LHO-20366 will be delivered? I need to be home."),
        ("1m", "a:zoe", "Hi Marek! Your wardrobe will be delivered on Thursday 18 September by our two-person team, any time between 7am and 7pm."),
        ("30s", "c", "Perfect, I fly back on 17th so Thursday is good."),
        ("20s", "a:zoe", "Great, you'll get a text with a 2-hour slot the evening before. Have a lovely trip!"),
    ]),
    C("mail-1", "email", "09-15 16:30", dept="fulfilment", order="LHO-20366", turns=[
        ("0", "a:hamza", "Subject: Your delivery for order LHO-20366\n\nHello Marek,\n\nYour Tilly double wardrobe will be delivered on Friday 26 September by our two-person team. "
                         "Please make sure someone aged 18 or over is home between 7am and 7pm.\n\nKind regards,\nHamza, Deliveries"),
        ("1h10m", "c", "Hello Hamza, on chat I was told Thursday 18 September and I have booked a day off work for that. Which date is correct?"),
        ("40m", "a:hamza", "Hello Marek,\n\nYour wardrobe is scheduled for delivery on Friday 26 September, as stated in our email. Please make sure someone is home between 7am and 7pm.\n\nKind regards,\nHamza"),
        ("25m", "c", "That doesn't answer my question. Your colleague on chat confirmed the 18th. Now I've booked the wrong day off."),
    ]),
])


# --------------------------------------------------------------------------- near-misses: they look like a finding but are not

# Asks the bot for a person once; an agent joins in 35 seconds and sorts it.
story("st05", "bot_handoff_ok", "lm-c105", expect="", blocks=[
    C("bot-1", "chat", "09-09 13:02", order="LHO-20301", turns=[
        ("0", "b", "Hi, I'm Wren, Larkmoor's virtual assistant 🐦 What can I help you with today?"),
        ("15s", "c", "I need to move my mattress delivery, can I speak to someone"),
        ("3s", "b", "Of course, I'm connecting you to a member of our delivery team now."),
        ("35s", "a:luke", "Hi Imran, Luke from deliveries here. Which day would suit you better for the Oakleigh mattress?"),
        ("30s", "c", "Anything next week except Monday?"),
        ("40s", "a:luke", "Tuesday 16th, 8am-12pm is free. Shall I book it?"),
        ("10s", "c", "yes please"),
        ("20s", "a:luke", "Done, you'll get a confirmation text now."),
        ("10s", "c", "great, thanks Luke 👍"),
    ]),
    E("09-09 13:05", "notification_sent", order="LHO-20301", channel="sms", about="delivery_rebooked"),
])

# A cheerful emoji reply to a pre-sales question: informal, but no problem to be casual about.
story("st07", "emoji_presales", "lm-c107", expect="", blocks=[
    C("tw-1", "social", "09-10 12:30", dept="social", meta={"public": True, "platform": "social"}, turns=[
        ("0", "c", "@LarkmoorHome does the Harlow sofa come in green?? asking for my living room 👀"),
        ("9m", "a:sam", "It does! 🌿 Sage and forest green, both in stock right now. Happy sofa hunting! 🛋️"),
        ("3m", "c", "ooh forest green it is 😍 thank you!"),
    ]),
])

# Chipped mugs: apology first thing, replacement the same day.
story("st09", "chipped_mugs_apology", "lm-c109", expect="", blocks=[
    E("09-10 11:20", "delivered", order="LHO-20350", dept="fulfilment"),
    C("chat-1", "chat", "09-10 17:45", dept="returns", order="LHO-20350", turns=[
        ("0", "c", "Hi, two of the four Skelwith mugs in my order came chipped (LHO-20350). Bit gutted, they were a present to myself 😅"),
        ("40s", "a:ola", "Oh no, I'm so sorry Hannah, that's not the welcome we want for them. I'll send two replacement mugs out today, no need to return the chipped ones."),
        ("30s", "c", "Oh that's really kind, thank you!"),
        ("20s", "a:ola", "My pleasure. They'll be with you Friday. Sorry again!"),
    ]),
    E("09-10 17:50", "replacement_shipped", order="LHO-20350", dept="returns"),
    E("09-12 10:30", "delivered", order="LHO-20350", dept="fulfilment", note="replacement"),
])

# A refund announced as two parts that add up (£64.00 + £5.95 = £69.95), both paid on time.
story("st11", "refund_split_adds_up", "lm-c111", expect="", blocks=[
    C("mail-1", "email", "09-11 08:50", dept="returns", order="LHO-20322", turns=[
        ("0", "c", "Subject: Return of the Lune floor lamp\n\nHi, the lamp I ordered (LHO-20322) was the wrong colour, brass instead of black. It went back with the courier yesterday. How much will I get back? Thanks, Sunil"),
        ("3h5m", "a:ben", "Hi Sunil,\n\nSorry we sent the wrong colour. As it was our mistake you'll get everything back: £64.00 for the lamp plus the £5.95 delivery charge, £69.95 in total. "
                          "They'll show as two separate refunds within 3-5 working days.\n\nBest,\nBen, Returns"),
        ("40m", "c", "Great, thanks Ben."),
    ]),
    E("09-12 14:00", "refund_issued", order="LHO-20322", dept="returns", amount=64.00, currency="GBP", part="item"),
    E("09-12 14:00:05", "refund_issued", order="LHO-20322", dept="returns", amount=5.95, currency="GBP", part="delivery"),
    C("mail-2", "email", "09-12 14:01", order="LHO-20322", turns=[
        ("0", "s", "Subject: Refunds processed for order LHO-20322\n\nWe've refunded £64.00 (Lune floor lamp) and £5.95 (delivery) to your card, £69.95 in total."),
    ]),
])

# The returns window went from 30 to 60 days on 8 September and the help page changed that morning.
story("st14", "returns_window_update", "lm-c114", expect="", blocks=[
    C("mail-1", "email", "09-19 10:30", dept="returns", order="LHO-19711", turns=[
        ("0", "c", "Subject: Can I still return curtains?\n\nHello, I bought the Esk linen curtains about six weeks ago (order LHO-19711), they were delivered on 4 August. "
                   "They're still in the packet. Am I too late to return them? Many thanks, Margaret Doyle"),
        ("20s", "s", ACK.format(ref="771620")),
        ("2h40m", "a:ola", "Dear Margaret,\n\nGood news: since 8 September our returns window is 60 days from delivery, so you have until 3 October. "
                           "I've emailed you a free returns label.\n\nBest wishes,\nOla, Returns"),
        ("1h", "c", "Wonderful, thank you Ola."),
    ]),
    E("09-19 13:10", "return_requested", order="LHO-19711", dept="returns"),
])

# A callback promised for the next day and made the next morning.
story("st16", "callback_kept", "lm-c116", expect="", blocks=[
    C("call-1", "phone", "09-15 15:40", dept="installations", order="LHO-20590", turns=[
        ("0", "hold:19", "Caller queued for Installations."),
        ("0", "a:claire", "Larkmoor installations, Claire speaking."),
        ("10s", "c", "Hi, I'd like to move my curtain pole fitting on Thursday to a Saturday if possible. Order LHO-20590."),
        ("40s", "a:claire", "I need to check the Saturday rota with the fitters. I'll call you back by 5pm tomorrow with a slot, is that ok?"),
        ("10s", "c", "That's fine, thanks."),
        ("0", "ev:callback_promised", {"due": "2025-09-16T17:00:00+01:00", "promised_by": "claire", "about": "Saturday fitting slot"}),
    ]),
    C("call-2", "phone", "09-16 11:20", dept="installations", order="LHO-20590", meta={"direction": "outbound"}, turns=[
        ("0", "a:claire", "Hi Mrs Adebayo, it's Claire from Larkmoor installations calling back as promised. We can do Saturday the 20th at 10am."),
        ("10s", "c", "Brilliant, that's perfect."),
        ("10s", "a:claire", "Lovely, it's booked. You'll get a confirmation text shortly."),
    ]),
    E("09-16 11:22", "notification_sent", order="LHO-20590", channel="sms", about="fitting_confirmed"),
    C("sms-1", "sms", "09-16 11:22", order="LHO-20590", turns=[
        ("0", "s", "Larkmoor Home: your curtain pole fitting is booked for Sat 20 Sep at 10:00. Reply CHANGE to rebook."),
    ]),
])

# One warm transfer, with an apology, that fixes it on the same call.
story("st18", "warm_transfer_ok", "lm-c118", expect="", blocks=[
    C("call-1", "phone", "09-17 10:10", dept="billing", turns=[
        ("0", "hold:18", "Caller queued for Billing."),
        ("0", "a:imogen", "Larkmoor billing, Imogen speaking."),
        ("10s", "c", "Hi, I can't log in to the app to download my invoice, it keeps saying my password is wrong even after I reset it."),
        ("30s", "a:imogen", "I'm sorry about that, that's one for our technical team. I'll stay on the line and introduce you so you don't need to repeat anything."),
        ("0", "ev:transferred", {"from_department": "billing", "to_department": "technical", "warm": True}),
        ("25s", "a:nina", "Hi Mr Lindqvist, Nina from technical, Imogen's filled me in. Your account was locked after the reset attempts; I've unlocked it, could you try again?"),
        ("40s", "c", "Yep, I'm in. Invoice downloaded. Thanks both!"),
    ]),
])

# "If this happens again I'm done" - acknowledged, apologised for and made right.
story("st20", "churn_acknowledged", "lm-c120", expect="", blocks=[
    E("09-12 09:00", "shipment_delayed", order="LHO-20470", dept="fulfilment", reason="courier_capacity", new_date="2025-09-13"),
    E("09-12 09:12", "notification_sent", order="LHO-20470", channel="sms", about="shipment_delayed"),
    C("sms-0", "sms", "09-12 10:12", order="LHO-20470", turns=[
        ("0", "s", "Larkmoor Home: sorry, your order LHO-20470 is running a day late and will now arrive Sat 13 Sep. Reply HELP for options."),
    ]),
    C("chat-1", "chat", "09-12 12:30", dept="orders", order="LHO-20470", turns=[
        ("0", "c", "Got your text that my order is late AGAIN. Second time this month. Honestly if this happens again I'm done with Larkmoor, I'll shop somewhere else."),
        ("50s", "a:callum", "Hi Ellie, I completely understand, and I'm sorry - two late deliveries in a month isn't good enough and I'd hate to lose you as a customer. I've refunded your £4.95 delivery charge and added a £10 voucher to your account for next time."),
        ("40s", "c", "Oh. Ok, that's decent of you, thank you."),
        ("20s", "a:callum", "The order is on the van for tomorrow morning. Anything else I can do?"),
        ("15s", "c", "No that's all, thanks Callum 🙂"),
    ]),
    E("09-12 12:33", "refund_issued", order="LHO-20470", dept="orders", amount=4.95, currency="GBP", reason="late_delivery"),
    E("09-13 10:40", "delivered", order="LHO-20470", dept="fulfilment"),
])

# Backorder emailed 20 minutes after it happens; a quick, friendly answer to the follow-up.
story("st27", "backorder_notified", "lm-c127", expect="", blocks=[
    E("09-10 10:00", "backordered", order="LHO-20344", dept="fulfilment", reason="supplier_delay", new_date="2025-09-24"),
    E("09-10 10:20", "notification_sent", order="LHO-20344", channel="email", about="backordered"),
    C("mail-1", "email", "09-10 10:20", dept="fulfilment", order="LHO-20344", turns=[
        ("0", "s", "Subject: Your Ember table lamp is on backorder\n\nWe're sorry - the Ember table lamp on your order LHO-20344 is on backorder with our supplier. "
                   "Your new estimated delivery date is 24 September. You can cancel free of charge at any time before it ships."),
        ("1h30m", "c", "Thanks for letting me know. Will the shade come separately or together?"),
        ("1h15m", "a:hamza", "Hi Lucy, sorry again for the wait on this one. The lamp and shade come together in one box on the 24th.\n\nHamza, Deliveries"),
        ("20m", "c", "Perfect, thanks!"),
    ]),
    E("09-24 12:10", "delivered", order="LHO-20344", dept="fulfilment"),
])

# Delivery pushed back a day, texted within 15 minutes; the customer just says thanks.
story("st28", "delay_notified", "lm-c128", expect="", blocks=[
    E("09-16 07:30", "shipment_delayed", order="LHO-20615", dept="fulfilment", reason="courier_capacity", new_date="2025-09-17"),
    E("09-16 07:45", "notification_sent", order="LHO-20615", channel="sms", about="shipment_delayed"),
    C("sms-1", "sms", "09-16 08:45", dept="sms", order="LHO-20615", turns=[
        ("0", "s", "Larkmoor Home: sorry, your order LHO-20615 is running a day late and will now arrive Wed 17 Sep. Reply HELP for options."),
        ("35m", "c", "No worries, thanks for the heads up"),
    ]),
    E("09-17 14:00", "delivered", order="LHO-20615", dept="fulfilment"),
])

# Two-person delivery rose to £39 on 1 September and the help page changed the same day.
story("st30", "delivery_charge_update", "lm-c130", expect="", blocks=[
    C("mail-1", "email", "09-09 18:20", dept="fulfilment", order="LHO-20330", turns=[
        ("0", "c", "Subject: Delivery charge\n\nHi, I was charged £39 for two-person delivery on my sideboard but I'm sure it was £29 when I looked in August. Has it gone up? Ta, Dylan"),
        ("20s", "s", ACK.format(ref="771190")),
        ("15h10m", "a:luke", "Hi Dylan,\n\nYes, our two-person delivery charge changed from £29 to £39 on 1 September; our delivery help page shows the new price. "
                             "Sorry if the change caught you out. If you'd rather not pay it, Larkmoor Plus members get two-person delivery free.\n\nLuke, Deliveries"),
        ("2h", "c", "Ah fair enough, thanks for explaining."),
    ]),
])

# Two unrelated contacts two weeks apart: not a repeat contact.
story("st31", "unrelated_contacts", "lm-c131", expect="", blocks=[
    C("chat-1", "chat", "09-08 12:10", dept="orders", turns=[
        ("0", "c", "Hi! Are your Brora duvets suitable for someone with a feather allergy?"),
        ("45s", "a:zoe", "Hi Ben! The Brora range is filled with recycled microfibre, so there's no feather or down at all. It's a great pick for allergy sufferers."),
        ("30s", "c", "Perfect, thank you!"),
    ]),
    C("mail-1", "email", "09-22 19:40", dept="customer_care", turns=[
        ("0", "c", "Subject: Kettle guarantee\n\nHi, how long is the guarantee on the Tarn kettle? Thinking of getting one for my dad. Ben"),
        ("20s", "s", ACK.format(ref="771842")),
        ("13h", "a:fern", "Hi Ben,\n\nThe Tarn kettle comes with a two-year guarantee, and you can register it online for a third year free.\n\nBest wishes,\nFern"),
        ("1h", "c", "Great, thanks Fern!"),
    ]),
])

# A customer cancels before dispatch; the confirmation goes out straight away.
story("st32", "customer_cancel_confirmed", "lm-c132", expect="", blocks=[
    C("chat-1", "chat", "09-15 11:05", dept="orders", order="LHO-20640", turns=[
        ("0", "c", "Hi, could I cancel order LHO-20640 please? I've ordered the same throw twice by accident."),
        ("40s", "a:priti", "Hi Jess, no problem at all. I've cancelled LHO-20640; you'll get an email confirming it and the £35 refund in a moment."),
        ("20s", "c", "Amazing, thank you!"),
    ]),
    E("09-15 11:06", "order_cancelled", order="LHO-20640", dept="orders", reason="customer_request"),
    E("09-15 11:06:20", "notification_sent", order="LHO-20640", channel="email", about="order_cancelled"),
    C("mail-1", "email", "09-15 11:06:20", order="LHO-20640", turns=[
        ("0", "s", "Subject: Order LHO-20640 cancelled\n\nAs requested, we've cancelled your order LHO-20640. Your refund of £35.00 will reach your card within 3-5 working days."),
    ]),
    E("09-15 11:07", "refund_issued", order="LHO-20640", dept="orders", amount=35.00, currency="GBP"),
])


# --------------------------------------------------------------------------- the checkout incident (and its near-miss)

# Thursday 18 September, 19:05-19:33: ten customers on six channels hit error PX-417 at checkout.
# Each gets a quick holding reply with an apology and a follow-up when it is fixed at 21:10.
INCIDENT_TEXTS = [
    ("lm-c201", "chat", "19:05", "Hi, I keep getting 'Error PX-417' when I click Pay now. Tried twice. Is your checkout down?", "orders"),
    ("lm-c202", "social", "19:08", "@LarkmoorHome checkout just threw error PX-417 at me three times in a row, basket has £240 of stuff in it 😩 what's going on", "social"),
    ("lm-c203", "bot", "19:11", "checkout says error PX-417 we couldn't start your payment session", "orders"),
    ("lm-c204", "email", "19:12", "Subject: Can't pay - error PX-417\n\nHello, I've been trying to complete my order for the last ten minutes and the payment page shows 'Error PX-417: we couldn't start your payment session'. I've tried two different cards. Please advise. Mrs J. Okafor", "customer_care"),
    ("lm-c205", "chat", "19:15", "payment page broken? PX-417 error on the iPad and the laptop", "orders"),
    ("lm-c206", "phone", "19:18", "Hi, I'm trying to place an order online and every time I pay it comes up with an error, PX-417. I've tried three cards now.", "payments"),
    ("lm-c207", "sms", "19:21", "Hi, website giving me error PX-417 at checkout, is there a problem? Want to order before the sale ends tonight", "sms"),
    ("lm-c208", "social", "19:24", "is anyone else getting PX-417 on the @LarkmoorHome checkout or is it just me", "social"),
    ("lm-c209", "chat", "19:29", "Hi there, your checkout keeps failing with error code PX-417 - is it safe to keep trying? Don't want to be charged twice", "orders"),
    ("lm-c210", "bot", "19:33", "error PX-417 when paying. help", "orders"),
]

HOLDING = {
    "orders": "I'm really sorry about this - we know about error PX-417 at checkout and our web team are fixing it right now. You won't be charged for the failed attempts and your basket is saved. I'll message you here as soon as it's working.",
    "social": "Sorry about that! We know about the PX-417 checkout error and the team are on it now. Your basket is saved and failed attempts aren't charged. We'll reply here the moment it's fixed.",
    "customer_care": "I'm sorry you've had trouble paying this evening. We're aware of error PX-417 at checkout and our web team are fixing it now. Failed attempts are not charged, and your basket will be saved. I'll email you as soon as it's working again.\n\nFern, Customer Care",
    "sms": "Hi, Mei at Larkmoor. Sorry, yes - we know about error PX-417 at checkout and it's being fixed now. Your basket is saved. We'll text you when it's back up, and the sale has been extended to midnight tomorrow.",
    "payments": "I'm sorry, yes, we've got a problem with the payment page this evening, error PX-417. The team are on it right now. Nothing has been taken from your cards. Would you like me to take the order over the phone instead?",
}
FIXED = "Good news: the checkout is working again. Sorry again for the trouble earlier this evening!"


def _incident_stories() -> None:
    agent_for = {"orders": "priti", "social": "sam", "customer_care": "fern", "sms": "mei", "payments": "joe"}
    for i, (cust, channel, at, text, dept) in enumerate(INCIDENT_TEXTS):
        key = f"inc{i + 1:02d}"
        who = f"a:{agent_for[dept]}"
        at_full = f"09-18 {at}"
        if channel == "bot":
            turns = [
                ("0", "b", "Hi, I'm Wren, Larkmoor's virtual assistant 🐦 What can I help you with today?"),
                ("15s", "c", text),
                ("3s", "b", "It sounds like you're having trouble at checkout. I'm passing you to a member of our team now."),
                ("50s", "a:priti", HOLDING["orders"]),
                ("1h50m", "a:priti", FIXED),
            ]
            blocks = [C("bot-1", "chat", at_full, turns=turns)]
        elif channel == "phone":
            turns = [
                ("0", "hold:26", "Caller queued for Payments."),
                ("0", "a:joe", "Larkmoor payments, Joe speaking."),
                ("10s", "c", text),
                ("20s", who, HOLDING["payments"]),
                ("25s", "c", "Could you take it over the phone? It's the Fenn bookcase and two cushions."),
                ("3m", "a:joe", "That's all gone through, order LHO-20801, and you'll get the confirmation email now. Sorry again for the bother."),
                ("10s", "c", "Lovely, thank you."),
            ]
            blocks = [C("call-1", "phone", at_full, dept=dept, order="LHO-20801", turns=turns),
                      E("09-18 19:22:40", "order_placed", order="LHO-20801", amount=176.00, currency="GBP", items="Fenn bookcase, 2 Ottery cushions"),
                      E("09-18 19:22:50", "notification_sent", order="LHO-20801", channel="email", about="order_confirmation"),
                      C("mail-1", "email", "09-18 19:22:50", order="LHO-20801", turns=[
                          ("0", "s", "Subject: Thanks for your order LHO-20801\n\nWe've got your order for the Fenn bookcase and 2 Ottery cushions, £176.00. We'll email you when it's on its way."),
                      ])]
        else:
            first = {"chat": "1m", "social": "12m", "email": "38m", "sms": "14m"}[channel]
            meta = {"public": True, "platform": "social"} if channel == "social" else {}
            turns = [("0", "c", text), (first, who, HOLDING[dept])]
            if channel == "email":
                turns.insert(1, ("20s", "s", ACK.format(ref=f"7717{i:02d}")))
            fixed_text = FIXED if channel != "email" else "Hello again,\n\nThe checkout is working normally now and your basket is as you left it. Apologies again for the inconvenience.\n\nFern, Customer Care"
            blocks = [C(f"{channel}-1", channel, at_full, dept=dept, meta=meta, turns=turns),
                      C(f"{channel}-1", channel, "09-18 21:10", dept=dept, meta=meta, turns=[("0", who, fixed_text)])]
        blocks.append(E(f"09-18 {at}", "checkout_error", dept="ecommerce", error_code="PX-417", conv=blocks[0].key if isinstance(blocks[0], C) else None))
        story(key, "checkout_incident", cust, blocks=blocks, expect="incident")


_incident_stories()

# The near-miss: the same app glitch (wishlist empty after an update) for four people over twelve days.
WISHLIST = [
    ("lm-c211", "09-09 09:40", "chat", "Hi, I updated the Larkmoor app this morning and my wishlist is completely empty! I had about 20 things saved on there"),
    ("lm-c212", "09-12 21:05", "email", "Subject: Wishlist gone\n\nHello, after the app updated my saved wishlist has disappeared. Is there any way to get it back? Thanks, Paul"),
    ("lm-c213", "09-16 13:30", "social", "@LarkmoorHome app update ate my wishlist 😭 please tell me it's recoverable"),
    ("lm-c214", "09-21 16:15", "chat", "hiya, wishlist in the app is showing as empty since the update, website one is fine"),
]


def _wishlist_stories() -> None:
    for i, (cust, at, channel, text) in enumerate(WISHLIST):
        key = f"wl{i + 1:02d}"
        if channel == "chat":
            turns = [("0", "c", text),
                     ("50s", "a:nina", "Sorry about that! Your wishlist is safe on your account, the update just doesn't always reload it. If you log out of the app and back in, it'll come back."),
                     ("1m30s", "c", "omg it's back, thank you!!")]
        elif channel == "email":
            turns = [("0", "c", text), ("20s", "s", ACK.format(ref=f"77130{i}")),
                     ("12h", "a:nina", "Hi Paul,\n\nSorry for the worry - your wishlist is still saved on your account. Please log out of the app and log back in and it will reappear.\n\nNina, Technical Support"),
                     ("2h", "c", "That worked, thank you Nina.")]
        else:
            turns = [("0", "c", text),
                     ("14m", "a:sam", "It is! Sorry for the fright 🙈 Log out of the app and back in and your wishlist will reappear. Shout if it doesn't!"),
                     ("6m", "c", "it's back!! thank you 🙏")]
        meta = {"public": True, "platform": "social"} if channel == "social" else {}
        story(key, "wishlist_glitch_spread_out", cust, expect="", blocks=[C(f"{channel}-1", channel, at, dept="technical" if channel != "social" else "social", meta=meta, turns=turns)])


_wishlist_stories()


# --------------------------------------------------------------------------- background: well handled, should produce nothing

BACKGROUND: list[tuple] = [
    # (customer, story, channel, local start, department, order, turns[, tz])
    ("lm-c301", "bg_address_change", "chat", "09-08 09:14", "orders", "LHO-20512", [
        ("0", "c", "Hi, can I change the delivery address on LHO-20512 before it's dispatched?"),
        ("40s", "a:zoe", "Morning! Yes, it's still in the warehouse. What's the new address?"),
        ("35s", "c", "Flat 2, 9 Mill Lane, York YO1 7HB"),
        ("30s", "a:zoe", "Done - it'll go to Flat 2, 9 Mill Lane. You'll get an updated confirmation email."),
        ("10s", "c", "Brilliant, thanks!"),
    ]),
    ("lm-c302", "bg_vat_invoice", "email", "09-08 10:30", "billing", "LHO-20377", [
        ("0", "c", "Subject: VAT invoice\n\nHi, could I have a VAT invoice for order LHO-20377 please? It's for our office kitchen. Company: Fernside Design Ltd. Thanks, Ruth"),
        ("20s", "s", ACK.format(ref="771101")),
        ("3h", "a:rachel", "Hi Ruth,\n\nPlease find the VAT invoice for LHO-20377 attached, made out to Fernside Design Ltd.\n\nKind regards,\nRachel, Billing"),
        ("30m", "c", "Perfect, thank you."),
    ]),
    ("lm-c303", "bg_presales_dimensions", "social", "09-08 16:20", "social", None, [
        ("0", "c", "@LarkmoorHome how deep is the Fenn bookcase? trying to fit it in an alcove"),
        ("11m", "a:sam", "Hi! The Fenn is 32cm deep, 80cm wide and 180cm tall. Hope it fits the alcove! 📏"),
        ("5m", "c", "perfect, 34cm alcove so we're good. thanks!"),
    ]),
    ("lm-c304", "bg_warranty_call", "phone", "09-09 11:00", "customer_care", "LHO-18201", [
        ("0", "hold:22", "Caller queued for Customer Care."),
        ("0", "a:fern", "Larkmoor Home, Fern speaking, how can I help?"),
        ("10s", "c", "Hi, the toaster I bought in March has stopped working on one side. Is it still under guarantee?"),
        ("40s", "a:fern", "Sorry to hear that! Yes, it's covered for two years. I'll send you a free returns label by email and we'll send a new one as soon as it's scanned in."),
        ("20s", "c", "Oh that's easy, thank you."),
        ("10s", "a:fern", "You're welcome, have a good day."),
    ]),
    ("lm-c305", "bg_bot_tracking", "chat", "09-09 19:40", None, "LHO-20520", [
        ("0", "b", "Hi, I'm Wren, Larkmoor's virtual assistant 🐦 What can I help you with today?"),
        ("12s", "c", "where is my order LHO-20520"),
        ("3s", "b", "Your order LHO-20520 left our warehouse this morning and is due with you tomorrow between 10:00 and 14:00. You'll get a text with a 1-hour slot in the morning."),
        ("20s", "c", "great thanks"),
    ]),
    ("lm-c306", "bg_assembly_pdf", "email", "09-09 21:10", "customer_care", "LHO-20401", [
        ("0", "c", "Subject: Lost instructions\n\nEvening, I've lost the assembly instructions for my Brae bedside tables (LHO-20401). Is there a PDF anywhere? Tom"),
        ("20s", "s", ACK.format(ref="771133")),
        ("11h", "a:fern", "Hi Tom,\n\nNo problem - the PDF is attached, and you can also find it on the product page under 'Downloads'.\n\nBest wishes,\nFern"),
        ("1h", "c", "Cheers Fern, found it."),
    ]),
    ("lm-c307", "bg_sms_slot", "sms", "09-10 07:50", "sms", "LHO-20419", [
        ("0", "c", "Hi can I move my delivery tomorrow (LHO-20419) to the afternoon? Working from the office in the morning"),
        ("18m", "a:mei", "Hi! Done - your delivery is now tomorrow between 13:00 and 17:00. Mei, Larkmoor"),
        ("5m", "c", "Thank you!!"),
    ]),
    ("lm-c308", "bg_discount_code", "chat", "09-10 13:45", "orders", None, [
        ("0", "c", "Hey, the code WELCOME10 says invalid at checkout?"),
        ("45s", "a:kyle", "Hi Amara, sorry for the confusion - WELCOME10 only works on a first order, and I can see you ordered with us in June. I've added a one-off 10% code to your account instead: LARK-AMARA10."),
        ("30s", "c", "oh nice, that worked. thank you!"),
    ]),
    ("lm-c309", "bg_care_advice", "email", "09-10 15:00", "customer_care", "LHO-19850", [
        ("0", "c", "Subject: Oiling the Holt table\n\nHi, how often should I oil the oak dining table and which oil do you recommend? Thanks, Graham"),
        ("20s", "s", ACK.format(ref="771160")),
        ("2h30m", "a:fern", "Hi Graham,\n\nEvery 3-6 months is plenty. Any hardwax oil works; we sell the Larkmoor oak care kit, which includes a cloth and instructions.\n\nBest wishes,\nFern"),
        ("1h", "c", "Thanks, very helpful."),
    ]),
    ("lm-c310", "bg_compliment", "social", "09-11 12:05", "social", None, [
        ("0", "c", "shoutout to @LarkmoorHome, ordered a lamp at 9pm last night and it arrived before lunch today ✨"),
        ("8m", "a:leah", "This made our day! Enjoy the new lamp ✨"),
    ]),
    ("lm-c311", "bg_mattress_trial", "phone", "09-11 16:30", "returns", "LHO-19930", [
        ("0", "hold:24", "Caller queued for Returns."),
        ("0", "a:ben", "Returns, Ben speaking."),
        ("10s", "c", "Hi, I've had the Oakleigh mattress for about seven weeks and it's just too firm for me. Can I still send it back on the trial?"),
        ("30s", "a:ben", "Yes, you've got 100 nights on the trial so you're fine. I'll book a free collection: is next Wednesday ok?"),
        ("10s", "c", "Wednesday's great."),
        ("20s", "a:ben", "Booked, and you'll get the full refund once it's collected. Anything else?"),
        ("5s", "c", "No, that's it, thanks Ben."),
    ]),
    # (the collection and refund for lm-c311 are in BACKGROUND_EVENTS)
    ("lm-c312", "bg_click_collect", "chat", "09-12 10:10", "orders", None, [
        ("0", "c", "Do you do click and collect at all?"),
        ("35s", "a:priti", "Hi! We don't have stores, but you can collect from any ParcelStream locker or shop for free - just pick 'Collect' at checkout."),
        ("20s", "c", "ah good to know, ty"),
    ]),
    ("lm-c313", "bg_gift_message", "email", "09-12 14:40", "orders", "LHO-20592", [
        ("0", "c", "Subject: Gift message\n\nHi, I forgot to add a gift message to order LHO-20592. Could you add 'Happy housewarming, love Kit & Ed'? Thanks"),
        ("20s", "s", ACK.format(ref="771300")),
        ("1h20m", "a:zoe", "Hi Kit,\n\nAll done - the message will be printed on a card in the parcel, and no prices will be included.\n\nZoe, Orders"),
        ("15m", "c", "Amazing, thank you Zoe!"),
    ]),
    ("lm-c314", "bg_stock_check", "social", "09-13 09:30", "social", None, [
        ("0", "c", "@LarkmoorHome will the Ember lamp in green be back in stock?"),
        ("15m", "a:leah", "Hi! We're expecting the green Ember back on the 24th. Hit 'notify me' on the product page and we'll email you as soon as it lands 💡"),
        ("4m", "c", "done, thank you!"),
    ]),
    ("lm-c315", "bg_plus_benefits", "chat", "09-13 15:20", "membership", None, [
        ("0", "c", "Does Larkmoor Plus include two person delivery or just the normal one?"),
        ("40s", "a:grace", "Hi Sanjay! Plus covers both - standard and two-person delivery are free on every order."),
        ("25s", "c", "ok sold, signing up now"),
        ("20s", "a:grace", "Welcome aboard! 🎉"),
    ]),
    ("lm-c316", "bg_spanish_customer", "email", "09-14 10:00", "customer_care", None, [
        ("0", "c", "Subject: Delivery to Spain?\n\nHello, I live in Málaga. Do you deliver bedding to Spain? Thank you, Lucía"),
        ("20s", "s", ACK.format(ref="771351")),
        ("22h", "a:fern", "Hello Lucía,\n\nWe deliver bedding and small homewares to Spain for £14.95, usually in 5-7 working days. Large furniture is UK only for now.\n\nBest wishes,\nFern"),
        ("3h", "c", "Perfect, thank you very much."),
    ], "+02:00"),
    ("lm-c317", "bg_phone_order_change", "phone", "09-15 12:15", "orders", "LHO-20650", [
        ("0", "hold:33", "Caller queued for Orders."),
        ("0", "a:callum", "Larkmoor orders, Callum speaking."),
        ("10s", "c", "Hi, can I change the colour on my order LHO-20650 from grey to blue? I ordered it an hour ago."),
        ("40s", "a:callum", "Yes, it's not been picked yet. I've swapped it to the blue, same price, same delivery date."),
        ("10s", "c", "Great, thanks very much."),
    ]),
    ("lm-c318", "bg_sms_received", "sms", "09-16 18:30", "sms", "LHO-20602", [
        ("0", "c", "Delivery came today, all perfect. Just wanted to say the drivers were lovely"),
        ("22m", "a:mei", "Thank you so much for letting us know - I'll pass that on to the team! Mei"),
    ]),
    ("lm-c319", "bg_incident_window_question", "chat", "09-18 19:16", "orders", None, [
        ("0", "c", "Quick question, do the Brae bedside tables come assembled?"),
        ("50s", "a:kyle", "Hi Ian! They arrive flat-packed but it's a 15 minute job with the tool included."),
        ("20s", "c", "cool, thanks"),
    ]),
    ("lm-c320", "bg_refund_check", "email", "09-17 09:00", "returns", "LHO-20210", [
        ("0", "c", "Subject: Refund?\n\nHi, has my refund for the returned rug (LHO-20210) been sent? Thanks, Eve"),
        ("20s", "s", ACK.format(ref="771510")),
        ("2h", "a:ola", "Hi Eve,\n\nYes, we refunded £120.00 to your card on 15 September; it can take up to 5 working days to show.\n\nOla, Returns"),
        ("20m", "c", "Ah I see it now, thank you!"),
    ]),
    ("lm-c321", "bg_bot_returns", "chat", "09-19 17:05", None, None, [
        ("0", "b", "Hi, I'm Wren, Larkmoor's virtual assistant 🐦 What can I help you with today?"),
        ("10s", "c", "how do I return a cushion"),
        ("3s", "b", "You can start a return from Account > Orders > Return an item. Returns are free, by courier collection or drop-off, within 60 days of delivery."),
        ("25s", "c", "easy, thanks!"),
    ]),
    ("lm-c322", "bg_social_dm_invoice", "social", "09-20 11:10", "social", "LHO-20700", [
        ("0", "c", "Hi, can you resend my order confirmation for LHO-20700? Think it went to spam"),
        ("9m", "a:sam", "Hi Priyanka! We've resent it just now - it's from orders@larkmoor.example. Let us know if it doesn't turn up."),
        ("6m", "c", "Got it, thanks!"),
    ]),
    ("lm-c323", "bg_phone_weekend", "phone", "09-20 10:40", "fulfilment", "LHO-20688", [
        ("0", "hold:29", "Caller queued for Deliveries."),
        ("0", "a:aisha", "Larkmoor deliveries, Aisha speaking."),
        ("10s", "c", "Hi, do you deliver on Sundays? My sofa's due next week and I'm only home at weekends."),
        ("30s", "a:aisha", "We do Saturday deliveries but not Sundays. I can book you Saturday the 27th, 8am to 1pm?"),
        ("10s", "c", "Saturday's perfect."),
        ("15s", "a:aisha", "Booked. You'll get a text the evening before with a 2-hour slot."),
    ]),
    ("lm-c324", "bg_late_email", "email", "09-22 09:20", "customer_care", None, [
        ("0", "c", "Subject: Fabric samples\n\nHi, can I order fabric samples for the Harlow sofa? Would like to see the green and the oatmeal. Thanks, Nell"),
        ("20s", "s", ACK.format(ref="771900")),
        ("4h", "a:fern", "Hi Nell,\n\nOf course - I've sent the forest green, sage and oatmeal swatches to the address on your account. They should arrive in 2-3 days.\n\nBest wishes,\nFern"),
        ("1h", "c", "Lovely, thank you!"),
    ]),
    ("lm-c325", "bg_late_chat", "chat", "09-23 14:10", "orders", "LHO-20850", [
        ("0", "c", "Hi, can I add a second pillow to order LHO-20850 before it goes?"),
        ("45s", "a:zoe", "Hi Farah! Yes, it hasn't been picked yet. I've added a second Brora pillow (£18) and charged the same card."),
        ("20s", "c", "Perfect, thanks Zoe"),
    ]),
    ("lm-c326", "bg_late_social", "social", "09-23 20:30", "social", None, [
        ("0", "c", "@LarkmoorHome when does the autumn sale start? 👀"),
        ("13m", "a:leah", "Ooh good question! It starts on 2 October at 8am, and Plus members get early access the evening before 🍂"),
        ("3m", "c", "noted 😁 thanks!"),
    ]),
    ("lm-c327", "bg_late_sms", "sms", "09-24 08:10", "sms", "LHO-20790", [
        ("0", "c", "Hi is my delivery today still on? Got a text yesterday but nothing this morning"),
        ("21m", "a:mei", "Hi! Yes, it's on the van now and due between 11:00 and 13:00. Mei"),
        ("4m", "c", "great thanks"),
    ]),
    ("lm-c328", "bg_late_phone", "phone", "09-24 15:00", "billing", None, [
        ("0", "hold:21", "Caller queued for Billing."),
        ("0", "a:imogen", "Larkmoor billing, Imogen speaking."),
        ("10s", "c", "Hi, I want to switch my Plus membership to annual, is there a discount?"),
        ("30s", "a:imogen", "Yes, annual is £49 instead of £59.88 monthly. I can switch you now and it starts when this month ends."),
        ("10s", "c", "Yes please, do that."),
        ("20s", "a:imogen", "All done, you'll get a confirmation email."),
        ("5s", "c", "Thanks, bye."),
    ]),
]


BACKGROUND_EVENTS: dict[str, list] = {
    "lm-c301": [
        E("09-08 09:16", "notification_sent", order="LHO-20512", channel="email", about="address_changed"),
        C("mail-1", "email", "09-08 09:16", order="LHO-20512", turns=[
            ("0", "s", "Subject: Your delivery address has been updated\n\nOrder LHO-20512 will now be delivered to Flat 2, 9 Mill Lane, York YO1 7HB."),
        ]),
    ],
    "lm-c311": [
        E("09-11 16:32", "return_requested", order="LHO-19930", dept="returns", reason="comfort_trial"),
        E("09-17 11:40", "refund_issued", order="LHO-19930", dept="returns", amount=379.00, currency="GBP"),
        C("mail-1", "email", "09-17 11:41", order="LHO-19930", turns=[
            ("0", "s", "Subject: We've collected your mattress\n\nYour Oakleigh mattress has been collected and we've refunded £379.00 to your card. Thanks for trying it."),
        ]),
    ],
}


def _background_stories() -> None:
    for row in BACKGROUND:
        cust, name, channel, at, dept, order, turns = row[:7]
        tz = row[7] if len(row) > 7 else "+01:00"
        meta = {"public": not name.startswith("bg_social_dm"), "platform": "social"} if channel == "social" else {}
        story(cust.replace("lm-c", "bg"), name, cust, tz=tz, expect="",
              blocks=[C(f"{channel}-1", channel, at, dept=dept, order=order, meta=meta, turns=turns)] + BACKGROUND_EVENTS.get(cust, []))


_background_stories()

# Closing events that run the data past the last conversation.
TAIL_EVENTS = [
    E("09-25 09:00", "csat", score=5, customer="lm-c325", comment="quick and easy"),
    E("09-25 09:05", "csat", score=5, customer="lm-c328"),
    E("09-25 10:30", "delivered", order="LHO-20850", customer="lm-c325", dept="fulfilment"),
]


# --------------------------------------------------------------------------- rendering


def _event(key: str, n: int, ev: E, customer: str, tz: str, conv_ids: dict[str, str], story_name: str) -> tuple[datetime, dict]:
    ts = _parse_at(ev.at, tz)
    attrs = dict(ev.attrs)
    customer = attrs.pop("customer", customer)
    rec: dict[str, Any] = {"kind": "event", "id": f"lm-{key}-e{n:02d}", "type": ev.type, "timestamp": _utc(ts), "customer_id": customer}
    if ev.order:
        rec["order_id"] = ev.order
    if ev.conv:
        rec["conversation_id"] = conv_ids.get(ev.conv, f"lm-{key}-{ev.conv}")
    if ev.dept:
        rec["department"] = ev.dept
    if attrs:
        rec["attributes"] = attrs
    rec["meta"] = {"story": story_name, "brand": BRAND}
    return ts, rec


def render_story(st: dict[str, Any]) -> list[tuple[datetime, dict]]:
    key, name, customer, tz = st["key"], st["story"], st["customer"], st["tz"]
    out: list[tuple[datetime, dict]] = []
    n_msg = n_ev = 0
    conv_ids: dict[str, str] = {}
    last: dict[str, dict[str, str]] = {}  # conversation -> {"customer": id, "company": id}
    for block in st["blocks"]:
        if isinstance(block, E):
            n_ev += 1
            out.append(_event(key, n_ev, block, customer, tz, conv_ids, name))
            continue
        conv_id = conv_ids.setdefault(block.key, f"lm-{key}-{block.key}")
        seen = last.setdefault(conv_id, {})
        clock = _parse_at(block.at, tz)
        for turn in block.turns:
            delta, who, text = turn[:3]
            extra = dict(turn[3]) if len(turn) > 3 else {}
            clock = clock + _delta(delta)
            if who.startswith("ev:"):
                n_ev += 1
                attrs = dict(text)
                dept = attrs.get("from_department") or block.dept
                ev = E(clock.strftime("%m-%d %H:%M:%S"), who[3:], order=block.order, dept=dept, conv=block.key, **attrs)
                out.append(_event(key, n_ev, ev, customer, tz, conv_ids, name))
                continue
            n_msg += 1
            meta: dict[str, Any] = {"story": name, "brand": BRAND}
            meta.update(block.meta)
            meta.update(extra)
            rec: dict[str, Any] = {"kind": "message", "id": f"lm-{key}-m{n_msg:02d}", "conversation_id": conv_id,
                                   "customer_id": customer, "channel": block.channel, "timestamp": _iso(clock)}
            hold = 0
            if who == "c":
                rec["role"] = "customer"
                reply_to = seen.get("company")
            elif who == "b":
                rec["role"], rec["author"], rec["department"] = "bot", BOT[0], BOT[1]
                reply_to = seen.get("customer")
            elif who.startswith("a:"):
                agent = who[2:]
                rec["role"], rec["author"], rec["department"] = "agent", f"agent-{agent}", AGENTS[agent]
                reply_to = seen.get("customer")
            elif who == "s":
                rec["role"] = "system"
                reply_to = None
            elif who.startswith("hold:"):
                hold = int(who[5:])
                rec["role"] = "system"
                if block.dept:
                    rec["department"] = block.dept
                meta["hold_seconds"] = hold
                reply_to = None
            else:
                raise ValueError(f"unknown speaker {who!r} in {key}")
            rec["text"] = text
            if reply_to:
                rec["in_reply_to"] = reply_to
            if block.order:
                rec["order_id"] = block.order
            rec["meta"] = meta
            out.append((clock, rec))
            if rec["role"] == "customer":
                seen["customer"] = rec["id"]
            elif rec["role"] in ("agent", "bot"):
                seen["company"] = rec["id"]
            clock = clock + timedelta(seconds=hold)
    return out


def build() -> list[dict]:
    rows: list[tuple[datetime, int, dict]] = []
    seq = 0

    def add(ts: datetime, rec: dict) -> None:
        nonlocal seq
        rows.append((ts, seq, rec))
        seq += 1

    for c in CONTENT:
        rec = {"kind": "content", "id": c["id"], "source": c["source"], "title": c["title"], "text": c["text"],
               "valid_from": c["valid_from"]}
        if c.get("valid_to"):
            rec["valid_to"] = c["valid_to"]
        rec["department"] = c["department"]
        rec["meta"] = {"story": c["story"], "brand": BRAND}
        add(datetime.fromisoformat(c["valid_from"]), rec)
    for p in POLICIES:
        rec = {"kind": "policy", "id": p["id"], "text": p["text"], "effective_from": p["effective_from"],
               "department": p["department"], "meta": {"story": p["story"], "brand": BRAND}}
        add(datetime.fromisoformat(p["effective_from"]), rec)
    for st in STORIES:
        for ts, rec in render_story(st):
            add(ts, rec)
    for n, ev in enumerate(TAIL_EVENTS, 1):
        ts, rec = _event("tail", n, ev, ev.attrs.get("customer", ""), "+01:00", {}, "background")
        add(ts, rec)
    rows.sort(key=lambda r: (r[0], r[1]))
    records = [r[2] for r in rows]
    ids = [(r["kind"], r["id"]) for r in records]
    if len(ids) != len(set(ids)):
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        raise ValueError(f"duplicate ids: {dupes[:5]}")
    return records


def main() -> None:
    records = build()
    with open(OUT, "w", encoding="utf-8", newline="\n") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False, separators=(", ", ": ")) + "\n")
    kinds: dict[str, int] = {}
    for r in records:
        kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
    customers = {r["customer_id"] for r in records if "customer_id" in r}
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes): {kinds}, {len(customers)} customers")


if __name__ == "__main__":
    main()
