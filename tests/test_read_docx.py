"""The .docx reader: body text in order, Word's automatic list numbers printed, merged cells, bad files."""
from __future__ import annotations

import random
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from plancheck.plans import load_plan
from plancheck.plans.document import MERGED, Line, Table
from plancheck.plans.errors import PlanInputError
from plancheck.plans.readers import docx as docx_reader
from plancheck.plans.readers.docx import read_docx
from plancheck.plans.readers.docx_numbering import format_number

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

HEADINGS = [
    "持续推进学习宣传贯彻习近平法治思想",
    "压实法治政府建设第一责任人职责",
    "健全政府机构职能体系",
    "加强依法行政制度建设",
    "推进重大行政决策科学化民主化法治化",
    "深化行政执法体制改革",
    "严格规范公正文明执法",
    "加强突发事件应对体系建设",
    "有效预防调处化解社会矛盾纠纷",
    "强化行政权力制约和监督",
    "全面推进数字法治政府建设",
]
TASK_1 = "推动学习宣传贯彻习近平法治思想走深走实。〔牵头单位:县司法局;责任单位:县政府各部门〕"
TASK_2 = "将法治政府建设与经济社会发展同部署、同推进、同考核、同奖惩。〔牵头单位:县政府办公室〕"
TASK_3 = "县政府常务会议定期研究法治工作。〔牵头单位:县政府办公室、县司法局〕"


# ---- building real Word numbering ----------------------------------------------------------------

def level(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    """A w:lvl; `extra` holds elements that sit between numFmt and lvlText (lvlRestart, pStyle, suff)."""
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{extra}'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>')


def add_abstract(document, abstract_id: int, *levels: str) -> None:
    """Define an abstractNum; the schema wants every abstractNum before the first w:num."""
    numbering = document.part.numbering_part.element
    abstract = parse_xml(f'<w:abstractNum {W} w:abstractNumId="{abstract_id}">'
                         f'<w:multiLevelType w:val="multilevel"/>{"".join(levels)}</w:abstractNum>')
    first_num = numbering.find(qn("w:num"))
    if first_num is None:
        numbering.append(abstract)
    else:
        first_num.addprevious(abstract)


def add_num(document, num_id: int, abstract_id: int, overrides: str = "") -> None:
    numbering = document.part.numbering_part.element
    numbering.append(parse_xml(f'<w:num {W} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
                               f'{overrides}</w:num>'))


def add_list(document, list_id: int, *levels: str) -> int:
    """An abstractNum and one num using it, both with id `list_id`."""
    add_abstract(document, list_id, *levels)
    add_num(document, list_id, list_id)
    return list_id


def set_num_pr(p_pr, num_id: int, ilvl: int | None = None) -> None:
    num_pr = p_pr.get_or_add_numPr()
    if ilvl is not None:
        num_pr.get_or_add_ilvl().val = ilvl
    num_pr.get_or_add_numId().val = num_id


def numbered(document, text: str, num_id: int, ilvl: int = 0, style: str | None = None):
    paragraph = document.add_paragraph(text, style=style)
    set_num_pr(paragraph._p.get_or_add_pPr(), num_id, ilvl)
    return paragraph


def plan_style(document, name: str, num_id: int | None = None, based_on: str | None = None):
    """A paragraph style, optionally linked to a list through its own pPr/numPr."""
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if based_on:
        style.base_style = document.styles[based_on]
    if num_id is not None:
        set_num_pr(style.element.get_or_add_pPr(), num_id)
    return style


def read(document, tmp_path: Path) -> list[str]:
    path = tmp_path / "plan.docx"
    document.save(path)
    return [line.text for line in read_docx(path).lines]


# ---- numbering ------------------------------------------------------------------------------------

def test_chinese_counting_headings_run_past_ten(tmp_path):
    document = docx.Document()
    headings = add_list(document, 100, level(0, "chineseCounting", "%1、"))
    for heading in HEADINGS:
        numbered(document, heading, headings)

    lines = read(document, tmp_path)

    assert lines[0] == "一、持续推进学习宣传贯彻习近平法治思想"
    assert lines[9] == "十、强化行政权力制约和监督"
    assert lines[10] == "十一、全面推进数字法治政府建设"


