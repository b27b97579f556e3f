"""The one way plancheck writes spreadsheets and CSV files: document text is never a formula.

Plan text, file and folder names reach these tables, and a cell such as `=cmd|' /C calc'!A0` or
`=HYPERLINK("http://…")` would run when a clerk opens the file. Following OWASP's rule on CSV injection,
a CSV cell starting with =, +, -, @, tab or carriage return gets a leading apostrophe; in a workbook
every such text is stored as a string cell, never a formula. Control characters (BEL in a folder name)
are removed: openpyxl refuses them and they mean nothing to a reader.

Tables of plain Python values (`Table`: the batch summary of thousands of localities) are written by
XlsxWriter, told to store every text as text; pandas with openpyxl writes them about three times slower
(it makes an object per cell, openpyxl another).
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .output import write_atomic

if TYPE_CHECKING:  # pandas is loaded where a frame is written: a batch's summary needs none
    import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# C0 controls but tab, line feed and carriage return, and DEL.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Table(NamedTuple):
    """A sheet as plain Python values: its column names and rows of text, numbers and None (an empty cell)."""

    columns: list[str]
    rows: list[list[Any]]


SheetFormatter = Callable[[str, Any, "pd.DataFrame"], None]  # (sheet name, openpyxl worksheet, frame)


def clean_text(value: object) -> object:
    """A cell value without control characters (other values unchanged)."""
    return _CONTROL.sub("", value) if isinstance(value, str) else value


def csv_cell(value: object) -> object:
    """A cell value as CSV text a spreadsheet will not evaluate: formula-like text gets a leading apostrophe."""
    value = clean_text(value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _cleaned(frame: pd.DataFrame, cell: Callable[[object], object]) -> pd.DataFrame:
    return frame.apply(lambda column: column.map(cell)) if len(frame) else frame


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The frame as CSV in UTF-8 with a BOM (so Excel reads the Chinese), every cell neutralised.

    Lines end in CRLF as Excel writes them, which also makes the csv module quote a cell holding a lone CR.
    """
    return _cleaned(frame, csv_cell).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def workbook_bytes(sheets: dict[str, pd.DataFrame], format_sheet: SheetFormatter | None = None) -> bytes:
    """An .xlsx workbook with one sheet per frame; text is stored as text, never as a formula."""
    import pandas as pd

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            _cleaned(frame, clean_text).to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            for row in sheet.iter_rows(min_row=2):
                for cell in row:
                    if cell.data_type == "f":  # openpyxl takes any text starting with "=" for a formula
                        cell.data_type = "s"
            if format_sheet is not None:
                format_sheet(name, sheet, frame)
    return buffer.getvalue()


def table_csv_bytes(table: Table) -> bytes:
    """`csv_bytes` of a table of plain values, the same text without a DataFrame: numbers as Python prints
    them (3, 0.4567), None as an empty cell, the column names as they are, the csv module's quoting."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.columns)
    writer.writerows([csv_cell(value) for value in row] for row in table.rows)
    return buffer.getvalue().encode("utf-8-sig")


def write_csv(frame: pd.DataFrame, path: str | Path) -> None:
    """Write csv_bytes(frame) atomically."""
    write_atomic(path, csv_bytes(frame))


def write_table_csv(table: Table, path: str | Path) -> None:
    """Write table_csv_bytes(table) atomically."""
    write_atomic(path, table_csv_bytes(table))


def write_workbook(sheets: dict[str, pd.DataFrame], path: str | Path,
                   format_sheet: SheetFormatter | None = None) -> None:
    """Write workbook_bytes(sheets) atomically."""
    write_atomic(path, workbook_bytes(sheets, format_sheet))


def table_workbook_bytes(sheets: dict[str, Table], percent_columns: dict[str, Sequence[str]] | None = None) -> bytes:
    """An .xlsx workbook with one sheet per table, header row and first column frozen; text is stored as
    text, never as a formula or a link, without control characters. `percent_columns`: per sheet, the
    columns shown as percentages (0%)."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                        "strings_to_numbers": False})
    # The header keeps the default look: its cells get a format of their own, so a column's is not theirs.
    header, percent = book.add_format(), book.add_format({"num_format": "0%"})
    for name, table in sheets.items():
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, [clean_text(column) for column in table.columns], header)
        for row, values in enumerate(table.rows, start=1):
            sheet.write_row(row, 0, [clean_text(value) for value in values])
        for column in (percent_columns or {}).get(name, ()):
            col = table.columns.index(column)
            sheet.set_column(col, col, None, percent)  # the cells written without a format of their own
        sheet.freeze_panes(1, 1)
    book.close()
    return buffer.getvalue()


def write_table_workbook(sheets: dict[str, Table], path: str | Path,
                         percent_columns: dict[str, Sequence[str]] | None = None) -> None:
    """Write table_workbook_bytes(sheets, percent_columns) atomically."""
    write_atomic(path, table_workbook_bytes(sheets, percent_columns))
