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
    found = [_candidate(sim, confidence, i, None) for i in dropped]
    found += [_candidate(sim, confidence, None, j) for j in added]
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


def _candidate(sim: Similarity, confidence: np.ndarray, old: int | None, new: int | None) -> NearMiss:
    """The near miss of old task `old` (dropped) or new task `new` (added), terms and evidence left out.

    The candidate is the one that came closest to being aligned if any came close, else the one that
    reads most alike if any does (shown for review), else the best by the graded similarity (not shown:
    far from the threshold confidences are all near 0 and would pick one at random).
    """
    def along(matrix: np.ndarray) -> np.ndarray:
        return matrix[old, :] if old is not None else matrix[:, new]

    task = (old if old is not None else new) + 1
    score, sure, wording = along(sim.score), along(confidence), along(sim.text)
    if score.size == 0:
        return NearMiss(task, None, 0.0)
    if sure.max() >= NEAR_CONFIDENCE:
        best = int(np.argmax(sure))
    elif wording.max() >= NEAR_WORDING:
        best = int(np.argmax(wording))
    else:
        best = int(np.argmax(score))
    level = max(float(sure[best]), 0.0)
    review = level >= NEAR_CONFIDENCE or float(wording[best]) >= NEAR_WORDING
    return NearMiss(task, best + 1, round(float(score[best]), 4), confidence=round(level, 4), review=review)


def evidence(sim: Similarity, i: int, j: int, distinctive: tuple[str, ...]) -> tuple[str, ...]:
    """What speaks for and against old task i and new task j being one commitment, in Chinese;
    `distinctive` holds the terms they share, most distinctive first (`Similarity.shared_terms`)."""
    out = [f"文字相似度{float(sim.text[i, j]):.2f}", f"专有词语相似度{float(sim.tfidf[i, j]):.2f}"]
    shared = set(sim.old.terms[i]) & set(sim.new.terms[j])
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