@pytest.mark.parametrize("pattern, first, second", [("（%2）", "（一）", "（二）"), ("(%2)", "(一)", "(二)")])
def test_sub_items_restart_under_each_heading(tmp_path, pattern, first, second):
    document = docx.Document()
    outline = add_list(document, 101, level(0, "chineseCounting", "%1、"),
                       level(1, "chineseCounting", pattern))
    numbered(document, HEADINGS[0], outline, 0)
    numbered(document, "加强学习培训", outline, 1)
    numbered(document, "深化宣传教育", outline, 1)
    numbered(document, HEADINGS[1], outline, 0)
    numbered(document, "落实年度报告制度", outline, 1)

    assert read(document, tmp_path) == [
        "一、" + HEADINGS[0], first + "加强学习培训", second + "深化宣传教育",
        "二、" + HEADINGS[1], first + "落实年度报告制度",
    ]


def test_decimal_tasks_continue_across_sections(tmp_path):
    document = docx.Document()
    headings = add_list(document, 102, level(0, "chineseCounting", "%1、"))
    tasks = add_list(document, 103, level(0, "decimal", "%1."))
    numbered(document, HEADINGS[0], headings)
    numbered(document, TASK_1, tasks)
    numbered(document, HEADINGS[1], headings)
    numbered(document, TASK_2, tasks)
    numbered(document, TASK_3, tasks)

    assert read(document, tmp_path) == [
        "一、持续推进学习宣传贯彻习近平法治思想",
        "1.推动学习宣传贯彻习近平法治思想走深走实。〔牵头单位:县司法局;责任单位:县政府各部门〕",
        "二、压实法治政府建设第一责任人职责",
        "2." + TASK_2,
        "3." + TASK_3,
    ]


def test_level_without_restart_continues_under_next_heading(tmp_path):
    document = docx.Document()
    outline = add_list(document, 104, level(0, "chineseCounting", "%1、"),
                       level(1, "decimal", "%2.", extra='<w:lvlRestart w:val="0"/>'))
    numbered(document, HEADINGS[0], outline, 0)
    numbered(document, TASK_1, outline, 1)
    numbered(document, HEADINGS[1], outline, 0)
    numbered(document, TASK_2, outline, 1)

    assert read(document, tmp_path)[3] == "2." + TASK_2


