"""The built-in demo corpus: Larkmoor Home, a fictional online home-goods retailer.

``demo_path()`` returns the packaged ``demo.jsonl`` (regenerate it with
``python -m cxaudit.demo.build_demo``). Every record carries ``meta.story`` naming the
story it belongs to; ``EXPECTED_CODES`` lists the finding codes the demo is written to show.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["EXPECTED_CODES", "demo_path"]

# The finding codes the demo's stories are designed to produce (each with at least one clear
# positive story, and near-miss stories next to them that should produce nothing).
EXPECTED_CODES: tuple[str, ...] = (
    "slow_response",
    "unanswered",
    "bounced",
    "broken_promise",
    "bot_trap",
    "informal_tone",
    "missing_apology",
    "sentiment_decline",
    "contradiction",
    "content_conflict",
    "silent_event",
    "churn_ignored",
    "repeat_contact",
    "incident",
)


def demo_path() -> Path:
    """Path of the packaged demo corpus (JSON Lines in the interchange format)."""
    ref = resources.files(__name__).joinpath("demo.jsonl")
    with resources.as_file(ref) as p:  # a real file for a normal or editable install
        return Path(p)
