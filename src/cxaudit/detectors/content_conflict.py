"""content_conflict: published content contradicts a policy in force, or what agents and
systems tell customers.

(a) Content valid at some time states what a policy in force at that time withdrew or
changed (the checkout page still shows a card the policy dropped; a help page still offers a
discontinued price match; a banner promises a waiver "on every upgrade" that the policy
limits). The conflict begins at max(policy effective_from, content valid_from) and ends
when the content expires or a later policy on the same subject takes over.

(b) A company message or system notice contradicts content valid at that moment.

Claims come from ``cxaudit.claims``; they are judged with the same rules as
``contradiction``. Changes the claim vocabulary does not type are read from the policy's own
words by ``cxaudit.changes`` ("returned after 72 hours (previously 7 days)", "photographs of
self-repairs are no longer accepted"), so content that still states the old value or still
offers the withdrawn practice conflicts in any industry. Records that both carry ``meta.brand`` and differ are never compared.
One corpus-level finding per conflict (customer_id null, citing content and policy), and one
per customer who touched the subject while it was live (a message or event naming it).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Iterable

from .. import changes as _changes
from ..claims import Claim, Mention, audience, brand_of, claims_of, default_vocabulary, different_audiences, mentions_date, plan_price_label, same_scope, sentences, subject_mentions
from ..findings import Evidence, Finding, evidence
from ..records import Content, Event, Message, Policy
from ..units import Corpus, Journey
from .base import Context, Detector
from .contradiction import _NAMED_WINDOWS, _describe_claims, _sentence_span, judge_claims

COMPARED = ("availability", "price", "threshold")


@dataclass(frozen=True)
class Settings:
    per_customer: bool = True  # one finding per affected customer besides the corpus-level one
    money_tolerance: float = 0.005
    max_customers_listed: int = 50


@dataclass
class _Conflict:
    content: Content
    subject: str
    content_claims: list[Claim]
    other: Policy | None  # the policy (a), or None for a message conflict (b)
    other_claims: list[Claim]
    begin: datetime | None
    end: datetime | None
    kind: str
    detail: str
    brand: str | None
    customers: dict[str, list[tuple[Message | Event, int, int, bool]]] = field(default_factory=dict)

    def live(self, when: datetime) -> bool:
        return (self.begin is None or self.begin <= when) and (self.end is None or when <= self.end)


# A fee waived above an order value on the page ("every order over £500 comes with free
# assembly") against a policy that charges it "whatever the order value".
_ANY_VALUE_RE = re.compile(
    r"\b(?:whatever the (?:order |basket |booking |cart )?(?:value|size|total|amount)|regardless of (?:the )?(?:order |basket |cart )?(?:value|size|total|amount|how much)"
    r"|on (?:every|all|any) orders?|no matter (?:the (?:order )?(?:value|size|total)|how much))\b",
    re.IGNORECASE,
)
_OVER_VALUE_RE = re.compile(r"\b(?:over|above|more than|at least|orders? of|spend(?:ing)?|worth)\s*(?:[£$€₹¥]|\d)", re.IGNORECASE)


def _threshold_waiver_withdrawn(content: Content, cclaims: list[Claim], pol: Policy, pclaims: list[Claim]) -> tuple[str, str] | None:
    charged = [c for c in pclaims if c.value == "charged"]
    waived = [c for c in cclaims if c.value == "waived"]
    if not charged or not waived:
        return None
    if not any(_ANY_VALUE_RE.search(pol.text, *_sentence_span(pol.text, [c])) for c in charged):
        return None
    if not any(_OVER_VALUE_RE.search(content.text, *_sentence_span(content.text, [c])) for c in waived):
        return None
    return "opposite", "the content waives the fee above an order value; the policy charges it whatever the order value"


def _group(claims: Iterable[Claim]) -> dict[tuple[str, str], list[Claim]]:
    out: dict[tuple[str, str], list[Claim]] = {}
    for c in claims:
        if c.type in COMPARED and c.tense != "past":
            out.setdefault((c.type, c.subject), []).append(c)
    return out


# A policy that ends a named programme or offer ("The On-Time Promise (...) ends on 1 September",
# "We no longer offer Price Beat"): the name is a subject of its own, so content that still
# presents it conflicts with the policy from its effective date.
_WITHDRAWN_RE = re.compile(
    r"(?P<name>(?:[A-Z][\w'’-]*|\d+%?)(?:[ -](?:[A-Z][\w'’-]*|\d+%?|of|for|and|&)){0,5})(?:\s*\([^)]{0,120}\))?\s+"
    r"(?:ends|ended|will end|(?:is|was|has been|will be|are|were|have been) (?:being )?(?:discontinued|withdrawn|retired|closed|ended|scrapped|suspended|no longer (?:available|offered|running))|is ending|stops|closes)\b"
    r"|\b(?:no longer (?:offer|run|provide|support|operate)s?|(?:discontinue|withdraw|retire|end)(?:s|d)?) (?:the |our )?(?P<name2>[A-Z][\w'’-]*(?:[ -](?:[A-Z][\w'’-]*|\d+%?|of|for|and|&)){0,5})"
)
_NAME_STOP = frozenset({"the", "our", "this", "from", "on", "in", "at", "since", "as", "it", "this", "that", "all", "a", "an"})


def _withdrawn_names(text: str) -> list[tuple[str, int, int]]:
    out = []
    for m in _WITHDRAWN_RE.finditer(text):
        g = "name" if m.group("name") else "name2"
        words = m.group(g).split()
        while words and words[0].lower() in _NAME_STOP:
            words.pop(0)
        name = " ".join(words)
        # a programme name has at least two words, or one distinctive capitalised word
        if len(name) < 4 or (len(words) < 2 and not any(ch.isupper() for ch in name[1:])):
            continue
        out.append((name, m.start(), m.end()))
    return out


def _named_offer_claims(corpus: Corpus, vocab: Any) -> tuple[dict[str, dict[tuple[str, str], list[Claim]]], dict[str, dict[tuple[str, str], list[Claim]]]]:
    """Synthetic availability claims on `offer:<name>` subjects: 'unavailable' for each policy
    that ends a named offer, 'available' for each content that presents that name without
    saying it ended. Returned per record id, in the shape of `_group`."""
    pol: dict[str, dict[tuple[str, str], list[Claim]]] = {}
    names: dict[str, str] = {}
    for p in corpus.policies:
        for name, s, e in _withdrawn_names(p.text):
            subj = "offer:" + name.lower()
            names[subj] = name
            c = Claim("availability", subj, "unavailable", False, p.id, "policy", s, e, p.text[s:e], p.effective_from, brand=brand_of(p))
            pol.setdefault(p.id, {}).setdefault(("availability", subj), []).append(c)
    con: dict[str, dict[tuple[str, str], list[Claim]]] = {}
    if not names:
        return pol, con
    neg = vocab.cues.get("negative")
    for ct in corpus.contents:
        text = ct.text
        low = text.lower()
        for subj, name in names.items():
            i = low.find(name.lower())
            if i < 0:
                continue
            j = i + len(name)
            k = text.find(".", j)
            sent_end = len(text) if k < 0 else k
            if neg is not None and neg.search(text, i, sent_end):
                continue  # the page itself says it ended
            c = Claim("availability", subj, "available", True, ct.id, "content", i, j, text[i:j], ct.valid_from, brand=brand_of(ct))
            con.setdefault(ct.id, {}).setdefault(("availability", subj), []).append(c)
    return pol, con


# Content that promises "no fees" on refunds (or cancellations, returns, changes) in general
# conflicts with a policy that charges a named fee on them: both become claims on `fees:<context>`.
_NO_FEES_RE = re.compile(r"\b(?:with |at |for )?(?:no|zero) (?:extra |additional |hidden |annual |yearly |monthly |joining |sign-?up |set-?up )?(?:fees?|charges?)\b|\bfee[- ]free\b|\bwithout (?:any )?(?:fees?|charges?)\b|\bfree of charge\b", re.IGNORECASE)
_FEE_CONTEXTS = {"refund": re.compile(r"\brefund", re.IGNORECASE), "cancellation": re.compile(r"\bcancel", re.IGNORECASE),
                 "return": re.compile(r"\breturn", re.IGNORECASE), "change": re.compile(r"\bchang(?:e|es|ing)\b", re.IGNORECASE),
                 "annual": re.compile(r"\b(?:annual|yearly|per year|a year)\b", re.IGNORECASE), "joining": re.compile(r"\b(?:joining|sign-?up|set-?up|enrol(?:l)?ment)\b", re.IGNORECASE)}


# Subjects the claim vocabulary does not list, and the words that name them in a message.
_EXTRA_MENTIONS = {
    "instalment_count": re.compile(r"\binstal(?:l)?ments?\b", re.IGNORECASE),
    "warranty": re.compile(r"\b(?:warrant(?:y|ies)|guarantee)\b", re.IGNORECASE),
    # a customer who cancelled, returned or changed late enough to be charged or refused
    # a customer charged or told of a charge for leaving ("cancelled and got charged €49", "who cancel within 12 months pay")
    "cancellation_fee": re.compile(r"\bcancell?(?:ed|ing|ation|s)?\b[^.!?\n]{0,60}?\b(?:fees?|charged?|pay|paid|billed|balance|penalty)\b", re.IGNORECASE),
    "window:cancellation": re.compile(r"\bcancell?(?:ed|ing|ation|s)?\b[^.!?\n]{0,60}?\b(?:free|fee|charged?|within|minutes?|window|too late)\b", re.IGNORECASE),
    "window:return": re.compile(r"\b(?:return(?:ed|ing|s)?|send(?:ing)? (?:[\w'’]+ ){0,3}?back|exchange)\b[^.!?\n]{0,60}?\b(?:within|days|window|too late|refused|rejected|fee|deducted)\b", re.IGNORECASE),
    "window:repair": re.compile(r"\b(?:repair(?:ed|s)?|fixed|mended)\b[^.!?\n]{0,60}?\b(?:within|days|allowance|refund|qualif)", re.IGNORECASE),
    "notice:skip": re.compile(r"\b(?:skip(?:ped|ping|s)?|paus(?:e|ed|ing))\b[^.!?\n]{0,60}?\b(?:days?|before|notice|too late|processed|charged)\b", re.IGNORECASE),
    "window:grace": re.compile(r"\bgrace\b|\b(?:payment|renewal|direct debit|card)s? (?:had |has )?(?:failed|was declined|declined|bounced|didn['’]t go through)\b|\bcancell?ed (?:after|because|when|as) (?:the |my |your )?(?:payment|renewal|card)\b", re.IGNORECASE),
    "window:change": re.compile(r"\b(?:chang(?:e|ed|ing)|amend(?:ed|ing)?|reschedul(?:e|ed|ing))\b[^.!?\n]{0,60}?\b(?:free|fee|charged?|within|window|too late)\b", re.IGNORECASE),
}
_FEE_WORD_RE = re.compile(r"\b(?:fees?|charges?|deducted|deduction)\b", re.IGNORECASE)


def _context_of(text: str, s: int, e: int) -> str | None:
    for name, rx in _FEE_CONTEXTS.items():
        if rx.search(text, s, e):
            return name
    return None


def _generic_fee_claims(corpus: Corpus, pol_groups: dict[str, dict]):
    """Synthetic claims on `fees:<context>`: 'waived' for a content sentence promising no fees on
    refunds (cancellations, returns, changes), 'charged' for a policy fee charged on them."""
    pol: dict[str, dict[tuple[str, str], list[Claim]]] = {}
    for p in corpus.policies:
        for (ctype, subj), cl in pol_groups.get(p.id, {}).items():
            if ctype != "availability" or not subj.endswith("_fee"):
                continue
            for c in cl:
                if c.value != "charged":
                    continue
                ctx_name = _context_of(p.text, *_sentence_span(p.text, [c]))
                if ctx_name:
                    k = ("availability", f"fees:{ctx_name}")
                    pol.setdefault(p.id, {}).setdefault(k, []).append(dataclasses.replace(c, subject=k[1], order_id=None, scope="", tense="current", unit=None))
    con: dict[str, dict[tuple[str, str], list[Claim]]] = {}
    if not pol:
        return pol, con
    for ct in corpus.contents:
        text = ct.text
        sents = None
        for m in _NO_FEES_RE.finditer(text):
            sents = sents or sentences(text)
            for s, e in sents:
                if s <= m.start() < e:
                    ctx_name = _context_of(text, s, e)
                    if ctx_name:
                        k = ("availability", f"fees:{ctx_name}")
                        con.setdefault(ct.id, {}).setdefault(k, []).append(Claim("availability", k[1], "waived", True, ct.id, "content", m.start(), m.end(), text[m.start():m.end()], ct.valid_from, brand=brand_of(ct)))
                    break
    return pol, con


def _stale_value_claims(raw_pol: dict[str, tuple], raw_con: dict[str, tuple]):
    """A policy that names the value it replaced ("is £500 (previously £350)") makes content that
    still states the old value stale. Both become claims on `stale:<subject>`: the content's old
    value, and the policy's current value(s), judged as amounts that differ."""
    pol: dict[str, dict[tuple[str, str], list[Claim]]] = {}
    con: dict[str, dict[tuple[str, str], list[Claim]]] = {}
    stale: dict[str, set[float]] = {}
    for pid, claims in raw_pol.items():
        by_subj: dict[str, list[Claim]] = {}
        for c in claims:
            if c.type in ("amount", "price"):
                by_subj.setdefault(c.subject, []).append(c)
        for subj, cl in by_subj.items():
            old = {c.value for c in cl if c.tense == "past"}
            cur = [c for c in cl if c.tense != "past"]
            if old and cur:
                stale.setdefault(subj, set()).update(old - {c.value for c in cur})
                pol.setdefault(pid, {})[("amount", f"stale:{subj}")] = [_restated(c) for c in cur]
    if not stale:
        return pol, con
    for cid, claims in raw_con.items():
        for c in claims:
            if c.type in ("amount", "price") and c.tense != "past" and c.value in stale.get(c.subject, ()):
                con.setdefault(cid, {}).setdefault(("amount", f"stale:{c.subject}"), []).append(_restated(c))
    return pol, con


