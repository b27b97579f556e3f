"""Issue 12: every generated task is found once, in order, with its number, its units and its whole body.

The documents come from `plan_variants.py`: one test per layout axis and one slow test drawing all axes
together. Each axis is drawn with the share of tasks that carry units (0%, 40%, 100%): a reader that
leans on unit blocks to end a task passes every axis at 100%. Other axes keep the plain layout's values. Examples are
derandomized and no example database is kept, so CI runs the same examples every time.
"""
from __future__ import annotations

import re
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, currently_in_test_context, example, given, note, settings
from plan_variants import ExpectedTask, Layout, Variant, render, variants

from plancheck.plans import Task, load_plan


def _axis_settings(examples: int) -> settings:
    """Reproducible settings: a fixed seed, no example database, no per-example deadline (the first
    example loads the language model)."""
    return settings(max_examples=examples, derandomize=True, database=None, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


AXIS = _axis_settings(300)


def compact(text: str) -> str:
    """The matching form: NFKC (the reader folds full-width punctuation), no white space."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def expected_reading(task: ExpectedTask, found_text: str) -> tuple:
    """What the reader must return for a task. A title printed on its own line may be joined to its body
    with a `。`; any other change of the text is a lost or foreign piece."""
    text = compact(task.text)
    joined = compact(task.title + "。" + task.text[len(task.title):])
    if task.title_alone and compact(found_text) == joined:
        text = joined
    return (compact(task.number), tuple(map(compact, task.lead)), tuple(map(compact, task.responsible)), text)


def reading(task: Task) -> tuple:
    """What the reader returned for a task, in the form of `expected_reading`."""
    return (compact(task.number), tuple(map(compact, task.lead_units)),
            tuple(map(compact, task.responsible_units)), compact(task.text))


def assert_read_as_generated(variant: Variant) -> None:
    """load_plan finds the generated tasks, each once and in order, and nothing else."""
    if currently_in_test_context():  # the failing example's document, printed by hypothesis
        note(variant.text)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / variant.file_name
        path.write_text(variant.text, encoding="utf-8")
        plan = load_plan(path)
    found = [reading(task) for task in plan.tasks]
    expected = [expected_reading(task, plan.tasks[i].text if i < len(plan.tasks) else "")
                for i, task in enumerate(variant.expected)]
    assert [f[0] for f in found] == [e[0] for e in expected], "task numbers"
    for got, wanted in zip(found, expected):
        assert got == wanted, f"task {wanted[0]}: (number, lead, responsible, text)"


def test_plain_layout_is_read_exactly() -> None:
    """The generator's baseline: the whole bank, bracketed units, `一、`>`(一)`."""
    variant = render(Layout())
    assert len(variant.expected) == 30
    assert_read_as_generated(variant)


@_axis_settings(200)
@given(variants(axes=("unit_share", "unit_style", "numbering", "intro", "closing", "title_alone"), excerpt=None,
                optional=("wrap_width", "page_lines", "table", "table_sections", "placeholder", "traditional")))
def test_generated_text_holds_every_expected_piece(variant: Variant) -> None:
    """The generator itself: each expected body and unit is printed in the document, in order."""
    document = compact(re.sub(r"(?m)^- \d+ -$", "", variant.text))  # page markers stand between lines
    position = 0
    for task in variant.expected:
        for piece in (task.text, *task.lead, *task.responsible):
            position = document.index(compact(piece), position)
    assert all(task.text.startswith(task.title) for task in variant.expected)


# ---- one axis at a time -------------------------------------------------------------------------------

@AXIS
@given(variants(axes=("unit_share", "unit_style")))
def test_unit_labels(variant: Variant) -> None:
    """0%, 40% or 100% of the tasks carry units, as a bracketed block, a label line or `(X牵头,Y配合)`."""
    assert_read_as_generated(variant)


@AXIS
@given(variants(axes=("numbering", "intro", "closing", "unit_share")))
def test_numbering_and_parts(variant: Variant) -> None:
    """`一、`>`1.` continuous, `一、`>`(一)` per section or `一、`>`(一)`>`1.`; an intro `一、总体要求` with
    plain or numbered paragraphs and a closing `保障措施` with numbered paragraphs hold no tasks. The task
    level must be found whether 0%, 40% or 100% of the tasks carry units."""
    assert_read_as_generated(variant)


@AXIS
@given(variants(axes=("numbering", "unit_share"), excerpt=True))
def test_partial_excerpt(variant: Variant) -> None:
    """An excerpt starting at task k > 1, without title or the heading above its first task."""
    assert_read_as_generated(variant)


@AXIS
@given(variants(axes=("title_alone", "unit_style", "unit_share")))
def test_title_on_its_own_line(variant: Variant) -> None:
    """A title alone on its line keeps the body paragraphs that follow it, up to its units."""
    assert_read_as_generated(variant)


@AXIS
@given(variants(axes=("wrap_width", "page_lines", "unit_style", "unit_share")))
# A short wrapped document, which the derandomized draws seldom reach.
@example(render(Layout(kind="scheme", sections=2, group_size=1, unit_share=0.0, wrap_width=37)))
def test_wrapped_pdf_lines(variant: Variant) -> None:
    """Hard line breaks every 30-40 characters and `- N -` page markers between lines, as PDF text has them."""
    assert_read_as_generated(variant)


@AXIS
@given(variants(axes=("table", "table_sections", "placeholder", "unit_share")))
def test_flattened_table(variant: Variant) -> None:
    """A 序号/工作任务/牵头单位/责任单位 table flattened to one cell per line; section rows inside it; an
    unlabelled task's unit cells hold a placeholder (`—`, `无`, `/`)."""
    assert_read_as_generated(variant)


@AXIS
@given(variants(axes=("traditional", "unit_style", "unit_share", "intro")))
def test_traditional_characters(variant: Variant) -> None:
    """The whole document in traditional characters (converted with OpenCC, s2tw), its `總體要求` part too."""
    assert_read_as_generated(variant)


# ---- all axes together --------------------------------------------------------------------------------

@pytest.mark.slow
@_axis_settings(1500)
@given(variants(axes=("unit_share", "unit_style", "numbering", "intro", "closing", "title_alone"), excerpt=None,
                optional=("wrap_width", "page_lines", "table", "table_sections", "placeholder", "traditional")))
def test_all_axes_combined(variant: Variant) -> None:
    """Any layout: the axes interact (few labelled tasks under an intro part, a wrapped excerpt …)."""
    assert_read_as_generated(variant)
