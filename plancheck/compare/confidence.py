"""Calibrated confidence that two tasks of consecutive years are the same commitment.

A logistic model over the similarity's signals: wording (characters and sorted words, in canonical
synonyms), genre-weighted terms (cosine and the share of each side found in the other), title, lead
units and section headings. Its weights were fitted on the generated pair corpus of
`tests/aligncorpus` (`PYTHONPATH=tests python -m aligncorpus.fit`), not set by hand; a pair at 0.5
is as likely one commitment as two.
"""
from __future__ import annotations

import numpy as np

from .similarity import Similarity

FEATURES = ("wording", "sorted_words", "terms", "covered_both", "covered_either", "title", "units",
            "section")
# Fitted by aligncorpus.fit on 60 generated pairs (seed 11); intercept first.
INTERCEPT = -19.053
WEIGHTS = (0.0, 1.709, 23.279, 10.754, 14.420, 1.555, 3.092, 0.0)


def feature_stack(sim: Similarity) -> np.ndarray:
    """[k, i, j]: the k-th signal of FEATURES for old task i and new task j, each in [0, 1]."""
    has_units = np.logical_and.outer([bool(u) for u in sim.old.units], [bool(u) for u in sim.new.units])
    return np.stack([
        sim.text, sim.token_sort, sim.tfidf,
        np.minimum(sim.contained_old, sim.contained_new), np.maximum(sim.contained_old, sim.contained_new),
        # A plan that names no lead units says nothing either way: the midpoint, not a mismatch.
        sim.title, np.where(has_units, sim.units, 0.5), sim.section,
    ]).astype(np.float64)


def pair_confidence(sim: Similarity, intercept: float = INTERCEPT,
                    weights: tuple[float, ...] = WEIGHTS) -> np.ndarray:
    """[i, j]: the probability that old task i and new task j are one commitment."""
    if sim.score.size == 0:
        return np.zeros(sim.score.shape)
    z = np.tensordot(np.asarray(weights, dtype=np.float64), feature_stack(sim), axes=1) + intercept
    return 1.0 / (1.0 + np.exp(-z))
