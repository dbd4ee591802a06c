"""Configuration: TOML data with defaults in code, validated on load with errors naming the key.

Example (every key optional)::

    default_tz = "Europe/London"       # accept naive timestamps in this zone
    lexicon = "my_lexicon.toml"        # merged over the packaged lexicon
    taxonomy = "my_taxonomy.toml"      # replaces the packaged issue taxonomy

    [targets]                          # seconds to a first human or useful reply, per channel
    chat = 120
    default = 86400

    [business_hours]                   # waits count only inside these hours when enabled
    enabled = true
    timezone = "Europe/London"
    start = "09:00"
    end = "17:30"
    days = ["mon", "tue", "wed", "thu", "fri"]

    [detectors.repeat_contact]         # per-detector settings (see `cxaudit detectors`)
    window_days = 7
    [detectors.incident]
    enabled = false
"""

from __future__ import annotations

import dataclasses
import hashlib
import tomllib
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any, Mapping

import orjson

from .reader import parse_tz

DEFAULT_TARGETS: dict[str, int] = {
    "phone": 40,
    "chat": 120,
    "messaging": 120,
    "social": 1800,
    "sms": 3600,
    "email": 86400,
    "web": 86400,
    "default": 86400,
}

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
TOP_KEYS = {"default_tz", "lexicon", "taxonomy", "normalize", "targets", "business_hours", "detectors", "spill_bytes"}


class ConfigError(ValueError):
    """A config value is wrong; the message names the key."""


@dataclass(frozen=True)
class BusinessHours:
    enabled: bool = False
    timezone: str = "UTC"
    start: str = "09:00"
    end: str = "17:00"
    days: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri")

    def _tz(self) -> tzinfo:
        return parse_tz(self.timezone)  # type: ignore[return-value]

    def seconds_between(self, a: datetime, b: datetime) -> float:
        """Wall-clock seconds, or only the seconds inside business hours when enabled."""
        if not self.enabled:
            return (b - a).total_seconds()
        if b <= a:
            return 0.0
        tz = self._tz()
        a, b = a.astimezone(tz), b.astimezone(tz)
        open_t, close_t = time.fromisoformat(self.start), time.fromisoformat(self.end)
        days = {DAY_NAMES.index(d) for d in self.days}
        total = 0.0
        day = a.date()
        while day <= b.date():
            if day.weekday() in days:
                lo = datetime.combine(day, open_t, tz)
                hi = datetime.combine(day, close_t, tz)
                s, e = max(lo, a), min(hi, b)
                if e > s:
                    total += (e - s).total_seconds()
            day += timedelta(days=1)
        return total


@dataclass(frozen=True)
class Config:
    targets: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_TARGETS))
    business_hours: BusinessHours = field(default_factory=BusinessHours)
    default_tz: str | None = None
    lexicon_path: str | None = None
    taxonomy_path: str | None = None
    normalize_path: str | None = None  # a spelling table replacing data/normalize.toml
    detectors: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    spill_bytes: int = 64 * 1024 * 1024  # inputs larger than this are bucketed on disk by customer
    source: str | None = None

    def target_for(self, channel: str) -> int:
        return int(self.targets.get(channel, self.targets.get("default", DEFAULT_TARGETS["default"])))

    def detector_raw(self, code: str) -> Mapping[str, Any]:
        return self.detectors.get(code, {})

    def to_dict(self) -> dict[str, Any]:
        out = {
            "targets": dict(self.targets),
            "business_hours": dataclasses.asdict(self.business_hours),
            "default_tz": self.default_tz,
            "lexicon": self.lexicon_path,
            "taxonomy": self.taxonomy_path,
            "detectors": {k: dict(v) for k, v in self.detectors.items()},
        }
        if self.normalize_path is not None:  # only when set, so existing configs keep their hash
            out["normalize"] = self.normalize_path
        return out

    def hash(self) -> str:
        return hashlib.sha1(orjson.dumps(self.to_dict(), option=orjson.OPT_SORT_KEYS)).hexdigest()[:12]


def _check_type(key: str, value: Any, expected: type | tuple[type, ...]) -> None:
    if isinstance(value, bool) and expected in (int, float, (int, float)):
        raise ConfigError(f"{key}: expected a number, got a boolean")
    if not isinstance(value, expected):
        names = expected.__name__ if isinstance(expected, type) else " or ".join(t.__name__ for t in expected)
        raise ConfigError(f"{key}: expected {names}, got {type(value).__name__}")


