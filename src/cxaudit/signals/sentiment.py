"""Customer-service sentiment (and the complaint signal that leans on it), in one pass.

Design: a compact word lexicon (``data/sentiment_words.toml``: valences, negators, boosters,
dampeners, contrast words) scored token by token, plus customer-service PHRASES from the
pattern lexicon (``[signals.sentiment]`` in ``data/lexicon/*.toml``: "thanks for nothing",
"great, another delay", "on hold for 2 hours", "still waiting") scanned with ONE compiled
alternation. Phrase hits add their valence and mask the words inside them, so sarcastic
praise is not also read as praise. The sum is squashed to -1..1 (x / sqrt(x^2 + 15)).

Complaint (customer only) = complaint-cue weights from ``[signals.complaint]`` plus a share of
the negative sentiment; it lives here so the message is scored once.
"""

from __future__ import annotations

import math
from itertools import compress, count, filterfalse, repeat
from operator import is_not
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

from ..records import Message
from .base import Hit, PatternSet, Recognizer
from .lexicon import LexiconError, SignalSpec
from .text import TOKEN_RE, tokens

SENTIMENT_WORDS_VERSION = 1
_TOP_KEYS = {"version", "groups", "modifiers", "labels"}
_GROUP_KEYS = {"valence", "words"}
_MODIFIER_KEYS = {"negators", "boosters", "dampeners", "contrast"}
_LABEL_KEYS = {"positive", "negative"}

@dataclass(frozen=True)
class SentimentLexicon:
    words: Mapping[str, float]
    negators: frozenset[str]
    boosters: frozenset[str]
    dampeners: frozenset[str]
    contrast: frozenset[str]
    positive_at: float = 0.05
    negative_at: float = -0.05


def parse_sentiment_words(doc: Mapping[str, Any], where: str = "sentiment_words") -> SentimentLexicon:
    """Validate and build the word lexicon; errors name the bad key."""
    bad = set(doc) - _TOP_KEYS
    if bad:
        raise LexiconError(f"{where}: unknown key {sorted(bad)[0]!r}")
    if doc.get("version", SENTIMENT_WORDS_VERSION) != SENTIMENT_WORDS_VERSION:
        raise LexiconError(f"{where}.version: expected {SENTIMENT_WORDS_VERSION}, got {doc.get('version')!r}")
    words: dict[str, float] = {}
    groups = doc.get("groups", [])
    if not isinstance(groups, list):
        raise LexiconError(f"{where}.groups: expected an array of tables")
    for i, g in enumerate(groups):
        key = f"{where}.groups[{i}]"
        if not isinstance(g, dict):
            raise LexiconError(f"{key}: expected a table")
        bad = set(g) - _GROUP_KEYS
        if bad:
            raise LexiconError(f"{key}: unknown key {sorted(bad)[0]!r}")
        v = g.get("valence")
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not -4 <= v <= 4:
            raise LexiconError(f"{key}.valence: expected a number in -4..4, got {v!r}")
        if not isinstance(g.get("words"), str):
            raise LexiconError(f"{key}.words: expected a string of whitespace-separated words")
        for w in g["words"].split():
            w = w.lower()
            if w[:1].isalpha():
                w = w.replace("’", "").replace("'", "")
            if w in words:
                raise LexiconError(f"{key}.words: {w!r} is listed twice")
            words[w] = float(v)
    mods = doc.get("modifiers", {})
    if not isinstance(mods, dict):
        raise LexiconError(f"{where}.modifiers: expected a table")
    bad = set(mods) - _MODIFIER_KEYS
    if bad:
        raise LexiconError(f"{where}.modifiers: unknown key {sorted(bad)[0]!r}")
    sets = {}
    for k in sorted(_MODIFIER_KEYS):
        val = mods.get(k, "")
        if not isinstance(val, str):
            raise LexiconError(f"{where}.modifiers.{k}: expected a string of whitespace-separated words")
        sets[k] = frozenset(w.lower() for w in val.split())
    labels = doc.get("labels", {})
    if not isinstance(labels, dict):
        raise LexiconError(f"{where}.labels: expected a table")
    bad = set(labels) - _LABEL_KEYS
    if bad:
        raise LexiconError(f"{where}.labels: unknown key {sorted(bad)[0]!r}")
    for k, v in labels.items():
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not -1 <= v <= 1:
            raise LexiconError(f"{where}.labels.{k}: expected a number in -1..1")
    return SentimentLexicon(
        words, sets["negators"], sets["boosters"], sets["dampeners"], sets["contrast"],
        float(labels.get("positive", 0.05)), float(labels.get("negative", -0.05)),
    )


