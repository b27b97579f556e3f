"""Word (.docx) plans: body paragraphs and tables in reading order, with automatic list numbers restored.

The package is read with zipfile and lxml rather than python-docx: we need only three parts, python-docx
parses every part and refuses .docm content types, and its paragraph text drops list numbers anyway.
Headers, footers, footnotes, comments and text boxes are not body text and are left out.
"""
from __future__ import annotations

import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from ..document import MERGED, Block, Document, Line, Table
from ..errors import PlanInputError
from .docx_numbering import ListCounter, is_on, parse_numbering, parse_styles, to_int, w
from .limits import check_table

MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 10_000
MAX_COMPRESSION_RATIO = 200
RATIO_CHECK_MIN_BYTES = 10 * 1024 * 1024
# Word allows at most 63 columns; larger spans only come from broken or hostile files.
_MAX_SPAN = 63

_MAIN_PART = "word/document.xml"
_RELS_PART = "word/_rels/document.xml.rels"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_STRICT_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_MATH_TEXT = "{http://schemas.openxmlformats.org/officeDocument/2006/math}t"

_CORRUPT = "Word 文件已损坏,无法打开"
# Everything zipfile, zlib and lxml raise for damaged archives: bad headers, CRC mismatches, truncated
# streams, unsupported compression (NotImplementedError), encrypted members (RuntimeError), bad XML.
_ARCHIVE_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, KeyError,
                   ValueError, NotImplementedError, RuntimeError, etree.LxmlError)

# Inline subtrees that are not printed body text: deleted revisions, properties, field codes, drawings
# and text boxes (their own paragraphs), ruby annotations, and the fallback copy of alternate content.
_SKIPPED_INLINE = frozenset({
    w("del"), w("moveFrom"), w("pPr"), w("rPr"), w("sdtPr"), w("instrText"), w("delText"),
    w("drawing"), w("pict"), w("object"), w("txbxContent"), w("rt"), f"{{{_MC_NS}}}Fallback",
})
_BLOCK_WRAPPERS = frozenset({w("sdt"), w("sdtContent"), w("customXml"), w("ins"), w("moveTo")})


def read_docx(path: Path) -> Document:
    """Read a .docx plan into lines and tables. Raises PlanInputError with a Chinese cause."""
    path = Path(path)
    document, styles_root, numbering_root = _load_parts(path)
    styles = parse_styles(styles_root)
    reader = _BodyReader(ListCounter(parse_numbering(numbering_root, styles), styles))
    body = document.find(w("body"))
    blocks = tuple(reader.blocks(body)) if body is not None else ()
    if not blocks:
        raise PlanInputError(path, "文档中没有任何文字")
    return Document(path=str(path), format="docx", blocks=blocks)


# ---- package --------------------------------------------------------------------------------------

def _load_parts(path: Path) -> tuple[etree._Element, etree._Element | None, etree._Element | None]:
    """Parse the main document, styles and numbering parts, after refusing broken or oversized archives."""
    try:
        with zipfile.ZipFile(path) as archive:
            _refuse_zip_bomb(path, archive.infolist())
            names = set(archive.namelist())
            if _MAIN_PART not in names:
                raise PlanInputError(path, "压缩包中没有 Word 正文(word/document.xml),不是有效的 Word 文件")
            related = _related_parts(archive, names)
            document = _parse_part(archive, _MAIN_PART)
            styles = _parse_part(archive, related["styles"]) if "styles" in related else None
            numbering = _parse_part(archive, related["numbering"]) if "numbering" in related else None
    except PlanInputError:
        raise
    except _ARCHIVE_ERRORS as exc:
        raise PlanInputError(path, _cause_of_unreadable(path)) from exc
    _check_main_part(path, document)
    return document, styles, numbering


def _refuse_zip_bomb(path: Path, members: list[zipfile.ZipInfo]) -> None:
    """Judge the archive by its directory before inflating anything; zipfile never inflates past the
    declared size, so the declared sizes bound what we read."""
    if len(members) > MAX_MEMBERS:
        raise PlanInputError(path, f"Word 文件包含的部件过多(超过 {MAX_MEMBERS} 个),疑似压缩炸弹")
    if sum(info.file_size for info in members) > MAX_UNCOMPRESSED_BYTES:
        raise PlanInputError(path, "Word 文件解压后过大,疑似压缩炸弹")
    for info in members:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_CHECK_MIN_BYTES and ratio > MAX_COMPRESSION_RATIO:
            raise PlanInputError(path, "Word 文件解压后过大,疑似压缩炸弹")


def _related_parts(archive: zipfile.ZipFile, names: set[str]) -> dict[str, str]:
    """Styles and numbering part names, from the main part's relationships, else Word's usual names."""
    found = {kind: f"word/{kind}.xml" for kind in ("styles", "numbering") if f"word/{kind}.xml" in names}
    if _RELS_PART not in names:
        return found
    for rel in _parse_part(archive, _RELS_PART).iter(f"{{{_REL_NS}}}Relationship"):
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
        target = rel.get("Target") or ""
        if kind not in ("styles", "numbering") or rel.get("TargetMode") == "External":
            continue
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"word/{target}")
        if name in names:
            found[kind] = name
    return found


def _parse_part(archive: zipfile.ZipFile, name: str) -> etree._Element:
    # No entities, DTDs or network: a .docx comes from outside and its XML must not reach out.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    return etree.fromstring(archive.read(name), parser)


