"""The HTML report: numbers taken from the analyze outputs, bounded examples, everything escaped."""

from __future__ import annotations

import re
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import orjson
import pytest

import cxaudit
from cxaudit.html_report import Quantiles, collect, fmt_duration, write_html_report
from cxaudit.writers import ParquetSink, write_summary

T0 = datetime(2024, 3, 4, 10, 0, tzinfo=timezone.utc)
ONLY = ["slow_response", "unanswered"]


def msg(mid, conv, cust, channel, role, minutes, text, **kw):
    return {"kind": "message", "id": mid, "conversation_id": conv, "customer_id": cust, "channel": channel, "role": role,
            "timestamp": (T0 + timedelta(minutes=minutes)).isoformat(), "text": text, **kw}


def records():
    return [
        # a slow chat reply (10 min against 2 min), the customer's words carry markup
        msg("a1", "chatA", "c1", "chat", "customer", 0, "My parcel never came <script>alert('x')</script> & I'm upset"),
        msg("a2", "chatA", "c1", "chat", "agent", 10, "Sorry about that, checking now.", author="ag1", department="orders"),
        # a quick chat reply (30 s)
        msg("b1", "chatB", "c2", "chat", "customer", 0, "Can I change my delivery address?"),
        msg("b2", "chatB", "c2", "chat", "agent", 0.5, "Yes, done for you.", author="ag2", department="orders"),
        # an email answered in 2 h, inside its 24 h target
        msg("e1", "mailC", "c3", "email", "customer", 0, "Please send me an invoice copy."),
        msg("e2", "mailC", "c3", "email", "agent", 120, "Attached, kind regards.", author="ag3", department="billing"),
    ]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """One analyze run (building the signal pipeline is the slow part), written as JSON Lines and as Parquet."""
    base = tmp_path_factory.mktemp("html_report")
    jl, pq = base / "jl", base / "pq"
    res = cxaudit.analyze(records(), out=jl, only=ONLY)
    sink = ParquetSink(pq)
    for table, rows in res.tables.items():
        for row in rows:
            sink.write(table, row)
    sink.close()
    write_summary(pq, res.summary)
    return jl, pq


@pytest.fixture
def out(outputs, tmp_path):
    d = tmp_path / "out"
    shutil.copytree(outputs[0], d)
    return d


def test_report_numbers_and_escaping(out):
    path = write_html_report(out)
    assert path == out / "report.html"
    page = path.read_text("utf-8")
    # customer text never becomes markup: the only <script> is the report's own filter code
    assert len(re.findall(r"<script", page, flags=re.I)) == 1
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; I&#x27;m upset" in page
    assert "alert('x')" not in page
    # header and KPIs
    assert ">6<" in page  # records read
    assert "reconciled" in page and "NOT reconciled" not in page
    assert "33%" in page  # one of three conversations has a finding
    assert 'id="code-slow_response"' in page and "slow_response · 1 finding" in page
    assert "unanswered" not in re.findall(r'id="code-(\w+)"', page)
    assert CODE_LINE in page


CODE_LINE = "A customer message waited longer than its channel&#x27;s target for a human or useful reply."


def test_collected_kpis(out):
    d = collect(out)
    chat, email = d["channels"]["chat"], d["channels"]["email"]
    assert (chat.conversations, email.conversations) == (2, 1)
    assert chat.frt.quantile(0.5) == pytest.approx((600 + 30) / 2)
    assert chat.frt.quantile(0.9) == pytest.approx(30 + 0.9 * 570)
    assert email.frt.quantile(0.5) == pytest.approx(7200)
    assert chat.over_target == 1 and email.over_target == 0
    assert d["overall"].with_findings == 1 and d["overall"].conversations == 3
    assert d["by_code_sev"] == {"slow_response": {"high": 1}}
    assert d["by_channel"].keys() == {"chat"} and d["by_department"].keys() == {"orders"}
    (f,) = d["top"]["slow_response"]
    assert f["conversation_id"] == "chatA"
    assert d["msg_info"]["a1"]["role"] == "customer"  # quoted records are looked up in messages.jsonl


def test_parquet_outputs_give_the_same_report(outputs, tmp_path):
    jl, pq = outputs
    pq = Path(shutil.copytree(pq, tmp_path / "pq"))
    a, b = collect(jl), collect(pq)
    assert a["by_code_sev"] == b["by_code_sev"]
    assert a["top"]["slow_response"][0]["evidence"] == b["top"]["slow_response"][0]["evidence"]
    assert a["top"]["slow_response"][0]["measures"] == b["top"]["slow_response"][0]["measures"]
    assert a["channels"]["chat"].frt.quantile(0.5) == b["channels"]["chat"].frt.quantile(0.5)
    assert "&lt;script&gt;" in write_html_report(pq).read_text("utf-8")


