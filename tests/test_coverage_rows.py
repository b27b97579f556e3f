"""The coverage page's tables printed in Python: the same text as the template loops they replace, escaped."""
from __future__ import annotations

from jinja2 import Environment, StrictUndefined
from test_coverage import _plan

from plancheck.compare.coverage import coverage
from plancheck.compare.model import SchemeLink
from plancheck.reports import coverage_report
from plancheck.reports.labels import shorten

EVIL = "<b>&'\""

# The loops of the page template before its rows were printed in Python.
SECTIONS_LOOP = """<tbody>
{% for s in v.sections %}
<tr><td>{{ s.label }}</td>
{% for c in s.per_year %}<td class="num b{{ c.bucket }}">{{ c.covered }}/{{ c.total }}({{ c.percent }})</td>{% endfor %}
<td class="num b{{ s.overall.bucket }}">{{ s.overall.covered }}/{{ s.overall.total }}({{ s.overall.percent }})</td></tr>
{% endfor %}
</tbody>"""
MATRIX_LOOP = """<tbody>
{% for s in v.sections %}
<tr class="section"><th colspan="{{ v.years|length + 3 }}">{{ s.label }}</th></tr>
{% for r in s.items %}
<tr id="item-{{ r.item }}"><td class="num">{{ r.item }}</td><td>{{ r.number }} {{ r.title }}</td>
{% for c in r.cells %}<td class="num c-{{ c.level }}" title="{{ c.tip }}">{{ c.text }}</td>{% endfor %}
<td class="status-{{ r.status }}">{{ r.status_label }}</td></tr>
{% endfor %}
{% endfor %}
</tbody>"""
SECTIONS_ROWS = "<tbody>\n{{ rows(section_row, v.sections, 0) }}</tbody>"
MATRIX_ROWS = "<tbody>\n{{ rows(matrix_section, v.sections, 0, v.years|length + 3) }}</tbody>"


def _render(source: str, cov) -> str:
    env = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(coverage_report._template().globals)
    return env.from_string(source).render(v=coverage_report.build_view(cov))


def _coverages(evil: str = ""):
    scheme = _plan(None, [f"甲一{evil}", "甲二", f"乙一{evil}", "乙二"], kind="scheme")
    long_title = "规范行政执法行为全面推行行政执法公示制度执法全过程记录制度和重大执法决定法制审核制度" + evil
    plans = [_plan(2022, [f"任务{evil}", long_title, "丙"]), _plan(2023, ["丁", f"{evil}戊 己"])]
    links = {2022: [SchemeLink(1, 1, 0.9), SchemeLink(2, 1, 0.8), SchemeLink(2, 3, 0.7), SchemeLink(5, 4, 0.6)],
             2023: [SchemeLink(2, 3, 0.9)]}
    yield coverage(scheme, plans, known_links=links)
    yield coverage(_plan(None, ["甲一"], kind="scheme"), plans[:1], known_links={2022: []})


def test_section_and_matrix_rows_print_what_the_template_loops_printed():
    for evil in ("", EVIL):
        for cov in _coverages(evil):
            assert _render(SECTIONS_ROWS, cov) == _render(SECTIONS_LOOP, cov)
            assert _render(MATRIX_ROWS, cov) == _render(MATRIX_LOOP, cov)


def test_rows_escape_document_text():
    cov = next(_coverages(EVIL))
    page = coverage_report.render_coverage_html(cov)
    assert "<b>" not in page and "&lt;b&gt;&amp;&#39;&#34;" in page


def test_a_cell_tip_names_each_task_with_its_shortened_title():
    cov = next(_coverages(EVIL))
    cells = {r.item: r.cells for s in coverage_report.build_view(cov).sections for r in s.items}
    titles = {t.index: t.title for t in cov.plans[0].tasks}
    assert cells[1][0].tip == f"第1项 {shorten(titles[1], 24)};第2项 {shorten(titles[2], 24)}"
    assert cells[4][0].tip == "第5项 "  # a link to a task the plan does not have
    assert cells[2][0].tip == "2022年计划中没有对应任务" and cells[2][0].level == "none"
