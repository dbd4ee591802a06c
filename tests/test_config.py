"""Config validation: every bad key is named in the error."""

from __future__ import annotations

import pytest

from cxaudit.config import Config, ConfigError, config_from_dict, load_config
from cxaudit.detectors.base import load_detectors

BAD = [
    ({"targetz": {}}, "targetz"),
    ({"targets": {"chat": "fast"}}, "targets.chat"),
    ({"targets": {"chat": -5}}, "targets.chat"),
    ({"targets": {"chat": True}}, "targets.chat"),
    ({"business_hours": {"open": "09:00"}}, "business_hours.open"),
    ({"business_hours": {"start": "9am"}}, "business_hours.start"),
    ({"business_hours": {"timezone": "Mars/Olympus"}}, "business_hours.timezone"),
    ({"business_hours": {"days": ["monday"]}}, "business_hours.days"),
    ({"business_hours": {"enabled": "yes"}}, "business_hours.enabled"),
    ({"default_tz": "Nowhere/Land"}, "default_tz"),
    ({"detectors": {"slow_response": 3}}, "detectors.slow_response"),
]


@pytest.mark.parametrize("doc,key", BAD, ids=[b[1] for b in BAD])
def test_bad_config_names_the_key(doc, key):
    with pytest.raises(ConfigError) as exc:
        config_from_dict(doc)
    assert key in str(exc.value)


def test_detector_settings_are_validated():
    with pytest.raises(ConfigError, match="detectors.slow_response.min_ratioo"):
        load_detectors(config_from_dict({"detectors": {"slow_response": {"min_ratioo": 2}}}), only=["slow_response"])
    with pytest.raises(ConfigError, match="detectors.slow_response.min_ratio"):
        load_detectors(config_from_dict({"detectors": {"slow_response": {"min_ratio": "x"}}}), only=["slow_response"])
    with pytest.raises(ConfigError, match="detectors.no_such_code"):
        load_detectors(config_from_dict({"detectors": {"no_such_code": {}}}))


def test_detector_can_be_disabled_and_configured():
    cfg = config_from_dict({"detectors": {"unanswered": {"enabled": False}, "slow_response": {"min_ratio": 2}}})
    loaded = load_detectors(cfg, only=["slow_response", "unanswered"])
    assert [d.code for d in loaded.detectors] == ["slow_response"]
    assert loaded.detectors[0].settings.min_ratio == 2.0
    assert "unanswered" in loaded.disabled


def test_defaults_and_file(tmp_path):
    assert Config().target_for("phone") == 40
    assert Config().target_for("carrier-pigeon") == 86400
    p = tmp_path / "c.toml"
    p.write_text('[targets]\nchat = 180\n[business_hours]\nenabled = true\n')
    cfg = load_config(p)
    assert cfg.target_for("chat") == 180 and cfg.business_hours.enabled
    assert cfg.hash() != Config().hash()
    p.write_text("[targets\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(p)
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "missing.toml")


def test_unknown_only_code_is_an_error():
    with pytest.raises(ConfigError, match="slow_responce"):
        load_detectors(Config(), only=["slow_responce"])
