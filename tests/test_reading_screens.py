"""The cheap screens of reading give what the full scans give: the clause screen run once over a text keeps
the clauses a search clause by clause keeps, a role tail is searched only after one of its last characters,
the unit hints of a span are found in the text's one label view as in the span's own, a line is tried as
scraper boilerplate only when it holds one of the pattern's words, a bracketed unit list is split at the
separators one scan finds, a document's lines are cleaned one by one only where a scan of them all finds
something to clean and folded in one call, UTF-16 is looked for only in bytes holding a NUL, and a plan is
searched for the first-listed note only when it holds the note's closing words, and the clause a number
measures starts after the last metric mark one scan finds, as after the last of each mark's own search."""
from __future__ import annotations

import re
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from plancheck.plans.cleaning import (
    SCRAPER_LINE_RE,
    clean_line,
    clean_plain_line,
    find_page_marker,
    is_scraper_line,
    lines_to_clean,
)
from plancheck.plans.targets import _AFTER_METRIC_MARKS_RE, _MAY_HOLD_TARGET, _METRIC_MARKS, _clauses
from plancheck.plans.unit_regions import UNIT_HINT_RE, UnitRegionCache, find_unit_region
from plancheck.plans.units import (
    _LABEL_TRADITIONAL,
    _MAX_ROLE_TAIL_WORDS,
    _ROLE_TAIL_LAST_CHARS,
    _ROLE_TAIL_WORD_RE,
    FIRST_LISTED_LEADS_RE,
    label_view,
    without_role_tail,
)

EXAMPLES = Path(__file__).resolve().parents[1] / "plancheck" / "plans" / "examples"
_PIECES = st.sampled_from(["组织", "培训", "不少于", "3", "二", "次", "%", "月", "底前", "每季度", "覆盖", "全覆盖",
                           "年底", "半年", ",", ",", ";", "。", " ", "\n", "牵头", "单位", "责任", "配合", "頭", "單",
                           "責", "县司法局", "负责", "按职责分工", "等单位", "落实", "(", ")", ":"])
_TEXTS = st.lists(_PIECES, max_size=30).map("".join)


def _example_texts() -> list[str]:
    texts = [path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("*.txt"))]
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from corpus import locality_documents

    for k in range(3):
        texts += list(locality_documents(7, k)[1].values())
    return texts


# The clause screen as an alternation, which _MAY_HOLD_TARGET is with the alternatives' first characters in front.
_ALTERNATION = re.compile(r"[\d一二两三四五六七八九十百]\s*[%%月次场期轮批项个家件名人篇天堂课学]|覆盖|每|年底|年内|半年|年末")


@settings(max_examples=500, deadline=None)
@given(st.from_regex(_ALTERNATION) | _TEXTS)
def test_the_clause_screen_matches_as_its_alternation(text):
    assert [m.span() for m in _MAY_HOLD_TARGET.finditer(text)] == [m.span() for m in _ALTERNATION.finditer(text)]


def test_the_clause_screen_matches_plans_as_its_alternation():
    for text in _example_texts():
        assert [m.span() for m in _MAY_HOLD_TARGET.finditer(text)] == [m.span() for m in _ALTERNATION.finditer(text)]


# The text cut after every clause mark, as _clauses once cut it before screening the pieces.
_CLAUSE_END = re.compile(r"(?<=[,,;;。])")


def _clauses_one_by_one(text: str) -> list[tuple[int, str]]:
    out, offset = [], 0
    for clause in _CLAUSE_END.split(text):
        if _MAY_HOLD_TARGET.search(clause):
            out.append((offset, clause))
        offset += len(clause)
    return out


@settings(max_examples=500, deadline=None)
@given(_TEXTS)
def test_the_clause_screen_over_the_text_keeps_the_clauses_searched_one_by_one(text):
    assert _clauses(text) == _clauses_one_by_one(text)


def test_the_clause_screen_keeps_the_same_clauses_on_plans():
    for text in _example_texts():
        assert _clauses(text) == _clauses_one_by_one(text)
        for line in text.split("\n"):
            assert _clauses(line) == _clauses_one_by_one(line)


@settings(max_examples=300, deadline=None)
@given(st.from_regex(_ROLE_TAIL_WORD_RE, fullmatch=False))
def test_every_role_tail_word_ends_in_a_screened_character(text):
    match = _ROLE_TAIL_WORD_RE.search(text)
    assert text[match.end() - 1] in _ROLE_TAIL_LAST_CHARS or match.end() == match.start()


