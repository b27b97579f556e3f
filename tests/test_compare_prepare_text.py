"""Preparing a plan's features normalises each title once (for its text and for itself) and each section
heading once for all its tasks, and cuts texts into sentence pieces by matching them rather than splitting
on a look-behind. The features must be those the per-task functions give, and the pieces those of the split:
on the benchmark corpus's plans, the bundled examples, generated plans and random texts.
"""
from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st
from plan_variants import variants

# Sentence ends, characters around them, white space and line breaks.
_TEXT = st.text(alphabet=st.sampled_from(list("。;;!?!?，、 \n\t加强行政执法1.(一)“”《》ab")), max_size=60)


def _split_pieces(text: str) -> list[str]:
    """The pieces as the look-behind split cuts them, empty ones left out."""
    from plancheck.compare.tokens import _SENTENCE_END

    return [piece for piece in _SENTENCE_END.split(text) if piece]


def _assert_features_are_the_per_task_ones(tasks) -> None:
    from plancheck.compare.features import _prepare, normalised_text, normalised_title, section_title

    features = _prepare.__wrapped__(tuple(tasks))
    assert features.texts == tuple(normalised_text(t) for t in tasks)
    assert features.titles == tuple(normalised_title(t) for t in tasks)
    assert features.sections == tuple(section_title(t) for t in tasks)
    assert all(tuple(s.text for s in pieces) == tuple(_split_pieces(text))
               for pieces, text in zip(features.sentences, features.texts))


def test_features_of_corpus_plans_are_the_per_task_ones(corpus_plans):
    for plan in corpus_plans:
        _assert_features_are_the_per_task_ones(plan.tasks)


@settings(max_examples=25, deadline=None, derandomize=True, database=None)
@given(variants(optional=("unit_share", "unit_style", "numbering")))
def test_features_of_generated_plans_are_the_per_task_ones(variant):
    _assert_features_are_the_per_task_ones(variant.read().tasks)


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(st.lists(st.tuples(_TEXT, _TEXT, st.sampled_from(["", "一、深化行政执法", "二、 推进政务公开。", "(三)监督"])),
                min_size=1, max_size=6))
def test_features_of_random_tasks_are_the_per_task_ones(fields):
    from test_checks_plans import task

    tasks = [replace(task(k + 1, "任务"), title=title, text=text, section=section)
             for k, (title, text, section) in enumerate(fields)]
    _assert_features_are_the_per_task_ones(tasks)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(_TEXT)
def test_sentence_pieces_are_those_of_the_split(text):
    from plancheck.compare.tokens import _PIECE, analysed_sentences, segment

    assert _PIECE.findall(text) == _split_pieces(text)
    assert "".join(segment(text)) == text
    assert tuple(s.text for s in analysed_sentences(text)) == tuple(_split_pieces(text))
