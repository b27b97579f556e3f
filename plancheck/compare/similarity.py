"""Similarity matrices between two task lists, computed in bulk, and their combination into one score.

Features (each an n_old x n_new matrix in [0, 1]):

* `title`, `text`: character-level fuzzy ratios (rapidfuzz) of titles and of whole texts;
* `token_sort`, `token_set`: token-level ratios on jieba words joined by spaces;
* `tfidf`: cosine of TF-IDF term vectors, idf taken over the tasks at hand, so 证照分离 counts and
  推进 does not; `contained_old` / `contained_new`: the share of one task's term weight found in the other
  (asymmetric, for splits, merges and scheme links);
* `phrases`: overlap of quoted “…” and titled 《…》 phrases; `units`: overlap of lead units;
* `section`: similarity of the section headings the two tasks sit under;
* `position`: closeness of relative position, used only to break ties.

Character and token ratios are costly on long lists, so beyond `FULL_PAIRS` pairs they are computed
(still in bulk, with `rapidfuzz.process.cpdist`) only for candidate pairs: each task's `CANDIDATES`
best partners by the cheap sparse features. Elsewhere they are left at 0.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..plans.model import Task
from .features import TaskFeatures, prepare
from .termspace import TermSpace, build_term_space, containment, cosine, weighted_overlap

FULL_PAIRS = 40_000
CANDIDATES = 12

# Weights of the combined score: text evidence first, distinctive terms next, context last.
W_TEXT = 0.45
W_TERMS = 0.35
W_TITLE = 0.10
W_PHRASES = 0.04
W_UNITS = 0.04
W_SECTION = 0.02
# Position never adds evidence, it only orders otherwise equal candidates.
W_POSITION = 0.005


@dataclass(frozen=True)
class Similarity:
    """All feature matrices of one comparison, plus the combined `score` in [0, 1]."""

    old: TaskFeatures
    new: TaskFeatures
    terms: TermSpace
    title: np.ndarray
    text: np.ndarray
    token_sort: np.ndarray
    token_set: np.ndarray
    tfidf: np.ndarray
    contained_old: np.ndarray
    contained_new: np.ndarray
    phrases: np.ndarray
    units: np.ndarray
    section: np.ndarray
    position: np.ndarray
    score: np.ndarray

    def shared_terms(self, i: int, j: int, limit: int = 6) -> tuple[str, ...]:
        """The most distinctive terms (0-based task positions i, j) the two tasks have in common."""
        shared = set(self.old.terms[i]) & set(self.new.terms[j])
        ranked = sorted(shared, key=lambda t: (-self.terms.idf[self.terms.index[t]], t))
        return tuple(ranked[:limit])


def compare_tasks(old: Sequence[Task], new: Sequence[Task]) -> Similarity:
    """Build every feature matrix between two task lists and combine them."""
    return compare_features(prepare(old), prepare(new))


def compare_features(a: TaskFeatures, b: TaskFeatures) -> Similarity:
    """As `compare_tasks`, from prepared features."""
    n, m = len(a), len(b)
    space = build_term_space(a.terms, b.terms)
    tfidf = cosine(space.tfidf(a.terms), space.tfidf(b.terms))
    inc_a, inc_b = space.incidence(a.terms), space.incidence(b.terms)
    contained_old = containment(inc_a, inc_b, space.idf)
    contained_new = containment(inc_b, inc_a, space.idf).T

    phrases = _set_overlap(a.phrases, b.phrases)
    units = _set_overlap(a.units, b.units)
    section = _section_similarity(a.sections, b.sections)
    position = 1.0 - np.abs(np.subtract.outer(np.asarray(a.positions), np.asarray(b.positions)))
    if n == 0 or m == 0:
        position = np.zeros((n, m))

    title = _fuzzy_full(a.titles, b.titles, "ratio")
    cheap = np.maximum.reduce([tfidf, contained_old, contained_new, title]) if n and m else np.zeros((n, m))
    rows, cols = _candidate_pairs(cheap)
    text = _fuzzy_pairs(a.texts, b.texts, rows, cols, (n, m), "ratio")
    sort_a, sort_b = _encoded(a.words, b.words, sort=True)
    token_sort = _fuzzy_pairs(sort_a, sort_b, rows, cols, (n, m), "ratio")
    set_a, set_b = _joined(a.words), _joined(b.words)
    token_set = _fuzzy_pairs(set_a, set_b, rows, cols, (n, m), "token_set_ratio")

    score = combine(
        title=title, text=text, token_sort=token_sort, token_set=token_set, tfidf=tfidf,
        contained_old=contained_old, contained_new=contained_new, phrases=phrases, units=units,
        section=section, position=position,
    )
    return Similarity(a, b, space, title, text, token_sort, token_set, tfidf, contained_old,
                      contained_new, phrases, units, section, position, score)


def combine(*, title, text, token_sort, token_set, tfidf, contained_old, contained_new, phrases, units,
            section, position) -> np.ndarray:
    """One score in [0, 1]: how likely the two tasks are the same commitment.

    Text evidence is the best of the character, sorted-token and term views (a reworded task keeps its
    terms, a reordered one keeps its tokens); distinctive-term evidence is the TF-IDF cosine.
    """
    text_evidence = np.maximum.reduce([text, token_sort, 0.5 * (token_set + tfidf)])
    score = (
        W_TEXT * text_evidence + W_TERMS * tfidf + W_TITLE * title + W_PHRASES * phrases
        + W_UNITS * units + W_SECTION * section + W_POSITION * position
    )
    return np.clip(score, 0.0, 1.0)


def _set_overlap(a: Sequence[frozenset[str]], b: Sequence[frozenset[str]]) -> np.ndarray:
    space = build_term_space(a, b)
    if not space.vocabulary:
        return np.zeros((len(a), len(b)))
    return weighted_overlap(space.incidence(a), space.incidence(b), space.idf)


def _section_similarity(a: Sequence[str], b: Sequence[str]) -> np.ndarray:
    """Fuzzy similarity of section headings, computed once per distinct heading pair."""
    ua, ub = sorted(set(a)), sorted(set(b))
    if not ua or not ub:
        return np.zeros((len(a), len(b)))
    sim = _fuzzy_full(ua, ub, "ratio")
    ia = np.array([ua.index(s) for s in a], dtype=np.int64)
    ib = np.array([ub.index(s) for s in b], dtype=np.int64)
    out = sim[np.ix_(ia, ib)]
    # Two tasks outside any section are not evidence of anything.
    empty = (np.array([not s for s in a])[:, None]) | (np.array([not s for s in b])[None, :])
    out[empty] = 0.0
    return out


def _scorer(name: str):
    from rapidfuzz import fuzz

    return getattr(fuzz, name)


def _fuzzy_full(a: Sequence[str], b: Sequence[str], scorer: str) -> np.ndarray:
    if not a or not b:
        return np.zeros((len(a), len(b)))
    from rapidfuzz import process

    return process.cdist(list(a), list(b), scorer=_scorer(scorer), workers=-1, dtype=np.float32).astype(
        np.float64) / 100.0


def _candidate_pairs(cheap: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All pairs for small inputs; otherwise each row's and column's best CANDIDATES by `cheap`."""
    n, m = cheap.shape
    if n * m <= FULL_PAIRS:
        rows, cols = np.indices((n, m))
        return rows.ravel(), cols.ravel()
    mask = np.zeros((n, m), dtype=bool)
    k = min(CANDIDATES, m)
    top_cols = np.argpartition(-cheap, k - 1, axis=1)[:, :k]
    mask[np.arange(n)[:, None], top_cols] = True
    k = min(CANDIDATES, n)
    top_rows = np.argpartition(-cheap, k - 1, axis=0)[:k, :]
    mask[top_rows, np.arange(m)[None, :]] = True
    return np.nonzero(mask)


