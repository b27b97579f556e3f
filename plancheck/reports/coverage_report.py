"""Renderers of a multi-year scheme coverage: a self-contained HTML heat map, an Excel workbook, JSON.

`build_view` arranges a `Coverage` into plain view rows (labels, cell texts, colour levels); the
Jinja2 template only lays them out. What counts as covered, never covered or dropped comes from
`compare.coverage`, never from here.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple


from ..compare.coverage import Coverage, ItemCoverage
from ..compare.model import SchemeLink
from ..plans.model import Plan
from .html_fragments import escape_text as _h
from .html_fragments import word_escaper
from .html_rows import rows
from .json_report import SCHEMA, document_json
from .labels import shorten
from .output import write_atomic

STATUS_LABELS = {
    "never": "从未落实",
    "dropped": "落实后中断",
    "all": "逐年落实",
    "partial": "部分年度落实",
}


def plan_role(year: int) -> str:
    """The JSON role of one year's plan in a coverage report."""
    return f"plan:{year}"


# ---------------------------------------------------------------- view data
# The records a page holds by the dozen (cells, item rows, shares) are named tuples: built about twice as
# fast as frozen dataclasses, and as immutable.


class CellView(NamedTuple):
    """One item x year cell: the implementing task indexes and a colour level."""

    text: str
    tip: str
    level: str  # 'none', 'lost' (covered in an earlier year), 'one', 'many'


class ItemRowView(NamedTuple):
    """One scheme item row of the heat map."""

    item: int
    number: str
    title: str
    cells: tuple[CellView, ...]
    years_covered: int
    status: str
    status_label: str


class ShareCell(NamedTuple):
    """A 'covered / total' cell with its percentage and a colour bucket 0-4."""

    covered: int
    total: int
    percent: str
    bucket: int


@dataclass(frozen=True)
class SectionRowView:
    """One scheme section: its items' rows, and its share per year and over all years."""

    label: str
    items: tuple[ItemRowView, ...]
    per_year: tuple[ShareCell, ...]
    overall: ShareCell


@dataclass(frozen=True)
class YearRowView:
    """One year's plan."""

    year: int
    title: str
    path: str
    tasks: int
    linked_tasks: int
    share: ShareCell


@dataclass(frozen=True)
class CoverageView:
    """Everything the template shows."""

    scheme_title: str
    scheme_path: str
    years: tuple[int, ...]
    items: int
    overall: ShareCell
    never: tuple[ItemRowView, ...]
    dropped: tuple[tuple[ItemRowView, str], ...]  # row, '2022年落实,2023年未见'
    sections: tuple[SectionRowView, ...]
    year_rows: tuple[YearRowView, ...]


def _share(covered: int, total: int) -> ShareCell:
    ratio = covered / total if total else 0.0
    bucket = 0 if covered == 0 else min(4, 1 + int(ratio * 4))
    return ShareCell(covered, total, f"{ratio:.0%}", bucket)


def _status(covered: int, dropped: bool, n_years: int) -> str:
    if covered == 0:
        return "never"
    if dropped:
        return "dropped"
    return "all" if covered == n_years else "partial"


def _cells(row: ItemCoverage, plans: tuple[Plan, ...], tips: tuple[dict[int, str], ...]) -> tuple[CellView, ...]:
    """The row's cell per year; `tips` holds each plan's task tips (`_task_tips`) by index."""
    cells = []
    seen_before = False
    for tasks, plan, plan_tips in zip(row.tasks, plans, tips):
        if tasks:
            tip = ";".join([plan_tips.get(i) or f"第{i}项 " for i in tasks])
            cells.append(CellView("、".join([str(i) for i in tasks]), tip, "one" if len(tasks) == 1 else "many"))
            seen_before = True
        else:
            level = "lost" if seen_before else "none"
            tip = f"{plan.year}年计划中没有对应任务" + (",此前年度已落实" if seen_before else "")
            cells.append(CellView("", tip, level))
    return tuple(cells)


