"""Similarity matrices between two task lists, computed in bulk, and their combination into one score.

Features (each an n_old x n_new matrix in [0, 1]):

* `title`, `text`: character-level fuzzy ratios (rapidfuzz) of titles and of whole texts;
* `token_sort`: word-level ratio of the sorted jieba words (each word encoded as one character, so
  the ratio counts words, not characters); `token_set`: rapidfuzz's token_set_ratio on the words
  joined by spaces (rapidfuzz sees unspaced Chinese as one token);
* `tfidf`: cosine of TF-IDF term vectors, idf taken over the tasks at hand, so 证照分离 counts and
  推进 does not; `contained_old` / `contained_new`: the share of one task's term weight found in the other
  (asymmetric, for splits, merges and scheme links);
* `phrases`: overlap of quoted “…” and titled 《…》 phrases; `units`: overlap of lead units;
* `section`: similarity of the section headings the two tasks sit under;
* `position`: closeness of relative position, used only to break ties.

The sparse features are computed for every pair. Character and token ratios are costly on long
lists, so beyond `fuzzy.FULL_PAIRS` pairs they are computed (still in bulk) only for candidate pairs:
each task's `CANDIDATES` best partners by the sparse features and a title-bigram cosine. The slow
token_set_ratio is computed for the `TOKEN_SET_CANDIDATES` best partners only, at any size. Elsewhere
they are left at 0.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ..plans.model import Task
from .features import TaskFeatures, prepare
from .fuzzy import (
    FLOAT,
    candidate_pairs,
    full_matrix,
    pair_scores,
    ranked_candidates,
    scores_every_pair,
    sorted_word_strings,
)
from .termspace import Matrix, TermSpace, containment, cosine, joint_term_space, weighted_overlap
from .vocabulary import CodedDocs, joint_vocabulary

CANDIDATES = 12
TOKEN_SET_CANDIDATES = 4

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
    new_rows: Matrix | None = None  # the new tasks' TF-IDF rows in `terms` (from `TermViews`)
    old_columns: np.ndarray | None = None  # each of `old.coded_terms`' vocabulary terms' column in `terms`

    @property
    def term_overlap(self) -> np.ndarray:
        """[i, j]: how much of their distinctive vocabulary two tasks share (see `_term_overlap`)."""
        return _term_overlap(self.tfidf, self.contained_old, self.contained_new)

    def shared_terms(self, i: int, j: int, limit: int = 6) -> tuple[str, ...]:
        """The most distinctive terms (0-based task positions i, j) the two tasks have in common."""
        shared = set(self.old.terms[i]) & set(self.new.terms[j])
        return tuple(sorted(shared, key=self.distinctive_first)[:limit])

    def distinctive_first(self, term: str) -> tuple[float, int, str]:
        """The order of shared terms: rarest first, then longest, then by text (a total order)."""
        return -self.terms.idf_of[term], -len(term), term


def compare_tasks(old: Sequence[Task], new: Sequence[Task], min_term_overlap: float = 0.0,
                  genre: bool = False) -> Similarity:
    """Build every feature matrix between two task lists and combine them.

    With `min_term_overlap`, the costly text ratios are computed only for pairs whose `term_overlap`
    reaches it and are 0 elsewhere, as is their score: for callers that ignore every other pair.
    With `genre` (two years of one plan), wording is compared in canonical synonyms and the genre's
    filler words weigh little (see `genre`).
    """
    return compare_features(prepare(old), prepare(new), min_term_overlap, genre)


def compare_features(a: TaskFeatures, b: TaskFeatures, min_term_overlap: float = 0.0,
                     genre: bool = False, views: TermViews | None = None) -> Similarity:
    """As `compare_tasks`, from prepared features (and their `term_views`, when the caller has them)."""
    n, m = len(a), len(b)
    space, tfidf, contained_old, contained_new, new_rows, old_columns = views or term_views(a, b, genre)

    phrases = _set_overlap(a.coded_phrases, b.coded_phrases)
    units = _set_overlap(a.coded_units, b.coded_units)
    section = _section_similarity(a.sections, b.sections)
    position = 1.0 - np.abs(np.subtract.outer(np.asarray(a.positions, dtype=FLOAT),
                                              np.asarray(b.positions, dtype=FLOAT)))

    cheap = np.maximum(tfidf, contained_old)
    np.maximum(cheap, contained_new, out=cheap)
    np.maximum(cheap, _title_bigrams(a.coded_title_bigrams, b.coded_title_bigrams), out=cheap)
    ranked = ranked_candidates(cheap, CANDIDATES) if n and m else None
    wanted = None
    if min_term_overlap > 0:
        wanted = _term_overlap(tfidf, contained_old, contained_new).astype(np.float64) >= min_term_overlap
    every_pair = scores_every_pair((n, m))
    rows, cols = _restricted(candidate_pairs((n, m), None if every_pair else ranked, CANDIDATES), wanted)
    # Ratios of the compact texts are those of the texts (`fuzzy.compact`).
    title = pair_scores(a.compact_titles, b.compact_titles, rows, cols, (n, m), "ratio")
    texts_a, texts_b = (a.compact_wording, b.compact_wording) if genre else (a.compact_texts, b.compact_texts)
    # Each side's words coded once: sorted, one character a word, they give the token-sort ratio.
    words_a, words_b = (a.canonical_word_codes, b.canonical_word_codes) if genre else (a.word_codes, b.word_codes)
    text = pair_scores(texts_a, texts_b, rows, cols, (n, m), "ratio")
    sort_a, sort_b = sorted_word_strings(words_a, words_b)
    token_sort = pair_scores(sort_a, sort_b, rows, cols, (n, m), "ratio")
    # token_set_ratio is the slowest scorer (about 8 microseconds a pair on task-length texts, ten times
    # a character ratio): whatever the size, only each task's closest candidates, where a shared set of
    # words can decide between near partners. Elsewhere the other views already tell the pair apart.
    rows, cols = _restricted(candidate_pairs((n, m), ranked, TOKEN_SET_CANDIDATES), wanted)
    sets_a, sets_b = (a.canonical_word_sets, b.canonical_word_sets) if genre else (a.word_sets, b.word_sets)
    token_set = pair_scores(sets_a, sets_b, rows, cols, (n, m), "token_set_ratio")

    has_phrases = np.logical_or.outer(_non_empty(a.phrases), _non_empty(b.phrases))
    has_units = np.logical_and.outer(_non_empty(a.units), _non_empty(b.units))
    score = combine(
        title=title, text=text, token_sort=token_sort, token_set=token_set, tfidf=tfidf,
        phrases=phrases, units=units, section=section, position=position,
        has_phrases=has_phrases, has_units=has_units,
    )
    if wanted is not None:
        score[~wanted] = 0.0
    return Similarity(a, b, space, title, text, token_sort, token_set, tfidf, contained_old,
                      contained_new, phrases, units, section, position, score, new_rows, old_columns)


class TermViews(NamedTuple):
    """The term space of two task lists, their TF-IDF cosines and each side's containment in the other."""

    space: TermSpace
    tfidf: np.ndarray
    contained_old: np.ndarray
    contained_new: np.ndarray
    new_rows: Matrix | None = None  # the second list's TF-IDF rows, which `sentence_evidence` reads again
    old_columns: np.ndarray | None = None  # the first list's coded terms' columns in `space` (`sentence_evidence`)

    @property
    def overlap(self) -> np.ndarray:
        """`Similarity.term_overlap`, without the costly text ratios: a cheap filter for callers that want
        only the pairs sharing enough distinctive terms (`compare_features` with `min_term_overlap` scores
        exactly those)."""
        return _term_overlap(self.tfidf, self.contained_old, self.contained_new)


