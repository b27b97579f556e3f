"""HTML of the pieces the review page repeats: task cells and in-page links.

A report prints some seventy task cells (each with redline spans, three lists of units and
targets, and rule tags) and about a hundred links. As Jinja macros these cost some 500 macro calls
a page, most of the rendering time of a batch; as Python they are string formatting, called by the row
printers of `html_rows` where the macros were.

Every function escapes each text it prints as Jinja's autoescape does and returns `str`, for the row
printers to join.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from markupsafe import escape

from ..checks.finding import SEVERITIES
from .labels import COVERAGE_STATUS_LABELS, KIND_LABELS, ROLE_LABELS, SENTENCE_LABELS, SEVERITY_LABELS
from .review_view import Link, Mark, Span, TaskView

# The first of the characters markupsafe escapes; bound once, as escape_text runs some two thousand times a page.
_special = re.compile("[&<>'\"]").search
_MARK_OPENINGS = {
    "same": '<span class="mark mark-same">',
    "removed": '<span class="mark mark-removed" title="草案中没有">',
    "added": '<span class="mark mark-added" title="去年没有">',
    "renamed": '<span class="mark mark-renamed" title="单位更名,不是更换牵头单位">',
}
_MARK_SEPARATOR = '<span class="sep">、</span>'


def escape_text(value: object) -> str:
    """The value as HTML text, escaped exactly like markupsafe (and so like the templates)."""
    if type(value) is str:
        # Most document text has none of the five characters: skip building a Markup.
        return value if _special(value) is None else str(escape(value))
    if type(value) is int:
        return str(value)
    return str(escape(value))


_h = escape_text  # short: it wraps every value printed below


class _Escaped(dict):
    """Words escaped in advance; a word not among them is escaped when asked for (and not kept)."""

    def __missing__(self, word: object) -> str:
        return escape_text(word)


def word_escaper(words: Iterable[str]) -> Callable[[object], str]:
    """`escape_text` for the words of a fixed vocabulary (alignment kinds, severities, roles, statuses and
    their labels): each escaped once here, then looked up by a dictionary's own item look-up, where a page
    printing about a thousand of them escaped each again. Any other value is escaped as text is."""
    return _Escaped({word: escape_text(word) for word in words}).__getitem__


# The words of the review page's fixed vocabularies: roles, alignment and change kinds, severities,
# sentence changes and coverage statuses, with their labels.
escape_word = word_escaper([*ROLE_LABELS, *SEVERITIES, *SEVERITY_LABELS.values(), "dropped", "added", "删除", "新增",
                             *(word for table in (KIND_LABELS, SENTENCE_LABELS) for item in table.items() for word in item),
                             *(word for label in COVERAGE_STATUS_LABELS.values() for word in label)])


def link_html(target: Link) -> str:
    """A labelled link, or a plain span when its target is not in the report."""
    label, href, tip = target
    # One search over the link's three texts (most hold no character to escape), not one escape each.
    if _special(f"{label}{href}{tip}") is not None:
        label, href, tip = _h(label), href and _h(href), _h(tip)
    tip = f' title="{tip}"' if tip else ""
    if href:
        return f'<a href="{href}"{tip}>{label}</a>'
    return f'<span class="nolink"{tip}>{label}</span>'


_NO_UNITS, _NO_TARGETS = '<span class="none">未列明</span>', '<span class="none">无</span>'


def _marks(marks: Sequence[Mark]) -> str:
    """Units or targets (at least one: the cell prints its own word for none) separated by 、; those present
    on one side only carry a tooltip."""
    return _MARK_SEPARATOR.join([
        (_MARK_OPENINGS.get(m.state) or f'<span class="mark mark-{_h(m.state)}">') + _h(m.text) + "</span>"
        for m in marks
    ])


def _spans(spans: Sequence[Span]) -> str:
    """Task text with its deletions in <del> and insertions in <ins>."""
    if len(spans) == 1 and spans[0].op == 0:  # a task shown without a redline: its text as one span
        return _h(spans[0].text)
    parts = []
    for s in spans:
        if s.op == 0:
            parts.append(_h(s.text))
        else:
            tag = "del" if s.op < 0 else "ins"
            anchor = f' id="{_h(s.id)}"' if s.id else ""
            parts.append(f"<{tag}{anchor}>{_h(s.text)}</{tag}>")
    return "".join(parts)


def _rule_tags(rules: Sequence[str]) -> str:
    if not rules:
        return ""
    return '<div class="rule-tags">' + "".join([f'<span class="rule-tag">{_h(r)}</span>' for r in rules]) + "</div>"


def task_cell_html(t: TaskView, facts: bool = True) -> str:
    """One task: number, section, title, text with its redline, then units, targets and deadline
    (when `facts`), and the rules that found a problem in it."""
    # Unpacked once: a page prints about a hundred cells, and each field is read here.
    role, index, number, section, title, spans, lead_units, responsible_units, targets, deadline, rules, anchor, \
        found = t
    classes = "task" + (" has-issue" if rules else "") + ("" if found else " not-found")
    anchor = f' id="{_h(anchor)}"' if anchor else ""
    number = f'<span class="num">编号 {_h(number)}</span>' if number else ""
    section = f'<span class="sec">{_h(section)}</span>' if section else ""
    html = (
        f'<div class="{classes}"{anchor} data-role="{escape_word(role)}" data-index="{index}">\n'
        f'  <div class="task-head"><span class="tno">{_h(t.label)}</span>{number}{section}</div>\n'
        f'  <div class="task-title">{_h(title)}</div>\n'
        f'  <p class="task-text">{_spans(spans)}</p>\n'
    )
    if facts and found:
        # The deadline starts its line and runs into </dl>: the layout reports have always had.
        deadline = f"<dt>完成时限</dt><dd>{_h(deadline)}</dd>" if deadline else ""
        html += (
            '  <dl class="facts">\n'
            f"    <dt>牵头单位</dt><dd>{_marks(lead_units) if lead_units else _NO_UNITS}</dd>\n"
            f"    <dt>责任单位</dt><dd>{_marks(responsible_units) if responsible_units else _NO_UNITS}</dd>\n"
            f"    <dt>量化目标</dt><dd>{_marks(targets) if targets else _NO_TARGETS}</dd>\n"
            f"{deadline}  </dl>\n"
        )
    return f"{html}  {_rule_tags(rules)}\n</div>"
