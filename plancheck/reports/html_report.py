"""The HTML report: one self-contained page (inline CSS and JS) rendering an analysis and its findings.

The work is split by step:

* `review_view_builder.build_view` arranges the analysis and findings into plain view data
  (`review_view`), labelled with the terms of `labels`;
* the Jinja2 templates under ``templates/`` lay that data out, with `html_rows` printing the rows
  repeated in every table (pairs, findings, changes, scheme items) and `html_fragments` the pieces
  repeated hundreds of times a page (task cells, links);
* `render_html` here ties them together.

Nothing here decides what is a change or a problem: alignment kinds, redlines and scheme links come
from `compare/`, findings from `checks/`.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, Template
from markupsafe import Markup

from ..checks.finding import Finding
from ..compare.changes import PairChange
from ..compare.model import Analysis
from . import html_rows
from .review_view_builder import build_view


@cache
def _environment() -> Environment:
    """Jinja2 environment over the packaged templates; autoescape on for every template.
    Built on first use (not at import) and kept, so templates compile once per process."""
    env = Environment(
        loader=PackageLoader("plancheck.reports", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    for row in (html_rows.rows, html_rows.alignment_group, html_rows.finding_item, html_rows.change_item,
                html_rows.near_row, html_rows.scheme_row,
                html_rows.document_row, html_rows.rule_count_row, html_rows.severity_group, html_rows.task_row):
        env.globals[row.__name__] = row
    return env


@cache
def _page() -> tuple[Template, Markup, Markup]:
    """The page template and its CSS and JS (ours, not document text, so inlined verbatim), loaded once."""
    env = _environment()
    assert env.loader is not None
    css, js = (Markup(env.loader.get_source(env, name)[0]) for name in ("report.css", "report.js"))
    return env.get_template("report.html.j2"), css, js


def render_html(analysis: Analysis, findings: Sequence[Finding], rules: Sequence[Any] = (),
                generated_at: str | None = None, changes: Sequence[PairChange] | None = None) -> str:
    """Render the whole report as one self-contained HTML page (`changes`: see `build_view`)."""
    template, css, js = _page()
    return template.render(view=build_view(analysis, findings, rules, generated_at, changes), css=css, js=js)
