"""Read any supported document into a `Document`, choosing the reader by content, then by extension."""
from __future__ import annotations

import zipfile
from pathlib import Path

from ..document import Document
from ..errors import PlanInputError

MAX_INPUT_BYTES = 50 * 1024 * 1024

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
    if not path.exists():
        raise PlanInputError(path, "文件不存在")
    if path.is_dir():
        raise PlanInputError(path, "这是一个文件夹,不是文件")
    size = path.stat().st_size
    if size == 0:
        raise PlanInputError(path, "文件是空的")
    if size > MAX_INPUT_BYTES:
        raise PlanInputError(path, f"文件过大({size // (1024 * 1024)} MB),超过 {MAX_INPUT_BYTES // (1024 * 1024)} MB 上限")
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