def _task_tips(plan: Plan) -> dict[int, str]:
    """Each task's part of a cell's tip, `第3项 ` and its shortened title: made once per task, not again for
    every item the task implements."""
    return {t.index: f"第{t.index}项 {shorten(t.title, 24)}" for t in plan.tasks}


def _item_view(row: ItemCoverage, cov: Coverage, tips: tuple[dict[int, str], ...],
               dropped_items: set[int]) -> ItemRowView:
    covered = len(row.covered_years)
    status = _status(covered, row.item in dropped_items, len(cov.years))
    return ItemRowView(row.item, row.number, row.title, _cells(row, cov.plans, tips), covered,
                       status, STATUS_LABELS[status])


def build_view(cov: Coverage) -> CoverageView:
    """Arrange a coverage into view rows for the template."""
    dropped_items = {d.item for d in cov.dropped}
    tips = tuple(_task_tips(plan) for plan in cov.plans)
    rows = {row.item: _item_view(row, cov, tips, dropped_items) for row in cov.matrix}
    by_section: dict[str, list[ItemRowView]] = {}
    for row in cov.matrix:
        by_section.setdefault(row.section, []).append(rows[row.item])
    sections = tuple(
        SectionRowView(
            label=s.section or "(未分部分)",
            items=tuple(by_section.get(s.section, ())),
            per_year=tuple(_share(c, s.items) for c in s.covered),
            overall=_share(s.covered_any, s.items),
        )
        for s in cov.by_section
    )
    return CoverageView(
        scheme_title=cov.scheme.title or "实施方案",
        scheme_path=cov.scheme.path,
        years=cov.years,
        items=len(cov.matrix),
        overall=_share(cov.covered_any, len(cov.matrix)),
        never=tuple(rows[i] for i in cov.never_covered),
        dropped=tuple((rows[d.item], f"{d.covered}年已落实,{d.missing}年计划中未见") for d in cov.dropped),
        sections=sections,
        year_rows=tuple(
            YearRowView(y.year, y.title, y.path, y.tasks, y.linked_tasks, _share(y.covered, y.items))
            for y in cov.by_year
        ),
    )


# ---------------------------------------------------------------- HTML

