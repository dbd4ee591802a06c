"""The fast PatternSet (Aho-Corasick prefilter + lowercase regex variants) must find exactly
what plain case-insensitive regexes find, for every packaged lexicon pattern."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxaudit.signals import build_pipeline
from cxaudit.signals.base import Pattern, PatternSet
from cxaudit.signals.prefilter import Prefilter, guard_chars, literal_words, required_triggers, triggers_for


def reference(ps: PatternSet, text: str) -> list[tuple[int, int, str]]:
    found = []
    for i, p in enumerate(ps.patterns):
        for m in re.finditer(p.regex, text, re.IGNORECASE):
            if m.end() > m.start():
                found.append((m.start(), -m.end(), i))
    found.sort()
    out, last = [], -1
    for s, ne, i in found:
        if s < last:
            # a stronger cue replaces an overlapping weaker positive one (never an absorber)
            w_prev = next(p.weight for p in ps.patterns if p.name == out[-1][2])
            if ps.prefer_stronger and 0 < w_prev < ps.patterns[i].weight:
                out[-1] = (s, -ne, ps.patterns[i].name)
                last = -ne
            continue
        last = -ne
        out.append((s, -ne, ps.patterns[i].name))
    return out


OVERLAP = [
    # (name, patterns, text, expected pattern names kept)
    ("stronger later cue replaces a weaker one", [("weak", r"you'll need to contact", 0.6), ("strong", r"contact \w+ directly", 1.0)],
     "you'll need to contact Finance directly", ["strong"]),
    ("absorber is never replaced", [("absorb", r"no need to dm us", -1.0), ("dm", r"dm us\b", 1.0)], "no need to DM us, thanks", ["absorb"]),
    ("equal weights keep leftmost-longest", [("a", r"please call", 1.0), ("b", r"call us", 1.0)], "please call us", ["a"]),
]


@pytest.mark.parametrize("name,pats,text,expected", OVERLAP, ids=[c[0] for c in OVERLAP])
def test_overlap_resolution(name, pats, text, expected):
    ps = PatternSet("x", [Pattern(n, rx, w) for n, rx, w in pats])
    assert [h.pattern for h in ps.scan(text)] == expected

def test_valence_sets_keep_leftmost_longest():
    pats = [Pattern("weak", r"you'll need to contact", 0.6), Pattern("strong", r"contact \w+ directly", 1.0)]
    ps = PatternSet("sentiment", pats, prefer_stronger=False)
    assert [h.pattern for h in ps.scan("you'll need to contact Finance directly")] == ["weak"]


def fast(ps: PatternSet, text: str) -> list[tuple[int, int, str]]:
    return [(h.start, h.end, h.pattern) for h in ps.scan(text)]


_PIPE = build_pipeline()
SETS = list({id(ps): ps for _recs, sets, _pf in _PIPE._by_role.values() for ps in sets}.values())
TEXTS = [
    "Sorry, but we can't refund that. I'm not sorry at all!",
    "I've called THREE times and it still hasn't arrived. Thanks for nothing 🙄",
    "lol nope 🤷‍♂️ tbh u should've read the T&Cs",
    "We have received your email and will get back to you within 24 hours. Ticket #48213.",
    "I want to speak to a human. Are you a bot?? This is the 3rd time I'm explaining this",
    "Thank you. My order number is 12345 and it hasn't arrived.",
    "İstanbul office: ẞtraße is closed. Sorry!",
    # a literal opening with an apostrophe: its \\b needs a word character before it
    "The free upgrade's a no-go, and 's a no-go alone is not; that’s a no go.",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_fast_scan_equals_reference_on_examples(text):
    for ps in SETS:
        assert fast(ps, text) == reference(ps, text), ps.signal


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["sorry", "but", "we", "can't", "not", "thanks", "still", "waiting", "lol", "u", "human",
                                 "agent", "refund", "again", "!!", "?", "🙄", "hasn't", "third", "time", "I", "'ll", "call", "you",
                                 "back", "within", "24", "hours", "upgrade's", "a", "no-go", "'s", "SORRY", "Thx", "s-l-o-w", "-JD", "^AB", "/kt", "~ mk"]) | st.text(max_size=8), max_size=25))
def test_fast_scan_equals_reference_on_random_text(words):
    text = " ".join(words)
    for ps in SETS:
        assert fast(ps, text) == reference(ps, text), (ps.signal, text)


CASES = [
    (r"\bsorry\b", None, (["sorry"], True, True)),
    (r"\b(?:lol|tbh|u)\b", None, (["lol", "tbh", "u"], True, True)),
    (r"\bwe(?:'ve| have) received", None, (["we've received", "we have received"], True, False)),
    (r"\bwe(?:'ve| have)?\s+received", {"received"}, None),
    (r"\d+ days", {" days"}, None),
    (r"(?:very|so) sorry", None, (["very sorry", "so sorry"], False, False)),
    (r"[:;]-?\(", {":", ";"}, None),  # a small class of rare characters is a trigger
    (r"[a-z]+\d", None, None),  # nothing literal is required
]

CONJUNCTIONS = [
    # every match contains one literal of EACH set: the prefilter runs the regex only then
    (r"\b(?:told|asked) me to (?:call|email)\b", [{"told", "asked"}, {" me to "}, {"call", "email"}]),
    (r"\bno (?:one|body) (?:helps|cares)", [{"helps", "cares"}, {"one", "body"}, {"no "}]),
    (r"\bthanks\b", []),  # a pure word list: matched by the automaton, no triggers needed
]


GUARDS = [
    # patterns with no usable trigger: one of these characters must occur, or the regex is not run
    (r"\b(?:[a-z]-){2,}[a-z]\b", {"-"}),
    (r"(?:[\^*/~]\s?|\s-)[A-Za-z]{2,3}\s*$", {"^", "*", "/", "~", "-"}),
    (r"(?:ab|c)d", {"a", "c"}),
    (r"\w+", None),  # nothing literal: always run
    (r"[a-z]+\d", None),
]


@pytest.mark.parametrize("regex,expected", GUARDS)
def test_guard_chars(regex, expected):
    got = guard_chars(regex)
    assert (set(got) if got is not None else None) == expected


def test_guarded_pattern_still_matches_and_skips():
    ps = PatternSet("informal", [Pattern("spelled", r"\b(?:[a-z]-){2,}[a-z]\b")])
    assert [h.pattern for h in ps.scan("that was s-l-o-w")] == ["spelled"]
    assert ps.scan("that was slow") == []


@pytest.mark.parametrize("regex,expected", CONJUNCTIONS)
def test_required_trigger_conjunction(regex, expected):
    if expected:
        assert sorted(map(sorted, required_triggers(regex))) == sorted(map(sorted, expected))


def test_prefilter_needs_every_required_literal():
    pf = Prefilter([[r"\b(?:told|asked) me to (?:call|email)\w*"]])
    assert pf.scan("they told me to call you") == {0: [1, []]}
    assert pf.scan("they told me the price, call me") == {}  # no " me to ": the regex is not run
    assert pf.scan("asked me to wait") == {}  # nothing from the last set


@pytest.mark.parametrize("regex,triggers,literal", CASES)
def test_trigger_and_literal_extraction(regex, triggers, literal):
    assert literal_words(regex) == literal
    if literal is None:
        assert triggers_for(regex) == triggers
    else:
        assert triggers is None


def test_case_sensitive_patterns_keep_their_case():
    ps = PatternSet("x", [Pattern("u", r"(?-i:\b[Uu]\b)"), Pattern("caps", r"(?-i:[A-Z]{4,})")])
    assert [(h.pattern, h.start) for h in ps.scan("can U help, THIS is bad")] == [("u", 4), ("caps", 12)]
    assert ps.scan("this is fine") == []


def test_leading_boundary_only_stripped_for_whole_pattern():
    ps = PatternSet("x", [Pattern("p", r"\bbut\b|n't\b", -1.0)])
    assert [h.start for h in ps.scan("it hasn't, but")] == [6, 11]


NEGATION = [
    ("I'm not sorry", True),
    ("We can’t apologise enough", True),  # curly apostrophe
    ("I can't understand you, talk to a person", False),  # the scope ends at the comma
    ("No. Sorry", False),
    ("never ever sorry", True),
]


@pytest.mark.parametrize("text,negated", NEGATION)
def test_negation_scope(text, negated):
    ps = PatternSet("x", [Pattern("p", r"\b(?:sorry|apologise|talk to a person)\b")])
    [hit] = ps.scan(text)
    assert hit.negated is negated
