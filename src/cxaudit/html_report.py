"""One self-contained HTML report from the outputs of ``cxaudit analyze``.

``write_html_report(out_dir)`` reads ``summary.json``, ``findings``, ``conversations``,
``messages``, ``rejects`` and ``warnings`` (JSON Lines, or Parquet when that is what the run
wrote), streaming every table once: counts are aggregated on the way, only the
``max_findings_per_code`` most severe findings of each code are kept, response times are held
as 8-byte floats (folded into a fine log histogram past a cap), and the messages pass only looks
up the few records quoted by the kept findings. The page has inline CSS, a few lines of vanilla
JS (filter by severity or words), no external assets; every value is HTML-escaped.
"""

from __future__ import annotations

import html
import math
from array import array
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any, Iterator

import orjson

SEVERITIES = ("critical", "high", "medium", "low")
_RANK = {s: i for i, s in enumerate(SEVERITIES)}

# One line per code, after the finding-code table of the interchange format.
CODE_MEANINGS: dict[str, str] = {
    "slow_response": "A customer message waited longer than its channel's target for a human or useful reply.",
    "unanswered": "A customer message got no reply at all.",
    "bounced": "The customer was passed between departments or told to go elsewhere more than once in one matter.",
    "broken_promise": "The company promised a follow-up (call back, email, refund by a date) and nothing came by then.",
    "bot_trap": "A bot kept the customer from a human: they asked for one, or the bot failed repeatedly, and no human took over.",
    "informal_tone": "An informal company reply in a problem context; high when it denies or refuses.",
    "missing_apology": "The customer reported a problem the company caused or owned and no company message apologised.",
    "sentiment_decline": "The customer's sentiment fell and did not recover by the end of the conversation.",
    "contradiction": "The company told the same customer two incompatible things (reasons, dates, amounts, policies).",
    "content_conflict": "Published content contradicts a policy in force or what agents and systems tell customers.",
    "silent_event": "An event that hurt the customer (cancellation, delay, backorder, declined payment) was not notified in time, or the customer found out first.",
    "churn_ignored": "The customer said they would leave or stop buying and no reply acknowledged it or tried to make it right.",
    "repeat_contact": "The customer had to come back about the same matter (again within a window, on any channel, or repeat information).",
    "incident": "Many customers reported the same problem within a short window, well above its usual rate.",
}

_COMPANY_ROLES = ("agent", "bot", "system")
_QUOTE_MAX = 700
_UNATTRIBUTED = "(not attributed)"
_EXACT_CAP = 200_000  # response times kept exactly per channel before folding into a histogram


# --------------------------------------------------------------------------- reading


def _parquet_rows(path: Path, table: str) -> Iterator[dict[str, Any]]:
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
    for batch in pf.iter_batches(batch_size=8192):
        for row in batch.to_pylist():
            if table == "findings":
                evs = []
                for e in row.get("evidence") or []:
                    ev = {f"{e.get('kind') or 'record'}_id": e.get("id"), "start": e.get("start"), "end": e.get("end"), "quote": e.get("quote")}
                    if e.get("note"):
                        ev["note"] = e["note"]
                    evs.append(ev)
                row["evidence"] = evs
                m = row.get("measures")
                row["measures"] = orjson.loads(m) if isinstance(m, str) and m else (m or {})
            yield row


def _rows(out_dir: Path, table: str) -> Iterator[dict[str, Any]]:
    """Every row of an output table, JSON Lines preferred, Parquet otherwise; nothing when absent."""
    jl = out_dir / f"{table}.jsonl"
    if jl.exists():
        with open(jl, "rb") as fh:
            for line in fh:
                if line.strip():
                    yield orjson.loads(line)
        return
    pq_path = out_dir / f"{table}.parquet"
    if pq_path.exists():
        yield from _parquet_rows(pq_path, table)


# --------------------------------------------------------------------------- numbers