def _cause_of_unreadable(path: Path) -> str:
    """Tell an old or password-protected Word file (an OLE container, not a zip) from a damaged one."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError:
        return "文件无法打开"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "这是旧版 Word(.doc)文件或已加密的 Word 文件,请去除密码并另存为 .docx 后再试"
    return _CORRUPT


def _check_main_part(path: Path, document: etree._Element) -> None:
    if document.tag == w("document"):
        return
    if isinstance(document.tag, str) and document.tag.startswith(f"{{{_STRICT_NS}}}"):
        raise PlanInputError(path, "这是“严格 Open XML”格式的 Word 文件,请在 Word 中另存为普通 .docx 后再试")
    raise PlanInputError(path, "word/document.xml 不是 Word 正文,文件可能已损坏")


# ---- body -----------------------------------------------------------------------------------------

def _block_elements(container: etree._Element) -> Iterator[etree._Element]:
    """w:p and w:tbl children in order, looking through content controls and custom XML wrappers."""
    for child in container:
        if child.tag in (w("p"), w("tbl")):
            yield child
        elif child.tag in _BLOCK_WRAPPERS:
            yield from _block_elements(child)


def _child_elements(container: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Children with the given tag (rows of a table, cells of a row), looking through wrappers."""
    for child in container:
        if child.tag == tag:
            yield child
        elif child.tag in _BLOCK_WRAPPERS:
            yield from _child_elements(child, tag)


def _grid_count(parent: etree._Element | None, tag: str, default: int) -> int:
    """A row's gridBefore/gridAfter or a cell's gridSpan, clamped so a hostile value cannot blow up a row."""
    element = None if parent is None else parent.find(w(tag))
    value = to_int(element.get(w("val"))) if element is not None else None
    return default if value is None else min(max(value, 0), _MAX_SPAN)


def _inline_text(element: etree._Element) -> str:
    """Printed text under a paragraph (runs, hyperlinks, fields, inserted revisions), without hidden runs."""
    parts = []
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED_INLINE:
            continue
        if tag in (w("t"), _MATH_TEXT):
            parts.append(child.text or "")
        elif tag in (w("tab"), w("ptab")):
            parts.append("\t")
        elif tag == w("br"):
            # Page and column breaks only move text; a plain break is a line break inside the paragraph.
            parts.append("" if child.get(w("type")) in ("page", "column") else "\n")
        elif tag == w("cr"):
            parts.append("\n")
        elif tag == w("noBreakHyphen"):
            parts.append("-")
        elif tag == w("r") and is_on(child.find(f"{w('rPr')}/{w('vanish')}")):
            continue
        else:
            parts.append(_inline_text(child))
    return "".join(parts)


class _BodyReader:
    """Turns body elements into blocks; one instance per document because list counters run on."""

    def __init__(self, counter: ListCounter) -> None:
        self._counter = counter

    def blocks(self, body: etree._Element) -> Iterator[Block]:
        """Lines and tables with text; `line` is the 1-based position among all body paragraphs and
        tables, empty ones included, so it points at the same place in Word's document."""
        for ordinal, element in enumerate(_block_elements(body), start=1):
            if element.tag == w("p"):
                text = self._paragraph_text(element)
                if text.strip():
                    yield Line(text=text, page=None, line=ordinal)
            else:
                rows = self._table_rows(element)
                if any(cell.strip() and cell != MERGED for row in rows for cell in row):
                    yield Table(rows=rows, page=None, line=ordinal, merges_known=True)

    def _paragraph_text(self, paragraph: etree._Element) -> str:
        """The paragraph's list number (advanced even when the paragraph is empty, as Word does) and text."""
        p_pr = paragraph.find(w("pPr"))
        label = self._counter.label(p_pr)
        text = _inline_text(paragraph)
        return label + text if text.strip() else ""

    def _table_rows(self, table: etree._Element) -> tuple[tuple[str, ...], ...]:
        """Cell texts laid out on the table grid: a merged cell's text once, MERGED at the positions it covers
        (vMerge/hMerge continuations and the extra grid columns of a gridSpan); cells missing before or
        after a row (gridBefore/gridAfter) and empty cells are ""."""
        rows = []
        for row in _child_elements(table, w("tr")):
            tr_pr = row.find(w("trPr"))
            cells = [""] * _grid_count(tr_pr, "gridBefore", 0)
            for cell in _child_elements(row, w("tc")):
                tc_pr = cell.find(w("tcPr"))
                cells.append(MERGED if self._is_merge_continuation(tc_pr) else self._cell_text(cell))
                cells.extend([MERGED] * (_grid_count(tc_pr, "gridSpan", 1) - 1))
            cells.extend([""] * _grid_count(tr_pr, "gridAfter", 0))
            rows.append(cells)
        width = max((len(cells) for cells in rows), default=0)
        check_table(len(rows), len(rows) * width)  # one very wide row would pad every other row to it
        return tuple(tuple(cells + [""] * (width - len(cells))) for cells in rows)

    @staticmethod
    def _is_merge_continuation(tc_pr: etree._Element | None) -> bool:
        """A cell continuing a vertical merge (w:vMerge without "restart") or a legacy horizontal one."""
        if tc_pr is None:
            return False
        merges = (tc_pr.find(w("vMerge")), tc_pr.find(w("hMerge")))
        return any(m is not None and m.get(w("val"), "continue") == "continue" for m in merges)

    def _cell_text(self, cell: etree._Element) -> str:
        """Non-empty paragraphs of a cell joined by newlines; a nested table gives one line per row."""
        lines = []
        for element in _block_elements(cell):
            if element.tag == w("p"):
                lines.append(self._paragraph_text(element))
            else:
                rows = self._table_rows(element)
                lines.extend("\t".join(c for c in row if c and c != MERGED) for row in rows)
        return "\n".join(line for line in lines if line.strip())
