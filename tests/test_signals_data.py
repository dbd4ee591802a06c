"""Data-file validation (lexicon, taxonomy, sentiment words) and the evaluation smoke test."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxaudit.config import Config
from cxaudit.signals import build_pipeline
from cxaudit.signals.expand import expand_literal
from cxaudit.signals.issues import TaxonomyError, load_taxonomy, parse_taxonomy
from cxaudit.signals.lexicon import LexiconError, parse_lexicon
from cxaudit.signals.sentiment import parse_sentiment_words

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"

GOOD_ISSUE = {"patterns": [{"name": "late", "regex": "\\blate\\b"}]}


@pytest.mark.parametrize(
    "doc,bad_key",
    [
        ({"version": 1, "issues": {"late": {**GOOD_ISSUE, "colour": "red"}}}, "colour"),
        ({"version": 1, "issues": {"late": {"patterns": [{"name": "x", "regex": "x", "wieght": 1}]}}}, "wieght"),
        ({"version": 1, "issues": {"Late-Delivery": GOOD_ISSUE}}, "Late-Delivery"),
        ({"version": 1, "issues": {"late": {"patterns": [{"name": "x", "regex": "(unclosed"}]}}}, "patterns[0].regex"),
        ({"version": 1, "issues": {"late": {**GOOD_ISSUE, "roles": ["robot"]}}}, "roles"),
        ({"version": 1, "categories": {}}, "categories"),
    ],
)
def test_taxonomy_rejects_bad_key(doc, bad_key):
    with pytest.raises(TaxonomyError, match=r".*" + bad_key.replace("[", r"\[").replace("]", r"\]")):
        parse_taxonomy(doc, "t.toml")


def test_taxonomy_accepts_good_and_keeps_order():
    tax = parse_taxonomy({"version": 1, "issues": {"b_cat": GOOD_ISSUE, "a_cat": GOOD_ISSUE}})
    assert list(tax) == ["b_cat", "a_cat"]


@pytest.mark.parametrize(
    "doc,bad_key",
    [
        ({"version": 1, "signals": {"apology": {"roles": ["agent"], "treshold": 1}}}, "treshold"),
        ({"version": 1, "signals": {"apology": {"patterns": [{"name": "s", "regex": "sorry", "neg": False}]}}}, "neg"),
        ({"version": 1, "signals": {"apology": {"patterns": [{"name": "s", "regex": "sorry"}, {"name": "s", "regex": "apologi"}]}}}, "used twice"),
    ],
)
def test_lexicon_rejects_bad_key(doc, bad_key):
    with pytest.raises(LexiconError, match=bad_key):
        parse_lexicon(doc, "lex.toml")


@pytest.mark.parametrize(
    "doc,bad_key",
    [
        ({"version": 1, "groups": [{"valence": 9, "words": "good"}]}, "valence"),
        ({"version": 1, "groups": [{"valence": 1, "words": "good", "tag": "x"}]}, "tag"),
        ({"version": 1, "groups": [{"valence": 1, "words": "good"}, {"valence": -1, "words": "good"}]}, "listed twice"),
        ({"version": 1, "modifiers": {"negaters": "not"}}, "negaters"),
    ],
)
def test_sentiment_words_reject_bad_key(doc, bad_key):
    with pytest.raises(LexiconError, match=bad_key):
        parse_sentiment_words(doc, "words.toml")


def test_taxonomy_path_override(tmp_path):
    p = tmp_path / "tax.toml"
    p.write_text('version = 1\n[issues.wifi]\npatterns = [{ name = "wifi", regex = "\\\\bwi-?fi\\\\b" }]\n', "utf-8")
    pipe = build_pipeline(Config(taxonomy_path=str(p)))
    from datetime import datetime, timezone

    from cxaudit.records import Message

    s = pipe.analyze(Message("m", "c", "u", "chat", datetime(2024, 1, 1, tzinfo=timezone.utc), "customer", "my wifi is late"))
    assert s.issues == ("wifi",)


def test_bad_taxonomy_file_is_named(tmp_path):
    p = tmp_path / "tax.toml"
    p.write_text('version = 1\n[issues.wifi]\nlabel = "Wi-Fi"\nkeywords = ["wifi"]\n', "utf-8")
    with pytest.raises(TaxonomyError, match="keywords"):
        build_pipeline(Config(taxonomy_path=str(p)))


def test_packaged_taxonomy_has_required_categories():
    tax = load_taxonomy()
    for cat in ("payment", "billing", "delivery_delay", "damaged_defective", "returns_refunds", "order_cancellation",
                "backorder_stock", "account_login", "wrong_personal_data", "technical_fault", "pricing", "staff_service"):
        assert cat in tax


@pytest.mark.parametrize(
    "regex,expanded",
    [
        (r"\b(?:bills?|billing)\b", r"\b(?:billing|bills|bill)\b"),
        (r"\bsorry\b", r"\b(?:sorry)\b"),
        (r"\b(?:a|b)+\b", None),  # not a finite word list
        (r"\bwi-?fi\b", r"\b(?:wi\-fi|wifi)\b"),
    ],
)
def test_expand_literal(regex, expanded):
    assert expand_literal(regex) == expanded


def test_evaluation_smoke():
    if not (DATA / "complaints").is_dir() and not (DATA / "formality").is_dir():
        pytest.skip("shared/data is absent")
    from cxaudit.evaluation import signals as ev

    # evaluate on a tiny copy of two sets to keep the suite fast
    import csv
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        root = Path(d)
        for sub, name in (("complaints", "complaints_dev_domains.csv"), ("formality", "squinky.csv")):
            src = DATA / sub / name
            if not src.is_file():
                continue
            (root / sub).mkdir()
            with open(src, newline="", encoding="utf-8") as fh:
                rows = list(csv.reader(fh))[:201]
            with open(root / sub / name, "w", newline="", encoding="utf-8") as fh:
                csv.writer(fh).writerows(rows)
        rows = ev.evaluate_signals(root)
    assert rows, "expected at least one row"
    for r in rows:
        assert r["section"] == "signals"
        assert set(r) >= {"name", "metric", "value", "precision", "recall", "n", "baseline_name", "baseline", "target", "met", "seconds"}
        assert isinstance(r["value"], float)
    names = {r["name"] for r in rows}
    assert names <= {"complaint", "formality"}