class Quantiles:
    """Exact quantiles up to a cap, then a log histogram with ~1% relative resolution (bounded memory)."""

    _STEP = math.log(1.01)

    def __init__(self, cap: int = _EXACT_CAP) -> None:
        self.cap = cap
        self.values: array | None = array("d")
        self.hist: Counter[int] = Counter()
        self.n = 0

    @property
    def approximate(self) -> bool:
        return self.values is None

    def _bin(self, x: float) -> int:
        return -1 if x <= 0 else int(math.floor(math.log1p(x) / self._STEP))

    def add(self, x: float) -> None:
        self.n += 1
        if self.values is not None:
            self.values.append(x)
            if len(self.values) > self.cap:
                for v in self.values:
                    self.hist[self._bin(v)] += 1
                self.values = None
        else:
            self.hist[self._bin(x)] += 1

    def quantile(self, q: float) -> float | None:
        if self.n == 0:
            return None
        if self.values is not None:
            vs = sorted(self.values)
            pos = q * (len(vs) - 1)
            lo = int(math.floor(pos))
            hi = min(lo + 1, len(vs) - 1)
            return vs[lo] + (vs[hi] - vs[lo]) * (pos - lo)
        target = q * (self.n - 1)
        seen = 0
        for b in sorted(self.hist):
            seen += self.hist[b]
            if seen > target:
                if b < 0:
                    return 0.0
                return math.expm1((b + 0.5) * self._STEP)
        return None  # pragma: no cover


class _Mean:
    __slots__ = ("n", "total")

    def __init__(self) -> None:
        self.n = 0
        self.total = 0.0

    def add(self, x: float) -> None:
        self.n += 1
        self.total += x

    @property
    def value(self) -> float | None:
        return self.total / self.n if self.n else None


class _ChannelStats:
    def __init__(self) -> None:
        self.conversations = 0
        self.with_findings = 0
        self.frt = Quantiles()
        self.over_target = 0
        self.sent_start = _Mean()
        self.sent_end = _Mean()
        self.declined = 0
        self.with_sentiment = 0


def _finding_key(f: dict[str, Any]) -> tuple:
    return (_RANK.get(f.get("severity"), 9), str(f.get("timestamp") or ""), str(f.get("id") or ""))


def _evidence_ref(e: dict[str, Any]) -> tuple[str, str]:
    for k, v in e.items():
        if k.endswith("_id"):
            return k[:-3], str(v)
    return "record", ""


def _targets(summary: dict[str, Any]) -> tuple[dict[str, int], str]:
    """Response targets of the run: from its config file when it is still there with the same hash, else defaults."""
    from .config import DEFAULT_TARGETS, load_config

    src = summary.get("config_source")
    if src:
        try:
            cfg = load_config(src)
            if cfg.hash() == summary.get("config_hash"):
                return dict(cfg.targets), "config"
        except Exception:  # noqa: BLE001 - the report must not fail on a moved or edited config
            pass
    return dict(DEFAULT_TARGETS), "default"