def load_sentiment_words(path: str | Path | None = None) -> SentimentLexicon:
    if path is None:
        text = resources.files("cxaudit.data").joinpath("sentiment_words.toml").read_text("utf-8")
        return parse_sentiment_words(tomllib.loads(text), "sentiment_words.toml")
    with open(path, "rb") as fh:
        return parse_sentiment_words(tomllib.load(fh), str(path))


_SUFFIXES = (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("ly", ""), ("ed", "e"), ("ing", "e"))


class SentimentScorer:
    """Scores one text in a single pass: phrases (one regex scan) then tokens."""

    ALPHA = 15.0

    def __init__(self, words: SentimentLexicon, phrases: SignalSpec | None):
        self.lex = words
        self.phrases = PatternSet("sentiment", phrases.patterns, prefer_stronger=False) if phrases else None
        self._reset_cache()

    CACHE_MAX = 200_000
    # sentence punctuation has fixed codes: "!" (counted, ends a negation) and "." (ends one)
    _PUNCT_CODES = {"!": "!", ".": ".", "?": "."}

    def _reset_cache(self) -> None:
        self._cache: dict[str, Any] = dict(self._PUNCT_CODES)

    # token codes in the lookup table (valences are floats)
    _NEG, _BOOST, _DAMP, _CONTRAST, _SKIP = "N", "B", "D", "C", "S"

    def _code(self, raw: str) -> float | str | None:
        """What a raw token is: a valence, a modifier code, or None. Cached per token."""
        c = self._cache
        if raw in c:
            return c[raw]
        tok = raw.lower()
        if tok[:1].isalpha() and ("'" in tok or "’" in tok):
            tok = tok.replace("’", "'")
            head, _, tail = tok.partition("'")
            # "don't" -> "dont" (a negator); "company's" -> "company"; but "we'll", "he'll",
            # "she'd" are a pronoun and a verb, not "well", "hell", "shed"
            tok = head if tail in ("s", "ll", "re", "ve", "d", "m") else tok.replace("'", "")
        lex = self.lex
        code: float | str | None
        if raw[0] == "@" or raw.startswith(("http", "www.")):
            code = self._SKIP
        elif raw[0] == "#":
            code = self._code(raw[1:]) if len(raw) > 1 else None
            if isinstance(code, str):
                code = None
        elif tok in lex.negators:
            code = self._NEG
        elif tok in lex.boosters:
            code = self._BOOST
        elif tok in lex.dampeners:
            code = self._DAMP
        elif tok in lex.contrast:
            code = self._CONTRAST
        else:
            code = lex.words.get(tok)
            if code is None and len(tok) > 4:
                for suf, rep in _SUFFIXES:
                    if tok.endswith(suf):
                        code = lex.words.get(tok[: -len(suf)] + rep)
                        if code is not None:
                            break
            if code is not None and len(raw) > 2 and raw.isupper():
                code = ("U", code)  # shouted: boosted unless the whole text is upper-case
        c[raw] = code
        return code

    def score(self, text: str) -> tuple[float, list[Hit]]:
        """(compound in -1..1, phrase hits)."""
        total, hits = self.valence(text)
        return self.squash(total), hits

    def squash(self, total: float) -> float:
        return total / math.sqrt(total * total + self.ALPHA) if total else 0.0

    def valence(self, text: str) -> tuple[float, list[Hit]]:
        """(unbounded valence sum, phrase hits)."""
        total = 0.0
        hits: list[Hit] = []
        toks = None
        if self.phrases is not None:
            hits = self.phrases.scan(text)
            if hits:
                parts = []
                pos = 0
                for h in hits:
                    w = h.weight if not h.negated else -0.5 * h.weight
                    total += w
                    parts.append(text[pos:h.start])
                    pos = h.end
                parts.append(text[pos:])
                toks = TOKEN_RE.findall(" ".join(parts))
        if toks is None:
            toks = tokens(text)
        cache = self._cache
        if len(cache) > self.CACHE_MAX:
            self._reset_cache()
            cache = self._cache
        code_of = self._code
        for raw in filterfalse(cache.__contains__, toks):  # new tokens: classify once
            code_of(raw)
        codes = list(map(cache.__getitem__, toks))
        vals: list[float] = []
        contrast_at = -1
        neg_left = 0
        mult = 1.0
        bangs = 0
        upper_text = None
        prev = -1
        # Only tokens with a code matter; a run of `gap` plain words between two of them resets
        # the booster and uses up `gap` words of a negation's reach.
        for i in compress(count(), map(is_not, codes, repeat(None))):
            if i - prev > 1:
                mult = 1.0
                if neg_left:
                    neg_left = max(0, neg_left - (i - prev - 1))
            prev = i
            code = codes[i]
            if code.__class__ is str:
                if code == "!":
                    bangs += 1
                    neg_left = 0  # a negation does not reach past the end of its sentence
                elif code == ".":
                    neg_left = 0
                elif code == "N":
                    neg_left = 3
                elif code == "B":
                    mult = 1.3
                elif code == "D":
                    mult = 0.6
                elif code == "C":
                    contrast_at = len(vals)
                    neg_left = 0
                continue
            if code.__class__ is tuple:
                if upper_text is None:
                    upper_text = text.isupper()
                v = code[1] if upper_text else code[1] * 1.3
            else:
                v = code
            v *= mult
            if neg_left:
                v *= -0.6
                neg_left -= 1
            vals.append(v)
            mult = 1.0
        if contrast_at >= 0:
            for i, v in enumerate(vals):
                total += v * (0.5 if i < contrast_at else 1.5)
        else:
            total += sum(vals)
        if bangs and total:
            total += math.copysign(min(bangs, 4) * 0.3, total)
        return total, hits

    def label(self, compound: float) -> str:
        if compound >= self.lex.positive_at:
            return "positive"
        if compound <= self.lex.negative_at:
            return "negative"
        return "neutral"


