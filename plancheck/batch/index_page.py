"""index.html: the batch dashboard as one self-contained page (inline CSS, JS and SVG; no network).

`dashboard.build_dashboard` decides what the page shows; the Jinja2 template under ``templates/`` lays
it out, and the inline script only sorts, filters and folds the localities table.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, Template
from markupsafe import Markup

from ..reports.html_fragments import escape_text as _h
from .dashboard import Row, build_dashboard
from .dashboard_charts import HeatCell
from .part_groups import PartGroup, group_parts
from .review import LocalityResult


def heat_cells(cells: Sequence[HeatCell]) -> Markup:
    """One heat map row's cells: a rectangle each, its colour level a class and its count in its tooltip.

    Printed here rather than in the template: a province has tens of thousands of cells. Their size
    comes from the page's style (SVG 2 geometry properties), so each cell carries only what differs.
    """
    return Markup("".join(f'<rect class="h{c.level}" x="{c.x}"><title>{_h(c.tooltip)}</title></rect>'
                          for c in cells))


def locality_row(r: Row) -> Markup:
    """One locality's <tr>: its cells (each with its sort key and style class when it has them), its report
    links and its problems. Printed here rather than by the template's loops: a province has thousands of
    rows, a dozen escaped expressions each."""
    cells = "".join([
        "<td" + (f' class="{_h(c.tone)}"' if c.tone else "") + (f' data-sort="{_h(c.sort)}"' if c.sort is not None else "")
        + f">{_h(c.text)}</td>"
        for c in r.cells
    ])
    links = "".join([f'<a href="{_h(link.href)}">{_h(link.label)}</a>' for link in r.links])
    problems = "".join([f"<div>{_h(p)}</div>" for p in r.problems])
    return Markup(f'<tr class="loc" data-group="{_h(r.group)}" data-verdict="{_h(r.verdict)}" data-rules="{_h(r.rules)}" '
                  f'data-coverage="{_h(r.coverage)}">{cells}<td class="links">{links}</td>'
                  f'<td class="problems">{problems}</td></tr>')


@cache
def _page() -> tuple[Template, Markup, Markup]:
    """The page template and its CSS and JS (ours, inlined verbatim), loaded once per process."""
    env = Environment(loader=PackageLoader("plancheck.batch", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals["heat_cells"] = heat_cells
    env.globals["locality_row"] = locality_row
    assert env.loader is not None
    css, js = (Markup(env.loader.get_source(env, name)[0]) for name in ("index.css", "index.js"))
    return env.get_template("index.html.j2"), css, js


def render_index(results: Sequence[LocalityResult], parts: Sequence[PartGroup] | None = None) -> str:
    """index.html for the results (sorted by locality); `parts` as `group_parts` gives them, else grouped here."""
    template, css, js = _page()
    dashboard = build_dashboard(results, group_parts(results) if parts is None else parts)
    return template.render(d=dashboard, css=css, js=js)
