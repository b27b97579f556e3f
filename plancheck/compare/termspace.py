"""TF-IDF term space over the tasks at hand, and the sparse matrix products built on it.

A term's weight is how distinctive it is among the documents being compared: 证照分离 or 行政复议 occur
in one or two tasks and weigh a lot; words that occur everywhere weigh little (the generic policy
vocabulary is already removed by `tokens.content_terms`).
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse


@dataclass(frozen=True)
class TermSpace:
    """The vocabulary of some task lists and each term's inverse document frequency."""

    vocabulary: tuple[str, ...]
    index: dict[str, int]
    idf: np.ndarray

    def incidence(self, docs: Sequence[Iterable[str]]) -> sparse.csr_matrix:
        """Binary doc x term matrix (1 where the doc uses the term)."""
        m = self.counts(docs)
        m.data[:] = 1.0
        return m

    def tfidf(self, docs: Sequence[Iterable[str]]) -> sparse.csr_matrix:
        """Sublinear tf x idf rows, L2-normalised, so a product of two of them is a cosine."""
        m = self.counts(docs)
        m.data = 1.0 + np.log(m.data)
        m = m.multiply(self.idf[np.newaxis, :]).tocsr()
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return (sparse.diags(1.0 / norms) @ m).tocsr()

    def counts(self, docs: Sequence[Iterable[str]]) -> sparse.csr_matrix:
        """Doc x term occurrence counts (terms outside the vocabulary are ignored)."""
        index = self.index
        ids = [[index[t] for t in doc if t in index] for doc in docs]
        cols = np.fromiter((k for doc in ids for k in doc), dtype=np.int64)
        rows = np.repeat(np.arange(len(ids), dtype=np.int64), [len(doc) for doc in ids])
        m = sparse.csr_matrix((np.ones(len(cols)), (rows, cols)), shape=(len(ids), len(self.vocabulary)))
        m.sum_duplicates()
        return m


def build_term_space(*corpora: Sequence[Iterable[str]]) -> TermSpace:
    """Vocabulary and smoothed idf, ln((1 + N) / (1 + df)) + 1, over every document of every corpus."""
    df: Counter[str] = Counter()
    n_docs = 0
    for corpus in corpora:
        for doc in corpus:
            df.update(set(doc))
            n_docs += 1
    vocabulary = tuple(sorted(df))
    idf = np.array([math.log((1 + n_docs) / (1 + df[t])) + 1.0 for t in vocabulary], dtype=np.float64)
    return TermSpace(vocabulary, {t: k for k, t in enumerate(vocabulary)}, idf)


def cosine(a: sparse.csr_matrix, b: sparse.csr_matrix) -> np.ndarray:
    """Dense cosine matrix of two L2-normalised row sets."""
    return _product(a, b)


def containment(a_inc: sparse.csr_matrix, b_inc: sparse.csr_matrix, idf: np.ndarray) -> np.ndarray:
    """[i, j]: the share of a[i]'s idf mass whose terms also occur in b[j] (asymmetric, in [0, 1])."""
    weighted = a_inc.multiply(idf[np.newaxis, :]).tocsr()
    mass = np.asarray(weighted.sum(axis=1)).ravel()
    mass[mass == 0] = 1.0
    out = _product(weighted, b_inc)
    out /= mass[:, np.newaxis].astype(np.float32)
    return out


def weighted_overlap(a_inc: sparse.csr_matrix, b_inc: sparse.csr_matrix, idf: np.ndarray) -> np.ndarray:
    """Cosine of idf-weighted binary sets; 0 where either side is empty."""
    wa = a_inc.multiply(idf[np.newaxis, :]).tocsr()
    wb = b_inc.multiply(idf[np.newaxis, :]).tocsr()
    na = np.sqrt(np.asarray(wa.multiply(wa).sum(axis=1)).ravel())
    nb = np.sqrt(np.asarray(wb.multiply(wb).sum(axis=1)).ravel())
    na[na == 0] = 1.0
    nb[nb == 0] = 1.0
    out = _product(wa, wb)
    out /= na[:, np.newaxis].astype(np.float32)
    out /= nb[np.newaxis, :].astype(np.float32)
    return out


def _product(a: sparse.csr_matrix, b: sparse.csr_matrix) -> np.ndarray:
    """Dense a @ b.T. Sparse times dense: the result is dense anyway, and this is several times faster."""
    return np.asarray(a @ b.T.toarray(), dtype=np.float32)
