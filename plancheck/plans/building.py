"""Turn a read document into a `Plan`: split it, interpret units, targets and deadlines."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .cleaning import clean_line, fold_width
from .document import MERGED, Document, Line
from .errors import PlanInputError
from .model import Plan, Section, Source, Task
from .options import ParseOptions
from .raw import RawTask
from .splitting import Split, split_stream
from .stream import build_stream
from .task_level import TaskLevel
from .titles import find_title, plan_kind, plan_year, title_from_file_name
from .units import FIRST_LISTED_LEADS_RE, ambiguous_label_means_lead, assign_roles

# Targets are looked for in this much of a task's text: real tasks are a few hundred characters, and spaCy
# refuses texts over a million (a document whose numbering was not found can make one task of everything).
MAX_TARGET_TEXT = 20_000


_CLAUSE_END_RE = re.compile(r"[;;]")


def task_title(body: str) -> str:
    """The first sentence of a task: up to its first `。` (or `;`), without the number."""
    first = body.split("。", 1)[0]
    if len(first) > 80:
        first = _CLAUSE_END_RE.split(first, maxsplit=1)[0]
    return first.strip()


def _raw_tasks(document: Document, options: ParseOptions | None) -> Split:
    """Raw tasks from whichever reading of the document finds more: its running text, its task tables,
    or a table that a web page flattened into one cell per line."""
    from .spaced_tables import table_from_spaced_lines
    from .tables import raw_tasks_from_flat_cells, raw_tasks_from_table

    lines = list(document.lines)
    stream = build_stream(lines)
    split = split_stream(stream, options)
    raw = split.tasks
    table_tasks: list[RawTask] = []
    tables = list(document.tables)
    if not tables and document.format in ("text", "pdf"):
        spaced = table_from_spaced_lines(lines)
        tables = [spaced] if spaced else []
    for table in tables:
        table_tasks.extend(raw_tasks_from_table(table) or [])
    text_has_units = any(task.unit_fields for task in raw)
    if not table_tasks and (len(raw) < 3 or not text_has_units):
        table_tasks = raw_tasks_from_flat_cells([line.text.strip() for line in lines if line.text.strip()]) or []
    if table_tasks and raw and not text_has_units and len(table_tasks) <= len(raw):
        raw = _units_from_division_table(raw, table_tasks)
    elif len(table_tasks) > len(raw):
        table_sections = list(dict.fromkeys((t.section_number, t.section_title) for t in table_tasks
                                            if t.section_title))
        title_rows = [cell for table in tables for row in table.rows[:3] for cell in row
                      if cell and cell != MERGED][:6]
        preamble = "\n".join([line.text for line in lines[:40]] + title_rows)
        return Split(table_sections, table_tasks, preamble, split.level, from_table=True)
    return split._replace(tasks=raw)


def _title_key(text: str) -> str:
    """A task's title without punctuation or spaces, for finding the same task in a table."""
    return re.sub(r"[\W_]+", "", task_title(text))


def _units_from_division_table(raw: list[RawTask], table_tasks: list[RawTask]) -> list[RawTask]:
    """Text tasks that name no units, with the units of the row of the plan's 任务分工表 (an annex table
    listing the same tasks) whose task title is the same, or contains or is contained in the task's."""
    rows = [(_title_key(row.body), row.unit_fields) for row in table_tasks if row.unit_fields]
    rows = [(key, fields) for key, fields in rows if len(key) >= 4]
    by_title = dict(reversed(rows))  # the first row of a title wins
    tasks = []
    for task in raw:
        key = _title_key(task.body)
        fields = by_title.get(key) if len(key) >= 4 else None
        if fields is None and len(key) >= 4:
            fields = next((f for row_key, f in rows if row_key in key or key in row_key), None)
        tasks.append(replace(task, unit_fields=fields, unit_source="division") if fields else task)
    return tasks


def _preamble_lines(document: Document, preamble: str) -> list[str]:
    """The cleaned lines before the first numbered item, as printed (not joined across wraps)."""
    lines = []
    remaining = re.sub(r"\s+", "", preamble)
    offset = 0  # into remaining: slicing it per line is quadratic in a long preamble
    for line in document.lines:
        text = clean_line(line.text)
        if not text:
            continue
        compact = re.sub(r"\s+", "", text)
        if not remaining.startswith(compact[: max(1, min(len(compact), len(remaining) - offset))], offset):
            break
        lines.append(text)
        offset += len(compact)
        if offset >= len(remaining):
            break
    return lines


_CLOSING_SECTION_RE = re.compile(r"(?:保障措施|工作要求|组织保障|组织实施|工作保障|保障机制|有关要求|工作措施)$")


def _drop_closing_sections(raw: list[RawTask]) -> list[RawTask]:
    """Items of a closing `保障措施`/`工作要求` section are not commitments when, unlike the plan's tasks,
    none of them names a unit."""
    if not any(task.unit_fields for task in raw):
        return raw
    closing = {task.section_title for task in raw if _CLOSING_SECTION_RE.search(task.section_title)}
    closing = {title for title in closing
               if not any(task.unit_fields for task in raw if task.section_title == title)}
    return [task for task in raw if task.section_title not in closing]


