"""Borderless tables as PDF extraction prints them: columns set apart by runs of spaces, long cells wrapped
onto lines whose other columns are blank.

```
  序号    工作任务                          牵头单位        责任单位
  一、推进政府职能依法全面履行
  1       深化"放管服"改革。全面推行证明事  县行政审批局    县直各部门
          项告知承诺制,……
```

The header row fixes where each column starts on the page (in display columns: a Chinese character is two
wide); every later line's cells go to the column they start under. A row number opens a row, a line with no
number continues the row above, a numbered heading alone on its line is a section row.
"""
from __future__ import annotations

import re
import unicodedata

from .cleaning import remove_page_markers
from .document import Line, Table
from .tables import _SECTION_HEADING, _columns_of, _is_task_header

# A cell: words with at most single spaces inside; two or more spaces end it.
_CELL_RE = re.compile(r"\S+(?: \S+)*")
_ROW_NUMBER_RE = re.compile(r"^\d{1,3}[.、]?$")
# How far (in display columns) a cell may start left of its column and still belong to it.
_SLACK = 2
_MIN_COLUMNS = 3


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cells(text: str) -> list[tuple[int, str]]:
    """The cells of a printed line with the display column each starts at."""
    return [(_display_width(text[: match.start()]), match.group(0)) for match in _CELL_RE.finditer(text)]


def _column_of(position: int, starts: list[int]) -> int:
    """The column a cell starting at this display position falls under."""
    column = 0
    for index, start in enumerate(starts):
        if position + _SLACK >= start:
            column = index
    return column


def _separated(text: str, separator: str) -> list[str]:
    """The cells of a line whose columns a tab or a `|` separates (outer `|` of `| a | b |` dropped)."""
    cells = [cell.strip() for cell in text.strip().split(separator)]
    if separator == "|" and cells and not cells[0]:
        cells = cells[1:]
    if separator == "|" and cells and not cells[-1]:
        cells = cells[:-1]
    return cells


def _separator_of(text: str) -> str | None:
    """How a header line sets its columns apart: a tab, a `|`, or (None) runs of spaces."""
    if text.count("\t") >= 2:
        return "\t"
    if text.count("|") >= 2:
        return "|"
    return None


def table_from_spaced_lines(lines: list[Line]) -> Table | None:
    """The first task table among the lines whose columns runs of spaces, tabs or `|` set apart, as a
    Table; None when there is none."""
    for index, line in enumerate(lines):
        separator = _separator_of(line.text)
        if separator:
            texts = [t for t in _separated(line.text, separator) if t]
        else:
            if "  " not in line.text.strip():
                continue
            texts = [text for _, text in _cells(line.text)]
        if len(texts) < _MIN_COLUMNS or not _is_task_header(_columns_of(texts)):
            continue
        starts = [start for start, _ in _cells(line.text)] if not separator else []
        rows = _rows_below(texts, starts, separator, lines[index + 1:])
        if rows:
            return Table(rows=(tuple(texts), *rows), page=line.page, line=line.line)
    return None


def _rows_below(header: list[str], starts: list[int], separator: str | None,
                lines: list[Line]) -> list[tuple[str, ...]]:
    """The table's rows under its header, up to the first line that fits no column. A line with a cell for
    every column is a row read cell by cell; a line of fewer cells continues the row above, each cell under
    the column it starts at (space-aligned tables only)."""
    width = len(header)
    rows: list[list[str]] = []
    for line in lines:
        if not line.text.strip() or not remove_page_markers(line.text).strip():
            continue  # blank, or only a page number (`- 3 -`) printed between rows
        split = _separated(line.text, separator) if separator else [t for _, t in _cells(line.text)]
        filled = [cell for cell in split if cell]
        if len(filled) == 1 and _SECTION_HEADING.match(filled[0]) and "。" not in filled[0]:
            rows.append([filled[0]] + [""] * (width - 1))
            continue
        if filled and _ROW_NUMBER_RE.match(filled[0]) and len(split) >= width - 1:
            cells = (split + [""] * width)[:width] if separator or len(split) == width else None
            if cells is not None:
                rows.append(cells)
                continue
        if separator or not starts:
            break  # a separated table has one line a row: anything else is the prose under it
        cells_at = _cells(line.text)
        if _ROW_NUMBER_RE.match(cells_at[0][1]) and _column_of(cells_at[0][0], starts) == 0:
            rows.append([""] * width)
        elif not rows or not any(rows[-1][1:]) or cells_at[0][0] + _SLACK < starts[min(1, width - 1)]:
            break  # prose under the table: it starts left of the task column, or no task row is open
        for position, text in cells_at:
            column = _column_of(position, starts)
            rows[-1][column] = f"{rows[-1][column]}\n{text}" if rows[-1][column] else text
    return [tuple(row) for row in rows]
