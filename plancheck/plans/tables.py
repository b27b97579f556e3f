"""Task-division tables (任务分工表): find the columns by what their headers mean, read one RawTask per row.

Works on a `Table` (docx, html, xlsx, csv, pdf) and on a table flattened to one cell per line, as
web pages copied to text often are.

Merged cells: section, unit and deadline cells are often merged down over several tasks, so such a
cell inherits the value above. When the reader knows the merges (`Table.merges_known`: docx, html,
xlsx) only covered positions (`MERGED`) and written dittos ("同上", "〃") inherit; a cell left "" is
genuinely blank and stays blank, for the checks to report (a task without 责任单位 is a defect).
CSV, PDF and flattened tables cannot tell a covered cell from a blank one, so there every "" inherits.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .document import MERGED, Table
from .raw import RawTask
from .units import label_view, looks_like_unit

NUMBER, SECTION, TASK, MEASURES, UNIT, DEADLINE, IGNORED = (
    "number", "section", "task", "measures", "unit", "deadline", "ignored")
TEXT_ROLES = (TASK, MEASURES)
FILLED_ROLES = (SECTION, UNIT, DEADLINE)  # merged vertically in practice, so covered cells inherit from above
_DITTOS = frozenset({MERGED, "同上", "〃"})  # cells meaning "as above" in a FILLED column
HEADER_SEARCH_ROWS = 6

# Labels kept as written: whether a column says 牵头 or 责任 or 配合 decides the units' roles later.
_KEPT_LABELS = ("牵头单位", "牵头部门", "责任单位", "责任部门", "配合单位", "协办单位", "协同单位")
_PERSON_WORDS = ("领导", "责任人", "联系人", "备注", "说明", "分管")
_SECTION_HEADING = re.compile(r"^(?:第)?([一二三四五六七八九十百]+)(?:[、.．]|部分|章)\s*(.*)$")
_NUMBER_CELL = re.compile(r"^[((]?\d{1,3}[))]?[.、.]?$")
_DEADLINE_LIKE = re.compile(r"\d{4}\s*年|\d+\s*月|年底|年内|月底|季度|长期|持续|全年|常态|年度|前$|底$|日$")
_UNIT_LIKE = re.compile(
    r"(局|委|办|部|院|府|中心|单位|室|会|队|所|站|处|庭|团|联|社|行|公司|部门|机关|街道|乡镇|镇)\)?([、,,;;\s]|$)")
_SKIPPED_ROW = re.compile(r"^(续表|注[::]|备注|说明[::]|附件)|分工表|一览表")
_WIDE = re.compile(r"[\u2e80-\u9fff\uff00-\uffef“”‘’—…·]")


@dataclass(frozen=True)
class Column:
    """A table column as its header says: its role, and for unit and deadline columns the label to emit."""

    index: int
    role: str
    label: str = ""


# Longest header cell considered: `牵头单位(填写单位全称,多个单位用顿号隔开)` and the like.
MAX_HEADER_CELL = 200
# A bracketed note ends at the first closing bracket; it never spans another opening one (linear).
_HEADER_NOISE = re.compile(r"[((【\[][^((【\[))】\]]*[))】\]]|[\s*::]")


def classify_header(cell: str) -> tuple[str, str] | None:
    """(role, label) of a header cell such as '牵头单位' or '完成时限', or None when it is no header word."""
    if len(cell) > MAX_HEADER_CELL:
        return None  # a header word with a bracketed note is short; a long cell is text (and scanning it is slow)
    word = label_view(_HEADER_NOISE.sub("", cell))  # `牽頭單位` is `牵头单位`
    if not word or len(word) > 12 or "表" in word:
        return None
    if any(w in word for w in _PERSON_WORDS):
        return IGNORED, ""  # 责任领导 names a person, not a unit
    if "牵头" in word or "主责" in word:
        return UNIT, word if word in _KEPT_LABELS else "牵头单位"
    if any(w in word for w in ("配合", "协办", "协同", "协助", "参与")):
        return UNIT, word if word in _KEPT_LABELS else "配合单位"
    if "责任" in word and any(w in word for w in ("单位", "部门", "主体")):
        return UNIT, word if word in _KEPT_LABELS else "责任单位"
    if any(w in word for w in ("时限", "期限", "时间", "节点", "进度")):
        return DEADLINE, "完成时限"
    if word in ("序号", "编号", "序", "号", "项次") or word.endswith("序号"):
        return NUMBER, ""
    if any(w in word for w in ("类别", "领域", "板块", "类型", "分类")) or word == "项目":
        return SECTION, ""
    if any(w in word for w in ("措施", "内容", "举措", "要求", "目标")):
        return MEASURES, ""
    if any(w in word for w in ("任务", "要点", "事项", "工作")):
        return TASK, ""
    return None


def _columns_of(row: tuple[str, ...] | list[str]) -> list[Column]:
    """The recognised columns of a header row."""
    found = []
    for index, cell in enumerate(row):
        kind = classify_header(cell) if cell else None
        if kind:
            found.append(Column(index, *kind))
    return found


def _is_task_header(columns: list[Column]) -> bool:
    """A header names a task-text column and at least one number, unit or deadline column."""
    roles = {c.role for c in columns}
    return bool(roles & set(TEXT_ROLES)) and bool(roles & {NUMBER, UNIT, DEADLINE})


def _is_header_like(row: tuple[str, ...]) -> bool:
    """Two or more cells, all header words: a repeated header, or the lower row of a two-level one.

    One cell is not enough: a short task such as "优化营商环境工作" alone on its row reads as a header word.
    """
    cells = [c for c in row if c]
    return len(cells) >= 2 and all(classify_header(c) for c in cells)


# --- tables --------------------------------------------------------------------------------------------


def raw_tasks_from_table(table: Table) -> list[RawTask] | None:
    """The tasks of a task-division table, one per row; None when the table has no task-text column.

    A task's line is the table's line plus the row's offset in the table, so rows keep distinct,
    ordered positions (for the first sheet of a workbook that is the spreadsheet row number).
    """
    found = _find_header(tuple(_shown(row) for row in table.rows))
    if found is None:
        return None
    first_data_row, columns = found
    reader = _RowReader(columns, page=table.page, merges_known=table.merges_known,
                        blank_fills=_columns_with_merge_runs(table.rows[first_data_row:], columns))
    for offset in range(first_data_row, len(table.rows)):
        position = table.line + offset if table.line is not None else None
        reader.read(table.rows[offset], position)
    return reader.tasks


def _columns_with_merge_runs(rows: tuple[tuple[str, ...], ...], columns: list[Column]) -> frozenset[int]:
    """Columns whose blanks look like merged cells lost in export (CSV, PDF): many of them, not one or two.

    A lone blank 责任单位 cell is a defect the reviewer must see; a column blank in every other row is a
    merged range that the export flattened.
    """
    filled = set()
    data = [row for row in rows if any(_shown(row))]
    for column in columns:
        if column.role not in FILLED_ROLES or not data:
            continue
        blanks = sum(1 for row in data if column.index >= len(row) or not row[column.index].strip())
        if blanks >= 2 and blanks >= 0.3 * len(data):
            filled.add(column.index)
    return frozenset(filled)


def _find_header(rows: tuple[tuple[str, ...], ...]) -> tuple[int, list[Column]] | None:
    """The header among the first rows (a title row above it is common): first data row and the columns."""
    candidates = [i for i, row in enumerate(rows) if any(row)][:HEADER_SEARCH_ROWS]
    for index in candidates:
        columns = _columns_of(rows[index])
        if not _is_task_header(columns):
            continue
        following = index + 1
        if following < len(rows) and _is_header_like(rows[following]):
            # Two-level header: "责任单位" above "牵头单位 | 配合单位"; the lower words win.
            lower = {c.index: c for c in _columns_of(rows[following])}
            columns = [lower.pop(c.index, c) for c in columns] + list(lower.values())
            columns.sort(key=lambda c: c.index)
            following += 1
        return following, columns
    return None


def _shown(row: tuple[str, ...]) -> tuple[str, ...]:
    """A row as printed: positions covered by a merged cell show nothing of their own."""
    return tuple("" if cell == MERGED else cell for cell in row)


class _RowReader:
    """Reads data rows in order, tracking the current section and the values merged cells carry down.

    With merges_known, only MERGED and written dittos inherit from above; otherwise every "" does.
    """

    def __init__(self, columns: list[Column], page: int | None, merges_known: bool = False,
                 blank_fills: frozenset[int] | None = None) -> None:
        self.columns = columns
        self.blank_fills = blank_fills
        self.page = page
        self.merges_known = merges_known
        self.section = ("", "")
        self.carried: dict[int, str] = {}
        self.tasks: list[RawTask] = []

    def read(self, row: tuple[str, ...], position: int | None) -> None:
        shown = _shown(row)
        if not any(shown) or _is_header_like(shown) or _is_skipped(shown):
            return
        heading = _section_heading(shown, self.columns)
        if heading is not None:
            self.section = _split_section(heading)
            self.carried = {}  # a merged cell cannot reach across a full-width section row
            return
        cells = {c.index: (row[c.index] if c.index < len(row) else "") for c in self.columns}
        for column in self.columns:
            cell = cells[column.index]
            if column.role in FILLED_ROLES:
                if self._inherits(cell, column.index):
                    cell = self.carried.get(column.index, "")
                self.carried[column.index] = cell
            elif cell == MERGED:
                cell = ""  # a task text or number merged down is one task's, never repeated on the next
            cells[column.index] = cell
        body = _join_texts([cells[c.index] for c in self.columns if c.role in TEXT_ROLES])
        if body:
            self.tasks.append(self._task(cells, body, position))

    def _inherits(self, cell: str, index: int) -> bool:
        """Whether a section, unit or deadline cell takes the value above: covered, ditto, or (merges
        unknown: csv, pdf, flattened cells) blank, since there a covered cell reads "" like a blank one."""
        if cell.strip() in _DITTOS:
            return True
        return not self.merges_known and not cell and (self.blank_fills is None or index in self.blank_fills)

    def _task(self, cells: dict[int, str], body: str, position: int | None) -> RawTask:
        number = next((cells[c.index] for c in self.columns if c.role == NUMBER), "")
        section = self.section
        section_cell = next((cells[c.index] for c in self.columns if c.role == SECTION), "")
        if section_cell:
            section = _split_section(join_lines(section_cell))
        fields = _unit_fields(self.columns, cells)
        return RawTask(
            number=re.sub(r"[.、.\s]+$", "", number.strip()),
            section_number=section[0],
            section_title=section[1],
            body=body,
            unit_fields=fields,
            unit_source="table" if fields else "",
            page=self.page,
            line=position,
        )


def _is_skipped(row: tuple[str, ...]) -> bool:
    """Notes, 续表 markers and repeated table titles between data rows."""
    texts = {c for c in row if c}
    return len(texts) == 1 and bool(_SKIPPED_ROW.search(texts.pop()))


def _section_heading(row: tuple[str, ...], columns: list[Column]) -> str | None:
    """The heading text of a section row spanning the table, else None.

    A section row has one distinct text, repeated across the row (merged cells filled) or in the first
    column (merged cells left blank). Text only in a task column is a section when it is numbered like
    one ("一、…"); otherwise it is a task whose other cells are merged from above.
    """
    texts = {c for c in row if c}
    if len(texts) != 1 or len(row) < 2:
        return None
    text = texts.pop()
    if _NUMBER_CELL.match(text):
        return None
    if sum(cell == text for cell in row) >= 2:
        return text
    first_is_text = any(c.index == 0 and c.role in TEXT_ROLES for c in columns)
    if row[0] == text and not first_is_text:
        return text
    match = _SECTION_HEADING.match(text)
    return text if match and len(text) <= 40 and "。" not in text else None


def _split_section(text: str) -> tuple[str, str]:
    """('四', '健全行政执法工作体系') from '四、健全行政执法工作体系'; ('', text) when unnumbered."""
    match = _SECTION_HEADING.match(text.strip())
    if match:
        return match.group(1), match.group(2).strip()
    return "", text.strip()


def _unit_fields(columns: list[Column], cells: dict[int, str]) -> tuple[tuple[str, str], ...]:
    """(label, value) pairs of the unit and deadline columns, in column order, empty ones left out."""
    fields: list[tuple[str, str]] = []
    for column in columns:
        value = cells[column.index]
        if column.role == UNIT:
            value = join_units(value)
        elif column.role == DEADLINE:
            value = join_lines(value)
        else:
            continue
        if value and (column.label, value) not in fields:  # filled merged cells repeat the same pair
            fields.append((column.label, value))
    return tuple(fields)


def join_lines(text: str) -> str:
    """Join a cell's wrapped lines: nothing between Chinese characters, a space between other words."""
    pieces = [p.strip() for p in text.split("\n") if p.strip()]
    joined = pieces[0] if pieces else ""
    for piece in pieces[1:]:
        wide = _WIDE.match(joined[-1]) or _WIDE.match(piece[0])
        joined += piece if wide else " " + piece
    return joined


