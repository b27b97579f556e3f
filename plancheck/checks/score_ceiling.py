"""A cheap ceiling on the similarity score of a few pairs of one plan's tasks, for rules that only want the
pairs above a threshold (duplicate-task).

`compare_features` builds every feature matrix of the whole plan (title bigrams, candidates, section and
phrase overlaps, the word encoding) before it scores any pair; when a rule cares about three or four
pairs, most of that work decides nothing. The ceiling puts each listed pair's features at a value the
full comparison never exceeds and combines them with the comparison's own `combine`, which never lowers
a score when a feature rises:

* character ratios of texts, titles and section headings, and the ratio of the word sets
  (token_set_ratio), exactly as the comparison scores its candidates (elsewhere it leaves them at 0);
* the sorted-word ratio bounded by the words the two texts share, counted with repeats: two sorted
  sequences have no longer common subsequence than their common words;
* TF-IDF cosine exactly as the term views give it; quoted phrases and lead units at 1 when the two tasks
  share one, else 0 (a cosine of disjoint sets); position at its best.

A pair whose ceiling stays below the threshold cannot reach it in the full comparison (tests check this
over the benchmark corpus, the bundled examples and the generated plan variants).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from ..compare.features import TaskFeatures
from ..compare.fuzzy import FLOAT, pair_scores, word_sets
from ..compare.similarity import TermViews, combine

# The full comparison rounds its scores in float32 along another path: a ceiling this close to the
# threshold is not trusted to rule a pair out.
ROUNDING_MARGIN = 1e-4


def score_ceilings(features: TaskFeatures, views: TermViews, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """For each listed pair (rows[k], cols[k]) of one plan compared with itself, a score at least as high
    as `compare_features(features, features, views=views).score[rows[k], cols[k]]`."""
    if len(rows) == 0:
        return np.zeros(0, dtype=FLOAT)
    n = len(features)
    pairs = list(zip(rows.tolist(), cols.tolist()))

    def ratios(strings: Sequence[str], scorer: str = "ratio") -> np.ndarray:
        return pair_scores(strings, strings, rows, cols, (n, n), scorer)[rows, cols]

    return combine(
        title=ratios(features.titles),
        text=ratios(features.texts),
        token_sort=np.array([_common_words(features.words[i], features.words[j]) for i, j in pairs], dtype=FLOAT),
        token_set=ratios(word_sets(features.words), "token_set_ratio"),
        tfidf=views.tfidf[rows, cols].astype(FLOAT),
        phrases=_share_any(features.phrases, pairs),
        units=_share_any(features.units, pairs),
        section=ratios(features.sections),
        position=np.ones(len(pairs), dtype=FLOAT),
        has_phrases=np.array([bool(features.phrases[i] or features.phrases[j]) for i, j in pairs]),
        has_units=np.array([bool(features.units[i] and features.units[j]) for i, j in pairs]),
    )


def _common_words(a: Sequence[str], b: Sequence[str]) -> float:
    """2 x (words in common, with repeats) / (words of both): at least the ratio of the sorted word lists."""
    total = len(a) + len(b)
    return 2 * sum((Counter(a) & Counter(b)).values()) / total if total else 0.0


def _share_any(sets: Sequence[frozenset[str]], pairs: list[tuple[int, int]]) -> np.ndarray:
    return np.array([1.0 if sets[i] & sets[j] else 0.0 for i, j in pairs], dtype=FLOAT)
