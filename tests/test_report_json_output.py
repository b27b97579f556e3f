"""report.json as written (orjson): the same text the standard library writes, and the same content
whichever way the pair changes reach it."""
from __future__ import annotations

import json

from test_report_html import EVIL, sample_analysis, sample_findings

from plancheck.compare.changes import pair_changes
from plancheck.reports.json_report import dumps, dumps_compact, review_report


def _reports():
    for evil in ("", EVIL, "\u2028\x01'\"\\"):
        for baseline in (True, False):
            yield review_report(sample_analysis(evil, baseline), sample_findings(evil, baseline))


def test_pretty_and_compact_text_match_the_standard_library():
    for report in _reports():
        assert dumps(report) == json.dumps(report, ensure_ascii=False, indent=2)
        assert dumps_compact(report) == json.dumps(report, ensure_ascii=False, separators=(",", ":")).encode()


def test_keys_that_are_not_text_are_written_as_text():
    assert json.loads(dumps_compact({1: "甲", "b": (2, 3)})) == {"1": "甲", "b": [2, 3]}


def test_report_with_the_callers_pair_changes_is_the_same_report():
    analysis, findings = sample_analysis(), sample_findings()
    assert review_report(analysis, findings, pair_changes(analysis)) == review_report(analysis, findings)


def test_text_keys_are_written_as_with_the_option_for_keys_that_are_not_text():
    import orjson

    option = orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS
    for report in _reports():
        assert dumps_compact(report) == orjson.dumps(report, option=option)
        assert dumps(report) == orjson.dumps(report, option=option | orjson.OPT_INDENT_2).decode()
    nested = {"甲": [{"乙": {3: "丙", "丁": None}}]}  # a key that is not text deep inside, as pretty text too
    assert json.loads(dumps(nested)) == json.loads(dumps_compact(nested)) == {"甲": [{"乙": {"3": "丙", "丁": None}}]}


def test_scheme_links_by_task_are_each_tasks_links_in_their_order():
    from plancheck.compare.model import SchemeLink
    from plancheck.reports.json_report import _links_by_task

    links = [SchemeLink(*args) for args in ((5, 2, 0.61234, ("甲",)), (1, 3, 0.5, ()), (5, 1, 0.7, ("乙", "丙")),
                                            (1, 1, 0.25, ("丁",)), (3, 4, 0.9999, ()))]
    links += list(sample_analysis().scheme_links["draft"])
    expected = [{"task": task, "items": [k.item for k in links if k.task == task],
                 "scores": [round(k.score, 3) for k in links if k.task == task],
                 "terms": [list(k.terms) for k in links if k.task == task]}
                for task in sorted({k.task for k in links})]
    assert _links_by_task(links) == expected
    assert _links_by_task([]) == []
