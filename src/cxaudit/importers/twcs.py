"""Customer Support on Twitter (TWCS) CSV -> interchange messages.

Columns (Kaggle "thoughtvector/customer-support-on-twitter"): ``tweet_id, author_id,
inbound, created_at, text, response_tweet_id, in_response_to_tweet_id``; extra columns
(a leading index, ``main_tweet_id``, ``company``, 0/1 label columns as in labeled subsets)
are handled: ``main_tweet_id`` names the thread, ``company`` goes to ``meta``, label
columns set to 1 become ``meta.labels``, anything else is kept under ``meta``.

Threads are rebuilt from the reply links (union-find over ``in_response_to_tweet_id``,
``response_tweet_id`` and ``main_tweet_id``). Each thread becomes one conversation
``twcs-<root tweet id>``; its customer is the inbound author of the root (or of the thread's
earliest inbound tweet when a brand opened it) and every message of the thread carries that
``customer_id``. Inbound tweets are ``role: customer``; brand tweets are ``role: agent`` with
the brand as ``author`` and ``department``. ``in_reply_to`` is kept when the parent tweet is
in the file (a link to a tweet outside the file would only produce a warning); links to
tweets outside the file are kept under ``meta`` (``in_response_to_tweet_id``, and
``response_tweet_id``: replies that exist but are not in the file).

Two passes over the file: the first keeps only the link columns (no text), the second
streams the records out in file order.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterator

from . import ImporterError, iter_csv_rows, reject_options

REQUIRED = ("tweet_id", "author_id", "inbound", "created_at", "text")
LINK_COLUMNS = ("response_tweet_id", "in_response_to_tweet_id", "main_tweet_id")
KNOWN_COLUMNS = frozenset(REQUIRED + LINK_COLUMNS + ("", "Unnamed: 0", "company"))
OPTIONS = ("id_prefix", "conversation_prefix", "channel", "keep_dangling_links", "unescape_html", "encoding")

_MONTHS = {m: f"{i:02d}" for i, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1)}
_TRUE = frozenset({"true", "1", "1.0", "yes", "t", "y"})
_FALSE = frozenset({"false", "0", "0.0", "no", "f", "n"})
_EXCEL_EPOCH = datetime(1899, 12, 30, tzinfo=timezone.utc)


def norm_id(value: str | None) -> str | None:
    """'3.0' -> '3' (pandas wrote float ids), '' -> None."""
    if value is None:
        return None
    v = value.strip()
    if not v or v.lower() == "nan":
        return None
    if v.endswith(".0") and v[:-2].isdigit():
        v = v[:-2]
    return v


def split_ids(value: str | None) -> list[str]:
    if not value:
        return []
    out = []
    for part in value.split(","):
        pid = norm_id(part)
        if pid is not None:
            out.append(pid)
    return out


def twitter_time(value: str | None) -> str | None:
    """Tweet time -> ISO-8601 with offset; the raw value when it cannot be read.

    Accepts Twitter's ``Tue Oct 31 22:10:47 +0000 2017``, ISO-8601 (``2017-11-20
    14:21:00+00:00``) and spreadsheet day serials (``43040.7518``, UTC).
    """
    if value is None:
        return None
    v = value.strip()
    parts = v.split()
    if len(parts) == 6 and parts[1] in _MONTHS:
        _dow, mon, day, clock, off, year = parts
        if len(off) == 5 and off[0] in "+-" and day.isdigit() and year.isdigit():
            return f"{year}-{_MONTHS[mon]}-{int(day):02d}T{clock}{off[:3]}:{off[3:]}"
        return v
    try:
        ts = datetime.fromisoformat(v)
    except ValueError:
        try:
            days = float(v)
        except ValueError:
            return v
        if not 1 <= days < 200_000:
            return v
        ts = _EXCEL_EPOCH + timedelta(seconds=round(days * 86400))
        return ts.isoformat()
    return ts.isoformat() if ts.tzinfo is not None else v


def _epoch(iso: str | None) -> float:
    if not iso:
        return float("inf")
    try:
        ts = datetime.fromisoformat(iso)
    except ValueError:
        return float("inf")
    if ts.tzinfo is None:
        return float("inf")
    return ts.timestamp()


def _id_key(tid: str) -> tuple[int, int, str]:
    return (0, int(tid), "") if tid.isdigit() else (1, 0, tid)


def _inbound(value: str | None) -> bool | None:
    if value is None:
        return None
    v = value.strip().lower()
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    return None


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        parent = self.parent
        root = parent.setdefault(x, x)
        while root != parent[root]:
            root = parent[root]
        while x != root:  # path compression
            parent[x], x = root, parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # deterministic: the smaller id becomes the representative
            if _id_key(rb) < _id_key(ra):
                ra, rb = rb, ra
            self.parent[rb] = ra


class _Tweet:
    __slots__ = ("parent", "inbound", "author", "epoch", "main")

    def __init__(self, parent: str | None, inbound: bool | None, author: str | None, epoch: float, main: str | None):
        self.parent = parent
        self.inbound = inbound
        self.author = author
        self.epoch = epoch
        self.main = main


def _threads(path: str | Path, encoding: str) -> tuple[dict[str, str], dict[str, str | None], set[str], dict[str, str]]:
    """Pass 1: conversation root and customer for every tweet id in the file."""
    uf = _UnionFind()
    tweets: dict[str, _Tweet] = {}
    listed_parent: dict[str, str] = {}  # child -> the tweet whose response_tweet_id lists it
    for _line, row in iter_csv_rows(path, REQUIRED, encoding=encoding):
        tid = norm_id(row.get("tweet_id"))
        if tid is None:
            continue
        parent = norm_id(row.get("in_response_to_tweet_id"))
        main = norm_id(row.get("main_tweet_id"))
        uf.find(tid)
        if parent is not None:
            uf.union(tid, parent)
        for rid in split_ids(row.get("response_tweet_id")):
            uf.union(tid, rid)
            listed_parent.setdefault(rid, tid)
        if main is not None:
            uf.union(tid, main)
        if tid not in tweets:  # a duplicate id is the reader's to reject
            author = row.get("author_id")
            tweets[tid] = _Tweet(parent, _inbound(row.get("inbound")), author.strip() if author else None, _epoch(twitter_time(row.get("created_at"))), main)
    for tid, tw in tweets.items():
        if tw.parent is None and tid in listed_parent:
            tw.parent = listed_parent[tid]

    groups: dict[str, list[str]] = {}
    for tid in tweets:
        groups.setdefault(uf.find(tid), []).append(tid)
    root_of: dict[str, str] = {}
    customer_of: dict[str, str | None] = {}
    for members in groups.values():
        for root, customer, part in _split_thread(members, tweets):
            for t in part:
                root_of[t] = root
                customer_of[t] = customer
    brand_of: dict[str, str] = {}  # conversation root -> the brand that answers in it
    for t, tw in sorted(tweets.items(), key=lambda kv: (kv[1].epoch, _id_key(kv[0]))):
        if tw.inbound is False and tw.author and t in root_of:
            brand_of.setdefault(root_of[t], tw.author)
    return root_of, customer_of, set(tweets), brand_of


def _split_thread(members: list[str], tweets: dict[str, _Tweet]) -> list[tuple[str, str | None, list[str]]]:
    """One reply tree -> [(root id, customer, member ids)], usually a single conversation.

    A thread opened by a customer is one conversation whose customer is the opener. A
    thread that hangs off a brand tweet (a broadcast, or a reply whose parent is not in the
    file) and gathers several customers is split: each customer's branches are one
    conversation rooted at that customer's first branch; the brand tweet stays on its own.
    """

    def order(t: str) -> tuple[float, tuple[int, int, str]]:
        return (tweets[t].epoch, _id_key(t))

    def first_customer(ids: list[str]) -> str | None:
        inbound = [t for t in ids if tweets[t].inbound and tweets[t].author]
        return tweets[min(inbound, key=order)].author if inbound else None

    mains = sorted({tweets[t].main for t in members if tweets[t].main}, key=_id_key)
    if mains:  # the file names the thread (labeled TWCS subsets)
        root = mains[0]
        rt = tweets.get(root)
        return [(root, rt.author if rt is not None and rt.inbound and rt.author else first_customer(members), members)]

    # top of each tweet's reply chain, and its branch: the chain element right below the top
    # (the top's own branch is itself)
    top_of: dict[str, str] = {}
    branch_of: dict[str, str] = {}
    for t in members:
        chain: list[str] = []
        seen: set[str] = set()
        cur: str | None = t
        while cur is not None and cur not in top_of:
            chain.append(cur)
            seen.add(cur)
            p = tweets[cur].parent
            cur = p if p is not None and p in tweets and p not in seen else None
        for c in reversed(chain):  # from the highest unresolved tweet down
            p = tweets[c].parent
            if p is None or p not in top_of:  # a top (or a cycle, cut here)
                top_of[c] = branch_of[c] = c
            else:
                top_of[c] = top_of[p]
                branch_of[c] = c if p == top_of[p] else branch_of[p]
    tops = sorted(set(top_of.values()), key=order)
    single_top = len(tops) == 1
    if single_top and tweets[tops[0]].inbound:
        return [(tops[0], tweets[tops[0]].author, members)]

    # units that may belong to different customers: the top's child branches (one brand
    # top), or each top (several tops: the common parent is missing from the file)
    units: dict[str, list[str]] = {}
    for t in members:
        key = branch_of[t] if single_top else top_of[t]
        units.setdefault(key, []).append(t)
    cust_of_unit = {u: first_customer(ids) for u, ids in units.items()}
    customers = {c for c in cust_of_unit.values() if c is not None}
    if len(customers) <= 1:
        return [(tops[0], next(iter(customers), None), members)]
    parts: dict[str | None, list[str]] = {}
    for u in sorted(units, key=order):
        c = cust_of_unit[u]
        if c is None:
            parts.setdefault(None, []).extend(units[u])
        else:
            parts.setdefault(c, []).extend(units[u])
    out = []
    for c, ids in parts.items():
        root = min((t for t in ids if (branch_of[t] == t if single_top else top_of[t] == t)), key=order, default=min(ids, key=order))
        out.append((root, c, ids))
    return out


def _unescape(text: str) -> str:
    # Twitter escapes exactly these three in tweet text
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def convert(
    path: str | Path,
    *,
    id_prefix: str = "",
    conversation_prefix: str = "twcs-",
    channel: str = "social",
    keep_dangling_links: bool = False,
    unescape_html: bool = True,
    encoding: str = "utf-8",
    **unknown: Any,
) -> Iterator[dict]:
    """TWCS CSV at ``path`` -> interchange message dicts, in file order.

    Options: ``id_prefix`` (put before tweet and customer ids, to merge data sets),
    ``conversation_prefix`` ("twcs-"), ``channel`` ("social"), ``keep_dangling_links``
    (keep ``in_reply_to`` to tweets missing from the file; default off, the id goes to
    ``meta.in_response_to_tweet_id``), ``unescape_html`` (&amp; &lt; &gt;), ``encoding``.
    Raises ImporterError at once for a missing file, a missing column or an unknown option.
    """
    reject_options("twcs", unknown, ())
    if not isinstance(channel, str) or not channel:
        raise ImporterError("twcs: option channel must be a non-empty string")
    root_of, customer_of, present, brand_of = _threads(path, encoding)
    return _records(path, encoding, root_of, customer_of, present, brand_of, id_prefix, conversation_prefix, channel, keep_dangling_links, unescape_html)


def _records(
    path: str | Path,
    encoding: str,
    root_of: dict[str, str],
    customer_of: dict[str, str | None],
    present: set[str],
    brand_of: dict[str, str],
    id_prefix: str,
    conversation_prefix: str,
    channel: str,
    keep_dangling_links: bool,
    unescape_html: bool,
) -> Iterator[dict]:
    for _line, row in iter_csv_rows(path, REQUIRED, encoding=encoding):
        raw_id = row.get("tweet_id")
        tid = norm_id(raw_id)
        inbound = _inbound(row.get("inbound"))
        author = (row.get("author_id") or "").strip() or None
        text = row.get("text")
        if text is not None and unescape_html and "&" in text:
            text = _unescape(text)
        rec: dict[str, Any] = {"kind": "message", "id": None if tid is None else id_prefix + tid}
        if tid is not None:
            conv = conversation_prefix + root_of[tid]
            customer = customer_of.get(tid)
            rec["conversation_id"] = conv
            rec["customer_id"] = conv if customer is None else id_prefix + customer
        rec["channel"] = channel
        rec["timestamp"] = twitter_time(row.get("created_at"))
        # an unreadable inbound flag is passed on as the role, for the reader to reject
        rec["role"] = "customer" if inbound is True else "agent" if inbound is False else row.get("inbound")
        rec["text"] = text
        meta: dict[str, Any] = {}
        if inbound is False and author:
            rec["author"] = author
            rec["department"] = author
        elif inbound is True and author and customer_of.get(tid or "") not in (None, author):
            meta["author_id"] = id_prefix + author  # someone else joined the customer's thread
        parent = norm_id(row.get("in_response_to_tweet_id"))
        if parent is not None:
            if parent in present or keep_dangling_links:
                rec["in_reply_to"] = id_prefix + parent
            else:
                meta["in_response_to_tweet_id"] = parent
        outside = [rid for rid in split_ids(row.get("response_tweet_id")) if rid not in present]
        if outside:  # answered, but the answers are not in this file (the reply exists)
            meta["response_tweet_id"] = outside
        labels = []
        for col, val in row.items():
            if col in KNOWN_COLUMNS or val is None:
                continue
            v = val.strip()
            if v in ("1", "1.0", "True", "true"):
                labels.append(col)
            elif v and v not in ("0", "0.0", "False", "false"):
                meta[col] = v
        if labels:
            meta["labels"] = labels
        company = (row.get("company") or "").strip()
        if company:
            meta["company"] = company
        brand = company or (brand_of.get(root_of[tid]) if tid is not None else None)
        if brand:
            meta["brand"] = brand  # which company the thread belongs to (scopes incidents)
        if meta:
            rec["meta"] = meta
        yield rec
