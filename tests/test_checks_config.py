"""plancheck.toml: rule switches, thresholds, units and events; a bad file is a ConfigError naming it."""
from __future__ import annotations

import pytest

from plancheck.checks import ConfigError, load_config
from plancheck.checks.config import DEFAULT_EVENTS
from plancheck.errors import PlancheckError


def test_defaults_without_a_file(tmp_path):
    config = load_config(None, tmp_path)
    assert config.source is None and config.settings("numbering").enabled
    assert config.threshold("duplicate-similarity") == 0.50
    assert {e.name for e in config.events} == {e.name for e in DEFAULT_EVENTS}


def test_file_next_to_the_draft_is_read(tmp_path):
    (tmp_path / "plancheck.toml").write_text(
        'year = 2024\n'
        '[rules.numbering]\nenabled = false\n'
        '[rules.duplicate-task]\nseverity = "error"\n'
        '[thresholds]\nduplicate-similarity = 0.7\n'
        '[units]\nregistry = ["县司法局"]\n[units.aliases]\n"县市场监督管理局" = ["县市场监管局"]\n'
        '[[events]]\nname = "全省法治政府建设推进会"\ndate = "2024-05"\n'
        '[[events]]\nname = "民法典"\nenabled = false\n',
        encoding="utf-8")
    config = load_config(None, tmp_path / "plan_2024.txt")
    assert config.year == 2024
    assert not config.settings("numbering").enabled
    assert config.settings("duplicate-task").severity == "error"
    assert config.threshold("duplicate-similarity") == 0.7
    assert config.unit_registry == ("县司法局",)
    assert config.unit_aliases == {"县市场监督管理局": ("县市场监管局",)}
    names = {e.name for e in config.events}
    assert "全省法治政府建设推进会" in names and "民法典" not in names and "党的二十大" in names


@pytest.mark.parametrize("text, words", [
    ("[rules.no-such-rule]\nenabled = false\n", "no-such-rule"),
    ('[rules.numbering]\nseverity = "fatal"\n', "severity"),
    ("[thresholds]\nduplicate-similarity = 7\n", "duplicate-similarity"),
    ('[[events]]\nname = "党的二十大"\ndate = "October"\n', "date"),
    ("year = 24\n", "year"),
    ("[rules\n", "TOML"),
    ("colour = 1\n", "colour"),
])
def test_bad_config_names_the_file_and_the_cause(tmp_path, text, words):
    path = tmp_path / "my.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path, None)
    assert "my.toml" in str(caught.value) and words in str(caught.value)
    assert isinstance(caught.value, PlancheckError)


def test_missing_config_file_given_explicitly(tmp_path):
    with pytest.raises(ConfigError, match="不存在"):
        load_config(tmp_path / "absent.toml", None)
