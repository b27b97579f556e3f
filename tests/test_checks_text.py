"""The text helpers the rules share: the stretch between punctuation marks around a span."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from plancheck.checks.text import between_marks, sentence_at

CLAUSE_MARKS = ",,;;。:!?"


@st.composite
def texts_with_spans(draw):
    text = draw(st.text(alphabet="年度达到95%不少于次,,;;。:!?\n", max_size=40))
    start = draw(st.integers(0, len(text)))
    return text, start, draw(st.integers(start, len(text)))


@settings(max_examples=500, deadline=None, derandomize=True, database=None)
@given(texts_with_spans(), st.sampled_from([CLAUSE_MARKS, "。;;!!??"]))
def test_between_marks_is_the_last_mark_before_and_the_first_after(case, marks):
    text, start, end = case
    left = max(text.rfind(ch, 0, start) for ch in marks) + 1
    right = min([i for ch in marks if (i := text.find(ch, end)) != -1], default=len(text))
    assert between_marks(text, start, end, marks) == (left, right)


def test_sentence_at_keeps_its_closing_mark():
    text = "全年开展培训不少于4次。办复率达到100%;其他工作"
    assert sentence_at(text, text.index("100%")) == "办复率达到100%;"
    assert sentence_at(text, text.index("其他")) == "其他工作"
    assert sentence_at(text, 0, 2) == "全年开展培训不少于4次。"