def _policy_change_claims(policies: list[Policy], contents: list[Content]):
    """Claims on `changed:<policy id>:<k>` for what a policy changed in words the vocabulary does
    not type (see `cxaudit.changes`): the policy's new value or withdrawal, and each published
    sentence that still states the old value or still offers the withdrawn practice.
    Returns (policy claims, content claims, {subject: (label, change)})."""
    pol: dict[str, dict[tuple[str, str], list[Claim]]] = {}
    con: dict[str, dict[tuple[str, str], list[Claim]]] = {}
    info: dict[str, tuple[str, _changes.Change]] = {}
    for p in policies:
        pb = brand_of(p)
        for k, ch in enumerate(_changes.policy_changes(p.text)):
            subj = f"changed:{p.id}:{k}"
            stale: list[tuple[Content, int, int]] = []
            for ct in contents:
                if not same_scope(brand_of(ct), pb):
                    continue
                stale += [(ct, s, e) for s, e in _changes.stale_statements(ct.text, ch, ct.title or "")]
            if not stale:
                continue
            if ch.kind == "charged":
                # the page gives free or included what the policy now bills
                key = ("availability", subj)
                label = f"'{ch.phrase}'"
                pol.setdefault(p.id, {})[key] = [Claim("availability", subj, "charged", False, p.id, "policy", ch.start, ch.end, p.text[ch.start:ch.end], p.effective_from, brand=pb)]
                for ct, s, e in stale:
                    con.setdefault(ct.id, {}).setdefault(key, []).append(Claim("availability", subj, "waived", True, ct.id, "content", s, e, ct.text[s:e], ct.valid_from, brand=brand_of(ct)))
            elif ch.kind in ("withdrawn", "restricted"):
                # withdrawn: the page offers what the policy stopped; restricted: the page offers
                # to everyone what the policy keeps for some cases
                key = ("availability", subj)
                label = f"'{ch.phrase}'"
                i = p.text.find(ch.phrase, ch.start)
                ps, pe = (i, i + len(ch.phrase)) if i >= 0 else (ch.start, ch.end)
                if ch.kind == "withdrawn":
                    pclaim = Claim("availability", subj, "unavailable", False, p.id, "policy", ps, pe, p.text[ps:pe], p.effective_from, brand=pb)
                else:
                    ps, pe = ch.start, ch.end
                    pclaim = Claim("availability", subj, "restricted", True, p.id, "policy", ps, pe, p.text[ps:pe], p.effective_from, scope="restricted", brand=pb)
                pol.setdefault(p.id, {})[key] = [pclaim]
                scope = "universal" if ch.kind == "restricted" else ""
                for ct, s, e in stale:
                    con.setdefault(ct.id, {}).setdefault(key, []).append(Claim("availability", subj, "available", True, ct.id, "content", s, e, ct.text[s:e], ct.valid_from, scope=scope, brand=brand_of(ct)))
            else:
                key = ("threshold", subj)
                label = f"the {_VALUE_WORDS.get(ch.old[1], 'amount') if ch.old else 'value'} that policy {p.id} changed"
                news = [m for m in _changes.quantities(p.text, ch.start, ch.end) if m[2] in ch.new]
                pol.setdefault(p.id, {})[key] = [Claim("threshold", subj, v[0], True, p.id, "policy", ms, me, p.text[ms:me], p.effective_from, unit=v[1], brand=pb) for ms, me, v in news[:1]]
                for ct, s, e in stale:
                    for ms, me, v in _changes.quantities(ct.text, s, e):
                        if v == ch.old:
                            con.setdefault(ct.id, {}).setdefault(key, []).append(Claim("threshold", subj, v[0], True, ct.id, "content", ms, me, ct.text[ms:me], ct.valid_from, unit=v[1], brand=brand_of(ct)))
                            break
            info[subj] = (label, ch)
    return pol, con, info