def collect(out_dir: str | Path, max_findings_per_code: int = 50) -> dict[str, Any]:
    """Everything the report shows, gathered in one streaming pass per table."""
    out_dir = Path(out_dir)
    sp = out_dir / "summary.json"
    summary: dict[str, Any] = orjson.loads(sp.read_bytes()) if sp.exists() else {}
    targets, target_source = _targets(summary)

    # findings
    by_code_sev: dict[str, Counter] = defaultdict(Counter)
    by_channel: dict[str, Counter] = defaultdict(Counter)
    by_dept: dict[str, Counter] = defaultdict(Counter)
    by_sev: Counter = Counter()
    top: dict[str, list[dict[str, Any]]] = defaultdict(list)
    n_findings = 0
    keep = max(0, int(max_findings_per_code))
    for f in _rows(out_dir, "findings"):
        n_findings += 1
        code = str(f.get("code") or "?")
        sev = str(f.get("severity") or "low")
        by_code_sev[code][sev] += 1
        by_sev[sev] += 1
        by_channel[f.get("channel") or _UNATTRIBUTED][sev] += 1
        by_dept[f.get("department") or _UNATTRIBUTED][sev] += 1
        if keep:
            buf = top[code]
            buf.append(f)
            if len(buf) >= 2 * keep + 16:
                buf.sort(key=_finding_key)
                del buf[keep:]
    for code, buf in top.items():
        buf.sort(key=_finding_key)
        del buf[keep:]

    # conversations
    channels: dict[str, _ChannelStats] = defaultdict(_ChannelStats)
    overall = _ChannelStats()
    issues: Counter = Counter()
    issues_with_findings: Counter = Counter()
    for c in _rows(out_dir, "conversations"):
        chans = c.get("channels") or []
        ch = chans[0] if len(chans) == 1 else ("mixed" if chans else _UNATTRIBUTED)
        has = bool(c.get("codes"))
        frs = c.get("first_response_seconds")
        s0, s1 = c.get("sentiment_start"), c.get("sentiment_end")
        target = targets.get(ch, targets.get("default"))
        for st in (channels[ch], overall):
            st.conversations += 1
            st.with_findings += has
            if frs is not None:
                st.frt.add(float(frs))
                if target is not None and frs > target:
                    st.over_target += 1
            if s0 is not None and s1 is not None:
                st.with_sentiment += 1
                st.sent_start.add(float(s0))
                st.sent_end.add(float(s1))
                st.declined += s1 < s0
        for i in c.get("issues") or []:
            issues[i] += 1
            issues_with_findings[i] += has

    # messages: signal rates, plus role/time of the records quoted by kept findings
    wanted: set[str] = set()
    for buf in top.values():
        for f in buf:
            for e in f.get("evidence") or []:
                kind, rid = _evidence_ref(e)
                if kind == "message":
                    wanted.add(rid)
    msg_info: dict[str, dict[str, Any]] = {}
    roles: Counter = Counter()
    signals: dict[str, Counter] = defaultdict(Counter)
    for m in _rows(out_dir, "messages"):
        role = str(m.get("role") or "?")
        roles[role] += 1
        sig = signals[role]
        for k in ("complaint", "churn_threat", "human_request", "apology", "informal", "refusal", "handoff", "promise"):
            if m.get(k):
                sig[k] += 1
        if m.get("sentiment_label"):
            sig["sentiment_" + str(m["sentiment_label"])] += 1
        mid = m.get("id")
        if mid in wanted:
            msg_info[mid] = {"role": role, "timestamp": m.get("timestamp"), "author": m.get("author"), "channel": m.get("channel")}

    rejects: Counter = Counter()
    for r in _rows(out_dir, "rejects"):
        rejects[(str(r.get("field") or ""), str(r.get("reason") or ""))] += 1
    warnings: Counter = Counter()
    for w in _rows(out_dir, "warnings"):
        warnings[(str(w.get("field") or ""), str(w.get("reason") or ""))] += 1

    return {
        "out_dir": str(out_dir),
        "summary": summary,
        "targets": targets,
        "target_source": target_source,
        "findings_total": n_findings,
        "by_code_sev": {k: dict(v) for k, v in by_code_sev.items()},
        "by_sev": dict(by_sev),
        "by_channel": {k: dict(v) for k, v in by_channel.items()},
        "by_department": {k: dict(v) for k, v in by_dept.items()},
        "top": dict(top),
        "channels": dict(channels),
        "overall": overall,
        "issues": issues,
        "issues_with_findings": issues_with_findings,
        "roles": roles,
        "signals": signals,
        "msg_info": msg_info,
        "rejects": rejects,
        "warnings": warnings,
    }


# --------------------------------------------------------------------------- formatting


def _e(x: Any) -> str:
    return html.escape("" if x is None else str(x), quote=True)


def fmt_duration(s: float | None) -> str:
    if s is None:
        return "–"
    s = float(s)
    if s < 90:
        return f"{s:.0f} s"
    if s < 90 * 60:
        return f"{s / 60:.1f} min"
    if s < 48 * 3600:
        return f"{s / 3600:.1f} h"
    return f"{s / 86400:.1f} d"


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.0f}%" if b else "–"


def _num(x: float | None, digits: int = 2) -> str:
    return "–" if x is None else f"{x:+.{digits}f}"


def _ts(x: Any) -> str:
    if not x:
        return ""
    try:
        d = datetime.fromisoformat(str(x).replace("Z", "+00:00"))
    except ValueError:
        return str(x)
    off = d.strftime("%z")
    off = "" if not off else ("UTC" if off == "+0000" else f"{off[:3]}:{off[3:]}")
    return f"{d:%Y-%m-%d %H:%M} {off}".strip()


def _bar(value: float, maximum: float, cls: str = "") -> str:
    w = 0.0 if maximum <= 0 else max(0.0, min(100.0, 100.0 * value / maximum))
    return f'<div class="bar {cls}"><span style="width:{w:.1f}%"></span></div>'


