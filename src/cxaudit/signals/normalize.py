"""Spelling normalisation: whole-token replacements read before the lexicons.

``Normalizer(table)(text)`` returns ``None`` when no token of the table occurs (most
messages), else a ``Normalized`` with the rewritten text and the replaced spans, which maps a
span of the rewritten text back to the original so every quote stays the author's own text.
The packaged table is ``data/normalize.toml``; recognizers that read the register itself
(formality, informal) set ``reads_raw_text`` and still see the original.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

_KEY_RE = re.compile(r"^[a-z0-9'’]+$")
_TOKEN_RE = re.compile(r"[\w'’]+")  # a token: what a key must equal, whole


class NormalizeError(ValueError):
    """A bad normalisation table; the message names the file and key."""


@dataclass(frozen=True)
class Normalized:
    text: str
    # (start, end) in the rewritten text and (start, end) of the token it replaced, in order
    spans: tuple[tuple[int, int, int, int], ...]
    starts: tuple[int, ...] = ()  # the spans' starts in the rewritten text, for bisection

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The original span of ``text[start:end]``: a replaced token maps to all of its source."""
        spans = self.spans
        starts = self.starts or tuple(sp[0] for sp in spans)
        k = bisect_right(starts, start) - 1
        if k >= 0 and start < spans[k][1]:
            o_start = spans[k][2]
        else:
            o_start = start - (spans[k][1] - spans[k][3]) if k >= 0 else start
        k = bisect_right(starts, end - 1) - 1 if end > 0 else -1
        if k >= 0 and end <= spans[k][1]:
            o_end = spans[k][3]
        else:
            o_end = end - (spans[k][1] - spans[k][3]) if k >= 0 else end
        return o_start, max(o_start, o_end)


class Normalizer:
    def __init__(self, table: dict[str, str]):
        self.table = {k.lower(): v for k, v in table.items()}
        self._keys = frozenset(self.table)

    def __call__(self, text: str) -> Normalized | None:
        if not text or self._keys.isdisjoint(_TOKEN_RE.findall(text.lower())):
            return None  # the common case: one C-level tokenisation and a set test
        table = self.table
        pieces: list[str] = []
        spans: list[tuple[int, int, int, int]] = []
        last = 0
        out_len = 0
        for m in _TOKEN_RE.finditer(text):
            rep = table.get(m.group(0).lower())
            if rep is None:
                continue
            s, e = m.span()
            gap = text[last:s]
            pieces.append(gap)
            out_len += len(gap)
            pieces.append(rep)
            spans.append((out_len, out_len + len(rep), s, e))
            out_len += len(rep)
            last = e
        if not spans:
            return None
        pieces.append(text[last:])
        return Normalized("".join(pieces), tuple(spans), tuple(sp[0] for sp in spans))


def parse_table(doc: dict, where: str) -> dict[str, str]:
    if doc.get("version") != 1:
        raise NormalizeError(f"{where}: version must be 1")
    unknown = set(doc) - {"version", "tokens"}
    if unknown:
        raise NormalizeError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    tokens = doc.get("tokens", {})
    if not isinstance(tokens, dict):
        raise NormalizeError(f"{where}: tokens must be a table")
    out: dict[str, str] = {}
    for k, v in tokens.items():
        if not _KEY_RE.match(k):
            raise NormalizeError(f"{where}: tokens.{k}: keys are single lower-case tokens (letters, digits, apostrophes)")
        if not isinstance(v, str) or not v.strip():
            raise NormalizeError(f"{where}: tokens.{k}: the replacement must be a non-empty string")
        out[k] = v
    return out


def load_table(path: str | Path | None = None) -> dict[str, str]:
    """The packaged table, or the file at ``path`` instead of it."""
    if path is None:
        where = "normalize.toml"
        doc = tomllib.loads(resources.files("cxaudit.data").joinpath("normalize.toml").read_text(encoding="utf-8"))
    else:
        where = str(path)
        try:
            doc = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise NormalizeError(f"{where}: {exc}") from None
    return parse_table(doc, where)