def term_views(a: TaskFeatures, b: TaskFeatures, genre: bool = False) -> TermViews:
    """The term matrices of two prepared task lists (computed once, whatever else `compare_features` adds)."""
    joint = joint_vocabulary(a.coded_terms, b.coded_terms)
    space = joint_term_space(joint)
    if genre and len(space.idf):
        # A term's genre weight depends on the term alone: each plan's are looked up once.
        factors = np.empty(len(space.idf), dtype=np.float64)
        factors[joint.left] = a.genre_term_weights
        factors[joint.right] = b.genre_term_weights
        space = space.scaled(factors)
    # A plan compared with itself (duplicate-task) needs each side's matrices once.
    weighted_a = space.coded_tfidf(a.coded_terms, joint.left)
    weighted_b = weighted_a if b is a else space.coded_tfidf(b.coded_terms, joint.right)
    tfidf = cosine(weighted_a, weighted_b)
    inc_a = space.coded_incidence(a.coded_terms, joint.left)
    inc_b = inc_a if b is a else space.coded_incidence(b.coded_terms, joint.right)
    contained_old = containment(inc_a, inc_b, space.idf)
    contained_new = contained_old.T if b is a else containment(inc_b, inc_a, space.idf).T
    return TermViews(space, tfidf, contained_old, contained_new, weighted_b, joint.left)


def _term_overlap(tfidf: np.ndarray, contained_old: np.ndarray, contained_new: np.ndarray) -> np.ndarray:
    """[i, j]: how much of their distinctive vocabulary two tasks share: the term cosine, or the share
    of each one's terms found in the other, whichever is higher."""
    return np.maximum(tfidf, np.minimum(contained_old, contained_new))