def _stack(counts: dict[str, int], maximum: float) -> str:
    """A horizontal bar split by severity, its length proportional to the total."""
    total = sum(counts.values())
    if maximum <= 0 or total <= 0:
        return '<div class="stack"></div>'
    parts = []
    for s in SEVERITIES:
        n = counts.get(s, 0)
        if n:
            parts.append(f'<span class="sev-{s}" style="width:{100 * n / maximum:.2f}%" title="{_e(s)}: {n}"></span>')
    return '<div class="stack">' + "".join(parts) + "</div>"


def _measure_value(v: Any, key: str = "") -> str:
    if v is None:
        return "–"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, (int, float)) and key.endswith("seconds"):
        return f"{v:,.0f} ({fmt_duration(abs(v))})" if abs(v) >= 90 else f"{v:,.0f}"
    if isinstance(v, float):
        txt = f"{v:,.3f}".rstrip("0").rstrip(".")
    elif isinstance(v, (dict, list)):
        txt = orjson.dumps(v).decode()
    else:
        txt = str(v)
    return txt if len(txt) <= 240 else txt[:239] + "…"


def _sev_counts_cells(counts: dict[str, int]) -> str:
    return "".join(f'<td class="num">{counts.get(s, 0) or ""}</td>' for s in SEVERITIES)


# --------------------------------------------------------------------------- rendering

_CSS = """
*{box-sizing:border-box}
body{font:14px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1d2330;background:#f4f6f9;margin:0}
main{max-width:1180px;margin:0 auto;padding:24px 28px 60px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:34px 0 10px;border-bottom:2px solid #dde3ea;padding-bottom:4px}
h3{font-size:15px;margin:18px 0 8px}
.sub{color:#5b6575;margin:0 0 16px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:10px}
.card{background:#fff;border:1px solid #dde3ea;border-radius:8px;padding:10px 12px}
.card .k{color:#5b6575;font-size:12px;text-transform:uppercase;letter-spacing:.03em}
.card .v{font-size:22px;font-weight:600;margin-top:2px}
.card .n{color:#5b6575;font-size:12px}
.ok{color:#1a7f37}.bad{color:#c62828}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #dde3ea;border-radius:8px;overflow:hidden}
th,td{padding:6px 9px;border-bottom:1px solid #edf0f4;text-align:left;vertical-align:top}
th{background:#f0f3f7;font-size:12px;color:#4a5464;font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.meaning{color:#4a5464;font-size:13px}
.bar{background:#edf0f4;height:10px;border-radius:5px;min-width:80px;overflow:hidden}
.bar span{display:block;height:100%;background:#4a72b8}
.bar.warn span{background:#d9822b}
.stack{display:flex;height:12px;min-width:140px;background:#edf0f4;border-radius:6px;overflow:hidden}
.sev-critical{background:#8e1b1b}.sev-high{background:#d9412b}.sev-medium{background:#e9a23b}.sev-low{background:#8fb0d8}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-size:12px;font-weight:600;text-transform:uppercase;letter-spacing:.03em}
.badge.sev-medium,.badge.sev-low{color:#1d2330}
.legend span{display:inline-block;width:10px;height:10px;border-radius:2px;margin:0 4px 0 12px;vertical-align:middle}
.grid2{display:grid;grid-template-columns:1fr 1fr;gap:16px}
@media (max-width:900px){.grid2{grid-template-columns:1fr}}
details.code{background:#fff;border:1px solid #dde3ea;border-radius:8px;margin:12px 0;padding:0 14px}
details.code>summary{cursor:pointer;padding:10px 0;font-weight:600;font-size:15px}
details.code>summary .meaning{font-weight:400;color:#5b6575;font-size:13px;margin-left:6px}
.finding{border-top:1px solid #edf0f4;padding:12px 0}
.finding .meta{color:#4a5464;font-size:13px}
.finding .meta b{color:#1d2330}
.finding .expl{margin:6px 0}
dl.measures{display:flex;flex-wrap:wrap;gap:4px 6px;margin:6px 0}
dl.measures div{background:#f0f3f7;border-radius:4px;padding:1px 7px;font-size:12px}
dl.measures dt{display:inline;color:#5b6575}dl.measures dd{display:inline;margin:0 0 0 4px;font-variant-numeric:tabular-nums}
.ev{margin:6px 0 0 0}
.ev .ref{font-size:12px;color:#5b6575}
.ev .ref code{color:#1d2330}
blockquote{margin:2px 0 0;padding:6px 10px;border-left:3px solid #b9c4d3;background:#f8fafc;white-space:pre-wrap;word-break:break-word;font-size:13px}
blockquote.customer{border-left-color:#4a72b8}blockquote.agent,blockquote.bot,blockquote.system{border-left-color:#7a8699}
.filters{position:sticky;top:0;z-index:5;background:#f4f6f9;padding:8px 0;display:flex;gap:14px;align-items:center;flex-wrap:wrap}
.filters input[type=search]{padding:5px 8px;border:1px solid #c5cdd8;border-radius:6px;min-width:260px}
.muted{color:#7a8699}
footer{margin-top:40px;color:#7a8699;font-size:12px}
a{color:#2f5da8}
@media print{.filters{display:none}details.code{break-inside:auto}}
"""

