"""Spelling normalisation (signals/normalize.py, data/normalize.toml): whole tokens are
rewritten before the lexicons read a message, spans map back to the author's own text, and the
register signals still read the spelling as typed."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from hypothesis import given, settings, strategies as st

from cxaudit.config import ConfigError, config_from_dict
from cxaudit.records import Message
from cxaudit.signals import build_pipeline
from cxaudit.signals.normalize import NormalizeError, Normalizer, load_table, parse_table

T0 = datetime(2024, 1, 1, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def pipeline():
    return build_pipeline()


@pytest.fixture(scope="module")
def norm():
    return Normalizer(load_table())


def analyze(pipeline, text, role="customer"):
    return pipeline.analyze(Message("m1", "c1", "u1", "chat", T0, role, text))


@pytest.mark.parametrize("text,expected", [
    ("i need to cancle my acount asap", "i need to cancel my account asap"),
    ("IM leaving, u dont care", "i'm leaving, you don't care"),
    ("can i speak to a representitive pls", "can i speak to a representative please"),
])
def test_tokens_are_rewritten(norm, text, expected):
    assert norm(text).text == expected


@pytest.mark.parametrize("text", [
    "I don't think so, I'm fine.",  # apostrophes present: nothing to do
    "Its wheels were well made.",  # ordinary words stay ('its', 'were', 'well' are not in the table)
    "Umbrella, ursine, plsomething",  # a key inside a longer token is not a token
    "",
])
def test_untouched_text_returns_none(norm, text):
    assert norm(text) is None


@pytest.mark.parametrize("text,expected", [
    ("Is there, um, a human I can talk to?", "Is there a human I can talk to?"),
    ("I'd rather speak to the, uh, the claims handler", "I'd rather speak to the claims handler"),
    ("Um, I want a human.", "I want a human."),
    ("I, I, I think so", "I think so"),
    ("It broke. Um, so I called", "It broke. so I called"),  # the sentence mark stays
    ("that's it, erm", "that's it"),
    ("uh u there", "you there"),  # fillers and the token table together
])
def test_speech_fillers_and_restarts(norm, text, expected):
    assert norm(text).text == expected


@pytest.mark.parametrize("text", [
    "Thanks. Thanks again!",  # a repeat across a sentence mark is not a restart
    "so-so service",  # a hyphenated pair is one word
    "Flat 2 2nd floor",  # digits are not restarted words
    "Umbrella and error",  # a filler inside a longer word is no filler
])
def test_speech_leaves_ordinary_text(norm, text):
    assert norm(text) is None


def test_spans_map_back_to_the_original(norm):
    text = "hw do i close my accnt permanantly, u there?"
    n = norm(text)
    i = n.text.index("account")
    assert n.original(i, i + len("account")) == (text.index("accnt"), text.index("accnt") + len("accnt"))
    j = n.text.index("there")
    s, e = n.original(j, j + 5)
    assert text[s:e] == "there"
    k = n.text.index("close my account")  # a span that ends inside a rewritten token takes all of it
    s, e = n.original(k, k + len("close my account"))
    assert text[s:e] == "close my accnt"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["u", "dont", "cancle", "acount", "I", "want", "to", "my", "the", "x", "im", "pls", ",", "!", " ", "um", "uh,", "the,", ".", "I,"]), max_size=25))
def test_any_span_maps_inside_the_original(words):
    n = Normalizer(load_table())
    text = " ".join(words)
    out = n(text)
    if out is None:
        return
    for a in range(len(out.text) + 1):
        for b in range(a, min(len(out.text), a + 12) + 1):
            s, e = out.original(a, b)
            assert 0 <= s <= e <= len(text)


def test_hits_quote_the_customers_spelling(pipeline):
    text = "i need to cancle my acount asap"
    s = analyze(pipeline, text)
    assert s.churn_threat is True
    for h in s.hits:
        assert 0 <= h.start < h.end <= len(text)
    churn = next(h for h in s.hits if h.signal == "churn_threat")
    assert "cancle my acount" in text[churn.start:churn.end]


@pytest.mark.parametrize("field,role,text,expected", [
    ("human_request", "customer", "can i speak w sum1 real pls", True),
    ("human_request", "customer", "representitive", True),
    ("churn_threat", "customer", "im cancling my subscribtion today", True),
    ("churn_threat", "customer", "cancle my ordr pls wrong size", False),  # an order is not the relationship
    ("informal", "agent", "ok u r all set, ur refund is done", True),  # register signals read the spelling as typed
    ("informal", "agent", "Your refund has been processed.", False),
])
def test_signals_read_normalised_text(pipeline, field, role, text, expected):
    s = analyze(pipeline, text, role)
    assert getattr(s, field) is expected, [(h.signal, h.pattern, text[h.start:h.end]) for h in s.hits]


@pytest.mark.parametrize("doc,message", [
    ({"tokens": {"u": "you"}}, "version must be 1"),
    ({"version": 1, "tokens": {"Two Words": "x"}}, "tokens.Two Words"),
    ({"version": 1, "tokens": {"u": ""}}, "tokens.u"),
    ({"version": 1, "words": {}}, "unknown key(s) words"),
    ({"version": 1, "speech": {"fillers": ["Um Uh"]}}, "speech.fillers"),
    ({"version": 1, "speech": {"collapse_repeats": "yes"}}, "speech.collapse_repeats"),
    ({"version": 1, "speech": {"filers": []}}, "speech.filers"),
    ({"version": 1, "tokens": {"um": "hmm"}, "speech": {"fillers": ["um"]}}, "also a key of tokens"),
])
def test_bad_tables_name_the_key(doc, message):
    with pytest.raises(NormalizeError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_table(doc, "t.toml")


def test_config_key(tmp_path):
    p = tmp_path / "n.toml"
    p.write_text('version = 1\n[tokens]\nzzz = "cancel my account"\n')
    cfg = config_from_dict({"normalize": str(p)})
    assert cfg.normalize_path == str(p) and cfg.to_dict()["normalize"] == str(p)
    assert "normalize" not in config_from_dict({}).to_dict()  # unset: existing hashes unchanged
    s = build_pipeline(cfg).analyze(Message("m1", "c1", "u1", "chat", T0, "customer", "zzz"))
    assert s.churn_threat is True
    with pytest.raises(ConfigError, match="normalize"):
        config_from_dict({"normalize": 3})
