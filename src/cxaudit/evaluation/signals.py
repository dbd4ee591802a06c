"""Evaluation of the per-message signals on the development data (``shared/data``).

`evaluate_signals(data_dir)` returns one row per measurement::

    {"section": "signals", "name": ..., "metric": ..., "value": float, "precision": float|None,
     "recall": float|None, "n": int, "baseline_name": str|None, "baseline": float|None,
     "target": str|None, "met": bool|None, "seconds": float}

Rows whose dataset is absent are skipped. Report-only rows (no target) have
``target = None`` and ``met = None``. VADER (``vaderSentiment``, a dev extra) is only the
baseline here; when it is not installed the sentiment row has no baseline.
"""

from __future__ import annotations

import csv
import math
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable

from ..records import Message
from .metrics import PRF, macro_f1, spearman

_T0 = datetime(2020, 1, 1, tzinfo=timezone.utc)


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _msg(text: str, role: str, i: int = 0) -> Message:
    return Message(f"m{i}", "c", "u", "social", _T0, role, text)


def _row(name: str, metric: str, value: float, n: int, seconds: float, *, precision: float | None = None,
         recall: float | None = None, baseline_name: str | None = None, baseline: float | None = None,
         target: str | None = None, met: bool | None = None) -> dict[str, Any]:
    r = lambda v: None if v is None else round(float(v), 4)  # noqa: E731
    return {
        "section": "signals", "name": name, "metric": metric, "value": r(value), "precision": r(precision),
        "recall": r(recall), "n": int(n), "baseline_name": baseline_name, "baseline": r(baseline),
        "target": target, "met": met, "seconds": round(seconds, 3),
    }


def _prf_row(name: str, gold: list[bool], pred: list[bool], seconds: float, target: float, **kw: Any) -> dict[str, Any]:
    m = PRF()
    for g, p in zip(gold, pred):
        m.add(p, g)
    return _row(name, "f1", m.f1, m.n, seconds, precision=m.precision, recall=m.recall,
                target=f">= {target}", met=m.f1 >= target, **kw)


def _vader() -> Any | None:
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:  # pragma: no cover - dev extra
        return None
    return SentimentIntensityAnalyzer()


