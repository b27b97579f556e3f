"""HTML of the rows the review page repeats: aligned pairs, findings (by severity and rule), changes, near
misses, scheme items, tasks shown alone, and the header's documents and rule counts.

A report prints some twenty alignment groups, forty scheme items, thirty findings and as many changes.
Printed by the template's loops, each row cost a dozen escaped expressions and attribute look-ups, most
of the page's rendering time; here each row is one string formatting. The page's layout still reads from
the template: it says where each list of rows goes and with which printer.

Every printer escapes each text as Jinja's autoescape does (`html_fragments`) and returns the row as
`str`, without the indentation of its first line and the line break after its last. The template prints a
list of rows with one call, `{{ rows(finding_item, rg.findings, 8) }}`, which puts each row on a line of
its own at that indentation and marks the joined rows safe once: a Jinja loop calling the printer row by
row cost about a quarter of the page's rendering (its call, escape and output per row), and wrapping each
row in `Markup` only to join it copied every row once more, for the same text. A printer the template
called directly would have its HTML escaped, never printed unescaped.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from markupsafe import Markup

from .html_fragments import escape_word as _w
from .html_fragments import escape_text as _h
from .html_fragments import link_html as link
from .html_fragments import task_cell_html as task_cell
from .review_view import (
    ChangeEntry,
    DocumentView,
    FindingView,
    GroupView,
    NearView,
    PairView,
    RuleCount,
    SchemeItemView,
    SeverityGroup,
    TaskView,
)


def rows(printer: Callable[..., str], items: Iterable[Any], indent: int, *args: Any) -> Markup:
    """Every item printed by `printer(item, *args)`, each on a line of its own `indent` spaces in: the text
    of the template loop `{% for x in items %}<indent>{{ printer(x) }}<newline>{% endfor %}` for a printer
    returning `Markup`. The printers escape what they print; the rows are marked safe here, once."""
    pad = " " * indent
    return Markup("".join([f"{pad}{printer(item, *args)}\n" for item in items]))


def _pair_rows(p: PairView) -> str:
    """One aligned pair: both task cells around the kind, score, decision, move and shared terms; then
    its sentence changes, when the redline has any."""
    decision = f'<div class="decision">{_h(p.decision)}</div>' if p.decision else ""
    move = (f'<div class="move" title="移动"><span class="from">{_h(p.move[0])}</span><span class="arrow">↓</span>'
            f'<span class="to">{_h(p.move[1])}</span></div>') if p.move else ""
    terms = f'<div class="terms" title="共同关键词">{_h("、".join(p.terms))}</div>' if p.terms else ""
    html = (
        f'      <tr class="pair kind-{_w(p.kind)}{" changed" if p.changed else ""}" id="{_h(p.id)}">\n'
        f'        <td class="side old">{task_cell(p.baseline)}</td>\n'
        '        <td class="mid">\n'
        f'          <span class="badge kind-{_w(p.kind)}">{_w(p.kind_label)}</span>\n'
        f'          <div class="score" title="相似度">{p.score:.2f}</div>\n'
        f'{decision}{move}{terms}        </td>\n'
        f'        <td class="side new">{task_cell(p.draft)}</td>\n'
        '      </tr>\n'
    )
    if p.sentences:
        items = "".join([
            f'<li class="sentence-{_w(s.change)}"><span class="slabel">{_w(s.label)}</span>'
            + (f"<del>{_h(s.old)}</del>" if s.old else "") + (" → " if s.old and s.new else "")
            + (f"<ins>{_h(s.new)}</ins>" if s.new else "") + "</li>"
            for s in p.sentences
        ])
        html += f'      <tr class="sentences"><td colspan="3"><ul>\n{items}      </ul></td></tr>\n'
    return html


def alignment_group(g: GroupView) -> str:
    """An alignment group's <tbody>: one pair, or the pairs of a split or merge."""
    head = (f'<tbody class="frow group{" multi" if len(g.pairs) > 1 else ""}" id="{_h(g.id)}" '
            f'data-changed="{1 if g.changed else 0}" data-rules="{_h(" ".join(g.rules))}">\n')
    return head + "".join([_pair_rows(p) for p in g.pairs]) + "    </tbody>"


def finding_item(f: FindingView) -> str:
    """A finding's <li>: message, where (with links to its tasks) and its evidence."""
    links = (":" + "、".join([link(target) for target in f.links])) if f.links else ""
    evidence = ""
    if f.evidence:
        evidence = ('          <dl class="evidence">'
                    + "".join([f"<dt>{_h(label)}</dt><dd>{_h(text)}</dd>" for label, text in f.evidence])
                    + "</dl>\n")
    return (
        f'<li class="finding sev-{_w(f.severity)}" id="{_h(f.id)}" data-rule="{_h(f.rule)}">\n'
        f'          <div class="msg">{_h(f.message)}</div>\n'
        f'          <div class="where">{_h(f.place)}{links}</div>\n'
        f"{evidence}        </li>"
    )


