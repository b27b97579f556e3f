"""Issue #7: every input is either a parsed plan or one Chinese error line; never a traceback, never a hang.

Fuzzes every reader (text, csv, html, docx, pdf, xlsx) and the splitter with random and damaged input, and
feeds the parser the pathological shapes that break hand-written parsers: deep nesting, unit blocks that
never close, 100,000 tasks, a line of 1 MB, and long adversarial strings for every regular expression.
The example count comes from PLANCHECK_FUZZ_EXAMPLES (see docs/fuzzing.md).
"""
from __future__ import annotations

import importlib
import io
import pkgutil
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from robust_fuzz import (
    CJK_TEXT,
    TASKS,
    TITLE,
    damaged,
    docx_bytes,
    finishes_within,
    fuzz,
    plan_like_text,
    plan_lines,
    plan_or_refusal,
    sample_docx,
    sample_pdf,
    sample_xlsx,
    write,
    xlsx_bytes,
)

import plancheck.plans
from plancheck.plans import load_plan
from plancheck.plans.building import build_plan
from plancheck.plans.document import Document, Line, Table
from plancheck.plans.errors import PlanInputError
from plancheck.plans.readers import read_document
from plancheck.plans.splitting import split_stream
from plancheck.plans.stream import build_stream

pytestmark = pytest.mark.slow  # fuzz runs and megabyte inputs

# Characters XML 1.0 cannot hold; python-docx and openpyxl refuse them, so generated documents leave them out.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


# ---- the damaged documents start out valid -----------------------------------------------------------

@pytest.mark.parametrize("name, data", [("plan.docx", sample_docx), ("plan.pdf", sample_pdf),
                                        ("plan.xlsx", sample_xlsx)], ids=["docx", "pdf", "xlsx"])
def test_undamaged_samples_parse(tmp_path: Path, name: str, data) -> None:
    plan = load_plan(write(tmp_path, name, data()))
    assert plan.title == TITLE
    assert [task.lead_units[0] for task in plan.tasks] == [lead.split("、")[0] for _, lead, _ in TASKS]


# ---- fuzz: random and plan-like text through each text-based reader ------------------------------------

@fuzz()
@given(text=plan_like_text())
def test_fuzz_text_reader(tmp_path: Path, text: str) -> None:
    plan_or_refusal(write(tmp_path, "计划.txt", text.encode("utf-8", "surrogatepass")))


@fuzz()
@given(data=st.binary(max_size=4096), suffix=st.sampled_from([".txt", ".csv", ".html", ".md", "", ".docx",
                                                              ".pdf", ".xlsx", ".xlsm", ".mhtml", ".doc"]))
def test_fuzz_random_bytes_any_extension(tmp_path: Path, data: bytes, suffix: str) -> None:
    plan_or_refusal(write(tmp_path, f"plan{suffix}", data))


@fuzz()
@given(head=st.sampled_from([b"%PDF-1.7\n", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"<html>", b"\xef\xbb\xbf",
                             b"\xff\xfe", b"\xfe\xff", b"MIME-Version: 1.0\nContent-Type: multipart/related\n"]),
       tail=st.binary(max_size=2048), suffix=st.sampled_from([".txt", ".docx", ".pdf", ".xlsx", ".html", ".csv"]))
def test_fuzz_magic_numbers_with_garbage(tmp_path: Path, head: bytes, tail: bytes, suffix: str) -> None:
    """Format sniffing trusts the first bytes: a right magic number on a wrong body must still be refused."""
    plan_or_refusal(write(tmp_path, f"plan{suffix}", head + tail))


@fuzz()
@given(rows=st.lists(st.lists(plan_like_text(6), min_size=1, max_size=6), max_size=12),
       delimiter=st.sampled_from([",", ";", "\t"]))
def test_fuzz_csv_reader(tmp_path: Path, rows: list[list[str]], delimiter: str) -> None:
    text = "\n".join(delimiter.join(cell for cell in row) for row in [["序号", "工作任务", "牵头单位"], *rows])
    plan_or_refusal(write(tmp_path, "分工表.csv", text.encode("utf-8", "surrogatepass")))


_TAGS = ("p", "div", "span", "table", "tr", "td", "li", "br", "h1", "script", "style", "nav", "form")


