"""Contract invariants over whole corpora: every finding explains itself, quotes exactly, and
is reproducible; the output tables carry the FORMAT.md fields."""

from __future__ import annotations

import orjson
import pytest

import cxaudit
from cxaudit.demo import demo_path
from cxaudit.findings import CODES, SEVERITIES

from pathlib import Path

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"

CORPORA = [pytest.param(demo_path(), id="demo")]
if (SHARED_DATA / "scenarios" / "input.jsonl").exists():
    CORPORA.append(pytest.param(SHARED_DATA / "scenarios" / "input.jsonl", id="scenarios"))


def texts(path) -> dict[tuple[str, str], str]:
    out = {}
    for line in open(path, "rb"):
        r = orjson.loads(line)
        out[(r["kind"], r["id"])] = r.get("text", "")
    return out


@pytest.fixture(scope="module", params=CORPORA)
def run(request):
    return request.param, cxaudit.analyze(request.param)


def test_every_finding_explains_itself(run):
    path, res = run
    by_id = texts(path)
    assert res.findings
    for f in res.findings:
        assert f["code"] in CODES and f["severity"] in SEVERITIES
        assert f["explanation"] and (f["explanation"][0].isupper() or f["explanation"][0].isdigit()) and f["explanation"].rstrip().endswith((".", ")"))
        assert isinstance(f["measures"], dict) and f["measures"]
        assert f["evidence"], f
        for e in f["evidence"]:
            [(key, ref)] = [(k, v) for k, v in e.items() if k.endswith("_id")]
            kind = key[:-3]
            assert (kind, ref) in by_id, (f["id"], key, ref)
            text = by_id[(kind, ref)] if kind != "event" else ""
            assert 0 <= e["start"] <= e["end"] <= len(text)
            assert text[e["start"]:e["end"]] == e["quote"], (f["id"], ref)


def test_finding_ids_are_unique_and_stable(run):
    path, res = run
    ids = [f["id"] for f in res.findings]
    assert len(ids) == len(set(ids))
    again = cxaudit.analyze(path)
    assert sorted(ids) == sorted(f["id"] for f in again.findings)


def test_tables_carry_the_contract_fields(run):
    _path, res = run
    msg_fields = {"id", "sentiment", "sentiment_label", "apology", "formality", "informal", "refusal", "complaint",
                  "churn_threat", "human_request", "handoff", "promise", "issues"}
    conv_fields = {"conversation_id", "customer_id", "channels", "first_response_seconds", "sentiment_start",
                   "sentiment_end", "sentiment_min", "issues", "codes"}
    for m in res.messages:
        assert msg_fields <= m.keys()
        assert m["sentiment"] is None or -1 <= m["sentiment"] <= 1
        assert m["formality"] is None or 0 <= m["formality"] <= 1
        assert m["sentiment_label"] in (None, "negative", "neutral", "positive")
        for h in m["hits"]:
            assert h["end"] > h["start"]
    for c in res.conversations:
        assert conv_fields <= c.keys()
    assert res.summary["reconciled"] and res.summary["error_count"] == 0, res.summary["errors"]
