"""A number printed on a line of its own (a web-page list, a PDF table cell) is joined to its text."""
from __future__ import annotations

from plancheck.plans.document import Line
from plancheck.plans.stream import build_stream


def _stream(*texts: str):
    return build_stream([Line(text, page=1, line=k + 1) for k, text in enumerate(texts)])


def test_a_number_alone_is_joined_to_the_next_line():
    stream = _stream("一、", "依法全面履行政府职能", "1.", "动态调整权责清单。6月底前公布。", "2.", "深化政务公开。")
    assert stream.text.split("\n") == ["一、依法全面履行政府职能", "1.动态调整权责清单。6月底前公布。",
                                       "2.深化政务公开。"]


def test_the_joined_line_keeps_the_number_line_place():
    stream = _stream("前言。", "(三)", "加强行政执法监督。")
    second = stream.text.index("(三)")
    assert stream.text[second:] == "(三)加强行政执法监督。"
    assert stream.origin(second) == (1, 2)
    assert stream.origin(stream.text.index("加强")) == (1, 2)


def test_a_number_before_another_number_or_at_the_end_stays_alone():
    stream = _stream("1.", "2.完善决策程序。", "3.")
    assert stream.text.split("\n") == ["1.", "2.完善决策程序。", "3."]


def test_a_line_with_text_after_its_number_is_untouched():
    stream = _stream("1.完善决策程序。", "2.加强规范性文件管理。")
    assert stream.text.split("\n") == ["1.完善决策程序。", "2.加强规范性文件管理。"]
