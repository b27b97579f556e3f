"""What changed: one answer in compare/changes.py, shown alike in the HTML report, the JSON and the ledger."""
from __future__ import annotations

import io
import json
import re
from pathlib import Path

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st
from test_checks_plans import task

from plancheck.compare.changes import (
    Difference,
    alignment_groups,
    coverage_changed,
    coverage_status,
    difference,
    pair_change,
)
from plancheck.compare.model import AlignedPair
from plancheck.pipeline import render, review_files
from plancheck.plans.model import Target

EXAMPLES = Path(__file__).resolve().parents[1] / "plancheck" / "plans" / "examples"


def count(text: str, value: float) -> Target:
    return Target(text=text, kind="count", metric="案卷评查", op=">=", value=value, unit="次")


def test_an_identical_carried_pair_is_unchanged():
    old = task(1, "开展行政执法案卷评查", "每年评查不少于2次。")
    assert pair_change(AlignedPair(1, 1, "carried", 1.0), old, old).changed is False


def test_a_kind_other_than_carried_is_a_change():
    old = task(1, "开展行政执法案卷评查", "每年评查不少于2次。")
    assert pair_change(AlignedPair(1, 1, "moved", 0.9), old, old).changed is True


def test_units_and_targets_on_one_side_only_are_the_differences():
    old = task(1, "开展行政执法案卷评查", "每年评查不少于2次。", lead=("县司法局",), targets=(count("不少于2次", 2),))
    new = task(1, "开展行政执法案卷评查", "每年评查不少于2次。", lead=("县司法局", "县委依法治县办"),
               targets=(count("不少于 2次", 2), count("不少于1次", 1)))
    change = pair_change(AlignedPair(1, 1, "carried", 1.0), old, new)
    assert change.changed is True
    assert change.differences() == {"lead_units": Difference((), ("县委依法治县办",)),
                                    "targets": Difference((), ("不少于1次",))}
    assert difference(["县司法局"], ["县 司法局"]) == Difference()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["县司法局", "县 司法局", "县财政局", "县委编办", "县委 编办", "县应急局"]), max_size=5),
       st.lists(st.sampled_from(["县司法局", "县 司法局", "县财政局", "县委编办", "县委 编办", "县应急局"]), max_size=5))
def test_a_difference_is_what_one_side_names_and_the_other_does_not(old, new):
    """Equal lists (the usual pair) and any others: the names whose key the other side lacks."""
    from plancheck.compare.features import unit_key

    for a, b in ((old, new), (old, list(old))):
        keys_a, keys_b = {unit_key(u) for u in a}, {unit_key(u) for u in b}
        assert difference(a, b) == Difference(tuple(u for u in a if unit_key(u) not in keys_b),
                                              tuple(u for u in b if unit_key(u) not in keys_a))


def test_splits_and_merges_form_groups_in_draft_order():
    pairs = [AlignedPair(1, 3, "split", 0.8), AlignedPair(2, 1, "carried", 1.0), AlignedPair(1, 2, "split", 0.8)]
    groups = alignment_groups(pairs)
    assert [[(p.baseline, p.draft) for p in g] for g in groups] == [[(2, 1)], [(1, 2), (1, 3)]]


def test_coverage_status_says_how_coverage_moved():
    assert coverage_status(True, False, True) == "lost" and coverage_changed(True, False, True)
    assert coverage_status(False, False, True) == "gap" and coverage_changed(False, False, True)
    assert coverage_status(False, True, True) == "gained" and coverage_changed(False, True, True)
    assert coverage_status(True, True, True) == "covered" and not coverage_changed(True, True, True)
    assert coverage_status(False, True, False) == "covered"


def test_html_json_and_ledger_agree_on_what_changed():
    result = review_files(EXAMPLES / "plan_2025.txt", EXAMPLES / "plan_2024.txt", EXAMPLES / "scheme_2021_2025.txt")
    rows = json.loads(render(result, "json"))["alignment"]
    assert {True, False} == {row["changed"] for row in rows}
    assert any(row["differences"] for row in rows)
    json_changed = {(row["baseline"], row["draft"]): row["changed"] for row in rows}

    sheet = openpyxl.load_workbook(io.BytesIO(render(result, "xlsx")))["对照"]
    header = [c.value for c in sheet[1]]
    ledger_changed = {(r[header.index("去年序号")], r[header.index("草案序号")]): r[header.index("有无变化")] == "有变化"
                      for r in sheet.iter_rows(min_row=2, values_only=True) if r[header.index("相似度")] is not None}
    assert ledger_changed == json_changed

    html = render(result, "html").decode("utf-8")
    html_changed = re.findall(r'<tr class="pair kind-\w+( changed)?"', html)
    assert sorted(bool(c) for c in html_changed) == sorted(json_changed.values())
