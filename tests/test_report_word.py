"""The Word deliverables: 审查意见书, 新旧对照表 and 批注稿, opened again with python-docx and checked
against the analysis they were made from."""
from __future__ import annotations

import datetime
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from word_drafts import CONTACTS, EXAMPLES, HEADER_TEXT, write_docx_draft

from plancheck.pipeline import review_files
from plancheck.reports.finding_text import about_draft, chinese_punctuation
from plancheck.reports.output import OutputError
from plancheck.reports.word_annotate import NotAnnotatable, render_annotated
from plancheck.reports.word_comparison import HEADERS, NO_BASELINE, render_comparison
from plancheck.reports.word_opinion import render_opinion
from plancheck.reports.word_settings import DocumentSettings, document_settings
from plancheck.reports.word_xml import is_header_row

SETTINGS = DocumentSettings(bureau="示例县司法局", reviewer="王审查", date=datetime.date(2026, 12, 4))


@pytest.fixture(scope="module")
def draft_docx(tmp_path_factory) -> Path:
    return write_docx_draft(tmp_path_factory.mktemp("draft") / "示例县2025年计划草案.docx")


@pytest.fixture(scope="module")
def review(draft_docx):
    return review_files(draft_docx, EXAMPLES / "plan_2024.txt", EXAMPLES / "scheme_2021_2025.txt")


