"""Issue #7, encodings: every encoding a county office saves plans in is detected exactly, and bytes that
are no clean text in any of them are refused with a clear message, never silently garbled."""
from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from robust_fuzz import assert_refusal_message, fuzz, plan_lines, write

from plancheck.plans import load_plan
from plancheck.plans.errors import PlanInputError
from plancheck.plans.readers.text import decode_text

pytestmark = pytest.mark.slow  # property tests over every encoding

SIMPLIFIED = "\n".join(plan_lines()) + "\n"
TRADITIONAL = (
    "縣2024年法治政府建設工作計劃\n一、深入學習貫徹習近平法治思想\n"
    "1.推動學習宣傳貫徹習近平法治思想走深走實。〔牽頭單位:縣委宣傳部、縣司法局;責任單位:縣政府各部門〕\n"
    "2.嚴格落實重大行政決策程序,決策事項合法性審查率達到100%。〔牽頭單位:縣司法局〕\n"
)

ENCODED = {
    "utf-8": SIMPLIFIED.encode("utf-8"),
    "utf-8 with BOM": SIMPLIFIED.encode("utf-8-sig"),
    "gb18030": SIMPLIFIED.encode("gb18030"),
    "gbk": SIMPLIFIED.encode("gbk"),
    "gb2312": SIMPLIFIED.encode("gb2312"),
    "utf-16 LE with BOM": codecs.BOM_UTF16_LE + SIMPLIFIED.encode("utf-16-le"),
    "utf-16 BE with BOM": codecs.BOM_UTF16_BE + SIMPLIFIED.encode("utf-16-be"),
    "utf-16 LE without BOM": SIMPLIFIED.encode("utf-16-le"),
    "utf-16 BE without BOM": SIMPLIFIED.encode("utf-16-be"),
}
TRADITIONAL_ENCODED = {
    "big5": TRADITIONAL.encode("big5"),
    "utf-8 traditional": TRADITIONAL.encode("utf-8"),
    "gb18030 traditional": TRADITIONAL.encode("gb18030"),
    "utf-16 LE traditional without BOM": TRADITIONAL.encode("utf-16-le"),
}


@pytest.mark.parametrize("encoding", sorted(ENCODED))
def test_simplified_plan_decodes_exactly(encoding: str) -> None:
    assert decode_text(ENCODED[encoding], "计划.txt").lstrip("\ufeff") == SIMPLIFIED


@pytest.mark.parametrize("encoding", sorted(TRADITIONAL_ENCODED))
def test_traditional_plan_decodes_exactly(encoding: str) -> None:
    assert decode_text(TRADITIONAL_ENCODED[encoding], "計劃.txt") == TRADITIONAL


@pytest.mark.parametrize("encoding", sorted(ENCODED))
def test_plan_in_any_encoding_parses_to_the_same_tasks(tmp_path: Path, encoding: str) -> None:
    expected = load_plan(write(tmp_path, "utf8.txt", ENCODED["utf-8"]))
    plan = load_plan(write(tmp_path, "计划.txt", ENCODED[encoding]))
    assert [(t.text, t.lead_units, t.responsible_units) for t in plan.tasks] == \
           [(t.text, t.lead_units, t.responsible_units) for t in expected.tasks]
    assert plan.title == expected.title


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "utf-16"])
def test_csv_in_other_encodings(tmp_path: Path, encoding: str) -> None:
    rows = ["序号,工作任务,牵头单位,责任单位", "1,推动学习宣传贯彻习近平法治思想,县司法局,县政府各部门",
            "2,严格落实重大行政决策程序,县司法局,各乡镇人民政府"]
    plan = load_plan(write(tmp_path, "分工表.csv", "\n".join(rows).encode(encoding)))
    assert [t.lead_units for t in plan.tasks] == [("县司法局",), ("县司法局",)]


