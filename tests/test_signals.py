"""Table-driven tests for the per-message signal recognizers (texts invented for the tests)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from cxaudit.records import Message
from cxaudit.signals import build_pipeline

T0 = datetime(2024, 1, 1, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def pipeline():
    return build_pipeline()


def sig(pipeline, text: str, role: str = "customer"):
    return pipeline.analyze(Message("m1", "c1", "u1", "chat", T0, role, text))


BOOLEAN_CASES = [
    # (field, role, text, expected)
    # apology: company only; empathy "sorry to hear" counts; negation and "sorry to bother" do not
    ("apology", "agent", "We're so sorry about the mix-up with your delivery.", True),
    ("apology", "agent", "Please accept our apologies for the wait.", True),
    ("apology", "agent", "Sorry to hear the screen arrived cracked.", True),
    ("apology", "agent", "Sorry, but we can't refund a used item.", True),
    ("apology", "agent", "I'm not sorry, the terms were clear.", False),
    ("apology", "agent", "Sorry to bother you, could you confirm your postcode?", False),
    ("apology", "agent", "Your parcel is out for delivery today.", False),
    ("apology", "customer", "Sorry to bother you, where is my parcel?", None),
    # refusal
    ("refusal", "agent", "Sorry, but we can't refund a used item.", True),
    ("refusal", "agent", "I'm afraid I can't amend the reading from here.", True),
    ("refusal", "agent", "That item is not eligible for a return.", True),
    ("refusal", "agent", "rules are rules, nothing we can do on this one", True),
    ("refusal", "agent", "I can refund that for you right now.", False),
    ("refusal", "agent", "We can't wait to see you in store!", False),
    ("refusal", "customer", "You can't refund it?", None),
    # handoff: another team, company or channel
    ("handoff", "agent", "I'm going to transfer you to our technical team.", True),
    ("handoff", "agent", "Refunds are handled by our payments team; please call them on 0800 123 4567.", True),
    ("handoff", "agent", "Please send us a DM with your order number.", True),
    ("handoff", "bot", "I'm connecting you to a specialist now.", True),
    ("handoff", "agent", "I've issued the refund myself; it will show in 3 days.", False),
    ("handoff", "agent", "Could you restart the router and tell me what you see?", False),
    # promise
    ("promise", "agent", "I'll call you back by 5pm tomorrow with an update.", True),
    ("promise", "agent", "You'll receive a confirmation email shortly.", True),
    ("promise", "agent", "The replacement will arrive on Friday.", True),
    ("promise", "agent", "Your order was delivered yesterday at noon.", False),
    ("promise", "agent", "We can't promise anything, sorry.", False),
    # bot_failure (bot only)
    ("bot_failure", "bot", "Sorry, I didn't understand that. Could you rephrase?", True),
    ("bot_failure", "bot", "I'm not able to help with that here.", True),
    ("bot_failure", "bot", "Here's your tracking link. Anything else?", False),
    ("bot_failure", "bot", "Please choose one of the options below.", False),  # a menu alone is a weak cue
    ("bot_failure", "agent", "Sorry, I didn't understand that.", None),
    # retention
    ("retention", "agent", "I really don't want to lose you as a customer.", True),
    ("apology", "agent", "Sorry, you cut out there - was that B as in bravo?", False),
    ("apology", "agent", "Apology accepted! Your order's ready to collect.", False),
    ("apology", "agent", "The Sorry We Missed You card has a reference number on it.", False),
    ("apology", "agent", "Sorry you were cut off earlier, that shouldn't happen.", True),
    ("refusal", "agent", "Your account is locked and I'm not able to unlock it over chat.", True),
    ("refusal", "agent", "Sorry, our system won't let me split the payment across two cards.", True),
    ("refusal", "agent", "Your request to defer your payment has not been approved.", True),
    ("refusal", "agent", "I can't guarantee it'll arrive by Friday, but I've upgraded you to express delivery free of charge.", False),
    ("handoff", "agent", "Please reach out to our friends at @PayHelpDesk, they'll help.", True),
    ("handoff", "agent", "Could you email the documents to underwriting@shieldcover.com?", True),
    ("handoff", "agent", "No need to DM us, we can see the issue from your tweet.", False),
    ("handoff", "agent", "You will need to visit a Veranta store with your ID again.", True),
    ("handoff", "agent", "Please call 198 from another phone and ask them to push the activation.", True),
    ("handoff", "agent", "Please call 3 times if the line is busy.", False),
    ("promise", "agent", "A replacement card will be sent to your registered address within 3 working days.", True),
    ("promise", "agent", "Once the part arrives, we will fit it free of charge.", True),
    ("promise", "agent", "If it hasn't arrived by Friday, let us know.", False),
    ("retention", "agent", "I understand you're thinking of leaving; let me see what I can do.", True),
    ("retention", "agent", "As a gesture of goodwill I've added a £10 credit to your account.", True),
    ("retention", "agent", "Your direct debit is set up for the 5th.", False),
    ("retention", "agent", "I would genuinely like you to stay with us rather than move to Ironleaf.", True),
    ("retention", "agent", "I have arranged a credit of one month's dues.", True),
    ("retention", "agent", "Please stay on the line while I check.", False),
    ("retention", "agent", "You're very much a customer we want to keep, so I've re-rated the policy.", True),
    ("retention", "agent", "I'd be glad if you stayed with us.", True),
    ("retention", "agent", "We want to keep you informed about your claim.", False),
    ("retention", "agent", "I have arranged a callback for tomorrow.", False),
    # complaint (customer; read with sentiment)
    ("complaint", "customer", "My washer arrived damaged and nobody has called me back.", True),
    ("complaint", "customer", "Been on hold for 2 hours. Ridiculous.", True),
    ("complaint", "customer", "great, another delay. thanks for nothing", True),
    ("complaint", "customer", "Do you sell gift cards in store?", False),
    ("complaint", "customer", "Baobab says the claim came in with the wrong member number. So it's your mistake, not theirs.", True),
    ("complaint", "customer", "Your billing team made an error on my invoice.", True),
    ("complaint", "customer", "No worries, it was my mistake.", False),
    ("complaint", "customer", "My order has been 'processing' for 12 days.", True),
    ("complaint", "customer", "I have sent four emails and have not recieved a single reply.", True),
    ("complaint", "customer", "How long does processing usually take for a new order?", False),
    ("complaint", "customer", "The shoes I ordered were a size 9 but you sent a 7.", True),
    ("complaint", "customer", "I ordered the wrong size shoes, my mistake. How do I exchange them?", False),
    ("complaint", "customer", "What happens if my parcel is late, do I get a refund?", False),
    ("complaint", "customer", "App says ready for collection, but at the pharmacy they haven't even started on it.", True),
    ("complaint", "customer", "Shoutout to the courier who carried my order up 6 floors. Didn't even complain.", False),
    ("refusal", "agent", "Once a parcel's been dropped into a locker it can't be redirected to a home address, I'm afraid.", True),
    ("refusal", "agent", "We understand the frustration, but we won't be bringing back the old app layout.", True),
    ("refusal", "agent", "You can't miss the locker, it's right by the entrance.", False),
    ("handoff", "agent", "For anything about your loan you'll need to contact Student Finance directly.", True),
    ("handoff", "agent", "I checked with our billing team and your refund has been approved.", False),
    ("promise", "agent", "Your prescription will be ready for collection from 3pm tomorrow.", True),
    ("promise", "agent", "Your prescription was ready yesterday.", False),
    ("promise", "agent", "From next month your direct debit will drop to £48.", True),
    ("promise", "agent", "Ur replacement charger ships 2moro, should land Wed.", True),
    ("promise", "agent", "Refunds usually take 5 working days.", False),
    ("promise", "agent", "You will need to bring photo ID to the branch.", False),
    ("handoff", "agent", "That sits with Tier 2 support. I've escalated it to them and they'll take it from here.", True),
    ("handoff", "agent", "Billing questions must go via members@flexigym.com, we can't action them by text.", True),
    ("handoff", "agent", "Your claim was passed to our Claims team last week and has now been approved.", False),
    ("handoff", "agent", "Please reach out to us directly if anything else comes up.", False),
    ("refusal", "agent", "Sorry, late cancellation fees are non-refundable under our booking terms.", True),
    ("refusal", "agent", "Your request to delete all transaction history cannot be fulfilled.", True),
    ("refusal", "agent", "Good news, your account can't be charged twice now that the fix is in.", False),
    ("complaint", "customer", "Thanks so much, that fixed it!", False),
    ("complaint", "customer", "@LumenetAU third dropout this week, right in the middle of a work call. Paying $95 a month for this.", True),
    ("complaint", "customer", "Is $95 a month for this plan the best you can do?", False),
    ("churn_threat", "customer", "And to be clear, if this isn't sorted I'm moving both my dogs to another insurer.", True),
    ("churn_threat", "customer", "Can you move my appointment to another date?", False),
    ("churn_threat", "customer", "I am transferring $500 to another bank account.", False),
    # long-form register (emails, phone turns, other Englishes)
    ("churn_threat", "customer", "We're evaluating alternatives and unless the SSO issue is fixed this quarter we'll be migrating off Stackform.", True),
    ("churn_threat", "customer", "Our company has decided not to renew its corporate travel agreement for 2025.", True),
    ("churn_threat", "customer", "This is my notice that I will be ending my water softener rental with you.", True),
    ("churn_threat", "customer", "My sister switched to another bank last year and she says their app is better.", False),
    ("churn_threat", "customer", "What's a PAC code for? I got a text about one and I didn't ask for it.", False),
    ("churn_threat", "customer", "We won't be renewing the analytics add-on, but the core platform should renew as normal.", False),
    ("complaint", "customer", "I've explained this three times now and nobody's actually done anything.", True),
    ("complaint", "customer", "We were charged a resort fee at checkout that wasn't mentioned anywhere in our booking.", True),
    ("complaint", "customer", "My contract ended in March and I'm still paying the full price including the handset.", True),
    ("complaint", "customer", "The engineer came Tuesday and it's been perfect since, so thank you.", False),
    ("handoff", "agent", "As this claim involves a third party, it'll be handled by our specialist Motor Liability team.", True),
    ("handoff", "agent", "I'm going to pop you through to our fraud team, okay?", True),
    ("handoff", "agent", "The spa's run separately, so I'll just give you their direct line.", True),
    ("handoff", "agent", "I've refunded the fee and it'll show in three to five days.", False),
    ("refusal", "agent", "Sorry, the fixed deposit cannot be withdrawn early without losing the interest.", True),
    ("refusal", "agent", "Unfortunately a refund falls outside what we can offer under your membership terms.", True),
    ("refusal", "agent", "I'm not able to move you to the earlier flight, it's sold out.", True),
    ("refusal", "agent", "Good news, the fee can be refunded today.", False),
    ("informal", "agent", "No wahala at all, Tunde! Your transfer don land, check am now 👍", True),
    ("informal", "agent", "Too easy, legend, I've chucked the credit on your account.", True),
    ("apology", "agent", "Sorry, sorry, say that again? The line's really crackly.", False),
    ("apology", "agent", "You don't owe us an apology at all! Your card is unlocked now.", False),
    ("apology", "agent", "Sorry, when we moved your booking we forgot to tell you.", True),
    # long-form requests for a person
    ("human_request", "customer", "Kindly arrange for a customer care executive to call me regarding the wrong billing.", True),
    ("human_request", "customer", "I would appreciate it if someone from your reservations team could call me about the group booking.", True),
    ("human_request", "customer", "Is there any way of speaking to an actual caseworker?", True),
    ("human_request", "customer", "Right, I'm just gonna say it again. I want. To speak. To a person.", True),
    ("human_request", "customer", "I'd like to discuss my claim with a claims handler by phone rather than through the portal.", True),
    ("human_request", "customer", "I spoke to an agent yesterday and she was lovely.", False),
    ("human_request", "customer", "Your account manager said the renewal would be cheaper.", False),
    ("human_request", "customer", "Someone from your team called me this morning, thanks.", False),
    # a product in an abnormal state, told in neutral words
    ("complaint", "customer", "Morning, our water's come out brown this morning. Is it safe for the baby's bottles?", True),
    ("complaint", "customer", "The kitchen smells of gas since the engineer left.", True),
    ("complaint", "customer", "anyone else got cloudy water coming out the taps??", True),
    ("complaint", "customer", "Is the brown leather sofa still available in the 3-seater?", False),
    ("complaint", "customer", "The new towels smell lovely, thank you!", False),
    ("complaint", "agent", "This is ridiculous, the system is down again.", None),
    # churn_threat
    ("churn_threat", "customer", "If this isn't fixed I'm switching to another provider.", True),
    ("churn_threat", "customer", "Please close my account, I'm done.", True),
    ("churn_threat", "customer", "I want to cancel my subscription.", True),
    ("churn_threat", "customer", "Please cancel my order, I bought the wrong size.", False),
    ("churn_threat", "customer", "I'm not cancelling my subscription, just asking about the price.", False),
    ("churn_threat", "customer", "How do I switch to another user account?", False),
    ("churn_threat", "customer", "If it happens again I'm moving all my scripts to Dunmore Pharmacy.", True),
    ("churn_threat", "customer", "Porting my number to Mint tomorrow.", True),
    ("churn_threat", "customer", "Can I move my booking to Friday?", False),
    ("churn_threat", "customer", "Switching my plan to Unlimited please.", False),
    ("churn_threat", "customer", "Honestly thinking of going back to Bitewise, at least they were consistent.", True),
    ("churn_threat", "customer", "I'm this close to cancelling Plus.", True),
    ("churn_threat", "customer", "Thinking of cancelling Friday order, can I?", False),
    ("churn_threat", "customer", "I am going back to Paris next week, can you hold my parcel?", False),
    ("churn_threat", "customer", "Pls send me my PAC code, I'm moving network.", True),
    ("human_request", "customer", "Is there someone I can chat to rather than this automated thing?", True),
    ("human_request", "customer", "bot. stop. human.", True),
    ("human_request", "customer", "AGENT. AGENT. HUMAN. 😤", True),
    ("human_request", "customer", "it was your own web shop, not the app store. is there a human I can speak to", True),
    ("human_request", "customer", "Is there anyone I can talk to about this?", True),
    ("human_request", "customer", "PERSON. HUMAN. SUPPORT STAFF.", True),
    ("human_request", "customer", "Is there a manager I could speak with", True),
    ("human_request", "customer", "Is there a form I can fill in?", False),  # no person asked for
    ("human_request", "customer", "The staff were lovely.", False),
    ("human_request", "customer", "Is there a human touch in your process at all? lol", False),
    ("human_request", "customer", "Kindly arrange for a human advisor to call me about my account.", True),
    ("human_request", "customer", "can u ask an agent how to call customer service?", False),
    ("apology", "agent", "That message you heard, \"we're sorry, all our advisors are busy\", is just the automated queue.", False),
    ("apology", "agent", "I see you've already said sorry to the driver, which is kind.", False),
    ("churn_threat", "customer", "One more outage and I'm off to @ClearWave, not even joking", True),
    ("churn_threat", "customer", "Moving my phone and broadband away from you the day my contract's up.", True),
    ("churn_threat", "customer", "I'm off to the shops, back in 10 if you need me.", False),
    ("human_request", "customer", "I'm a real person, not a bot, what do you need to verify me?", False),
    ("churn_threat", "customer", "Switched to Octopus. Good riddance.", True),
    ("churn_threat", "customer", "That's my last ever order from you lot.", True),
    ("churn_threat", "customer", "I want to leave. What's the cancellation fee?", True),
    ("churn_threat", "customer", "I switched to Dark Mode and now the app crashes.", False),
    ("churn_threat", "customer", "My sister switched to Octopus and loves it. Is your tariff cheaper?", False),
    ("churn_threat", "customer", "My last order from you was fine.", False),
    ("churn_threat", "customer", "I want to leave an opinion for a service.", False),
    ("churn_threat", "customer", "I deleted the app and reinstalled it, still broken.", False),
    ("churn_threat", "customer", "I moved my savings to my other account with you.", False),
    # human_request
    ("human_request", "customer", "Can I speak to a real person please?", True),
    ("human_request", "customer", "I need to talk to a human agent.", True),
    ("human_request", "customer", "Transfer me to a manager.", True),
    ("human_request", "customer", "How do I contact customer service by email?", False),
    ("human_request", "customer", "Ask an agent how I can change my address.", False),
    # repeat_cue
    ("repeat_cue", "customer", "As I said, the order number is 4471.", True),
    ("repeat_cue", "customer", "This is the third time I'm asking about this.", True),
    ("repeat_cue", "customer", "Still waiting for the refund.", True),
    ("repeat_cue", "customer", "I already gave you my account number.", True),
    ("repeat_cue", "customer", "Can you tell me the opening times?", False),
    ("repeat_cue", "customer", "MV-3310457, member number 88140. Third person today.", True),
    ("repeat_cue", "customer", "The second team member was great.", False),
    # redirected
    ("redirected", "customer", "I was told to contact you about the refund.", True),
    ("redirected", "customer", "Billing sent me to you and now you send me back.", True),
    ("redirected", "customer", "I've been passed around all morning.", True),
    ("redirected", "customer", "I was told the parcel would come today.", False),
    ("redirected", "customer", "Please send me the invoice.", False),
    # promise_broken_claim
    ("promise_broken_claim", "customer", "You promised to call me back and never did.", True),
    ("promise_broken_claim", "customer", "never got the confirmation text yday about my PT move", True),
    ("promise_broken_claim", "customer", "Did you get the email I sent?", False),
    ("promise_broken_claim", "customer", "Hi, I was promised an $18.99 credit last week but yesterday I was charged the full $79.94", True),
    ("promise_broken_claim", "customer", "You said it was free, yet I was billed for it.", True),
    ("promise_broken_claim", "customer", "I was told I would be charged $10 and I was charged $10, thanks.", False),
    ("promise_broken_claim", "customer", "My card was charged but the order is fine.", False),
    ("promise_broken_claim", "customer", "Still no refund, you said it would come by Friday.", True),
    ("promise_broken_claim", "customer", "You said the refund would come by Friday, thanks.", False),
    ("promise_broken_claim", "customer", "No worries, take your time.", False),
]


@pytest.mark.parametrize("field,role,text,expected", BOOLEAN_CASES)
def test_boolean_signal(pipeline, field, role, text, expected):
    assert getattr(sig(pipeline, text, role), field) is expected


def test_sorry_but_cannot_is_apology_and_refusal_with_spans(pipeline):
    text = "Sorry, but we can't refund a used item."
    s = sig(pipeline, text, "agent")
    assert s.apology and s.refusal
    a, r = s.first_hit("apology"), s.first_hit("refusal")
    assert text[a.start:a.end].lower() == "sorry"
    assert "can't refund" in text[r.start:r.end]


def test_negated_hit_is_recorded_but_does_not_count(pipeline):
    s = sig(pipeline, "I'm not cancelling my subscription", "customer")
    assert s.churn_threat is False
    assert any(h.negated for h in s.hits_for("churn_threat", include_negated=True))


SENTIMENT_CASES = [
    ("customer", "Thank you so much, the team was brilliant!", "positive"),
    ("customer", "great, another delay. thanks for nothing", "negative"),
    ("customer", "Thanks for nothing, on hold for 2 hours", "negative"),
    ("customer", "Love how I've been waiting all week 🙄", "negative"),
    ("customer", "still waiting for my refund", "negative"),
    ("customer", "my bag didn't arrive and no one can tell me where it is", "negative"),
    ("customer", "What time does the store open on Sunday?", "neutral"),
    ("customer", "The service was not bad at all", "neutral_or_positive"),
    ("agent", "Happy to help, enjoy your new phone! 😊", "positive"),
    ("customer", "This is NOT acceptable!!!", "negative"),
]


@pytest.mark.parametrize("role,text,label", SENTIMENT_CASES)
def test_sentiment(pipeline, role, text, label):
    s = sig(pipeline, text, role)
    assert -1.0 <= s.sentiment <= 1.0
    if label == "neutral_or_positive":
        assert s.sentiment_label in ("neutral", "positive")
    else:
        assert s.sentiment_label == label


FORMALITY_CASES = [
    ("agent", "lol nope 🤷 rules are rules", True),
    ("agent", "tbh that page is out of date, can't do anything", True),
    ("agent", "No worries mate, u can DM us", True),
    ("agent", "nah cant reinstate it, system wont let me", True),
    ("agent", "Dear Ms Patel, thank you for your email. We have issued a full refund, which should appear within five working days. Kind regards, Customer Support", False),
    ("agent", "Hey Sam! Good news, the charger is in the box 🙌 Anything else we can help with?", False),
    ("agent", "You're welcome. Have a good day.", False),
    ("agent", "Sorry, but we can't refund that.", False),
]


@pytest.mark.parametrize("role,text,informal", FORMALITY_CASES)
def test_informal(pipeline, role, text, informal):
    s = sig(pipeline, text, role)
    assert 0.0 <= s.formality <= 1.0
    assert s.informal is informal


def test_formality_orders_registers(pipeline):
    formal = sig(pipeline, "We would be grateful if you could provide the reference number of your original purchase.", "agent").formality
    casual = sig(pipeline, "yeah gonna need ur order number lol", "agent").formality
    assert formal > 0.6 > casual


@pytest.mark.parametrize("text,label", [
    ("Unbelievable. Don't bother.", "negative"),
    ("Forget it, I give up.", "negative"),
    ("the new skins are fire, take my money", "positive"),
    ("Is there any compensation available for this?", "neutral"),
])
def test_sentiment_customer_service_phrases(pipeline, text, label):
    assert sig(pipeline, text).sentiment_label == label


@pytest.mark.parametrize("text,expected", [
    ("is this a real person? doesn't matter haha, which dock has bikes", False),
    ("are you a real person or a bot", False),
    ("I need a real person, this bot is useless", True),
])
def test_human_request_questions_about_the_agent(pipeline, text, expected):
    assert sig(pipeline, text).human_request is expected


ISSUE_CASES = [
    ("My card was declined at checkout", {"payment"}),
    ("I was charged twice on my last bill", {"billing"}),
    ("My parcel still hasn't arrived, it's a week late", {"delivery_delay"}),
    ("The screen arrived cracked", {"damaged_defective"}),
    ("How do I return this and get my money back?", {"returns_refunds"}),
    ("Why was my order cancelled?", {"order_cancellation"}),
    ("When will the blue one be back in stock?", {"backorder_stock"}),
    ("I can't log in, it says my password is wrong", {"account_login"}),
    ("You spelled my name wrong on the cards", {"wrong_personal_data"}),
    ("The app keeps crashing when I open it", {"technical_fault"}),
    ("The price went up by £20 overnight", {"pricing"}),
    ("The agent was rude and hung up on me", {"staff_service"}),
    ("The keyboard cover was missing from the box", {"lost_missing"}),
    # airline-style reports without the category's own nouns
    ("been on hold for 45 minutes and the line keeps getting cut off", {"staff_service"}),
    ("I just want to speak to a real person please", {"staff_service"}),
    ("Please locate my bag, I've been here two days without my luggage", {"lost_missing"}),
    ("my suitcase never arrived in Lisbon", {"lost_missing"}),
    ("sitting on the tarmac for an hour now, going to miss my connection", {"delivery_delay"}),
    ("we landed 3 hrs late and there was no gate for us", {"delivery_delay"}),
]

# near-misses: the same nouns without the problem
ISSUE_NEAR_MISSES = [
    ("What is the baggage allowance on this route? Can I have my bag fee refunded if I travel light?", "lost_missing"),
    ("Collected my bags at the carousel, all fine, thanks", "lost_missing"),
    ("Boarding now, the crew at the gate were lovely", "delivery_delay"),
    ("We arrived on time and the connection was easy", "delivery_delay"),
    ("I will talk to my manager about the booking and hold it for now", "staff_service"),
]


@pytest.mark.parametrize("text,expected", ISSUE_CASES)
def test_issues(pipeline, text, expected):
    found = set(sig(pipeline, text).issues)
    assert expected <= found


@pytest.mark.parametrize("text", ["Hello, have a nice day", "The box arrived undamaged, all fine.", "There was no damage at all."])
def test_issues_near_miss(pipeline, text):
    assert "damaged_defective" not in sig(pipeline, text).issues


@pytest.mark.parametrize("text,category", ISSUE_NEAR_MISSES)
def test_issue_category_near_misses(pipeline, text, category):
    assert category not in sig(pipeline, text).issues


def test_role_scoping_nulls(pipeline):
    c = sig(pipeline, "hello", "customer")
    a = sig(pipeline, "hello", "agent")
    assert c.apology is None and c.refusal is None and c.handoff is None and c.promise is None
    assert a.complaint is None and a.churn_threat is None and a.human_request is None and a.repeat_cue is None
    assert c.sentiment is not None and a.sentiment is not None and a.formality is not None


def test_hits_carry_pattern_and_span(pipeline):
    text = "I need to talk to a human"
    s = sig(pipeline, text)
    h = s.first_hit("human_request")
    assert h.pattern and text[h.start:h.end].endswith("human")


# Implicit complaints: a problem reported in neutral words (texts invented for the tests).
IMPLICIT_COMPLAINTS = [
    "my parcel still hasn't turned up",
    "the app keeps crashing since the last update",
    "I was charged twice for one subscription",
    "@shop is this normal? the screen flickers every time I open it",
    "Why is my account suspended?",
    "haven't heard back about my ticket from Monday",
    "where is my refund? it was approved two weeks ago",
    "the router isn't letting me connect to anything",
    "no broadband in our street since 7am",
    "been down for hours, any update on the outage?",
    "Tried to log in 3 times and it just says invalid password",
    "thanks for ignoring my emails",
    "the hoodie is nothing like the picture",
    "any news on my order? placed it 10 days ago",
    "the card reader is stuck on the loading screen",
    "when will the blue ones be back in stock?",
    "I shouldn't have to call four times to get a bill corrected",
]

IMPLICIT_NEAR_MISSES = [
    "do you sell gift cards in store?",
    "how do I change the delivery address on my order?",
    "can't wait for the new season to drop!",
    "I couldn't be more thankful for your help today",
    "Thanks again, all sorted now!",
    "What time does the store open on Sunday?",
    "Is there an app for tablets?",
    "I paid by card, can I get a receipt by email?",
    "BEST CREW EVER!!! THANK YOU!!",
    "is the sale still on this weekend?",
]


@pytest.mark.parametrize("text", IMPLICIT_COMPLAINTS)
def test_implicit_complaint(pipeline, text):
    assert sig(pipeline, text).complaint is True


@pytest.mark.parametrize("text", IMPLICIT_NEAR_MISSES)
def test_implicit_complaint_near_miss(pipeline, text):
    assert sig(pipeline, text).complaint is False


def test_neutral_cues_count_for_complaint_but_do_not_lower_sentiment(pipeline):
    # "since Sunday" and a question about a fault: a complaint, in calm words
    text = "The tracking page hasn't changed since Sunday, can you check what's happening?"
    s = sig(pipeline, text)
    assert s.complaint is True
    names = {h.pattern for h in s.hits_for("complaint")}
    assert "since_when" in names
    assert s.sentiment > -0.35  # only the stated failure lowers it, not the neutral cues


def test_complaint_patterns_are_prefilterable(pipeline):
    """Every complaint pattern is a phrase list or has a literal trigger (the emoticon pattern's
    is its rare ':' character): none runs on every text."""
    from cxaudit.signals.prefilter import literal_words, triggers_for
    from cxaudit.signals.sentiment import SentimentRecognizer

    rec = next(r for r in pipeline.recognizers if isinstance(r, SentimentRecognizer))
    always = [p.name for p in rec.complaint_set.patterns if literal_words(p.regex) is None and not triggers_for(p.regex)]
    assert always == []


HELD_OUT = [
    ("customer", "Your chat agent told me the fee was waived.", "human_request", False),
    ("customer", "get me a human", "human_request", True),
    ("customer", "let me speak with a manager", "human_request", True),
    ("agent", "Please call us on 0800 123 456.", "handoff", True),
    ("agent", "We'll call you back.", "handoff", False),
]


@pytest.mark.parametrize("role,text,field,expected", HELD_OUT)
def test_held_out_near_misses(role, text, field, expected):
    from datetime import datetime, timezone

    from cxaudit.records import Message
    from cxaudit.signals import build_pipeline

    sig = build_pipeline().analyze(Message("m", "c", "c", "chat", datetime(2024, 1, 1, tzinfo=timezone.utc), role, text))
    assert getattr(sig, field) is expected


FEEDBACK = [
    ("I've passed this on to our customer service team. Payment has been released today.", False),
    ("I've reported it to our web team.", False),
    ("I've passed this to our billing team, they'll be in touch within 2 days.", True),
    ("I've passed your file to our claims team, and an adjuster will call you.", True),
]


@pytest.mark.parametrize("text,handoff", FEEDBACK)
def test_feedback_passed_on_is_not_a_handoff(text, handoff):
    from datetime import datetime, timezone

    from cxaudit.records import Message
    from cxaudit.signals import build_pipeline

    sig = build_pipeline().analyze(Message("m", "c", "c", "email", datetime(2024, 1, 1, tzinfo=timezone.utc), "agent", text))
    assert sig.handoff is handoff
