"""Parse throughput per input format (characters per second) and the one-off start-up cost, measured apart.

Run: .venv/bin/pytest benchmarks/bench_parse.py --benchmark-only
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from plancheck.plans import load_plan
from plancheck.plans.building import build_plan
from plancheck.plans.readers import read_document

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "plancheck" / "plans" / "examples" / "plan_2025.txt"


def _plan_text(repeat: int = 1) -> str:
    """The bundled draft, its tasks repeated to make a larger plan with continuous numbering."""
    from plancheck.plans import load_plan as _load

    plan = _load(EXAMPLE)
    lines = [plan.title]
    number = 0
    for round_ in range(repeat):
        lines.append(f"{'一二三四五六七八九'[round_ % 9]}、重点任务第{round_ + 1}部分")
        for task in plan.tasks:
            number += 1
            units = f"〔牵头单位:{'、'.join(task.lead_units) or '县司法局'};责任单位:{'、'.join(task.responsible_units) or '县直各部门'}〕"
            lines.append(f"{number}.{task.text}{units}")
    return "\n".join(lines)


def _write_formats(folder: Path, text: str) -> dict[str, Path]:
    """The same plan as .txt (GB18030), .docx, .html and .xlsx."""
    import docx
    import openpyxl

    paths = {"txt": folder / "plan.txt", "docx": folder / "plan.docx", "html": folder / "plan.html",
             "xlsx": folder / "plan.xlsx", "pdf": folder / "plan.pdf"}
    _write_pdf(paths["pdf"], text)
    paths["txt"].write_bytes(text.encode("gb18030"))
    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    document.save(paths["docx"])
    body = "".join(f"<p>{line}</p>" for line in text.split("\n"))
    paths["html"].write_text(f"<html><head><meta charset='utf-8'><title>x</title></head><body><nav>首页</nav>"
                             f"<div class='TRS_Editor'>{body}</div></body></html>", encoding="utf-8")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["序号", "工作任务", "牵头单位", "责任单位", "完成时限"])
    for line in text.split("\n")[1:]:
        if line[:1].isdigit():
            number, rest = line.split(".", 1)
            task, units = rest.split("〔牵头单位:")
            lead, responsible = units.rstrip("〕").split(";责任单位:")
            sheet.append([number, task, lead, responsible, "2025年12月底"])
    book.save(paths["xlsx"])
    return paths


def _write_pdf(path: Path, text: str) -> None:
    """The plan as a PDF: lines broken at the page width, 36 lines a page, a `- N -` footer."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    lines = [line[i:i + 34] for line in text.split("\n") for i in range(0, max(len(line), 1), 34)]
    pdf = canvas.Canvas(str(path))
    for page, start in enumerate(range(0, len(lines), 36), start=1):
        pdf.setFont("STSong-Light", 11)
        for row, line in enumerate(lines[start:start + 36]):
            pdf.drawString(40, 800 - 21 * row, line)
        pdf.drawCentredString(297, 30, f"- {page} -")
        pdf.showPage()
    pdf.save()


@pytest.fixture(scope="module")
def formats(tmp_path_factory):
    if not EXAMPLE.exists():
        pytest.skip("the bundled example plans are missing")
    load_plan(EXAMPLE)  # warm the segmenter: throughput excludes the one-off start-up
    return _write_formats(tmp_path_factory.mktemp("formats"), _plan_text(repeat=8))


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf", "html", "xlsx"])
def test_parse_throughput(benchmark, formats, fmt):
    path = formats[fmt]
    plan = benchmark(lambda: build_plan(read_document(path)))
    chars = sum(len(t.text) for t in plan.tasks)
    benchmark.extra_info["characters"] = chars
    benchmark.extra_info["chars_per_second"] = round(chars / benchmark.stats["mean"])
    assert len(plan.tasks) >= 100


def test_startup_imports_and_segmenter(benchmark):
    """A fresh interpreter importing the parser and loading spaCy + jieba: the one-off cost of a run."""
    code = ("from plancheck.plans.nlp import chinese_pipeline; nlp = chinese_pipeline(); nlp('预热分词器')")
    benchmark.pedantic(lambda: subprocess.run([sys.executable, "-c", code], check=True), rounds=3, iterations=1)
