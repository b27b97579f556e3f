"""Per-task text features, prepared once per plan side: normalised texts, tokens, terms, quotes, units.

Nothing here compares two tasks; `similarity` builds its matrices from these lists.
"""
from __future__ import annotations

import re
import unicodedata
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import chain
from typing import NamedTuple

import numpy as np

from ..plans.model import Task
from .fuzzy import WordCodes, word_codes
from .genre import SYNONYMS, canonical_tokens, canonical_word, genre_weights
from .tokens import Sentence, analysed_sentences, normalise, quoted_phrases, strip_task_number
from .vocabulary import CodedDocs, code_bigrams, code_documents

_TRAILING_PUNCT = re.compile(r"[。;;,,、\s]+$")
_SENTENCE_END = re.compile(r"[。;;!?!?]")


class SentenceTerms(NamedTuple):
    """A plan's sentence pieces that have terms, as coded documents (`TaskFeatures.sentence_terms`)."""

    docs: CodedDocs  # one document per piece, its terms coded against the plan's term vocabulary
    owners: np.ndarray  # each piece's task
    starts: np.ndarray  # where each task's run of pieces starts (tasks with none left out)


@dataclass(frozen=True)
class TaskFeatures:
    """Everything a similarity score reads about a list of tasks, index-aligned with the list."""

    titles: tuple[str, ...]
    texts: tuple[str, ...]
    words: tuple[tuple[str, ...], ...]
    terms: tuple[tuple[str, ...], ...]
    phrases: tuple[frozenset[str], ...]
    units: tuple[frozenset[str], ...]
    sections: tuple[str, ...]
    positions: tuple[float, ...]
    # Per task, its text cut into analysed sentences (`tokens.analysed_sentences`): the views below that only
    # some comparisons read are derived from them when first read (a scheme is never compared in canonical
    # wording, nor are its sentences matched one by one).
    sentences: tuple[tuple[Sentence, ...], ...] = ()

    def __len__(self) -> int:
        return len(self.texts)

    # One plan's features take part in two or three comparisons: what depends on one side alone is kept.
    @cached_property
    def tokens(self) -> tuple[tuple[str, ...], ...]:
        """Each task's tokens, punctuation included (as `tokens.segment` of its text)."""
        return tuple(tuple(chain.from_iterable(s.tokens for s in p)) for p in self.sentences)

    @cached_property
    def term_sets(self) -> tuple[frozenset[str], ...]:
        """Each task's terms as a set: the terms two tasks share are asked of many pairs (`shared_terms`)."""
        return tuple(map(frozenset, self.terms))

    # A task that uses no genre synonym (about a quarter of a plan's) is in canonical wording already: its wording,
    # words and word set are its own, taken as they are; the others are made canonical sentence piece by piece.
    @cached_property
    def canonical(self) -> tuple[bool, ...]:
        """Per task, whether it is already in canonical wording: none of its words is a genre synonym (a
        synonym is a word, so no other token is one either)."""
        free = SYNONYMS.keys().isdisjoint
        return tuple(map(free, self.words))

    @cached_property
    def wording(self) -> tuple[str, ...]:
        """Each text in the genre's canonical synonyms, for wording ratios (a text's tokens concatenate to it)."""
        return tuple(text if same else "".join(map(_canonical_piece, pieces))
                     for text, same, pieces in zip(self.texts, self.canonical, self.sentences))

    @cached_property
    def canonical_words(self) -> tuple[tuple[str, ...], ...]:
        """The words in canonical synonyms (synonyms map words to words: the words made canonical)."""
        return tuple(w if same else canonical_tokens(w) for w, same in zip(self.words, self.canonical))

    @cached_property
    def word_sets(self) -> list[str]:
        """`fuzzy.word_sets` of the words."""
        from .fuzzy import word_sets

        return word_sets(self.words)

    @cached_property
    def canonical_word_sets(self) -> list[str]:
        """`fuzzy.word_sets` of the words in canonical synonyms (a task in canonical wording has its own)."""
        return _merged(self.canonical, self.word_sets, _canonical_word_sets, self.words)

    @cached_property
    def word_codes(self) -> WordCodes:
        """The words, coded (`fuzzy.sorted_word_strings` sorts them, for the token-sort ratio)."""
        return word_codes(self.words)

    @cached_property
    def canonical_word_codes(self) -> WordCodes:
        """The words in canonical synonyms, coded (renamed from `word_codes`, distinct words only)."""
        return self.word_codes.renamed(canonical_word)

    @cached_property
    def compact_titles(self) -> tuple[str, ...]:
        """`fuzzy.compact` of the titles: the same ratios, computed faster."""
        from .fuzzy import compact

        return compact(self.titles)

    @cached_property
    def compact_texts(self) -> tuple[str, ...]:
        """`fuzzy.compact` of the texts."""
        from .fuzzy import compact

        return compact(self.texts)

    @cached_property
    def compact_wording(self) -> tuple[str, ...]:
        """`fuzzy.compact` of the wording in canonical synonyms (a task in canonical wording has its text's)."""
        from .fuzzy import compact

        return tuple(_merged(self.canonical, self.compact_texts, compact, self.wording))

    # Coded once per plan (`vocabulary`): each comparison joins two sorted vocabularies instead of building
    # its term spaces from strings.
    @cached_property
    def coded_terms(self) -> CodedDocs:
        """The terms, coded."""
        return code_documents(self.terms)

    @cached_property
    def genre_term_weights(self) -> np.ndarray:
        """`genre.genre_weights` of the coded terms' vocabulary (a term's factor depends on the term alone)."""
        return genre_weights(self.coded_terms.terms)

    @cached_property
    def sentence_terms(self) -> SentenceTerms:
        """The sentence pieces that have terms, each one's terms coded (`similarity.sentence_evidence`)."""
        # A task's terms are its pieces' terms in order: each piece's coded terms are a run of its task's.
        owners = np.fromiter((k for k, pieces in enumerate(self.sentences) for _ in pieces), dtype=np.int64)
        lengths = np.fromiter((len(s.terms) for pieces in self.sentences for s in pieces), dtype=np.int64,
                              count=len(owners))
        kept = lengths > 0  # pieces without terms (blank ones among them) match nothing
        terms = self.coded_terms
        owner = owners[kept]
        starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]]) if len(owner) else owner
        return SentenceTerms(CodedDocs(terms.vocabulary, terms.codes, lengths[kept]), owner, starts)

    @cached_property
    def coded_title_bigrams(self) -> CodedDocs:
        """Each title's character bigrams, in order, coded."""
        return code_bigrams(self.titles)

    @cached_property
    def coded_phrases(self) -> CodedDocs:
        """The quoted phrases, coded."""
        return code_documents(self.phrases)

    @cached_property
    def coded_units(self) -> CodedDocs:
        """The lead units, coded."""
        return code_documents(self.units)


