"""Per-message signals. `build_pipeline(config)` assembles the recognizers from data and plugins."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import OUTPUT_FIELDS, Hit, MessageSignals, Pattern, PatternSet, Recognizer, SignalPipeline
from .lexicon import LexiconRecognizer, load_lexicon

if TYPE_CHECKING:
    from ..config import Config

__all__ = ["OUTPUT_FIELDS", "Hit", "MessageSignals", "Pattern", "PatternSet", "Recognizer", "SignalPipeline", "build_pipeline"]


def build_pipeline(config: "Config | None" = None) -> SignalPipeline:
    """The default recognizers: every lexicon signal, plus plugin recognizers (entry-point
    group ``cxaudit.signals``: a callable taking the config and returning a Recognizer)."""
    from ..plugins import load_entry_points

    lexicon = load_lexicon(config.lexicon_path if config else None)
    recognizers: list[Recognizer] = [LexiconRecognizer(spec) for spec in lexicon.values()]
    for _name, factory in load_entry_points("cxaudit.signals"):
        recognizers.append(factory(config))
    return SignalPipeline(recognizers)
