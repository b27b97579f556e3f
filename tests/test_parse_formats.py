"""One plan, five formats: .txt in GB18030, .docx with Word's automatic numbering, .pdf, a saved web page
and an .xlsx task table all parse to the same tasks and units."""
from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from test_read_docx import add_list, level, numbered

from plancheck.plans import load_plan

TITLE = "示例县2024年法治政府建设工作计划"
SECTIONS = [
    ("深入学习贯彻习近平法治思想", [
        ("推动学习宣传贯彻习近平法治思想走深走实", "将习近平法治思想纳入县政府常务会议学习内容,全年集中宣讲不少于10场。",
         "县政府办公室、县司法局", "县政府各部门、各镇人民政府(街道办事处)"),
        ("压实法治建设第一责任人职责", "党政主要负责人每年听取法治政府建设工作汇报不少于2次。",
         "县委依法治县办", "县政府各部门"),
    ]),
    ("健全行政执法工作体系", [
        ("全面落实行政执法三项制度", "严格执行行政执法公示、执法全过程记录、重大执法决定法制审核制度。",
         "县司法局", "县政府各行政执法部门"),
        ("常态化开展行政执法案卷评查", "每季度组织一次行政执法案卷集中评查,评查结果纳入法治政府建设考核。",
         "县司法局", "县直各行政执法部门、各镇人民政府(街道办事处)"),
        ("加强行政复议和行政应诉工作", "行政机关负责人出庭应诉率达到100%。",
         "县司法局", "县直有关部门"),
    ]),
]
CN = "一二三四五六七八九十"


def _task_lines() -> list[tuple[str, str]]:
    """(kind, text) of the plan in reading order; tasks end with their unit block."""
    out, number = [], 0
    for s, (heading, tasks) in enumerate(SECTIONS):
        out.append(("section", heading))
        for title, body, lead, responsible in tasks:
            number += 1
            out.append(("task", f"{title}。{body}〔牵头单位:{lead};责任单位:{responsible}〕"))
    return out


def _plain_lines() -> list[str]:
    lines, s, t = [TITLE], 0, 0
    for kind, text in _task_lines():
        if kind == "section":
            lines.append(f"{CN[s]}、{text}")
            s += 1
        else:
            t += 1
            lines.append(f"{t}.{text}")
    return lines


def write_txt(folder: Path) -> Path:
    path = folder / "plan.txt"
    path.write_bytes(("\n".join(_plain_lines()) + "\n").encode("gb18030"))
    return path


def write_docx(folder: Path) -> Path:
    """Section and task numbers come from numbering.xml, not from the paragraph text."""
    document = docx.Document()
    document.add_paragraph(TITLE)
    list_id = add_list(document, 7, level(0, "chineseCounting", "%1、"),
                       level(1, "decimal", "%2.", extra='<w:lvlRestart w:val="0"/>'))
    for kind, text in _task_lines():
        numbered(document, text, list_id, 0 if kind == "section" else 1)
    path = folder / "plan.docx"
    document.save(path)
    return path


def write_pdf(folder: Path) -> Path:
    """Lines broken at the page width, two pages, a `- N -` footer on each."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    wrapped = []
    for line in _plain_lines():
        wrapped.extend(line[i:i + 30] for i in range(0, len(line), 30))
    path = folder / "plan.pdf"
    pdf = canvas.Canvas(str(path))
    for page, chunk in enumerate((wrapped[:12], wrapped[12:]), start=1):
        pdf.setFont("STSong-Light", 12)
        for row, text in enumerate(chunk):
            pdf.drawString(50, 790 - 22 * row, text)
        pdf.drawCentredString(297, 40, f"- {page} -")
        pdf.showPage()
    pdf.save()
    return path


def write_html(folder: Path) -> Path:
    body = "".join(f"<p>{line}</p>" for line in _plain_lines()[1:])
    page = (f"<!DOCTYPE html><html><head><meta charset='gb2312'><title>{TITLE}_示例县人民政府</title></head>"
            "<body><div class='nav'><a href='/'>首页</a><a href='/zwgk'>政务公开</a></div>"
            "<div class='position'>当前位置:首页 > 政务公开 > 计划总结</div>"
            f"<div class='article'><h1>{TITLE}</h1><div class='TRS_Editor'>{body}</div></div>"
            "<div class='footer'>主办:示例县人民政府办公室 地址:示例县人民路1号</div></body></html>")
    path = folder / "plan.html"
    path.write_bytes(page.encode("gb18030"))
    return path


def write_xlsx(folder: Path) -> Path:
    """A task-division table with a merged title row and the section as a column."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([f"{TITLE}任务分工表"])
    sheet.merge_cells("A1:E1")
    sheet.append(["序号", "工作类别", "重点任务", "牵头单位", "责任单位"])
    number = 0
    for s, (heading, tasks) in enumerate(SECTIONS):
        for title, body, lead, responsible in tasks:
            number += 1
            sheet.append([number, f"{CN[s]}、{heading}", f"{title}。{body}", lead.replace("、", "\n"), responsible])
    path = folder / "plan.xlsx"
    book.save(path)
    return path


def _summary(path: Path) -> list[tuple]:
    plan = load_plan(path)
    return [(t.title, t.lead_units, t.responsible_units, t.section_number) for t in plan.tasks]


EXPECTED = [
    (title, tuple(lead.split("、")), tuple(responsible.split("、")), CN[s])
    for s, (_, tasks) in enumerate(SECTIONS) for title, _, lead, responsible in tasks
]


@pytest.mark.parametrize("writer", [write_txt, write_docx, write_pdf, write_html, write_xlsx],
                         ids=["txt-gb18030", "docx-autonumbered", "pdf", "html", "xlsx"])
def test_every_format_gives_the_same_tasks_and_units(tmp_path, writer):
    assert _summary(writer(tmp_path)) == EXPECTED


@pytest.mark.parametrize("writer", [write_txt, write_docx, write_pdf, write_html, write_xlsx],
                         ids=["txt-gb18030", "docx-autonumbered", "pdf", "html", "xlsx"])
def test_every_format_reads_title_and_year(tmp_path, writer):
    plan = load_plan(writer(tmp_path))
    assert plan.year == 2024
    assert TITLE in plan.title
