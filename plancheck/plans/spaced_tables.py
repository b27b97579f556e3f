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


def table_from_spaced_lines(lines: list[Line]) -> Table | None:
    """The first space-aligned task table among the lines, as a Table; None when there is none."""
    for index, line in enumerate(lines):
        cells = _cells(line.text)
        if len(cells) < _MIN_COLUMNS or "  " not in line.text.strip():
            continue
        texts = [text for _, text in cells]
        if _is_task_header(_columns_of(texts)):
            rows = _rows_below([start for start, _ in cells], lines[index + 1:])
            if rows:
                return Table(rows=(tuple(texts), *rows), page=line.page, line=line.line)
    return None


def _rows_below(starts: list[int], lines: list[Line]) -> list[tuple[str, ...]]:
    """The table's rows under its header, up to the first line that fits no column."""
    rows: list[list[str]] = []
    for line in lines:
        cells = _cells(line.text)
        if not cells or not remove_page_markers(line.text).strip():
            continue  # blank, or only a page number (`- 3 -`) printed between rows
        first_text = cells[0][1]
        if len(cells) == 1 and _SECTION_HEADING.match(first_text) and "。" not in first_text:
            rows.append([first_text] + [""] * (len(starts) - 1))
            continue
        if _ROW_NUMBER_RE.match(first_text) and _column_of(cells[0][0], starts) == 0:
            rows.append([""] * len(starts))
        elif not rows or not any(rows[-1][1:]) or cells[0][0] + _SLACK < starts[min(1, len(starts) - 1)]:
            break  # prose under the table: it starts left of the task column, or no task row is open
        for position, text in cells:
            column = _column_of(position, starts)
            rows[-1][column] = f"{rows[-1][column]}\n{text}" if rows[-1][column] else text
    return [tuple(row) for row in rows]
