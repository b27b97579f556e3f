"""Documents coded once against their own sorted vocabulary, and the joint vocabulary of two such lists.

A plan's tasks take part in two or three comparisons (alignment, two scheme links, the duplicate check).
Their terms, title bigrams, quoted phrases and lead units are coded as integers once per plan
(`TaskFeatures`; words, for ratios, in `fuzzy.WordCodes`); a comparison then merges two sorted vocabularies
in one numpy sort of two sorted runs and maps each side's codes through an array, instead of building its
term space from strings again.
The joint vocabulary is sorted as `termspace.build_term_space` sorts its terms (numpy orders `str` arrays
by code point, as Python does), so every matrix built on it is the same, column for column.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import chain
from typing import NamedTuple

import numpy as np


@dataclass(frozen=True)
class CodedDocs:
    """A list of documents (sequences or sets of terms), each term coded as its place in the sorted vocabulary."""

    # The distinct terms, sorted: a numpy str array, or one int64 key per bigram (`code_bigrams`).
    vocabulary: np.ndarray
    codes: np.ndarray  # every term of every document in order, as its place in `vocabulary` (int64)
    lengths: np.ndarray  # how many terms each document has (int64)

    def __len__(self) -> int:
        return len(self.lengths)

    @cached_property
    def rows(self) -> np.ndarray:
        """The document of each code."""
        return np.repeat(np.arange(len(self.lengths), dtype=np.int64), self.lengths)

    @cached_property
    def pairs(self) -> DocTerms:
        """Each distinct (document, term) pair, in document then term order, with its count."""
        width = max(len(self.vocabulary), 1)
        keys, counts = np.unique(self.rows * width + self.codes, return_counts=True)
        return DocTerms(keys // width, keys % width, counts.astype(np.float64))

    @cached_property
    def log_tf(self) -> np.ndarray:
        """Each pair's sublinear term frequency, 1 + ln(count) (`termspace.TermSpace.weighted`)."""
        return 1.0 + np.log(self.pairs.counts)

    @cached_property
    def df(self) -> np.ndarray:
        """How many documents use each vocabulary term."""
        return np.bincount(self.pairs.terms, minlength=len(self.vocabulary))

    @cached_property
    def terms(self) -> tuple[str, ...]:
        """The vocabulary as Python strings."""
        return tuple(self.vocabulary.tolist())


class DocTerms(NamedTuple):
    """The distinct (document, term) pairs of coded documents (`CodedDocs.pairs`)."""

    docs: np.ndarray  # each pair's document (int64)
    terms: np.ndarray  # each pair's term, as its place in the vocabulary (int64)
    counts: np.ndarray  # how often the document uses the term (float64)


def code_documents(docs: Sequence[Iterable[str]]) -> CodedDocs:
    """Code each document's terms as their places in the sorted set of all terms."""
    docs = [tuple(doc) for doc in docs]
    flat = list(chain.from_iterable(docs))
    vocabulary = sorted(set(flat))
    index = dict(zip(vocabulary, range(len(vocabulary))))
    codes = np.fromiter(map(index.__getitem__, flat), dtype=np.int64, count=len(flat))
    lengths = np.fromiter(map(len, docs), dtype=np.int64, count=len(docs))
    return CodedDocs(np.array(vocabulary, dtype=str), codes, lengths)


def code_bigrams(texts: Sequence[str]) -> CodedDocs:
    """Each text's character bigrams in order, coded: `code_documents` of `[t[k:k + 2] for k in ...]`, but
    with each bigram's key, first code point * 2**21 + second, in the vocabulary (keys sort as the bigrams do)."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    points = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)
    if len(points) < 2:
        return CodedDocs(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(len(texts), np.int64))
    # A bigram starts at every character but the last of its text.
    starts = np.ones(len(points), dtype=bool)
    starts[np.cumsum(lengths)[lengths > 0] - 1] = False
    keys = ((points[:-1] << 21) | points[1:])[starts[:-1]]
    vocabulary, codes = np.unique(keys, return_inverse=True)
    return CodedDocs(vocabulary, codes.astype(np.int64).reshape(-1), np.maximum(lengths - 1, 0))


class JointVocabulary(NamedTuple):
    """The sorted union of two coded lists' vocabularies, counted as `build_term_space(a, b)` counts them."""

    vocabulary: np.ndarray  # sorted distinct terms of both lists
    left: np.ndarray  # where each of the first list's vocabulary terms sits in `vocabulary`
    right: np.ndarray  # the same for the second list
    df: np.ndarray  # documents of both lists using each term
    n_docs: int  # documents of both lists (a list given twice counts twice, as in build_term_space(a, a))


def joint_vocabulary(a: CodedDocs, b: CodedDocs) -> JointVocabulary:
    """The joint vocabulary of two coded lists (one list given twice is joined with itself)."""
    n_docs = len(a) + len(b)
    if b is a:
        same = np.arange(len(a.vocabulary), dtype=np.int64)
        return JointVocabulary(a.vocabulary, same, same, a.df * 2, n_docs)
    merged = np.concatenate((a.vocabulary, b.vocabulary))
    # Two sorted runs: a stable sort merges them in one pass; each term keeps its first copy.
    order = np.argsort(merged, kind="stable")
    ranked = merged[order]
    first = np.ones(len(ranked), dtype=bool)
    first[1:] = ranked[1:] != ranked[:-1]
    place = np.empty(len(merged), dtype=np.int64)
    place[order] = np.cumsum(first) - 1
    vocabulary = ranked[first]
    left, right = place[:len(a.vocabulary)], place[len(a.vocabulary):]
    df = np.zeros(len(vocabulary), dtype=np.int64)
    df[left] += a.df
    df[right] += b.df
    return JointVocabulary(vocabulary, left, right, df, n_docs)
