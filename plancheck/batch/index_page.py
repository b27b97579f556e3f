"""index.html: the batch dashboard as one self-contained page (inline CSS, JS and SVG; no network).

`dashboard.build_dashboard` decides what the page shows; the Jinja2 template under ``templates/`` lays
it out, and the inline script only sorts, filters and folds the localities table.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, Template
from markupsafe import Markup, escape

from .dashboard import build_dashboard
from .dashboard_charts import HeatCell
from .part_groups import PartGroup, group_parts
from .review import LocalityResult


def heat_cells(cells: Sequence[HeatCell]) -> Markup:
    """One heat map row's cells: a rectangle each, its colour level a class and its count in its tooltip.

    Printed here rather than in the template: a province has tens of thousands of cells. Their size
    comes from the page's style (SVG 2 geometry properties), so each cell carries only what differs.
    """
    return Markup("".join(f'<rect class="h{c.level}" x="{c.x}"><title>{escape(c.tooltip)}</title></rect>'
                          for c in cells))


@cache
def _page() -> tuple[Template, Markup, Markup]:
    """The page template and its CSS and JS (ours, inlined verbatim), loaded once per process."""
    env = Environment(loader=PackageLoader("plancheck.batch", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals["heat_cells"] = heat_cells
    assert env.loader is not None
    css, js = (Markup(env.loader.get_source(env, name)[0]) for name in ("index.css", "index.js"))
    return env.get_template("index.html.j2"), css, js


def render_index(results: Sequence[LocalityResult], parts: Sequence[PartGroup] | None = None) -> str:
    """index.html for the results (sorted by locality); `parts` as `group_parts` gives them, else grouped here."""
    template, css, js = _page()
    dashboard = build_dashboard(results, group_parts(results) if parts is None else parts)
    return template.render(d=dashboard, css=css, js=js)