def _canonical_piece(piece: Sentence) -> str:
    """A sentence piece in canonical wording: its text when none of its words is a genre synonym."""
    if SYNONYMS.keys().isdisjoint(piece.words):
        return piece.text
    return "".join(canonical_tokens(piece.tokens))


def _canonical_word_sets(word_lists: Sequence[Sequence[str]]) -> list[str]:
    """`fuzzy.word_sets` of the words in canonical synonyms: each distinct word made canonical once (the set of
    the canonical words is the set of the distinct words made canonical)."""
    get = SYNONYMS.get
    return [" ".join(sorted({get(w, w) for w in set(words)})) for words in word_lists]


def _merged(same: Sequence[bool], own: Sequence, make, inputs: Sequence) -> list:
    """Per task, `own[k]` where `same[k]`, else `make` of the other tasks' inputs (one call for all of them)."""
    others = [k for k, kept in enumerate(same) if not kept]
    out = list(own)
    for k, value in zip(others, make([inputs[k] for k in others])):
        out[k] = value
    return out


@lru_cache(maxsize=16384)
def unit_key(unit: str) -> str:
    """A unit name as compared: NFKC, no white space (cached: every stage compares the same few dozen names)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", unit))


def normalised_text(task: Task) -> str:
    """The task's full normalised text (title first), without its leading number."""
    return _with_title(strip_task_number(normalise(task.text)), _bare_title(task.title))


