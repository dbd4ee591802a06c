"""What a policy changed, read from its words, for subjects the claim vocabulary does not name.

Two kinds of change are read from a policy's sentences:

- a **superseded value**: "parcels are returned after 72 hours (previously 7 days)", "the
  discount falls from 10% to 5%". The old and new quantities (durations, percentages, money)
  and the sentence's topic words are kept;
- a **withdrawn practice**: "Photographs of self-repairs are no longer accepted", "we no
  longer offer pro-rata refunds". The noun phrase's key words are kept.

`stale_statements` then finds, in a published text, the sentences that still state the old
value on the same topic (and not the new one), or still present the withdrawn practice
without denying it. Words are compared by a 5-letter stem ("photographs" ~ "photo",
"repaired" ~ "repairs"), so the rules hold across industries without a vocabulary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .claims import UNTIL_AFTER_RE, sentences

_UNIT = (
    r"(?P<u>%|per ?cent|hours?|hrs?|(?:working |business |calendar )?days?|weeks?|months?|years?)"
)
_NUM = r"(?P<n>\d{1,6}(?:[.,]\d{1,2})?)"
_QTY_RE = re.compile(rf"(?:(?P<cur>[£$€₹¥])\s?{_NUM}|\b{_NUM.replace('<n>', '<n2>')}\s*{_UNIT}\b|\b{_NUM.replace('<n>', '<n3>')}%)", re.IGNORECASE)
# words that mark the quantity right after them as the one replaced
_OLD_CUE_RE = re.compile(
    r"(?:\b(?:previously|formerly|was|were|down from|up from|reduced from|increased from|raised from|cut from|changed from|"
    r"falls? from|rises? from|goes from|moves? from|instead of|rather than|replacing|replaces|no longer)\s+(?:the\s+|a\s+|an\s+)?(?:current\s+|old\s+|standard\s+)?)$",
    re.IGNORECASE,
)
_FROM_TO_RE = re.compile(r"\bfrom\s+$", re.IGNORECASE)
_WITHDRAWN_RE = re.compile(
    r"(?P<np>[^.;:!?,()]{3,90}?)\s+(?:is|are|will be|will|shall be|can)\s+(?:no longer|not)\s+(?:be\s+)?"
    r"(?:accepted|offered|available|provided|allowed|permitted|possible|valid|given|issued|refunded|returned|exchanged|covered|included|eligible|supported|paid|honou?red|granted|sold|required|considered)\b"
    r"|(?P<np4>[^.;:!?,()]{3,90}?)\s+(?:is|are|will be)\s+(?:now\s+)?final(?:\s+sale)?\b(?!\s+(?:step|stage|notice|reminder|date|day|payment|bill|invoice|amount))|(?P<np3>[^.;:!?,()]{3,90}?)\s+(?:(?:is|are|has been|have been|will be|was|were)\s+(?:discontinued|withdrawn|scrapped|abolished|removed|retired|ended|switched off|turned off|paused|suspended|disabled|stopped)|(?:ends|will end|ended|expires|will expire|expired|closes|will close)\s+(?:on|at|from)\b)"
    r"|\b(?:we|it|they|[A-Z][\w'’-]+)\s+(?:will\s+)?(?:no longer|(?:do|does|will) not)\s+(?:(?!only\b)[a-z]+ly\s+)?(?:accept|offer|provide|allow|permit|refund|cover|include|support|pay|honou?r|grant|sell|issue|give)s?\s+(?P<np2>[^.;:!?,()]{3,90})",
)
# A practice kept for some cases only: "daily backups are included only on Business plans",
# "the money-back guarantee applies to first purchases only", "parts can only be returned
# unopened", "free reprints are limited to printing defects". The clause must say "only" (or
# "limited/restricted to") within its own words, up to the next comma.
_RESTRICTED_RE = re.compile(
    r"(?P<np>[^.;:!?,()]{3,90}?)\s+(?:(?:is|are|will be|can|will|shall)\s+)?(?:now\s+)?(?P<only>only\s+)?(?:be\s+)?"
    r"(?P<v>appl(?:y|ies)|covers?|included|available|allowed|permitted|offered|payable|valid|given|paid|granted|returned|returnable|refunded|refundable|exchanged|accepted|eligible|limited to|restricted to)\b"
    r"(?P<rest>[^.;:!?,]{0,120})",
    re.IGNORECASE,
)
_ONLY_RE = re.compile(r"\bonly\b", re.IGNORECASE)
# A practice the policy now charges for: "rush delivery (48 h) is billed at $30 per document",
# "passport return by courier is billed separately at ₹650", "alarm response now costs €12.50 a
# month". Judged against pages that still give it free or included.
_CHARGED_RE = re.compile(
    r"(?P<np>[^.;:!?,()]{3,90}?)\s+(?:is|are|will be|becomes?|will become)\s+(?:now\s+)?(?:billed|charged|chargeable|invoiced|priced)(?:\s+separately)?\s+(?:at\s+|as\s+)?(?=[£$€₹¥]|\d|(?:per|a|an)\s)"
    r"|(?P<np2>[^.;:!?,()]{3,90}?)\s+(?:is|are|will be)\s+(?:now\s+)?(?:billed|charged|invoiced)\s+separately\b"
    r"|(?P<np3>[^.;:!?,()]{3,90}?)\s+(?:now\s+)?(?:costs?|will cost)\s+(?=[£$€₹¥]|\d)",
    re.IGNORECASE,
)
# a published sentence that gives the practice free or included
_FREE_RE = re.compile(
    r"\b(?:free(?: of charge)?|included|includes|inclusive|at no (?:extra |additional )?(?:cost|charge)|no (?:extra|additional) (?:cost|charge)|complimentary|on us|without charge)\b",
    re.IGNORECASE,
)
# ... unless the same sentence bills it ("available for an extra charge"; "no extra cost" is free)
_BILLED_RE = re.compile(r"\b(?:billed|charged|extra|surcharge)\b(?! cost)", re.IGNORECASE)
# a noun phrase's trailing qualifier ("dental claims on Pawprotect Plus"), dropped when the head keeps two key words
_NP_TAIL_RE = re.compile(r"\s+(?:on|for|in|at|with|by|under|from|of)\s+.*$", re.IGNORECASE | re.DOTALL)
# what the verb of a withdrawal or restriction is about, when the noun phrase does not say it
# ("e-book purchases are final": refunds and returns)
_VERB_STEMS = (
    (re.compile(r"\b(?:returned|returnable|return)\b", re.IGNORECASE), ("retur",)),
    (re.compile(r"\b(?:refunded|refundable|refund)\b", re.IGNORECASE), ("refun",)),
    (re.compile(r"\bfinal\b", re.IGNORECASE), ("refun", "retur")),
    (re.compile(r"\b(?:covered|covers?)\b", re.IGNORECASE), ("cover",)),
    (re.compile(r"\b(?:exchanged|exchange)\b", re.IGNORECASE), ("excha",)),
)
# the verb's topic said in other words ("send it back" is a return, "money back" a refund)
_VERB_ALIASES = {
    "retur": re.compile(r"\b(?:send|sent|bring|post|ship|take)(?: \w+)? back\b", re.IGNORECASE),
    "refun": re.compile(r"\bmoney[- ]back\b", re.IGNORECASE),
}
# a published sentence that offers the practice to everyone, or offers it with no condition
_UNIVERSAL_RE = re.compile(
    r"\b(?:any|anything|every|everything|all|always|whatever|regardless|no questions asked|for any reason|even if|no matter|whenever|guaranteed)\b",
    re.IGNORECASE,
)
_OFFERED_RE = re.compile(r"\b(?:covered|included|free|welcome|refund(?:ed)?|returnable|refundable)\b", re.IGNORECASE)
_CONDITION_RE = re.compile(r"\b(?:if|only|unless|provided|as long as|subject to|except|excluding|when|where|limited to|restricted to|up to \d+ (?:days|weeks|months))\b", re.IGNORECASE)
_LEAD_DATE_RE = re.compile(
    r"^\s*(?:from|as of|since|effective(?: from)?|starting(?: from| on)?)\s+"
    r"(?:(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+|[A-Za-z]+\s+\d{1,2}(?:st|nd|rd|th)?|today|now)(?:,?\s+\d{4})?\s*",
    re.IGNORECASE,
)
_DENIAL_RE = re.compile(
    r"\b(?:no longer|not (?:available|offered|accepted|possible|valid|included|covered)|only (?:within|if|when|for|on receipt)|excluded|withdrawn|discontinued|ended|instead|switched off|turned off|paused|suspended|disabled)\b",
    re.IGNORECASE,
)
_STOP = frozenset(
    """
    a an the and or of for to in on at by with from as is are be been was were will shall can may must our your their its
    this that these those any all each every per only no not longer from we you they it us them customer customers company
    new old previously formerly days day hours hour weeks week months month years year working business calendar
    january february march april may june july august september october november december within after before than
    """.split()
)
_WORD_RE = re.compile(r"[A-Za-z]+")
_PAREN_RE = re.compile(r"\([^()]{0,120}\)")


def stem(word: str) -> str:
    w = word.lower()
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    return w[:5]


def key_stems(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for w in _WORD_RE.findall(text):
        lw = w.lower()
        if len(lw) < 3 or lw in _STOP:
            continue
        s = stem(lw)
        if s not in out:
            out.append(s)
    return tuple(out)


def words_of(text: str) -> set[str]:
    """The 5-letter stems of a text's words, as `mentions` compares them."""
    return {stem(w) for w in _WORD_RE.findall(text) if len(w) >= 3}