def _without_role_tail_unscreened(unit: str) -> str:
    view = label_view(unit)
    end = len(view)
    for _ in range(_MAX_ROLE_TAIL_WORDS):
        match = _ROLE_TAIL_WORD_RE.search(view, 0, end)
        if match is None or match.start() < 2:
            break
        end = match.start()
    return unit[:end].rstrip(" ,,、")


@settings(max_examples=500, deadline=None)
@given(_TEXTS)
def test_the_role_tail_screen_changes_no_unit_name(text):
    assert without_role_tail(text) == _without_role_tail_unscreened(text)


_TRADITIONAL = "".join(map(chr, _LABEL_TRADITIONAL))


@settings(max_examples=300, deadline=None)
@given(_TEXTS, st.integers(0, 40), st.integers(0, 40))
def test_unit_hints_of_a_span_are_read_in_the_texts_one_view(text, a, b):
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    cache = UnitRegionCache(text, True)
    assert cache.hinted(start, end) == bool(UNIT_HINT_RE.search(label_view(text[start:end])))
    assert cache.region(start, end) == find_unit_region(text[start:end], True)


def test_the_label_view_keeps_offsets():
    text = "牽頭單位:縣司法局;配合單位:各部門"
    assert re.search("[" + _TRADITIONAL + "]", text)
    assert len(label_view(text)) == len(text)


_UNIT_PIECES = st.sampled_from(["县司法局", "县委宣传部", "和", "及", "、", ",", "县住房和城乡建设局", "各乡镇人民政府",
                                "(街道办事处)", "市", "县(区)政府法制机构", "按职责分工负责", "等单位", "等", "配合",
                                "由", " ", "—", "无", "县公安局 县市场监管局", "牵头"])


def _split_units_item_by_item(text: str) -> tuple[str, ...]:
    """split_units as it read each list item before items were cached (see units._split_units)."""
    from plancheck.plans import units

    text = units._LEADING_BY_RE.sub("", units._spaces_between_units(units.unicodedata.normalize("NFKC", text).strip())
                                    .strip("。.;;,,、"))
    found: dict[str, None] = {}
    pending = ""
    for part in units._split_top_level(text, units._LIST_SEPARATORS):
        part = part.strip(" 。.:")
        if not part:
            continue
        if len(part) == 1 and label_view(part) in units._ADMIN_LEVEL:
            pending += part + "、"
            continue
        if units._PLACEHOLDER_RE.match(part):
            continue
        for unit in units._split_conjunction(without_role_tail(pending + part)):
            unit = without_role_tail(unit).strip()
            if unit:
                found[unit] = None
        pending = ""
    return tuple(found)


@settings(max_examples=500, deadline=None)
@given(st.lists(_UNIT_PIECES, max_size=12).map("".join))
def test_unit_lists_read_item_by_item_through_the_item_cache_are_unchanged(text):
    from plancheck.plans.units import _split_units

    assert _split_units(text) == _split_units_item_by_item(text)


def _split_top_level_by_character(text: str, separators: str) -> list[str]:
    """_split_top_level as it walked every character of a bracketed list."""
    parts, depth, current = [], 0, []
    for ch in text:
        if ch in "((〔[【":
            depth += 1
        elif ch in "))〕]】" and depth:
            depth -= 1
        if ch in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


_BRACKETED_PIECES = st.sampled_from(["县司法局", "(", ")", "(", ")", "〔", "〕", "[", "]", "【", "】", "、", ",", ",",
                                     ";", ";", "/", "\n", "街道办事处", "区", " "])


@settings(max_examples=500, deadline=None)
@given(st.lists(_BRACKETED_PIECES, max_size=20).map("".join), st.sampled_from(["、,,;;/\n", "、", ",)"]))
def test_a_list_is_split_at_its_top_level_separators_as_character_by_character(text, separators):
    from plancheck.plans.units import _split_top_level

    assert _split_top_level(text, separators) == _split_top_level_by_character(text, separators)


@settings(max_examples=500, deadline=None)
@given(st.from_regex(SCRAPER_LINE_RE) | _TEXTS)
def test_the_scraper_word_screen_keeps_every_scraper_line(line):
    assert is_scraper_line(line) == bool(SCRAPER_LINE_RE.match(line))


