"""Shared pieces of the robustness tests (issue #7): the fuzz budget, valid sample documents to damage,
text strategies, and the outcome contract every input must meet.

The contract: `load_plan` returns a Plan with tasks, or raises PlanInputError whose message is one
Chinese line naming the file. Nothing else escapes, and nothing hangs.
"""
from __future__ import annotations

import io
import multiprocessing
import os
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from plancheck.plans import Plan, load_plan
from plancheck.plans.errors import PlanInputError

# Examples per fuzz test. CI runs the default; the long run (docs/fuzzing.md) sets 20000 or more.
FUZZ_EXAMPLES = int(os.environ.get("PLANCHECK_FUZZ_EXAMPLES", "100"))
# A hang shows as a deadline failure rather than a stuck CI job; generous, since CI machines are slow.
FUZZ_DEADLINE = timedelta(seconds=float(os.environ.get("PLANCHECK_FUZZ_DEADLINE_S", "20")))

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def fuzz(share: float = 1.0) -> settings:
    """Hypothesis settings for one fuzz test; `share` scales the example count for costly readers."""
    return settings(
        max_examples=max(5, int(FUZZ_EXAMPLES * share)),
        deadline=FUZZ_DEADLINE,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                               HealthCheck.function_scoped_fixture, HealthCheck.large_base_example],
        print_blob=True,
    )


# ---- the outcome contract ---------------------------------------------------------------------------

def assert_refusal_message(message: str, name: str) -> None:
    """A refusal is one line, in Chinese, naming the file."""
    assert CHINESE.search(message), message
    assert name in message, message
    assert "\n" not in message and "\r" not in message, message


def plan_or_refusal(path: Path) -> Plan | None:
    """Load a plan; the only acceptable failure is a PlanInputError with a proper message."""
    try:
        plan = load_plan(path)
    except PlanInputError as exc:
        assert_refusal_message(str(exc), path.name)
        return None
    assert isinstance(plan, Plan)
    assert plan.tasks, "a plan without tasks must be refused, not returned"
    return plan


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """`python -m plancheck ARGS` in a fresh process, as a clerk or a CI job would run it."""
    environment = {**os.environ, **(env or {})}
    environment.pop("PLANCHECK_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "plancheck", *args], check=False, capture_output=True,
                          text=True, encoding="utf-8", errors="replace", timeout=timeout, env=environment)


def assert_one_line_refusal(stderr: str, *names: str) -> None:
    """Exactly one line, Chinese, naming what it is about; nothing that only a developer understands."""
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("plancheck: "), stderr
    assert CHINESE.search(lines[0]), stderr
    for name in names:
        assert name in lines[0], stderr
    assert "Traceback" not in stderr and "意外错误" not in stderr, stderr


def finishes_within(seconds: float, function: Callable[..., Any], *args: Any) -> None:
    """Run function(*args) in a forked process and fail if it has not finished in time.

    Regular expressions cannot be interrupted by signals, so catastrophic backtracking is caught this way.
    """
    context = multiprocessing.get_context("fork")
    process = context.Process(target=function, args=args)
    process.start()
    process.join(seconds)
    if process.is_alive():
        process.kill()
        process.join()
        raise AssertionError(f"{getattr(function, '__name__', function)} did not finish within {seconds} s")
    assert process.exitcode == 0, f"{function} failed in the child process (exit code {process.exitcode})"


# ---- text strategies --------------------------------------------------------------------------------

MARKERS = ("一、", "二、", "十一、", "(一)", "(二)", "(十)", "1.", "2.", "3.", "12.", "1、", "2、", "(1)", "(2)",
           "①", "②", "1.1", "999.", "1000.", "一百、", "(一百)", "0.")
LABELS = ("〔牵头单位:", "〔牵头单位:", "牵头单位:", "责任单位:", "配合单位:", "完成时限:", "责任分工:",
          "〔责任单位:", "【牵头单位:", "(牵头单位:", "牵头", "配合", "负责", "牵头,", "按职责分工负责")
PUNCTUATION = ("。", ";", ";", ",", ",", "、", ":", ":", "〔", "〕", "【", "】", "(", ")", "(", ")", "[", "]",
               "“", "”", "《", "》", "- 3 -", "第 2 页", "\n", "\n", "\n\n", "\r\n", "\r", "\t", " ", "\u3000",
               "\ufeff", "\u200b", "\xa0", "%", "%", "年底前", "2024年", "每季度", "不少于3次")