_TEMPLATE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>实施方案落实情况 · {{ v.scheme_title }}</title>
<style>
:root { --ink:#1f2328; --muted:#656d76; --line:#d0d7de; --soft:#f6f8fa; --bad:#cf222e; }
body { margin:0 auto; max-width:1280px; padding:0 1.25rem 2rem; color:var(--ink); line-height:1.55; font-size:15px;
  font-family:"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC",
  "WenQuanYi Micro Hei",Arial,sans-serif; }
h1 { font-size:1.5rem; margin:1.2rem 0 .2rem; }
h2 { font-size:1.2rem; border-bottom:2px solid var(--ink); padding-bottom:.2rem; margin-top:2rem; }
.meta, .legend, .empty { color:var(--muted); }
table { border-collapse:collapse; width:100%; margin:.6rem 0; }
th, td { border:1px solid var(--line); padding:.3rem .5rem; vertical-align:top; text-align:left; }
th { background:var(--soft); font-weight:600; }
td.num, th.year { text-align:center; white-space:nowrap; }
tr.section th { background:#eaeef2; text-align:left; }
.cards { display:flex; gap:1rem; flex-wrap:wrap; margin:.8rem 0; }
.card { border:1px solid var(--line); border-radius:6px; padding:.5rem 1rem; min-width:9rem; }
.card strong { display:block; font-size:1.4rem; }
.card.bad strong { color:var(--bad); }
td.c-none { background:#ffebe9; }
td.c-lost { background:#ffd8b5; font-weight:700; color:#953800; }
td.c-lost::after { content:"中断"; font-size:.8em; }
td.c-one { background:#aceebb; }
td.c-many { background:#4ac26b; color:#fff; }
td.b0 { background:#ffebe9; } td.b1 { background:#fff1c2; } td.b2 { background:#d6f5d6; }
td.b3 { background:#aceebb; } td.b4 { background:#4ac26b; color:#fff; }
.status-never { color:var(--bad); font-weight:600; }
.status-dropped { color:#953800; font-weight:600; }
.legend span { display:inline-block; padding:0 .5rem; margin-right:.4rem; border:1px solid var(--line); }
@media print { .legend { display:none; } }
</style>
</head>
<body>
<h1>实施方案落实情况(多年覆盖分析)</h1>
<p class="meta">实施方案:{{ v.scheme_title }}({{ v.scheme_path }})<br>
年度计划:{% for y in v.years %}{{ y }}年{% if not loop.last %}、{% endif %}{% endfor %}</p>

<div class="cards">
  <div class="card"><strong>{{ v.items }}</strong>方案任务</div>
  <div class="card"><strong>{{ v.overall.covered }}({{ v.overall.percent }})</strong>至少一年落实</div>
  <div class="card{% if v.never %} bad{% endif %}"><strong>{{ v.never|length }}</strong>从未落实</div>
  <div class="card{% if v.dropped %} bad{% endif %}"><strong>{{ v.dropped|length }}</strong>落实后中断</div>
</div>

<h2>按年度</h2>
<table>
<thead><tr><th>年度</th><th>计划</th><th>任务数</th><th>关联方案的任务</th><th>覆盖方案任务</th><th>覆盖率</th></tr></thead>
<tbody>
{% for y in v.year_rows %}
<tr><td class="num">{{ y.year }}</td><td>{{ y.title }}<br><span class="meta">{{ y.path }}</span></td>
<td class="num">{{ y.tasks }}</td><td class="num">{{ y.linked_tasks }}</td>
<td class="num">{{ y.share.covered }}/{{ y.share.total }}</td><td class="num b{{ y.share.bucket }}">{{ y.share.percent }}</td></tr>
{% endfor %}
</tbody>
</table>

<h2>按方案部分</h2>
<table>
<thead><tr><th>部分</th>{% for y in v.years %}<th class="year">{{ y }}</th>{% endfor %}<th class="year">累计</th></tr></thead>
<tbody>
{{ rows(section_row, v.sections, 0) }}</tbody>
</table>

<h2>覆盖矩阵</h2>
<p class="legend">单元格为落实该方案任务的年度计划任务序号。
<span style="background:#ffebe9">未落实</span><span style="background:#ffd8b5">此前落实、当年中断</span>
<span style="background:#aceebb">1 项任务</span><span style="background:#4ac26b;color:#fff">多项任务</span></p>
<table class="matrix">
<thead><tr><th>序号</th><th>方案任务</th>{% for y in v.years %}<th class="year">{{ y }}</th>{% endfor %}<th>状态</th></tr></thead>
<tbody>
{{ rows(matrix_section, v.sections, 0, v.years|length + 3) }}</tbody>
</table>

<h2>从未落实的方案任务</h2>
{% if v.never %}<ul>{% for r in v.never %}<li><a href="#item-{{ r.item }}">第{{ r.item }}项</a> {{ r.number }} {{ r.title }}</li>{% endfor %}</ul>
{% else %}<p class="empty">无:每项方案任务至少在一个年度计划中落实。</p>{% endif %}

<h2>落实后中断的方案任务</h2>
{% if v.dropped %}<ul>{% for r, note in v.dropped %}<li><a href="#item-{{ r.item }}">第{{ r.item }}项</a> {{ r.number }} {{ r.title }}:{{ note }}</li>{% endfor %}</ul>
{% else %}<p class="empty">无。</p>{% endif %}
<p class="meta">由 plancheck 生成。方案任务与年度任务的对应为自动识别,请人工复核。</p>
</body>
</html>
"""


# The matrix's words: each cell's colour level and each item's status, with its label.
_w = word_escaper([*STATUS_LABELS, *STATUS_LABELS.values(), "none", "lost", "one", "many"])


def _share_cell(c: ShareCell) -> str:
    return f'<td class="num b{c.bucket}">{c.covered}/{c.total}({_h(c.percent)})</td>'


def _section_row(s: SectionRowView) -> str:
    """One scheme section's row of the per-part table: its share per year, then over all years."""
    cells = "".join([_share_cell(c) for c in s.per_year])
    return f"<tr><td>{_h(s.label)}</td>\n{cells}{_share_cell(s.overall)}</tr>"


def _matrix_row(r: ItemRowView) -> str:
    """One item's row of the matrix: a cell per year, then its status."""
    cells = "".join([f'<td class="num c-{_w(c.level)}" title="{_h(c.tip)}">{_h(c.text)}</td>' for c in r.cells])
    return (f'<tr id="item-{r.item}"><td class="num">{r.item}</td><td>{_h(r.number)} {_h(r.title)}</td>\n'
            f'{cells}<td class="status-{_w(r.status)}">{_w(r.status_label)}</td></tr>')


def _matrix_section(s: SectionRowView, columns: int) -> str:
    """A scheme section's heading row across the matrix's `columns`, then its items' rows, a line each.
    The rows of the page's tables are printed here rather than by the template's loops: a page has some
    forty rows of a dozen escaped values each, most of its rendering."""
    items = "".join([f"\n{_matrix_row(r)}" for r in s.items])
    return f'<tr class="section"><th colspan="{columns}">{_h(s.label)}</th></tr>{items}'


@lru_cache(maxsize=1)
def _template():
    """The compiled page template: compiled once per process (a batch renders thousands of pages)."""
    from jinja2 import Environment, StrictUndefined

    env = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(section_row=_section_row, matrix_section=_matrix_section, rows=rows)
    return env.from_string(_TEMPLATE)


def render_coverage_html(cov: Coverage) -> str:
    """The coverage as one self-contained HTML page (inline CSS, no scripts, no external resources)."""
    return _template().render(v=build_view(cov))


# ---------------------------------------------------------------- JSON


def _links_json(links: tuple[SchemeLink, ...]) -> list[dict[str, Any]]:
    by_task: dict[int, list[SchemeLink]] = {}
    for link in links:
        by_task.setdefault(link.task, []).append(link)
    return [{"task": task, "items": [link.item for link in group],
             "scores": [round(link.score, 3) for link in group]}
            for task, group in sorted(by_task.items())]


def coverage_report(cov: Coverage) -> dict[str, Any]:
    """The JSON report of `plancheck coverage`: documents with roles `scheme` and `plan:YEAR`."""
    roles = [plan_role(year) for year in cov.years]
    return {
        "schema": SCHEMA,
        "documents": [document_json(cov.scheme, "scheme")]
        + [document_json(plan, role) for plan, role in zip(cov.plans, roles)],
        "scheme_links": {role: _links_json(links) for role, links in zip(roles, cov.links)},
        "coverage": coverage_json(cov),
        "findings": [],
    }


def coverage_json(cov: Coverage) -> dict[str, Any]:
    """The `coverage` part of the JSON report alone (a batch adds it to each locality's review)."""
    roles = [plan_role(year) for year in cov.years]
    return {
        "years": list(cov.years),
        "items": [
            {"item": row.item, "number": row.number, "section": row.section, "title": row.title,
             "tasks": {role: list(tasks) for role, tasks in zip(roles, row.tasks)}}
            for row in cov.matrix
        ],
        "never_covered": list(cov.never_covered),
        "dropped": [{"item": d.item, "covered": plan_role(d.covered), "missing": plan_role(d.missing)}
                    for d in cov.dropped],
        "by_section": [
            {"section": s.section, "items": s.items, "covered_any": s.covered_any,
             "covered": dict(zip(roles, s.covered))}
            for s in cov.by_section
        ],
        "by_year": [
            {"role": plan_role(y.year), "year": y.year, "tasks": y.tasks, "linked_tasks": y.linked_tasks,
             "covered": y.covered, "items": y.items, "share": round(y.share, 4)}
            for y in cov.by_year
        ],
        "covered_any": cov.covered_any,
        "share_any": round(cov.share_any, 4),
    }


# ---------------------------------------------------------------- Excel

_FILLS = {"none": "FFEBE9", "lost": "FFD8B5", "one": "ACEEBB", "many": "4AC26B"}


def coverage_frames(cov: Coverage) -> dict[str, Any]:
    """The coverage as pandas DataFrames, one per worksheet (sheet name -> frame)."""
    import pandas as pd

    view = build_view(cov)
    year_cols = [f"{y}年" for y in cov.years]
    matrix = pd.DataFrame(
        [[r.item, r.number, s.label, r.title, *(c.text for c in r.cells), r.years_covered, r.status_label]
         for s in view.sections for r in s.items],
        columns=["序号", "编号", "所属部分", "方案任务", *year_cols, "落实年数", "状态"],
    )
    sections = pd.DataFrame(
        [[s.label, s.overall.total, *(c.covered for c in s.per_year), s.overall.covered,
          s.overall.covered / s.overall.total if s.overall.total else 0.0] for s in view.sections],
        columns=["部分", "方案任务数", *year_cols, "累计落实", "累计覆盖率"],
    )
    years = pd.DataFrame(
        [[y.year, y.title, y.path, y.tasks, y.linked_tasks, y.share.covered, y.share.total,
          y.share.covered / y.share.total if y.share.total else 0.0] for y in view.year_rows],
        columns=["年度", "计划", "文件", "任务数", "关联方案的任务", "覆盖方案任务", "方案任务数", "覆盖率"],
    )
    gaps = pd.DataFrame(
        [[r.item, r.number, r.title, "从未落实", ""] for r in view.never]
        + [[r.item, r.number, r.title, "落实后中断", note] for r, note in view.dropped],
        columns=["序号", "编号", "方案任务", "问题", "说明"],
    )
    return {"覆盖矩阵": matrix, "按部分": sections, "按年度": years, "未落实与中断": gaps}


def coverage_xlsx_bytes(cov: Coverage) -> bytes:
    """The coverage as an Excel workbook: matrix (coloured like the heat map), sections, years, gaps."""
    from openpyxl.styles import Font, PatternFill

    from .spreadsheet import workbook_bytes

    frames = coverage_frames(cov)
    levels = [[c.level for c in r.cells] for s in build_view(cov).sections for r in s.items]
    percent_columns = {"按部分": "累计覆盖率", "按年度": "覆盖率"}

    def format_sheet(name: str, sheet, frame) -> None:
        sheet.freeze_panes = "A2"
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for column in sheet.columns:
            width = max(len(str(c.value or "")) for c in column)
            sheet.column_dimensions[column[0].column_letter].width = min(60, max(8, width * 1.6))
        if name == "覆盖矩阵":
            for r, row_levels in enumerate(levels, start=2):
                for k, level in enumerate(row_levels):
                    sheet.cell(row=r, column=5 + k).fill = PatternFill("solid", fgColor=_FILLS[level])
        if name in percent_columns:
            col = list(frame.columns).index(percent_columns[name]) + 1
            for r in range(2, len(frame) + 2):
                sheet.cell(row=r, column=col).number_format = "0%"

    return workbook_bytes(frames, format_sheet)


def write_coverage_xlsx(cov: Coverage, path: str) -> None:
    """Write the coverage workbook atomically."""
    write_atomic(path, coverage_xlsx_bytes(cov))
