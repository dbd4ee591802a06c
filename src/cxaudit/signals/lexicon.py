"""Lexicons as data: load, validate and compile the pattern lexicon (`data/lexicon.toml`).

File shape (versioned)::

    version = 1
    [signals.apology]
    roles = ["agent", "bot", "system"]     # who the signal applies to; others get null
    threshold = 1.0                        # sum of non-negated hit weights needed for True
    patterns = [
      { name = "sorry", regex = "\\bsorry\\b", weight = 1.0 },
      { name = "sorry_to_bother", regex = "sorry to bother", weight = -2.0, negatable = false },
    ]

A user lexicon given in config is merged over the packaged one: a signal it names replaces
`roles`/`threshold` when given, and its patterns are added (same name: replaced).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

from ..records import Message, ROLES
from .base import Hit, Pattern, PatternSet, Recognizer

LEXICON_VERSION = 1
_SIGNAL_KEYS = {"roles", "threshold", "patterns", "field", "description"}
_PATTERN_KEYS = {"name", "regex", "weight", "negatable"}


class LexiconError(ValueError):
    pass


@dataclass(frozen=True)
class SignalSpec:
    name: str
    field: str
    roles: frozenset[str]
    threshold: float
    patterns: tuple[Pattern, ...]
    description: str = ""


def _load_toml(path: Path) -> dict[str, Any]:
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def packaged_lexicon_files() -> list[tuple[str, dict[str, Any]]]:
    """The packaged lexicon: every ``data/lexicon/*.toml``, in name order."""
    folder = resources.files("cxaudit.data").joinpath("lexicon")
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name)
    return [(f"lexicon/{f.name}", tomllib.loads(f.read_text("utf-8"))) for f in files]


def parse_entry(spec: Any, key: str, allowed: set[str], error: type[ValueError]) -> tuple[list[str], float]:
    """Check one recognizer table (keys, ``roles``, ``threshold``); errors name the key."""
    if not isinstance(spec, dict):
        raise error(f"{key}: expected a table")
    bad = set(spec) - allowed
    if bad:
        raise error(f"{key}: unknown key {sorted(bad)[0]!r}")
    roles = spec.get("roles", sorted(ROLES))
    if not isinstance(roles, list) or not set(roles) <= ROLES:
        raise error(f"{key}.roles: expected a list drawn from {sorted(ROLES)}")
    threshold = spec.get("threshold", 1.0)
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)):
        raise error(f"{key}.threshold: expected a number")
    return roles, float(threshold)


def parse_patterns(raw: Any, key: str, error: type[ValueError], prefix: str = "") -> list[Pattern]:
    """Validate a TOML array of pattern tables ({name, regex, weight?, negatable?}); errors name the key."""
    if not isinstance(raw, list):
        raise error(f"{key}.patterns: expected an array of tables")
    pats = []
    names: set[str] = set()
    for i, p in enumerate(raw):
        pkey = f"{key}.patterns[{i}]"
        if not isinstance(p, dict):
            raise error(f"{pkey}: expected a table")
        bad = set(p) - _PATTERN_KEYS
        if bad:
            raise error(f"{pkey}: unknown key {sorted(bad)[0]!r}")
        if not isinstance(p.get("name"), str) or not isinstance(p.get("regex"), str):
            raise error(f"{pkey}: 'name' and 'regex' must be strings")
        w = p.get("weight", 1.0)
        if isinstance(w, bool) or not isinstance(w, (int, float)):
            raise error(f"{pkey}.weight: expected a number")
        try:
            re.compile(p["regex"])
        except re.error as exc:
            raise error(f"{pkey}.regex: not a valid regex: {exc}") from None
        if prefix + p["name"] in names:
            raise error(f"{pkey}.name: {p['name']!r} is used twice in this table (the second would silently replace the first)")
        names.add(prefix + p["name"])
        pats.append(Pattern(prefix + p["name"], p["regex"], float(w), bool(p.get("negatable", True))))
    return pats


def parse_lexicon(doc: Mapping[str, Any], where: str = "lexicon") -> dict[str, SignalSpec]:
    unknown = set(doc) - {"version", "signals"}
    if unknown:
        raise LexiconError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    if doc.get("version", LEXICON_VERSION) != LEXICON_VERSION:
        raise LexiconError(f"{where}.version: expected {LEXICON_VERSION}, got {doc.get('version')!r}")
    out: dict[str, SignalSpec] = {}
    signals = doc.get("signals", {})
    if not isinstance(signals, dict):
        raise LexiconError(f"{where}.signals: expected a table")
    for name, spec in signals.items():
        key = f"{where}.signals.{name}"
        roles, threshold = parse_entry(spec, key, _SIGNAL_KEYS, LexiconError)
        pats = parse_patterns(spec.get("patterns", []), key, LexiconError)
        out[name] = SignalSpec(name, spec.get("field", name), frozenset(roles), float(threshold), tuple(pats), spec.get("description", ""))
    return out


def merge_lexicons(base: dict[str, SignalSpec], extra: dict[str, SignalSpec], extra_doc: Mapping[str, Any]) -> dict[str, SignalSpec]:
    out = dict(base)
    for name, spec in extra.items():
        raw = extra_doc.get("signals", {}).get(name, {})
        if name not in out:
            out[name] = spec
            continue
        old = out[name]
        pats = {p.name: p for p in old.patterns}
        pats.update({p.name: p for p in spec.patterns})
        out[name] = SignalSpec(
            name,
            spec.field if "field" in raw else old.field,
            spec.roles if "roles" in raw else old.roles,
            spec.threshold if "threshold" in raw else old.threshold,
            tuple(pats.values()),
            old.description,
        )
    return out


def load_lexicon(user_path: str | Path | None = None) -> dict[str, SignalSpec]:
    """The packaged lexicon files merged in name order, then the user's file over them.

    The same signal in several files: its patterns are pooled; the later file's
    ``roles``/``threshold`` win when it states them.
    """
    docs = packaged_lexicon_files()
    if user_path is not None:
        docs.append((str(user_path), _load_toml(Path(user_path))))
    merged: dict[str, SignalSpec] = {}
    for where, doc in docs:
        merged = merge_lexicons(merged, parse_lexicon(doc, where), doc)
    return merged


class LexiconRecognizer(Recognizer):
    """A boolean signal from one lexicon entry: True when the hit weights reach the threshold."""

    def __init__(self, spec: SignalSpec):
        self.spec = spec
        self.name = spec.name
        self.roles = spec.roles
        self.provides = (spec.field,)
        self.patterns = PatternSet(spec.name, spec.patterns)
        if spec.threshold > 0 and not self.patterns._always_mask:
            self.quiet = (self.patterns, {spec.field: False})

    def recognize(self, message: Message) -> tuple[dict[str, Any], list[Hit]]:
        hits = self.patterns.scan(message.text)
        return {self.spec.field: self.patterns.score(hits) >= self.spec.threshold}, hits