def _restricted(pairs: tuple[np.ndarray, np.ndarray],
                wanted: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """The candidate pairs, less those `wanted` (if given) leaves out."""
    rows, cols = pairs
    if wanted is None:
        return rows, cols
    keep = wanted[rows, cols]
    return rows[keep], cols[keep]


def sentence_evidence(sim: Similarity) -> np.ndarray:
    """[i, j]: the best TF-IDF cosine between one sentence of old task i and the whole of new task j.

    Asymmetric on purpose: one sentence of an annual task often implements a whole scheme item.
    A task's terms are its sentences' terms in order, so each sentence's coded terms are a run of its task's
    (`TaskFeatures.coded_terms`): the sentences are counted from those codes, not looked up term by term, and
    coded once per plan (`TaskFeatures.sentence_terms`).
    """
    sentences = sim.old.sentence_terms
    n, m = sim.score.shape
    out = np.zeros((n, m), dtype=FLOAT)
    if not len(sentences.docs) or m == 0:
        return out
    new_rows = sim.terms.tfidf(sim.new.terms) if sim.new_rows is None else sim.new_rows
    per_sentence = cosine(sim.terms.coded_tfidf(sentences.docs, sim.old_columns), new_rows)
    out[sentences.owners[sentences.starts]] = np.maximum.reduceat(per_sentence, sentences.starts, axis=0)
    return out


def combine(*, title, text, token_sort, token_set, tfidf, phrases, units, section, position,
            has_phrases, has_units) -> np.ndarray:
    """One score in [0, 1]: how likely the two tasks are the same commitment.

    A weighted mean of the evidence at hand. Text evidence is the best of the character, sorted-token
    and term views (a reworded task keeps its terms, a reordered one its tokens); distinctive-term
    evidence is the TF-IDF cosine. Quoted phrases count where either task quotes something, lead
    units where both name some: a plan that forgot its units says nothing about the commitment.
    """
    # In place, in float32: on 2,000 x 2,000 tasks every temporary matrix costs time and 16 MB.
    term_view = token_set + tfidf
    term_view *= 0.5
    evidence = np.maximum(text, token_sort)
    np.maximum(evidence, term_view, out=evidence)
    score = evidence
    score *= W_TEXT
    score += W_TERMS * tfidf
    score += W_TITLE * title
    score += W_SECTION * section
    score += (W_PHRASES * phrases) * has_phrases
    score += (W_UNITS * units) * has_units
    total = np.full(score.shape, W_TEXT + W_TERMS + W_TITLE + W_SECTION, dtype=FLOAT)
    total += W_PHRASES * has_phrases
    total += W_UNITS * has_units
    score /= total
    score += W_POSITION * (position - 1.0)
    return np.clip(score, 0.0, 1.0, out=score)


def _title_bigrams(a: CodedDocs, b: CodedDocs) -> np.ndarray:
    """Cosine of the titles' character bigrams (`TaskFeatures.coded_title_bigrams`): a cheap stand-in for the
    title ratio when choosing candidates."""
    joint = joint_vocabulary(a, b)
    if not len(joint.vocabulary):
        return np.zeros((len(a), len(b)), dtype=FLOAT)
    space = joint_term_space(joint)
    tfidf_a = space.coded_tfidf(a, joint.left)
    return cosine(tfidf_a, tfidf_a if b is a else space.coded_tfidf(b, joint.right))


def _non_empty(sets: Sequence[frozenset[str]]) -> np.ndarray:
    return np.array([bool(s) for s in sets], dtype=bool)


def _set_overlap(a: CodedDocs, b: CodedDocs) -> np.ndarray:
    """The idf-weighted cosine of two lists of sets (`TaskFeatures.coded_phrases`, `coded_units`)."""
    # Often one side has none at all (a scheme names no lead units): then every overlap is 0.
    if not len(a.codes) or not len(b.codes):
        return np.zeros((len(a), len(b)), dtype=FLOAT)
    joint = joint_vocabulary(a, b)
    space = joint_term_space(joint)
    inc_a = space.coded_incidence(a, joint.left)
    return weighted_overlap(inc_a, inc_a if b is a else space.coded_incidence(b, joint.right), space.idf)


def _section_similarity(a: Sequence[str], b: Sequence[str]) -> np.ndarray:
    """Fuzzy similarity of section headings, computed once per distinct heading pair."""
    ua, ub = sorted(set(a)), sorted(set(b))
    if not ua or not ub:
        return np.zeros((len(a), len(b)), dtype=FLOAT)
    sim = full_matrix(ua, ub, "ratio")
    pos_a, pos_b = {s: k for k, s in enumerate(ua)}, {s: k for k, s in enumerate(ub)}
    ia = np.array([pos_a[s] for s in a], dtype=np.int64)
    ib = np.array([pos_b[s] for s in b], dtype=np.int64)
    out = sim[np.ix_(ia, ib)]
    # Two tasks outside any section are not evidence of anything.
    empty = (np.array([not s for s in a])[:, None]) | (np.array([not s for s in b])[None, :])
    out[empty] = 0.0
    return out