def _timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def evaluate_signals(data_dir: Path) -> list[dict[str, Any]]:
    from ..signals import build_pipeline
    from ..signals.formality import FormalityRecognizer
    from ..signals.issues import IssueRecognizer
    from ..signals.sentiment import SentimentRecognizer

    data_dir = Path(data_dir)
    pipeline = build_pipeline()
    by_type = {type(r): r for r in pipeline.recognizers}
    senti: SentimentRecognizer = by_type[SentimentRecognizer]  # type: ignore[assignment]
    formal: FormalityRecognizer = by_type[FormalityRecognizer]  # type: ignore[assignment]
    issues: IssueRecognizer = by_type[IssueRecognizer]  # type: ignore[assignment]
    lex = {r.name: r for r in pipeline.recognizers if r.name}
    out: list[dict[str, Any]] = []

    def flag(signal: str, texts: list[str], role: str) -> tuple[list[bool], float]:
        rec = lex[signal]
        field = rec.provides[0]
        return _timed(lambda: [bool(rec.recognize(_msg(t, role))[0][field]) for t in texts])

    # ---------------------------------------------------------------- sentiment (airline tweets)
    air = sorted((data_dir / "airline_sentiment").glob("*.csv")) if (data_dir / "airline_sentiment").is_dir() else []
    air_rows = [r for f in air for r in _rows(f)]
    if air_rows:
        texts = [r["text"] for r in air_rows]
        gold = [r["airline_sentiment"] for r in air_rows]
        # labels from the recognizer as the pipeline runs it (customer role: complaint cues count)
        pred, secs = _timed(lambda: [senti.recognize(_msg(t, "customer"))[0]["sentiment_label"] for t in texts])
        scorer = senti.scorer
        _, ssecs = _timed(lambda: [scorer.label(scorer.score(t)[0]) for t in texts])
        labels = ["negative", "neutral", "positive"]
        ours = macro_f1(gold, pred, labels)
        vader = _vader()
        base = vsecs = None
        if vader is not None:
            def vlab(c: float) -> str:
                return "positive" if c >= 0.05 else "negative" if c <= -0.05 else "neutral"
            vpred, vsecs = _timed(lambda: [vlab(vader.polarity_scores(t)["compound"]) for t in texts])
            base = macro_f1(gold, vpred, labels)
        out.append(_row("sentiment", "macro_f1", ours, len(texts), secs, baseline_name="VADER" if base is not None else None,
                        baseline=base, target="baseline+0.08", met=(base is not None and ours >= base + 0.08)))
        out.append(_row("sentiment_throughput", "msgs_per_s", len(texts) / ssecs, len(texts), ssecs,
                        baseline_name="VADER" if vsecs else None, baseline=(len(texts) / vsecs) if vsecs else None))
        # whole pipeline speed on the same tweets (customer role), x3
        msgs = [_msg(t, "customer", i) for i, t in enumerate(texts)] * 3
        _, psecs = _timed(lambda: [pipeline.analyze(m) for m in msgs])
        out.append(_row("pipeline_throughput", "msgs_per_s", len(msgs) / psecs, len(msgs), psecs,
                        target=">= 25000", met=len(msgs) / psecs >= 25000))
        # issues vs negativereason (report only)
        mapping = {
            "Late Flight": "delivery_delay", "Cancelled Flight": "order_cancellation", "Lost Luggage": "lost_missing",
            "Damaged Luggage": "damaged_defective", "Customer Service Issue": "staff_service",
            "Flight Attendant Complaints": "staff_service", "longlines": "staff_service",
        }
        sub = [r for r in air_rows if r.get("negativereason") in mapping]
        if sub:
            res, isecs = _timed(lambda: [issues.categorize(r["text"])[0] for r in sub])
            m = PRF()
            for r, found in zip(sub, res):
                m.add(mapping[r["negativereason"]] in found, True)
                m.fp += sum(1 for c in found if c in set(mapping.values()) and c != mapping[r["negativereason"]])
            out.append(_row("issues_airline_negativereason", "f1", m.f1, len(sub), isecs, precision=m.precision, recall=m.recall))

    # ---------------------------------------------------------------- complaint
    comp = data_dir / "complaints"
    if comp.is_dir():
        rows = [r for f in sorted(comp.glob("*.csv")) for r in _rows(f)]
        if rows:
            texts = [r["text"] for r in rows]
            gold = [r["is_complaint"].strip() == "1" for r in rows]
            pred, secs = _timed(lambda: [bool(senti.recognize(_msg(t, "customer"))[0]["complaint"]) for t in texts])
            out.append(_prf_row("complaint", gold, pred, secs, 0.85))

    # ---------------------------------------------------------------- handoff (TWCS agent tweets)
    lab = data_dir / "twcs_labeled"
    if lab.is_dir():
        texts, gold = [], []
        for f in sorted(lab.glob("*outbound*.csv")):
            for r in _rows(f):
                pos = any(
                    (v or "").strip() not in ("", "0", "0.0") and _is_handoff_label(k)
                    for k, v in r.items()
                )
                texts.append(r["text"])
                gold.append(pos)
        if texts:
            pred, secs = flag("handoff", texts, "agent")
            out.append(_prf_row("handoff", gold, pred, secs, 0.85))
        # issues vs inbound topic labels (report only). Each unit is one of our categories
        # (or a pair of them, where one label covers both); a unit is gold when any label that
        # maps to it is set, and predicted when any of its categories is found.
        units = {"billing_payment": ("billing", "payment"), "account_login": ("account_login",),
                 "technical_fault": ("technical_fault",), "returns_refunds": ("returns_refunds",)}
        label_unit = {"Billing/Payment": "billing_payment", "Account": "account_login", "App": "technical_fault",
                      "Unresponsive/Freezing Device": "technical_fault", "Battery": "technical_fault",
                      "Update": "technical_fault", "Refund": "returns_refunds"}
        pairs = []
        for f in sorted(lab.glob("*inbound*.csv")):
            for r in _rows(f):
                want = {u for k, u in label_unit.items() if (r.get(k) or "").strip() not in ("", "0", "0.0")}
                pairs.append((r["text"], want))
        if pairs:
            res, isecs = _timed(lambda: [set(issues.categorize(t)[0]) for t, _ in pairs])
            m = PRF()
            for (t, want), found in zip(pairs, res):
                for u, cats in units.items():
                    m.add(any(c in found for c in cats), u in want)
            out.append(_row("issues_twcs_topics", "micro_f1", m.f1, len(pairs), isecs, precision=m.precision, recall=m.recall))

    # ---------------------------------------------------------------- Bitext: human_request, churn_threat
    bit = data_dir / "bitext"
    if bit.is_dir():
        rows = [r for f in sorted(bit.glob("*.csv")) for r in _rows(f)]
        if rows:
            texts = [r["utterance"] for r in rows]
            intents = [r["intent"] for r in rows]
            pred, secs = flag("human_request", texts, "customer")
            out.append(_prf_row("human_request", [i == "contact_human_agent" for i in intents], pred, secs, 0.85))
            pred, secs = flag("churn_threat", texts, "customer")
            out.append(_prf_row("churn_threat", [i == "delete_account" for i in intents], pred, secs, 0.85))
            near = [p for p, i in zip(pred, intents) if i == "cancel_order"]
            if near:
                out.append(_row("churn_threat_cancel_order_fp", "false_positive_rate", sum(near) / len(near), len(near), 0.0))

    # ---------------------------------------------------------------- formality, politeness
    sq = data_dir / "formality" / "squinky.csv"
    if sq.is_file():
        rows = _rows(sq)
        texts = [r["Actual sentence"] for r in rows]
        gold_f = [float(r["Formality"]) for r in rows]
        pred_f, secs = _timed(lambda: [formal.score(t)[0] for t in texts])
        rho = spearman(pred_f, gold_f)
        out.append(_row("formality", "spearman", rho, len(texts), secs, target=">= 0.6", met=rho >= 0.6))
    pol = data_dir / "politeness"
    if pol.is_dir():
        rows = [r for f in sorted(pol.glob("*.csv")) for r in _rows(f)]
        if rows:
            texts = [r["Request"] for r in rows]
            gold_p = [float(r["Normalized Score"]) for r in rows]
            pred_p, secs = _timed(lambda: [formal.score(t)[0] for t in texts])
            out.append(_row("politeness_vs_formality", "spearman", spearman(pred_p, gold_p), len(texts), secs))
    return out


