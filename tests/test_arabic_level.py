"""`1、` and `1.` are one level in a plan that prints its items one way in some parts and the other way in
others; they stay two levels where one part holds both (tasks and the points inside them)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from plancheck.plans.splitting import find_markers
from plancheck.plans.task_level import one_arabic_level

ZOO = Path(__file__).parent / "zoo" / "task-level"

MIXED_BY_PART = """一、健全依法行政制度体系
1、完善重大行政决策程序。全年组织合法性审查不少于10次。(牵头单位:县司法局)
2、加强行政规范性文件管理。备案审查率达到100%。(牵头单位:县司法局)
二、严格规范公正文明执法
1.深化行政执法体制改革。6月底前完成乡镇执法队伍整合。(牵头单位:县委编办)
2.加强行政执法人员培训。每年组织培训不少于2次。(牵头单位:县司法局)
"""

POINTS_INSIDE = """一、健全依法行政制度体系
1.完善重大行政决策程序。具体措施:
1、严格落实决策程序规定;
2、全年组织合法性审查不少于10次。(牵头单位:县司法局)
2.加强行政规范性文件管理。备案审查率达到100%。(牵头单位:县司法局)
"""


def _arabic_kinds(text: str) -> list[str]:
    return [m.kind for m in one_arabic_level(find_markers(text)) if m.kind in ("ar_dot", "ar_dun")]


def test_parts_numbered_two_ways_are_one_level_of_the_kind_printed_first():
    assert _arabic_kinds(MIXED_BY_PART) == ["ar_dun"] * 4
    assert _arabic_kinds(MIXED_BY_PART.replace("1、", "1#").replace("2、", "2#")
                         .replace("1.", "1、").replace("2.", "2、").replace("#", ".")) == ["ar_dot"] * 4


def test_a_part_holding_both_keeps_them_apart():
    assert _arabic_kinds(POINTS_INSIDE) == ["ar_dot", "ar_dun", "ar_dun", "ar_dot"]


def test_markers_of_one_kind_are_returned_as_they_are():
    markers = find_markers(POINTS_INSIDE.replace("1、", "(1)").replace("2、", "(2)"))
    assert one_arabic_level(markers) == markers


def test_the_reading_does_not_depend_on_the_hash_seed(tmp_path):
    """The task level of a plan with levels of one depth was chosen in set order, which Python's hash seed
    changes from one process to the next: the same plan read 3 tasks or the other 3."""
    script = ("import sys; from plancheck.plans import load_plan; "
              "print([t.title for t in load_plan(sys.argv[1]).tasks])")
    readings = set()
    for seed in ("1", "2", "3", "4", "5", "6"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", script, str(ZOO / "shimen-2025-mixed-arabic.txt")],
                              capture_output=True, text=True, env=env, check=True)
        readings.add(done.stdout)
    assert len(readings) == 1
    assert readings.pop().count("'") == 16  # all eight tasks