class SentimentRecognizer(Recognizer):
    """Fills `sentiment`, `sentiment_label` (all roles) and `complaint` (complaint roles).

    complaint = sum of non-negated complaint-cue weights + `NEG_SHARE` x max(0, -sentiment)
    reaches the complaint threshold.
    """

    name = "sentiment"
    NEG_SHARE = 2.0  # complaint: weight of negative sentiment next to the complaint cues
    CUE_SHARE = 1.0  # sentiment of a complaint-role message: valence lost per unit of complaint cue
    # Complaint cues that describe a situation rather than a feeling (a question about a fault,
    # "since Sunday", "trying to", "back in stock"): they count towards `complaint` but do not
    # lower the sentiment, so a calm first report is not read as already upset.
    NEUTRAL_CUES = frozenset({
        "since_when", "persistence_phrase", "for_the_past", "days_later", "repeated_contact", "malfunction_question",
        "what_question", "why_really", "where_is_my", "any_update_on", "done_yet", "unavailable",
        "trying_to", "paid_for", "unexpected_behaviour", "no_option", "cannot_generic",
        "was_meant_to", "stuck_status", "quoted_then", "times_usual", "expired_before",
    })

    def __init__(self, scorer: SentimentScorer, complaint: SignalSpec | None = None, roles: frozenset[str] | None = None):
        self.scorer = scorer
        self.phrases = scorer.phrases  # exposed so the pipeline's shared prefilter primes it
        self.complaint = complaint
        self.complaint_set = PatternSet(complaint.name, complaint.patterns) if complaint else None
        if roles is not None:
            self.roles = roles | (complaint.roles if complaint else frozenset())
        self.sentiment_roles = roles if roles is not None else self.roles
        self.provides = ("sentiment", "sentiment_label") + ((complaint.field,) if complaint else ())

    def recognize(self, message: Message) -> tuple[dict[str, Any], list[Hit]]:
        text = message.text
        scorer = self.scorer
        total, hits = scorer.valence(text)
        compound = scorer.squash(total)
        values: dict[str, Any] = {}
        role = message.role
        if self.complaint is not None and role in self.complaint.roles:
            chits = self.complaint_set.scan(text)  # type: ignore[union-attr]
            cue = self.complaint_set.score(chits)  # type: ignore[union-attr]
            values[self.complaint.field] = cue + self.NEG_SHARE * max(0.0, -compound) >= self.complaint.threshold
            if cue > 0:
                # a reported problem reads negative even in neutral words ("my bag didn't arrive")
                neutral = self.NEUTRAL_CUES
                mood = sum(h.weight for h in chits if not h.negated and h.pattern not in neutral) if neutral else cue
                if mood > 0:
                    compound = scorer.squash(total - self.CUE_SHARE * mood)
            hits = hits + chits
        if role in self.sentiment_roles:
            values["sentiment"] = round(compound, 4)
            values["sentiment_label"] = scorer.label(compound)
        else:
            hits = [h for h in hits if h.signal != "sentiment"]
        return values, hits
