"""Bulk fuzzy scores with rapidfuzz: whole matrices for small inputs, candidate pairs for large ones.

`cdist` scores every pair; `cpdist` scores listed pairs in one call, so a 2,000 x 2,000 comparison pays
only for the few dozen thousand pairs worth scoring. Both run in C++, on all cores for large inputs.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import chain, count, repeat

import numpy as np

from .tokens import token_codes

FLOAT = np.float32
# Up to this many pairs every pair is scored; beyond, only candidate pairs.
FULL_PAIRS = 2_500
# rapidfuzz's thread pool costs more than it gives below this many pairs (up to a millisecond of start-up
# for a call that takes 0.1 ms), and in a batch every core already runs a worker process.
PARALLEL_PAIRS = 100_000


def _workers(pairs: int) -> int:
    return -1 if pairs >= PARALLEL_PAIRS else 1


def _scorer(name: str):
    from rapidfuzz import fuzz

    return getattr(fuzz, name)


def full_matrix(a: Sequence[str], b: Sequence[str], scorer: str) -> np.ndarray:
    """Every pair's score in [0, 1], `scorer` being a rapidfuzz.fuzz function name."""
    if not a or not b:
        return np.zeros((len(a), len(b)), dtype=FLOAT)
    from rapidfuzz import process

    out = process.cdist(list(a), list(b), scorer=_scorer(scorer), workers=_workers(len(a) * len(b)),
                        dtype=FLOAT)
    out /= 100.0
    return out


def scores_every_pair(shape: tuple[int, int]) -> bool:
    """True when a comparison of this shape is small enough to score every pair (no candidates needed)."""
    return shape[0] * shape[1] <= FULL_PAIRS


def ranked_candidates(cheap: np.ndarray, per_task: int) -> tuple[np.ndarray, np.ndarray]:
    """Each row's and each column's `per_task` best partners by `cheap`, best first."""

    def best(matrix: np.ndarray) -> np.ndarray:
        k = min(per_task, matrix.shape[1])
        top = np.argpartition(matrix, k - 1, axis=1)[:, :k]
        order = np.argsort(np.take_along_axis(matrix, top, axis=1), axis=1, kind="stable")
        return np.take_along_axis(top, order, axis=1)

    negated = -cheap.astype(np.float32)
    return best(negated), best(np.ascontiguousarray(negated.T))


def candidate_pairs(shape: tuple[int, int], ranked, per_task: int) -> tuple[np.ndarray, np.ndarray]:
    """All pairs when `ranked` is None; otherwise the union of each row's and column's `per_task` best."""
    n, m = shape
    if ranked is None:
        rows, cols = np.indices((n, m))
        return rows.ravel(), cols.ravel()
    by_row, by_col = ranked
    mask = np.zeros((n, m), dtype=bool)
    mask[np.arange(n)[:, None], by_row[:, :per_task]] = True
    mask[by_col[:, :per_task], np.arange(m)[:, None]] = True
    return np.nonzero(mask)


def pair_scores(a: Sequence[str], b: Sequence[str], rows: np.ndarray, cols: np.ndarray,
                 shape: tuple[int, int], scorer: str) -> np.ndarray:
    """Fuzzy scores for the listed pairs only, computed in one bulk call; 0 elsewhere."""
    out = np.zeros(shape, dtype=FLOAT)
    if len(rows) == 0:
        return out
    from rapidfuzz import process

    if len(rows) == shape[0] * shape[1]:
        return full_matrix(a, b, scorer)
    left = [a[i] for i in rows]
    right = [b[j] for j in cols]
    scores = process.cpdist(left, right, scorer=_scorer(scorer), workers=_workers(len(rows)), dtype=FLOAT)
    out[rows, cols] = scores / 100.0
    return out


@cache
def _compact_table() -> dict[int, int]:
    """A permutation of characters that swaps the genre's commonest characters with codes 1-255 (white space
    excepted, so that token scorers split the same words)."""
    from .genre import common_characters

    free = [k for k in range(1, 0x100) if not chr(k).isspace()]
    table: dict[int, int] = {}
    for char, code in zip(common_characters(), free):
        table[ord(char)] = code
        table[code] = ord(char)
    return table


@cache
def _compact_codes() -> np.ndarray:
    """`_compact_table` as a lookup array over the Basic Multilingual Plane (the table swaps no other code)."""
    codes = np.arange(0x10000, dtype=np.uint32)
    for old, new in _compact_table().items():
        codes[old] = new
    return codes


def compact(texts: Sequence[str]) -> tuple[str, ...]:
    """The texts with their commonest characters given codes below 256, for `ratio`.

    rapidfuzz looks such characters up in a plain array and every other one in a hash map, which makes the
    character ratio of two plan texts two to four times slower. Any one-to-one recoding of the characters
    leaves the ratio (the longest common subsequence) unchanged; token_set_ratio, which sorts words, is not
    given compact texts. The texts are recoded together as one array of code points (`str.translate` looks
    each character up in a dict, ten times slower)."""
    if not texts:
        return ()
    joined = "".join(texts).encode("utf-32-le", "surrogatepass")
    points = np.frombuffer(joined, dtype=np.uint32)
    recoded = np.where(points < 0x10000, _compact_codes()[np.minimum(points, 0xFFFF)], points)
    whole = recoded.astype(np.uint32).tobytes().decode("utf-32-le", "surrogatepass")
    out = []
    start = 0
    for text in texts:
        end = start + len(text)
        out.append(whole[start:end])
        start = end
    return tuple(out)