def test_the_scraper_word_screen_reads_plans_and_portal_pages_as_the_pattern_does():
    lines = [line for text in _example_texts() for line in text.split("\n")]
    lines += ["发布时间:2024-03-01 来源:县司法局", "【打印本页】【关闭窗口】", "当前位置:首页 > 政务公开", "附件:任务分工表.docx",
              "下面是小编为大家整理的工作计划", "字号:大 中 小"]
    found = [is_scraper_line(line) for line in lines]
    assert sum(found) >= 6
    assert found == [bool(SCRAPER_LINE_RE.match(line)) for line in lines]


_LINE_PIECES = st.sampled_from(["推进法治建设", "。", "— 3 —", "-12-", "第2页", "第一责任人", " ", "\t", "\u3000", "\xa0",
                                "\ufeff", "\u200b", "12", "3/5", "来源:县司法局", "发布时间:", "附件", "打印本页", "\r",
                                "\x0b", "\u2003", "\n", "1.", "牵头单位:", "县公安局"])


def _assert_screened_lines_clean_as_every_line(lines: list[str]) -> None:
    hinted = lines_to_clean(lines)
    for i, line in enumerate(lines):
        if i not in hinted:
            assert find_page_marker(line) is None
            assert clean_plain_line(line) == clean_line(line)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(_LINE_PIECES, max_size=8).map("".join), max_size=8))
def test_lines_without_a_cleaning_hint_clean_as_clean_line_cleans_them(lines):
    _assert_screened_lines_clean_as_every_line(lines)


def test_lines_of_plans_without_a_cleaning_hint_clean_as_clean_line_cleans_them():
    for text in _example_texts():
        lines = text.split("\n")
        _assert_screened_lines_clean_as_every_line(lines)
        assert len(lines_to_clean(lines)) < len(lines) / 2  # (what makes the screen worth its scans)


def _folded_line_by_line(document):
    from dataclasses import replace

    from plancheck.plans.cleaning import fold_width
    from plancheck.plans.document import Line

    blocks = [replace(block, text=fold_width(block.text)) if isinstance(block, Line) else
              replace(block, rows=tuple(tuple(fold_width(c) for c in row) for row in block.rows))
              for block in document.blocks]
    return replace(document, blocks=tuple(blocks))


_WIDE_PIECES = st.sampled_from(["（一）", "(一)", "牵头单位：", "１００％", "\u3000", "\n", "县司法局", "ａ", "①", "。", ""])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.lists(_WIDE_PIECES, max_size=6).map("".join)), max_size=8))
def test_a_document_folded_in_one_call_is_folded_line_by_line(blocks):
    from plancheck.plans.building import fold_document
    from plancheck.plans.document import Document, Line, Table

    document = Document("p.txt", "text", tuple(Line(text, None, n) if is_line else Table(((text, "（二）"),), None, n)
                                               for n, (is_line, text) in enumerate(blocks, start=1)))
    folded = fold_document(document)
    assert folded == _folded_line_by_line(document)
    assert all(type(block) is type(other) for block, other in zip(folded.blocks, document.blocks))


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=64) | st.text(max_size=32).map(lambda text: text.encode("utf-16-le")))
def test_utf16_without_a_bom_is_only_told_in_bytes_holding_a_nul(data):
    from plancheck.plans.readers.text import _looks_like_utf16

    assert b"\x00" in data or _looks_like_utf16(data) is None


@settings(max_examples=200, deadline=None)
@given(st.from_regex(FIRST_LISTED_LEADS_RE))
def test_every_first_listed_note_holds_the_words_screened_for(text):
    assert "为牵头单位" in FIRST_LISTED_LEADS_RE.search(text).group(0)


def test_markers_and_unit_regions_stay_immutable():
    import pytest

    from plancheck.plans.markers import marker_at

    marker = marker_at("(一)加强领导", 0)
    region = find_unit_region("加强领导。\n牵头单位:县司法局", True)
    assert marker.kind == "cn_paren" and region.fields == (("牵头单位", "县司法局"),)
    with pytest.raises(AttributeError):
        marker.start = 1
    with pytest.raises(AttributeError):
        region.start = 0


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from([*_METRIC_MARKS, "率", "达", "a", "\n", " "]), max_size=16), st.integers(0, 20))
def test_the_measured_clause_starts_after_the_last_metric_mark(sentence, start):
    start = min(start, len(sentence))
    last = max(sentence.rfind(mark, 0, start) for mark in _METRIC_MARKS)
    assert _AFTER_METRIC_MARKS_RE.search(sentence, 0, start).start() == last + 1
