"""informal_tone: an agent wrote in a casual register while the customer had a problem.

A reply is informal when the ``informal`` signal is set AND it carries explicit informal
markers (weights >= ``min_marker_weight``): a low surface-formality score alone (short
turns, spoken transcripts) is not a casual register. Only people are judged (role ``agent``): bot and system templates are written once and
reviewed elsewhere. The problem context is a customer complaint, a clearly negative
customer message, a negative message about an issue, or an issue the informal reply itself
apologises for ("omg so sorry!! that's def a misprint on our end"), at or before the reply;
an informal reply that itself refuses the customer is a problem context on its own and
makes the finding ``high``. A cheerful reply to a happy pre-sales question is not a finding,
nor is one to a customer whose latest message is clearly happy ("heating's back, you're
legends"), unless it refuses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ..findings import Evidence, Finding
from ..units import Conversation
from ._dialogue import on, quote, sentiment
from .base import Context, Detector


@dataclass(frozen=True)
class Settings:
    negative_sentiment: float = -0.3  # a customer message this negative is a problem on its own
    issue_sentiment: float = 0.0  # a customer message about an issue is a problem when its sentiment is below this
    min_marker_weight: float = 0.6  # informal markers (slang, emoji, "nah", missing apostrophes) a flagged reply must carry
    formality_below: float = 0.0  # also treat replies with formality below this as informal, markers or not (0: off)
    happy_sentiment: float = 0.5  # a reply to a customer message this positive (no complaint) answers a happy customer: not judged unless it refuses


class InformalTone(Detector):
    code = "informal_tone"
    scope = "conversation"
    needs = ("informal", "formality", "refusal", "complaint", "sentiment", "issues")
    Settings = Settings
    description = "An agent replied in a casual register (slang, emoji, 'lol') while the customer had a problem; high when that reply refuses."

    def _is_informal(self, sig) -> bool:
        """Informal by the flag AND by explicit markers: a low surface-formality score alone
        (short turns, spoken transcripts, spelled-out codes) is not a casual register."""
        if on(sig, "informal"):
            marker = sum(h.weight for h in sig.hits if h.signal == "informal" and not h.negated and h.weight > 0)
            if marker >= self.settings.min_marker_weight:
                return True
        f = None if sig is None else sig.formality
        return isinstance(f, (int, float)) and f < self.settings.formality_below

    def _problem(self, sig) -> str | None:
        s = self.settings
        if on(sig, "complaint"):
            return "complaint"
        v = sentiment(sig)
        if v is not None and v <= s.negative_sentiment:
            return "negative message"
        if sig.issues and v is not None and v < s.issue_sentiment:
            return "negative message about " + ", ".join(sig.issues)
        return None

    def detect(self, conv: Conversation, ctx: Context) -> Iterable[Finding]:
        problem: tuple | None = None  # (message, signals, why) of the first problem seen so far
        flagged: list[tuple] = []  # (message, signals, refuses)
        raised: tuple | None = None  # the last customer message that raised an issue, however calmly
        happy = False  # the customer's latest message is clearly happy ("heating's back, you're legends")
        for m, sig in conv.pairs():
            if m.role == "customer":
                v = sentiment(sig)
                happy = v is not None and v >= self.settings.happy_sentiment and not on(sig, "complaint")
                if problem is None:
                    why = self._problem(sig)
                    if why:
                        problem = (m, sig, why)
                if sig is not None and sig.issues:
                    raised = (m, sig)
                continue
            if m.role != "agent" or not self._is_informal(sig):
                continue
            if problem is None and raised is not None and on(sig, "apology"):
                # a calm report the informal reply itself apologises for is a problem all the same
                problem = (raised[0], raised[1], "an issue the reply apologises for (" + ", ".join(raised[1].issues) + ")")
            refuses = on(sig, "refusal")
            if happy and not refuses:
                continue  # a cheerful answer to a customer who is pleased now
            if problem is not None or refuses:
                flagged.append((m, sig, refuses))
        if not flagged:
            return
        refusing = [f for f in flagged if f[2]]
        ev: list[Evidence] = []
        if problem is not None:
            pm, psig, why = problem
            ev.extend(quote(pm, psig, ("complaint", "issues"), note=f"customer's problem: {why}", max_hits=1))
        for m, sig, refuses in flagged[:4]:
            ev.extend(quote(m, sig, ("informal", "formality"), note="informal reply" + (" that refuses" if refuses else ""), max_hits=3))
            if refuses:
                ev.extend(quote(m, sig, "refusal", note="refusal", max_hits=1))
        first = flagged[0][0]
        formalities = [s.formality for _, s, _ in flagged if isinstance(s.formality, (int, float))]
        authors = sorted({m.author for m, _, _ in flagged if m.author})
        yield ctx.finding(
            "high" if refusing else "medium",
            customer_id=conv.customer_id,
            conversation_id=conv.id,
            channel=first.channel,
            department=first.department,
            author=first.author,
            timestamp=first.timestamp.isoformat(),
            evidence=ev,
            measures={
                "informal_replies": len(flagged),
                "informal_refusals": len(refusing),
                "min_formality": round(min(formalities), 3) if formalities else None,
                "problem_context": problem[2] if problem else "refusal",
                "authors": authors,
            },
            explanation=(
                f"{len(flagged)} agent repl{'y' if len(flagged) == 1 else 'ies'} on {first.channel} used a casual register"
                + (f" while the customer had a problem ({problem[2]})" if problem else "")
                + (f", {len(refusing)} of them refusing the customer." if refusing else ".")
            ),
        )
