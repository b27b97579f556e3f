"""Issue #14: [[events]] patterns from a config file run in linear time; one that needs backtracking is
refused when the config is read, in one Chinese line naming the file."""
from __future__ import annotations

from pathlib import Path

import pytest
from robust_fuzz import assert_one_line_refusal, finishes_within, run_cli

from plancheck.checks import ConfigError, load_config

EVIL = r'([^x]*[^x]*)*x天'


def _config(folder: Path, pattern: str) -> Path:
    path = folder / "plancheck.toml"
    path.write_text(f"[[events]]\nname = \"示例县推进会\"\ndate = \"2023-05\"\npatterns = ['{pattern}']\n",
                    encoding="utf-8")
    return path


def _match_evil_pattern(path: Path) -> None:
    (event,) = [e for e in load_config(path, None).events if e.name == "示例县推进会"]
    (regex,) = event.regexes()
    assert regex.search("示例县推进会" + "推" * 50_000) is None


def test_a_catastrophic_pattern_from_a_config_file_runs_in_linear_time(tmp_path: Path) -> None:
    finishes_within(30, _match_evil_pattern, _config(tmp_path, EVIL))


def test_check_with_a_catastrophic_pattern_finishes(tmp_path: Path) -> None:
    draft = tmp_path / "示例县2024年工作计划.txt"
    draft.write_text("示例县2024年法治政府建设工作计划\n一、依法行政\n"
                     f"1.筹备示例县推进会{'推' * 30_000}。〔牵头单位:县司法局〕\n", encoding="utf-8")
    _config(tmp_path, EVIL)
    done = run_cli("check", str(draft), timeout=60)
    assert done.returncode in (0, 1), done.stderr


def test_a_pattern_needing_backtracking_is_refused_by_name(tmp_path: Path) -> None:
    path = _config(tmp_path, "(?=示例)县")
    with pytest.raises(ConfigError) as caught:
        load_config(path, None)
    assert "plancheck.toml" in str(caught.value) and "不支持" in str(caught.value)


def test_cli_refusal_of_such_a_pattern_is_one_line(tmp_path: Path) -> None:
    draft = tmp_path / "plan.txt"
    draft.write_text("示例县2024年法治政府建设工作计划\n一、依法行政\n1.推进。〔牵头单位:县司法局〕\n", encoding="utf-8")
    _config(tmp_path, "(示例)\\1")  # a backreference
    done = run_cli("check", str(draft))
    assert done.returncode == 2
    assert_one_line_refusal(done.stderr, "plancheck.toml")
