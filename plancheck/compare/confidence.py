"""Calibrated confidence that two tasks of consecutive years are the same commitment.

A logistic model over the similarity's signals: wording (characters and sorted words, in canonical
synonyms), genre-weighted terms (cosine and the share of each side found in the other), title, lead
units and section headings. Its weights were fitted on the generated pair corpus of
`tests/aligncorpus` (`PYTHONPATH=tests python -m aligncorpus.fit`), not set by hand; a pair at 0.5
is as likely one commitment as two.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .similarity import Similarity

FEATURES = ("wording", "sorted_words", "terms", "covered_both", "covered_either", "title", "units",
            "section")
# Fitted by aligncorpus.fit on 60 generated pairs (seed 11); intercept first.
INTERCEPT = -17.183
WEIGHTS = (0.0, 0.421, 24.132, 9.103, 11.405, 2.349, 2.987, 0.0)


def _signals(sim: Similarity) -> list[Callable[[], np.ndarray]]:
    """One function per name of FEATURES, each giving an n_old x n_new matrix in [0, 1]."""
    def units() -> np.ndarray:
        has_units = np.logical_and.outer([bool(u) for u in sim.old.units], [bool(u) for u in sim.new.units])
        # A plan that names no lead units says nothing either way: the midpoint, not a mismatch.
        return np.where(has_units, sim.units, np.float32(0.5))

    return [
        lambda: sim.text, lambda: sim.token_sort, lambda: sim.tfidf,
        lambda: np.minimum(sim.contained_old, sim.contained_new),
        lambda: np.maximum(sim.contained_old, sim.contained_new),
        lambda: sim.title, units, lambda: sim.section,
    ]


def feature_stack(sim: Similarity) -> np.ndarray:
    """[k, i, j]: the k-th signal of FEATURES for old task i and new task j (for fitting the weights)."""
    return np.stack([signal() for signal in _signals(sim)]).astype(np.float64)


def pair_log_odds(sim: Similarity, intercept: float = INTERCEPT,
                  weights: tuple[float, ...] = WEIGHTS) -> np.ndarray:
    """[i, j]: the log-odds that old task i and new task j are one commitment (0 is even odds).

    Unlike the probability it never saturates, so two candidates that are both near certain are
    still ranked by their evidence.
    """
    # In place, in float32, signals of weight 0 never computed: on 2,000 x 2,000 tasks each temporary
    # matrix costs time and 16 MB.
    z = np.full(sim.score.shape, intercept, dtype=np.float32)
    for weight, signal in zip(weights, _signals(sim)):
        if weight:
            z += np.float32(weight) * signal()
    return z


def probability(log_odds: np.ndarray) -> np.ndarray:
    """The logistic function of `log_odds`, as a new float32 matrix."""
    p = np.negative(log_odds, dtype=np.float32)
    np.exp(p, out=p)
    p += 1.0
    return np.reciprocal(p, out=p)


def pair_confidence(sim: Similarity, intercept: float = INTERCEPT,
                    weights: tuple[float, ...] = WEIGHTS) -> np.ndarray:
    """[i, j]: the probability that old task i and new task j are one commitment."""
    return probability(pair_log_odds(sim, intercept, weights))
