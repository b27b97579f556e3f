"""The batch dashboard's data and the summary workbook's per-rule and per-part sheets, on a real batch.

Six localities in two cities and one at the top (so a city folds): a clean one, one whose draft lacks a
lead unit (不通过), one whose draft drops a scheme task, one whose draft is a corrupt Word file (无法审查),
one without a scheme, and one whose scheme words its parts differently and names the county in them.
The draft dropping a task also fails (去年任务未延续 is an error).
"""
from __future__ import annotations

import pytest
from test_batch import _locality

from plancheck.batch import VERDICT_FAIL, VERDICT_PASS, VERDICT_UNUSABLE, run_batch
from plancheck.batch.dashboard import (
    UNGROUPED,
    build_dashboard,
    href,
    level_names,
    share_key,
    split_levels,
)
from plancheck.batch.dashboard_charts import coverage_bin, coverage_histogram, heat_level, nice_step
from plancheck.batch.part_groups import group_parts, part_key, place_names
from plancheck.batch.review import LocalityResult, SchemePart
from plancheck.checks import all_rules

# The second scheme wording: the county's name inside the part titles and the outline's second clauses.
REWORDED_PARTS = {
    "二、健全依法行政制度体系": "二、健全{county}依法行政制度体系,提升制度建设质量",
    "三、健全社会矛盾纠纷行政预防调处化解体系": "三、健全社会矛盾纠纷行政预防调处化解体系,不断促进社会公平正义",
}
LEAD = "牵头单位:县司法局;"
REVIEW_TASK = "(一)发挥行政复议主渠道作用。规范行政复议案件办理程序,加大行政复议纠错力度。\n牵头单位:县司法局;责任单位:县直各部门\n"


