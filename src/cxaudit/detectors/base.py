"""The detector contract.

A detector is one class in one module named after its code. It declares:

- ``code``: the finding code it emits; ``scope``: ``conversation``, ``journey`` or ``corpus``;
- ``needs``: the MessageSignals fields it reads (checked against the signal pipeline);
- ``Settings``: a frozen dataclass of its settings with defaults (config ``[detectors.CODE]``);
- ``description``: one line for ``cxaudit detectors``.

Conversation and journey detectors implement ``detect(unit, ctx)`` and yield findings.
Corpus detectors see every journey once through ``observe(journey, ctx)`` (keep only what
you need: memory must not grow with the whole input) and yield findings from ``finish(ctx)``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterable

from ..config import Config, ConfigError, validate_settings
from ..findings import Evidence, Finding, make_finding
from ..plugins import iter_entry_points
from ..units import Conversation, Corpus, Journey

SCOPES = ("conversation", "journey", "corpus")


@dataclass(frozen=True)
class NoSettings:
    pass


@dataclass
class Context:
    """What a detector may read besides its unit: config, its settings, the corpus."""

    config: Config
    corpus: Corpus
    settings: Any = None
    code: str = ""

    def finding(self, severity: str, *, evidence: Iterable[Evidence], measures: dict, explanation: str, **kw: Any) -> Finding:
        return make_finding(self.code, severity, evidence=evidence, measures=measures, explanation=explanation, detector=self.code, **kw)


class Detector:
    code: ClassVar[str] = ""
    scope: ClassVar[str] = "conversation"
    needs: ClassVar[tuple[str, ...]] = ()
    Settings: ClassVar[type] = NoSettings
    description: ClassVar[str] = ""

    def __init__(self, settings: Any = None):
        self.settings = settings if settings is not None else self.Settings()

    # conversation / journey scope
    def detect(self, unit: Conversation | Journey, ctx: Context) -> Iterable[Finding]:
        return ()

    # corpus scope
    def observe(self, journey: Journey, ctx: Context) -> None:
        return None

    def finish(self, ctx: Context) -> Iterable[Finding]:
        return ()

    @classmethod
    def settings_doc(cls) -> dict[str, Any]:
        out = {}
        for f in dataclasses.fields(cls.Settings):
            if f.default is not dataclasses.MISSING:
                out[f.name] = f.default
            elif f.default_factory is not dataclasses.MISSING:  # type: ignore[misc]
                out[f.name] = f.default_factory()  # type: ignore[misc]
        return out


@dataclass
class LoadedDetectors:
    detectors: list[Detector] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)
    disabled: list[str] = field(default_factory=list)


def load_detectors(config: Config, only: Iterable[str] | None = None, extra: Iterable[type[Detector]] = ()) -> LoadedDetectors:
    """Load every detector from the ``cxaudit.detectors`` entry points (built-ins included),
    apply config settings, and report load failures instead of crashing.

    Unknown ``[detectors.X]`` tables in config are an error that names the key.
    """
    out = LoadedDetectors()
    only_set = set(only) if only else None
    classes: dict[str, type[Detector]] = {}
    for ep in iter_entry_points("cxaudit.detectors"):
        if only_set is not None and ep.name not in only_set:
            out.disabled.append(ep.name)
            continue
        try:
            cls = ep.load()
        except Exception as exc:  # noqa: BLE001 - a broken plugin must not stop the run
            out.errors.append({"detector": ep.name, "stage": "load", "error": f"{type(exc).__name__}: {exc}"})
            continue
        classes[cls.code or ep.name] = cls
    for cls in extra:
        classes[cls.code] = cls
    if only_set is not None:
        known = set(classes) | {ep.name for ep in iter_entry_points("cxaudit.detectors")}
        unknown = sorted(only_set - known)
        if unknown:
            raise ConfigError(f"--only: unknown detector {unknown[0]!r} (known: {', '.join(sorted(known))})")
    for code in config.detectors:
        if code not in classes and code not in out.disabled and not any(e["detector"] == code for e in out.errors):
            raise ConfigError(f"detectors.{code}: unknown detector (known: {', '.join(sorted(classes))})")
    for code in sorted(classes):
        cls = classes[code]
        if cls.scope not in SCOPES:
            out.errors.append({"detector": code, "stage": "load", "error": f"unknown scope {cls.scope!r}"})
            continue
        raw = config.detector_raw(code)
        settings = validate_settings(code, cls.Settings, raw)
        if raw.get("enabled", True) is False:
            out.disabled.append(code)
            continue
        out.detectors.append(cls(settings))
    return out
