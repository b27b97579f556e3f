"""What kind of change an aligned pair is: carried, reworded, moved or rewritten.

Splits and merges are decided by the aligner from the shape of the alignment; this module judges a
one-to-one pair from its texts and from whether its sections correspond.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from itertools import filterfalse

# difflib's SequenceMatcher compiled (cydifflib): the same matching blocks and opcodes, about fifteen times
# quicker on a task's few dozen words.
from cydifflib import SequenceMatcher

from .tokens import is_number

# Below this character ratio of the texts as written (synonyms swapped and clauses reordered count as
# changes) the pair shares its commitment but hardly its wording. Measured on the generated pair corpus
# (tests/aligncorpus): rewritten pairs reach 0.76 at most, reworded ones start at 0.78.
REWRITTEN_BELOW = 0.7
# Below this one, more than a handful of words changed: no need to count them.
CARRIED_ABOVE = 0.85
# `carried`: at most this many changed runs of words, each of at most CARRIED_RUN words.
CARRIED_RUNS = 1
CARRIED_RUN = 3

# Words that state a target, frequency or deadline: a changed target alone is not a rewording.
TARGET_WORDS = frozenset((
    "不少于", "不低于", "不超过", "不高于", "达到", "以上", "以内", "年底前", "月底前", "底前", "前", "每季度", "每半年", "每年", "每月",
    "每周", "全年", "年内", "全覆盖", "至少",
))


def wording_similarity(old_text: str, new_text: str) -> float:
    """The wording similarity of a pair: the character ratio of the texts as written, in [0, 1]."""
    from rapidfuzz import fuzz

    return fuzz.ratio(old_text, new_text) / 100.0


def wording_similarities(old_texts: Sequence[str], new_texts: Sequence[str],
                         pairs: Sequence[tuple[int, int]]) -> list[float]:
    """`wording_similarity` of each 0-based (old, new) pair of the two text lists, in one rapidfuzz call.

    The texts may be recoded one-to-one (`fuzzy.compact`): the ratio, a longest common subsequence, is the same."""
    if not pairs:
        return []
    import numpy as np
    from rapidfuzz import fuzz, process

    scores = process.cpdist([old_texts[i] for i, _ in pairs], [new_texts[j] for _, j in pairs],
                            scorer=fuzz.ratio, dtype=np.float64)
    return [score / 100.0 for score in scores.tolist()]


def changed_runs(old_words: tuple[str, ...], new_words: tuple[str, ...]) -> list[int]:
    """Lengths of the changed runs of a word-level diff, targets and numbers ignored."""
    return _runs(_content_words(old_words), _content_words(new_words))


def _content_words(words: tuple[str, ...]) -> list[str]:
    return list(filterfalse(_is_target, words))


def _runs(a: list[str], b: list[str]) -> list[int]:
    runs = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            runs.append(max(i2 - i1, j2 - j1))
    return runs


def pair_kind(old_words: tuple[str, ...], new_words: tuple[str, ...], similarity: float,
              same_section: bool) -> str:
    """Kind of a one-to-one pair: `rewritten`, `moved`, `carried` or `reworded`."""
    if similarity < REWRITTEN_BELOW:
        return "rewritten"
    if not same_section:
        return "moved"
    if similarity < CARRIED_ABOVE:
        return "reworded"
    a, b = _content_words(old_words), _content_words(new_words)
    if not _may_be_carried(a, b):
        return "reworded"
    runs = _runs(a, b)
    if len(runs) <= CARRIED_RUNS and all(r <= CARRIED_RUN for r in runs):
        return "carried"
    return "reworded"


def _may_be_carried(a: list[str], b: list[str]) -> bool:
    """What any diff of two word lists with at most CARRIED_RUNS changed runs of CARRIED_RUN words needs: the
    lengths differ by at most their total, the words (counted) by at most twice that. Cheap, where the diff
    is not, and most reworded pairs fail it."""
    most = CARRIED_RUNS * CARRIED_RUN
    if abs(len(a) - len(b)) > most:
        return False
    counts = Counter(a)
    counts.subtract(b)
    return sum(map(abs, counts.values())) <= 2 * most


@lru_cache(maxsize=65536)
def _is_target(word: str) -> bool:
    """Cached: a plan's few hundred distinct words recur in every pair."""
    return word in TARGET_WORDS or is_number(word)