@fuzz()
@given(parts=st.lists(st.one_of(plan_like_text(8), st.sampled_from(_TAGS).map(lambda t: f"<{t}>"),
                                st.sampled_from(_TAGS).map(lambda t: f"</{t}>"),
                                st.sampled_from(['<div id="zoom">', '<meta charset="gbk">', "<!--", "-->",
                                                 "<![CDATA[", "&nbsp;", "&#0;", "&#xD800;", "<title>"])),
                      max_size=60),
       encoding=st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_fuzz_html_reader(tmp_path: Path, parts: list[str], encoding: str) -> None:
    page = "<html><head><title>" + TITLE + "</title></head><body>" + "".join(parts) + "</body></html>"
    plan_or_refusal(write(tmp_path, "计划.html", page.encode(encoding, "replace")))


@fuzz(0.5)
@given(paragraphs=st.lists(plan_like_text(20).map(xml_safe), max_size=25), table=st.booleans())
def test_fuzz_docx_reader_with_random_paragraphs(tmp_path: Path, paragraphs: list[str], table: bool) -> None:
    plan_or_refusal(write(tmp_path, "计划.docx", docx_bytes(paragraphs, table=table)))


@fuzz(0.5)
@given(cells=st.lists(st.lists(st.one_of(plan_like_text(6).map(xml_safe), st.integers(), st.floats(),
                                         st.dates(), st.none(), st.booleans()), min_size=1, max_size=6),
                      max_size=15))
def test_fuzz_xlsx_reader_with_random_cells(tmp_path: Path, cells: list[list[object]]) -> None:
    plan_or_refusal(write(tmp_path, "分工表.xlsx", xlsx_bytes(cells)))


@fuzz(0.5)
@given(lines=st.lists(st.one_of(CJK_TEXT, plan_like_text(5)), min_size=1, max_size=30))
def test_fuzz_pdf_reader_with_random_lines(tmp_path: Path, lines: list[str]) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont("STSong-Light", 10)
    for row, line in enumerate(lines):
        # reportlab cannot draw every code point in a CID font; what it cannot encode is left out.
        pdf.drawString(40, 800 - 14 * (row % 55), "".join(ch for ch in line if ch.isprintable()))
        if row % 55 == 54:
            pdf.showPage()
            pdf.setFont("STSong-Light", 10)
    pdf.save()
    plan_or_refusal(write(tmp_path, "计划.pdf", buffer.getvalue()))


# ---- fuzz: truncated and bit-flipped documents -------------------------------------------------------

@fuzz()
@given(data=damaged(sample_docx()))
def test_fuzz_damaged_docx(tmp_path: Path, data: bytes) -> None:
    plan_or_refusal(write(tmp_path, "计划.docx", data))


@fuzz()
@given(data=damaged(sample_pdf()))
def test_fuzz_damaged_pdf(tmp_path: Path, data: bytes) -> None:
    plan_or_refusal(write(tmp_path, "计划.pdf", data))


@fuzz()
@given(data=damaged(sample_xlsx()))
def test_fuzz_damaged_xlsx(tmp_path: Path, data: bytes) -> None:
    plan_or_refusal(write(tmp_path, "分工表.xlsx", data))


@fuzz()
@given(data=damaged("\n".join(plan_lines()).encode("gb18030")))
def test_fuzz_damaged_gb18030_text(tmp_path: Path, data: bytes) -> None:
    plan_or_refusal(write(tmp_path, "计划.txt", data))


# ---- fuzz: the splitter on its own (no file, many more examples per second) ----------------------------

@fuzz(4)
@given(text=plan_like_text(120), pages=st.booleans())
def test_fuzz_splitter(text: str, pages: bool) -> None:
    lines = [Line(text=raw, page=(number // 10 + 1) if pages else None, line=number)
             for number, raw in enumerate(text.split("\n"), start=1)]
    stream = build_stream(lines)
    split = split_stream(stream)
    tasks, preamble = split.tasks, split.preamble
    assert isinstance(preamble, str)
    for task in tasks:
        assert task.number
        assert "\n" not in task.body
        assert all(isinstance(label, str) and isinstance(value, str) for label, value in task.unit_fields)
    try:
        plan = build_plan(Document(path="计划.txt", format="text", blocks=tuple(lines)))
    except PlanInputError as exc:
        assert "计划.txt" in str(exc)
    else:
        assert [task.index for task in plan.tasks] == list(range(1, len(plan.tasks) + 1))


@fuzz(2)
@given(rows=st.lists(st.lists(plan_like_text(5), min_size=1, max_size=7), max_size=15))
def test_fuzz_table_splitting(rows: list[list[str]]) -> None:
    """Task tables as any reader produces them, ragged rows included."""
    header = ("序号", "工作任务", "牵头单位", "责任单位", "完成时限")
    table = Table(rows=(header, *(tuple(row) for row in rows)), page=None, line=1)
    try:
        build_plan(Document(path="表.xlsx", format="xlsx", blocks=(Line(TITLE, None, 1), table)))
    except PlanInputError as exc:
        assert "表.xlsx" in str(exc)


# ---- pathological shapes -----------------------------------------------------------------------------

TASK = "推进法治政府建设工作落实到位。〔牵头单位:县司法局;责任单位:县政府各部门〕"


def test_deeply_nested_numbering(tmp_path: Path) -> None:
    """Five marker kinds nested and repeated: the task level is found, sections stay sections."""
    parts = [TITLE]
    for section in range(1, 11):
        parts.append(f"{'一二三四五六七八九十'[section - 1]}、第{section}部分")
        for sub in range(1, 6):
            parts.append(f"({'一二三四五'[sub - 1]})第{sub}方面")
            for item in range(1, 6):
                parts.append(f"{item}.{TASK}")
                parts.extend(f"({n})细项。{'①②③'[n - 1]}要点。" for n in range(1, 4))
    plan = plan_or_refusal(write(tmp_path, "嵌套.txt", "\n".join(parts).encode()))
    assert plan is not None and len(plan.tasks) == 10 * 5 * 5
    assert all(task.lead_units == ("县司法局",) for task in plan.tasks)


@pytest.mark.parametrize("depth", [50, 500, 5000])
def test_deeply_nested_brackets(tmp_path: Path, depth: int) -> None:
    text = f"{TITLE}\n1.推进工作{'(' * depth}牵头单位:县司法局{')' * depth}\n2.{'〔' * depth}{TASK}"
    plan_or_refusal(write(tmp_path, "括号.txt", text.encode()))


@pytest.mark.parametrize("tags, depth", [("<div>", 20000), ("<span>", 200), ("<font>", 2000), ("<div><span>", 200)])
def test_deeply_nested_html(tmp_path: Path, tags: str, depth: int) -> None:
    """Deep nesting is what unclosed <font>/<span> tags from old editors make."""
    body = "".join(f"<p>{line}</p>" for line in plan_lines())
    page = f"<html><body>{tags * depth}{body}</body></html>"
    plan_or_refusal(write(tmp_path, "嵌套.html", page.encode()))


def test_deeply_nested_html_is_not_quadratic(tmp_path: Path) -> None:
    body = "".join(f"<p>{line}</p>" for line in plan_lines())
    page = f"<html><body>{'<div><span>' * 4000}{body}</body></html>"
    finishes_within(15, plan_or_refusal, write(tmp_path, "嵌套.html", page.encode()))


@pytest.mark.parametrize("depth", [60, 300])
def test_deeply_nested_docx_tables(tmp_path: Path, depth: int) -> None:
    source = zipfile.ZipFile(io.BytesIO(sample_docx()))
    nested = "<w:p><w:r><w:t>1.推进。</w:t></w:r></w:p>"
    for _ in range(depth):
        nested = f"<w:tbl><w:tr><w:tc>{nested}<w:p><w:r><w:t>2.推进。</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    document = source.read("word/document.xml").decode().replace("<w:body>", "<w:body>" + nested, 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            archive.writestr(name, document if name == "word/document.xml" else source.read(name))
    plan_or_refusal(write(tmp_path, "嵌套.docx", out.getvalue()))


def test_unit_block_that_never_closes(tmp_path: Path) -> None:
    text = "\n".join([TITLE, "1.推进依法决策。〔牵头单位:县司法局;责任单位:县政府各部门",
                      "2.规范行政执法。〔牵头单位:县司法局", "3.加强监督。〔牵头单位:县审计局;责任单位:" + "县直各部门、" * 2000])
    plan = plan_or_refusal(write(tmp_path, "未闭合.txt", text.encode()))
    assert plan is not None and [task.lead_units for task in plan.tasks] == [("县司法局",), ("县司法局",), ("县审计局",)]


def test_unit_block_that_never_closes_in_one_long_line(tmp_path: Path) -> None:
    text = f"{TITLE}\n1.推进工作。〔牵头单位:县司法局〕\n2.推进工作。" + "〔牵头单位:县司法局;责任单位:各部门" * 20000
    plan_or_refusal(write(tmp_path, "未闭合.txt", text.encode()))


def test_one_hundred_thousand_tasks(tmp_path: Path) -> None:
    """10 sections x 20 subsections x 500 tasks: completes (no time asserted; it takes seconds, not minutes)."""
    cn = "一二三四五六七八九十"
    parts = [TITLE]
    for section in range(10):
        parts.append(f"{cn[section]}、第{section + 1}部分")
        for sub in range(20):
            parts.append(f"({cn[sub] if sub < 10 else '十' + cn[sub - 10] if sub < 19 else '二十'})方面")
            parts.extend(f"{n}.推进工作。〔牵头单位:县司法局〕" for n in range(1, 501))
    plan = plan_or_refusal(write(tmp_path, "十万.txt", "\n".join(parts).encode()))
    assert plan is not None and len(plan.tasks) == 100_000


MEGABYTE = 1024 * 1024
ONE_MB_LINES = {
    "chinese": "法治政府建设" * (MEGABYTE // 18),
    "tasks": "".join(f"{n % 999 + 1}.{TASK}" for n in range(MEGABYTE // 100)),
    "spaces": "1.推进 a" + " " * MEGABYTE + "b",
    "em-spaces": "1.推进a" + "\u2003" * MEGABYTE + "b",
    "brackets": "1.推进" + "〔牵头" * (MEGABYTE // 9),
    "parentheses": "1.推进" + "(" * MEGABYTE,
    "commas": "1.推进(" + "牵头," * (MEGABYTE // 7) + ")",
    "conjunctions": "1.推进。〔牵头单位:" + "县司法局和" * (MEGABYTE // 15) + "〕",
    "closing": "1.推进。〔牵头单位:县司法局" + ")" * MEGABYTE + "〕",
    "markers": "1." * (MEGABYTE // 2),
    "random": "".join(chr(0x4E00 + (i * 7919) % 20000) if i % 7 else "。" for i in range(MEGABYTE // 3)),
}
@pytest.mark.parametrize("shape", sorted(ONE_MB_LINES))
def test_line_of_one_megabyte(tmp_path: Path, shape: str) -> None:
    path = write(tmp_path, "长行.txt", f"{TITLE}\n{ONE_MB_LINES[shape]}\n".encode())
    finishes_within(120, plan_or_refusal, path)


# ---- catastrophic backtracking ------------------------------------------------------------------------

def _adversarial_strings(n: int) -> list[str]:
    """Long runs and repetitions of the characters the plan patterns care about, each with a tail that
    makes a match fail late (the shape that exposes backtracking)."""
    units = [" ", "\t", "\u3000", "\xa0", "\u2003", "\n", "(", ")", "(", "〔", "[", "【", "-", "—", ".", "1", "一",
             "、", ",", ";", "。", ":", "牵头", "牵头,", "负责", "县司法局和", "第", "页", "年", "2024", "a", "局",
             "牵头单位:", "1.", "(一)", "一、", "- 1 -", "中 ", " 中", "x\n"]
    strings = []
    for unit in units:
        run = unit * max(1, n // len(unit))
        strings.extend([run, run + "x", "中" + run + "!", "a" + run + "b"])
    return strings


def _module_patterns() -> list[tuple[str, re.Pattern[str]]]:
    patterns = []
    for info in pkgutil.walk_packages(plancheck.plans.__path__, "plancheck.plans."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                patterns.append((f"{info.name}.{name}", value))
    return patterns


def _exercise(pattern: re.Pattern[str], strings: list[str]) -> None:
    for text in strings:
        pattern.match(text)
        pattern.search(text)
        pattern.sub("", text)
        for _ in pattern.finditer(text):
            pass


# Quadratic patterns whose only caller bounds the text (so they stay fast); the bound is what keeps them safe.
_BOUNDED_BY_CALLER = {
    "plancheck.plans.units._UNLABELLED_RE": "parse_unlabelled refuses text over MAX_UNIT_PHRASE characters",
    "plancheck.plans.tables._DEADLINE_LIKE": "searched only in cells of at most 30 characters",
    "plancheck.plans.splitting._CLOSING_PROSE_RE": "matched only at the start of a paragraph, never searched",
}


@pytest.mark.parametrize("name, pattern", _module_patterns(), ids=lambda v: v if isinstance(v, str) else "")
def test_module_regex_is_linear_on_long_adversarial_strings(name: str, pattern: re.Pattern[str]) -> None:
    """20,000-character adversarial strings: linear patterns take milliseconds, quadratic ones seconds."""
    if name in _BOUNDED_BY_CALLER:
        pytest.skip(_BOUNDED_BY_CALLER[name])
    finishes_within(10, _exercise, pattern, _adversarial_strings(20_000))


def _call_all(functions, strings: list[str]) -> None:
    for function in functions:
        for text in strings:
            function(text)


def test_parsing_functions_are_linear_on_long_adversarial_strings() -> None:
    """Functions that build patterns inline (not at module level) or loop in Python over unit lists."""
    from plancheck.plans import cleaning, units
    from plancheck.plans.building import task_title
    from plancheck.plans.splitting import find_markers
    from plancheck.plans.unit_regions import find_unit_region
    from plancheck.plans.titles import find_title

    functions = [units.parse_unlabelled, units.parse_labelled, units.split_units, units._strip_unbalanced,
                 cleaning.clean_line, cleaning.normalize, find_markers, task_title,
                 lambda text: find_unit_region(text, False), lambda text: find_unit_region(text, True),
                 lambda text: find_title([text]),
                 lambda text: units.assign_roles((("牵头单位", text), ("责任单位", text)), True)]
    finishes_within(60, _call_all, functions, _adversarial_strings(50_000))


def test_reader_refusal_names_the_file_even_for_odd_names(tmp_path: Path) -> None:
    for name in ("带 空格.txt", "x" * 200 + ".txt", "新建文本文档 (2).txt", ".隐藏.txt"):
        path = write(tmp_path, name, b"\x00\x01\x02garbage")
        with pytest.raises(PlanInputError) as caught:
            read_document(path)
        assert path.name in str(caught.value)


# ---- zip bombs: refused from the zip directory, before anything is inflated ---------------------------

def _forge_declared_size(data: bytes, member: str, size: int) -> bytes:
    """The archive with `member`'s uncompressed size in the central directory replaced: a bomb on paper."""
    buffer = bytearray(data)
    name = member.encode()
    position = buffer.find(b"PK\x01\x02")
    while position >= 0:
        name_length = int.from_bytes(buffer[position + 28:position + 30], "little")
        if bytes(buffer[position + 46:position + 46 + name_length]) == name:
            buffer[position + 24:position + 28] = size.to_bytes(4, "little")
            return bytes(buffer)
        position = buffer.find(b"PK\x01\x02", position + 4)
    raise AssertionError(f"{member} not in archive")


def _rezipped(data: bytes, extra: dict[str, bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            archive.writestr(name, extra.pop(name, None) or source.read(name))
        for name, content in extra.items():
            archive.writestr(name, content)
    return out.getvalue()


def _bombs(kind: str) -> dict[str, bytes]:
    data, main = (sample_docx(), "word/document.xml") if kind == "docx" else (sample_xlsx(), "xl/worksheets/sheet1.xml")
    many = {f"{kind}/filler/{n}.xml": b"<a/>" for n in range(10_001)}
    return {
        "declared 3 GB": _forge_declared_size(data, main, 3 * 1024**3),
        "high ratio": _rezipped(data, {"customXml/zeros.xml": b"\0" * (24 * 1024 * 1024)}),
        "10,001 members": _rezipped(data, many),
    }


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_zip_bombs_are_refused_before_unpacking(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    bombs = _bombs(kind)
    opened: list[str] = []
    real_open = zipfile.ZipFile.open

    def recording_open(self, name, *args, **kwargs):
        opened.append(name if isinstance(name, str) else name.filename)
        return real_open(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", recording_open)
    for label, data in bombs.items():
        opened.clear()
        path = write(tmp_path, f"炸弹.{kind}", data)
        with pytest.raises(PlanInputError) as caught:
            load_plan(path)
        assert "压缩炸弹" in str(caught.value), (label, str(caught.value))
        assert opened == [], (label, opened)
