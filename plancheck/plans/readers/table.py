"""Spreadsheet plans (.xlsx, .csv): each sheet with content becomes one `Table` of cell texts."""
from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any

from ..document import MERGED, Document, Table
from ..errors import PlanInputError
from .text import decode_text

_CORRUPT_XLSX = "Excel 文件已损坏,无法打开"
_BOMB = "Excel 文件解压后过大或结构异常(疑似压缩炸弹),已拒绝打开"
# Limits for refusing zip bombs before openpyxl inflates anything.
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_MEMBERS = 10_000
MAX_RATIO = 200
RATIO_CHECK_SIZE = 10 * 1024 * 1024
_CSV_DELIMITERS = ",;\t"

Rows = tuple[tuple[str, ...], ...]


def read_table(path: Path, fmt: str) -> Document:
    """Read an .xlsx workbook (fmt "xlsx") or a .csv file (fmt "csv") into one `Table` per sheet."""
    if fmt == "xlsx":
        tables = _read_xlsx(path)
        empty = "Excel 工作簿中没有任何内容"
    elif fmt == "csv":
        tables = _read_csv(path)
        empty = "CSV 文件中没有任何内容"
    else:
        raise ValueError(f"not a table format: {fmt}")
    if not tables:
        raise PlanInputError(path, empty)
    return Document(path=str(path), format=fmt, blocks=tuple(tables))


# --- xlsx ----------------------------------------------------------------------------------------------


def _read_xlsx(path: Path) -> list[Table]:
    """Every sheet with content, numbered by its position in the workbook (hidden sheets count)."""
    _refuse_zip_bomb(path)
    workbook = _open_workbook(path)
    try:
        tables = []
        for number, sheet in enumerate(workbook.worksheets, start=1):
            rows = _sheet_rows(sheet)
            if rows:
                tables.append(Table(rows=rows, page=None, line=number, merges_known=True))
        return tables
    except Exception as exc:  # openpyxl parses lazily in places; a broken cell is still a broken file
        raise PlanInputError(path, _CORRUPT_XLSX) from exc
    finally:
        workbook.close()


def _refuse_zip_bomb(path: Path) -> None:
    """Refuse archives that would inflate far beyond any real plan, judging by the zip directory alone."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise PlanInputError(path, _CORRUPT_XLSX) from exc
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNCOMPRESSED:
        raise PlanInputError(path, _BOMB)
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > MAX_RATIO and member.file_size > RATIO_CHECK_SIZE:
            raise PlanInputError(path, _BOMB)


def _open_workbook(path: Path) -> Any:
    """Open with openpyxl in full mode (read-only mode does not know merged cells); cached formula values."""
    import openpyxl

    try:
        # A file object, not the path: openpyxl refuses paths whose extension it does not know.
        with path.open("rb") as handle:
            return openpyxl.load_workbook(io.BytesIO(handle.read()), read_only=False, data_only=True)
    except Exception as exc:  # zipfile, lxml, KeyError on missing parts, openpyxl's own errors...
        raise PlanInputError(path, _CORRUPT_XLSX) from exc


def _sheet_rows(sheet: Any) -> Rows:
    """A sheet's cell texts from row 1 to the last used row, trimmed of empty outer columns.

    Cells of a merged range other than its top-left one are MERGED; blank cells are "".
    """
    # Read the cells that exist rather than iterate max_row x max_column: one stray formatted cell
    # at XFD1048576 would otherwise mean 17 billion iterations. openpyxl offers no public sparse view.
    from openpyxl.cell.cell import MergedCell

    texts = {}
    covered = set()  # openpyxl puts a MergedCell at each position a merged range covers
    for (row, column), cell in sheet._cells.items():
        if isinstance(cell, MergedCell):
            covered.add((row, column))
            continue
        text = cell_text(cell.value, getattr(cell, "number_format", "General"))
        if text:
            texts[(row, column)] = text
    return _rectangle(texts, covered)


def cell_text(value: object, number_format: str = "General") -> str:
    """A cell value as the text a reader of the sheet sees: dates as 2024年12月31日, 3.0 as 3."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return _number_text(value, number_format)
    return str(value).replace("\r\n", "\n").replace("\r", "\n").replace("_x000D_", "").strip()


def _number_text(value: float, number_format: str) -> str:
    """Numbers as shown: whole numbers without ".0", percentage-formatted cells as "95%"."""
    if "%" in (number_format or ""):
        value = value * 100
        suffix = "%"
    else:
        suffix = ""
    if float(value).is_integer():
        return f"{int(value)}{suffix}"
    return f"{round(float(value), 10):g}{suffix}" if suffix else f"{value}"


def _rectangle(texts: dict[tuple[int, int], str], covered: AbstractSet[tuple[int, int]] = frozenset()) -> Rows:
    """Rows from (row, column) -> text (1-based keys), from row 1 so row k of the table is row k of the sheet.

    Positions in `covered` (cells a merged range hides) read MERGED; the bounds come from texts alone.
    """
    if not texts:
        return ()
    last_row = max(r for r, _ in texts)
    columns = [c for _, c in texts]
    first_col, last_col = min(columns), max(columns)
    return tuple(
        tuple(texts.get((r, c), MERGED if (r, c) in covered else "")
              for c in range(first_col, last_col + 1))
        for r in range(1, last_row + 1)
    )


# --- csv -----------------------------------------------------------------------------------------------


def _read_csv(path: Path) -> list[Table]:
    """A CSV file as one table; the delimiter is sniffed among comma, semicolon and tab."""
    text = decode_text(path.read_bytes(), path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text)))
    except csv.Error as exc:
        raise PlanInputError(path, "CSV 文件格式有误,无法解析") from exc
    texts = {
        (r, c): value.strip()
        for r, record in enumerate(records, start=1)
        for c, value in enumerate(record, start=1)
        if value.strip()
    }
    rows = _rectangle(texts)
    # CSV has no merged cells: a cell an exporter left blank under a merge is "" like any blank one.
    return [Table(rows=rows, page=None, line=1, merges_known=False)] if rows else []


def _sniff_delimiter(text: str) -> str:
    """The candidate delimiter that splits the first records into the most consistent number of fields.

    csv.Sniffer is easily misled here: plan text itself is full of ASCII commas and semicolons.
    """
    sample = text[:32768]
    best = (0.0, 0, ",")
    for delimiter in _CSV_DELIMITERS:
        try:
            widths = [len(r) for r in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter) if r][:50]
        except csv.Error:
            continue
        if not widths:
            continue
        modal = max(set(widths), key=widths.count)
        if modal < 2:
            continue
        score = (widths.count(modal) / len(widths), modal, delimiter)
        best = max(best, score, key=lambda s: (s[0], s[1]))
    return best[2]
