"""Due times read from promise text: "within 24 hours", "by Friday 12 April", "3-5 business days".

``parse_due(text, sent_at)`` returns ``(due, (start, end))`` or None. The due is computed in the
message's own UTC offset (``sent_at.tzinfo``): "by Friday" said on Tuesday at 18:00 -05:00 means
Friday 23:59:59 -05:00. Day-granular expressions end at 23:59:59 of that day (the lenient reading);
"in 2 hours" is exact. Ranges take their upper bound ("3-5 business days" -> 5). Business days skip
Saturday and Sunday. A date with no year takes the message's year, or the next one when that date
lies more than a week before the message.

``find_dues`` returns every expression found, in text order; ``parse_due(..., near=i)`` prefers the
first expression at or after offset ``i`` in the same sentence (the promise), else the first one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

__all__ = ["Due", "find_dues", "parse_due", "add_business_days"]

_NUM_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "sixty": 60, "ninety": 90,
    "twenty-four": 24, "twenty four": 24, "forty-eight": 48, "forty eight": 48,
    "seventy-two": 72, "seventy two": 72, "a few": 3, "a couple of": 2, "couple of": 2, "a couple": 2,
}
_NUM = r"(?:\d{1,3}|twenty[- ]four|forty[- ]eight|seventy[- ]two|a couple(?: of)?|couple of|a few|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|thirty|forty|sixty|ninety)"
_UNIT = r"(?:minutes?|mins?|hours?|hrs?|h|days?|weeks?)"
_DURATION_RE = re.compile(
    rf"\b(?:(?P<pre>within(?:\s+the\s+next)?|in(?:\s+the\s+next)?|inside(?:\s+of)?|up\s+to|takes?|taking|allow|over\s+the\s+next|no\s+more\s+than|no\s+later\s+than)\s+)?"
    rf"(?:(?:about|around|approximately|roughly)\s+)?"
    rf"(?P<n1>{_NUM})(?:\s*(?:-|–|to|or)\s*(?P<n2>{_NUM}))?"
    rf"\s*(?P<biz>business\s+|working\s+)?(?P<unit>{_UNIT})\b",
    re.IGNORECASE,
)
_WITHIN_THE_HOUR_RE = re.compile(r"\bwithin\s+the\s+(?P<unit>hour|day|week)\b", re.IGNORECASE)

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WD = r"(?:mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:r|rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)"
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MON = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_ORD = r"(?:st|nd|rd|th)?"

# Anchors: day references and time references, merged when only connectors separate them.
_DAY_RE = re.compile(
    r"\b(?:"
    rf"(?P<date1>(?:{_WD},?\s+)?(?:the\s+)?(?P<d1>\d{{1,2}}){_ORD}(?:\s+of)?\s+(?P<m1>{_MON})\b(?:,?\s+(?P<y1>\d{{4}}))?)"
    rf"|(?P<date2>(?:{_WD},?\s+)?(?P<m2>{_MON})\.?\s+(?:the\s+)?(?P<d2>\d{{1,2}}){_ORD}\b(?:,?\s+(?P<y2>\d{{4}}))?)"
    r"|(?P<eow>(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?(?P<eow_next>next\s+)?week)"
    r"|(?P<eom>(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?month)"
    r"|(?P<nextweek>next\s+week)"
    r"|(?P<laterweek>later\s+this\s+week|this\s+week)"
    r"|(?P<today>(?:later\s+)?today|tonight|this\s+(?:morning|afternoon|evening))"
    r"|(?P<tomorrow>(?:first\s+thing\s+)?tomorrow)"
    rf"|(?P<wd>(?:(?P<wd_next>next|this|coming)\s+)?(?P<wdname>{_WD}))"
    r")\b",
    re.IGNORECASE,
)
_TIME_RE = re.compile(
    r"(?:\b(?P<h>\d{1,2})(?:[:.](?P<mi>\d{2}))?\s*(?P<ampm>[ap]\.m\.|[ap]m)(?![a-z])"
    r"|\b(?P<h24>[01]?\d|2[0-3]):(?P<mi24>[0-5]\d)\b"
    r"|\b(?P<noon>noon|midday|midnight|lunchtime)\b"
    r"|\b(?P<eod>(?:the\s+)?end\s+of\s+(?:the\s+|today'?s?\s+)?(?:business\s+|working\s+)?day|eod|cob|close\s+of\s+(?:business|play)|end\s+of\s+play)\b"
    r"|\b(?:in\s+the\s+)?(?P<part>morning|afternoon|evening)\b)",
    re.IGNORECASE,
)
_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
    "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}
for _i, _w in enumerate(("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"), start=1):
    _ORDINAL_WORDS[f"twenty-{_w}"] = 20 + _i
    _ORDINAL_WORDS[f"twenty {_w}"] = 20 + _i
_ORDINAL_WORDS["thirty-first"] = _ORDINAL_WORDS["thirty first"] = 31
_ORDW = r"(?:(?:twenty|thirty)[- ])?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth"
_DOM_RE = re.compile(rf"\b(?:by|on|before|until|for)\s+the\s+(?:(?P<dn>\d{{1,2}})(?:st|nd|rd|th)|(?P<dw>{_ORDW}))\b(?!\s+(?:of\s+)?{_MON}\b)", re.IGNORECASE)
_MONTH_ORD_RE = re.compile(rf"\b(?P<mo>{_MON})\s+(?:the\s+)?(?P<dw>{_ORDW})\b", re.IGNORECASE)

_TRIGGER_RE = re.compile(r"(?:\b(?:by|before|until|till|no\s+later\s+than|on|at|for|this|around|from)\s+(?:the\s+)?)$", re.IGNORECASE)
_CONNECTOR_RE = re.compile(r"^[\s,]*(?:(?:on|at|by|the|of|around|about)[\s,]+)*$", re.IGNORECASE)
_PAST_RE = re.compile(r"\b(?:last|since|ago|past|previous|yesterday|was|were|had|did|should\s+have|would\s+have|has\s+been|have\s+been)\s+(?:\w+\s+){0,3}$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Due:
    due: datetime
    start: int
    end: int
    kind: str  # "duration" or "point"


def _num(s: str) -> int | None:
    s = s.lower().replace("  ", " ").strip()
    if s.isdigit():
        return int(s)
    return _NUM_WORDS.get(s) or _NUM_WORDS.get(s.replace(" ", "-"))


def _eod(d: datetime) -> datetime:
    return d.replace(hour=23, minute=59, second=59, microsecond=0)


def add_business_days(start: datetime, n: int) -> datetime:
    """The end (23:59:59) of the n-th Monday-Friday day after `start`'s day."""
    d = start
    added = 0
    while added < n:
        d = d + timedelta(days=1)
        if d.weekday() < 5:
            added += 1
    return _eod(d)


