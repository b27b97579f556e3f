"""新旧对照表: last year's plan against the draft, one row per aligned pair that changed and per dropped or
added task, in draft order, on landscape A4 (.docx bytes).

Cells print the HTML report's own view data (`review_view_builder.build_view`): the same token-level
redline (deletions red and struck through, insertions underlined), units and targets marked the same way.
"""
from __future__ import annotations

from collections.abc import Sequence

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm
from docx.table import _Cell

from ..checks.finding import Finding
from ..compare.model import Analysis
from .finding_text import about_draft, chinese_punctuation, rule_title
from .review_view import GroupView, Mark, NearView, PairView, TaskView
from .review_view_builder import build_view
from .word_layout import (
    FANGSONG,
    HEITI,
    SIZE_2,
    SIZE_SMALL_4,
    XIAOBIAOSONG,
    add_paragraph,
    landscape_page,
    mark_deleted,
    mark_inserted,
    new_document,
    page_number,
    style_run,
    to_bytes,
)
from .word_settings import DocumentSettings
from .word_xml import repeat_as_header

HEADERS = ("去年计划", "草案", "变化说明")
COLUMN_WIDTHS = (Mm(105), Mm(105), Mm(47))
NO_BASELINE = "未提供去年计划，无法对照。"


def comparison_title(analysis: Analysis) -> str:
    """`《示例县2025年法治政府建设工作计划》新旧对照表`."""
    return f"《{analysis.draft.title or analysis.draft.path}》新旧对照表"


def render_comparison(analysis: Analysis, findings: Sequence[Finding], settings: DocumentSettings) -> bytes:
    """The comparison table as .docx bytes."""
    document = new_document(FANGSONG, SIZE_SMALL_4)
    landscape_page(document.sections[0])
    page_number(document.sections[0].footer.paragraphs[0], WD_ALIGN_PARAGRAPH.CENTER)
    add_paragraph(document, comparison_title(analysis), XIAOBIAOSONG, SIZE_2, WD_ALIGN_PARAGRAPH.CENTER)
    signed = "　".join(part for part in (settings.bureau, settings.date_text()) if part)
    add_paragraph(document, signed, alignment=WD_ALIGN_PARAGRAPH.RIGHT)
    if analysis.baseline is None:
        add_paragraph(document, NO_BASELINE)
        return to_bytes(document)
    concerned = about_draft(findings)
    view = build_view(analysis, concerned)
    table = document.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    table.autofit = False
    header = table.rows[0]
    repeat_as_header(header)
    for cell, text in zip(header.cells, HEADERS):
        _write(cell, text, font=HEITI, alignment=WD_ALIGN_PARAGRAPH.CENTER)
    notes = _notes_by_task(concerned)
    for row in comparison_rows(analysis, view.groups, view.dropped, view.added):
        cells = table.add_row().cells
        if isinstance(row, PairView):
            _task_cell(cells[0], row.baseline)
            _task_cell(cells[1], row.draft)
            _write(cells[2], _pair_note(row, notes))
        elif row.task.role == "baseline":
            _task_cell(cells[0], row.task, whole=-1)
            _write(cells[1], "（删除）", alignment=WD_ALIGN_PARAGRAPH.CENTER)
            _write(cells[2], _near_note("删除", row, notes))
        else:
            _write(cells[0], "（新增）", alignment=WD_ALIGN_PARAGRAPH.CENTER)
            _task_cell(cells[1], row.task, whole=1)
            _write(cells[2], _near_note("新增", row, notes))
    for row in table.rows:
        for cell, width in zip(row.cells, COLUMN_WIDTHS):
            cell.width = width
    return to_bytes(document)