UNITS = ("县司法局", "县政府办公室", "各乡镇人民政府", "县委宣传部和县司法局", "县住房和城乡建设局",
         "市、县(区)政府法制机构", "县政府各部门", "各镇人民政府(街道办事处)")
CJK_TEXT = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF), min_size=1, max_size=30)
ANY_TEXT = st.text(max_size=20)
FRAGMENT = st.one_of(st.sampled_from(MARKERS), st.sampled_from(LABELS), st.sampled_from(PUNCTUATION),
                     st.sampled_from(UNITS), CJK_TEXT, ANY_TEXT)


def plan_like_text(max_fragments: int = 80) -> st.SearchStrategy[str]:
    """Text that looks enough like a plan to reach the splitter: markers, labels, brackets, units, noise."""
    return st.lists(FRAGMENT, max_size=max_fragments).map("".join)


# ---- valid documents to damage ----------------------------------------------------------------------

TITLE = "县2024年法治政府建设工作计划"
TASKS = (
    ("推动学习宣传贯彻习近平法治思想走深走实", "县委宣传部、县司法局", "县政府各部门"),
    ("严格落实重大行政决策程序,决策事项合法性审查率达到100%", "县司法局", "各乡镇人民政府"),
    ("每季度组织一次行政执法案卷评查,年底前完成全覆盖", "县司法局", "县直各执法部门"),
)


def plan_lines() -> list[str]:
    """The sample plan as printed lines (title, one section, tasks with bracketed unit blocks)."""
    lines = [TITLE, "一、深入学习贯彻习近平法治思想"]
    for number, (text, lead, helpers) in enumerate(TASKS, start=1):
        lines.append(f"{number}.{text}。〔牵头单位:{lead};责任单位:{helpers}〕")
    return lines


def docx_bytes(paragraphs: list[str] | None = None, table: bool = True) -> bytes:
    """A Word document with the given paragraphs (default: the sample plan) and a task table."""
    import docx

    document = docx.Document()
    for text in plan_lines() if paragraphs is None else paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=1 + len(TASKS), cols=4)
        for column, header in enumerate(("序号", "工作任务", "牵头单位", "责任单位")):
            grid.cell(0, column).text = header
        for row, (text, lead, helpers) in enumerate(TASKS, start=1):
            for column, value in enumerate((str(row), text, lead, helpers)):
                grid.cell(row, column).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@lru_cache(maxsize=1)
def sample_docx() -> bytes:
    return docx_bytes()


@lru_cache(maxsize=1)
def sample_pdf() -> bytes:
    """A two-page text PDF in a CID font (what Chinese PDFs use), one plan line per printed line."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    lines = plan_lines()
    for page, chunk in enumerate((lines[:3], lines[3:]), start=1):
        pdf.setFont("STSong-Light", 10)
        for row, text in enumerate(chunk):
            pdf.drawString(50, 780 - 18 * row, text)
        pdf.drawString(280, 40, f"- {page} -")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def xlsx_bytes(rows: list[list[Any]] | None = None) -> bytes:
    """A workbook whose first sheet is a task-division table (default: the sample plan's tasks)."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([TITLE])
    sheet.append(["序号", "工作任务", "牵头单位", "责任单位", "完成时限"])
    for row in rows if rows is not None else [[n, t, lead, helpers, "2024年12月底前"]
                                               for n, (t, lead, helpers) in enumerate(TASKS, start=1)]:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@lru_cache(maxsize=1)
def sample_xlsx() -> bytes:
    return xlsx_bytes()


@st.composite
def damaged(draw: st.DrawFn, data: bytes) -> bytes:
    """The bytes truncated, bit-flipped, overwritten, cut or padded: what a bad disk or download gives."""
    kind = draw(st.sampled_from(("truncate", "flip", "flip", "overwrite", "cut", "insert")))
    size = len(data)
    if kind == "truncate":
        return data[: draw(st.integers(0, size - 1))]
    buffer = bytearray(data)
    if kind == "flip":
        for _ in range(draw(st.integers(1, 8))):
            position = draw(st.integers(0, size - 1))
            buffer[position] ^= 1 << draw(st.integers(0, 7))
        return bytes(buffer)
    start = draw(st.integers(0, size - 1))
    if kind == "overwrite":
        chunk = draw(st.binary(min_size=1, max_size=64))
        buffer[start:start + len(chunk)] = chunk
    elif kind == "cut":
        del buffer[start:start + draw(st.integers(1, 512))]
    else:
        buffer[start:start] = draw(st.binary(min_size=1, max_size=64))
    return bytes(buffer)


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path