BAD = {
    "utf-8 with one stray byte": SIMPLIFIED.encode()[:60] + b"\xff" + SIMPLIFIED.encode()[60:],
    "utf-8 then gbk": SIMPLIFIED.encode("utf-8") + SIMPLIFIED.encode("gbk"),
    "gbk then utf-8": SIMPLIFIED.encode("gbk") + SIMPLIFIED.encode("utf-8"),
    "gbk with broken pairs": SIMPLIFIED.encode("gbk")[:51] + b"\xff\xff\x81" + SIMPLIFIED.encode("gbk")[51:],
    "utf-16 BOM, odd length": SIMPLIFIED.encode("utf-16")[:-1],
    "utf-16 BOM, lone surrogate": codecs.BOM_UTF16_LE + "1.推进".encode("utf-16-le") + b"\x00\xd8" + b"a\x00",
    "utf-8 BOM, then gbk": codecs.BOM_UTF8 + SIMPLIFIED.encode("gbk"),
    "NUL bytes in gbk": SIMPLIFIED.encode("gbk").replace(b"\n", b"\n\x00"),
    "shift_jis": "日本語の計画です。1.推進します。".encode("shift_jis") * 4,
    "random binary": bytes(range(256)) * 8,
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_mixed_or_invalid_bytes_are_refused_or_read_right(case: str, tmp_path: Path) -> None:
    """Refused with a clear message; if decoded after all, the plan's Chinese survives intact."""
    try:
        text = decode_text(BAD[case], "计划.txt")
    except PlanInputError as exc:
        assert_refusal_message(str(exc), "计划.txt")
        assert "编码" in str(exc) or "二进制" in str(exc) or "标记" in str(exc)
    else:
        assert "推动学习宣传贯彻习近平法治思想走深走实" in text or "日本語" in text, text[:80]


def test_refusal_through_load_plan_names_file_and_says_what_to_do(tmp_path: Path) -> None:
    path = write(tmp_path, "混合编码.txt", BAD["utf-8 then gbk"])
    with pytest.raises(PlanInputError) as caught:
        load_plan(path)
    assert_refusal_message(str(caught.value), path.name)
    assert "UTF-8" in str(caught.value)


# ---- property: decoding either gives back the exact text or refuses ------------------------------------

def _gb2312_level1() -> str:
    chars = []
    for row in range(0xB0, 0xD8):
        for cell in range(0xA1, 0xFF):
            try:
                chars.append(bytes([row, cell]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return "".join(chars)


def _big5_level1() -> str:
    chars = []
    for code in range(0xA440, 0xC67F):
        try:
            chars.append(code.to_bytes(2, "big").decode("big5"))
        except UnicodeDecodeError:
            pass
    return "".join(chars)


PUNCTUATION = "0123456789.,;:()、。,;:〔〕“”《》 \n"
SIMPLIFIED_TEXT = st.text(alphabet=st.sampled_from(_gb2312_level1() * 4 + PUNCTUATION), min_size=30, max_size=300)
TRADITIONAL_TEXT = st.text(alphabet=st.sampled_from(_big5_level1() * 4 + PUNCTUATION), min_size=30, max_size=300)


@fuzz(2)
@given(text=SIMPLIFIED_TEXT, encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16",
                                                       "utf-16-le", "utf-16-be"]))
def test_simplified_text_is_never_garbled(text: str, encoding: str) -> None:
    _decoded_exactly_or_refused(text, text.encode(encoding))


@fuzz(2)
@given(text=TRADITIONAL_TEXT, encoding=st.sampled_from(["big5", "utf-8", "utf-16", "utf-16-le", "gb18030"]))
def test_traditional_text_is_never_garbled(text: str, encoding: str) -> None:
    _decoded_exactly_or_refused(text, text.encode(encoding))


def _decoded_exactly_or_refused(text: str, data: bytes) -> None:
    try:
        decoded = decode_text(data, "计划.txt")
    except PlanInputError as exc:
        assert_refusal_message(str(exc), "计划.txt")
    else:
        assert decoded.lstrip("\ufeff") == text


@fuzz()
@given(data=st.binary(min_size=1, max_size=2048))
def test_random_bytes_decode_or_refuse(data: bytes) -> None:
    try:
        decoded = decode_text(data, "随机.txt")
    except PlanInputError as exc:
        assert_refusal_message(str(exc), "随机.txt")
    else:
        assert isinstance(decoded, str)
