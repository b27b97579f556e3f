"""Issue 12: the splitter reads every class of the layout zoo (`tests/zoo/<class>/`): its tasks, their units
and whole bodies, and the document's title, year and kind. Scoring rules are in `zoo_scoring.py`."""
from __future__ import annotations

import json

import pytest
from zoo_scoring import (
    EXPECTED_SUFFIX,
    ZOO,
    Reading,
    ReadTask,
    document_for,
    expected_files,
    score_class,
    score_reading,
    zoo_classes,
)

TASK_F1 = 0.97
UNIT_F1 = 0.95
BODY_RATE = 0.95
CLASSES = zoo_classes()


@pytest.mark.parametrize("name", CLASSES)
def test_zoo_class_is_read(name):
    score = score_class(name)
    # plain numbers, so that a failure prints the mismatches once rather than the whole Score
    task_f1, unit_f1, body_rate = score.task_f1, score.unit_f1, score.body_rate
    wrong_fields = [f for f in ("title", "year", "kind") if score.accuracy(f) not in (None, 1.0)]
    report = "\n".join(score.mismatches)
    assert task_f1 >= TASK_F1, f"task F1 {task_f1:.3f}\n{report}"
    assert unit_f1 >= UNIT_F1, f"unit F1 {unit_f1:.3f}\n{report}"
    assert body_rate >= BODY_RATE, f"body rate {body_rate:.3f}\n{report}"
    assert not wrong_fields, f"wrong {', '.join(wrong_fields)}\n{report}"


def test_zoo_has_the_classes_of_issue_12():
    assert {"task-level", "partial", "title-body", "unit-phrases"} <= set(CLASSES)
    for name in ("task-level", "partial", "title-body", "unit-phrases"):
        assert len(expected_files(name)) >= 3, name


@pytest.mark.parametrize("path", sorted(ZOO.glob(f"*/*{EXPECTED_SUFFIX}")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_zoo_expected_file_is_well_formed(path):
    expected = json.loads(path.read_text(encoding="utf-8"))
    document = document_for(path)
    # only UTF-8 plain text is checked for the body ends: markup and Word files may split a sentence, and a
    # document in another encoding is there to test the reader
    try:
        text = document.read_text(encoding="utf-8") if document.suffix == ".txt" else ""
    except UnicodeDecodeError:
        text = ""
    assert expected["kind"] in ("annual", "scheme")
    assert expected["year"] is None or 2000 <= expected["year"] <= 2100
    assert expected["tasks"], "a zoo document has tasks"
    for task in expected["tasks"]:
        assert {"number", "title", "body_end", "lead_units", "responsible_units"} <= set(task), task
        assert not task["title"].endswith("。") and not task["body_end"].endswith("。"), task
        assert 8 <= len(task["body_end"]) <= 20, task
        assert isinstance(task["lead_units"], list) and isinstance(task["responsible_units"], list), task
        if text:  # a body end must be printed in the document (white space aside)
            assert "".join(task["body_end"].split()) in "".join(text.split()), task


# A hand-scored pair: three expected tasks; the parser finds the first whole, the second under the wrong number
# and the third with a helper unit read as lead and its body cut short.
EXPECTED = {
    "kind": "annual", "year": 2024, "title": "示例县2024年法治政府建设工作要点",
    "tasks": [
        {"number": "1", "title": "加强行政规范性文件监督管理", "body_end": "备案审查率达到100%",
         "lead_units": ["县司法局"], "responsible_units": ["县直各部门"]},
        {"number": "2", "title": "严格落实重大行政决策程序", "body_end": "履行法定程序",
         "lead_units": ["县政府办公室"], "responsible_units": []},
        {"number": "3", "title": "推进综合行政执法改革", "body_end": "完成赋权事项评估调整",
         "lead_units": ["县委编办"], "responsible_units": ["各乡镇人民政府"]},
    ],
}
PARSED = Reading("示例县2024年法治政府建设工作要点", 2023, "annual", (
    ReadTask("1", "加强行政规范性文件监督管理", "加强行政规范性文件监督管理。规范性文件备案审查率达到 100%。",
             ("县司法局",), ("县直各部门",)),
    ReadTask("二", "严格落实重大行政决策程序", "严格落实重大行政决策程序。严格履行法定程序。", ("县政府办公室",)),
    ReadTask("3", "推进综合行政执法改革梳理乡镇执法事项", "推进综合行政执法改革梳理乡镇执法事项",
             ("县委编办", "各乡镇人民政府")),
))


def test_scoring_by_hand():
    score = score_reading(EXPECTED, PARSED)
    # tasks 1 and 3 match (3 by the first characters of its title): 2 of 3 expected, 2 of 3 parsed
    assert (score.matched_tasks, score.expected_tasks, score.parsed_tasks) == (2, 3, 3)
    assert score.task_f1 == pytest.approx(2 / 3)
    # units of matched tasks: expected 4 (司法局, 各部门, 编办, 乡镇 as helper), parsed 4, right 3
    assert (score.matched_units, score.expected_units, score.parsed_units) == (3, 4, 4)
    assert score.unit_f1 == pytest.approx(0.75)
    # body: task 1 is whole (white space and the final 。 ignored); task 3 is cut; task 2 was not matched
    assert score.whole_bodies == 1 and score.body_rate == pytest.approx(1 / 3)
    assert score.accuracy("title") == 1.0 and score.accuracy("year") == 0.0 and score.accuracy("kind") == 1.0
    assert any("missing task 2" in line for line in score.mismatches)
    assert any("extra task 二" in line for line in score.mismatches)
    assert any("year expected 2024 got 2023" in line for line in score.mismatches)


def test_a_refused_document_finds_nothing():
    score = score_reading(EXPECTED, Reading(None, None, None, refusal="无法读取“x.txt”:没有找到编号的任务条目"))
    assert score.task_f1 == 0.0 and score.body_rate == 0.0
    assert score.accuracy("title") == 0.0
    assert score.mismatches[0].startswith("refused:")


def test_an_empty_title_never_matches():
    reading = Reading(None, None, None, (ReadTask("1", "", "加强行政规范性文件监督管理。"),))
    assert score_reading(EXPECTED, reading).matched_tasks == 0
