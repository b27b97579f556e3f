"""Spreadsheet plans (.xlsx, .csv): each sheet with content becomes one `Table` of cell texts."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
import zlib
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any

from ..document import MERGED, Document, Table
from ..errors import PlanInputError
from .limits import MAX_TABLE_CELLS, DeclaredTooLarge, check_table
from .text import decode_text

_CORRUPT_XLSX = "Excel 文件已损坏,无法打开"
_BOMB = "Excel 文件解压后过大或结构异常(疑似压缩炸弹),已拒绝打开"
# Limits for refusing zip bombs before openpyxl inflates anything.
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_MEMBERS = 10_000
MAX_RATIO = 200
RATIO_CHECK_SIZE = 10 * 1024 * 1024
_CSV_DELIMITERS = ",;\t"
# What openpyxl turns into objects, one per position: cells (<c>) and the positions of merged ranges.
_SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s/>]")
_MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Za-z]{1,3})(\d{1,7}):([A-Za-z]{1,3})(\d{1,7})"')

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
    _refuse_crowded_sheets(path)
    workbook = _open_workbook(path)
    try:
        tables = []
        for number, sheet in enumerate(workbook.worksheets, start=1):
            rows = _sheet_rows(sheet)
            if rows:
                tables.append(Table(rows=rows, page=None, line=number, merges_known=True))
        return tables
    except DeclaredTooLarge:
        raise
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


def _refuse_crowded_sheets(path: Path) -> None:
    """Refuse a sheet declaring more cells than a plan holds, before openpyxl makes an object of each.

    openpyxl creates one object per <c> element and one per position a merged range covers, so a 1 KB
    file merging A1:XFD1048576 would be 17 billion objects. The sheets are already bounded in size.
    """
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if not _SHEET_PART.fullmatch(name):
                continue
            try:
                data = archive.read(name)
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
                raise PlanInputError(path, _CORRUPT_XLSX) from exc
            positions = len(_CELL_TAG.findall(data))
            for first_col, first_row, last_col, last_row in _MERGE_REF.findall(data):
                rows = abs(int(last_row) - int(first_row)) + 1
                columns = abs(_column_number(last_col) - _column_number(first_col)) + 1
                positions += rows * columns
            if positions > MAX_TABLE_CELLS:
                raise DeclaredTooLarge(f"工作表的单元格过多(含合并单元格共 {positions:,} 个),"
                                       f"超过 {MAX_TABLE_CELLS:,} 个的上限")


def _column_number(letters: bytes) -> int:
    """Excel's column letters as a 1-based number: A → 1, XFD → 16384."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - ord("A") + 1
    return number


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
    A sparse table (a stray cell far right or far down) is read by its used cells instead of the
    rectangle around them: only the rows holding text, each ending at its own last text.
    """
    if not texts:
        return ()
    last_row = max(r for r, _ in texts)
    columns = [c for _, c in texts]
    first_col, last_col = min(columns), max(columns)
    if last_row * (last_col - first_col + 1) <= MAX_TABLE_CELLS:
        ends = dict.fromkeys(range(1, last_row + 1), last_col)
    else:
        ends = {}
        for r, c in sorted(texts):
            ends[r] = c
    check_table(len(ends), sum(end - first_col + 1 for end in ends.values()))
    return tuple(
        tuple(texts.get((r, c), MERGED if (r, c) in covered else "") for c in range(first_col, end + 1))
        for r, end in ends.items()
    )


# --- csv -----------------------------------------------------------------------------------------------


def _read_csv(path: Path) -> list[Table]:
    """A CSV file as one table; the delimiter is sniffed among comma, semicolon and tab."""
    text = decode_text(path.read_bytes(), path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    texts: dict[tuple[int, int], str] = {}
    try:
        records = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
        for r, record in enumerate(records, start=1):  # record by record: only filled cells are kept
            texts.update(((r, c), value.strip()) for c, value in enumerate(record, start=1) if value.strip())
            check_table(r, len(texts))
    except csv.Error as exc:
        raise PlanInputError(path, "CSV 文件格式有误,无法解析") from exc
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
