"""PDF plans: text lines in reading order with page numbers, and ruled tables as `Table` blocks."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..document import Block, Document, Line, Table
from ..errors import PlanInputError
from .limits import MAX_PDF_INFLATED_BYTES, MAX_PDF_PAGES, DeclaredTooLarge
from .pdf_streams import check_inflated_size

_CORRUPT = "PDF 文件已损坏,无法读取"
_ENCRYPTED = "PDF 文件已加密,请提供未加密的版本"
_SCANNED = "PDF 中没有可提取的文字(可能是扫描件),请提供文字版"
_NO_UNICODE = "PDF 中的文字没有编码映射,提取出来是乱码,请提供 Word 版或文字版"

# pdfminer writes "(cid:123)" for a glyph whose font has no mapping back to Unicode.
_CID = re.compile(r"\(cid:\d+\)")
# A footer such as "- 3 -" or "—3—" alone between two tables does not break a table across pages.
_PAGE_NUMBER = re.compile(r"^[-—–\s]*\d{1,4}[-—–\s]*$")

Rows = tuple[tuple[str, ...], ...]
PageItem = str | Rows  # a text line or a table's rows, before numbering


def read_pdf(path: Path) -> Document:
    """Read a text PDF: one `Line` per extracted line (page = 1-based page, line = running number)."""
    import pdfplumber

    check_inflated_size(path.read_bytes(), MAX_PDF_INFLATED_BYTES)
    try:
        with pdfplumber.open(path) as pdf:
            if len(pdf.pages) > MAX_PDF_PAGES:
                raise DeclaredTooLarge(f"PDF 页数过多(共 {len(pdf.pages):,} 页),超过 {MAX_PDF_PAGES:,} 页的上限")
            pages = [_read_page(page) for page in pdf.pages]
        garbled = [index for index, items in enumerate(pages) if _is_garbled(items)]
        if garbled:
            _reread_with_pdfium(path, pages, garbled)
    except (PlanInputError, DeclaredTooLarge):
        raise
    except Exception as exc:  # pdfminer raises dozens of types (PSEOF, KeyError, struct.error...)
        raise PlanInputError(path, _cause_of(exc)) from exc
    blocks = _numbered(pages)
    _refuse_textless(path, blocks)
    return Document(path=str(path), format="pdf", blocks=tuple(_join_continued_tables(blocks)))


def _cause_of(exc: BaseException) -> str:
    """The Chinese cause for a pdfminer/pdfplumber failure, looking through pdfplumber's wrapper."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    inner: BaseException | None = exc
    while inner is not None:
        if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)):
            return _ENCRYPTED
        wrapped = inner.args[0] if inner.args and isinstance(inner.args[0], BaseException) else None
        inner = wrapped or inner.__cause__
    return _CORRUPT


def _read_page(page: Any) -> list[PageItem]:
    """One page: its tables and the text outside them, merged top to bottom."""
    # Some producers fake bold by printing each glyph twice; without dedupe we'd read "法法治治".
    if _has_doubled_glyphs(page.chars):
        page = page.dedupe_chars()  # slow (it sorts the page's chars in clusters), so only when needed
    tables = [(table.bbox, rows) for table in page.find_tables() if (rows := _table_rows(table))]
    bboxes = [bbox for bbox, _ in tables]
    text_page = page.filter(lambda obj: not _inside_any(obj, bboxes)) if bboxes else page
    items: list[tuple[float, int, PageItem]] = [(line["top"], 0, line["text"])
                                                for line in text_page.extract_text_lines()]
    items += [(bbox[1], 1, rows) for bbox, rows in tables]
    return [content for _, _, content in sorted(items, key=lambda item: (item[0], item[1]))]


def _has_doubled_glyphs(chars: list[dict[str, Any]]) -> bool:
    """Whether some glyph is printed twice at (nearly) the same place, as fake-bold producers do."""
    seen = set()
    for char in chars:
        key = (char.get("text"), round(char.get("x0", 0)), round(char.get("top", 0)))
        if key in seen:
            return True
        seen.add(key)
    return False


