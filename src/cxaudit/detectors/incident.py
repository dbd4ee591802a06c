"""incident: many distinct customers report the same problem within a short window, well above its usual rate.

``observe`` keeps one compact tuple per customer *report* (the opening customer message of each
conversation, plus the next customer message when the opening one says almost nothing): its time,
customer, id, partition (``meta.brand`` by default, so two companies' customers are never pooled)
and its keys with the span of their first occurrence:

- ``code:CHK502``: error codes ("CHK-502", "chk 502", "error 404"), normalised;
- ``issue:payment``: the issue categories the signal layer found;
- ``word:northfield``: content words (no stop words).

It also keeps, per customer, the times of proactive notices (a conversation the company started,
a ``notification_sent`` event). No message text is kept beyond the matched words.

``finish`` finds, per key, windows of ``window_minutes`` in which at least ``min_customers``
distinct customers reported it, merges overlapping windows into bursts, and keeps a burst when it
is well above the key's usual rate: ``lift = k / expected`` with ``expected = n * (K_out + 1) /
(N_out + 1)``, where k customers of the n reporting in the burst used the key, and K_out of the
N_out reports outside the burst did (``min_lift``), and the key covers at least ``min_share`` of
the burst's reporters. Bursts of different keys that share most customers are one incident; one
finding per incident (customer and conversation null) with the affected customers, the time span,
sample evidence quoting the shared words, and how many of them had a proactive notice (or a
published banner naming the problem) before they wrote.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterable

from ..findings import Evidence, Finding
from ..units import Journey
from .base import Context, Detector
from ..findings import fmt_duration

_STOP = frozenset(
    """
    a about above after again against all almost also am an and any anyone anything are aren't around as at be because been before being
    below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each else even ever every
    few for from further get gets getting got had hadn't has hasn't have haven't having he her here hers herself him himself his how i i'd
    i'll i'm i've if in into is isn't it it's its itself just keep keeps kept know let let's like made make many may me might mine more most
    much must my myself need needs no nor not now of off on once one only or other our ours ourselves out over own please really same see
    seems she should shouldn't so some someone something still such than that that's the their theirs them themselves then there there's
    these they they're this those through to too try tried trying under until up upon us very via want wanted was wasn't way we we're
    we've well were weren't what what's when where which while who why will with won't would wouldn't yes yet you you'd you'll you're
    you've your yours yourself yourselves hi hello hey hiya dear thanks thank thx cheers regards best kind sorry ok okay yeah yep nope
    today yesterday tomorrow tonight morning afternoon evening night week weeks day days time times minute minutes hour hours ago last
    next since again already always never back another able help told tell said says say asked ask going gone go come came look looking
    sure think thought guys anybody everyone everything nothing thing things lot bit right left new old good great bad fine sent send
    order orders account customer service support team
    """.split()
)
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['’-][A-Za-z0-9]+)*")
# Error codes: "CHK-502", "CHK502", "chk 502" after "error", "error 404", "E21" only with an error word before it.
_CODE_RE = re.compile(
    r"(?P<pre>\b(?:error|err|code|fault)\s*(?:code\s*)?[:#]?\s*)?\b(?P<l>[A-Za-z]{1,5})(?P<sep>[-_ ]?)(?P<d>\d{2,5})\b"
    r"|\b(?:error|err|code|fault)\s*(?:code\s*)?[:#]?\s*(?P<bare>\d{2,5})\b",
    re.IGNORECASE,
)
_CODE_STOP = frozenset({"at", "in", "on", "to", "of", "by", "for", "and", "the", "is", "was", "me", "my", "id", "no", "pin", "ref", "acct", "x", "or", "till", "from", "about", "over", "under", "only", "just", "till", "as", "be", "it", "am", "pm", "we", "you", "i", "a", "an", "ps", "tel", "ph", "nr", "num", "no", "n", "tx", "vat", "gbp", "usd", "eur", "aud", "cad", "is", "are", "was", "were", "had", "has", "have", "did", "got", "paid", "by", "since", "after", "before", "page", "line", "room", "flat", "unit", "apt", "suite", "route", "gate", "flight", "seat", "box", "po", "ext"})


@dataclass(frozen=True)
class Settings:
    window_minutes: int = 60  # a burst's reports fall within this many minutes of each other
    min_customers: int = 5  # distinct customers needed in one window
    min_lift: float = 4.0  # reports with the key in the burst / expected from its rate elsewhere
    min_share: float = 0.2  # the key must cover at least this share of the burst's reporters
    partition_meta_key: str = "brand"  # reports are only pooled within the same meta value ("" = no partition)
    max_keys_per_report: int = 40
    max_evidence: int = 12
    use_words: bool = True
    use_issues: bool = True
    min_outside_reports: int = 20  # below this many reports elsewhere, the usual rate is taken in time, not as a share
    thin_min_share: float = 0.5  # ... and the key must cover this share of the window's reporters
    require_problem: bool = True  # only problem reports count (complaint, negative sentiment, or an error code)
    problem_sentiment: float = -0.3  # a message at or below this sentiment is a problem report


_URL_RE = re.compile(r"https?://\S+|www\.\S+", re.I)


def _codes(text: str) -> Iterable[tuple[str, int, int]]:
    for m in _CODE_RE.finditer(text):
        if m.group("bare"):
            yield f"code:ERR{m.group('bare')}", m.start(), m.end()
            continue
        letters, sep, digits = m.group("l"), m.group("sep"), m.group("d")
        if letters.lower() in _CODE_STOP:
            continue
        pre = m.group("pre")
        if sep == " " and not (letters.isupper() or pre):
            continue
        if not sep and not pre and len(letters) < 2 and not letters.isupper():
            continue
        if not (letters.isupper() or pre or sep in ("-", "_") or len(letters) >= 2 and not sep):
            continue
        start = m.start("l")
        yield f"code:{letters.upper()}{digits}", start, m.end()


def _norm_word(w: str) -> str | None:
    w = w.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) < 3 or w in _STOP or any(ch.isdigit() for ch in w):
        return None
    if len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    return w


_NORM_CACHE: dict[str, str | None] = {}
_MISSING = object()


class Incident(Detector):
    code = "incident"
    scope = "corpus"
    needs = ("issues", "complaint", "sentiment")
    Settings = Settings
    description = "Many distinct customers reported the same problem (error code, issue, shared rare words) within a short window, well above its usual rate."

    def __init__(self, settings=None):
        super().__init__(settings)
        # (epoch, partition, customer, message id, channel, ((key, start, end, surface), ...))
        self._reports: list[tuple[float, str, str, str, str, tuple[tuple[str, int, int, str], ...]]] = []
        self._notices: dict[str, list[float]] = {}

    # ------------------------------------------------------------------ observe
    def observe(self, journey: Journey, ctx: Context) -> None:
        st = self.settings
        pkey = st.partition_meta_key
        cust = journey.customer_id
        notices: list[float] = []
        for conv in journey.conversations:
            msgs = conv.messages
            if not msgs:
                continue
            first = msgs[0]
            if first.role != "customer" and not (first.role == "system" and first.meta and "hold_seconds" in first.meta):
                notices.append(first.timestamp.timestamp())
            taken = 0
            for m, sig in conv.pairs():
                if m.role != "customer":
                    continue
                codes = self._code_keys(m.text)
                if st.require_problem and not self._is_problem(sig, codes):
                    continue  # a promotion reply, a question or praise is not an incident report
                keys = self._keys(m.text, sig, codes)
                part = str(m.meta.get(pkey, "")) if (pkey and m.meta) else ""
                if part:  # the company's own name is not the problem
                    brand = part.lower()
                    keys = tuple(k for k in keys if not (k[0].startswith("word:") and len(k[0]) > 8 and k[0][5:] in brand))
                self._reports.append((m.timestamp.timestamp(), part, cust, m.id, m.channel, keys))
                taken += 1
                words = sum(1 for k in keys if k[0].startswith("word:"))
                if taken >= 2 or words >= 3 or any(k[0].startswith("code:") for k in keys):
                    break
        for e in journey.events:
            if e.type == "notification_sent":
                notices.append(e.timestamp.timestamp())
        if notices:
            self._notices[cust] = sorted(notices)

    def _is_problem(self, sig, keys) -> bool:
        if sig is None or (sig.complaint is None and sig.sentiment is None):
            return True  # nothing to judge by: count it
        if sig.complaint or any(k[0].startswith("code:") for k in keys):
            return True
        return sig.sentiment is not None and sig.sentiment <= self.settings.problem_sentiment

    @staticmethod
    def _code_keys(text: str) -> tuple[tuple[str, int, int, str], ...]:
        seen: dict[str, tuple[str, int, int, str]] = {}
        for key, s, e in _codes(text):
            seen.setdefault(key, (key, s, e, text[s:e]))
        return tuple(seen.values())

    def _keys(self, text: str, sig, codes: tuple[tuple[str, int, int, str], ...] | None = None) -> tuple[tuple[str, int, int, str], ...]:
        st = self.settings
        if codes is None:
            codes = self._code_keys(text)
        seen: dict[str, tuple[str, int, int, str]] = {k[0]: k for k in codes}
        if st.use_issues and sig is not None:
            for iid in sig.issues or ():
                key = f"issue:{iid}"
                hit = next((h for h in sig.hits if h.signal == "issues" and h.pattern.split(".", 1)[0] == iid and not h.negated), None)
                if hit is not None:
                    seen.setdefault(key, (key, hit.start, hit.end, text[hit.start:hit.end]))
        if st.use_words:
            n = 0
            norm_cache = _NORM_CACHE
            urls = [u.span() for u in _URL_RE.finditer(text)] if ("http" in text or "www." in text) else []
            for m in _WORD_RE.finditer(text):
                if m.start() and text[m.start() - 1] in "@/.:#_":
                    continue  # @handles (who is addressed), hashtags and URL parts are not the problem
                if urls and any(a <= m.start() < b for a, b in urls):
                    continue
                raw = m.group(0)
                w = norm_cache.get(raw, _MISSING)
                if w is _MISSING:
                    w = _norm_word(raw)
                    if len(norm_cache) < 200_000:
                        norm_cache[raw] = w
                if w is None:
                    continue
                key = f"word:{w}"
                if key not in seen:
                    seen[key] = (key, m.start(), m.end(), m.group(0))
                    n += 1
                    if n >= st.max_keys_per_report:
                        break
        return tuple(seen.values())

    # ------------------------------------------------------------------ finish
    def finish(self, ctx: Context) -> Iterable[Finding]:
        st = self.settings
        win = st.window_minutes * 60.0
        reports = sorted(self._reports, key=lambda r: (r[1], r[0], r[3]))
        by_part: dict[str, list[int]] = defaultdict(list)
        for i, r in enumerate(reports):
            by_part[r[1]].append(i)
        incidents: list[dict] = []
        for part in sorted(by_part):
            idx = by_part[part]
            times = [reports[i][0] for i in idx]
            occ: dict[str, list[int]] = defaultdict(list)
            for i in idx:
                for k in reports[i][5]:
                    occ[k[0]].append(i)
            bursts = []
            for key in sorted(occ):
                rows = occ[key]
                if len({reports[i][2] for i in rows}) < st.min_customers:
                    continue
                for b in self._bursts(key, rows, reports, win):
                    b_start, b_end, custs, members = b
                    lo = bisect.bisect_left(times, b_start)
                    hi = bisect.bisect_right(times, b_end)
                    reporters = {reports[idx[j]][2] for j in range(lo, hi)}
                    n = len(reporters)
                    k = len(custs)
                    k_out = sum(1 for i in rows if not (b_start <= reports[i][0] <= b_end))
                    n_out = len(idx) - (hi - lo)
                    if n_out >= st.min_outside_reports:
                        # usual rate = the key's share of reports elsewhere
                        expected = n * (k_out + 1) / (n_out + 1)
                        if k / expected < st.min_lift or k / max(n, 1) < st.min_share:
                            continue
                    else:
                        # too few reports elsewhere for a share: use the key's rate in time over
                        # the rest of the data, and let the key dominate the window
                        span_out = max((times[-1] - times[0]) - (b_end - b_start), win)
                        expected = (k_out + 1) * win / span_out
                        if k / expected < st.min_lift or k / max(n, 1) < st.thin_min_share:
                            continue
                    lift = k / expected
                    bursts.append({"key": key, "start": b_start, "end": b_end, "customers": custs, "members": members, "n": n, "expected": expected, "lift": lift, "part": part})
            incidents.extend(self._merge(bursts))
        for inc in incidents:
            yield self._finding(ctx, inc, reports, win)

    def _bursts(self, key: str, rows: list[int], reports, win: float):
        """Maximal runs of overlapping windows with >= min_customers distinct customers."""
        out = []
        left = 0
        counts: dict[str, int] = defaultdict(int)
        cur = None  # [start, end, members]
        min_c = self.settings.min_customers
        for right, i in enumerate(rows):
            counts[reports[i][2]] += 1
            while reports[i][0] - reports[rows[left]][0] > win:
                c = reports[rows[left]][2]
                counts[c] -= 1
                if counts[c] == 0:
                    del counts[c]
                left += 1
            if len(counts) >= min_c:
                s, e = reports[rows[left]][0], reports[i][0]
                mem = rows[left:right + 1]
                if cur is not None and s <= cur[1]:
                    cur[1] = e
                    cur[2].update(mem)
                else:
                    if cur is not None:
                        out.append(cur)
                    cur = [s, e, set(mem)]
        if cur is not None:
            out.append(cur)
        res = []
        for s, e, mem in out:
            members = sorted(mem, key=lambda j: (reports[j][0], reports[j][3]))
            custs: dict[str, int] = {}
            for j in members:
                custs.setdefault(reports[j][2], j)
            res.append((s, e, custs, members))
        return res

    def _merge(self, bursts: list[dict]) -> list[dict]:
        """Bursts of different keys with overlapping time and mostly the same customers: one incident."""
        n = len(bursts)
        parent = list(range(n))

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        order = sorted(range(n), key=lambda i: (bursts[i]["start"], bursts[i]["key"]))
        for a_pos, a in enumerate(order):
            A = bursts[a]
            for b in order[a_pos + 1:]:
                B = bursts[b]
                if B["start"] > A["end"]:
                    break
                ca, cb = set(A["customers"]), set(B["customers"])
                if len(ca & cb) >= 0.5 * min(len(ca), len(cb)):
                    parent[find(b)] = find(a)
        groups: dict[int, list[dict]] = defaultdict(list)
        for i in order:
            groups[find(i)].append(bursts[i])
        out = []
        for root in sorted(groups, key=lambda r: (bursts[r]["start"], bursts[r]["key"])):
            g = groups[root]
            g.sort(key=lambda b: (0 if b["key"].startswith("code:") else 1 if b["key"].startswith("word:") else 2, -len(b["customers"]), -b["lift"], b["key"]))
            out.append({"bursts": g, "part": g[0]["part"]})
        return out

    def _finding(self, ctx: Context, inc: dict, reports, win: float) -> Finding:
        st = self.settings
        bursts = inc["bursts"]
        main = bursts[0]
        keys = [b["key"] for b in bursts]
        # affected customers: the union of the bursts' customers, each with their first report
        first_report: dict[str, int] = {}
        for b in bursts:
            for c, j in b["customers"].items():
                if c not in first_report or (reports[j][0], reports[j][3]) < (reports[first_report[c]][0], reports[first_report[c]][3]):
                    first_report[c] = j
        ordered = sorted(first_report.items(), key=lambda cj: (reports[cj[1]][0], reports[cj[1]][3]))
        start = min(b["start"] for b in bursts)
        end = max(b["end"] for b in bursts)
        # evidence: each customer's report, quoting the most specific shared key it contains
        key_rank = {k: i for i, k in enumerate(keys)}
        ev: list[Evidence] = []
        surfaces: list[str] = []
        for c, j in ordered[: st.max_evidence]:
            r = reports[j]
            best = None
            for k in r[5]:
                if k[0] in key_rank and (best is None or key_rank[k[0]] < key_rank[best[0]]):
                    best = k
            if best is None:
                continue
            ev.append(Evidence("message", r[3], best[1], best[2], best[3], note=f"{c} at {datetime.fromtimestamp(r[0], timezone.utc).isoformat()}"))
            if best[0] == main["key"]:
                surfaces.append(best[3])
        # proactive notice before the customer wrote: a company-started conversation or a notification
        # since the window before the burst, or a published banner naming the problem
        notified = 0
        banner_terms = {k.split(":", 1)[1].lower() for k in keys if not k.startswith("issue:")}
        for c, j in ordered:
            t = reports[j][0]
            ns = self._notices.get(c, ())
            p = bisect.bisect_right(ns, t)
            if p and ns[p - 1] >= start - win:
                notified += 1
                continue
            when = datetime.fromtimestamp(t, timezone.utc)
            for content in ctx.corpus.content_valid_at(when):
                if content.valid_from is None:
                    continue  # always-on pages are not a notice of this problem
                low = re.sub(r"[^a-z0-9 ]", "", content.text.lower())
                if any(bt in low for bt in banner_terms if len(bt) >= 4):
                    notified += 1
                    break
        k = len(ordered)
        sev = "critical" if k >= 4 * st.min_customers else "high" if k >= 2 * st.min_customers else "medium"
        span = end - start
        label = main["key"].split(":", 1)[1]
        what = {"code": f"error {surfaces[0] if surfaces else label}", "word": f"'{surfaces[0] if surfaces else label}'", "issue": f"the {label.replace('_', ' ')} issue"}[main["key"].split(":", 1)[0]]
        t0 = datetime.fromtimestamp(start, timezone.utc)
        t1 = datetime.fromtimestamp(end, timezone.utc)
        return ctx.finding(
            sev,
            customer_id=None,
            conversation_id=None,
            timestamp=t0.isoformat(),
            evidence=ev,
            measures={
                "key": main["key"],
                "keys": keys,
                "affected_customers": k,
                "customer_ids": [c for c, _j in ordered],
                "start": t0.isoformat(),
                "end": t1.isoformat(),
                "span_seconds": round(span, 1),
                "window_seconds": int(win),
                "min_customers": st.min_customers,
                "expected_customers": round(main["expected"], 3),
                "lift": round(main["lift"], 1) if main["lift"] != float("inf") else None,
                "min_lift": st.min_lift,
                "notified_before_writing": notified,
                "channels": sorted({reports[j][4] for _c, j in ordered}),
            },
            explanation=(
                f"{k} customers reported {what} within {fmt_duration(span)} ({t0.strftime('%Y-%m-%d %H:%M')}–{t1.strftime('%H:%M')} UTC), "
                f"{main['lift']:.0f}x its usual rate (about {main['expected']:.1f} expected); {notified} of them had a notice before writing."
            ),
            key=f"{inc['part']}|{main['key']}|{start}",
        )