def _restated(c: Claim) -> Claim:
    """The claim as an amount on its `stale:` subject (its original scope and tense dropped)."""
    return dataclasses.replace(c, type="amount", subject=f"stale:{c.subject}", polarity=True, order_id=None, scope="", tense="current")


_VALUE_WORDS = {"hours": "time limit", "working days": "time limit", "months": "term", "%": "percentage"}


def _label(subject: str, changes: dict[str, tuple[str, Any]] | None = None) -> str:
    if subject.startswith("stale:"):
        return _label(subject[6:], changes)
    if subject.startswith("fees:"):
        return f"fees on {subject[5:]}s"
    if subject.startswith("offer:"):
        return f"the offer '{subject[6:]}'"
    if subject.startswith("changed:"):
        return changes[subject][0] if changes and subject in changes else "what the policy changed"
    if subject in _NAMED_WINDOWS:
        return f"the {_NAMED_WINDOWS[subject]}"
    if subject.startswith("window:"):
        return f"the free {subject[7:]} window"
    if subject.startswith("discount:"):
        return f"the {subject[9:].replace('_', ' ')} discount"
    if subject.startswith("notice:"):
        return f"the notice needed for a {subject[7:]}"
    if subject.startswith("price:"):
        return plan_price_label(subject) or subject
    return subject.replace("payment_method:", "").replace("_", " ")