def _durations(text: str, sent: datetime) -> list[Due]:
    out: list[Due] = []
    for m in _DURATION_RE.finditer(text):
        unit = m.group("unit").lower()
        pre = m.group("pre")
        n1, n2 = m.group("n1"), m.group("n2")
        bare_word = n1.lower() in ("a", "an")
        # a bare number + unit is only a due with a trigger word, or as a range ("3-5 business days")
        if not pre and not n2 and not m.group("biz"):
            continue
        if not pre and bare_word:
            continue
        if unit == "h" and not n1.isdigit():
            continue
        a = _num(n1)
        b = _num(n2) if n2 else None
        if a is None or (n2 and b is None):
            continue
        n = max(a, b or 0)
        if n <= 0 or n > 400:
            continue
        biz = bool(m.group("biz"))
        if unit.startswith("min"):
            due = sent + timedelta(minutes=n)
        elif unit.startswith("h"):
            due = sent + timedelta(hours=n)
        elif unit.startswith("d"):
            due = add_business_days(sent, n) if biz else _eod(sent + timedelta(days=n))
        else:  # weeks
            due = add_business_days(sent, 5 * n) if biz else _eod(sent + timedelta(weeks=n))
        out.append(Due(due, m.start(), m.end(), "duration"))
    for m in _WITHIN_THE_HOUR_RE.finditer(text):
        unit = m.group("unit").lower()
        due = sent + (timedelta(hours=1) if unit == "hour" else timedelta(days=1) if unit == "day" else timedelta(weeks=1))
        out.append(Due(due, m.start(), m.end(), "duration"))
    return out


def _weekday_index(name: str) -> int:
    name = name.lower()[:3]
    return [w[:3] for w in _WEEKDAYS].index(name)


def _month_index(name: str) -> int:
    return _MONTHS.index(name.lower()[:3]) + 1


