"""Segmentation and normalisation used by every comparison."""
from __future__ import annotations

import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from plancheck.compare.tokens import content_terms, normalise, quoted_phrases, segment, strip_task_number


def test_domain_words_stay_whole():
    tokens = segment("深化证照分离改革,推行双随机、一公开监管,规范行政复议案件办理")
    assert {"证照分离", "双随机、一公开", "行政复议"} <= set(tokens)


def test_segmentation_is_lossless():
    text = "年内组织培训不少于3次,2024年6月底前完成。"
    assert "".join(segment(text)) == text


def test_generic_policy_words_are_not_terms():
    terms = content_terms(segment("进一步加强和完善行政复议工作,推进法治政府建设"))
    assert "行政复议" in terms
    assert not {"加强", "完善", "推进", "法治政府建设"} & set(terms)


def test_normalise_removes_pdf_spaces_and_full_width_forms():
    assert normalise("不少于 2 次,达到 95% 以上(含)") == "不少于2次,达到95%以上(含)"


@settings(max_examples=400, deadline=None)
@given(st.text("ab 法治\u3000\t\n\xa0\u2002２ｂ", max_size=12))
def test_normalise_skips_the_space_pattern_only_where_there_is_no_white_space(text):
    import re
    import unicodedata

    from plancheck.compare.tokens import _SPACE

    assert normalise(text) == _SPACE.sub("", unicodedata.normalize("NFKC", text))
    assert normalise("Open Data 平台") == "Open Data平台"
    assert not re.search(r"\s", normalise("法治 政府\u3000建设"))


def test_strip_task_number():
    assert strip_task_number("11.提升行政复议工作质效") == "提升行政复议工作质效"
    assert strip_task_number("(五)推进信访工作法治化") == "推进信访工作法治化"
    assert strip_task_number("2024年是关键一年") == "2024年是关键一年"


def test_quoted_phrases():
    assert quoted_phrases("深入实施“八五”普法规划,落实《信访工作条例》") == ["八五", "信访工作条例"]


def test_importing_compare_loads_no_heavy_library():
    code = ("import sys, plancheck.compare, plancheck.compare.model, plancheck.compare.decisions;"
            "print(sorted(m for m in ('numpy', 'scipy', 'rapidfuzz', 'jieba', 'diff_match_patch') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
