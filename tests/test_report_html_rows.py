"""The rows the review page prints in Python (`html_rows`): every text escaped, each variant of a row."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from markupsafe import Markup
from test_report_html import EVIL, EVIL_MARKERS, sample_analysis, sample_findings, sample_rules

from plancheck.compare.changes import pair_changes
from plancheck.reports import html_rows
from plancheck.reports.review_view import Link, NearView, SentenceView
from plancheck.reports.review_view_builder import build_view


def _view(evil: str = ""):
    return build_view(sample_analysis(evil), sample_findings(evil), sample_rules(evil))


def _rows(view) -> list[Markup]:
    has_baseline = view.has_baseline
    return ([html_rows.alignment_group(g) for g in view.groups]
            + [html_rows.finding_item(f) for sg in view.severity_groups for rg in sg.rules for f in rg.findings]
            + [html_rows.change_item(c) for c in view.changes]
            + [html_rows.near_row(r) for r in (*view.dropped, *view.added)]
            + [html_rows.scheme_row(s, has_baseline) for s in view.scheme_items])


def test_every_row_escapes_document_text():
    rows = _rows(_view(EVIL))
    # The printers' rows are text, marked safe only by rows(), so a template calling a printer directly
    # would escape its HTML rather than print it.
    assert rows and all(type(row) is str for row in rows)
    assert isinstance(html_rows.rows(html_rows.change_item, _view(EVIL).changes, 4), Markup)
    page = "".join(rows)
    for marker in EVIL_MARKERS:
        assert marker not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_rows_print_the_text_they_are_given():
    view = _view()
    soup = BeautifulSoup("<table>" + "".join(html_rows.alignment_group(g) for g in view.groups) + "</table>",
                         "html.parser")
    moved = soup.select_one("#pair-5")
    assert moved.select_one(".decision").get_text() == "人工确认"
    assert moved.select_one(".move .to").get_text() == "三、推进政务公开"
    sentences = soup.select("tr.sentences li")
    assert [s.get_text() for s in sentences] == ["修改每季度 → 每半年"]


def test_near_row_without_candidate_or_score():
    task = _view().dropped[0].task
    bare = BeautifulSoup(html_rows.near_row(NearView(task, None, None)), "html.parser")
    assert bare.select("td")[1].get_text() == "无候选" and bare.select("td")[2].get_text() == "—"
    flagged = NearView(task, Link("草案 4 <甲>", "#draft-task-4"), 0.456, review=True, evidence=("同<义>", "同单位"))
    row = BeautifulSoup(html_rows.near_row(flagged), "html.parser")
    assert row.select_one("a").get_text() == "草案 4 <甲>"
    assert row.select_one(".near-review") and row.select_one(".near-evidence").get_text() == "同<义>;同单位"
    assert row.select("td")[2].get_text() == "0.46"


def test_scheme_row_shows_last_year_only_with_a_baseline():
    item = _view().scheme_items[0]
    with_baseline = BeautifulSoup(html_rows.scheme_row(item, True), "html.parser")
    without = BeautifulSoup(html_rows.scheme_row(item, False), "html.parser")
    assert len(with_baseline.select("td.links")) == 2 and len(without.select("td.links")) == 1
    empty = BeautifulSoup(html_rows.scheme_row(item._replace(draft=()), False),
                          "html.parser")
    assert empty.select_one("td.links").get_text() == "无"


def test_sentence_without_new_text_has_no_arrow():
    view = _view()
    pair = view.groups[1].pairs[0]
    removed = pair._replace(sentences=(SentenceView("删去", "removed", "旧句", ""),))
    group = view.groups[1].__class__(view.groups[1].id, (removed,), True, ())
    li = BeautifulSoup(html_rows.alignment_group(group), "html.parser").select_one("tr.sentences li")
    assert li.get_text() == "删去旧句" and li.select_one("del") and not li.select_one("ins")


def test_view_with_the_callers_pair_changes_is_the_same_view():
    for evil in ("", EVIL):
        analysis, findings = sample_analysis(evil), sample_findings(evil)
        assert build_view(analysis, findings, changes=pair_changes(analysis)) == build_view(analysis, findings)


def test_view_records_are_immutable():
    view = _view()
    pair = view.groups[0].pairs[0]
    for record, name in ((pair, "kind"), (pair.baseline, "title"), (pair.baseline.spans[0], "text"),
                         (view.scheme_items[0], "status"), (view.severity_groups[0].rules[0].findings[0], "message")):
        with pytest.raises(AttributeError):
            setattr(record, name, "changed")


@pytest.mark.parametrize("count", [0, 1, 3])
def test_rows_print_what_a_template_loop_printed(count):
    from jinja2 import Environment

    view = _view(EVIL)
    items = list(view.scheme_items[:count])
    env = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(rows=html_rows.rows, scheme_row=html_rows.scheme_row,
                       safe_scheme_row=lambda *args: Markup(html_rows.scheme_row(*args)))
    loop = env.from_string("    <tbody>\n    {% for s in items %}\n      {{ safe_scheme_row(s, True) }}\n"
                           "    {% endfor %}\n    </tbody>\n")
    one_call = env.from_string("    <tbody>\n{{ rows(scheme_row, items, 6, True) }}    </tbody>\n")
    assert one_call.render(items=items) == loop.render(items=items)


@pytest.mark.parametrize("evil", ["", EVIL])
def test_a_scheme_items_cell_leaves_out_only_the_facts_it_does_not_print(evil):
    from dataclasses import replace

    from plancheck.plans.model import Target
    from plancheck.reports.html_fragments import task_cell_html
    from plancheck.reports.review_view_builder import _Anchors, _task_view

    target = Target(f"覆盖率达到100%{evil}", "percent", "覆盖率", ">=", 100.0, "%")
    for item in sample_analysis(evil).scheme.tasks:
        item = replace(item, lead_units=(f"县司法局{evil}",), responsible_units=("县直各部门",), targets=(target,),
                       deadline="2025年底")
        full = _task_view("scheme", item.index, item, _Anchors(), {("scheme", item.index): {"scheme-gap"}})
        lean = _task_view("scheme", item.index, item, _Anchors(), {("scheme", item.index): {"scheme-gap"}},
                          facts=False)
        assert (lean.lead_units, lean.responsible_units, lean.targets, lean.deadline) == ((), (), (), None)
        assert task_cell_html(lean, facts=False) == task_cell_html(full, facts=False)


# The template loops the header, findings and task-list printers replace, as the page template had them.
_HEADER_AND_FINDINGS_LOOPS = """    <tbody>
    {% for d in view.documents %}
      <tr class="doc-{{ d.role }}"><td>{{ d.role_label }}</td><td class="file">{{ d.file_name }}</td><td>{{ d.title }}</td><td>{{ d.year if d.year is not none else "—" }}</td><td>{{ d.task_count }}</td></tr>
    {% endfor %}
    </tbody>
    <tbody>
    {% for r in view.rule_counts %}
      <tr class="{{ 'fired' if r.count else 'quiet' }} sev-{{ r.severity }}">
        <td><code>{{ r.rule }}</code></td>
        <td>{{ r.title }}{% if r.description %}<details class="rule-help"><summary>说明</summary><div class="pre">{{ r.description }}</div></details>{% endif %}</td>
        <td>{{ r.severity_label }}</td>
        <td class="num">{% if r.count %}<a href="#rule-{{ r.rule }}">{{ r.count }}</a>{% else %}0{% endif %}</td>
      </tr>
    {% endfor %}
    </tbody>
  <h2>问题清单</h2>
  {% for sg in view.severity_groups %}
  <div class="frow sev-group sev-{{ sg.severity }}" data-changed="1" data-rules="{{ sg.rule_names|join(' ') }}">
    <h3>{{ sg.label }}({{ sg.count }})</h3>
    {% for rg in sg.rules %}
    <div class="frow rule-group" {% if rg.anchor %}id="{{ rg.anchor }}" {% endif %} data-changed="1" data-rules="{{ rg.rule }}">
      <h4><code>{{ rg.rule }}</code> {{ rg.title }}({{ rg.findings|length }})</h4>
      {% if rg.description %}<details class="rule-help"><summary>规则说明</summary><div class="pre">{{ rg.description }}</div></details>{% endif %}
      <ol class="findings">
{{ rows(finding_item, rg.findings, 8) }}      </ol>
    </div>
    {% endfor %}
  </div>
  {% else %}
  <p class="empty">未发现问题。</p>
  {% endfor %}
  <div class="task-list">
  {% for t in view.draft_tasks %}
    <div class="frow task-row" data-changed="{{ 1 if view.has_baseline else 0 }}" data-rules="{{ t.rules|join(' ') }}">{{ task_cell(t) }}</div>
  {% endfor %}
  </div>
