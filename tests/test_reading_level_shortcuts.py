"""The shortcuts of splitting give what the full computations give: mid-line markers counted at their boundary
character as with the lookbehind (and in one scan of a document's joined lines as line by line), a task's text tried for a shared unit line only when it holds the line's
words (looked for in the text's one label view), and a single unit region returned as merging it would build it."""
from __future__ import annotations

import re
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from plancheck.plans.splitting import _SHARED_UNIT_WORDS_RE, _SHARED_UNITS_RE, _shared_unit_line
from plancheck.plans.stream import _LINE_JOINT, _MID_LINE_MARKER_RE
from plancheck.plans.unit_regions import (
    UnitRegion,
    _bracketed_region,
    _label_line_region,
    _unlabelled_region,
    find_unit_region,
)
from plancheck.plans.units import label_view, names_a_unit

# The pattern the boundary-first one replaces: the marker itself, after a boundary seen by a lookbehind.
_LOOKBEHIND_RE = re.compile(r"(?<=[。;;〕)）\s])(?:\d{1,3}[.．](?![\d.．])|[((][一二三四五六七八九十]{1,3}[))]|"
                            r"[一二三四五六七八九十]{1,3}、)")
_PIECES = st.sampled_from(["\x00", "1.", "12.", "1.2", "(一)", "(二)", "（三）", "一、", "十二、", "。", ";", ";", ")", "）",
                           "〕", " ", "\t", "\n", "加强", "牵头", "单位", ":", "县司法局", "以上", "上述", "本项",
                           "該項", "(", "(", "牵头单位:", "责任单位:", "各乡镇", "配合", "负责", ".", "3", "、"])
_TEXTS = st.lists(_PIECES, max_size=40).map("".join)


def _corpus_texts() -> list[str]:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from corpus import locality_documents

    examples = Path(__file__).resolve().parents[1] / "plancheck" / "plans" / "examples"
    texts = [path.read_text(encoding="utf-8") for path in sorted(examples.glob("*.txt"))]
    for k in range(3):
        texts.extend(locality_documents(11, k)[1].values())
    return texts


def _full_merge(text: str) -> UnitRegion | None:
    """find_unit_region's merge run on every list of regions, one region included."""
    view = label_view(text)
    regions = [r for r in (_bracketed_region(text, view), _label_line_region(text, view, True),
                           _unlabelled_region(text)) if r]
    if not regions:
        return find_unit_region(text, True)
    first = min(regions, key=lambda r: r.start)
    fields, end = list(first.fields), first.end
    for other in sorted(regions, key=lambda r: r.start):
        if other is not first and other.start >= end and not text[end:other.start].strip():
            fields.extend(other.fields)
            end = other.end
    return UnitRegion(first.start, end, tuple(fields), text[first.start:end])


def _shared_line_unscreened(segment: str) -> tuple[int, UnitRegion] | None:
    """_shared_unit_line without its screen: every line tried against the pattern."""
    view, offset = label_view(segment), 0
    for line in segment.split("\n"):
        region = find_unit_region(line, True) if _SHARED_UNITS_RE.match(view, offset) else None
        if region and names_a_unit(region.fields):
            return offset, region
        offset += len(line) + 1
    return None


def _assert_same(text: str) -> None:
    for line in text.split("\n"):
        assert len(_MID_LINE_MARKER_RE.findall(line)) == len(_LOOKBEHIND_RE.findall(line))
    assert find_unit_region(text, True) == _full_merge(text)
    assert _shared_unit_line(text, True) == _shared_line_unscreened(text)


def test_shortcuts_equal_the_full_computations_on_plans():
    for text in _corpus_texts():
        for paragraph in text.split("\n\n"):
            _assert_same(paragraph)
        for line in text.split("\n"):
            _assert_same(line)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_shortcuts_equal_the_full_computations_on_generated_text(text):
    _assert_same(text)


def _mid_line_markers_line_by_line(texts: list[str]) -> int:
    return sum(len(_MID_LINE_MARKER_RE.findall(text)) for text in texts)


@settings(max_examples=300, deadline=None)
@given(st.lists(_TEXTS, max_size=8))
def test_mid_line_markers_of_joined_lines_are_those_of_each_line(texts):
    assert len(_MID_LINE_MARKER_RE.findall(_LINE_JOINT.join(texts))) == _mid_line_markers_line_by_line(texts)


def test_mid_line_markers_of_the_joined_lines_of_plans_are_those_of_each_line():
    for text in _corpus_texts():
        lines = text.split("\n")
        assert len(_MID_LINE_MARKER_RE.findall(_LINE_JOINT.join(lines))) == _mid_line_markers_line_by_line(lines)


@settings(max_examples=300, deadline=None)
@given(_TEXTS, st.integers(0, 60), st.integers(0, 60))
def test_the_shared_unit_words_of_a_span_are_read_in_the_texts_one_view(text, a, b):
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    in_view = _SHARED_UNIT_WORDS_RE.search(label_view(text), start, end) is not None
    assert in_view == (_SHARED_UNIT_WORDS_RE.search(label_view(text[start:end])) is not None)


def test_tasks_of_a_part_closed_by_a_shared_unit_line_take_its_units():
    from plancheck.plans.document import Line
    from plancheck.plans.splitting import split_stream
    from plancheck.plans.stream import build_stream

    lines = ["一、加强领导", "1.完善学法制度。", "2.開展述法工作。", "以上任務牽頭單位:县司法局;配合单位:各乡镇",
             "二、推进改革", "3.深化执法改革。牵头单位:县公安局"]
    tasks = split_stream(build_stream([Line(text, None, n) for n, text in enumerate(lines, start=1)])).tasks
    assert [task.unit_source for task in tasks] == ["shared", "shared", "own"]
    assert tasks[0].unit_fields == tasks[1].unit_fields == (("牵头单位", "县司法局"), ("配合单位", "各乡镇"))
    assert "以上" not in tasks[1].body


def test_a_shared_unit_line_is_still_found():
    segment = "开展普法宣传。\n以上任务牵头单位:县司法局;责任单位:各乡镇"
    line_start, region = _shared_unit_line(segment, True)
    assert segment[line_start:].startswith("以上任务") and region.fields[0] == ("牵头单位", "县司法局")


def test_a_mid_line_marker_after_a_closing_bracket_is_counted_once():
    assert len(_MID_LINE_MARKER_RE.findall("开展工作。(一)(二)加强领导;1.推进")) == 3


def test_a_paragraph_stream_starts_each_line_after_the_last():
    from plancheck.plans.document import Line
    from plancheck.plans.stream import build_stream

    for text in _corpus_texts():
        stream = build_stream([Line(line, None, number) for number, line in enumerate(text.split("\n"), start=1)])
        assert stream.paragraph_mode
        pieces = stream.text.split("\n")
        assert list(stream.starts) == [sum(len(piece) + 1 for piece in pieces[:i]) for i in range(len(pieces))]
        assert [stream.origin(start)[1] for start in stream.starts] == list(stream.lines)
        assert len(pieces) == len(stream.lines) == len(stream.pages)
    assert build_stream([]).starts == ()
