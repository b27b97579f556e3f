"""Per-task text features, prepared once per plan side: normalised texts, tokens, terms, quotes, units.

Nothing here compares two tasks; `similarity` builds its matrices from these lists.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..plans.model import Task
from .genre import canonical_tokens
from .tokens import content_terms, normalise, quoted_phrases, segment, strip_task_number, words

_TRAILING_PUNCT = re.compile(r"[。;;,,、\s]+$")
_SENTENCE_END = re.compile(r"[。;;!?!?]")


@dataclass(frozen=True)
class TaskFeatures:
    """Everything a similarity score reads about a list of tasks, index-aligned with the list."""

    titles: tuple[str, ...]
    texts: tuple[str, ...]
    tokens: tuple[tuple[str, ...], ...]
    words: tuple[tuple[str, ...], ...]
    wording: tuple[str, ...]  # the text in the genre's canonical synonyms, for wording ratios
    canonical_words: tuple[tuple[str, ...], ...]
    terms: tuple[tuple[str, ...], ...]
    phrases: tuple[frozenset[str], ...]
    units: tuple[frozenset[str], ...]
    sections: tuple[str, ...]
    positions: tuple[float, ...]

    def __len__(self) -> int:
        return len(self.texts)


@lru_cache(maxsize=16384)
def unit_key(unit: str) -> str:
    """A unit name as compared: NFKC, no white space (cached: every stage compares the same few dozen names)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", unit))


def normalised_text(task: Task) -> str:
    """The task's full normalised text (title first), without its leading number."""
    text = strip_task_number(normalise(task.text))
    title = strip_task_number(normalise(task.title))
    if title and not text.startswith(title[: max(1, len(title) - 1)]):
        text = f"{title}。{text}" if text else title
    return text


def normalised_title(task: Task) -> str:
    """The normalised title without number and trailing punctuation."""
    title = strip_task_number(normalise(task.title))
    if not title:
        title = normalised_text(task).split("。", 1)[0]
    # A title read together with the first sentence of its body (a heading whose line end was lost) is
    # its first sentence: the title is weighed on its own, apart from the body.
    title = _SENTENCE_END.split(_TRAILING_PUNCT.sub("", title), maxsplit=1)[0]
    return _TRAILING_PUNCT.sub("", title)


def section_title(task: Task) -> str:
    """The normalised heading the task sits under; the section number is dropped on purpose."""
    return _TRAILING_PUNCT.sub("", strip_task_number(normalise(task.section)))


def prepare(tasks: Sequence[Task]) -> TaskFeatures:
    """Compute the features of a list of tasks (segmentation is cached per distinct text)."""
    return _prepare(tuple(tasks))


# One analysis compares each plan two or three times (alignment, scheme links, duplicate check): the
# features of the last few task lists are kept rather than recomputed.
@lru_cache(maxsize=8)
def _prepare(tasks: tuple[Task, ...]) -> TaskFeatures:
    texts = tuple(normalised_text(t) for t in tasks)
    tokens = tuple(segment(t) for t in texts)
    n = max(len(tasks), 1)
    canonical = tuple(canonical_tokens(tok) for tok in tokens)
    return TaskFeatures(
        titles=tuple(normalised_title(t) for t in tasks),
        texts=texts,
        tokens=tokens,
        words=tuple(tuple(words(tok)) for tok in tokens),
        wording=tuple("".join(tok) for tok in canonical),
        canonical_words=tuple(tuple(words(tok)) for tok in canonical),
        terms=tuple(tuple(content_terms(tok)) for tok in tokens),
        phrases=tuple(frozenset(quoted_phrases(t)) for t in texts),
        units=tuple(frozenset(unit_key(u) for u in t.lead_units if unit_key(u)) for t in tasks),
        sections=tuple(section_title(t) for t in tasks),
        positions=tuple((k + 0.5) / n for k in range(len(tasks))),
    )