def normalised_title(task: Task) -> str:
    """The normalised title without number and trailing punctuation."""
    title = _bare_title(task.title)
    return _title_of(title, normalised_text(task) if not title else "")


def section_title(task: Task) -> str:
    """The normalised heading the task sits under; the section number is dropped on purpose."""
    return _heading(task.section)


def _bare_title(title: str) -> str:
    """A title normalised, without its leading number (both the text and the title start from it)."""
    return strip_task_number(normalise(title))


def _with_title(text: str, title: str) -> str:
    """The normalised text with its bare title in front, unless it already starts with it."""
    if title and not text.startswith(title[: max(1, len(title) - 1)]):
        text = f"{title}。{text}" if text else title
    return text


def _title_of(title: str, text: str) -> str:
    """`normalised_title` from the bare title and, only when that is empty, the normalised text."""
    if not title:
        title = text.split("。", 1)[0]
    # A title read together with the first sentence of its body (a heading whose line end was lost) is
    # its first sentence: the title is weighed on its own, apart from the body.
    title = _SENTENCE_END.split(_TRAILING_PUNCT.sub("", title), maxsplit=1)[0]
    return _TRAILING_PUNCT.sub("", title)


def _heading(section: str) -> str:
    return _TRAILING_PUNCT.sub("", strip_task_number(normalise(section)))


def prepare(tasks: Sequence[Task]) -> TaskFeatures:
    """Compute the features of a list of tasks (segmentation is cached per distinct text)."""
    # A plan's tasks are one tuple that every stage passes again: found by identity first, since looking a tuple
    # of tasks up by value hashes every field of every task, each time.
    if isinstance(tasks, tuple):
        for seen, features in tuple(_RECENT):  # a copy: another thread may add to it
            if seen is tasks:
                return features
    features = _prepare(tuple(tasks))
    if isinstance(tasks, tuple):
        _RECENT.appendleft((tasks, features))
    return features


# The task tuples last prepared (held, so that their identity stays theirs), as many as `_prepare` keeps.
_RECENT: deque[tuple[tuple[Task, ...], TaskFeatures]] = deque(maxlen=8)


# One analysis compares each plan two or three times (alignment, scheme links, duplicate check): the
# features of the last few task lists are kept rather than recomputed.
@lru_cache(maxsize=8)
def _prepare(tasks: tuple[Task, ...]) -> TaskFeatures:
    # Each title is normalised once for the text it heads and for itself; each heading once for its tasks.
    bare_titles = [_bare_title(t.title) for t in tasks]
    texts = tuple(_with_title(strip_task_number(normalise(t.text)), title) for t, title in zip(tasks, bare_titles))
    pieces = tuple(analysed_sentences(t) for t in texts)
    headings = {section: _heading(section) for section in {t.section for t in tasks}}
    n = max(len(tasks), 1)
    return TaskFeatures(
        titles=tuple(_title_of(title, text) for title, text in zip(bare_titles, texts)),
        texts=texts,
        words=tuple(tuple(chain.from_iterable(s.words for s in p)) for p in pieces),
        terms=tuple(tuple(chain.from_iterable(s.terms for s in p)) for p in pieces),
        phrases=tuple(frozenset(quoted_phrases(t)) for t in texts),
        units=tuple(frozenset(unit_key(u) for u in t.lead_units if unit_key(u)) for t in tasks),
        sections=tuple(headings[t.section] for t in tasks),
        positions=tuple((k + 0.5) / n for k in range(len(tasks))),
        sentences=pieces,
    )
