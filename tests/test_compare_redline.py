"""Redlines: whole values change as a whole, sentences are reported once, renumbering is no change."""
from __future__ import annotations

from pathlib import Path

import pytest

from plancheck.compare.redline import redline, word_diff
from plancheck.compare.tokens import segment


def changes(spans):
    return [(s.op, s.text) for s in spans if s.op != 0]


def test_percentage_changes_as_one_value():
    spans = word_diff("合法性审查率达到95%以上。", "合法性审查率达到98%以上。")
    assert changes(spans) == [(-1, "95%"), (1, "98%")]


def test_year_changes_as_one_value():
    spans = word_diff("2023年底前完成预案修订。", "2024年底前完成预案修订。")
    assert changes(spans) == [(-1, "2023年"), (1, "2024年")]


def test_count_with_unit_changes_as_one_value():
    spans = word_diff("集中培训不少于3次。", "集中培训不少于12次。")
    assert changes(spans) == [(-1, "3次"), (1, "12次")]


def test_numbers_are_single_tokens():
    assert "2024年" in segment("2024年6月底前完成")
    assert "95.5%" in segment("办结率达到95.5%")


def test_pdf_spaces_are_not_changes():
    assert changes(redline("不少于 2 次", "不少于2次").spans) == []


def test_renumbering_alone_is_not_a_change():
    line = redline("11.提升行政复议工作质效。规范案件办理。", "12.提升行政复议工作质效。规范案件办理。")
    assert changes(line.spans) == [] and line.sentences == ()


def test_sentence_view_reports_changed_added_removed():
    old = "加强行政执法队伍建设。年内培训不少于3次。严格资格管理。"
    new = "加强行政执法队伍建设。年内培训不少于2次。推行执法人员轮岗交流。"
    result = {(c.change, c.old, c.new) for c in redline(old, new).sentences}
    assert result == {
        ("changed", "年内培训不少于3次。", "年内培训不少于2次。"),
        ("added", "", "推行执法人员轮岗交流。"),
        ("removed", "严格资格管理。", ""),
    }


def test_spans_rebuild_both_texts():
    old, new = "深化“放管服”改革,推进“证照分离”。", "持续深化“放管服”改革,全面推进“证照分离”改革。"
    spans = word_diff(old, new)
    assert "".join(s.text for s in spans if s.op <= 0) == old
    assert "".join(s.text for s in spans if s.op >= 0) == new


def test_native_and_reference_diff_engines_agree_on_the_example_plans():
    """The C++ engine is only an accelerator: on every aligned pair of the bundled example it gives
    exactly the spans of the reference Python diff-match-patch."""
    pytest.importorskip("fast_diff_match_patch", reason="the native diff engine is not installed here")
    from plancheck.compare import analyse
    from plancheck.compare.features import normalised_text
    from plancheck.compare.redline import diff_engine
    from plancheck.plans import load_plan

    examples = Path(__file__).resolve().parents[1] / "plancheck" / "plans" / "examples"
    baseline = load_plan(examples / "plan_2024.txt", kind="annual")
    draft = load_plan(examples / "plan_2025.txt", kind="annual")
    native, reference = diff_engine(), diff_engine(prefer_native=False)
    assert native is not reference
    compared = changed = 0
    for row in analyse(draft, baseline).alignment:
        old = normalised_text(baseline.tasks[row.baseline - 1])
        new = normalised_text(draft.tasks[row.draft - 1])
        # Characters stand in for tokens, as word_diff encodes them.
        codes: dict[str, str] = {}
        a, b = ("".join(codes.setdefault(t, chr(0x100 + len(codes))) for t in segment(text)) for text in (old, new))
        assert native(a, b) == [tuple(d) for d in reference(a, b)]
        compared += 1
        changed += old != new
    assert compared >= 20 and changed >= 5


def _aligned_texts(plans):
    """The normalised texts of every aligned pair of the corpus localities (baseline, draft) and of the
    bundled example plans."""
    from plancheck.compare.align import align_years
    from plancheck.compare.features import prepare

    annual = [p for p in plans if p.tasks and "scheme" not in Path(p.path).name]
    pairs = []
    for baseline, draft in zip(annual[::2], annual[1::2]):
        old, new = prepare(baseline.tasks).texts, prepare(draft.tasks).texts
        pairs += [(old[r.baseline - 1], new[r.draft - 1]) for r in align_years(baseline, draft).alignment]
    return pairs


def _one_pair_matches(old_bare, new_bare):
    """The sentence matches of one pair computed on their own: every ratio, then the optimal assignment."""
    import numpy as np
    from rapidfuzz import fuzz, process

    from plancheck.compare.assignment import best_pairs
    from plancheck.compare.redline import SENTENCE_MATCH

    if not old_bare or not new_bare:
        return {}
    sim = process.cdist(old_bare, new_bare, scorer=fuzz.ratio, dtype=np.float32) / 100.0
    return dict(best_pairs(sim, SENTENCE_MATCH))


