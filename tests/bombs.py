"""Small documents that declare huge structures (issue #14), built at run time, never stored as blobs.

Each builder returns the bytes of a file of a few kilobytes (the PDF: about 2 MB) that a reader trusting
its declarations would blow up to gigabytes. `run_capped` runs the CLI on one under an address-space
limit and reports the exit code, stderr, wall time and peak resident memory.
"""
from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

GIB = 1024 ** 3


def html_span_bomb(rows: int = 900) -> bytes:
    """A saved web page whose cells span to the table's end and 1,000 columns right (5 GB as a grid)."""
    cells = "".join(f'<tr><td rowspan="0" colspan="1000">第{n}项任务</td><td>县司法局</td></tr>'
                    for n in range(rows))
    page = (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>示例县工作计划</title></head>"
            f"<body><div id=\"zoom\"><p>示例县2024年法治政府建设工作计划</p><table>{cells}</table></div></body></html>")
    return page.encode("utf-8")


_DOCX_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?>'
               b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
               b'<Default Extension="xml" ContentType="application/xml"/></Types>')
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_numbering_bomb(start: int = 26 * 3 * 10 ** 8, paragraphs: int = 3) -> bytes:
    """A .docx whose one list starts at `start` in lowerLetter: Word's letters repeat, 'z' × 300 million."""
    numbering = (f'<w:numbering {_W}><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0">'
                 f'<w:start w:val="{start}"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1."/>'
                 f'</w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num></w:numbering>')
    body = "".join(f'<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
                   f'<w:r><w:t>示例县第{n}项法治政府建设任务。</w:t></w:r></w:p>' for n in range(paragraphs))
    document = f'<w:document {_W}><w:body><w:p><w:r><w:t>示例县工作计划</w:t></w:r></w:p>{body}</w:body></w:document>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _DOCX_TYPES)
        archive.writestr("word/document.xml", document)
        archive.writestr("word/numbering.xml", numbering)
    return buffer.getvalue()


def xlsx_sparse_bomb() -> bytes:
    """A workbook with text in A1:B2 and in XFD1048576, the sheet's last cell (17 billion as a rectangle)."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for ref, text in (("A1", "示例县"), ("B1", "说明"), ("A2", "白桦市"), ("B2", "备注"), ("XFD1048576", "完")):
        sheet[ref] = text
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_merge_bomb() -> bytes:
    """A workbook merging A1:XFD1048576: openpyxl makes an object for every position a merge covers."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"] = "示例县"
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    name = "xl/worksheets/sheet1.xml"
    parts[name] = parts[name].replace(b"</sheetData>", b'</sheetData><mergeCells count="1">'
                                      b'<mergeCell ref="A1:XFD1048576"/></mergeCells>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)
    return out.getvalue()


def csv_wide_bomb(columns: int = 20_000, rows: int = 5_000) -> bytes:
    """A table whose one stray row has 20,000 filled columns: every other row padded to it is 10⁸ cells."""
    lines = ["地区,说明,备注", ",".join("x" * columns)]
    lines += [f"示例县,第{n}行说明,无" for n in range(1, rows + 1)]
    return "\n".join(lines).encode("utf-8") + b"\n"


@lru_cache(maxsize=2)
def pdf_inflation_bomb(inflated: int = 2 * GIB) -> bytes:
    """A one-page PDF whose content stream is ~2 MB of Flate data inflating to `inflated` bytes of spaces."""
    stream = _deflated_spaces(b"BT /F1 12 Tf 72 720 Td (Plan) Tj ET\n", inflated)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _deflated_spaces(prefix: bytes, size: int) -> bytes:
    """A zlib stream of prefix and `size` spaces, built in a second: after a full flush deflate forgets
    its window, so every 16 MB block of spaces compresses to the same bytes, which are repeated."""
    chunk = b" " * (16 * 1024 * 1024)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = packer.compress(prefix) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    count = size // len(chunk)
    checksum = zlib.adler32(prefix)
    for _ in range(count):
        checksum = zlib.adler32(chunk, checksum)
    return b"\x78\xda" + head + block * count + packer.flush() + checksum.to_bytes(4, "big")


BOMBS = {
    "示例县-跨格.html": html_span_bomb,
    "示例县-编号.docx": docx_numbering_bomb,
    "示例县-稀疏.xlsx": xlsx_sparse_bomb,
    "示例县-合并.xlsx": xlsx_merge_bomb,
    "示例县-宽表.csv": csv_wide_bomb,
    "示例县-膨胀.pdf": pdf_inflation_bomb,
}


@dataclass(frozen=True)
class CappedRun:
    """The outcome of one CLI run under an address-space limit."""

    returncode: int | None  # None: killed at the timeout
    stderr: str
    seconds: float
    peak_bytes: int  # peak resident set of the child


def run_capped(*args: str, address_space: int = 4 * GIB, timeout: float = 60,
               env: dict[str, str] | None = None) -> CappedRun:
    """`python -m plancheck ARGS` under RLIMIT_AS, with its wall time and peak RSS (from wait4)."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))

    environment = {**os.environ, **(env or {})}
    environment.pop("PLANCHECK_DEBUG", None)
    with tempfile.TemporaryFile() as errors:
        started = time.monotonic()
        process = subprocess.Popen([sys.executable, "-m", "plancheck", *args], stdout=subprocess.DEVNULL,
                                   stderr=errors, preexec_fn=limit, env=environment)
        status, usage = _wait(process, started + timeout)
        seconds = time.monotonic() - started
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace")
    returncode = None if status is None else os.waitstatus_to_exitcode(status)
    return CappedRun(returncode, stderr, seconds, usage.ru_maxrss * 1024)


def _wait(process: subprocess.Popen, deadline: float) -> tuple[int | None, resource.struct_rusage]:
    """Reap the child with wait4 (which reports its own peak RSS), killing it at the deadline."""
    while time.monotonic() < deadline:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = 0  # reaped here; keeps Popen from waiting again
            return status, usage
        time.sleep(0.05)
    process.kill()
    _, _, usage = os.wait4(process.pid, 0)
    process.returncode = -9
    return None, usage


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path