_JS = """
(function(){
  var boxes=document.querySelectorAll('.filters input[type=checkbox]'),q=document.getElementById('q');
  function apply(){
    var on={};boxes.forEach(function(b){on[b.value]=b.checked;});
    var words=(q.value||'').toLowerCase().split(/\\s+/).filter(Boolean);
    document.querySelectorAll('.finding').forEach(function(el){
      var t=el.textContent.toLowerCase(),ok=on[el.dataset.sev]!==false;
      for(var i=0;ok&&i<words.length;i++){ok=t.indexOf(words[i])>=0;}
      el.style.display=ok?'':'none';
    });
  }
  boxes.forEach(function(b){b.addEventListener('change',apply);});q.addEventListener('input',apply);
})();
"""


def _card(label: str, value: str, note: str = "", cls: str = "") -> str:
    n = f'<div class="n">{note}</div>' if note else ""
    return f'<div class="card"><div class="k">{_e(label)}</div><div class="v {cls}">{value}</div>{n}</div>'


def _header(d: dict[str, Any]) -> list[str]:
    s = d["summary"]
    rec = s.get("records") or {}
    read, acc, rej = rec.get("read"), rec.get("accepted"), rec.get("rejected")
    rec_ok = s.get("reconciled")
    recon = (
        '<span class="ok">reconciled</span>' if rec_ok else ('<span class="bad">NOT reconciled</span>' if rec_ok is False else "unknown")
    )
    kinds = ", ".join(f"{_e(k)} {v:,}" for k, v in sorted((rec.get("by_kind") or {}).items()))
    span = f"{_e(_ts(s.get('data_start')))} → {_e(_ts(s.get('data_end')))}" if s.get("data_start") else "–"
    errs = int(s.get("error_count") or 0)

    def n(x: Any) -> str:
        return f"{x:,}" if isinstance(x, int) else "–"

    out = [
        "<h1>Customer service audit</h1>",
        f'<p class="sub">Data from {span} · cxaudit {_e(s.get("version") or "?")} · config {_e(s.get("config_hash") or "?")}'
        + (f" ({_e(s.get('config_source'))})" if s.get("config_source") else " (defaults)")
        + "</p>",
        '<div class="cards">',
        _card("Records read", n(read), f"accepted {n(acc)} · rejected {n(rej)} · {recon}"),
        _card("Messages", n(s.get("messages")), kinds),
        _card("Conversations", n(s.get("conversations"))),
        _card("Customers", n(s.get("customers"))),
        _card("Findings", f"{d['findings_total']:,}", " · ".join(f"{k} {d['by_sev'].get(k, 0):,}" for k in SEVERITIES)),
        _card("Detector errors", f"{errs:,}", "see below" if errs else "none", "bad" if errs else "ok"),
    ]
    if s.get("warnings"):
        out.append(_card("Warnings", f"{int(s['warnings']):,}", "reply links not trusted"))
    out.append("</div>")
    return out


