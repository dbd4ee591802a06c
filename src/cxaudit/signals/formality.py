"""Formality (0..1) and the `informal` flag, from surface features in one pass.

Features (register cues; weights in `W`):
  + long words (>= 7 letters) share, mean word length, sentence length, politeness and
    business formulae ("please", "kindly", "would you", "dear", "regards", "however")
  - contractions, first/second person pronouns, lower-case sentence starts and lower-case
    "i", shouting (ALL CAPS), and the informal markers: word lists from the lexicon
    (`[signals.informal]`: lol, tbh, gonna, nope, "no worries mate", missing apostrophes,
    shrug emoji) plus surface features computed here (emoji, emoticons, !!!/???, sooo
    elongations, "u").

`formality` = logistic(linear sum). `informal` = formality < THRESHOLD, or the informal
markers alone reach their lexicon threshold (strong markers: lol, tbh, nope, a shrug, u).
The message is tokenised once (shared with sentiment, see `text.py`).
"""

from __future__ import annotations

import math
import re
from typing import Any

from ..records import Message
from .base import Hit, PatternSet, Recognizer
from .lexicon import SignalSpec
from .text import tokens

# Surface features, each run only when a cheap substring test says it can match.
EMOJI_RE = re.compile(r"[\U0001F300-\U0001FAFF\u2600-\u27BF]")
EMOTICON_RE = re.compile(r"[:;]-?[()DPp](?!\w)|<3")
PUNCT_RE = re.compile(r"!{2,}|\?{2,}|[!?]{3,}|\.{4,}|\?!|!\?")
ELONG_RE = re.compile(r"([a-z])\1\1")
ELONG_WORD_RE = re.compile(r"(?<![/.@#\w])[a-z]*([a-z])\1\1[a-z]*\b")
SURFACE_WEIGHTS = {"emoji": 0.4, "emoticon": 0.6, "expressive_punct": 0.5, "elongation": 0.6, "pronoun_u": 1.0}

POLITE_WORDS = frozenset(
    "please kindly dear regards sincerely faithfully appreciate appreciated grateful however therefore "
    "furthermore moreover regarding accordingly nevertheless whereas hereby thus hence approximately "
    "additionally subsequently consequently apologise apologize apologies unfortunately".split()
)
POLITE_BIGRAMS = frozenset({("would", "you"), ("could", "you"), ("thank", "you"), ("may", "i"), ("might", "i"), ("best", "wishes")})
PRONOUNS = frozenset("i me my you your we us our u ur ya".split())
_END = frozenset(".!?")

# Weights of the linear model. Set by hand from register theory (signs fixed), magnitudes
# checked against the SQUINKY ratings (Spearman; see evaluation/signals.py).
W = {
    "bias": -2.6,
    "long_share": 3.0,       # share of words with >= 7 letters
    "mean_len": 0.45,        # mean word length in letters
    "log_words": 0.55,       # log(1 + words): longer sentences read more formal
    "contractions": -5.0,    # per word
    "informal": -1.5,        # sum of informal-marker weights (absolute)
    "polite": 0.5,           # count of politeness/business formulae (capped at 3)
    "lower_start": -0.8,     # sentences that start lower-case (count, capped at 3)
    "lower_i": -1.0,         # a lower-case "i"
    "pronouns": -2.5,        # per word
    "caps": -0.4,            # shouted words (count, capped at 3)
}
THRESHOLD = 0.2


_TOKEN_INFO: dict[str, tuple | bool] = {}


def _token_info(raw: str) -> tuple | bool:
    """(letters, lower, is_contraction, kind, starts lower-case) or False for non-words.
    kind: 1 pronoun, 2 lower-case "i", 3 "u", 4 shouted, 5 politeness word, 0 other."""
    c0 = raw[0]
    if not c0.isalpha() or raw.startswith(("http", "www.")):
        info: tuple | bool = False
    else:
        low = raw.lower()
        contraction = "'" in raw or "’" in raw
        k = len(raw) - (2 if contraction else 0)
        if raw == "i":
            kind = 2
        elif raw == "u":
            kind = 3
        elif low in PRONOUNS:
            kind = 1
        elif k >= 3 and raw.isupper():
            kind = 4
        elif low in POLITE_WORDS:
            kind = 5
        else:
            kind = 0
        info = (k, low, contraction, kind, c0.islower())
    if len(_TOKEN_INFO) < 100000:
        _TOKEN_INFO[raw] = info
    return info