def word_sets(word_lists: Sequence[Sequence[str]]) -> list[str]:
    """The distinct words joined by spaces, the way rapidfuzz's token scorers expect them. token_set_ratio
    looks only at the set of words; given them sorted and once each, it splits them about 10% quicker."""
    return [" ".join(sorted(set(w))) for w in word_lists]


def encoded(a: Sequence[Sequence[str]], b: Sequence[Sequence[str]], sort: bool) -> tuple[list[str], list[str]]:
    """Each distinct word becomes one character (as diff-match-patch's line mode does), so a character
    ratio of the encoded strings is a word-level ratio; sorted, it is rapidfuzz's token_sort_ratio (two
    lists sorted in one order have their common words as longest common subsequence, whatever the order)."""
    distinct = dict.fromkeys(chain.from_iterable(chain(a, b)))  # in order of first appearance
    # Codes from 1 up: the first 255 are the characters rapidfuzz looks up quickest.
    code = dict(zip(distinct, token_codes(len(distinct), first=1))).__getitem__

    def encode(ws: Sequence[str]) -> str:
        chars = list(map(code, ws))
        return "".join(sorted(chars) if sort else chars)

    encoded_a = [encode(w) for w in a]
    return encoded_a, encoded_a if b is a else [encode(w) for w in b]



@dataclass(frozen=True)
class WordCodes:
    """Documents' words coded in order of first appearance (`TaskFeatures.word_codes`)."""

    index: dict[str, int]  # each distinct word's code
    codes: np.ndarray  # every word of every document in order, as its code (int64)
    lengths: np.ndarray  # words per document

    @cached_property
    def sorted_codes(self) -> np.ndarray:
        """`codes` sorted within each document."""
        return _sorted_within(self.codes, self.lengths)

    @cached_property
    def sorted_strings(self) -> list[str]:
        """Each document's sorted codes as a string (`_code_strings`). Code k is the same character whatever
        the number of codes, so these are this side's strings in every comparison (`sorted_word_strings`)."""
        return _code_strings(self.sorted_codes, self.lengths, len(self.index))

    def renamed(self, rename: Callable[[str], str]) -> WordCodes:
        """The codes of the words each renamed to a word (two words may become one): `word_codes` of the renamed
        lists, but for a one-to-one change of codes, which changes no ratio of sorted codes."""
        index: dict[str, int] = {}
        setdefault = index.setdefault
        codes = np.fromiter((setdefault(rename(w), len(index)) for w in self.index), dtype=np.int64,
                            count=len(self.index))
        return WordCodes(index, codes[self.codes], self.lengths)


def word_codes(word_lists: Sequence[Sequence[str]]) -> WordCodes:
    """Code the words of each list, from 0 up in order of first appearance."""
    flat = list(chain.from_iterable(word_lists))
    index = dict(zip(dict.fromkeys(flat), count()))
    codes = np.fromiter(map(index.__getitem__, flat), dtype=np.int64, count=len(flat))
    return WordCodes(index, codes, np.fromiter(map(len, word_lists), dtype=np.int64, count=len(word_lists)))


def sorted_word_strings(a: WordCodes, b: WordCodes) -> tuple[list[str], list[str]]:
    """Each document's words sorted, one character a word (the codes of both lists joined), for the token-sort
    ratio: two sequences sorted in one order have their common words as longest common subsequence, whatever
    the order, so the codes' order does as well as the words' (`encoded` of words sorted as strings)."""
    if b is a:
        return a.sorted_strings, a.sorted_strings
    # b's words as codes of the joint list: a's codes, and new ones after them, in b's order, for words a lacks.
    local = np.fromiter(map(a.index.get, b.index, repeat(-1)), dtype=np.int64, count=len(b.index))
    lacking = local < 0
    distinct = len(a.index) + int(lacking.sum())
    local[lacking] = np.arange(len(a.index), distinct, dtype=np.int64)
    codes_b = _sorted_within(local[b.codes], b.lengths)
    return a.sorted_strings, _code_strings(codes_b, b.lengths, distinct)


def _sorted_within(codes: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The codes sorted within each run of `lengths` codes."""
    # Codes are below `width`: sorting row * width + code sorts the codes of each row and keeps the rows in place.
    width = int(codes.max(initial=0)) + 1
    offsets = np.repeat(np.arange(len(lengths), dtype=np.int64) * width, lengths)
    keys = offsets + codes
    keys.sort()
    keys -= offsets
    return keys


def _code_points(distinct: int) -> np.ndarray:
    """The code points of `token_codes(distinct, first=1)`: 1, 2, ... with the surrogates skipped."""
    points = np.arange(1, distinct + 1, dtype=np.uint32)
    points[points >= 0xD800] += 0x800
    return points


def _code_strings(codes: np.ndarray, lengths: np.ndarray, distinct: int) -> list[str]:
    """Each run of `lengths` codes as a string, code k as the character `token_codes` gives it (from 1 up: the
    first 255 are the characters rapidfuzz looks up quickest); decoded as one string, then cut."""
    whole = _code_points(distinct)[codes].tobytes().decode("utf-32-le", "surrogatepass")
    ends = np.cumsum(lengths).tolist()
    return [whole[start:end] for start, end in zip([0, *ends[:-1]], ends)]