def join_units(text: str) -> str:
    """A unit cell with one unit per line becomes the usual '、'-separated list; a line that ends inside a
    unit's name (a PDF cell wrapped at its width: `县委依法治县` / `办`) runs on into the next."""
    joined = ""
    for piece in (p.strip() for p in text.split("\n")):
        if not piece:
            continue
        if (joined and joined[-1] not in "、,,;;" and piece[0] not in "((" and
                looks_like_unit(re.split(r"[、,,;;]", joined)[-1])):
            joined += "、"
        joined += piece
    return joined


def _join_texts(texts: list[str]) -> str:
    """Task name and measures as one body: 'name。measures'."""
    body = ""
    for text in (join_lines(t) for t in texts):
        if not text:
            continue
        if body and body[-1] not in "。;;!!??::":
            body += "。"
        body += text
    return body


# --- tables flattened to one cell per line --------------------------------------------------------------


def raw_tasks_from_flat_cells(lines: list[str]) -> list[RawTask] | None:
    """Tasks of a table flattened to one cell per line, found by its header cells; None without a header.

    Cells of merged ranges appear once, so a record may be short: the missing cells are located by
    what the present ones look like, and inherit the value above.
    """
    found = _find_flat_header(lines)
    if found is None:
        return None
    start, columns = found
    reader = _RowReader(columns, page=None)
    width = len(columns)
    position = start
    while position < len(lines):
        text = lines[position].strip()
        if not text:
            position += 1
            continue
        if _SECTION_HEADING.match(text) and len(text) <= 40 and "。" not in text:
            reader.read((text,) + ("",) * (width - 1), position + 1)
            position += 1
            continue
        record = _flat_record(lines, position, columns)
        if record is None:
            break
        row, used = record
        reader.read(row, position + 1)
        position += used
    return reader.tasks or None


