"""Every hook, setting and detector is documented (a missing one fails here)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from cxaudit import plugins
from cxaudit.config import TOP_KEYS, BusinessHours
from cxaudit.docs import render

ROOT = Path(__file__).resolve().parents[1]


def test_every_hook_is_declared_and_documented():
    doc = (ROOT / "docs" / "plugins.md").read_text()
    for group in plugins.HOOKS:
        assert f"## `{group}`" in doc, f"hook {group} is not documented in docs/plugins.md"
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    for group in pyproject["project"]["entry-points"]:
        assert group in plugins.HOOKS, f"entry-point group {group} is used but not declared in plugins.HOOKS"


def test_detector_docs_are_current():
    committed = (ROOT / "docs" / "detectors.md").read_text()
    assert committed == render(), "docs/detectors.md is stale: run `python -m cxaudit.docs`"


def test_every_config_key_is_documented():
    doc = (ROOT / "docs" / "configuration.md").read_text()
    for key in TOP_KEYS:
        assert f"`{key}`" in doc, f"config key {key} is not documented"
    for f in BusinessHours.__dataclass_fields__:
        assert f"`{f}`" in doc, f"business_hours.{f} is not documented"


def test_every_signal_field_is_documented():
    from cxaudit.signals.base import MessageSignals

    doc = (ROOT / "docs" / "signals.md").read_text()
    for name in MessageSignals.__dataclass_fields__:
        if name in ("message_id", "role", "hits", "extra"):
            continue
        assert f"`{name}`" in doc, f"signal {name} is not documented in docs/signals.md"


def test_docs_check_flag_reports_stale_without_writing(tmp_path):
    from cxaudit.docs import main, render

    stale = tmp_path / "detectors.md"
    stale.write_text("old", "utf-8")
    assert main(["--check", str(stale)]) == 1
    assert stale.read_text("utf-8") == "old"  # --check never writes
    assert main([str(stale)]) == 0 and stale.read_text("utf-8") == render()
    assert main(["--check", str(stale)]) == 0