def _rewrite(path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def write_dashboard_corpus(root):
    """The six localities below root, as the module docstring describes them."""
    _locality(root / "青山市" / "清河县", "清河县", years=(2022, 2023, 2024))
    north = _locality(root / "青山市" / "北林县", "北林县")
    _rewrite(north / "plan_2024.txt", LEAD, "")
    peace = _locality(root / "青山市" / "安平县", "安平县")
    _rewrite(peace / "plan_2024.txt", REVIEW_TASK, "")
    lake = _locality(root / "白云市" / "东湖区", "东湖区", years=(2023,))
    (lake / "东湖区2024年工作计划.docx").write_bytes(b"PK\x03\x04 this is not a zip archive")
    _locality(root / "白云市" / "西江县", "西江县", scheme=False)
    river = _locality(root / "江宁县", "江宁县")
    for old, new in REWORDED_PARTS.items():
        _rewrite(river / "实施方案.txt", old, new.format(county="江宁县"))
    return root


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    root = write_dashboard_corpus(tmp_path_factory.mktemp("plans"))
    return run_batch(root, tmp_path_factory.mktemp("out"), jobs=1)


@pytest.fixture(scope="module")
def by_name(batch):
    return {r.locality: r for r in batch.results}


def test_the_corpus_has_the_shapes_the_dashboard_shows(by_name):
    assert by_name["青山市/清河县"].verdict == VERDICT_PASS
    assert by_name["青山市/北林县"].verdict == VERDICT_FAIL and by_name["青山市/安平县"].verdict == VERDICT_FAIL
    assert by_name["白云市/东湖区"].verdict == VERDICT_UNUSABLE
    assert by_name["青山市/安平县"].scheme_share == pytest.approx(2 / 3)
    assert by_name["白云市/西江县"].scheme_share is None and by_name["白云市/西江县"].parts == ()


def test_each_locality_carries_its_drafts_coverage_per_scheme_part(by_name):
    peace = by_name["青山市/安平县"]
    assert [(p.title, p.items, p.covered) for p in peace.parts] == [
        ("二、健全依法行政制度体系", 2, 2), ("三、健全社会矛盾纠纷行政预防调处化解体系", 1, 0)]
    for result in by_name.values():
        if result.parts:  # the parts add up to the draft's coverage of the whole scheme
            items = sum(p.items for p in result.parts)
            assert sum(p.covered for p in result.parts) / items == pytest.approx(result.scheme_share)
    assert by_name["江宁县"].parts[0].title == "二、健全江宁县依法行政制度体系,提升制度建设质量"


def test_part_keys_drop_numbering_punctuation_second_clause_and_place_names():
    places = place_names("青山市/江宁县")
    assert {"青山市", "青山", "江宁县", "江宁"} <= set(places)
    assert part_key("二、健全江宁县依法行政制度体系,提升制度建设质量", places) == "健全依法行政制度体系"
    assert part_key("(三)健全 依法行政制度体系。", ()) == "健全依法行政制度体系"
    assert part_key("四、推进全县法治政府建设", ()) == "推进法治政府建设"
    assert part_key("一、总体要求") == "总体要求"


def test_parts_worded_differently_are_one_part_weakest_first(batch):
    groups = group_parts(batch.results)
    assert [g.title for g in groups] == ["健全社会矛盾纠纷行政预防调处化解体系", "健全依法行政制度体系"]
    review, rules = groups
    assert (review.localities, review.items, review.covered) == (4, 4, 3)  # 安平县 dropped its one task
    assert (rules.localities, rules.items, rules.covered) == (4, 8, 8)
    assert review.share < rules.share
    assert "健全江宁县依法行政制度体系,提升制度建设质量" in rules.wordings


def test_near_equal_part_titles_group_and_distinct_outline_parts_do_not():
    def result(name: str, *titles: str) -> LocalityResult:
        return LocalityResult(name, VERDICT_PASS, tasks=1, scheme_share=0.5,
                              parts=tuple(SchemePart(t, 2, 1) for t in titles))

    groups = group_parts([
        result("甲县", "二、健全政府机构职能体系,推动更好发挥政府作用", "三、健全依法行政制度体系"),
        result("乙县", "二、健全政府职能体系", "三、健全行政决策制度体系"),
    ])
    by_title = {g.title: g for g in groups}
    assert len(groups) == 3 and by_title["健全依法行政制度体系"].localities == 1
    merged = next(g for g in groups if g.localities == 2)
    assert set(merged.wordings) == {"健全政府机构职能体系,推动更好发挥政府作用", "健全政府职能体系"}


def test_coverage_bins_cover_zero_to_one_inclusive():
    assert [coverage_bin(s) for s in (0.0, 0.0999, 0.1, 0.3, 0.7, 0.9, 0.9999, 1.0)] == [0, 0, 1, 3, 7, 9, 9, 9]
    histogram = coverage_histogram([0.0, 0.35, 0.35, 1.0, 2 / 3])
    assert [b.count for b in histogram.bars] == [1, 0, 0, 2, 0, 0, 1, 0, 0, 1]
    assert sum(b.count for b in histogram.bars) == histogram.total == 5
    tallest = max(histogram.bars, key=lambda b: b.count)
    assert tallest.y + tallest.height == pytest.approx(histogram.baseline)
    assert [v for _, v in histogram.ticks] == [0, 1, 2]


def test_axis_steps_and_heat_levels():
    assert [nice_step(n) for n in (0, 5, 6, 12, 48, 230, 3000)] == [1, 1, 2, 5, 10, 50, 1000]
    assert [heat_level(n) for n in (0, 1, 2, 3, 4, 5, 9, 10, 250)] == [0, 1, 2, 3, 3, 4, 4, 5, 5]


def test_levels_pad_a_locality_directly_under_the_folder():
    assert level_names(1) == ("地区",) and level_names(2) == ("市", "县(市、区)")
    assert level_names(4) == ("第1级", "省", "市", "县(市、区)")
    assert split_levels("江宁县", 2) == ("", "江宁县")
    assert split_levels("某省/青山市/清河县", 2) == ("某省/青山市", "清河县")


def test_sort_keys_order_shares_finely_and_missing_values_apart():
    assert share_key(0.585366) < share_key(0.5864) and share_key(None) == ""
    assert href("青山市/清 河#县/report.html") == "青山市/清%20河%23县/report.html"


def test_dashboard_rows_cards_and_groups_from_the_batch(batch, by_name):
    dashboard = build_dashboard(batch.results, group_parts(batch.results))
    assert dashboard.grouped and [g.label for g in dashboard.groups] == [UNGROUPED, "白云市", "青山市"]
    assert dashboard.groups[2].summary == "3 个地区:通过 1 · 不通过 2"
    rows = {row.cells[1].text: row for group in dashboard.groups for row in group.rows}
    labels = [c.label for c in dashboard.columns]
    verdict, errors, share = (labels.index(name) for name in ("结论", "错误", "草案覆盖率"))
    north, lake, peace = rows["北林县"], rows["东湖区"], rows["安平县"]
    assert north.cells[0].text == "青山市" and rows["江宁县"].cells[0].text == ""
    # failing localities sort first, then the unreviewed, then the passing
    assert north.cells[verdict].sort < lake.cells[verdict].sort < rows["清河县"].cells[verdict].sort
    assert north.cells[errors].text == str(by_name["青山市/北林县"].severities["error"])
    assert lake.cells[errors].text == "—" and lake.cells[share].sort == ""  # not reviewed: missing, not zero
    assert peace.cells[share].text == "67%" and float(peace.cells[share].sort) == pytest.approx(2 / 3)
    assert peace.coverage == "66.67" and rows["西江县"].coverage == ""
    assert "missing-lead-unit" in north.rules.split() and lake.rules == ""
    cards = {c.label: c.value for c in dashboard.cards}
    assert (cards["地区"], cards["通过"], cards["不通过"], cards["无法审查"]) == ("6", "3", "2", "1")
    assert cards["错误"] == str(sum(r.severities.get("error", 0) for r in batch.results))
    assert cards["草案覆盖率中位数"] == "100%"  # 67 %, 100 %, 100 %, 100 %


def test_heat_map_has_a_cell_per_reviewed_locality_and_rule(batch):
    dashboard = build_dashboard(batch.results, ())
    rules = [rule.name for rule in all_rules()]
    rows = [row for block in dashboard.heat.blocks for row in block.rows]
    assert [row.locality for row in rows] == [r.locality for g in dashboard.groups for r in
                                              sorted(batch.results, key=lambda r: r.locality)
                                              if r.locality.rpartition("/")[0] == g.key]
    by_name = {r.locality: r for r in batch.results}
    for row in rows:
        result = by_name[row.locality]
        if result.verdict == VERDICT_UNUSABLE:
            assert row.cells == () and row.note == "无法审查"
            continue
        assert [c.count for c in row.cells] == [result.rules.get(rule, 0) for rule in rules]
    assert [c.total for c in dashboard.heat.columns] == [sum(r.rules.get(rule, 0) for r in batch.results)
                                                         for rule in rules]


def test_summary_workbook_has_per_rule_and_per_part_sheets(batch):
    import pandas as pd

    sheets = pd.read_excel(batch.files["xlsx"], sheet_name=None)
    assert list(sheets) == ["汇总", "按规则", "按方案部分"]
    rules = sheets["按规则"]
    titles = [rule.title for rule in all_rules()]
    assert list(rules.columns) == ["地区", "结论", *titles, "问题合计"]
    assert list(rules["地区"]) == [r.locality for r in batch.results] + ["合计"]
    lake = rules[rules["地区"] == "白云市/东湖区"].iloc[0]
    assert lake[titles].isna().all()  # not reviewed: empty, not zero
    total = rules.iloc[-1]
    for rule in all_rules():
        assert total[rule.title] == sum(r.rules.get(rule.name, 0) for r in batch.results)
    assert total["问题合计"] == sum(sum(r.rules.values()) for r in batch.results)
    parts = sheets["按方案部分"]
    assert list(parts.columns) == ["部分", "地区数", "条目", "草案落实", "落实比例", "其他写法"]
    assert parts.iloc[0].tolist()[:5] == ["健全社会矛盾纠纷行政预防调处化解体系", 4, 4, 3, 0.75]


def test_sheet_cells_are_never_formulas(tmp_path):
    """A locality or part title that looks like a formula stays text in the new sheets."""
    import openpyxl

    from plancheck.batch import write_summary

    trap = "=HYPERLINK(\"http://example.com\")"
    results = [LocalityResult(trap, VERDICT_PASS, tasks=3, rules={"numbering": 1}, scheme_share=0.5,
                              parts=(SchemePart(trap, 2, 1),))]
    files = write_summary(results, tmp_path)
    book = openpyxl.load_workbook(files["xlsx"])
    for name in ("按规则", "按方案部分"):
        cell = book[name]["A2"]
        assert cell.value == trap and cell.data_type == "s"


def test_a_part_lists_a_few_other_wordings_and_counts_the_rest():
    from plancheck.batch.part_groups import PartGroup, other_wordings

    group = PartGroup("健全依法行政制度体系", 7, 21, 14, tuple(f"健全依法行政制度体系,写法{k}" for k in range(7)))
    assert other_wordings(group, 10) == ";".join(group.wordings[1:])
    assert other_wordings(group, 2) == "健全依法行政制度体系,写法1;健全依法行政制度体系,写法2;另有 4 种写法"


def _typed_cells(book) -> dict:
    """Each sheet's cells as (type, value, number format); an empty cell is None whatever its type."""
    return {sheet.title: [[None if cell.value is None else (type(cell.value), cell.value, cell.number_format)
                           for cell in row] for row in sheet.iter_rows()] for sheet in book.worksheets}


def test_summary_workbook_holds_what_pandas_writes_of_the_frames(batch):
    """XlsxWriter writes the plain rows; pandas with openpyxl, from the frames, gives every cell the same."""
    import io

    import openpyxl

    from plancheck.batch.summary import PART_SHEET, RULE_SHEET, part_frame, rule_frame, summary_frame
    from plancheck.reports.spreadsheet import workbook_bytes

    results = list(batch.results)
    percent = {"汇总": ("草案覆盖率", "累计覆盖率"), PART_SHEET: ("落实比例",)}

    def as_percent(name, sheet, frame):
        for column in percent.get(name, ()):
            col = list(frame.columns).index(column) + 1
            for row in range(2, len(frame) + 2):
                sheet.cell(row=row, column=col).number_format = "0%"

    frames = {"汇总": summary_frame(results), RULE_SHEET: rule_frame(results),
              PART_SHEET: part_frame(group_parts(results))}
    expected = openpyxl.load_workbook(io.BytesIO(workbook_bytes(frames, as_percent)))
    written = openpyxl.load_workbook(batch.files["xlsx"])
    assert _typed_cells(written) == _typed_cells(expected)
    assert any(cell and cell[2] == "0%" for row in _typed_cells(written)["汇总"] for cell in row)
    assert {sheet.freeze_panes for sheet in written.worksheets} == {"B2"}


def test_summary_csv_is_what_pandas_writes_of_the_frame(batch):
    """The csv module writes the plain rows (no pandas in the batch's parent); pandas, from the frame with its
    nullable integers, writes the same bytes, unreviewed localities' empty cells included."""
    from plancheck.batch.summary import summary_frame
    from plancheck.reports.spreadsheet import csv_bytes

    assert any(not r.reviewed for r in batch.results)
    assert batch.files["csv"].read_bytes() == csv_bytes(summary_frame(list(batch.results)))


def test_table_csv_neutralises_cells_as_the_frame_csv_does():
    import pandas as pd

    from plancheck.reports.spreadsheet import Table, csv_bytes, table_csv_bytes

    rows = [["=SUM(1+1)*cmd|' /C calc'!A0", 3, 0.4567], ["-2", None, None], ['他说"好",再议\r\n下一行', 0, 1.0],
            ["@青松县\x07", 12, 1e-05], ["\t制表", None, 0.3333]]
    table = Table(["地区", "任务数", "覆盖率"], rows)
    frame = pd.DataFrame(rows, columns=table.columns)
    frame["任务数"] = frame["任务数"].astype("Int64")
    assert table_csv_bytes(table) == csv_bytes(frame)


def test_table_workbook_keeps_formulas_and_links_as_text_and_drops_control_characters():
    import io

    import openpyxl

    from plancheck.reports.spreadsheet import Table, table_workbook_bytes

    texts = ["=SUM(1+1)*cmd|' /C calc'!A0", "http://evil.example/?a=1", "+1", "青松县\x07\x1b"]
    data = table_workbook_bytes({"汇总": Table(["地区", "份额"], [[text, 0.5] for text in texts])}, {"汇总": ("份额",)})
    sheet = openpyxl.load_workbook(io.BytesIO(data))["汇总"]
    cells = [row for row in sheet.iter_rows(min_row=2)]
    assert [name.value for name, _ in cells] == [*texts[:3], "青松县"]
    assert {name.data_type for name, _ in cells} == {"s"} and all(name.hyperlink is None for name, _ in cells)
    assert {share.number_format for _, share in cells} == {"0%"} and sheet["B1"].number_format == "General"
