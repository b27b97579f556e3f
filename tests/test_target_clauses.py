"""How targets pick and match clauses: the screen never drops a clause the Matcher finds a target in,
clauses matched together in one Doc match as each alone, the runs of pattern words match as the whole Doc,
a target read in its clause reads as in its whole text, and a clause seen before is not matched again.

Matches are generated from TARGET_PATTERNS themselves (every pattern, token by token: a word of an `IN`
list, a text its `REGEX` matches, its literal `TEXT`, optional tokens present or not), set inside some
plan text, so a pattern added later is tested without anyone writing its examples.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plancheck.plans.nlp import chinese_pipeline
from plancheck.plans.targets import (
    _CLAUSE_JOINT,
    _MAY_HOLD_TARGET,
    TARGET_PATTERNS,
    _clauses,
    _match_joined,
    _matcher,
    _pattern_words,
    _target_matches,
)

_ALL_PATTERNS = [(label, pattern) for label, patterns in TARGET_PATTERNS.items() for pattern in patterns]
_CONTEXT = st.sampled_from(["", "组织", "开展法治培训", "县司法局", "确保", "全县", "行政执法案卷评查"])


def _token_text(token: dict) -> st.SearchStrategy[str]:
    value = token["TEXT"]
    if isinstance(value, str):
        return st.just(value)
    if "IN" in value:
        return st.sampled_from(value["IN"])
    return st.from_regex(value["REGEX"], fullmatch=True).filter(lambda text: text.strip() == text and text)


@st.composite
def _pattern_match(draw: st.DrawFn) -> str:
    _, pattern = draw(st.sampled_from(_ALL_PATTERNS))
    words = []
    for token in pattern:
        if token.get("OP") == "?" and not draw(st.booleans()):
            continue
        words.append(draw(_token_text(token)))
    return draw(_CONTEXT) + "".join(words) + draw(_CONTEXT)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_pattern_match())
def test_the_screen_keeps_every_clause_with_a_target(clause):
    found = _matcher()(chinese_pipeline().make_doc(clause))
    if found:  # (jieba may cut a generated match differently; then there is nothing to keep)
        assert _MAY_HOLD_TARGET.search(clause), clause


def test_no_pattern_token_accepts_the_clause_joint():
    from spacy.matcher import Matcher

    doc = chinese_pipeline().make_doc(_CLAUSE_JOINT)
    for _, pattern in _ALL_PATTERNS:
        for token in pattern:
            matcher = Matcher(doc.vocab)
            matcher.add("token", [[{key: value for key, value in token.items() if key != "OP"}]])
            assert not matcher(doc), token


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_pattern_match() | _CONTEXT, min_size=1, max_size=6))
def test_clauses_matched_together_match_as_each_alone(clauses):
    assert _match_joined(clauses) == [_match_joined([clause])[0] for clause in clauses]


def test_clauses_of_real_plans_match_together_as_each_alone():
    from pathlib import Path

    from plancheck.plans import load_plan

    examples = sorted((Path(__file__).parents[1] / "plancheck" / "plans" / "examples").glob("*.txt"))
    assert examples
    clauses = list(dict.fromkeys(clause for path in examples for task in load_plan(path).tasks
                                 for _, clause in _clauses(task.text)))
    assert len(clauses) > 10
    assert _match_joined(clauses) == [_match_joined([clause])[0] for clause in clauses]


def _whole_doc_matches(doc) -> list[tuple[str, int, int]]:
    """The Matcher run over every word of doc, as targets did before it kept to the runs of pattern words."""
    return [(span.label_, span.start_char, span.end_char) for span in _matcher()(doc, as_spans=True)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_pattern_match() | _CONTEXT | st.sampled_from([" ", "  ", "\n", "\t"]), min_size=1, max_size=6))
def test_runs_of_pattern_words_match_as_the_whole_doc(clauses):
    doc = chinese_pipeline().make_doc(_CLAUSE_JOINT.join(clauses))
    assert _target_matches(doc) == _whole_doc_matches(doc)


def test_runs_of_pattern_words_of_real_plans_match_as_the_whole_doc(corpus_plans):
    texts = [task.text for plan in corpus_plans for task in plan.tasks]
    docs = [chinese_pipeline().make_doc(text) for text in texts]
    found = [_target_matches(doc) for doc in docs]
    assert sum(map(len, found)) > 100
    assert found == [_whole_doc_matches(doc) for doc in docs]


def test_a_word_is_a_pattern_word_when_a_pattern_token_accepts_it():
    doc = chinese_pipeline().make_doc("年底前组织培训不少于3次,完成率达到95%")
    words = [token.text for token in doc]
    flags = _pattern_words(doc, [token.orth for token in doc])
    assert {"年底前", "不少于", "3", "次", "达到", "95%"} <= {w for w, used in zip(words, flags) if used}
    assert not {"组织", "培训", ",", "完成率"} & {w for w, used in zip(words, flags) if used}
    assert _pattern_words(doc, [token.orth for token in doc]) == flags  # (now read from the cache)


def test_runs_of_pattern_words_seen_before_are_not_matched_again(monkeypatch):
    from plancheck.plans import targets

    first = _target_matches(chinese_pipeline().make_doc("年底前组织培训不少于3次"))
    monkeypatch.setattr(targets, "_match_runs", lambda vocab, runs: pytest.fail(f"matched again: {runs}"))
    again = _target_matches(chinese_pipeline().make_doc("全年开展专项检查不少于3次,年底前"))
    assert {label for label, _, _ in first} == {label for label, _, _ in again} == {"deadline", "count"}


def test_clauses_seen_before_are_not_matched_again(monkeypatch):
    from plancheck.plans import targets

    texts = ["每季度组织两次法治培训,年底前完成率达到95%。", "开展案卷评查,6月底前全覆盖。"]
    first = targets.extract_targets(texts, 2025)
    monkeypatch.setattr(targets, "_match_joined", lambda clauses: pytest.fail(f"matched again: {clauses}"))
    assert targets.extract_targets(texts, 2025) == first
    assert [t.kind for t in first[0]] == ["frequency", "count", "deadline", "percent"]


def _targets_read_in_whole_texts(texts: list[str], plan_year: int | None) -> list[tuple]:
    """extract_targets as it read each target in its whole text, before targets were read clause by clause."""
    from plancheck.plans import targets

    read = []
    for text in texts:
        found = []
        covered_until = -1
        for offset, clause in _clauses(text):
            for label, start, end in _match_joined([clause])[0]:
                if offset + start < covered_until:
                    continue
                covered_until = offset + end
                found.append(targets._normalise(label, clause[start:end], text, offset + start, plan_year))
        read.append(tuple(found))
    return read


_MARK = st.sampled_from([",", ",", ";", "。", ":", "、", "", " ", "\n", "组织", "开展专项检查", "达到", "以上", "2025年"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_pattern_match() | _MARK, min_size=1, max_size=8).map("".join), min_size=1, max_size=4),
       st.sampled_from([None, 2024, 2025]))
def test_targets_read_clause_by_clause_read_as_in_the_whole_text(texts, plan_year):
    from plancheck.plans.targets import extract_targets

    assert extract_targets(texts, plan_year) == _targets_read_in_whole_texts(texts, plan_year)


def test_targets_of_real_plans_read_clause_by_clause_read_as_in_the_whole_text(corpus_plans):
    from plancheck.plans.targets import extract_targets

    for plan in corpus_plans:
        texts = [task.text for task in plan.tasks]
        read = extract_targets(texts, plan.year)
        assert read == _targets_read_in_whole_texts(texts, plan.year)
        assert read == [task.targets for task in plan.tasks]
    assert sum(len(task.targets) for plan in corpus_plans for task in plan.tasks) > 100
