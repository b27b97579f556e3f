"""Read any supported document into a `Document`, choosing the reader by content, then by extension."""
from __future__ import annotations

import errno
import os
import zipfile
from pathlib import Path

from ..document import Document
from ..errors import PlanInputError
from .limits import DeclaredTooLarge

MAX_INPUT_BYTES = 50 * 1024 * 1024
# Overrides MAX_INPUT_BYTES, in MB (a site with larger scans, or a service that wants less).
MAX_INPUT_ENV = "PLANCHECK_MAX_INPUT_MB"

_EXTENSIONS = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".docx": "docx", ".pdf": "pdf",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".mhtml": "html",
    ".xlsx": "xlsx", ".xlsm": "xlsx", ".csv": "csv",
}


def sniff_format(path: Path, head: bytes) -> str:
    """The format of a document, judged by its first bytes where they are telling, else by its name."""
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, NotImplementedError, ValueError) as exc:
            raise PlanInputError(path, "文件已损坏,不是有效的 Word 或 Excel 文件") from exc
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise PlanInputError(path, "压缩包中既没有 Word 文档也没有 Excel 工作簿")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise PlanInputError(path, "这是旧版 Word/Excel(.doc/.xls)格式,请另存为 .docx 或 .xlsx 后再试")
    ext = _EXTENSIONS.get(path.suffix.lower())
    sample = head[:2048].lstrip().lower()
    if ext in (None, "text") and (sample.startswith(b"<!doctype html") or b"<html" in sample[:512]):
        return "html"
    if ext is None:
        if path.suffix and path.suffix.lower() not in ("",):
            raise PlanInputError(path, f"不支持的文件格式“{path.suffix}”(支持 .docx .pdf .txt .html .xlsx .csv)")
        return "text"
    if ext in ("docx", "xlsx", "pdf"):
        raise PlanInputError(path, f"文件内容不是有效的 {ext} 格式,文件可能已损坏")
    return ext


def read_document(path: str | Path) -> Document:
    """Read a plan document of any supported format. Raises PlanInputError with a Chinese cause."""
    path = Path(path)
    try:
        return _read_checked(path)
    except OSError as exc:  # permissions, names too long, files vanishing or unreadable mid-way
        raise PlanInputError(path, _os_cause(exc)) from exc
    except RecursionError as exc:  # hostile nesting (tags in tags in tags...) in a format parsed recursively
        raise PlanInputError(path, "文档结构嵌套过深,无法读取") from exc
    except DeclaredTooLarge as exc:  # a table or stream declaring far more than the file holds
        raise PlanInputError(path, str(exc)) from exc


def max_input_bytes(path: Path) -> int:
    """The input size limit: PLANCHECK_MAX_INPUT_MB when set, else MAX_INPUT_BYTES."""
    value = os.environ.get(MAX_INPUT_ENV, "").strip()
    if not value:
        return MAX_INPUT_BYTES
    try:
        megabytes = float(value)
    except ValueError:
        megabytes = 0.0
    if not 0 < megabytes < float("inf"):
        raise PlanInputError(path, f"环境变量 {MAX_INPUT_ENV} 的值“{value}”无效,应为正数(单位 MB)")
    return int(megabytes * 1024 * 1024)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


def _os_cause(exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "没有读取该文件的权限"
    if exc.errno == errno.ENAMETOOLONG:
        return "文件名或路径过长"
    return f"文件无法读取({exc.strerror or type(exc).__name__})"


def _read_checked(path: Path) -> Document:
    if not path.exists():
        raise PlanInputError(path, "文件不存在")
    if path.is_dir():
        raise PlanInputError(path, "这是一个文件夹,不是文件")
    size = path.stat().st_size
    if size == 0:
        raise PlanInputError(path, "文件是空的")
    limit = max_input_bytes(path)
    if size > limit:
        raise PlanInputError(path, f"文件过大({_megabytes(size)} MB),超过 {_megabytes(limit)} MB 上限"
                                   f"(可用环境变量 {MAX_INPUT_ENV} 调整)")
    with path.open("rb") as handle:
        head = handle.read(4096)
    fmt = sniff_format(path, head)
    if fmt == "text":
        from .text import read_text
        return read_text(path)
    if fmt == "docx":
        from .docx import read_docx
        return read_docx(path)
    if fmt == "pdf":
        from .pdf import read_pdf
        return read_pdf(path)
    if fmt == "html":
        from .html import read_html
        return read_html(path)
    from .table import read_table
    return read_table(path, fmt)