def _time_of(m: re.Match) -> tuple[time, bool] | None:
    """(time of day, exact?) for a _TIME_RE match."""
    if m.group("h") is not None:
        h = int(m.group("h"))
        mi = int(m.group("mi") or 0)
        if not 1 <= h <= 12 or mi > 59:
            return None
        pm = m.group("ampm").lower().startswith("p")
        h = (h % 12) + (12 if pm else 0)
        return time(h, mi), True
    if m.group("h24") is not None:
        return time(int(m.group("h24")), int(m.group("mi24"))), True
    if m.group("noon"):
        w = m.group("noon").lower()
        return (time(23, 59, 59) if w == "midnight" else time(12, 0) if w != "lunchtime" else time(14, 0)), True
    if m.group("eod"):
        return time(23, 59, 59), False
    part = m.group("part").lower()
    return {"morning": time(12, 0), "afternoon": time(18, 0), "evening": time(23, 59, 59)}[part], False


def _day_of(m: re.Match, sent: datetime) -> tuple[datetime, time | None] | None:
    """The day a _DAY_RE match names (a datetime at 00:00 in the message's offset) and an implied time."""
    base = sent.replace(hour=0, minute=0, second=0, microsecond=0)
    if m.group("date1") or m.group("date2"):
        d = int(m.group("d1") or m.group("d2"))
        mon = _month_index(m.group("m1") or m.group("m2"))
        y = m.group("y1") or m.group("y2")
        year = int(y) if y else sent.year
        try:
            day = base.replace(year=year, month=mon, day=d)
        except ValueError:
            return None
        if not y and day < base - timedelta(days=7):
            try:
                day = day.replace(year=year + 1)
            except ValueError:
                return None
        return day, None
    if m.group("eow"):
        days = (4 - sent.weekday()) % 7 + (7 if m.group("eow_next") else 0)
        return base + timedelta(days=days), None
    if m.group("eom"):
        nxt = (base.replace(day=28) + timedelta(days=4)).replace(day=1)
        return nxt - timedelta(days=1), None
    if m.group("nextweek"):
        return base + timedelta(days=(4 - sent.weekday()) % 7 + 7), None
    if m.group("laterweek"):
        return base + timedelta(days=(6 - sent.weekday()) % 7), None
    if m.group("today"):
        w = m.group("today").lower()
        if "morning" in w:
            return base, time(12, 0)
        if "afternoon" in w:
            return base, time(18, 0)
        return base, None
    if m.group("tomorrow"):
        w = m.group("tomorrow").lower()
        return base + timedelta(days=1), (time(12, 0) if w.startswith("first") else None)
    if m.group("wd"):
        target = _weekday_index(m.group("wdname"))
        days = (target - sent.weekday()) % 7
        if m.group("wd_next") and m.group("wd_next").lower() == "next" and days == 0:
            days = 7
        return base + timedelta(days=days), None
    return None


def _points(text: str, sent: datetime) -> list[Due]:
    anchors: list[tuple[int, int, str, re.Match]] = []
    for m in _DAY_RE.finditer(text):
        if m.group("wd"):
            w = m.group("wdname").lower()
            # short forms that are also ordinary words need a trigger ("on sat"), and "may" is a month only in a date
            if w in ("sat", "sun", "wed", "mon", "thu", "fri", "tue") and not m.group("wd_next"):
                if not _TRIGGER_RE.search(text, 0, m.start()):
                    continue
        anchors.append((m.start(), m.end(), "day", m))
    for m in _TIME_RE.finditer(text):
        # "in the morning" etc. inside a day anchor ("this morning") is already covered
        if any(s <= m.start() < e for s, e, _k, _m in anchors):
            continue
        anchors.append((m.start(), m.end(), "time", m))
    anchors.sort(key=lambda a: (a[0], -a[1]))
    groups: list[list[tuple[int, int, str, re.Match]]] = []
    for a in anchors:
        if groups:
            last = groups[-1]
            if a[0] < last[-1][1]:
                continue  # overlaps
            between = text[last[-1][1]:a[0]]
            kinds = {x[2] for x in last}
            if a[2] not in kinds and len(between) <= 12 and _CONNECTOR_RE.match(between):
                last.append(a)
                continue
        groups.append([a])
    out: list[Due] = []
    for g in groups:
        start, end = g[0][0], g[-1][1]
        before = text[max(0, start - 40):start]
        if _PAST_RE.search(before):
            continue
        trig = _TRIGGER_RE.search(before)
        day_m = next((x[3] for x in g if x[2] == "day"), None)
        time_m = next((x[3] for x in g if x[2] == "time"), None)
        if day_m is None:
            # a bare time needs a trigger ("by 5pm", "by the end of the day"); "morning" alone is no due
            if not trig or time_m.group("part"):
                continue
        if trig:
            start = max(0, start - len(trig.group(0)))
        t: time | None = None
        exact = False
        if time_m is not None:
            tt = _time_of(time_m)
            if tt is None:
                continue
            t, exact = tt
        if day_m is not None:
            dd = _day_of(day_m, sent)
            if dd is None:
                continue
            day, implied = dd
            if t is None:
                t = implied
            if day_m.group("wd") and day.date() == sent.date():
                # "by Friday" said on a Friday: today only when a later time is named, else a week on
                if t is None or datetime.combine(day.date(), t, sent.tzinfo) <= sent:
                    day = day + timedelta(days=7)
        else:
            day = sent.replace(hour=0, minute=0, second=0, microsecond=0)
            if t is not None and datetime.combine(day.date(), t, sent.tzinfo) <= sent:
                day = day + timedelta(days=1)
        due = datetime.combine(day.date(), t if t is not None else time(23, 59, 59), sent.tzinfo)
        if due < sent - timedelta(minutes=1):
            continue
        out.append(Due(due, start, end, "point"))
    return out