def fold_document(document: Document) -> Document:
    """The document with full-width forms folded to ASCII in every line and cell, so that one set of
    patterns reads `（一）`, `牵头单位：` and `１００％` alike.

    The lines are folded in one call on their joined text, cut back where they were joined (folding puts one
    character for one), instead of one call per line."""
    joined = "\n".join(block.text for block in document.blocks if isinstance(block, Line))
    folded = fold_width(joined)
    blocks = []
    offset = 0
    for block in document.blocks:
        if isinstance(block, Line):
            end = offset + len(block.text)
            text = block.text if folded is joined else folded[offset:end]  # (fold_width returns a text with
            # nothing to fold as it is)
            offset = end + 1
            blocks.append(block if text == block.text else replace(block, text=text))
        else:
            blocks.append(replace(block, rows=tuple(tuple(fold_width(c) for c in row) for row in block.rows)))
    return replace(document, blocks=tuple(blocks))


@dataclass(frozen=True)
class Reading:
    """A plan and how it was read: the task level and why, which reading found the tasks, and where each
    task's units came from (see `raw.UNIT_SOURCES`). What `plancheck parse --explain` shows."""

    plan: Plan
    level: TaskLevel
    from_table: bool
    unit_sources: tuple[str, ...]


def build_plan(document: Document, kind: str | None = None, options: ParseOptions | None = None) -> Plan:
    """Split a document into a Plan; raises PlanInputError when it holds no tasks."""
    return read_plan(document, kind, options).plan


def read_plan(document: Document, kind: str | None = None, options: ParseOptions | None = None) -> Reading:
    """Split a document into a Plan, keeping how it was read; raises PlanInputError when it holds no tasks."""
    document = fold_document(document)
    if options and (options.lead_labels or options.helper_labels):
        document = relabel(document, options)
    split = _raw_tasks(document, options)
    sections, preamble = split.sections, split.preamble
    raw = _drop_closing_sections(split.tasks)
    title = (find_title(_preamble_lines(document, preamble) or [l for l in preamble.split("\n") if l.strip()])
             or title_from_file_name(document.path))
    kind = kind or plan_kind(title)
    text = "\n".join(line.text for line in document.lines)
    year, year_source = plan_year(title, text, kind, document.path)
    if not raw:
        raise PlanInputError(document.path, "文档中没有找到编号的任务条目(如“1.”“(一)”),无法识别为工作计划"
                             + _levels_found(split.level))
    from .targets import extract_targets

    targets = extract_targets([item.body[:MAX_TARGET_TEXT] for item in raw], year)
    ambiguous_is_lead = ambiguous_label_means_lead([task.unit_fields for task in raw])
    # (Both of the note's wordings end with 为牵头单位: a plan without the words is not searched for it.)
    first_listed_leads = "为牵头单位" in text and bool(FIRST_LISTED_LEADS_RE.search(text))
    tasks = []
    for index, (item, task_targets) in enumerate(zip(raw, targets), start=1):
        roles = assign_roles(item.unit_fields, ambiguous_is_lead, first_listed_leads)
        tasks.append(Task(
            index=index,
            number=item.number,
            section=f"{item.section_number}、{item.section_title}" if item.section_number else item.section_title,
            section_number=item.section_number,
            title=task_title(item.body),
            text=item.body,
            lead_units=roles.lead,
            responsible_units=roles.responsible,
            targets=task_targets,
            deadline=roles.deadline or next((t.text for t in task_targets if t.kind == "deadline"), None),
            source=Source(page=item.page, line=item.line),
            unit_block="; ".join(f"{label}:{value}" if label else value for label, value in item.unit_fields),
            unit_labels=roles.labels,
        ))
    plan = Plan(
        path=document.path,
        title=title,
        year=year,
        year_source=year_source,
        kind=kind,  # type: ignore[arg-type]
        sections=tuple(Section(number=n, title=t, index=i) for i, (n, t) in enumerate(sections, start=1)),
        tasks=tuple(tasks),
        unit_convention=_unit_convention(tasks),
    )
    return Reading(plan, split.level, split.from_table, tuple(item.unit_source for item in raw))


def _levels_found(level: TaskLevel) -> str:
    """For a refusal: the numbering levels the document does have, so the user can name the task level."""
    found = [f"“{s.example}”{s.items} 条" for s in level.levels]
    if not found:
        return ""
    return f";文中的编号层级有 {'、'.join(found)},可用 --task-level 指定任务层级"


def relabel(document: Document, options: ParseOptions) -> Document:
    """The document with the user's own unit label words written as the ones the splitter knows
    (`主抓单位` -> `牵头单位`, `协作单位` -> `配合单位`)."""
    words = [(w, "牵头单位") for w in options.lead_labels if w] + [(w, "配合单位") for w in options.helper_labels if w]

    def rewrite(text: str) -> str:
        for word, label in words:
            text = text.replace(word, label)
        return text

    blocks = []
    for block in document.blocks:
        if isinstance(block, Line):
            blocks.append(replace(block, text=rewrite(block.text)))
        else:
            blocks.append(replace(block, rows=tuple(tuple(rewrite(c) for c in row) for row in block.rows)))
    return replace(document, blocks=tuple(blocks))


def _unit_convention(tasks: list[Task]) -> str:
    """How this plan's tasks normally name their units: both roles, one role, or none at all."""
    with_units = [t for t in tasks if t.lead_units or t.responsible_units]
    if not with_units:
        return "none"
    both = sum(1 for t in with_units if t.lead_units and t.responsible_units)
    return "lead+responsible" if both * 2 >= len(with_units) else "lead-only"


__all__ = ["Line", "Reading", "build_plan", "read_plan", "relabel", "task_title"]
