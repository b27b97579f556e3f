"""The PDF reader: lines with pages, ruled tables as tables, and plain Chinese errors for unusable files."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from reportlab.lib import colors
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Table as GridTable
from reportlab.platypus import TableStyle

from plancheck.plans.document import Line, Table
from plancheck.plans.errors import PlanInputError
from plancheck.plans.readers import read_document
from plancheck.plans.readers.pdf import read_pdf
from plancheck.plans.tables import raw_tasks_from_table

# A CID font built into every PDF reader (Adobe-GB1): no font file to ship, and pdfminer maps it back.
FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

PAGE_1 = [
    "东湖区 2024 年法治政府建设工作计划",
    "一、深入学习贯彻习近平法治思想",
    "1.深入学习宣传贯彻习近平法治思想。把习近平法治思想作为",
    "区政府常务会议学法的重点内容。〔牵头单位:区司法局;责任单位:区政府各部门〕",
]
PAGE_2 = [
    "二、健全政府机构职能体系",
    "2.深化“放管服”改革,年内办理时限压缩 50% 以上。〔牵",
    "头单位:区政务服务中心;责任单位:各街道办事处〕",
]
TASK_HEADER = ["序号", "重点任务", "牵头单位", "完成时限"]


def _page(pdf: canvas.Canvas, lines: list[str], number: int) -> None:
    """Write lines top-down and the centred page-number footer used by government documents."""
    pdf.setFont(FONT, 12)
    for index, text in enumerate(lines):
        pdf.drawString(60, 780 - 24 * index, text)
    pdf.drawCentredString(297, 40, f"- {number} -")


def _grid(pdf: canvas.Canvas, rows: list[list[str]], top: float) -> None:
    """A ruled table, as Word draws task-division tables."""
    table = GridTable(rows, colWidths=[40, 250, 110, 80])
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 10), ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    _, height = table.wrapOn(pdf, 480, 700)
    table.drawOn(pdf, 60, top - height)


def write_plan_pdf(path: Path, **options: object) -> Path:
    pdf = canvas.Canvas(str(path), **options)
    _page(pdf, PAGE_1, 1)
    pdf.showPage()
    _page(pdf, PAGE_2, 2)
    pdf.save()
    return path


def write_table_pdf(path: Path) -> Path:
    """Text, then a task table that runs onto the next page, where Word repeats the header row."""
    pdf = canvas.Canvas(str(path))
    _page(pdf, ["附件", "重点任务分工表"], 1)
    _grid(pdf, [TASK_HEADER, ["1", "推进综合行政执法改革", "县司法局\n县公安局", "2024年底"]], top=720)
    pdf.showPage()
    _page(pdf, [], 2)
    _grid(pdf, [TASK_HEADER, ["2", "规范涉企行政检查", "县市场监管局", "长期"]], top=800)
    pdf.setFont(FONT, 12)
    pdf.drawString(60, 600, "表后说明文字。")
    pdf.save()
    return path


def test_lines_with_pages_and_running_numbers(tmp_path: Path) -> None:
    document = read_pdf(write_plan_pdf(tmp_path / "plan.pdf"))
    assert document.format == "pdf"
    expected = [(text, 1) for text in PAGE_1] + [("- 1 -", 1)] + [(text, 2) for text in PAGE_2] + [("- 2 -", 2)]
    assert document.blocks == tuple(
        Line(text=text, page=page, line=number) for number, (text, page) in enumerate(expected, start=1)
    )


def test_read_document_dispatches_pdf(tmp_path: Path) -> None:
    path = write_plan_pdf(tmp_path / "plan.pdf").rename(tmp_path / "计划")
    assert read_document(path).lines[0].text == PAGE_1[0]


def test_tables_are_blocks_and_their_text_is_not_repeated(tmp_path: Path) -> None:
    document = read_pdf(write_table_pdf(tmp_path / "table.pdf"))
    assert [(line.text, line.page) for line in document.lines] == [
        ("附件", 1), ("重点任务分工表", 1), ("- 1 -", 1), ("表后说明文字。", 2), ("- 2 -", 2),
    ]
    # The part on page 2 continues the table of page 1: one table, repeated header included.
    (table,) = document.tables
    assert table == Table(rows=(
        tuple(TASK_HEADER),
        ("1", "推进综合行政执法改革", "县司法局\n县公安局", "2024年底"),
        tuple(TASK_HEADER),
        ("2", "规范涉企行政检查", "县市场监管局", "长期"),
    ), page=1, line=3)
    tasks = raw_tasks_from_table(table)
    assert tasks is not None
    assert [(t.number, t.body, t.unit_fields) for t in tasks] == [
        ("1", "推进综合行政执法改革", (("牵头单位", "县司法局、县公安局"), ("完成时限", "2024年底"))),
        ("2", "规范涉企行政检查", (("牵头单位", "县市场监管局"), ("完成时限", "长期"))),
    ]


def test_encrypted_pdf(tmp_path: Path) -> None:
    path = write_plan_pdf(tmp_path / "plan.pdf", encrypt=StandardEncryption("secret", canPrint=0))
    with pytest.raises(PlanInputError, match="PDF 文件已加密"):
        read_pdf(path)


def test_permissions_only_encryption_is_read(tmp_path: Path) -> None:
    """No password to open, only copy restrictions: pdfminer garbles the CID font here, PDFium does not."""
    path = write_plan_pdf(tmp_path / "plan.pdf", encrypt=StandardEncryption("", ownerPassword="owner", canCopy=0))
    assert [line.text for line in read_pdf(path).lines] == PAGE_1 + ["- 1 -"] + PAGE_2 + ["- 2 -"]


def test_truncated_pdf(tmp_path: Path) -> None:
    data = write_plan_pdf(tmp_path / "full.pdf").read_bytes()
    path = tmp_path / "plan.pdf"
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(PlanInputError, match="PDF 文件已损坏"):
        read_pdf(path)


@pytest.mark.parametrize("head", [b"", b"%PDF-1.7\n"])
def test_random_bytes_named_pdf(tmp_path: Path, head: bytes) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(head + os.urandom(5000))
    with pytest.raises(PlanInputError, match="PDF 文件已损坏"):
        read_pdf(path)


def test_scanned_pdf_without_text(tmp_path: Path) -> None:
    """A scan: only images (here a drawn shape) and perhaps a page number added by the scanner."""
    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.rect(60, 300, 400, 400, fill=1)
    pdf.setFont("Helvetica", 10)
    pdf.drawCentredString(297, 40, "- 1 -")
    pdf.save()
    with pytest.raises(PlanInputError, match="可能是扫描件"):
        read_pdf(path)


def test_boxed_text_stays_running_text(tmp_path: Path) -> None:
    """A ruled box around a note is one cell, not a table."""
    path = tmp_path / "boxed.pdf"
    pdf = canvas.Canvas(str(path))
    _page(pdf, ["东湖区 2024 年法治政府建设工作计划"], 1)
    pdf.rect(50, 690, 300, 30)
    pdf.drawString(60, 700, "公开方式:主动公开")
    pdf.save()
    document = read_pdf(path)
    assert document.tables == ()
    assert [line.text for line in document.lines] == ["东湖区 2024 年法治政府建设工作计划", "公开方式:主动公开", "- 1 -"]