def _is_handoff_label(column: str) -> bool:
    """Agent-action labels that send the customer elsewhere (another team or channel)."""
    c = column.lower()
    return "refer to" in c or "specialist" in c or "dm" in c.split() or "via dm" in c or "call" in c or "phone" in c


def format_table(rows: Iterable[dict[str, Any]]) -> str:
    lines = [f"{'name':32} {'metric':20} {'value':>10} {'P':>6} {'R':>6} {'n':>6} {'baseline':>16} {'target':>14} met"]
    for r in rows:
        b = f"{r['baseline_name']}={r['baseline']}" if r["baseline_name"] else ""
        fmt = lambda v: "" if v is None else (f"{v:.3f}" if isinstance(v, float) and not math.isnan(v) else str(v))  # noqa: E731
        lines.append(f"{r['name']:32} {r['metric']:20} {fmt(r['value']):>10} {fmt(r['precision']):>6} {fmt(r['recall']):>6} "
                     f"{r['n']:>6} {b:>16} {r['target'] or '':>14} {'' if r['met'] is None else r['met']}")
    return "\n".join(lines)


if __name__ == "__main__":  # python -m cxaudit.evaluation.signals [DATA_DIR]
    import sys

    d = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[4] / "shared" / "data"
    print(format_table(evaluate_signals(d)))