def _overview(d: dict[str, Any]) -> list[str]:
    out = ['<h2 id="overview">Findings overview</h2>']
    legend = "".join(f'<span class="sev-{s}"></span>{s}' for s in SEVERITIES)
    out.append(f'<p class="legend muted">Bars are split by severity:{legend}</p>')
    codes = sorted(d["by_code_sev"], key=lambda c: (-sum(d["by_code_sev"][c].values()), c))
    mx = max((sum(v.values()) for v in d["by_code_sev"].values()), default=0)
    out.append("<table><tr><th>Code</th>" + "".join(f'<th class="num">{s}</th>' for s in SEVERITIES)
               + '<th class="num">total</th><th></th><th>What it means</th></tr>')
    for c in codes:
        cnt = d["by_code_sev"][c]
        out.append(
            f'<tr><td><a href="#code-{_e(c)}">{_e(c)}</a></td>{_sev_counts_cells(cnt)}'
            f'<td class="num"><b>{sum(cnt.values()):,}</b></td><td>{_stack(cnt, mx)}</td>'
            f'<td class="meaning">{_e(CODE_MEANINGS.get(c, "(a code added by a plugin)"))}</td></tr>'
        )
    if not codes:
        out.append('<tr><td colspan="8" class="muted">No findings.</td></tr>')
    out.append("</table>")

    out.append('<div class="grid2">')
    for title, key in (("By channel", "by_channel"), ("By department", "by_department")):
        rows = d[key]
        mx = max((sum(v.values()) for v in rows.values()), default=0)
        out.append(f'<div><h3>{title}</h3><table><tr><th>{title[3:].capitalize()}</th><th class="num">findings</th>'
                   '<th class="num">crit+high</th><th></th></tr>')
        for k in sorted(rows, key=lambda k: (-sum(rows[k].values()), k)):
            cnt = rows[k]
            out.append(f'<tr><td>{_e(k)}</td><td class="num">{sum(cnt.values()):,}</td>'
                       f'<td class="num">{cnt.get("critical", 0) + cnt.get("high", 0):,}</td><td>{_stack(cnt, mx)}</td></tr>')
        if not rows:
            out.append('<tr><td colspan="4" class="muted">No findings.</td></tr>')
        out.append("</table></div>")
    out.append("</div>")
    return out


