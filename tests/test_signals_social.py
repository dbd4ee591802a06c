"""Table-driven tests for the short public-channel shapes in data/lexicon/social.toml.

Each positive is a variation of a shape (different subject, object and word order from the
message that taught it), and each has a near-miss that shares its words but not its meaning.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from cxaudit.records import Message
from cxaudit.signals import build_pipeline

T0 = datetime(2024, 1, 1, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def pipeline():
    return build_pipeline()


def analyze(pipeline, text: str, role: str):
    return pipeline.analyze(Message("m1", "c1", "u1", "social", T0, role, text))


CASES = [
    # (field, role, text, expected, pattern that decides it or None)
    # churn_threat
    ("churn_threat", "customer", "@Streamly still charging me for a show you removed. cancelling my membership today", True, "soc_leaving_now"),
    ("churn_threat", "customer", "honestly done with this phone company, nothing ever works", True, "soc_done_with_this"),
    ("churn_threat", "customer", "Please close my car policy, I've found cheaper cover elsewhere.", True, "soc_found_elsewhere"),
    ("churn_threat", "customer", "@Mobico sorting a PAC and porting my number out this weekend", True, None),
    ("churn_threat", "customer", "why would anyone keep paying you for this?", True, "soc_why_keep_using"),
    ("churn_threat", "customer", "we're not renewing the gym contract in March", True, "soc_not_renewing"),
    ("churn_threat", "customer", "never booking with you lot again", True, None),
    ("churn_threat", "customer", "I'd like to cancel the extra bolt-on but keep my contract", False, None),
    ("churn_threat", "customer", "Is my number ported over yet? Just moved to you from another network", False, None),
    ("churn_threat", "customer", "done with this form finally, what happens next?", False, None),
    # complaint
    ("complaint", "customer", "cheers @RailCo for cancelling the 8:05 again, love standing on the platform", True, "soc_thanks_for_harm"),
    ("complaint", "customer", "that's the fourth power cut on our road since June", True, "soc_nth_bad_thing"),
    ("complaint", "customer", "the app shows £19.99 but my receipt says £24.99??", True, "soc_says_but_says"),
    ("complaint", "customer", "we were told the engineer would come Monday and now it's next Thursday", True, "soc_told_then_now"),
    ("complaint", "customer", "The fridge turned up with a big dent in the side.", True, "soc_delivered_damaged"),
    ("complaint", "customer", "my 'next day' order is now on day 9", True, "soc_now_on_day"),
    ("complaint", "customer", "what happens if my parcel gets lost in the post? asking before I order", False, None),
    ("complaint", "customer", "wifi dropped for a bit but it was back in 5 mins, thanks for the quick fix 👍", False, None),
    ("complaint", "customer", "thanks for sending the replacement so quickly!", False, None),
    # refusal
    ("refusal", "agent", "We don't ship to PO boxes, sorry about that ^KT", True, "soc_denial_with_regret"),
    ("refusal", "agent", "Unfortunately the hotel won't accept dogs over 10kg.", True, None),
    ("refusal", "agent", "Gift cards aren't refundable, I'm afraid.", True, None),
    ("refusal", "agent", "A name change on this fare is a no-go, unfortunately.", True, "soc_no_go"),
    ("refusal", "agent", "We can't change the seat once checked in, so you'd need to ask at the gate.", True, None),
    ("refusal", "agent", "Sorry for the wait! We don't usually take this long.", False, None),
    ("refusal", "agent", "Sorry, we don't have any information on that yet, we'll post updates here.", False, None),
    ("refusal", "agent", "Good news: your miles don't expire while your account is active.", False, None),
    # handoff
    ("handoff", "agent", "Could you log it through our online claims form so the team can track it?", True, "soc_through_form"),
    ("handoff", "agent", "One moment, I'll fetch my supervisor for you.", True, "soc_get_manager"),
    ("handoff", "agent", "For tracking changes you'll need to contact the courier's customer service.", True, "soc_use_their_app"),
    ("handoff", "agent", "Drop our lettings team a call on 0300 123 4567 and they'll sort it.", True, None),
    ("handoff", "agent", "Let's move this conversation to DM so we can see your booking.", True, "soc_take_to_dm"),
    ("handoff", "agent", "I've passed your complaint to our Customer Relations team, who will write to you within 5 days.", True, None),
    ("handoff", "agent", "Our claims desk is the best place to help with that.", True, "soc_best_ones_to_help"),
    ("handoff", "agent", "Requests for statements should be sent to our records office.", True, "soc_should_be_sent_to"),
    ("handoff", "agent", "I checked with our claims team and your payment went out today.", False, None),
    ("handoff", "agent", "Thanks for filling in the form, it's all we needed.", False, None),
    # human_request
    ("human_request", "customer", "Can you get someone from billing to ring me please", True, None),
    ("human_request", "customer", "need a real support rep, not another auto reply", True, "soc_real_agent_not_bot"),
    ("human_request", "customer", "any real people online tonight?", True, "soc_any_humans"),
    ("human_request", "customer", "HUMAN. HUMAN. HUMAN.", True, None),
    ("human_request", "customer", "thanks, you've been a real person about this, appreciated", False, None),
    ("human_request", "customer", "is the agent who helped me yesterday on today?", False, None),
]


@pytest.mark.parametrize("field,role,text,expected,pattern", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_social_shapes(pipeline, field, role, text, expected, pattern):
    s = analyze(pipeline, text, role)
    assert getattr(s, field) is expected, [(h.signal, h.pattern, h.negated, text[h.start:h.end]) for h in s.hits]
    if pattern is not None:
        hit = next(h for h in s.hits if h.pattern == pattern)
        assert text[hit.start:hit.end]  # the span quotes the text


def test_social_lexicon_is_packaged():
    from cxaudit.signals.lexicon import packaged_lexicon_files

    names = [name for name, _doc in packaged_lexicon_files()]
    assert "lexicon/social.toml" in names