def comparison_rows(analysis: Analysis, groups: Sequence[GroupView], dropped: Sequence[NearView],
                    added: Sequence[NearView]) -> list[PairView | NearView]:
    """Changed pairs, dropped and added tasks in draft order; a dropped task follows the draft task that
    carries on the baseline task before it."""
    draft_of = {}
    for pair in sorted(analysis.alignment, key=lambda p: p.baseline):
        draft_of[pair.baseline] = max(draft_of.get(pair.baseline, 0), pair.draft)
    keyed: list[tuple[tuple[float, int, int], PairView | NearView]] = []
    for group in groups:
        for pair in group.pairs:
            if pair.changed:
                keyed.append(((pair.draft.index, 0, pair.baseline.index), pair))
    for near in added:
        keyed.append(((near.task.index, 0, 0), near))
    for near in dropped:
        before = [d for b, d in draft_of.items() if b < near.task.index]
        keyed.append(((max(before, default=0) + 0.5, 1, near.task.index), near))
    keyed.sort(key=lambda kv: kv[0])
    return [row for _, row in keyed]


def _write(cell: _Cell, text: str, font: str | None = None,
           alignment: WD_ALIGN_PARAGRAPH | None = None) -> None:
    """Plain text in a cell, one paragraph per line."""
    for n, line in enumerate(text.split("\n")):
        paragraph = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
        if alignment is not None:
            paragraph.alignment = alignment
        style_run(paragraph.add_run(line), font)


def _task_cell(cell: _Cell, task: TaskView, whole: int = 0) -> None:
    """A task with its redline: number and title, text, then units, targets and deadline.

    `whole` marks everything as deleted (-1, a dropped task) or inserted (1, an added task).
    """
    head = cell.paragraphs[0]
    style_run(head.add_run(f"{task.number}.{task.title}" if task.number else task.title), HEITI)
    text = cell.add_paragraph()
    for span in task.spans:
        _styled(text.add_run(span.text), span.op or whole)
    for label, marks in (("牵头单位", task.lead_units), ("责任单位", task.responsible_units),
                         ("量化目标", task.targets)):
        if marks:
            _marks(cell.add_paragraph(), label, marks, whole)
    if task.deadline:
        line = cell.add_paragraph()
        line.add_run("完成时限：")
        _styled(line.add_run(task.deadline), whole)


def _marks(paragraph, label: str, marks: Sequence[Mark], whole: int) -> None:
    paragraph.add_run(f"{label}：")
    for n, mark in enumerate(marks):
        if n:
            paragraph.add_run("、")
        op = {"removed": -1, "added": 1}.get(mark.state, 0)
        _styled(paragraph.add_run(mark.text), op or whole)


def _styled(run, op: int) -> None:
    if op < 0:
        mark_deleted(run)
    elif op > 0:
        mark_inserted(run)


def _notes_by_task(findings: Sequence[Finding]) -> dict[tuple[str, int], list[str]]:
    """(role, task index) -> `规则名:message` of the findings about that task."""
    notes: dict[tuple[str, int], list[str]] = {}
    for f in findings:
        line = chinese_punctuation(f"{rule_title(f.rule)}：{f.message}")
        for index in dict.fromkeys(((f.task,) if f.task is not None else ()) + tuple(f.tasks)):
            notes.setdefault((f.document, index), []).append(line)
    return notes


def _pair_note(pair: PairView, notes: dict[tuple[str, int], list[str]]) -> str:
    """The kind of change, a move between sections, the reviewer's decision, and the findings on the draft task
    (the redline beside it shows the words)."""
    lines = [pair.kind_label]
    if pair.move:
        lines.append(f"由“{pair.move[0]}”移至“{pair.move[1]}”")
    if pair.decision:
        lines.append(pair.decision)
    lines.extend(notes.get(("draft", pair.draft.index), ()))
    return "\n".join(dict.fromkeys(lines))


def _near_note(kind: str, near: NearView, notes: dict[tuple[str, int], list[str]]) -> str:
    lines = [kind]
    if near.candidate is not None and near.score is not None:
        lines.append(f"最相近：{near.candidate.label}（相似度{near.score:.2f}）")
    lines.extend(notes.get((near.task.role, near.task.index), ()))
    return "\n".join(lines)