def test_lists_sharing_a_definition_share_the_count_until_a_start_override(tmp_path):
    document = docx.Document()
    add_abstract(document, 105, level(0, "decimal", "%1."))
    add_num(document, 105, 105)
    add_num(document, 106, 105)
    add_num(document, 107, 105, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride>')
    numbered(document, "甲", 105)
    numbered(document, "乙", 106)
    numbered(document, "丙", 107)
    numbered(document, "丁", 107)

    assert read(document, tmp_path) == ["1.甲", "2.乙", "5.丙", "6.丁"]


def test_enclosed_circle_and_bullets(tmp_path):
    document = docx.Document()
    circled = add_list(document, 108, level(0, "decimalEnclosedCircle", "%1"))
    bullets = add_list(document, 109, level(0, "bullet", "\uf0b7"))
    numbered(document, "完善行政规范性文件制定程序", circled)
    numbered(document, "开展规范性文件清理", circled)
    numbered(document, "要点", bullets)

    assert read(document, tmp_path) == ["①完善行政规范性文件制定程序", "②开展规范性文件清理", "要点"]


def test_separator_after_bare_numbers_and_legal_numbering(tmp_path):
    document = docx.Document()
    chapters = add_list(document, 110, level(0, "chineseCounting", "第%1章"),
                        level(1, "decimal", "%1.%2", extra='<w:isLgl/><w:suff w:val="nothing"/>'),
                        level(2, "decimal", "%3．"))
    numbered(document, "总则", chapters, 0)
    numbered(document, "适用范围", chapters, 1)
    numbered(document, "职责", chapters, 2)

    assert read(document, tmp_path) == ["第一章 总则", "1.1适用范围", "1．职责"]


def test_numbering_inherited_from_paragraph_styles(tmp_path):
    document = docx.Document()
    outline = add_list(document, 111,
                       level(0, "chineseCounting", "%1、", extra='<w:pStyle w:val="PlanHeading"/>'),
                       level(1, "chineseCounting", "（%2）", extra='<w:pStyle w:val="PlanItem"/>'))
    plan_style(document, "PlanHeading", num_id=outline)
    plan_style(document, "PlanItem", num_id=outline)
    plan_style(document, "PlanItemBold", based_on="PlanItem")
    document.add_paragraph(HEADINGS[0], style="PlanHeading")
    document.add_paragraph("加强学习培训", style="PlanItem")
    document.add_paragraph("深化宣传教育", style="PlanItemBold")
    unnumbered = document.add_paragraph("附:任务分工表", style="PlanHeading")
    set_num_pr(unnumbered._p.get_or_add_pPr(), 0)  # numId 0 switches the style's list off
    document.add_paragraph(HEADINGS[1], style="PlanHeading")
    document.add_paragraph("落实年度报告制度", style="PlanItem")

    assert read(document, tmp_path) == [
        "一、" + HEADINGS[0], "（一）加强学习培训", "（二）深化宣传教育", "附:任务分工表",
        "二、" + HEADINGS[1], "（一）落实年度报告制度",
    ]


def test_list_reached_through_a_numbering_style_link(tmp_path):
    document = docx.Document()
    add_abstract(document, 112, '<w:styleLink w:val="PlanList"/>', level(0, "chineseCounting", "%1、"))
    add_num(document, 112, 112)
    add_abstract(document, 113, '<w:numStyleLink w:val="PlanList"/>')
    add_num(document, 113, 113)
    list_style = document.styles.add_style("PlanList", WD_STYLE_TYPE.LIST)
    set_num_pr(list_style.element.get_or_add_pPr(), 112)
    numbered(document, HEADINGS[0], 113)
    numbered(document, HEADINGS[1], 113)

    assert read(document, tmp_path) == ["一、" + HEADINGS[0], "二、" + HEADINGS[1]]


def test_builtin_list_number_style(tmp_path):
    document = docx.Document()
    document.add_paragraph(TASK_1, style="List Number")
    document.add_paragraph(TASK_2, style="List Number")

    assert read(document, tmp_path) == ["1." + TASK_1, "2." + TASK_2]


@pytest.mark.parametrize("value, fmt, expected", [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (11, "chineseCounting", "十一"),
    (20, "chineseCounting", "二十"), (22, "chineseCounting", "二十二"), (101, "chineseCounting", "一百零一"),
    (110, "chineseCountingThousand", "一百一十"), (10010, "chineseCounting", "一万零一十"),
    (11, "chineseLegalSimplified", "壹拾壹"), (11, "japaneseCounting", "十一"),
    (101, "japaneseCounting", "百一"), (3, "ideographTraditional", "丙"), (10, "ideographDigital", "一〇"),
    (21, "decimalEnclosedCircle", "21"), (3, "decimalEnclosedParen", "⑶"), (12, "decimalFullWidth", "１２"),
    (27, "lowerLetter", "aa"), (2, "upperLetter", "B"), (4, "lowerRoman", "iv"),
    (1994, "upperRoman", "MCMXCIV"), (7, "decimalZero", "07"), (5, "bullet", ""), (5, "hebrew1", "5"),
])
def test_number_formats(value, fmt, expected):
    assert format_number(value, fmt) == expected


# ---- body text and tables ------------------------------------------------------------------------

def test_paragraphs_and_tables_in_body_order_with_merged_cells(tmp_path):
    document = docx.Document()
    document.add_paragraph("XX 县 2023 年法治政府建设工作计划")
    document.add_paragraph("")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).text = "重点任务"
    table.cell(0, 2).text = "牵头单位"
    table.cell(0, 0).merge(table.cell(0, 1))
    table.cell(1, 0).text = "严格规范公正文明执法"
    table.cell(1, 0).merge(table.cell(2, 0))
    table.cell(1, 1).text = "开展行政执法案卷评查"
    table.cell(1, 2).text = "县司法局"
    table.cell(2, 1).text = "规范涉企行政检查"
    table.cell(2, 2).text = "县公安局"
    table.cell(2, 2).add_paragraph("县市场监管局")
    document.add_paragraph("县人民政府办公室")
    path = tmp_path / "plan.docx"
    document.save(path)

    blocks = read_docx(path).blocks

    assert blocks == (
        Line("XX 县 2023 年法治政府建设工作计划", None, 1),
        Table(rows=(("重点任务", MERGED, "牵头单位"),
                    ("严格规范公正文明执法", "开展行政执法案卷评查", "县司法局"),
                    (MERGED, "规范涉企行政检查", "县公安局\n县市场监管局")), page=None, line=3, merges_known=True),
        Line("县人民政府办公室", None, 4),
    )


