"""Which section of last year's plan corresponds to which section of the draft.

Section numbers shift and headings get reworded between years (`四、严格规范公正文明执法` may become
`四、健全行政执法工作体系`), so correspondence is decided from two kinds of evidence: how similar the
headings are, and where the clearly aligned tasks of a section went. A task is `moved` only when it
now sits under a heading that does not correspond to its old one.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

# A heading this similar corresponds whatever the task flow says (two sections may merge).
SAME_HEADING = 0.85
# Minimum combined evidence (mean of heading similarity and task flow) for a correspondence.
MIN_EVIDENCE = 0.3


def section_key(title: str, number: str) -> str:
    """The key a task's section is known by: its normalised heading, or its number when untitled."""
    return title or number


def corresponding_sections(
    old_keys: Sequence[str], new_keys: Sequence[str], pairs: Iterable[tuple[int, int]]
) -> frozenset[tuple[str, str]]:
    """(old key, new key) pairs of corresponding sections; `pairs` are 0-based (old, new) task pairs."""
    from scipy.optimize import linear_sum_assignment

    olds = list(dict.fromkeys(old_keys))
    news = list(dict.fromkeys(new_keys))
    if not olds or not news:
        return frozenset()
    heading = _heading_similarity(olds, news)
    flow = np.zeros((len(olds), len(news)))
    counts = Counter((old_keys[i], new_keys[j]) for i, j in pairs)
    out_of = Counter(old_keys[i] for i, _ in pairs)
    for (a, b), c in counts.items():
        flow[olds.index(a), news.index(b)] = c / out_of[a]
    evidence = 0.5 * heading + 0.5 * flow
    rows, cols = linear_sum_assignment(-evidence)
    result = {(olds[r], news[c]) for r, c in zip(rows, cols) if evidence[r, c] >= MIN_EVIDENCE}
    for r, c in zip(*np.nonzero(heading >= SAME_HEADING)):
        result.add((olds[r], news[c]))
    return frozenset(result)


def _heading_similarity(olds: Sequence[str], news: Sequence[str]) -> np.ndarray:
    from rapidfuzz import fuzz, process

    sim = process.cdist(olds, news, scorer=fuzz.ratio, dtype=np.float32).astype(np.float64) / 100.0
    # Plans without headings put every task under the same empty key, which corresponds to itself.
    same = np.equal.outer(np.array(olds, dtype=object), np.array(news, dtype=object)).astype(bool)
    sim[same] = 1.0
    return sim