def _find_flat_header(lines: list[str]) -> tuple[int, list[Column]] | None:
    """The first run of three or more header-word lines naming a task column: where records start, columns."""
    run: list[tuple[str, str]] = []
    for index, line in enumerate(lines + [""]):
        text = line.strip()
        # A line ending like a sentence ("重点任务分工如下:") introduces the table; it is no header cell.
        kind = classify_header(text) if text and text[-1] not in ":。:" else None
        if kind:
            run.append(kind)
            continue
        roles = [role for role, _ in run]
        if NUMBER in roles:
            run = run[roles.index(NUMBER):]  # the number column comes first; words before it are not cells
        columns = [Column(position, role, label) for position, (role, label) in enumerate(run)]
        if len(columns) >= 3 and _is_task_header(columns):
            return index, columns
        run = []
    return None


def _flat_record(lines: list[str], start: int, columns: list[Column]) -> tuple[tuple[str, ...], int] | None:
    """One record from start: its cells placed in their columns, and the lines it used; None at the table end."""
    numbered = columns[0].role == NUMBER
    cells: list[str] = []
    limit = len(columns) - (1 if numbered else 0)
    position = start + (1 if numbered else 0)
    if numbered and not _NUMBER_CELL.match(lines[start].strip()):
        return None
    while position < len(lines) and len(cells) < limit:
        text = lines[position].strip()
        if not text:
            position += 1
            continue
        if numbered and (_NUMBER_CELL.match(text) or (_SECTION_HEADING.match(text) and len(text) <= 40)):
            break
        cells.append(text)
        position += 1
    targets = columns[1:] if numbered else columns
    # Text after the table's last record may have been collected too: keep the best-fitting prefix.
    prefixes = range(len(cells), 0, -1) if numbered else [len(cells)]
    fits = [(fit[0], n, fit[1]) for n in prefixes if (fit := _place_cells(cells[:n], targets, numbered))]
    if not fits:
        return None
    _, count, placement = max(fits, key=lambda f: (f[0], f[1]))
    used = _lines_used(lines, start + (1 if numbered else 0), count)
    row = [""] * len(columns)
    if numbered:
        row[0] = lines[start].strip()
    for cell, column in zip(cells[:count], placement):
        row[column.index] = cell
    return tuple(row), used + (1 if numbered else 0)