@functools.lru_cache(maxsize=256)
def _open_fee_rx(subject: str) -> re.Pattern[str]:
    """'trip_fee' -> the words that name it in a message ('trip charge', 'trip fees')."""
    return re.compile(rf"\b{re.escape(subject[:-4])}[- ](?:fee|(?:sur)?charge)s?\b", re.IGNORECASE)


def _norm(text: str) -> str:
    return text.lower().replace("-", " ").replace("’", "'")


def _span(record: Any, claims: list[Claim]) -> tuple[int, int]:
    return _sentence_span(record.text, claims)


def _day(d: datetime | None) -> str:
    return d.date().isoformat() if d else "the start"


class ContentConflict(Detector):
    code = "content_conflict"
    scope = "corpus"
    needs = ()
    Settings = Settings
    description = "Published content contradicts a policy in force, or what agents and systems tell customers."

    def __init__(self, settings: Any = None):
        super().__init__(settings)
        self.vocab = default_vocabulary()
        self._corpus: Corpus | None = None
        self._conflicts: list[_Conflict] = []
        self._content_claims: list[tuple[Content, dict[tuple[str, str], list[Claim]]]] = []
        self._message_conflicts: list[tuple[str, _Conflict, Message]] = []
        self._offers: dict[str, str] = {}
        self._changes: dict[str, tuple[str, _changes.Change]] = {}

    # ------------------------------------------------------------------ corpus set-up
    def _prepare(self, corpus: Corpus) -> None:
        if self._corpus is corpus:
            return
        self._corpus = corpus
        self._conflicts = []
        self._message_conflicts = []
        tol = self.settings.money_tolerance
        contents = sorted(corpus.contents, key=lambda c: c.id)
        named_pol, named_con = _named_offer_claims(corpus, self.vocab)
        self._offers = {subj: _norm(subj[6:]) for g in named_pol.values() for (_t, subj) in g}
        raw_con = {c.id: claims_of(c, self.vocab) for c in contents}
        policies = sorted(corpus.policies, key=lambda p: (p.effective_from, p.id))
        raw_pol = {p.id: claims_of(p, self.vocab) for p in policies}
        base_con = {cid: _group(cl) for cid, cl in raw_con.items()}
        base_pol = {pid: _group(cl) for pid, cl in raw_pol.items()}
        fee_pol, fee_con = _generic_fee_claims(corpus, base_pol)
        old_pol, old_con = _stale_value_claims(raw_pol, raw_con)
        chg_pol, chg_con, self._changes = _policy_change_claims(policies, contents)
        self._content_claims = [(c, {**base_con[c.id], **named_con.get(c.id, {}), **fee_con.get(c.id, {}), **old_con.get(c.id, {}), **chg_con.get(c.id, {})}) for c in contents]
        pol_claims = [(p, {**base_pol[p.id], **named_pol.get(p.id, {}), **fee_pol.get(p.id, {}), **old_pol.get(p.id, {}), **chg_pol.get(p.id, {})}) for p in policies]
        for content, cgroups in self._content_claims:
            cb = brand_of(content)
            for (ctype, subj), cclaims in sorted(cgroups.items()):
                # the policies on this subject that apply to this content, in effective order
                timeline = [(p, g[(ctype, subj)]) for p, g in pol_claims if (ctype, subj) in g and same_scope(cb, brand_of(p))]
                for i, (pol, pclaims) in enumerate(timeline):
                    p_end = timeline[i + 1][0].effective_from if i + 1 < len(timeline) else None
                    begin = pol.effective_from if content.valid_from is None else max(pol.effective_from, content.valid_from)
                    end = content.valid_to if p_end is None else (p_end if content.valid_to is None else min(p_end, content.valid_to))
                    if end is not None and end < begin:
                        continue
                    res = judge_claims(pclaims, cclaims, self.vocab, tol)
                    if res is None and ctype == "availability" and subj.endswith("_fee"):
                        res = _threshold_waiver_withdrawn(content, cclaims, pol, pclaims)
                    if res is None:
                        continue
                    if different_audiences(audience(content.text, *_span(content, cclaims)), audience(pol.text, *_span(pol, pclaims))):
                        continue  # "postgraduates pay £30" does not answer "no fee for undergraduates"
                    if subj.startswith("changed:") and mentions_date(content.text, pol.effective_from):
                        continue  # the content already tells of the change ("From 1 July 2025, ...")
                    if subj.startswith("stale:") or (subj.startswith("changed:") and ctype == "threshold"):
                        res = ("stale", "the content still states the old value the policy says it replaced")
                    elif subj.startswith("changed:") and any(c.value == "charged" for c in pclaims):
                        res = ("stale", "the content gives free or included what the policy now charges for")
                    elif subj.startswith("changed:") and any(c.value == "restricted" for c in pclaims):
                        res = ("stale", "the content offers to everyone what the policy keeps for some cases")
                    elif subj.startswith("changed:"):
                        res = ("stale", "the content still offers what the policy withdrew")
                    self._conflicts.append(_Conflict(content, subj, cclaims, pol, pclaims, begin, end, res[0], res[1], cb or brand_of(pol)))
        # the untyped reading of a change only adds what the vocabulary's subjects did not catch
        typed = {(cf.content.id, cf.other.id) for cf in self._conflicts if cf.other is not None and not cf.subject.startswith("changed:")}
        self._conflicts = [cf for cf in self._conflicts if not (cf.subject.startswith("changed:") and cf.other is not None and (cf.content.id, cf.other.id) in typed)]

    # ------------------------------------------------------------------ per journey
    def observe(self, journey: Journey, ctx: Context) -> None:
        self._prepare(ctx.corpus)
        if not self._conflicts and not self._content_claims:
            return
        cust = journey.customer_id
        subjects = {c.subject for c in self._conflicts}
        for msg in journey.messages:
            if not msg.text:
                continue
            mb = brand_of(msg)
            # who touched a live conflict
            ments = self._mentions(msg.text, subjects) if subjects else []
            for m in ments:
                for cf in self._conflicts:
                    if cf.subject == m.subject and cf.live(msg.timestamp) and same_scope(mb, cf.brand):
                        cf.customers.setdefault(cust, []).append((msg, m.start, m.end, msg.role != "customer"))
            # (b) a company message that contradicts content valid now
            if msg.role == "customer":
                continue
            groups = _group(claims_of(msg, self.vocab))
            for (ctype, subj), mclaims in sorted(groups.items()):
                for content, cgroups in self._content_claims:
                    cclaims = cgroups.get((ctype, subj))
                    if not cclaims or not content.valid_at(msg.timestamp) or not same_scope(mb, brand_of(content)):
                        continue
                    res = judge_claims(cclaims, mclaims, self.vocab, self.settings.money_tolerance)
                    if res is None:
                        continue
                    if different_audiences(audience(content.text, *_span(content, cclaims)), audience(msg.text, *_span(msg, mclaims))):
                        continue
                    cf = _Conflict(content, subj, cclaims, None, mclaims, msg.timestamp, msg.timestamp, res[0], res[1], brand_of(content))
                    self._message_conflicts.append((cust, cf, msg))
        for ev in journey.events:
            vals = " ".join(str(v) for v in ev.attributes.values() if isinstance(v, (str, int, float))) if ev.attributes else ""
            if not vals or not subjects:
                continue
            for m in subject_mentions(vals, self.vocab):
                for cf in self._conflicts:
                    if cf.subject == m.subject and cf.live(ev.timestamp) and same_scope(brand_of(ev), cf.brand):
                        cf.customers.setdefault(cust, []).append((ev, 0, 0, True))

    def _mentions(self, text: str, subjects: set[str]) -> list[Mention]:
        """Where a message names a subject with a live conflict: the vocabulary's subjects, and the
        synthetic ones (`stale:<subject>`, `fees:<context>`, `offer:<name>`, instalment counts)."""
        named = subject_mentions(text, self.vocab)
        out = [m for m in named if m.subject in subjects]
        out += [Mention("stale:" + m.subject, m.start, m.end) for m in named if "stale:" + m.subject in subjects]
        for subj in subjects:
            rx = _EXTRA_MENTIONS.get(subj)
            if rx is not None and (xm := rx.search(text)) is not None:
                out.append(Mention(subj, xm.start(), xm.end()))
            if subj.startswith(("cover:", "price:")):  # an open-vocabulary subject: its words, any number
                word = subj[6:].rsplit("/", 1)[0] if subj.startswith("price:") else subj[6:]
                cm = re.search(rf"\b{re.escape(word)}(?:e?s)?\b", text, re.IGNORECASE)
                if cm is not None:
                    out.append(Mention(subj, cm.start(), cm.end()))
            elif subj.endswith("_fee") and not any(m.subject == subj for m in out):  # an open-vocabulary fee ("trip charge")
                if (fm := _open_fee_rx(subj).search(text)) is not None:
                    out.append(Mention(subj, fm.start(), fm.end()))
            ctx_rx = _FEE_CONTEXTS.get(subj[5:]) if subj.startswith("fees:") else None
            if ctx_rx is not None and (fm := _FEE_WORD_RE.search(text)) is not None and ctx_rx.search(text):
                out.append(Mention(subj, fm.start(), fm.end()))
        words = None
        for subj, (_label_, ch) in self._changes.items():
            if subj in subjects:
                words = words if words is not None else _changes.words_of(text)
                if _changes.mentions(text, ch, words):
                    out.append(Mention(subj, 0, len(text)))
        if self._offers:
            low = _norm(text)
            if len(low) == len(text):  # spans must line up with the original text
                for subj, name in self._offers.items():
                    i = low.find(name)
                    if i >= 0:
                        out.append(Mention(subj, i, i + len(name)))
        return out

    # ------------------------------------------------------------------ findings
    def finish(self, ctx: Context) -> Iterable[Finding]:
        self._prepare(ctx.corpus)
        covered: set[tuple[str, str, str]] = set()
        for cf in self._conflicts:
            yield from self._policy_findings(cf, ctx, covered)
        seen: set[tuple[str, str, str]] = set()
        for cust, cf, msg in self._message_conflicts:
            k = (cust, cf.content.id, cf.subject)
            if k in covered or k in seen:
                continue
            seen.add(k)
            yield self._message_finding(cust, cf, msg, ctx)
        # a detector instance may serve another run: start afresh
        self._corpus = None
        self._conflicts = []
        self._message_conflicts = []

    def _base_evidence(self, cf: _Conflict) -> list[Evidence]:
        ev = [evidence(cf.content, *_span(cf.content, cf.content_claims), note="published content")]
        if cf.other is not None:
            ev.append(evidence(cf.other, *_span(cf.other, cf.other_claims), note="policy in force"))
        return ev

    def _policy_findings(self, cf: _Conflict, ctx: Context, covered: set) -> Iterable[Finding]:
        pol = cf.other
        assert pol is not None
        customers = sorted(cf.customers)
        what_c = _describe_claims(cf.content_claims)
        what_p = _describe_claims(cf.other_claims)
        subj = _label(cf.subject, self._changes)
        measures = {
            "subject": cf.subject,
            "content_id": cf.content.id,
            "policy_id": pol.id,
            "content_says": what_c,
            "policy_says": what_p,
            "conflict_began": cf.begin.isoformat() if cf.begin else None,
            "conflict_ended": cf.end.isoformat() if cf.end else None,
            "customers_affected": len(customers),
            "customers": customers[: self.settings.max_customers_listed],
            "judged": cf.kind,
        }
        severity = "high" if customers else "medium"
        head = (
            f"The {cf.content.source_kind} content {cf.content.id} says {subj} is '{what_c}' while policy {pol.id}, "
            f"in force since {_day(pol.effective_from)}, says '{what_p}' ({cf.detail}); the conflict began on {_day(cf.begin)}"
        )
        yield ctx.finding(
            severity,
            customer_id=None,
            conversation_id=None,
            department=cf.content.department or pol.department,
            timestamp=cf.begin.isoformat() if cf.begin else None,
            evidence=self._base_evidence(cf),
            measures=measures,
            explanation=f"{head} and {len(customers)} customer(s) touched {subj} while it was live.",
            key=f"corpus:{cf.content.id}:{pol.id}:{cf.subject}",
        )
        if not self.settings.per_customer:
            return
        for cust in customers:
            touches = cf.customers[cust]
            touches.sort(key=lambda t: (not t[3], t[0].timestamp, t[0].id))  # company statements first
            msgs = [t for t in touches if isinstance(t[0], Message)]
            rec, s, e, _ = msgs[0] if msgs else touches[0]
            ev = self._base_evidence(cf)
            if msgs:
                seen_ids: set[str] = set()
                for r, s2, e2, company in msgs:
                    if r.id in seen_ids or len(seen_ids) >= 3:
                        continue
                    seen_ids.add(r.id)
                    ev.append(evidence(r, s2, e2, note=("company message" if company else "customer message") + " about the subject while the conflict was live"))
            else:
                ev.append(evidence(rec, note="event about the subject while the conflict was live"))
            covered.add((cust, cf.content.id, cf.subject))
            m = dict(measures)
            m["touches"] = len(touches)
            yield ctx.finding(
                severity,
                customer_id=cust,
                conversation_id=None,
                channel=getattr(rec, "channel", None),
                department=cf.content.department or pol.department,
                timestamp=rec.timestamp.isoformat(),
                evidence=ev,
                measures=m,
                explanation=f"{head}; this customer met it on {rec.timestamp.date().isoformat()} ({rec.id}).",
                key=f"customer:{cf.content.id}:{pol.id}:{cf.subject}",
            )

    def _message_finding(self, cust: str, cf: _Conflict, msg: Message, ctx: Context) -> Finding:
        what_c = _describe_claims(cf.content_claims)
        what_m = _describe_claims(cf.other_claims)
        subj = _label(cf.subject, self._changes)
        ev = [evidence(cf.content, *_span(cf.content, cf.content_claims), note="published content"),
              evidence(msg, *_span(msg, cf.other_claims), note="company message")]
        return ctx.finding(
            "medium",
            customer_id=cust,
            conversation_id=msg.conversation_id,
            channel=msg.channel,
            department=msg.department,
            author=msg.author,
            timestamp=msg.timestamp.isoformat(),
            evidence=ev,
            measures={"subject": cf.subject, "content_id": cf.content.id, "message_id": msg.id, "content_says": what_c,
                      "message_says": what_m, "conflict_began": msg.timestamp.isoformat(), "judged": cf.kind},
            explanation=(f"The {msg.role} told the customer on {msg.channel} that {subj} is '{what_m}' on "
                         f"{msg.timestamp.date().isoformat()}, while the {cf.content.source_kind} content {cf.content.id} valid then says "
                         f"'{what_c}' ({cf.detail})."),
            key=f"message:{cf.content.id}:{msg.id}:{cf.subject}",
        )