def _kpis(d: dict[str, Any]) -> list[str]:
    ov = d["overall"]
    out = ['<h2 id="kpis">Service KPIs</h2>', '<div class="cards">']
    out.append(_card("Conversations with a finding", _pct(ov.with_findings, ov.conversations),
                     f"{ov.with_findings:,} of {ov.conversations:,} (conversation-level findings)"))
    approx = "≈" if ov.frt.approximate else ""
    out.append(_card("Median first response", approx + _e(fmt_duration(ov.frt.quantile(0.5))), f"{ov.frt.n:,} conversations with a reply"))
    out.append(_card("p90 first response", approx + _e(fmt_duration(ov.frt.quantile(0.9))), "all channels together"))
    out.append(_card("Customer sentiment, start → end", f"{_num(ov.sent_start.value)} → {_num(ov.sent_end.value)}",
                     f"mean over {ov.with_sentiment:,} conversations; {_pct(ov.declined, ov.with_sentiment)} ended lower than they began",
                     "bad" if (ov.sent_end.value or 0) < (ov.sent_start.value or 0) else ""))
    cust = d["signals"].get("customer", Counter())
    n_cust = d["roles"].get("customer", 0)
    if n_cust:
        out.append(_card("Customer messages", f"{n_cust:,}",
                         f"complaints {_pct(cust['complaint'], n_cust)} · churn threats {cust['churn_threat']:,} · asked for a human {cust['human_request']:,}"))
    comp = Counter()
    for r in _COMPANY_ROLES:
        comp.update(d["signals"].get(r, Counter()))
    n_comp = sum(d["roles"].get(r, 0) for r in _COMPANY_ROLES)
    if n_comp:
        out.append(_card("Company messages", f"{n_comp:,}",
                         f"apologies {_pct(comp['apology'], n_comp)} · informal {comp['informal']:,} · refusals {comp['refusal']:,} · hand-offs {comp['handoff']:,} · promises {comp['promise']:,}"))
    out.append("</div>")

    # per channel
    src = "targets from the run's config" if d["target_source"] == "config" else "default targets (the run's config may differ)"
    out.append(f'<h3>First response and sentiment by channel</h3><p class="muted">Conversations are counted under their channel '
               f'(“mixed” when they span several); over target uses {src}.</p>')
    chans = d["channels"]
    mx = max((st.frt.quantile(0.9) or 0 for st in chans.values()), default=0)
    out.append('<table><tr><th>Channel</th><th class="num">conversations</th><th class="num">replied</th>'
               '<th class="num">median</th><th class="num">p90</th><th class="num">target</th><th class="num">over target</th><th>p90 vs target</th>'
               '<th class="num">with a finding</th><th class="num">sentiment start → end</th></tr>')
    for ch in sorted(chans, key=lambda c: (-chans[c].conversations, c)):
        st = chans[ch]
        target = d["targets"].get(ch, d["targets"].get("default")) if ch not in ("mixed", _UNATTRIBUTED) else None
        p50, p90 = st.frt.quantile(0.5), st.frt.quantile(0.9)
        a = "≈" if st.frt.approximate else ""
        ratio_bar = ""
        if target and p90 is not None:
            ratio_bar = _bar(min(p90 / target, 4.0), 4.0, "warn" if p90 > target else "")
        out.append(
            f"<tr><td>{_e(ch)}</td><td class=\"num\">{st.conversations:,}</td><td class=\"num\">{st.frt.n:,}</td>"
            f"<td class=\"num\">{a}{_e(fmt_duration(p50))}</td><td class=\"num\">{a}{_e(fmt_duration(p90))}</td>"
            f"<td class=\"num\">{_e(fmt_duration(target)) if target else '–'}</td>"
            f"<td class=\"num\">{_pct(st.over_target, st.frt.n) if target else '–'}</td><td>{ratio_bar}</td>"
            f"<td class=\"num\">{_pct(st.with_findings, st.conversations)}</td>"
            f"<td class=\"num\">{_num(st.sent_start.value)} → {_num(st.sent_end.value)}</td></tr>"
        )
    if not chans:
        out.append('<tr><td colspan="10" class="muted">No conversations.</td></tr>')
    out.append("</table>")
    if mx:
        out.append('<p class="muted">The p90 bar spans 0 to 4× the target; orange when p90 is over target.</p>')

    issues = d["issues"]
    if issues:
        top = issues.most_common(12)
        m = top[0][1]
        out.append('<h3>Top issues raised</h3><table><tr><th>Issue</th><th class="num">conversations</th><th></th><th class="num">with a finding</th></tr>')
        for name, n in sorted(top, key=lambda kv: (-kv[1], kv[0])):
            out.append(f'<tr><td>{_e(name)}</td><td class="num">{n:,}</td><td>{_bar(n, m)}</td>'
                       f'<td class="num">{_pct(d["issues_with_findings"][name], n)}</td></tr>')
        out.append("</table>")
    return out


def _finding_html(f: dict[str, Any], msg_info: dict[str, dict[str, Any]]) -> str:
    sev = str(f.get("severity") or "low")
    meta = [f'<span class="badge sev-{_e(sev)}">{_e(sev)}</span>']
    for label, key in (("customer", "customer_id"), ("conversation", "conversation_id"), ("channel", "channel"),
                       ("department", "department"), ("author", "author")):
        if f.get(key):
            meta.append(f"{label} <b>{_e(f[key])}</b>")
    if f.get("timestamp"):
        meta.append(_e(_ts(f["timestamp"])))
    parts = [f'<article class="finding" data-sev="{_e(sev)}" id="{_e(f.get("id"))}">',
             '<div class="meta">' + " · ".join(meta) + "</div>",
             f'<p class="expl">{_e(f.get("explanation"))}</p>']
    measures = f.get("measures") or {}
    if measures:
        parts.append('<dl class="measures">' + "".join(
            f"<div><dt>{_e(k)}</dt><dd>{_e(_measure_value(v, k))}</dd></div>" for k, v in measures.items()) + "</dl>")
    for e in f.get("evidence") or []:
        kind, rid = _evidence_ref(e)
        info = msg_info.get(rid, {}) if kind == "message" else {}
        ref = [f"{_e(kind)} <code>{_e(rid)}</code>"]
        if info.get("role"):
            ref.append(_e(info["role"]) + (f" {_e(info['author'])}" if info.get("author") else ""))
        if info.get("timestamp"):
            ref.append(_e(_ts(info["timestamp"])))
        q = str(e.get("quote") or "")
        if q and e.get("start") is not None:
            ref.append(f"chars {_e(e.get('start'))}–{_e(e.get('end'))}")
        if e.get("note"):
            ref.append(f"<i>{_e(e['note'])}</i>")
        if len(q) > _QUOTE_MAX:
            q = q[:_QUOTE_MAX] + " …"
        role_cls = _e(info.get("role") or kind)
        body = f'<blockquote class="{role_cls}">{_e(q)}</blockquote>' if q.strip() else ""
        parts.append(f'<div class="ev"><div class="ref">{" · ".join(ref)}</div>{body}</div>')
    parts.append("</article>")
    return "".join(parts)