class FormalityRecognizer(Recognizer):
    reads_raw_text = True  # the register lives in the spelling ("u", "pls", "dont"): no normalisation
    name = "formality"
    provides = ("formality", "informal")

    def __init__(self, informal: SignalSpec | None = None, threshold: float = THRESHOLD):
        self.informal = informal
        self.markers = PatternSet(informal.name, informal.patterns) if informal else None
        self.threshold = threshold
        self.strong_at = informal.threshold if informal else 1.0
        if informal is not None:
            self.roles = informal.roles

    def surface_hits(self, text: str) -> list[Hit]:
        hits = []
        if not text.isascii():
            hits.extend(Hit("informal", "emoji", m.start(), m.end(), SURFACE_WEIGHTS["emoji"], False) for m in EMOJI_RE.finditer(text))
        if ":" in text or ";" in text or "<3" in text:
            hits.extend(Hit("informal", "emoticon", m.start(), m.end(), SURFACE_WEIGHTS["emoticon"], False) for m in EMOTICON_RE.finditer(text))
        if "!!" in text or "??" in text or "?!" in text or "!?" in text or "...." in text:
            hits.extend(Hit("informal", "expressive_punct", m.start(), m.end(), SURFACE_WEIGHTS["expressive_punct"], False) for m in PUNCT_RE.finditer(text))
        if ELONG_RE.search(text):
            for m in ELONG_WORD_RE.finditer(text):
                if not m.group().startswith("www"):
                    hits.append(Hit("informal", "elongation", m.start(), m.end(), SURFACE_WEIGHTS["elongation"], False))
        return hits

    def score(self, text: str) -> tuple[float, list[Hit], float]:
        """(formality 0..1, informal-marker hits, marker score)."""
        hits = self.markers.scan(text) if self.markers is not None else []
        hits = hits + self.surface_hits(text)
        toks = tokens(text)
        n = letters = long_words = contractions = pronouns = lower_i = caps = polite = lower_start = 0
        u_hit = None
        start = True
        prev = ""
        cache = _TOKEN_INFO
        for raw in toks:
            if raw in _END:
                start = True
                prev = ""
                continue
            info = cache.get(raw)
            if info is None:
                info = _token_info(raw)
            if info is False:
                continue
            k, low, contraction, kind, lower_first = info
            n += 1
            letters += k
            if k >= 7:
                long_words += 1
            if contraction:
                contractions += 1
            if start:
                if lower_first:
                    lower_start += 1
                start = False
            if kind:
                if kind == 1:
                    pronouns += 1
                elif kind == 2:
                    pronouns += 1
                    lower_i = 1
                elif kind == 3:
                    pronouns += 1
                    u_hit = raw
                elif kind == 4:
                    caps += 1
                elif kind == 5:
                    polite += 1
            if prev and (prev, low) in POLITE_BIGRAMS:
                polite += 1
            prev = low
        if u_hit is not None:
            m = re.search(r"(?<![\w.])u(?![\w.'’])", text)
            if m:
                hits.append(Hit("informal", "pronoun_u", m.start(), m.end(), SURFACE_WEIGHTS["pronoun_u"], False))
        marker = sum(h.weight for h in hits if not h.negated)
        z = W["bias"] + W["informal"] * marker
        if n:
            z += (
                W["long_share"] * long_words / n
                + W["mean_len"] * letters / n
                + W["log_words"] * math.log1p(n)
                + W["contractions"] * contractions / n
                + W["polite"] * min(3, polite)
                + W["lower_start"] * min(3, lower_start)
                + W["lower_i"] * lower_i
                + W["pronouns"] * pronouns / n
                + W["caps"] * min(3, caps)
            )
        hits.sort(key=lambda h: (h.start, h.end))
        return 1 / (1 + math.exp(-z)), hits, marker

    def recognize(self, message: Message) -> tuple[dict[str, Any], list[Hit]]:
        f, hits, marker = self.score(message.text)
        return {"formality": round(f, 4), "informal": bool(f < self.threshold or marker >= self.strong_at)}, hits