def _is_garbled(items: list[PageItem]) -> bool:
    """Whether pdfminer could not map the page's glyphs to characters and wrote "(cid:N)" instead."""
    text = "".join(item for item in items if isinstance(item, str))
    without_cids = _CID.sub("", text)
    return len(text) - len(without_cids) > len(without_cids.replace(" ", ""))


def _reread_with_pdfium(path: Path, pages: list[list[PageItem]], indices: list[int]) -> None:
    """Replace garbled pages by PDFium's text, which maps more fonts (e.g. CID fonts in encrypted files).

    PDFium gives lines in content-stream order and finds no tables, so it is only the fallback.
    """
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        for index in indices:
            textpage = document[index].get_textpage()
            raw = textpage.get_text_range()
            lines = [line.strip() for line in re.split(r"\r\n|\r|\n", raw)]
            pages[index] = [line for line in lines if line]
    finally:
        document.close()


def _numbered(pages: list[list[PageItem]]) -> list[Block]:
    """Blocks with their page and a line number running through the document (a table takes one)."""
    blocks: list[Block] = []
    for page_number, items in enumerate(pages, start=1):
        for item in items:
            number = len(blocks) + 1
            if isinstance(item, str):
                blocks.append(Line(text=item, page=page_number, line=number))
            else:
                blocks.append(Table(rows=item, page=page_number, line=number))
    return blocks


def _inside_any(obj: dict[str, Any], bboxes: list[tuple[float, float, float, float]]) -> bool:
    """Whether an object's centre lies in one of the table boxes (centre, so border glyphs go one way)."""
    if "x0" not in obj or "top" not in obj:
        return False
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in bboxes)


def _table_rows(table: Any) -> Rows:
    """The table's cell texts, or () when it is no data table; spanned positions (None) become ""."""
    rows = tuple(tuple((cell or "").strip() for cell in row) for row in table.extract())
    # A ruled box around a title or a note is one cell, not a table: its text stays running text.
    if len(rows) < 2 or max(len(row) for row in rows) < 2:
        return ()
    return rows if any(any(row) for row in rows) else ()


def _refuse_textless(path: Path, blocks: list[Block]) -> None:
    """A scan or a font without Unicode mapping yields no usable text; say so rather than return nothing."""
    text = "".join(b.text for b in blocks if isinstance(b, Line))
    text += "".join("".join(cell for row in b.rows for cell in row) for b in blocks if isinstance(b, Table))
    without_cids = _CID.sub("", text)
    readable = [ch for ch in without_cids if not ch.isspace()]
    if len(text) - len(without_cids) > len(readable):
        raise PlanInputError(path, _NO_UNICODE)
    # Page-number footers alone ("- 1 -") are what a scan with a text footer yields.
    if all(ch.isdigit() or ch in "-—–" for ch in readable):
        raise PlanInputError(path, _SCANNED)


def _join_continued_tables(blocks: list[Block]) -> list[Block]:
    """Join a table continued on the next page to its first part, so one table is one `Table`.

    Continuation: a table that follows another of the same width with only page-number lines
    between them. The page-number lines are kept, after the joined table.
    """
    joined: list[Block] = []
    held: list[Block] = []  # page-number lines seen since the last table
    for block in blocks:
        previous = joined[-1] if joined else None
        if isinstance(block, Line) and isinstance(previous, Table) and _PAGE_NUMBER.match(block.text):
            held.append(block)
            continue
        if _continues(previous, block):
            joined[-1] = Table(rows=previous.rows + block.rows, page=previous.page, line=previous.line)
            continue
        joined.extend(held)
        held = []
        joined.append(block)
    joined.extend(held)
    return joined


def _continues(previous: Block | None, block: Block) -> bool:
    """Whether block is the part on a later page of the table just before it (same number of columns)."""
    if not (isinstance(previous, Table) and isinstance(block, Table)):
        return False
    later_page = previous.page is not None and block.page is not None and block.page > previous.page
    return later_page and _width(previous) == _width(block)


def _width(table: Table) -> int:
    return max((len(row) for row in table.rows), default=0)