"""
_HEADER_AND_FINDINGS_ROWS = """    <tbody>
{{ rows(document_row, view.documents, 6) }}    </tbody>
    <tbody>
{{ rows(rule_count_row, view.rule_counts, 6) }}    </tbody>
  <h2>问题清单</h2>
  {% if view.severity_groups %}
{{ rows(severity_group, view.severity_groups, 2) }}{% else %}
  <p class="empty">未发现问题。</p>
  {% endif %}
  <div class="task-list">
{{ rows(task_row, view.draft_tasks, 4, view.has_baseline) }}  </div>
"""


@pytest.mark.parametrize("evil", ["", EVIL])
@pytest.mark.parametrize("variant", ["full", "no findings", "no baseline", "bare rules"])
def test_header_findings_and_task_rows_print_what_the_template_loops_printed(evil, variant):
    from dataclasses import replace

    from jinja2 import Environment
    from markupsafe import Markup

    from plancheck.reports.html_fragments import task_cell_html

    def task_cell(t, facts=True):  # what the template's loops printed a task cell with
        return Markup(task_cell_html(t, facts))

    analysis, findings, rules = sample_analysis(evil), sample_findings(evil), sample_rules(evil)
    if variant == "no findings":
        findings = []
    elif variant == "no baseline":
        analysis = replace(analysis, baseline=None, alignment=(), dropped=(), added=())
        analysis = replace(analysis, draft=replace(analysis.draft, year=None))
    elif variant == "bare rules":  # rules without a description or a title
        rules = [type("Rule", (), {"NAME": r.NAME, "SEVERITY": r.SEVERITY})() for r in rules]
    view = build_view(analysis, findings, rules)
    env = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(rows=html_rows.rows, task_cell=task_cell, finding_item=html_rows.finding_item,
                       document_row=html_rows.document_row, rule_count_row=html_rows.rule_count_row,
                       severity_group=html_rows.severity_group, task_row=html_rows.task_row)
    printed = env.from_string(_HEADER_AND_FINDINGS_ROWS).render(view=view)
    assert printed == env.from_string(_HEADER_AND_FINDINGS_LOOPS).render(view=view)
    if evil:
        for marker in EVIL_MARKERS:
            assert marker not in printed


@pytest.mark.parametrize("link", [Link("草案 4 甲", "#draft-task-4", "提示"), Link("草案 4 甲", None, ""),
                                  Link("<甲>", "#a", ""), Link("甲", "#a&b", "乙"), Link("甲", None, "'乙'"),
                                  Link('"甲"', None, "乙&")])
def test_a_link_searched_once_escapes_each_text_as_escaping_each_would(link):
    from markupsafe import escape

    from plancheck.reports.html_fragments import link_html

    tip = f' title="{escape(link.tip)}"' if link.tip else ""
    expected = (f'<a href="{escape(link.href)}"{tip}>{escape(link.label)}</a>' if link.href
                else f'<span class="nolink"{tip}>{escape(link.label)}</span>')
    assert link_html(link) == expected


@pytest.mark.parametrize("word", ["carried", "error", "draft", "gap lost", "已覆盖(去年未覆盖)", "新增", "none",
                                  "never", "从未落实", "", "unknown-kind", EVIL, "<b>", "a&b", None, 7])
def test_a_word_of_a_vocabulary_is_escaped_as_any_text_is(word):
    from plancheck.reports import coverage_report
    from plancheck.reports.html_fragments import escape_text, escape_word, word_escaper

    assert escape_word(word) == escape_text(word)
    assert coverage_report._w(word) == escape_text(word)
    assert word_escaper(["<b>", "x"])(word) == escape_text(word)