def _unit_key(m: re.Match[str]) -> tuple[float, str] | None:
    if m.group("cur"):
        return float(m.group("n").replace(",", ".")), m.group("cur")
    if m.group("n3"):
        return float(m.group("n3").replace(",", ".")), "%"
    n = float(m.group("n2").replace(",", "."))
    u = m.group("u").lower()
    if u.startswith("%") or u.startswith("per"):
        return n, "%"
    if u.startswith("h"):
        return n, "hours"
    if "working" in u or "business" in u:
        return n, "working days"
    if "day" in u:
        return n * 24, "hours"
    if u.startswith("week"):
        return n * 168, "hours"
    if u.startswith("month"):
        return n, "months"
    return n * 12, "months"


@dataclass(frozen=True)
class Change:
    """One thing a policy changed. ``kind``: "value" (``old`` replaced by ``new``),
    "withdrawn" (``phrase`` no longer offered), "restricted" (kept for some cases) or "charged"
    (now billed). ``start``/``end`` span the policy sentence."""

    kind: str
    start: int
    end: int
    stems: tuple[str, ...]
    phrase: str = ""
    old: tuple[float, str] | None = None
    new: tuple[tuple[float, str], ...] = ()
    topic: tuple[str, ...] = ()  # the noun phrase's own stems (``stems`` adds the verb's)
    qty: tuple[tuple[float, str], ...] = ()  # quantities named in the noun phrase ("the $120 monthly cap")

    @property
    def need(self) -> int:
        """How many of the key stems a sentence must share to be about the same thing."""
        if self.kind != "value":
            n = len(self.topic or self.stems)
            return min(n, max(2, (n + 1) // 2))
        return 2


def quantities(text: str, s: int, e: int) -> list[tuple[int, int, tuple[float, str]]]:
    """(start, end, normalised value) of each quantity between s and e."""
    out = []
    for m in _QTY_RE.finditer(text, s, e):
        key = _unit_key(m)
        if key is not None:
            out.append((m.start(), m.end(), key))
    return out


def policy_changes(text: str) -> list[Change]:
    out: list[Change] = []
    for s, e in sentences(text):
        sent = text[s:e]
        qtys = [(m, _unit_key(m)) for m in _QTY_RE.finditer(text, s, e)]
        for i, (m, key) in enumerate(qtys):
            if key is None:
                continue
            before = text[max(s, m.start() - 40):m.start()]
            old = None
            if _OLD_CUE_RE.search(before):
                old = key
            elif _FROM_TO_RE.search(before) and re.match(r"\s+to\s", text[m.end():m.end() + 5]):
                old = key
            if old is None:
                continue
            new = tuple(k for j, (_m, k) in enumerate(qtys) if j != i and k is not None and k[1] == old[1] and k[0] != old[0])
            if not new:
                continue
            stems = key_stems(re.sub(r"\([^)]*\)", " ", sent))
            out.append(Change("value", s, e, stems, old=old, new=new))
            break
        # a parenthesis inside the noun phrase ("opened cosmetics (make-up, skincare) can no longer
        # be returned") is blanked, offsets kept, so the phrase reaches its verb
        masked = _PAREN_RE.sub(lambda pm: " " * len(pm.group(0)), text) if "(" in text[s:e] else text
        withdrawn = False
        for m in _WITHDRAWN_RE.finditer(masked, s, e):
            np = m.group("np") or m.group("np2") or m.group("np3") or m.group("np4")
            # the noun phrase is the clause right before the verb (after "From 1 May,")
            np = _LEAD_DATE_RE.sub("", np.split(",")[-1])
            change = _practice("withdrawn", s, e, np, m.group(0).replace(np, " "))
            if change is not None:
                out.append(change)
                withdrawn = True
        if withdrawn:
            continue
        restricted = False
        for m in _RESTRICTED_RE.finditer(masked, s, e):
            if not (m.group("only") or m.group("v").lower().endswith(" to") or _ONLY_RE.search(m.group("rest"))):
                continue
            np = _LEAD_DATE_RE.sub("", m.group("np"))
            head = _NP_TAIL_RE.sub("", np)
            if len(key_stems(head)) >= 2:
                np = head
            change = _practice("restricted", s, e, np, m.group("v"))
            if change is not None:
                out.append(change)
                restricted = True
                break
        if restricted:
            continue
        cm = _CHARGED_RE.search(masked, s, e)
        if cm is not None:
            np = _LEAD_DATE_RE.sub("", (cm.group("np") or cm.group("np2") or cm.group("np3")).split(",")[-1])
            change = _practice("charged", s, e, np, "")
            if change is not None:
                out.append(change)
    return out


def _practice(kind: str, s: int, e: int, np: str, verb: str) -> Change | None:
    """A withdrawn or restricted practice named by the noun phrase `np` (two key words at least)."""
    topic = key_stems(np)
    if len(topic) < 2:
        return None
    stems = list(topic)
    for rx, extra in _VERB_STEMS:
        if rx.search(verb):
            stems += [x for x in extra if x not in stems]
    qty = tuple(k for m in _QTY_RE.finditer(np) if (k := _unit_key(m)) is not None)
    return Change(kind, s, e, tuple(stems), phrase=np.strip(), topic=topic, qty=qty)


def stale_statements(text: str, change: Change, title: str = "") -> list[tuple[int, int]]:
    """Spans (sentences) of a published text that still state what `change` replaced."""
    out: list[tuple[int, int]] = []
    title_stems = words_of(title)
    sents = sentences(text)
    for i, (s, e) in enumerate(sents):
        sent = text[s:e]
        words = words_of(sent)
        if change.kind != "value":
            if not _about_practice(text, s, e, words, change, title_stems):
                continue
            if _DENIAL_RE.search(sent):
                continue  # the page itself says it is not offered
            if change.kind == "charged":
                if _other_side(change.phrase, sent):
                    continue  # "orders over £500 come with free assembly" against a charge on orders under £500
                if _FREE_RE.search(sent) and not _BILLED_RE.search(sent):
                    out.append((s, e))
                continue
            if change.kind == "restricted":
                # the page must offer it to everyone ("any print", "no questions asked" in the
                # next sentence) or plainly, with no condition of its own
                nxt = text[sents[i + 1][0]:sents[i + 1][1]] if i + 1 < len(sents) else ""
                if not (_UNIVERSAL_RE.search(sent) or _UNIVERSAL_RE.search(nxt)
                        or (_OFFERED_RE.search(sent) and not _CONDITION_RE.search(sent))):
                    continue
                if _ONLY_RE.search(sent):
                    continue
            out.append((s, e))
            continue
        # an old value bounded by a date ("it's $1.50 until 30 November") is history, not a stale statement
        keys = [(m, _unit_key(m)) for m in _QTY_RE.finditer(text, s, e) if not UNTIL_AFTER_RE.match(text, m.end())]
        if not any(k == change.old for _m, k in keys) or any(k in change.new for _m, k in keys):
            continue
        if sum(1 for st in change.stems if st in words or st in title_stems) < change.need:
            continue
        out.append((s, e))
    return out


# a threshold's side: "under £500" (lo) against "over £500" (hi)
_CMP_RE = re.compile(r"\b(?:(?P<lo>under|below|less than|up to|within)|(?P<hi>over|above|more than|beyond|at least|from)\b)(?=\s*[£$€₹¥]?\s?\d)", re.IGNORECASE)


def _sides(text: str) -> set[str]:
    return {"lo" if m.group("lo") else "hi" for m in _CMP_RE.finditer(text)}


def _other_side(phrase: str, sent: str) -> bool:
    """Whether the sentence speaks of the other side of the noun phrase's threshold ("over
    £500" against "under £500")."""
    a, b = _sides(phrase), _sides(sent)
    return bool(a and b and not a & b)


def _about_practice(text: str, s: int, e: int, words: set[str], change: Change, title_stems: set[str]) -> bool:
    """Whether the sentence text[s:e] speaks of the practice: it shares `need` key stems, one of
    them may come from the page title, and one at least is the noun phrase's own (or the
    sentence repeats a quantity the noun phrase names: "never more than $120 a month")."""
    own = sum(1 for st in change.topic if st in words)
    if change.qty and any(v in change.qty for _s, _e, v in quantities(text, s, e)):
        own += 1
    if own == 0 and not any(st in title_stems for st in change.topic):
        return False
    n = own + sum(1 for st in change.stems if st not in change.topic and (st in words or (st in _VERB_ALIASES and _VERB_ALIASES[st].search(text, s, e))))
    if n < change.need and any(st in title_stems and st not in words for st in change.stems):
        n += 1
    return n >= change.need


def mentions(text: str, change: Change, words: set[str] | None = None) -> bool:
    """Whether a message is about the changed thing (shares its key words); `words` may be
    passed in when one text is checked against several changes."""
    if words is None:
        words = words_of(text)
    if sum(1 for st in (change.topic or change.stems) if st in words) < change.need:
        return False
    if change.kind == "value":  # and repeats the old value ("you have 7 days"): the stale one reached them
        return any(v == change.old for _s, _e, v in quantities(text, 0, len(text)))
    return True