def _lines_used(lines: list[str], start: int, cells: int) -> int:
    """How many lines from start hold the given number of non-blank cells."""
    seen = used = 0
    while seen < cells:
        seen += bool(lines[start + used].strip())
        used += 1
    return used


def _place_cells(cells: list[str], columns: list[Column], allow_gaps: bool) -> tuple[float, list[Column]] | None:
    """The score and column of each cell, in order, skipping only columns merged from above; None if nothing fits.

    A small alignment: each cell scores by how well it looks like its column's content.
    """
    if not cells or (not allow_gaps and len(cells) != len(columns)):
        return None
    best: dict[tuple[int, int], tuple[float, list[Column]]] = {(0, 0): (0.0, [])}
    for j, column in enumerate(columns):
        for i in range(len(cells) + 1):
            if (i, j) not in best:
                continue
            score, placed = best[(i, j)]
            options = []
            if i < len(cells):
                options.append(((i + 1, j + 1), score + _fit(cells[i], column.role), placed + [column]))
            if column.role in FILLED_ROLES and allow_gaps:
                options.append(((i, j + 1), score - 0.5, placed))
            for key, new_score, new_placed in options:
                if key not in best or new_score > best[key][0]:
                    best[key] = (new_score, new_placed)
    final = best.get((len(cells), len(columns)))
    return final if final and final[0] >= 0 else None


def _fit(cell: str, role: str) -> float:
    """How well a cell's text suits a column role: 2 typical, 0 possible, -3 unlikely."""
    deadline = len(cell) <= 30 and bool(_DEADLINE_LIKE.search(cell))
    unit = len(cell) <= 80 and not cell.endswith("。") and bool(_UNIT_LIKE.search(cell))
    long = len(cell) > 15 or "。" in cell
    if role in TEXT_ROLES:
        return 2 if long else (-3 if unit or deadline else 0)
    if role == UNIT:
        return 2 if unit else (-3 if deadline or long else 0)
    if role == DEADLINE:
        return 2 if deadline else (-3 if unit or long else 0)
    if role == SECTION:
        return 1 if not (unit or deadline or len(cell) > 20) else -3
    return 0