def test_sentences_matched_together_are_matched_as_one_pair_alone(corpus_plans):
    """All pairs' sentences scored in one call, and candidates taken as they are where no sentence has two,
    give each pair the matches of its own full ratio matrix and assignment."""
    from plancheck.compare.redline import _bare, _match_sentences
    from plancheck.compare.tokens import sentences

    pairs = _aligned_texts(corpus_plans)
    pairs += [
        ("", "推进依法行政。"), ("推进依法行政。", ""), ("", ""), ("。。", "。"),
        # Two old sentences near one new one and the reverse: the assignment decides.
        ("加强行政执法队伍建设。加强行政执法队伍管理。", "加强行政执法队伍建设管理。"),
        ("规范行政裁量权基准。", "规范行政裁量权基准制度。规范行政裁量基准。严格执法。"),
    ]
    bare = [([_bare(s.strip()) for s in sentences(old)], [_bare(s.strip()) for s in sentences(new)])
            for old, new in pairs]
    together = _match_sentences(bare)
    assert together == [_one_pair_matches(old, new) for old, new in bare]
    assert len(pairs) > 150 and sum(map(len, together)) > 300
    # Both ways were taken: pairs whose candidates are the matches, and pairs that needed the assignment.
    contested = [_contested(old, new) for old, new in bare]
    assert contested.count(True) >= 2 and contested.count(False) > 100


def _contested(old_bare, new_bare):
    """Whether some sentence of the pair has two candidates above the threshold."""
    from rapidfuzz import fuzz

    from plancheck.compare.redline import SENTENCE_MATCH

    above = [[fuzz.ratio(o, n) / 100.0 >= SENTENCE_MATCH for n in new_bare] for o in old_bare]
    return any(sum(row) > 1 for row in above) or any(sum(col) > 1 for col in zip(*above))


def test_a_text_against_itself_is_all_kept_without_diffing(corpus_plans):
    """The shortcut for equal texts gives what the diff and the sentence matching give."""
    from plancheck.compare.model import Redline
    from plancheck.compare.redline import redlines, sentence_changes
    from plancheck.compare.tokens import normalise, strip_task_number

    texts = [task.text for plan in corpus_plans for task in plan.tasks]
    texts += ["", "。", "。。", "推进依法行政。推进依法行政。", "1. 2. 推进依法行政", "  ", "规范执法;规范执法;"]
    lines = redlines((t, t) for t in texts)
    for text, line in zip(texts, lines):
        same = strip_task_number(normalise(text))
        assert line == Redline(word_diff(same, same), sentence_changes(same, same)), text
    assert len(texts) > 500 and all(not line.sentences for line in lines)


def test_redlines_from_sentence_pieces_are_those_of_the_split_texts(corpus_plans):
    """`redlines` cuts each text into its analysed pieces once, for the tokens and the sentences; one pair at
    a time, `word_diff` segments the texts and `sentence_changes` splits them on sentence ends."""
    from plancheck.compare.model import Redline
    from plancheck.compare.redline import redlines, sentence_changes
    from plancheck.compare.tokens import normalise, strip_task_number

    pairs = _aligned_texts(corpus_plans)
    pairs += [
        ("", "推进依法行政。"), ("推进依法行政。", ""), ("。。", "。"), ("推进依法行政。 ;", "推进依法行政"),
        ("规范执法; ;规范执法。", "规范执法。\n规范执法"), ("Open Data 平台。上线", "Open Data平台;上线。"),
    ]
    lines = redlines(pairs)
    edited = 0
    for (old, new), line in zip(pairs, lines):
        old, new = strip_task_number(normalise(old)), strip_task_number(normalise(new))
        assert line == Redline(word_diff(old, new), sentence_changes(old, new)), (old, new)
        edited += old != new
    assert edited > 100 and sum(len(line.sentences) for line in lines) > 100


def test_bare_sentence_is_the_sentence_less_its_trailing_marks_and_space(corpus_plans):
    """`_bare` strips what the end-anchored pattern of terminators and white space removes."""
    import re

    from plancheck.compare.redline import _bare
    from plancheck.compare.tokens import sentences

    pattern = re.compile(r"[。;;!?!?\s]+$")
    cases = [s for plan in corpus_plans for task in plan.tasks for s in sentences(task.text)]
    cases += ["", "。", " 。 ", "推进。 ;\n", "推进\u3000。", "推进;x", "a b", "推进!?", "推进。\n", "\n"]
    for sentence in cases:
        assert _bare(sentence) == pattern.sub("", sentence), sentence
    assert len(cases) > 1000


def _decoded_diff(old_tokens, new_tokens):
    """The word diff as the texts of the diff's runs decode it: each code back to its token."""
    from itertools import chain

    from diff_match_patch import diff_match_patch

    from plancheck.compare.model import DiffSpan
    from plancheck.compare.redline import DIFF_SECONDS
    from plancheck.compare.tokens import token_codes

    distinct = list(dict.fromkeys(chain(old_tokens, new_tokens)))
    codes = token_codes(len(distinct))
    code = dict(zip(distinct, codes))
    dmp = diff_match_patch()
    dmp.Diff_Timeout = DIFF_SECONDS
    diffs = dmp.diff_main("".join(code[t] for t in old_tokens), "".join(code[t] for t in new_tokens), False)
    dmp.diff_cleanupSemantic(diffs)
    token_of = dict(zip(codes, distinct))
    return tuple(DiffSpan(op, "".join(token_of[c] for c in chars)) for op, chars in diffs if chars)


def test_diff_runs_read_by_position_are_the_decoded_runs(corpus_plans):
    """A run's text read from its stretch of old or new tokens is the text its codes decode to."""
    from plancheck.compare.redline import _token_diff
    from plancheck.compare.tokens import normalise, strip_task_number

    pairs = _aligned_texts(corpus_plans)[:120]
    pairs += [("", "推进依法行政。"), ("推进依法行政。", ""), ("", ""), ("推进推进推进", "推进")]
    edited = 0
    for old, new in pairs:
        old_tokens = segment(strip_task_number(normalise(old)))
        new_tokens = segment(strip_task_number(normalise(new)))
        assert _token_diff(old_tokens, new_tokens) == _decoded_diff(old_tokens, new_tokens), (old, new)
        edited += old != new
    assert edited > 30
