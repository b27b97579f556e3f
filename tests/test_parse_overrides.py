"""Seeing and correcting the reading: `parse --explain`, the task level and other overrides, on the command
line and in `[parse]` of plancheck.toml."""
from __future__ import annotations

from pathlib import Path

from plancheck.cli import main
from plancheck.plans import ParseOptions, load_plan

# Tasks printed as `1.` points under `(一)` headings that each carry a body and units: the automatic reading
# takes the `(一)` items (they close with units), but this locality counts the points as its tasks.
POINTS_AS_TASKS = """示例县2024年法治政府建设重点工作清单
一、健全依法决策机制
(一)严格决策程序。各单位要把好决策关口。
1.编制公布年度重大行政决策事项目录。
2.决策草案公开征求意见不少于30日。
牵头单位:县政府办公室;配合单位:县司法局
(二)加强法律顾问工作。发挥法律顾问作用。
1.法律顾问参与重大决策论证。
2.年底前完成法律顾问履职评价。
牵头单位:县司法局;配合单位:县直各部门
二、推进严格规范公正文明执法
(一)落实行政执法三项制度。规范执法行为。
1.执法公示信息7日内公开。
2.重大执法决定法制审核率达到100%。
牵头单位:县司法局;配合单位:县直各行政执法部门
(二)加强执法监督。强化日常监督。
1.每半年开展一次案卷评查。
2.选聘行政执法社会监督员。
牵头单位:县司法局;配合单位:各乡镇人民政府
"""

# A closing part named in the locality's own words, with numbered items the splitter would take as tasks.
OWN_CLOSING_WORDS = """示例县2024年法治政府建设工作要点
一、深化依法行政
(一)加强规范性文件管理。备案审查率达到100%。
(二)严格重大行政决策程序。决策事项目录向社会公布。
二、提升执法质量
(一)推行行政执法三项制度。执法公示信息及时公开。
(二)开展行政执法案卷评查。每半年评查一次。
三、推进落实的几点安排
(一)加强统筹调度。各乡镇、各部门要定期研究推进。
(二)强化督促问效。县委依法治县办适时开展督查。
"""

OWN_LABEL_WORDS = """示例县2024年法治政府建设工作要点
一、深化依法行政
1.加强规范性文件管理。备案审查率达到100%。
主抓单位:县司法局;协作单位:县直各部门
2.严格重大行政决策程序。决策事项目录向社会公布。
主抓单位:县政府办公室;协作单位:县司法局
"""


def _write(tmp_path: Path, text: str, name: str = "plan.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_automatic_reading_takes_the_headings_with_units(tmp_path):
    plan = load_plan(_write(tmp_path, POINTS_AS_TASKS))
    assert [t.number for t in plan.tasks] == ["(一)", "(二)", "(一)", "(二)"]


def test_task_level_override_reads_the_points_as_tasks(tmp_path):
    plan = load_plan(_write(tmp_path, POINTS_AS_TASKS), options=ParseOptions(task_level="1."))
    assert [t.number for t in plan.tasks] == ["1", "2"] * 4
    assert plan.tasks[0].title == "编制公布年度重大行政决策事项目录"
    # the last point of each heading closes with its units
    assert plan.tasks[1].lead_units == ("县政府办公室",)


def test_full_width_and_named_levels_are_accepted(tmp_path):
    path = _write(tmp_path, POINTS_AS_TASKS)
    for level in ("1.", "1.", "ar_dot"):
        assert len(load_plan(path, options=ParseOptions(task_level=level)).tasks) == 8


def test_non_task_words_drop_a_closing_part_named_in_local_words(tmp_path):
    path = _write(tmp_path, OWN_CLOSING_WORDS)
    assert len(load_plan(path).tasks) == 6
    plan = load_plan(path, options=ParseOptions(non_task_words=("几点安排",)))
    assert [t.title for t in plan.tasks] == ["加强规范性文件管理", "严格重大行政决策程序", "推行行政执法三项制度",
                                             "开展行政执法案卷评查"]


def test_own_label_words_are_read_as_lead_and_helper_labels(tmp_path):
    path = _write(tmp_path, OWN_LABEL_WORDS)
    plan = load_plan(path, options=ParseOptions(lead_labels=("主抓单位",), helper_labels=("协作单位",)))
    assert plan.tasks[0].lead_units == ("县司法局",) and plan.tasks[0].responsible_units == ("县直各部门",)
    assert plan.tasks[1].lead_units == ("县政府办公室",)


def test_explain_shows_levels_reason_and_unit_sources(tmp_path, capsys):
    assert main(["parse", str(_write(tmp_path, POINTS_AS_TASKS)), "--explain"]) == 0
    out = capsys.readouterr().out
    assert "“(一)” 4 条" in out and "“1.” 8 条" in out
    assert "← 任务层级" in out.split("“(一)”", 1)[1].split("\n", 1)[0]
    assert "任务层级的判断:" in out
    assert "1. (一) 严格决策程序:本条任务的单位块" in out


def test_explain_lists_noise_lines(tmp_path, capsys):
    text = POINTS_AS_TASKS.replace("二、推进", "- 2 -\n二、推进")
    assert main(["parse", str(_write(tmp_path, text)), "--explain"]) == 0
    assert "- 2 -" in capsys.readouterr().out.split("作为噪声删除的行", 1)[1]


def test_parse_reads_the_overrides_from_plancheck_toml(tmp_path, capsys):
    path = _write(tmp_path, POINTS_AS_TASKS)
    (tmp_path / "plancheck.toml").write_text('[parse]\ntask_level = "1."\n', encoding="utf-8")
    assert main(["parse", str(path), "--json", "-"]) == 0
    assert capsys.readouterr().out.count('"number": "1"') == 4


def test_check_takes_the_task_level_option(tmp_path, capsys):
    path = _write(tmp_path, POINTS_AS_TASKS)
    main(["check", str(path), "--task-level", "1.", "--json", "-"])
    assert capsys.readouterr().out.count('"number": "2"') == 4


def test_a_bad_parse_table_is_one_chinese_line(tmp_path, capsys):
    path = _write(tmp_path, POINTS_AS_TASKS)
    (tmp_path / "plancheck.toml").write_text('[parse]\ntask_level = "第一"\n', encoding="utf-8")
    assert main(["parse", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "plancheck.toml" in err and "task_level" in err


def test_a_task_level_the_document_lacks_is_refused_with_the_levels_it_has(tmp_path, capsys):
    path = _write(tmp_path, OWN_CLOSING_WORDS)
    assert main(["parse", str(path), "--task-level", "①"]) == 2
    err = capsys.readouterr().err
    assert "plan.txt" in err and "“一、”3 条" in err and "“(一)”6 条" in err and "--task-level" in err


def test_batch_reads_a_locality_the_way_its_parse_table_says(tmp_path):
    from plancheck.batch import run_batch

    locality = tmp_path / "plans" / "示例县"
    locality.mkdir(parents=True)
    _write(locality, POINTS_AS_TASKS, "计划_2024.txt")
    (locality / "plancheck.toml").write_text('[parse]\ntask_level = "1."\n', encoding="utf-8")
    automatic = run_batch(tmp_path / "plans", tmp_path / "out-a", jobs=1).results[0]
    as_told = run_batch(tmp_path / "plans", tmp_path / "out-b", jobs=1, local_config=True).results[0]
    assert (automatic.tasks, as_told.tasks) == (4, 8)
