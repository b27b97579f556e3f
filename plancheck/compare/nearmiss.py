"""The near miss of a dropped or added task: its best candidate, the confidence and the evidence.

A reviewer decides from the evidence whether the candidate is the same commitment after all (then
forces the pair) or a different one that only shares wording (the usual case below the threshold).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .model import NearMiss
from .shared_terms import shared_terms_of
from .similarity import Similarity

# Shown for review when the candidate reads alike (wording ratio, in canonical synonyms) or came close to
# being aligned. Measured on the generated corpus: distractors read alike from 0.38 on, the best
# candidate of a task dropped without one stays below 0.34; unrelated tasks of one domain reach a
# confidence of 0.15 (seeds 7, 11 and 2025 give the same near-miss F1 from 0.15 to 0.3).
NEAR_WORDING = 0.35
NEAR_CONFIDENCE = 0.2


def near_misses(sim: Similarity, confidence: np.ndarray, dropped: Sequence[int],
                added: Sequence[int]) -> tuple[tuple[NearMiss, ...], tuple[NearMiss, ...]]:
    """The near misses of the dropped old tasks and of the added new tasks (0-based in, 1-based out); the
    terms each shares with its candidate are found for all of them together (`shared_terms_of`)."""
    found = _candidates(sim, confidence, dropped, old=True) + _candidates(sim, confidence, added, old=False)
    pairs = [(miss.task - 1, miss.candidate - 1) if k < len(dropped) else (miss.candidate - 1, miss.task - 1)
             for k, miss in enumerate(found) if miss.candidate is not None]
    terms = iter(zip(pairs, shared_terms_of(sim, pairs)))
    out = []
    for miss in found:
        if miss.candidate is not None:
            (i, j), shared = next(terms)
            miss = NearMiss(miss.task, miss.candidate, miss.score, miss.confidence, miss.review, shared,
                            evidence(sim, i, j, shared))
        out.append(miss)
    return tuple(out[:len(dropped)]), tuple(out[len(dropped):])


def _candidates(sim: Similarity, confidence: np.ndarray, tasks: Sequence[int], old: bool) -> list[NearMiss]:
    """The near miss of each old task of `tasks` (dropped, `old`) or new task (added), terms and evidence left out.

    The candidate is the one that came closest to being aligned if any came close, else the one that
    reads most alike if any does (shown for review), else the best by the graded similarity (not shown:
    far from the threshold confidences are all near 0 and would pick one at random). The candidates of all
    the tasks are chosen together, row by row of the matrices (columns for added tasks); the choice compares
    each row's maxima in the matrices' own types, the review the chosen values as Python floats.
    """
    if not len(tasks):
        return []
    index = np.asarray(tasks, dtype=np.int64)

    def along(matrix: np.ndarray) -> np.ndarray:
        return matrix[index, :] if old else matrix[:, index].T

    score, sure, wording = along(sim.score), along(confidence), along(sim.text)
    if score.shape[1] == 0:
        return [NearMiss(task + 1, None, 0.0) for task in tasks]
    best = np.where(sure.max(axis=1) >= NEAR_CONFIDENCE, np.argmax(sure, axis=1),
                    np.where(wording.max(axis=1) >= NEAR_WORDING, np.argmax(wording, axis=1), np.argmax(score, axis=1)))
    rows = np.arange(len(index))
    found = []
    for task, candidate, value, level, alike in zip(tasks, best.tolist(), score[rows, best].tolist(),
                                                    sure[rows, best].tolist(), wording[rows, best].tolist()):
        level = max(level, 0.0)
        review = level >= NEAR_CONFIDENCE or alike >= NEAR_WORDING
        found.append(NearMiss(task + 1, candidate + 1, round(value, 4), confidence=round(level, 4), review=review))
    return found


def evidence(sim: Similarity, i: int, j: int, distinctive: tuple[str, ...]) -> tuple[str, ...]:
    """What speaks for and against old task i and new task j being one commitment, in Chinese;
    `distinctive` holds the terms they share, most distinctive first (`Similarity.shared_terms`)."""
    out = [f"文字相似度{float(sim.text[i, j]):.2f}", f"专有词语相似度{float(sim.tfidf[i, j]):.2f}"]
    shared = sim.old.term_sets[i] & sim.new.term_sets[j]
    idf = sim.terms.idf_of
    if shared and not any(idf[t] > 1.0 for t in shared):
        out.append("共有词语均为常用词:" + "、".join(sorted(shared)[:6]))
    elif distinctive:
        out.append("共有专有词语:" + "、".join(distinctive))
    else:
        out.append("没有共有的专有词语")
    if sim.old.units[i] and sim.new.units[j]:
        out.append("牵头单位相同" if sim.old.units[i] & sim.new.units[j] else "牵头单位不同")
    return tuple(out)
