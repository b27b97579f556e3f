"""Numbering as drafters type it besides the standard forms: `一.` for `一、` and `1)` for `(1)`."""
from __future__ import annotations

import pytest

from plancheck.plans.markers import marker_at, printed_number
from plancheck.plans.splitting import find_markers


@pytest.mark.parametrize(("text", "kind", "value", "number"), [
    ("一.总体要求", "cn_dun", 1, "一"),
    ("十二．强化组织保障", "cn_dun", 12, "十二"),
    ("3)加强行政执法监督", "ar_half", 3, "3"),
    ("12)开展普法宣传", "ar_half", 12, "12"),
    ("(3)加强行政执法监督", "ar_paren", 3, "(3)"),
])
def test_the_typed_forms_are_markers(text, kind, value, number):
    marker = marker_at(text, 0)
    assert (marker.kind, marker.value, printed_number(marker)) == (kind, value, number)


@pytest.mark.parametrize("text", ["一.5倍", "一..", "三．1"])
def test_a_chinese_numeral_before_a_decimal_or_another_mark_is_no_heading(text):
    marker = marker_at(text, 0)
    assert marker is None or marker.kind != "cn_dun"


def test_half_brackets_inside_a_sentence_are_not_numbering():
    text = "一.加强法治宣传\n1)开展法治讲座(见附件1)每季度一次。\n2)推进普法责任制。\n"
    assert [(m.kind, m.value) for m in find_markers(text)] == [("cn_dun", 1), ("ar_half", 1), ("ar_half", 2)]
