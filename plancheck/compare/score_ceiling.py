"""A cheap ceiling on the similarity score of a few pairs of one plan's tasks, for rules that only want the
pairs above a threshold (duplicate-task).

`compare_features` builds every feature matrix of the whole plan (title bigrams, candidates, section and
phrase overlaps, the word encoding) before it scores any pair; when a rule cares about three or four
pairs, most of that work decides nothing. The ceiling puts each listed pair's features at a value the
full comparison never exceeds and combines them with the comparison's own `combine`, which never lowers
a score when a feature rises:

* character ratios of texts, titles and section headings, the ratio of the sorted words and that of the
  word sets (token_set_ratio), exactly as the comparison scores its candidates (elsewhere it leaves
  them at 0);
* TF-IDF cosine exactly as the term views give it; quoted phrases and lead units at 1 when the two tasks
  share one, else 0 (a cosine of disjoint sets); position at its best.

A pair whose ceiling stays below the threshold cannot reach it in the full comparison (tests check this
over the benchmark corpus, the bundled examples and the generated plan variants).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .features import TaskFeatures
from .fuzzy import FLOAT
from .similarity import TermViews, combine

# The full comparison rounds its scores in float32 along another path: a ceiling this close to the
# threshold is not trusted to rule a pair out.
ROUNDING_MARGIN = 1e-4


def score_ceilings(features: TaskFeatures, views: TermViews, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """For each listed pair (rows[k], cols[k]) of one plan compared with itself, a score at least as high
    as `compare_features(features, features, views=views).score[rows[k], cols[k]]`."""
    from rapidfuzz import fuzz

    pairs = list(zip(rows.tolist(), cols.tolist()))
    # A handful of pairs: rapidfuzz called pair by pair costs less than its bulk calls' set-up. The word sets and
    # the sorted coded words are the plan's own, which its comparisons (alignment, scheme links) have made:
    # sorted, two word lists have as long a common subsequence as they have common words, whatever character
    # codes the words get, so the plan's coding gives the comparison's ratio.
    # Titles and texts likewise in the plan's compact coding (`fuzzy.compact`: recoded one to one, the same ratios).
    sets = features.word_sets
    sorted_words = features.word_codes.sorted_strings

    def ratios(strings: Sequence[str], scorer=fuzz.ratio) -> np.ndarray:
        # as the bulk scores are kept: float32 percentages, divided in float32
        return np.array([scorer(strings[i], strings[j]) for i, j in pairs], dtype=FLOAT) / FLOAT(100)

    return combine(
        title=ratios(features.compact_titles),
        text=ratios(features.compact_texts),
        token_sort=ratios(sorted_words),
        token_set=ratios(sets, fuzz.token_set_ratio),
        tfidf=views.tfidf[rows, cols].astype(FLOAT),
        phrases=_share_any(features.phrases, pairs),
        units=_share_any(features.units, pairs),
        section=ratios(features.sections),
        position=np.ones(len(pairs), dtype=FLOAT),
        has_phrases=np.array([bool(features.phrases[i] or features.phrases[j]) for i, j in pairs], dtype=bool),
        has_units=np.array([bool(features.units[i] and features.units[j]) for i, j in pairs], dtype=bool),
    )


def _share_any(sets: Sequence[frozenset[str]], pairs: list[tuple[int, int]]) -> np.ndarray:
    return np.array([1.0 if sets[i] & sets[j] else 0.0 for i, j in pairs], dtype=FLOAT)
