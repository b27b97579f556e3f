"""The dashboard's locality rows and heat map cells, printed in Python: escaped as the template escapes."""
from __future__ import annotations

from jinja2 import Environment

from plancheck.batch.dashboard import Cell, Link, Row
from plancheck.batch.dashboard_charts import HeatCell
from plancheck.batch.index_page import heat_cells, locality_row

# The loop body the template printed before the rows moved to Python, kept as the reference.
_TEMPLATE_ROW = (
    '<tr class="loc" data-group="{{ r.group }}" data-verdict="{{ r.verdict }}" data-rules="{{ r.rules }}" '
    'data-coverage="{{ r.coverage }}">{% for c in r.cells %}<td{% if c.tone %} class="{{ c.tone }}"{% endif %}'
    '{% if c.sort is not none %} data-sort="{{ c.sort }}"{% endif %}>{{ c.text }}</td>{% endfor %}'
    '<td class="links">{% for l in r.links %}<a href="{{ l.href }}">{{ l.label }}</a>{% endfor %}</td>'
    '<td class="problems">{% for p in r.problems %}<div>{{ p }}</div>{% endfor %}</td></tr>'
)


def _row(**changes) -> Row:
    fields = dict(
        group="河北省/石家庄市", verdict="不通过", rules="duplicate_task stale_reference", coverage="85.71",
        cells=(Cell("河北省", None, "level"), Cell("不通过", "1", "verdict v-fail"), Cell("—", None),
               Cell("86%", "0.8571"), Cell("<b>&", "'\"")),
        links=(Link("审查报告", "a%20b/report.html"), Link("覆盖报告", "x/coverage.html?a=1&b=2")),
        problems=("去年计划“<旧>.docx”无法读取", "a & b"),
    )
    fields.update(changes)
    return Row(**fields)


def test_locality_row_prints_what_the_template_loop_printed():
    template = Environment(autoescape=True).from_string(_TEMPLATE_ROW)
    for row in (_row(), _row(links=(), problems=(), cells=()), _row(group="", coverage="", rules="<x>")):
        assert str(locality_row(row)) == template.render(r=row)


def test_locality_row_escapes_document_text():
    html = str(locality_row(_row()))
    assert "&lt;b&gt;&amp;" in html and 'data-sort="&#39;&#34;"' in html
    assert "“&lt;旧&gt;.docx”" in html and "<b>" not in html


def test_heat_cells_escape_their_tooltips():
    html = str(heat_cells([HeatCell(12, 5, 3, "县司法局 <2> & 3"), HeatCell(0, 0, 0, "无")]))
    assert html == ('<rect class="h3" x="12"><title>县司法局 &lt;2&gt; &amp; 3</title></rect>'
                    '<rect class="h0" x="0"><title>无</title></rect>')