def _sections(d: dict[str, Any], max_per_code: int) -> list[str]:
    out = ['<h2 id="findings">Findings by code, most severe first</h2>']
    boxes = "".join(f'<label><input type="checkbox" value="{s}" checked> <span class="badge sev-{s}">{s}</span></label>' for s in SEVERITIES)
    out.append(f'<div class="filters">{boxes}<input type="search" id="q" placeholder="Filter shown findings by words, ids…"></div>')
    codes = sorted(d["by_code_sev"], key=lambda c: (min(_RANK.get(s, 9) for s in d["by_code_sev"][c]), -sum(d["by_code_sev"][c].values()), c))
    for c in codes:
        total = sum(d["by_code_sev"][c].values())
        shown = d["top"].get(c, [])
        more = f" — showing the {len(shown):,} most severe" if len(shown) < total else ""
        out.append(f'<details class="code" id="code-{_e(c)}" open><summary>{_e(c)} · {total:,} finding{"s" if total != 1 else ""}{more}'
                   f'<span class="meaning">{_e(CODE_MEANINGS.get(c, ""))}</span></summary>')
        out.extend(_finding_html(f, d["msg_info"]) for f in shown)
        if not shown:
            out.append('<p class="muted">Examples not kept (max_findings_per_code = 0).</p>')
        out.append("</details>")
    if not codes:
        out.append('<p class="muted">No findings.</p>')
    return out


def _data_quality(d: dict[str, Any]) -> list[str]:
    s = d["summary"]
    errors = s.get("errors") or []
    if not (errors or d["rejects"] or d["warnings"]):
        return []
    out = ['<h2 id="quality">Data quality and run problems</h2>']
    if errors:
        out.append('<h3>Detector errors</h3><table><tr><th>Detector</th><th>Stage</th><th>Error</th></tr>')
        for e in errors[:50]:
            out.append(f"<tr><td>{_e(e.get('detector'))}</td><td>{_e(e.get('stage'))}</td><td>{_e(e.get('error'))}</td></tr>")
        out.append("</table>")
    for title, counter in (("Rejected records", d["rejects"]), ("Warnings", d["warnings"])):
        if counter:
            out.append(f'<h3>{title}</h3><table><tr><th>Field</th><th>Reason</th><th class="num">count</th></tr>')
            for (field, reason), n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:30]:
                out.append(f'<tr><td>{_e(field)}</td><td>{_e(reason)}</td><td class="num">{n:,}</td></tr>')
            out.append("</table>")
    return out


def render_html(d: dict[str, Any], max_findings_per_code: int = 50) -> str:
    body = _header(d) + _overview(d) + _kpis(d) + _sections(d, max_findings_per_code) + _data_quality(d)
    s = d["summary"]
    foot = (f"<footer>Generated by cxaudit {_e(s.get('version') or '?')} from {_e(d['out_dir'])}. "
            "Quotes are the customers' and company's own words; every finding id is stable for the same input and config.</footer>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
            "<title>cxaudit report</title><style>" + _CSS + "</style></head><body><main>\n"
            + "\n".join(body) + "\n" + foot + "</main><script>" + _JS + "</script></body></html>\n")


def write_html_report(out_dir: str | Path, html_path: str | Path | None = None, max_findings_per_code: int = 50) -> Path:
    """Write one self-contained HTML report of an analyze output folder; returns its path
    (``out_dir/report.html`` unless ``html_path`` is given)."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise FileNotFoundError(f"{out_dir}: not a folder of cxaudit outputs")
    target = Path(html_path) if html_path is not None else out_dir / "report.html"
    data = collect(out_dir, max_findings_per_code)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_html(data, max_findings_per_code), "utf-8")
    return target


__all__ = ["CODE_MEANINGS", "Quantiles", "collect", "render_html", "write_html_report", "fmt_duration"]