def test_vmerged_unit_reaches_both_tasks_but_a_blank_one_stays_blank(tmp_path):
    """A 责任单位 merged over two rows belongs to both tasks; an empty cell is a defect to report."""
    document = docx.Document()
    rows = [("序号", "重点任务", "牵头单位", "责任单位", "完成时限"),
            ("1", "推进综合行政执法改革。", "县司法局", "县公安局", "2024年12月底"),
            ("2", "规范涉企行政检查。", "县市场监管局", "", "长期坚持"),
            ("3", "加强行政执法监督。", "县司法局", "", "2024年6月底")]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(1, 3).merge(table.cell(2, 3))
    path = tmp_path / "plan.docx"
    document.save(path)

    assert [row[3] for row in read_docx(path).tables[0].rows[1:]] == ["县公安局", MERGED, ""]
    assert [(t.text, t.lead_units, t.responsible_units) for t in load_plan(path).tasks] == [
        ("推进综合行政执法改革。", ("县司法局",), ("县公安局",)),
        ("规范涉企行政检查。", ("县市场监管局",), ("县公安局",)),
        ("加强行政执法监督。", ("县司法局",), ()),
    ]


def test_tasks_in_running_text_take_their_units_from_the_annex_table(tmp_path):
    """The plan lists its tasks without units; the 附件 任务分工表 gives each task's units."""
    document = docx.Document()
    document.add_paragraph("示例县2024年法治政府建设工作计划")
    document.add_paragraph("一、深入推进依法行政")
    document.add_paragraph("(一)加强行政规范性文件管理。严格落实合法性审核机制,审核率达到100%。")
    document.add_paragraph("(二)严格重大行政决策程序。落实公众参与、专家论证等法定程序。")
    document.add_paragraph("二、严格规范公正文明执法")
    document.add_paragraph("(三)全面落实行政执法三项制度。严格执行行政执法公示制度。")
    document.add_paragraph("附件:示例县2024年法治政府建设重点任务分工表")
    rows = [("序号", "重点任务", "牵头单位", "责任单位", "完成时限"),
            ("1", "加强行政规范性文件管理", "县司法局", "县直各部门", "2024年12月底"),
            ("2", "严格重大行政决策程序", "县政府办公室", "县直各部门", "2024年12月底"),
            ("3", "全面落实行政执法三项制度", "", "县直各行政执法部门", "2024年6月底")]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(2, 2).merge(table.cell(3, 2))
    path = tmp_path / "plan.docx"
    document.save(path)

    plan = load_plan(path)
    assert [t.number for t in plan.tasks] == ["(一)", "(二)", "(三)"]
    assert [t.section_number for t in plan.tasks] == ["一", "一", "二"]
    assert plan.tasks[0].text == "加强行政规范性文件管理。严格落实合法性审核机制,审核率达到100%。"
    assert [(t.lead_units, t.responsible_units, t.deadline) for t in plan.tasks] == [
        (("县司法局",), ("县直各部门",), "2024年12月底"),
        (("县政府办公室",), ("县直各部门",), "2024年12月底"),
        (("县政府办公室",), ("县直各行政执法部门",), "2024年6月底"),  # the merged lead cell reaches down
    ]


def test_section_headings_with_units_and_tasks_below(tmp_path):
    document = docx.Document()
    for text in ("示例市2025年法治政府建设工作要点", "一、持续深化“放管服”改革", "牵头单位:市政务服务中心  责任单位:市直各部门",
                 "1.全面落实行政许可事项清单管理。", "2.推进证明事项告知承诺制,网上可办率达到95%以上。",
                 "二、加强行政执法监督", "牵头单位:市司法局  责任单位:市直各行政执法部门",
                 "3.开展行政执法案卷评查,每半年一次。", "4.推行行政执法责任制。(牵头单位:市司法局;责任单位:市公安局)"):
        document.add_paragraph(text)
    path = tmp_path / "plan.docx"
    document.save(path)

    assert [(t.lead_units, t.responsible_units) for t in load_plan(path).tasks] == [
        (("市政务服务中心",), ("市直各部门",)),
        (("市政务服务中心",), ("市直各部门",)),
        (("市司法局",), ("市直各行政执法部门",)),
        (("市司法局",), ("市公安局",)),
    ]


