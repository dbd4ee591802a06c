"""The command line: analyze, import, demo, detectors, eval."""

from __future__ import annotations

import json

import orjson
import pytest
from click.testing import CliRunner

from cxaudit.cli import main

GOOD = [
    {"kind": "message", "id": "a", "conversation_id": "c", "customer_id": "u", "channel": "chat", "role": "customer", "timestamp": "2024-06-03T09:00:00Z", "text": "My order is late"},
    {"kind": "message", "id": "b", "conversation_id": "c", "customer_id": "u", "channel": "chat", "role": "agent", "timestamp": "2024-06-03T09:10:00Z", "text": "Let me check"},
]


@pytest.fixture
def data(tmp_path):
    p = tmp_path / "in.jsonl"
    lines = [orjson.dumps(r) for r in GOOD] + [b'{"kind": "message", "id": "x"', b"\xff\xfe junk", b'{"kind":"message","id":"n","conversation_id":"c","channel":"chat","role":"customer","timestamp":"2024-06-03T09:00:00","text":"naive"}']
    p.write_bytes(b"\n".join(lines) + b"\n")
    return p


def test_analyze_writes_outputs_and_reconciles(tmp_path, data):
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["analyze", str(data), "--out", str(out)])
    assert r.exit_code == 0, r.output
    summary = json.loads((out / "summary.json").read_text())
    assert summary["records"] == {**summary["records"], "read": 5, "accepted": 2, "rejected": 3}
    rejects = [json.loads(l) for l in (out / "rejects.jsonl").read_text().splitlines()]
    assert {r["line"] for r in rejects} == {3, 4, 5}
    assert any("naive" in r["reason"] for r in rejects)
    assert "rejected 3" in r.output and "slow_response" in r.output


def test_default_tz_accepts_naive(tmp_path, data):
    r = CliRunner().invoke(main, ["analyze", str(data), "--out", str(tmp_path / "o"), "--default-tz", "UTC", "-q"])
    assert r.exit_code == 0
    assert json.loads((tmp_path / "o" / "summary.json").read_text())["records"]["rejected"] == 2


def test_strict_fails_on_first_reject(tmp_path, data):
    r = CliRunner().invoke(main, ["analyze", str(data), "--out", str(tmp_path / "o"), "--strict"])
    assert r.exit_code == 1
    assert "--strict" in r.output and ":3:" in r.output


def test_bad_config_is_a_clear_error(tmp_path, data):
    cfg = tmp_path / "c.toml"
    cfg.write_text("[targets]\nchat = 'soon'\n")
    r = CliRunner().invoke(main, ["analyze", str(data), "--config", str(cfg), "--out", str(tmp_path / "o")])
    assert r.exit_code == 1 and "targets.chat" in r.output


def test_missing_input_is_a_clear_error(tmp_path):
    r = CliRunner().invoke(main, ["analyze", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "o")])
    assert r.exit_code == 1 and "not found" in r.output


def test_detectors_lists_codes():
    r = CliRunner().invoke(main, ["detectors", "--json"])
    assert r.exit_code == 0
    codes = {d["code"] for d in json.loads(r.output)["detectors"]}
    assert {"slow_response", "unanswered"} <= codes


def test_stdin(tmp_path):
    payload = b"".join(orjson.dumps(r) + b"\n" for r in GOOD)
    r = CliRunner().invoke(main, ["analyze", "-", "--out", str(tmp_path / "o"), "-q"], input=payload)
    assert r.exit_code == 0, r.output
    assert json.loads((tmp_path / "o" / "summary.json").read_text())["records"]["accepted"] == 2


def test_analyze_html_and_report_command(tmp_path, data):
    out = tmp_path / "o"
    r = CliRunner().invoke(main, ["analyze", str(data), "--out", str(out), "--html", "-q"])
    assert r.exit_code == 0, r.output
    assert (out / "report.html").exists()
    r = CliRunner().invoke(main, ["report", str(out), "-o", str(tmp_path / "r.html")])
    assert r.exit_code == 0 and (tmp_path / "r.html").read_text().startswith("<!DOCTYPE html>")
    r = CliRunner().invoke(main, ["report", str(tmp_path / "missing")])
    assert r.exit_code == 1