def _fuzzy_pairs(a: Sequence[str], b: Sequence[str], rows: np.ndarray, cols: np.ndarray,
                 shape: tuple[int, int], scorer: str) -> np.ndarray:
    """Fuzzy scores for the listed pairs only, computed in one bulk call; 0 elsewhere."""
    out = np.zeros(shape)
    if len(rows) == 0:
        return out
    from rapidfuzz import process

    if len(rows) == shape[0] * shape[1]:
        return _fuzzy_full(a, b, scorer)
    left = [a[i] for i in rows]
    right = [b[j] for j in cols]
    out[rows, cols] = process.cpdist(left, right, scorer=_scorer(scorer), workers=-1,
                                     dtype=np.float32).astype(np.float64) / 100.0
    return out


def _joined(word_lists: Sequence[Sequence[str]]) -> list[str]:
    return [" ".join(w) for w in word_lists]


def _encoded(a: Sequence[Sequence[str]], b: Sequence[Sequence[str]], sort: bool) -> tuple[list[str], list[str]]:
    """Each distinct word becomes one character (as diff-match-patch's line mode does), so a character
    ratio of the encoded strings is a word-level ratio; sorted, it is rapidfuzz's token_sort_ratio."""
    codes: dict[str, str] = {}

    def encode(ws: Sequence[str]) -> str:
        chars = [codes.setdefault(w, _code_point(len(codes))) for w in ws]
        return "".join(sorted(chars) if sort else chars)

    return [encode(w) for w in a], [encode(w) for w in b]


def _code_point(k: int) -> str:
    cp = 0x100 + k
    return chr(cp + 0x800 if cp >= 0xD800 else cp)
