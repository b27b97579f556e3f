"""TF-IDF term space over the tasks at hand, and the matrix products built on it.

A term's weight is how distinctive it is among the documents being compared: 证照分离 or 行政复议 occur
in one or two tasks and weigh a lot; words that occur everywhere weigh little (the generic policy
vocabulary is already removed by `tokens.content_terms`).

Doc x term matrices are dense numpy arrays when small (one plan against another: a few dozen tasks and
a thousand terms) and scipy CSR matrices beyond `DENSE_CELLS` cells (thousands of tasks). Each function
below takes either; the arithmetic is the same. On small inputs scipy's per-call checks and conversions
cost more than the numbers themselves, and one locality of a batch makes about a hundred such matrices.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache, partial
from itertools import chain
from operator import is_not

import numpy as np
from scipy import sparse

from .vocabulary import CodedDocs, JointVocabulary

# Up to this many doc x term cells (8 MB of float64) a matrix is dense.
DENSE_CELLS = 1_000_000

Matrix = np.ndarray | sparse.csr_matrix


@dataclass(frozen=True)
class TermSpace:
    """The vocabulary of some task lists and each term's inverse document frequency."""

    # The vocabulary, sorted: a tuple, or the numpy str array of a joint vocabulary (`vocabulary` gives the
    # tuple when first read: an alignment never reads it).
    terms: Sequence[str] | np.ndarray
    idf: np.ndarray

    @cached_property
    def vocabulary(self) -> tuple[str, ...]:
        """The terms, in order, as a tuple of Python strings."""
        return self.terms if isinstance(self.terms, tuple) else tuple(self.terms.tolist())

    @cached_property
    def index(self) -> dict[str, int]:
        """Each term's column."""
        return {t: k for k, t in enumerate(self.vocabulary)}

    @cached_property
    def idf_of(self) -> dict[str, float]:
        """Each term's idf as a Python float, for ranking terms one by one (numpy scalars are slow there)."""
        return dict(zip(self.vocabulary, self.idf.tolist()))

    def reweighted(self, factors: Callable[[Sequence[str]], np.ndarray]) -> TermSpace:
        """The same space with each term's idf multiplied by its factor (`factors` maps the vocabulary)."""
        if not len(self.idf):
            return self
        return self.scaled(factors(self.vocabulary))

    def scaled(self, factors: np.ndarray) -> TermSpace:
        """The same space with each term's idf multiplied by its factor (one per term, in order)."""
        if not len(self.idf):
            return self
        return TermSpace(self.terms, self.idf * factors)

    def incidence(self, docs: Sequence[Iterable[str]]) -> Matrix:
        """Binary doc x term matrix (1 where the doc uses the term)."""
        return binary(self.counts(docs))

    def tfidf(self, docs: Sequence[Iterable[str]]) -> Matrix:
        """Sublinear tf x idf rows, L2-normalised, so a product of two of them is a cosine."""
        return self.weighted(self.counts(docs))

    def weighted(self, counts: Matrix) -> Matrix:
        """`tfidf` of a matrix from `counts` (left unchanged)."""
        if isinstance(counts, np.ndarray):
            out = np.zeros_like(counts)
            present = counts > 0
            out[present] = 1.0 + np.log(counts[present])
            out *= self.idf
            norms = np.sqrt(np.einsum("ij,ij->i", out, out))
            norms[norms == 0] = 1.0
            out /= norms[:, np.newaxis]
            return out
        data = 1.0 + np.log(counts.data)
        data *= self.idf[counts.indices]
        norms = np.sqrt(_row_sums(counts, data * data))
        norms[norms == 0] = 1.0
        data *= np.repeat(1.0 / norms, np.diff(counts.indptr))
        return sparse.csr_matrix((data, counts.indices.copy(), counts.indptr.copy()), shape=counts.shape)

    def counts(self, docs: Sequence[Iterable[str]]) -> Matrix:
        """Doc x term occurrence counts (terms outside the vocabulary are ignored)."""
        known = partial(is_not, None)
        get = self.index.get
        ids = [list(filter(known, map(get, doc))) for doc in docs]
        lengths = [len(doc) for doc in ids]
        cols = np.fromiter(chain.from_iterable(ids), dtype=np.int64, count=sum(lengths))
        rows = np.repeat(np.arange(len(ids), dtype=np.int64), lengths)
        return self.counts_of_codes(rows, cols, len(ids))

    def coded_counts(self, docs: CodedDocs, columns: np.ndarray) -> Matrix:
        """`counts` of coded documents, `columns` giving each of their vocabulary terms' column here."""
        return self.counts_of_codes(docs.rows, columns[docs.codes], len(docs))

    def coded_tfidf(self, docs: CodedDocs, columns: np.ndarray) -> Matrix:
        """`weighted(coded_counts(docs, columns))`, dense ones filled from the documents' distinct terms (each
        weight is the same product of the same two numbers) instead of tested cell by cell."""
        if not self._dense(len(docs)):
            return self.weighted(self.coded_counts(docs, columns))
        out = np.zeros((len(docs), len(self.idf)), dtype=np.float64)
        pairs = docs.pairs
        cols = columns[pairs.terms]
        out[pairs.docs, cols] = docs.log_tf * self.idf[cols]
        norms = np.sqrt(np.einsum("ij,ij->i", out, out))
        norms[norms == 0] = 1.0
        out /= norms[:, np.newaxis]
        return out

    def coded_incidence(self, docs: CodedDocs, columns: np.ndarray) -> Matrix:
        """`binary(coded_counts(docs, columns))`, dense ones filled from the documents' distinct terms."""
        if not self._dense(len(docs)):
            return binary(self.coded_counts(docs, columns))
        out = np.zeros((len(docs), len(self.idf)), dtype=np.float64)
        pairs = docs.pairs
        out[pairs.docs, columns[pairs.terms]] = 1.0
        return out

    def _dense(self, n: int) -> bool:
        """Whether `n` documents' rows in this space are dense (as `counts_of_codes` makes them)."""
        return n * max(len(self.idf), 1) <= DENSE_CELLS

    def counts_of_codes(self, rows: np.ndarray, cols: np.ndarray, n: int) -> Matrix:
        """Doc x term counts of the (row, column) pairs listed (int64 arrays), for `n` documents."""
        size = len(self.idf)
        width = max(size, 1)
        if self._dense(n):
            dense = np.bincount(rows * width + cols, minlength=n * width).astype(np.float64)
            return dense.reshape(n, width)[:, :size]
        # One sorted pass counts every (doc, term) pair; the keys come out in CSR order.
        keys, counts = np.unique(rows * width + cols, return_counts=True)
        per_row = np.bincount(keys // width, minlength=n)
        indptr = np.concatenate(([0], np.cumsum(per_row))).astype(np.int32)
        return sparse.csr_matrix((counts.astype(np.float64), (keys % width).astype(np.int32), indptr),
                                 shape=(n, size))


def build_term_space(*corpora: Sequence[Iterable[str]]) -> TermSpace:
    """Vocabulary and smoothed idf, ln((1 + N) / (1 + df)) + 1, over every document of every corpus."""
    docs = [set(doc) for corpus in corpora for doc in corpus]
    df = Counter(chain.from_iterable(docs))
    n_docs = len(docs)
    vocabulary = tuple(sorted(df))
    weight = {k: math.log((1 + n_docs) / (1 + k)) + 1.0 for k in set(df.values())}  # a few distinct df values
    idf = np.array([weight[df[t]] for t in vocabulary], dtype=np.float64)
    return TermSpace(vocabulary, idf)


def joint_term_space(joint: JointVocabulary) -> TermSpace:
    """`build_term_space` of two coded lists, from their joint vocabulary (the same terms and idf)."""
    return TermSpace(joint.vocabulary, idf_by_df(joint.n_docs)[joint.df])


@lru_cache(maxsize=256)
def idf_by_df(n_docs: int) -> np.ndarray:
    """The smoothed idf of a term in k of `n_docs` documents, at index k (0 to n_docs), as `build_term_space`
    computes it. Made once per number of documents: comparisons of plans of like sizes share it."""
    table = np.array([math.log((1 + n_docs) / (1 + k)) + 1.0 for k in range(n_docs + 1)], dtype=np.float64)
    table.flags.writeable = False
    return table


def binary(counts: Matrix) -> Matrix:
    """1 wherever `counts` (left unchanged) has a term."""
    if isinstance(counts, np.ndarray):
        return (counts > 0).astype(np.float64)
    return sparse.csr_matrix((np.ones_like(counts.data), counts.indices.copy(), counts.indptr.copy()),
                             shape=counts.shape)


def product(a: Matrix, b: Matrix) -> np.ndarray:
    """Dense a @ b.T in float32: for binary rows, how many terms each pair has in common."""
    return _product(a, b)


def cosine(a: Matrix, b: Matrix) -> np.ndarray:
    """Dense cosine matrix of two L2-normalised row sets."""
    return _product(a, b)


def containment(a_inc: Matrix, b_inc: Matrix, idf: np.ndarray) -> np.ndarray:
    """[i, j]: the share of a[i]'s idf mass whose terms also occur in b[j] (asymmetric, in [0, 1])."""
    weighted = _idf_weighted(a_inc, idf)
    mass = _sums(weighted)
    mass[mass == 0] = 1.0
    out = _product(weighted, b_inc)
    out /= mass[:, np.newaxis].astype(np.float32)
    return out


def weighted_overlap(a_inc: Matrix, b_inc: Matrix, idf: np.ndarray) -> np.ndarray:
    """Cosine of idf-weighted binary sets; 0 where either side is empty."""
    wa, wb = _idf_weighted(a_inc, idf), _idf_weighted(b_inc, idf)
    na = np.sqrt(_sums(wa, squared=True))
    nb = np.sqrt(_sums(wb, squared=True))
    na[na == 0] = 1.0
    nb[nb == 0] = 1.0
    out = _product(wa, wb)
    out /= na[:, np.newaxis].astype(np.float32)
    out /= nb[np.newaxis, :].astype(np.float32)
    return out


# The sparse helpers below work on the CSR arrays directly: scipy's general elementwise operations cost
# tens of microseconds each in checks and conversions. The arithmetic is the same, in the same order
# (row sums reduce the stored values like scipy's `sum`).


def _idf_weighted(inc: Matrix, idf: np.ndarray) -> Matrix:
    """A copy of a binary matrix holding each term's idf instead of 1."""
    if isinstance(inc, np.ndarray):
        return inc * idf
    return sparse.csr_matrix((idf[inc.indices], inc.indices, inc.indptr), shape=inc.shape)


def _sums(m: Matrix, squared: bool = False) -> np.ndarray:
    """Per-row sum of the values (or of their squares)."""
    if isinstance(m, np.ndarray):
        return np.einsum("ij,ij->i", m, m) if squared else m.sum(axis=1)
    return _row_sums(m, m.data * m.data if squared else m.data)


def _row_sums(m: sparse.csr_matrix, values: np.ndarray) -> np.ndarray:
    """Per-row sum of `values` (aligned with m.data); 0 for empty rows."""
    out = np.zeros(m.shape[0], dtype=np.float64)
    rows = np.flatnonzero(np.diff(m.indptr))
    if len(rows):
        out[rows] = np.add.reduceat(values, m.indptr[rows])
    return out


def _product(a: Matrix, b: Matrix) -> np.ndarray:
    """Dense a @ b.T. Sparse times dense: the result is dense anyway, and this is several times faster."""
    if isinstance(b, np.ndarray):
        b_dense_t = b.T
    else:
        b_dense_t = np.zeros((b.shape[1], b.shape[0]), dtype=np.float64)
        b_dense_t[b.indices, np.repeat(np.arange(b.shape[0]), np.diff(b.indptr))] = b.data
    return np.asarray(a @ b_dense_t, dtype=np.float32)