def test_headers_footers_hidden_and_deleted_text_are_not_body_text(tmp_path):
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "XX 县人民政府文件"
    document.sections[0].footer.paragraphs[0].text = "- 1 -"
    paragraph = document.add_paragraph("加强行政复议")
    paragraph.add_run("(内部备注)").font.hidden = True
    paragraph.add_run("应诉工作")
    revised = document.add_paragraph()
    revised._p.append(parse_xml(
        f'<w:del {W} w:id="1" w:author="a"><w:r><w:delText>旧的表述</w:delText></w:r></w:del>'))
    revised._p.append(parse_xml(f'<w:ins {W} w:id="2" w:author="a"><w:r><w:t>新的表述</w:t></w:r></w:ins>'))
    broken = document.add_paragraph("第一行")
    broken.runs[0].add_break()
    broken.add_run("第二行")

    assert read(document, tmp_path) == ["加强行政复议应诉工作", "新的表述", "第一行\n第二行"]


# ---- unusable files -------------------------------------------------------------------------------

def assert_chinese_refusal(error: PlanInputError, path: Path, cause_part: str) -> None:
    """The user sees one Chinese sentence naming the file, never a Python exception's text."""
    message = str(error)
    assert message.startswith(f"无法读取“{path.name}”:")
    assert cause_part in error.cause
    assert "Error" not in message and "Traceback" not in message and "zip" not in message.lower()


def valid_docx_bytes(tmp_path: Path) -> bytes:
    document = docx.Document()
    document.add_paragraph(TASK_1 * 50)
    source = tmp_path / "source.docx"
    document.save(source)
    return source.read_bytes()


def test_random_bytes_named_docx(tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(random.Random(0).randbytes(4096))

    with pytest.raises(PlanInputError) as caught:
        read_docx(path)
    assert_chinese_refusal(caught.value, path, "已损坏")


def test_truncated_docx(tmp_path):
    path = tmp_path / "plan.docx"
    data = valid_docx_bytes(tmp_path)
    path.write_bytes(data[: len(data) // 2])

    with pytest.raises(PlanInputError) as caught:
        read_docx(path)
    assert_chinese_refusal(caught.value, path, "已损坏")


def test_damaged_document_part(tmp_path):
    path = tmp_path / "plan.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document><w:body><w:p>未闭合")

    with pytest.raises(PlanInputError) as caught:
        read_docx(path)
    assert_chinese_refusal(caught.value, path, "已损坏")


def test_old_doc_or_encrypted_file(tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))

    with pytest.raises(PlanInputError) as caught:
        read_docx(path)
    assert_chinese_refusal(caught.value, path, ".doc")


def test_zip_without_word_document(tmp_path):
    path = tmp_path / "plan.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")

    with pytest.raises(PlanInputError) as caught:
        read_docx(path)
    assert_chinese_refusal(caught.value, path, "没有 Word 正文")


def test_document_without_text(tmp_path):
    document = docx.Document()
    document.add_paragraph("   ")
    document.add_table(rows=2, cols=2)
    path = tmp_path / "plan.docx"
    document.save(path)

    with pytest.raises(PlanInputError) as caught:
        read_docx(path)
    assert_chinese_refusal(caught.value, path, "文档中没有任何文字")


def test_highly_compressed_member_is_refused(tmp_path):
    path = tmp_path / "plan.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<x/>")
        archive.writestr("word/media/image1.bin", bytes(11 * 1024 * 1024))

    with pytest.raises(PlanInputError) as caught:
        read_docx(path)
    assert_chinese_refusal(caught.value, path, "压缩炸弹")


def test_too_many_members_is_refused(tmp_path):
    path = tmp_path / "plan.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<x/>")
        for index in range(docx_reader.MAX_MEMBERS):
            archive.writestr(f"word/media/{index}.bin", b"")

    with pytest.raises(PlanInputError) as caught:
        read_docx(path)
    assert_chinese_refusal(caught.value, path, "压缩炸弹")


def test_too_large_when_unpacked_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "plan.docx"
    path.write_bytes(valid_docx_bytes(tmp_path))
    # Writing 200 MB in a unit test is wasteful; lower the ceiling below this small file instead.
    monkeypatch.setattr(docx_reader, "MAX_UNCOMPRESSED_BYTES", 1024)

    with pytest.raises(PlanInputError) as caught:
        read_docx(path)
    assert_chinese_refusal(caught.value, path, "解压后过大")
