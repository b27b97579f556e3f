"""Redlines of an aligned pair: a word-level diff and a sentence-level list of changes.

The word diff works like diff-match-patch's line mode, one level down: each jieba token becomes one
private character (`diff_linesToChars` style), `diff_main` and `diff_cleanupSemantic` run on those
characters, and the result is decoded. A token is never cut, so `95%` -> `98%` or `2023年` -> `2024年`
shows as one whole value replaced. Leading task numbers are stripped first: renumbering is not a change.

The diff runs in `fast_diff_match_patch` (Google's C++ diff-match-patch) where it is installed, about ten
times quicker than the reference Python `diff_match_patch`, which is used otherwise. Both implement the
same algorithm and give the same spans (`tests/test_compare_redline.py` holds them to it).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from itertools import chain

from .model import DiffSpan, Redline, SentenceChange
from .tokens import normalise, segment, sentences, strip_task_number, token_codes

_TERMINATORS = re.compile(r"[。;;!?!?\s]+$")
# diff_main's deadline: past it the diff is still correct, only less minimal. Task texts diff in
# milliseconds; two 120,000-character tasks would otherwise take minutes (the bisection is quadratic).
DIFF_SECONDS = 2.0
# A new sentence is the changed version of an old one when they are at least this similar.
SENTENCE_MATCH = 0.6


def redline(old_text: str, new_text: str) -> Redline:
    """Both views of the difference between two task texts."""
    old = strip_task_number(normalise(old_text))
    new = strip_task_number(normalise(new_text))
    return Redline(word_diff(old, new), sentence_changes(old, new))


def word_diff(old: str, new: str) -> tuple[DiffSpan, ...]:
    """Token-level diff spans (op -1 deleted, 0 kept, 1 inserted), semantically cleaned up."""
    old_tokens, new_tokens = segment(old), segment(new)
    # Codes in order of first appearance, the old text's tokens first.
    distinct = dict.fromkeys(chain(old_tokens, new_tokens))
    codes = token_codes(len(distinct))
    code = dict(zip(distinct, codes)).__getitem__
    diffs = diff_engine()("".join(map(code, old_tokens)), "".join(map(code, new_tokens)))
    decode = dict(zip(map(ord, codes), distinct))
    return tuple(DiffSpan(op, chars.translate(decode)) for op, chars in diffs if chars)


DiffEngine = Callable[[str, str], list[tuple[int, str]]]


@cache
def diff_engine(prefer_native: bool = True) -> DiffEngine:
    """diff_main with a DIFF_SECONDS deadline, then diff_cleanupSemantic: (op, text) pairs, op -1, 0 or 1."""
    if prefer_native:
        try:
            import fast_diff_match_patch
        except ImportError:
            pass
        else:
            ops = {"-": -1, "=": 0, "+": 1}

            def native(a: str, b: str) -> list[tuple[int, str]]:
                diffs = fast_diff_match_patch.diff(a, b, timelimit=DIFF_SECONDS, checklines=False,
                                                   cleanup="Semantic", counts_only=False)
                return [(ops[op], text) for op, text in diffs]

            return native
    from diff_match_patch import diff_match_patch

    def reference(a: str, b: str) -> list[tuple[int, str]]:
        dmp = diff_match_patch()
        dmp.Diff_Timeout = DIFF_SECONDS
        diffs = dmp.diff_main(a, b, False)
        dmp.diff_cleanupSemantic(diffs)
        return diffs

    return reference


def sentence_changes(old: str, new: str) -> tuple[SentenceChange, ...]:
    """Sentences removed, added, or changed (matched to an old sentence above `SENTENCE_MATCH`)."""
    old_s = [s.strip() for s in sentences(old)]
    new_s = [s.strip() for s in sentences(new)]
    matches = _match_sentences(old_s, new_s)
    by_new = {j: i for i, j in matches.items()}
    keyed: list[tuple[float, SentenceChange]] = []
    for j, sentence in enumerate(new_s):
        i = by_new.get(j)
        if i is None:
            keyed.append((j, SentenceChange("added", "", sentence)))
        elif _bare(old_s[i]) != _bare(sentence):
            keyed.append((j, SentenceChange("changed", old_s[i], sentence)))
    for i, sentence in enumerate(old_s):
        if i not in matches:
            # Show a removed sentence right after the new sentence that took its predecessor's place.
            before = [matches[k] for k in range(i) if k in matches]
            keyed.append(((max(before) if before else -1) + 0.5, SentenceChange("removed", sentence, "")))
    keyed.sort(key=lambda kv: kv[0])
    return tuple(change for _, change in keyed)


def _match_sentences(old_s: list[str], new_s: list[str]) -> dict[int, int]:
    """One-to-one old -> new sentence matches above the threshold, by optimal assignment."""
    if not old_s or not new_s:
        return {}
    import numpy as np
    from rapidfuzz import fuzz, process

    from .assignment import best_pairs

    sim = process.cdist([_bare(s) for s in old_s], [_bare(s) for s in new_s], scorer=fuzz.ratio,
                        dtype=np.float32) / 100.0
    return dict(best_pairs(sim, SENTENCE_MATCH))


def _bare(sentence: str) -> str:
    return _TERMINATORS.sub("", sentence)