def change_item(c: ChangeEntry) -> str:
    """A line of the change list, with a jump to each of its edits."""
    snippets = f'<span class="snips">{"".join([link(s) for s in c.snippets])}</span>' if c.snippets else ""
    return (
        f'<li class="change kind-{_w(c.kind)}"><a class="change-link" href="{_h(c.href)}">'
        f'<span class="badge kind-{_w(c.kind)}">{_w(c.kind_label)}</span> <span class="tno">{_h(c.label)}</span> '
        f"{_h(c.title)}</a>{snippets}</li>"
    )


def near_row(r: NearView) -> str:
    """A dropped or added task with its closest candidate on the other side and their similarity."""
    if r.candidate:
        review = ' <span class="near-review">待核对</span>' if r.review else ""
        evidence = f'<div class="near-evidence">{_h(";".join(r.evidence))}</div>' if r.evidence else ""
        candidate = f"{link(r.candidate)}{review}{evidence}"
    else:
        candidate = '<span class="none">无候选</span>'
    score = f"{r.score:.2f}" if r.score is not None else "—"
    return (
        f'<tr class="frow" data-changed="1" data-rules="{_h(" ".join(r.task.rules))}">\n'
        f"        <td>{task_cell(r.task)}</td>\n"
        f"        <td>{candidate}</td>\n"
        f'        <td class="num">{score}</td>\n'
        "      </tr>"
    )


def _links(links: tuple) -> str:
    return "".join([link(target) for target in links]) if links else '<span class="none">无</span>'


def scheme_row(s: SchemeItemView, has_baseline: bool) -> str:
    """A scheme item with the tasks implementing it last year (when there is a baseline) and in the draft."""
    baseline = f'<td class="links">{_links(s.baseline)}</td>' if has_baseline else ""
    return (
        f'<tr class="frow cov {_w(s.status_class)}" data-changed="{1 if s.changed else 0}" '
        f'data-rules="{_h(" ".join(s.rules))}">\n'
        f"        <td>{task_cell(s.item, facts=False)}</td>\n"
        f'{baseline}        <td class="links">{_links(s.draft)}</td>\n'
        f'        <td class="status">{_w(s.status)}</td>\n'
        "      </tr>"
    )


def document_row(d: DocumentView) -> str:
    """A document of the review: role, file name, title, year and task count."""
    year = d.year if d.year is not None else "—"
    return (f'<tr class="doc-{_h(d.role)}"><td>{_h(d.role_label)}</td><td class="file">{_h(d.file_name)}</td>'
            f"<td>{_h(d.title)}</td><td>{_h(year)}</td><td>{_h(d.task_count)}</td></tr>")


def _rule_help(description: str, summary: str) -> str:
    if not description:
        return ""
    return f'<details class="rule-help"><summary>{summary}</summary><div class="pre">{_h(description)}</div></details>'


def rule_count_row(r: RuleCount) -> str:
    """A catalogued rule with its title, help, level and the number of its findings (a jump to them)."""
    count = f'<a href="#rule-{_h(r.rule)}">{_h(r.count)}</a>' if r.count else "0"
    cells = (f"<td><code>{_h(r.rule)}</code></td>", f'<td>{_h(r.title)}{_rule_help(r.description, "说明")}</td>',
             f"<td>{_w(r.severity_label)}</td>", f'<td class="num">{count}</td>')
    opening = f'<tr class="{"fired" if r.count else "quiet"} sev-{_w(r.severity)}">'
    return opening + "".join([f"\n        {cell}" for cell in cells]) + "\n      </tr>"


def severity_group(sg: SeverityGroup) -> str:
    """The findings of one severity, by rule: each rule's title, help and findings."""
    groups = []
    for rg in sg.rules:
        anchor = f'id="{_h(rg.anchor)}" ' if rg.anchor else ""
        # The help runs into the list's opening line, as the template printed it.
        groups.append(
            f'    <div class="frow rule-group" {anchor} data-changed="1" data-rules="{_h(rg.rule)}">\n'
            f"      <h4><code>{_h(rg.rule)}</code> {_h(rg.title)}({len(rg.findings)})</h4>\n"
            f'{_rule_help(rg.description, "规则说明")}      <ol class="findings">\n'
            f"{rows(finding_item, rg.findings, 8)}      </ol>\n"
            "    </div>\n"
        )
    return (f'<div class="frow sev-group sev-{_w(sg.severity)}" data-changed="1" '
            f'data-rules="{_h(" ".join(sg.rule_names))}">\n'
            f"    <h3>{_w(sg.label)}({sg.count})</h3>\n"
            f'{"".join(groups)}  </div>')


def task_row(t: TaskView, changed: bool) -> str:
    """A task shown alone (not in a pair), with its rules for the filters."""
    return (f'<div class="frow task-row" data-changed="{1 if changed else 0}" data-rules="{_h(" ".join(t.rules))}">'
            f"{task_cell(t)}</div>")
