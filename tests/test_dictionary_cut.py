"""The two cuts of `plans.nlp` give jieba's words, word for word: compare's dictionary-only cut
(`dictionary_cut`, as `jieba.lcut(text, HMM=False)`) and the targets' cut with jieba's HMM (`hmm_cut`, as
`jieba.lcut(text)`, and the spaCy Doc made of it, `chinese_doc`, as spaCy's own `make_doc`).

Where jieba_fast_dat is installed the first is its compiled cut over jieba's dictionary and the second
jieba's cut over its compiled word graph and route; these tests hold them to jieba on every kind of text a
review segments: the benchmark corpus and the bundled examples, the layout zoo, the shared sample sets and
the real 2022 plan when present, generated layouts, and random texts of plan characters.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SHARED
from hypothesis import given, settings
from hypothesis import strategies as st
from plan_variants import variants

ROOT = Path(__file__).resolve().parents[1]


def _jieba_words():
    """(dictionary_cut, jieba's dictionary-only cut)."""
    import jieba

    from plancheck.plans.nlp import dictionary_cut, register_domain_words

    register_domain_words()  # jieba's own dictionary, with the words the cuts know
    return dictionary_cut(), lambda text: jieba.lcut(text, HMM=False)


def _jieba_hmm_words():
    """(hmm_cut, jieba's cut with its HMM, empty words left out as spaCy leaves them)."""
    import jieba

    from plancheck.plans.nlp import hmm_cut, register_domain_words

    register_domain_words()
    return hmm_cut(), lambda text: [word for word in jieba.lcut(text) if word]


def _both_cuts():
    return _jieba_words(), _jieba_hmm_words()


def _lines(paths) -> list[str]:
    return [line for path in paths for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_cut_is_the_compiled_one_where_installed():
    pytest.importorskip("jieba_fast_dat", reason="jieba_fast_dat is not installed here: jieba itself cuts")
    cut, _ = _jieba_words()
    assert "jieba_fast_dat" in type(cut.func.__self__).__module__


def test_plans_at_hand_are_cut_as_jieba_cuts_them(corpus_plans):
    texts = [task.text for plan in corpus_plans for task in plan.tasks]
    texts += _lines(sorted((ROOT / "tests" / "zoo").rglob("*.txt")))
    texts += _lines(sorted((ROOT / "plancheck" / "plans" / "examples").glob("*.txt")))
    assert len(texts) > 2000
    for cut, jieba_cut in _both_cuts():
        for text in texts:
            assert cut(text) == jieba_cut(text), text


def test_shared_plans_are_cut_as_jieba_cuts_them():
    if not (SHARED / "samples").is_dir():
        pytest.skip("../shared (sample sets and the real 2022 plan) is not present on this machine")
    texts = _lines(sorted(SHARED.rglob("*.txt")))
    assert len(texts) > 200
    for cut, jieba_cut in _both_cuts():
        for text in texts:
            assert cut(text) == jieba_cut(text), text


@settings(max_examples=60, deadline=None)
@given(variants(optional=("unit_share", "unit_style", "numbering")))
def test_generated_layouts_are_cut_as_jieba_cuts_them(variant):
    for cut, jieba_cut in _both_cuts():
        for line in variant.text.splitlines():
            assert cut(line) == jieba_cut(line), line


def test_the_targets_doc_is_spacys_own(corpus_plans):
    from plancheck.plans.nlp import chinese_doc, chinese_pipeline

    texts = [task.text for plan in corpus_plans for task in plan.tasks]
    texts += ["  审核率达到 100% ,\n每季度不少于1次。\t", "A级纳税人占比98.5%以上", ""]
    nlp = chinese_pipeline()
    for text in texts:
        ours, spacys = chinese_doc(text), nlp.make_doc(text)
        assert [(t.text, t.whitespace_) for t in ours] == [(t.text, t.whitespace_) for t in spacys], text
        assert ours.text == text


# Characters plans are written in, ASCII letters and digits, the marks jieba splits on and those it keeps
# inside a run (. % - + # &), and white space.
_PLAN_CHARACTERS = st.sampled_from(
    list("法治政府建设行政执法复议应诉规范性文件审查县司法局乡镇人民政府年底前完成率达到以上不少于每季度一次")
    + list("B超AI2024年95.5%ABCxyz0123456789") + list(",。;、:“”《》()()-+#& \t\n")
)


# A run that repeats itself (治治治, a square `xx` inside a run jieba cuts) can be cut two ways of exactly
# equal score (治治 治 or 治 治治): jieba takes the longer word first, jieba_fast_dat the shorter, and jieba's
# HMM then sees other single characters. Only such runs may be cut otherwise; no plan at hand holds one.
_SQUARE_IN_RUN = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+)\1")


@settings(max_examples=500, deadline=None)
@given(st.lists(_PLAN_CHARACTERS, max_size=80).map("".join))
def test_random_texts_are_cut_as_jieba_cuts_them_but_for_exact_ties(text):
    for cut, jieba_cut in _both_cuts():
        ours, jiebas = cut(text), jieba_cut(text)
        if _SQUARE_IN_RUN.search(text):
            assert "".join(ours) == "".join(jiebas)
        else:
            assert ours == jiebas


def test_an_exact_tie_is_the_one_difference():
    pytest.importorskip("jieba_fast_dat", reason="jieba_fast_dat is not installed here: jieba itself cuts")
    cut, jieba_cut = _jieba_words()
    assert jieba_cut("治治治") == ["治治", "治"]
    assert cut("治治治") == ["治", "治治"]
    hmm_cut, jieba_hmm_cut = _jieba_hmm_words()
    assert hmm_cut("治治治") == ["治", "治治"] and jieba_hmm_cut("治治治") == ["治治", "治"]


def test_the_compiled_dictionary_totals_the_frequencies_as_jieba():
    """Every route is scored against the total: jieba_fast_dat's is set to jieba's, duplicate lines and
    domain words included."""
    pytest.importorskip("jieba_fast_dat", reason="jieba_fast_dat is not installed here: jieba itself cuts")
    import jieba

    from plancheck.plans.nlp import dictionary_version, register_domain_words

    register_domain_words()
    assert dictionary_version() == jieba.dt.total


_REVIEW = """
import sys
if sys.argv[1] == "without":
    sys.modules["jieba_fast_dat"] = None  # as on a platform it has no build for
from plancheck.cli import main
main(["check", *sys.argv[2:]])
"""


def test_a_review_without_the_compiled_jieba_is_the_same(tmp_path):
    """Where jieba_fast_dat has no build (Windows), jieba itself cuts: the same report."""
    pytest.importorskip("jieba_fast_dat", reason="jieba_fast_dat is not installed here: jieba itself cuts")
    import subprocess
    import sys

    examples = ROOT / "plancheck" / "plans" / "examples"
    reports = {}
    for how in ("with", "without"):
        reports[how] = tmp_path / f"{how}.json"
        subprocess.run([sys.executable, "-c", _REVIEW, how, str(examples / "plan_2025.txt"),
                        "--baseline", str(examples / "plan_2024.txt"), "--scheme", str(examples / "scheme_2021_2025.txt"),
                        "--json", str(reports[how])], check=True, cwd=tmp_path, capture_output=True, timeout=120)
    with_fast = reports["with"].read_text(encoding="utf-8")
    assert '"tasks"' in with_fast
    assert with_fast == reports["without"].read_text(encoding="utf-8")