def _days_of_month(text: str, sent: datetime) -> list[Due]:
    """"on the 26th", "by the twenty-sixth" (next such day), "March eighteenth"."""
    out: list[Due] = []
    base = sent.replace(hour=0, minute=0, second=0, microsecond=0)
    for m in _DOM_RE.finditer(text):
        if _PAST_RE.search(text[max(0, m.start() - 40):m.start()]):
            continue
        d = int(m.group("dn")) if m.group("dn") else _ORDINAL_WORDS.get(m.group("dw").lower())
        if not d or d > 31:
            continue
        y, mo = base.year, base.month
        for _ in range(3):
            try:
                day = base.replace(year=y, month=mo, day=d)
            except ValueError:
                day = None
            if day is not None and day >= base:
                out.append(Due(_eod(day), m.start(), m.end(), "point"))
                break
            mo += 1
            if mo > 12:
                y, mo = y + 1, 1
    for m in _MONTH_ORD_RE.finditer(text):
        if _PAST_RE.search(text[max(0, m.start() - 40):m.start()]):
            continue
        d = _ORDINAL_WORDS.get(m.group("dw").lower())
        try:
            day = base.replace(month=_month_index(m.group("mo")), day=d)
        except (ValueError, TypeError):
            continue
        if day < base - timedelta(days=7):
            day = day.replace(year=day.year + 1)
        out.append(Due(_eod(day), m.start(), m.end(), "point"))
    return out


def find_dues(text: str, sent_at: datetime) -> list[Due]:
    """Every due-time expression in `text`, in text order (overlaps resolved to the longer one)."""
    if not text or sent_at.tzinfo is None:
        return []
    found = _durations(text, sent_at) + _points(text, sent_at) + _days_of_month(text, sent_at)
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    out: list[Due] = []
    for d in found:
        if out and d.start < out[-1].end:
            continue
        out.append(d)
    return out


_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")


def parse_due(text: str, sent_at: datetime, near: int | None = None) -> tuple[datetime, tuple[int, int]] | None:
    """The due time a promise names, and the span of the words that name it; None when none.

    `near` (an offset, e.g. the promise hit's start) prefers the first expression at or after it
    in the same sentence, then the nearest one before it in that sentence and clause (no ';' or
    ':' between), then the first one in the text when the sentence has none.
    """
    dues = find_dues(text, sent_at)
    if not dues:
        return None
    pick = dues[0]
    if near is not None:
        s_start = 0
        for m in _SENTENCE_END.finditer(text, 0, near):
            s_start = m.end()
        m_end = _SENTENCE_END.search(text, near)
        s_end = m_end.start() if m_end else len(text)
        same = [d for d in dues if s_start <= d.start < s_end + 1]
        after = [d for d in same if d.start >= near]
        before = [d for d in same if d.start < near]
        if after:
            pick = after[0]
        elif before and not re.search(r"[;:]", text[before[-1].end:near]):
            pick = before[-1]
        elif before:
            return None
    return pick.due, (pick.start, pick.end)