def fake_finding(i: int, sev: str, code: str = "slow_response") -> dict:
    return {"id": f"{code}-{i:05d}", "code": code, "severity": sev, "customer_id": f'cu"{i}', "conversation_id": None,
            "channel": "chat", "department": None, "author": None, "timestamp": f"2024-01-01T00:00:{i % 60:02d}+00:00",
            "evidence": [{"message_id": f"m{i}", "start": 0, "end": 3, "quote": "<b>"}],
            "measures": {"wait_seconds": 7200.0, "ok": False, "target_seconds": 120}, "explanation": f"finding {i}", "detector": code}


def test_only_the_most_severe_findings_are_kept(tmp_path):
    sevs = ["low", "medium", "high", "critical"]
    rows = [fake_finding(i, sevs[i % 4]) for i in range(400)] + [fake_finding(i, "high", "bounced") for i in range(3)]
    (tmp_path / "findings.jsonl").write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    d = collect(tmp_path, max_findings_per_code=7)
    kept = d["top"]["slow_response"]
    assert len(kept) == 7 and {f["severity"] for f in kept} == {"critical"}
    assert len(d["top"]["bounced"]) == 3
    assert d["findings_total"] == 403 and d["by_code_sev"]["slow_response"] == {s: 100 for s in sevs}
    page = write_html_report(tmp_path, tmp_path / "sub" / "r.html", max_findings_per_code=7).read_text("utf-8")
    assert page.count('class="finding"') == 10
    assert "showing the 7 most severe" in page
    assert 'cu&quot;3' in page and "&lt;b&gt;" in page and "<b><" not in page
    assert "7,200 (2.0 h)" in page and ">no<" in page  # measures read as durations and yes/no


def conv(cid, channels, frs, s0, s1, codes=(), issues=()):
    return {"conversation_id": cid, "customer_id": cid, "channels": channels, "first_response_seconds": frs,
            "sentiment_start": s0, "sentiment_end": s1, "issues": list(issues), "codes": list(codes)}


def test_sentiment_channels_and_issues_from_conversations(tmp_path):
    rows = [
        conv("k1", ["social"], 4000.0, 0.2, -0.6, ["slow_response"], ["billing"]),
        conv("k2", ["social"], 600.0, -0.4, 0.4, (), ["billing", "delivery_delay"]),
        conv("k3", ["chat", "email"], 60.0, None, None, ["bounced"], ["billing"]),
        conv("k4", ["sms"], None, 0.0, 0.0),
    ]
    (tmp_path / "conversations.jsonl").write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    d = collect(tmp_path)
    social, ov = d["channels"]["social"], d["overall"]
    assert social.over_target == 1 and social.declined == 1 and social.with_findings == 1
    assert social.sent_start.value == pytest.approx(-0.1) and social.sent_end.value == pytest.approx(-0.1)
    assert d["channels"]["mixed"].conversations == 1 and d["channels"]["sms"].frt.n == 0
    assert ov.with_sentiment == 3 and ov.declined == 1 and ov.with_findings == 2
    assert d["issues"]["billing"] == 3 and d["issues_with_findings"]["billing"] == 2
    page = write_html_report(tmp_path).read_text("utf-8")
    assert "-0.10 → -0.10" in page and "50%" in page  # social: sentiment and share with a finding
    assert "67%" in page  # billing: 2 of 3 conversations with a finding


def test_missing_folder_and_empty_folder(tmp_path):
    with pytest.raises(FileNotFoundError):
        write_html_report(tmp_path / "nope")
    page = write_html_report(tmp_path).read_text("utf-8")
    assert "No findings." in page and "No conversations." in page


@pytest.mark.parametrize(
    "seconds, text",
    [(None, "–"), (0, "0 s"), (45, "45 s"), (89, "89 s"), (90, "1.5 min"), (3600, "60.0 min"), (5400, "1.5 h"),
     (47 * 3600, "47.0 h"), (3 * 86400, "3.0 d")],
)
def test_fmt_duration(seconds, text):
    assert fmt_duration(seconds) == text


@pytest.mark.parametrize("cap", [10_000, 50])
@pytest.mark.parametrize("q", [0.5, 0.9])
def test_quantiles_exact_then_approximate(cap, q):
    xs = [float((i * 7919) % 1000 + 1) for i in range(2000)]
    qs = Quantiles(cap=cap)
    for x in xs:
        qs.add(x)
    s = sorted(xs)
    exact = s[int(q * (len(s) - 1))]
    assert qs.approximate == (cap < len(xs))
    assert qs.quantile(q) == pytest.approx(exact, rel=0.02 if qs.approximate else 0.001)
    assert Quantiles().quantile(q) is None