def config_from_dict(doc: Mapping[str, Any], source: str | None = None) -> Config:
    for key in doc:
        if key not in TOP_KEYS:
            raise ConfigError(f"unknown key {key!r} (known: {', '.join(sorted(TOP_KEYS))})")
    targets = dict(DEFAULT_TARGETS)
    for ch, secs in (doc.get("targets") or {}).items():
        _check_type(f"targets.{ch}", secs, (int, float))
        if secs <= 0:
            raise ConfigError(f"targets.{ch}: must be positive, got {secs}")
        targets[ch] = int(secs)
    bh_doc = doc.get("business_hours") or {}
    _check_type("business_hours", bh_doc, dict)
    bh_fields = {f.name for f in dataclasses.fields(BusinessHours)}
    for k in bh_doc:
        if k not in bh_fields:
            raise ConfigError(f"business_hours.{k}: unknown key (known: {', '.join(sorted(bh_fields))})")
    if "enabled" in bh_doc:
        _check_type("business_hours.enabled", bh_doc["enabled"], bool)
    for k in ("timezone", "start", "end"):
        if k in bh_doc:
            _check_type(f"business_hours.{k}", bh_doc[k], str)
    try:
        parse_tz(bh_doc.get("timezone", "UTC"))
    except ValueError as exc:
        raise ConfigError(f"business_hours.timezone: {exc}") from None
    for k in ("start", "end"):
        if k in bh_doc:
            try:
                time.fromisoformat(bh_doc[k])
            except ValueError:
                raise ConfigError(f"business_hours.{k}: expected HH:MM, got {bh_doc[k]!r}") from None
    days = bh_doc.get("days", BusinessHours.days)
    if not isinstance(days, (list, tuple)) or any(d not in DAY_NAMES for d in days):
        raise ConfigError(f"business_hours.days: expected a list drawn from {list(DAY_NAMES)}")
    bh = BusinessHours(**{**{k: v for k, v in bh_doc.items() if k != "days"}, "days": tuple(days)})
    tz = doc.get("default_tz")
    if tz is not None:
        _check_type("default_tz", tz, str)
        try:
            parse_tz(tz)
        except ValueError as exc:
            raise ConfigError(f"default_tz: {exc}") from None
    for k in ("lexicon", "taxonomy", "normalize"):
        if k in doc:
            _check_type(k, doc[k], str)
    dets = doc.get("detectors") or {}
    _check_type("detectors", dets, dict)
    for code, settings in dets.items():
        _check_type(f"detectors.{code}", settings, dict)
    spill = doc.get("spill_bytes", Config.spill_bytes)
    _check_type("spill_bytes", spill, int)
    return Config(
        targets=targets,
        business_hours=bh,
        default_tz=tz,
        lexicon_path=doc.get("lexicon"),
        taxonomy_path=doc.get("taxonomy"),
        normalize_path=doc.get("normalize"),
        detectors={k: dict(v) for k, v in dets.items()},
        spill_bytes=spill,
        source=source,
    )


def load_config(path: str | Path | None) -> Config:
    if path is None:
        return Config()
    p = Path(path)
    try:
        with open(p, "rb") as fh:
            doc = tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {p}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{p}: not valid TOML: {exc}") from None
    base = p.parent
    for k in ("lexicon", "taxonomy"):
        if isinstance(doc.get(k), str) and not Path(doc[k]).is_absolute():
            doc[k] = str(base / doc[k])
    return config_from_dict(doc, str(p))


def validate_settings(code: str, settings_cls: type, raw: Mapping[str, Any]) -> Any:
    """Build a detector's settings dataclass from config, naming any bad key."""
    fields = {f.name: f for f in dataclasses.fields(settings_cls)}
    values = {}
    for k, v in raw.items():
        if k == "enabled":
            _check_type(f"detectors.{code}.enabled", v, bool)
            continue
        if k not in fields:
            raise ConfigError(f"detectors.{code}.{k}: unknown setting (known: {', '.join(sorted(fields)) or 'none'}, enabled)")
        default = fields[k].default
        if default is not dataclasses.MISSING and default is not None:
            expected: Any = type(default)
            if expected is float:
                expected = (int, float)
            if expected is tuple:
                expected = (list, tuple)
            _check_type(f"detectors.{code}.{k}", v, expected)
            if isinstance(v, list):
                v = tuple(v)
            if expected == (int, float):
                v = float(v)
        values[k] = v
    return settings_cls(**values)
