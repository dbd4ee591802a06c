"""bot_trap: a bot kept the customer from a human.

In a conversation where a bot speaks, the customer asked for a person (``human_request``)
or the bot failed repeatedly (``bot_failure``, or the bot sending the same answer again),
and no agent (a person, role ``agent``) spoke after that point. One request answered by
an agent joining is the healthy path and is not a finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ..findings import Evidence, Finding, fmt_duration
from ..units import Conversation
from ._dialogue import on, quote
from .base import Context, Detector


def _norm(text: str) -> str:
    return " ".join("".join(ch.lower() if ch.isalnum() else " " for ch in text).split())


@dataclass(frozen=True)
class Settings:
    min_human_requests: int = 1  # this many unanswered requests for a person make a trap
    min_bot_failures: int = 2  # or this many bot failures with no person after them
    repeated_answer_is_failure: bool = True  # a bot repeating an earlier answer word for word counts as a failure


class BotTrap(Detector):
    code = "bot_trap"
    scope = "conversation"
    needs = ("human_request", "bot_failure")
    Settings = Settings
    description = "A customer asked a bot for a person, or the bot failed repeatedly, and no human took over."

    def detect(self, conv: Conversation, ctx: Context) -> Iterable[Finding]:
        s = self.settings
        pairs = list(conv.pairs())
        if not any(m.role == "bot" for m, _ in pairs):
            return
        requests: list[int] = []
        failures: list[int] = []
        last_agent = -1
        seen_bot: set[str] = set()
        for i, (m, sig) in enumerate(pairs):
            if m.role == "agent":
                last_agent = i
            elif m.role == "customer" and on(sig, "human_request"):
                requests.append(i)
            elif m.role == "bot":
                key = _norm(m.text)
                if on(sig, "bot_failure") or (s.repeated_answer_is_failure and key and key in seen_bot):
                    failures.append(i)
                seen_bot.add(key)
        open_requests = [i for i in requests if i > last_agent]
        open_failures = [i for i in failures if i > last_agent]
        trapped_by_request = len(open_requests) >= max(1, s.min_human_requests)
        trapped_by_failure = len(open_failures) >= max(1, s.min_bot_failures)
        if not (trapped_by_request or trapped_by_failure):
            return
        if not trapped_by_failure and any(m.role == "customer" and on(sig, "closing") for m, sig in pairs[max(open_requests) + 1:]):
            return  # the bot answered and the customer closed satisfied ("perfect, thanks!")
        ev: list[Evidence] = []
        for i in open_requests[:4]:
            m, sig = pairs[i]
            ev.extend(quote(m, sig, "human_request", note="asks for a person", max_hits=1))
        for i in open_failures[:3]:
            m, sig = pairs[i]
            why = "bot failure" if on(sig, "bot_failure") else "bot repeats an earlier answer"
            ev.extend(quote(m, sig, "bot_failure", note=why, max_hits=1))
        start_i = min(open_requests[:1] + open_failures[:1])
        start = pairs[start_i][0]
        end = pairs[-1][0]
        stuck = (end.timestamp - start.timestamp).total_seconds()
        n_req, n_fail = len(open_requests), len(open_failures)
        severity = "high" if (n_req >= 3 or (n_req >= 2 and n_fail >= 2)) else "medium"
        parts = []
        if n_req:
            parts.append(f"asked for a person {n_req} time{'s' if n_req != 1 else ''}")
        if n_fail:
            parts.append(f"the bot failed {n_fail} time{'s' if n_fail != 1 else ''}")
        bot_authors = sorted({m.author for m, _ in pairs if m.role == "bot" and m.author})
        yield ctx.finding(
            severity,
            customer_id=conv.customer_id,
            conversation_id=conv.id,
            channel=conv.channel,
            department=next((m.department for m, _ in pairs if m.role == "bot" and m.department), None),
            author=bot_authors[0] if bot_authors else None,
            timestamp=start.timestamp.isoformat(),
            evidence=ev,
            measures={
                "human_requests": n_req,
                "bot_failures": n_fail,
                "min_human_requests": s.min_human_requests,
                "min_bot_failures": s.min_bot_failures,
                "agent_joined_after": False,
                "seconds_with_bot_after_first_signal": round(stuck, 1),
            },
            explanation=(
                f"On {conv.channel}, the customer " + " and ".join(parts)
                + f", and no person took over in the {fmt_duration(stuck)} that followed."
            ),
        )
