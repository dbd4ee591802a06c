"""Issue categories from a configurable taxonomy (``data/taxonomy.toml``), one scan per message.

File shape (versioned)::

    version = 1
    [issues.delivery_delay]                 # snake_case id, used in outputs
    label = "Delivery delay"
    roles = ["customer", "agent", "bot", "system"]   # optional; default all
    threshold = 1.0                         # optional; sum of non-negated weights needed
    patterns = [ { name = "late", regex = "\\blate\\b", weight = 1.0 }, ... ]

Every pattern of every category is compiled into ONE alternation; a message gets the
categories whose hit weights reach their threshold, in taxonomy order. A config's
``taxonomy`` path REPLACES the packaged taxonomy.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

from ..records import Message
from .base import Hit, Pattern, PatternSet, Recognizer
from .lexicon import LexiconError, parse_entry, parse_patterns

TAXONOMY_VERSION = 1
_TOP_KEYS = {"version", "issues"}
_ISSUE_KEYS = {"label", "description", "roles", "threshold", "patterns"}
_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")


class TaxonomyError(LexiconError):
    pass


@dataclass(frozen=True)
class IssueSpec:
    id: str
    label: str
    roles: frozenset[str]
    threshold: float
    patterns: tuple[Pattern, ...]
    description: str = ""


def parse_taxonomy(doc: Mapping[str, Any], where: str = "taxonomy") -> dict[str, IssueSpec]:
    bad = set(doc) - _TOP_KEYS
    if bad:
        raise TaxonomyError(f"{where}: unknown key {sorted(bad)[0]!r}")
    if doc.get("version", TAXONOMY_VERSION) != TAXONOMY_VERSION:
        raise TaxonomyError(f"{where}.version: expected {TAXONOMY_VERSION}, got {doc.get('version')!r}")
    issues = doc.get("issues", {})
    if not isinstance(issues, dict) or not issues:
        raise TaxonomyError(f"{where}.issues: expected a non-empty table of categories")
    out: dict[str, IssueSpec] = {}
    for iid, spec in issues.items():
        key = f"{where}.issues.{iid}"
        if not _ID_RE.match(iid):
            raise TaxonomyError(f"{key}: category ids are snake_case (a-z, 0-9, _)")
        roles, threshold = parse_entry(spec, key, _ISSUE_KEYS, TaxonomyError)
        label = spec.get("label", iid)
        if not isinstance(label, str):
            raise TaxonomyError(f"{key}.label: expected a string")
        raw = spec.get("patterns", [])
        if not isinstance(raw, list) or not raw:
            raise TaxonomyError(f"{key}.patterns: expected a non-empty array")
        pats = parse_patterns(raw, key, TaxonomyError, prefix=f"{iid}.")
        out[iid] = IssueSpec(iid, label, frozenset(roles), float(threshold), tuple(pats), spec.get("description", ""))
    return out


def load_taxonomy(path: str | Path | None = None) -> dict[str, IssueSpec]:
    if path is None:
        text = resources.files("cxaudit.data").joinpath("taxonomy.toml").read_text("utf-8")
        return parse_taxonomy(tomllib.loads(text), "taxonomy.toml")
    p = Path(path)
    try:
        with open(p, "rb") as fh:
            doc = tomllib.load(fh)
    except FileNotFoundError:
        raise TaxonomyError(f"taxonomy file not found: {p}") from None
    except tomllib.TOMLDecodeError as exc:
        raise TaxonomyError(f"{p}: not valid TOML: {exc}") from None
    return parse_taxonomy(doc, str(p))


class IssueRecognizer(Recognizer):
    """`issues`: the taxonomy categories a message mentions (all roles by default)."""

    name = "issues"
    provides = ("issues",)

    def __init__(self, taxonomy: Mapping[str, IssueSpec]):
        self.taxonomy = dict(taxonomy)
        self.order = {iid: i for i, iid in enumerate(self.taxonomy)}
        pats = [p for spec in self.taxonomy.values() for p in spec.patterns]
        self.patterns = PatternSet("issues", pats)
        self.roles = frozenset().union(*(s.roles for s in self.taxonomy.values()))

    def categorize(self, text: str, role: str | None = None) -> tuple[tuple[str, ...], list[Hit]]:
        hits = self.patterns.scan(text)
        if not hits:
            return (), hits
        scores: dict[str, float] = {}
        for h in hits:
            if not h.negated:
                iid = h.pattern.split(".", 1)[0]
                scores[iid] = scores.get(iid, 0.0) + h.weight
        tax = self.taxonomy
        found = [
            iid for iid, s in scores.items()
            if s >= tax[iid].threshold and (role is None or role in tax[iid].roles)
        ]
        found.sort(key=self.order.__getitem__)
        return tuple(found), hits

    def recognize(self, message: Message) -> tuple[dict[str, Any], list[Hit]]:
        found, hits = self.categorize(message.text, message.role)
        return {"issues": found}, hits
