"""Per-message signals. `build_pipeline(config)` assembles the recognizers from data and plugins.

Every lexicon entry (``data/lexicon/*.toml`` merged, then the config's ``lexicon``) becomes a
boolean `LexiconRecognizer`, except three entries that feed the scoring recognizers:

* ``[signals.sentiment]``  customer-service phrases for `SentimentRecognizer` (with the word
  lexicon ``data/sentiment_words.toml``); it also fills ``complaint`` from ``[signals.complaint]``;
* ``[signals.complaint]``  complaint cues, read together with sentiment;
* ``[signals.informal]``   register markers for `FormalityRecognizer` (``formality``, ``informal``).

Issues come from the taxonomy (``data/taxonomy.toml``, replaced by ``config.taxonomy_path``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from .base import OUTPUT_FIELDS, Hit, MessageSignals, Pattern, PatternSet, Recognizer, SignalPipeline
from .lexicon import LexiconError, LexiconRecognizer, load_lexicon

if TYPE_CHECKING:
    from ..config import Config

__all__ = ["OUTPUT_FIELDS", "Hit", "LexiconError", "MessageSignals", "Pattern", "PatternSet", "Recognizer", "SignalPipeline", "build_pipeline"]

# Lexicon entries consumed by the scoring recognizers instead of becoming boolean signals.
SCORED_ENTRIES = ("sentiment", "complaint", "informal")


def build_recognizers(config: "Config | None" = None) -> list[Recognizer]:
    """The packaged recognizers (no plugins), validated; errors name the bad key."""
    from .formality import FormalityRecognizer
    from .issues import IssueRecognizer, load_taxonomy
    from .expand import expand_patterns
    from .sentiment import SentimentRecognizer, SentimentScorer, load_sentiment_words

    lexicon = load_lexicon(config.lexicon_path if config else None)
    for name, spec in lexicon.items():  # compile every entry now so a bad regex names its key
        try:
            PatternSet(name, spec.patterns)
        except ValueError as exc:
            raise LexiconError(f"signals.{name}: {exc}") from None
    # word-list regexes become plain alternations the shared automaton matches alone
    lexicon = {name: replace(spec, patterns=expand_patterns(spec.patterns)) for name, spec in lexicon.items()}
    taxonomy = load_taxonomy(config.taxonomy_path if config else None)
    taxonomy = {iid: replace(spec, patterns=expand_patterns(spec.patterns)) for iid, spec in taxonomy.items()}
    recognizers: list[Recognizer] = [
        LexiconRecognizer(spec) for name, spec in lexicon.items() if name not in SCORED_ENTRIES
    ]
    phrases = lexicon.get("sentiment")
    scorer = SentimentScorer(load_sentiment_words(), phrases)
    roles = phrases.roles if phrases else None
    recognizers.append(SentimentRecognizer(scorer, lexicon.get("complaint"), roles))
    recognizers.append(FormalityRecognizer(lexicon.get("informal")))
    recognizers.append(IssueRecognizer(taxonomy))
    return recognizers


def build_pipeline(config: "Config | None" = None) -> SignalPipeline:
    """The default recognizers: every lexicon signal, sentiment (+complaint), formality
    (+informal), issues, plus plugin recognizers (entry-point group ``cxaudit.signals``: a
    callable taking the config and returning a Recognizer)."""
    from ..plugins import load_entry_points

    from .normalize import Normalizer, load_table

    recognizers = build_recognizers(config)
    for _name, factory in load_entry_points("cxaudit.signals"):
        recognizers.append(factory(config))
    return SignalPipeline(recognizers, Normalizer(load_table(config.normalize_path if config else None)))