def open_docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def body_text(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def expected_line(finding) -> str:
    """A finding's message as the Word documents print it."""
    return chinese_punctuation(finding.message.rstrip("。"))


def mm(*lengths) -> tuple[float, ...]:
    """Lengths in whole millimetres (Word stores them in twips)."""
    return tuple(round(length.mm, 1) for length in lengths)


def east_asian_font(run) -> str | None:
    fonts = run._r.rPr.rFonts if run._r.rPr is not None else None
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None


# ---- 审查意见书 ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def opinion(review):
    return open_docx(render_opinion(review.analysis, review.findings, SETTINGS))


def test_opinion_page_is_a4_with_the_official_margins_and_line_grid(opinion):
    section = opinion.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert mm(section.page_width, section.page_height) == (210, 297)
    assert mm(section.top_margin, section.left_margin, section.right_margin, section.bottom_margin) == \
        (37, 28, 26, 35)
    grid = section._sectPr.find(qn("w:docGrid"))
    # 22 lines in the 225 mm type area (pitch in twips; margins stored in whole twips move it a hair)
    assert grid.get(qn("w:type")) == "lines"
    assert int(grid.get(qn("w:linePitch"))) == pytest.approx(225 / 25.4 * 72 * 20 / 22, abs=1)
    # 28 characters of 3号 in the 156 mm line, and not 29
    spacing = int(opinion.styles["Normal"].element.rPr.find(qn("w:spacing")).get(qn("w:val"))) / 20
    assert 28 * (16 + spacing) <= 156 / 25.4 * 72 < 29 * (16 + spacing)
    assert opinion.styles["Normal"].paragraph_format.line_spacing == Pt(29.0)


def test_opinion_fonts_follow_the_standard(opinion):
    paragraphs = opinion.paragraphs
    title = paragraphs[0]
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert east_asian_font(title.runs[0]) == "方正小标宋简体" and title.runs[0].font.size == Pt(22)
    normal = opinion.styles["Normal"]
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312" and normal.font.size == Pt(16)
    headings = {p.text: east_asian_font(p.runs[0]) for p in paragraphs
                if re.match("^[一二三]、|^（[一二三四五]）", p.text)}
    assert headings["一、审查情况"] == headings["三、具体意见"] == "黑体"
    assert headings["（三）目标要求降低"] == "楷体_GB2312"
    body = next(p for p in paragraphs if p.text.startswith("1."))
    assert east_asian_font(body.runs[0]) is None  # the Normal style's 仿宋
    assert body.paragraph_format.first_line_indent == Pt(32)


def test_opinion_page_numbers_between_dashes_odd_right_even_left(opinion):
    section = opinion.sections[0]
    assert opinion.settings.odd_and_even_pages_header_footer
    for footer, alignment, indent in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right_indent"),
                                      (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left_indent")):
        paragraph = footer.paragraphs[0]
        instructions = [t.text for t in paragraph._p.iter(qn("w:instrText"))]
        assert instructions == [" PAGE "]
        assert paragraph.text == "— 1 —"  # the field's cached result between the dashes
        assert paragraph.alignment == alignment
        assert getattr(paragraph.paragraph_format, indent) == Pt(14)
        assert {east_asian_font(r) for r in paragraph.runs} == {"宋体"}


def test_opinion_states_what_was_reviewed_and_concludes(opinion, review):
    text = body_text(opinion)
    assert text.startswith("关于《示例县2025年法治政府建设工作计划》的审查意见")
    for plan in (review.analysis.draft, review.analysis.baseline, review.analysis.scheme):
        assert f"《{plan.title}》" in text and f"共{len(plan.tasks)}项任务" in text
    errors = sum(1 for f in about_draft(review.findings) if f.severity == "error")
    assert f"须修改的问题{errors}处" in text and "请修改完善后重新报送审查" in text


def test_every_finding_about_the_draft_is_in_the_opinion_under_its_heading(opinion, review):
    text = body_text(opinion)
    concerned = about_draft(review.findings)
    assert concerned
    for finding in concerned:
        assert expected_line(finding) in text, finding
    left_out = [f for f in review.findings if f not in concerned]
    assert left_out and all(f.against == "baseline" for f in left_out)  # scheme items last year left out
    for finding in left_out:
        assert expected_line(finding) not in text
    headings = [p.text for p in opinion.paragraphs if p.text.startswith("（")]
    assert headings == ["（一）上年任务未予延续", "（二）牵头单位和责任单位缺失或不明确", "（三）目标要求降低",
                        "（四）实施方案任务未落实", "（五）文字表述和编号"]


def test_a_finding_names_its_task_quotes_evidence_and_asks_for_a_change(opinion):
    item = next(p.text for p in opinion.paragraphs if "100%降为95%" in p.text)
    assert item.startswith("1.草案第11项“严格落实重大行政决策程序”（对应去年计划第10项")
    assert "去年：“" in item and "合法性审查率达到100%”" in item
    assert item.endswith("建议保持不低于上年计划的目标要求，确需调整的说明理由。")


def test_opinion_is_signed_by_the_bureau_reviewer_and_date(opinion, review):
    tail = [p.text for p in opinion.paragraphs if p.text][-4:]
    assert tail == ["以上意见，请研究采纳。", "审查人：王审查", "示例县司法局", "2026年12月4日"]
    blank = open_docx(render_opinion(review.analysis, review.findings, DocumentSettings()))
    today = datetime.date.today()
    assert [p.text for p in blank.paragraphs if p.text][-3:] == \
        ["审查人：________", "（审查单位）", f"{today.year}年{today.month}月{today.day}日"]


def test_opinion_without_findings_says_the_draft_passes(review):
    text = body_text(open_docx(render_opinion(review.analysis, (), SETTINGS)))
    assert "草案符合要求，未发现需要修改的问题。" in text and "三、具体意见" not in text


def test_reviewer_decisions_apply_to_the_opinion(tmp_path, draft_docx):
    shutil.copy(draft_docx, tmp_path / draft_docx.name)
    (tmp_path / "plancheck-decisions.json").write_text(json.dumps(
        {"alignment": [{"baseline": 16, "draft": 16, "decision": "reject"}]}), encoding="utf-8")
    decided = review_files(tmp_path / draft_docx.name, EXAMPLES / "plan_2024.txt")
    text = body_text(open_docx(render_opinion(decided.analysis, decided.findings, SETTINGS)))
    assert "由每季度一次降为每半年一次" not in text
    assert "去年第16项任务“开展行政执法案卷评查”在草案中没有对应任务" in text


# ---- 新旧对照表 ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def comparison(review):
    return open_docx(render_comparison(review.analysis, review.findings, SETTINGS))


def test_comparison_is_landscape_a4_with_a_repeated_header_row(comparison):
    section = comparison.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert mm(section.page_width, section.page_height) == (297, 210)
    table = comparison.tables[0]
    assert tuple(c.text for c in table.rows[0].cells) == HEADERS
    assert is_header_row(table.rows[0]) and not any(is_header_row(r) for r in table.rows[1:])


def cell_head(task) -> str:
    return f"{task.number}.{task.title}"


def test_every_changed_pair_dropped_and_added_task_is_a_row_in_draft_order(comparison, review):
    analysis = review.analysis
    rows = [tuple(c.text.split("\n")[0] for c in row.cells) for row in comparison.tables[0].rows[1:]]
    changed = [p for p in analysis.alignment
               if p.kind != "carried" or any(s.op for s in p.redline.spans)]
    assert changed
    for pair in changed:
        old, new = analysis.baseline.tasks[pair.baseline - 1], analysis.draft.tasks[pair.draft - 1]
        assert (cell_head(old), cell_head(new)) in [r[:2] for r in rows], pair
    for index in analysis.dropped:
        assert (cell_head(analysis.baseline.tasks[index - 1]), "（删除）", "删除") in rows
    for index in analysis.added:
        assert ("（新增）", cell_head(analysis.draft.tasks[index - 1]), "新增") in rows
    unchanged = [p for p in analysis.alignment if p not in changed and p.kind == "carried"
                 and not any(s.op for s in p.redline.spans)]
    heads = {r[1] for r in rows}
    assert any(cell_head(analysis.draft.tasks[p.draft - 1]) not in heads for p in unchanged)
    numbers = [int(r[1].split(".")[0]) for r in rows if r[1] != "（删除）"]
    assert numbers == sorted(numbers)


def runs_of(cell):
    return [run for paragraph in cell.paragraphs for run in paragraph.runs]


def row_of(comparison, draft_head: str):
    return next(row for row in comparison.tables[0].rows if row.cells[1].text.startswith(draft_head))


def test_redline_strikes_deletions_in_red_and_underlines_insertions(comparison):
    row = row_of(comparison, "11.严格落实重大行政决策程序")
    deleted = [r for r in row.cells[0].paragraphs[1].runs if r.font.strike]
    inserted = [r for r in row.cells[1].paragraphs[1].runs if r.font.underline]
    assert [r.text for r in deleted] == ["100%"]  # a changed number is changed whole
    assert [r.text for r in inserted] == ["95%"]
    assert deleted[0].font.color.rgb == docx.shared.RGBColor(0xC0, 0, 0)
    assert not any(r.font.strike for r in runs_of(row.cells[1]))
    targets = {r.text: (r.font.strike, r.font.underline) for r in row.cells[0].paragraphs[-1].runs}
    assert targets["达到100%"] == (True, None)  # the target as a unit of its own, removed
    assert "目标要求降低：重大行政决策合法性审查率由100%降为95%" in row.cells[2].text


def test_units_are_in_the_cells_and_a_whole_dropped_task_is_struck(comparison, review):
    row = row_of(comparison, "13.发挥法律顾问和公职律师作用")
    assert "牵头单位：县司法局" in row.cells[0].text and "牵头单位" not in row.cells[1].text
    struck = {r.text for r in runs_of(row.cells[0]) if r.font.strike}
    assert "县司法局" in struck
    dropped = review.analysis.baseline.tasks[review.analysis.dropped[0] - 1]
    row = next(r for r in comparison.tables[0].rows if r.cells[0].text.startswith(cell_head(dropped)))
    text_runs = [r for r in row.cells[0].paragraphs[1].runs if r.text.strip()]
    assert text_runs and all(r.font.strike for r in text_runs)


def test_comparison_without_a_baseline_says_so(draft_docx):
    alone = review_files(draft_docx)
    document = open_docx(render_comparison(alone.analysis, alone.findings, SETTINGS))
    assert not document.tables and NO_BASELINE in body_text(document)


# ---- 批注稿 ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def annotated(review):
    return open_docx(render_annotated(review.analysis, review.findings, SETTINGS))


def test_annotated_draft_keeps_paragraphs_numbering_styles_tables_and_header(annotated, draft_docx):
    original = docx.Document(draft_docx)
    assert [p.text for p in annotated.paragraphs] == [p.text for p in original.paragraphs]
    assert [p.style.name for p in annotated.paragraphs] == [p.style.name for p in original.paragraphs]
    assert annotated.part.numbering_part.blob == original.part.numbering_part.blob
    assert annotated.styles.element.xml == original.styles.element.xml
    assert [[c.text for c in row.cells] for row in annotated.tables[0].rows] == [list(r) for r in CONTACTS]
    assert annotated.sections[0].header.paragraphs[0].text == HEADER_TEXT
    assert not list(original.comments)


def comment_ids(paragraph) -> set[str]:
    return {e.get(qn("w:id")) for e in paragraph._p.iter(qn("w:commentRangeStart"))}


def test_each_task_with_a_finding_has_a_comment_on_its_paragraph(annotated, review):
    comments = {str(c.comment_id): c for c in annotated.comments}
    assert {c.author for c in comments.values()} == {"王审查"}
    by_paragraph = {p.text: [comments[i].text for i in comment_ids(p)] for p in annotated.paragraphs}
    draft = review.analysis.draft
    for finding in about_draft(review.findings):
        if finding.document == "draft":
            for index in filter(None, (finding.task, *finding.tasks)):
                paragraph_text = draft.tasks[index - 1].text
                texts = next(v for k, v in by_paragraph.items() if k and paragraph_text.startswith(k[:30]))
                assert any(expected_line(finding) in t for t in texts), finding
        else:  # a dropped task or a scheme item: no paragraph of its own, so on the title
            assert any(expected_line(finding) in t for t in by_paragraph[draft.title]), finding
    commented = sum(1 for p in annotated.paragraphs if comment_ids(p))
    tasks = {i for f in about_draft(review.findings) if f.document == "draft" for i in (f.task, *f.tasks) if i}
    assert commented == len(tasks) + 1  # the title carries the general comment


def test_a_comment_says_the_rule_the_finding_and_the_change(annotated):
    texts = [c.text for c in annotated.comments]
    assert any(t.startswith("【缺少牵头单位】第13项任务“发挥法律顾问和公职律师作用”只标注了责任单位")
               and t.endswith("建议明确该项任务的牵头单位。") for t in texts)


def test_a_task_in_a_table_row_is_commented_in_its_row(tmp_path):
    """A row's task is numbered as its table plus the row, like the paragraphs after the table."""
    document = docx.Document()
    document.add_paragraph("白桦市2025年法治政府建设工作计划")
    rows = (("序号", "工作任务", "牵头单位", "责任单位"),
            ("1", "加强行政规范性文件监督管理,备案审查率达到100%。", "市司法局", "市直各部门"),
            ("2", "开展规范性文件清理,年底前完成清理。", "", "市直各部门"))
    table = document.add_table(rows=len(rows), cols=4)
    for row, texts in zip(table.rows, rows):
        for cell, text in zip(row.cells, texts):
            cell.text = text
    for text in ("附件:联系人名单", "联系人:李明"):
        document.add_paragraph(text)
    document.save(tmp_path / "白桦市草案.docx")
    plan = review_files(tmp_path / "白桦市草案.docx")
    assert [(f.rule, f.task) for f in plan.findings] == [("missing-lead-unit", 2)]
    annotated = open_docx(render_annotated(plan.analysis, plan.findings, SETTINGS))
    commented = [p for p in annotated.paragraphs if comment_ids(p)]
    cells = [p for p in annotated.tables[0].rows[2].cells[1].paragraphs if comment_ids(p)]
    assert not commented and [p.text for p in cells] == ["开展规范性文件清理,年底前完成清理。"]


def test_a_docx_python_docx_cannot_open_gets_no_annotated_copy(tmp_path, draft_docx):
    """A .docx whose main part says it has macros: the reader takes it, python-docx does not."""
    macro = tmp_path / "带宏的草案.docx"
    with zipfile.ZipFile(draft_docx) as source, zipfile.ZipFile(macro, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                                    b"vnd.ms-word.document.macroEnabled.main+xml")
            target.writestr(item, data)
    plan = review_files(macro)
    assert plan.analysis.draft.tasks
    with pytest.raises(NotAnnotatable, match="草案“带宏的草案.docx”无法打开以加批注"):
        render_annotated(plan.analysis, plan.findings, SETTINGS)


def test_a_draft_that_is_not_docx_gets_no_annotated_copy():
    plain = review_files(EXAMPLES / "plan_2025.txt", EXAMPLES / "plan_2024.txt")
    with pytest.raises(NotAnnotatable, match="草案“plan_2025.txt”不是 Word"):
        render_annotated(plain.analysis, plain.findings, SETTINGS)


# ---- settings and the command line ----------------------------------------------------------------

def test_settings_from_plancheck_toml_and_options(tmp_path):
    config = tmp_path / "plancheck.toml"
    config.write_text('[document]\nbureau = "白桦市司法局"\nreviewer = "赵审查"\ndate = 2026-11-30\n',
                      encoding="utf-8")
    assert document_settings(draft=tmp_path / "draft.docx") == \
        DocumentSettings("白桦市司法局", "赵审查", datetime.date(2026, 11, 30))
    assert document_settings(config, reviewer="钱审查", date="2026-12-01") == \
        DocumentSettings("白桦市司法局", "钱审查", datetime.date(2026, 12, 1))
    assert document_settings(draft=tmp_path / "elsewhere" / "draft.docx") == DocumentSettings()
    config.write_text('[document]\ndate = "12月1日"\n', encoding="utf-8")
    with pytest.raises(OutputError, match="配置文件“plancheck.toml”的 \\[document\\] date有误"):
        document_settings(config)
