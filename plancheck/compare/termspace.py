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
        return self._matrix(docs, lambda count: 1.0)

    def tfidf(self, docs: Sequence[Iterable[str]]) -> sparse.csr_matrix:
        """Sublinear tf x idf rows, L2-normalised, so a product of two of them is a cosine."""
        m = self._matrix(docs, lambda count: 1.0 + math.log(count))
        m = m.multiply(self.idf[np.newaxis, :]).tocsr()
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sparse.diags(1.0 / norms) @ m

    def _matrix(self, docs: Sequence[Iterable[str]], weight) -> sparse.csr_matrix:
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        for r, doc in enumerate(docs):
            for term, count in Counter(t for t in doc if t in self.index).items():
                rows.append(r)
                cols.append(self.index[term])
                vals.append(weight(count))
        return sparse.csr_matrix(
            (np.asarray(vals, dtype=np.float64), (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64))),
            shape=(len(docs), len(self.vocabulary)),
        )


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
    return np.asarray((a @ b.T).todense(), dtype=np.float64)


def containment(a_inc: sparse.csr_matrix, b_inc: sparse.csr_matrix, idf: np.ndarray) -> np.ndarray:
    """[i, j]: the share of a[i]'s idf mass whose terms also occur in b[j] (asymmetric, in [0, 1])."""
    weighted = a_inc.multiply(idf[np.newaxis, :]).tocsr()
    mass = np.asarray(weighted.sum(axis=1)).ravel()
    mass[mass == 0] = 1.0
    shared = np.asarray((weighted @ b_inc.T).todense(), dtype=np.float64)
    return shared / mass[:, np.newaxis]


def weighted_overlap(a_inc: sparse.csr_matrix, b_inc: sparse.csr_matrix, idf: np.ndarray) -> np.ndarray:
    """Cosine of idf-weighted binary sets; 0 where either side is empty."""
    wa = a_inc.multiply(idf[np.newaxis, :]).tocsr()
    wb = b_inc.multiply(idf[np.newaxis, :]).tocsr()
    na = np.sqrt(np.asarray(wa.multiply(wa).sum(axis=1)).ravel())
    nb = np.sqrt(np.asarray(wb.multiply(wb).sum(axis=1)).ravel())
    na[na == 0] = 1.0
    nb[nb == 0] = 1.0
    shared = np.asarray((wa @ wb.T).todense(), dtype=np.float64)
    return shared / na[:, np.newaxis] / nb[np.newaxis, :]
