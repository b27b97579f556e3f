"""Small text helpers shared by the rules: compacting, sentences, and the sentence around a match."""
from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

_SPACE = re.compile(r"\s+")
_PAGE_MARK = re.compile(r"-\s*\d{1,3}\s*-")
_SENTENCE_END = "。;;!!??"


# Cached: the rules compact the same task texts and unit names again and again.
@lru_cache(maxsize=16384)
def compact(text: str) -> str:
    """NFKC, page markers and all white space removed: `2023 年` -> `2023年`."""
    return _SPACE.sub("", _PAGE_MARK.sub("", unicodedata.normalize("NFKC", text or "")))


@cache
def _mark_patterns(marks: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(everything up to the last of the marks, any one of the marks)."""
    one = "[" + re.escape(marks) + "]"
    return re.compile(f".*{one}", re.DOTALL), re.compile(one)


def between_marks(text: str, start: int, end: int, marks: str) -> tuple[int, int]:
    """(just after the last mark before `start` or 0, the first mark from `end` on or len(text)): the
    stretch of text, between punctuation marks, that holds the span [start, end)."""
    last, one = _mark_patterns(marks)
    before = last.match(text, 0, start)
    after = one.search(text, end)
    return (before.end() if before else 0), (after.start() if after else len(text))


def sentence_at(text: str, start: int, end: int | None = None) -> str:
    """The sentence of `text` that holds the span [start, end)."""
    left, right = between_marks(text, start, start if end is None else end, _SENTENCE_END)
    return text[left:right + 1].strip()


def sentences(text: str) -> list[str]:
    """The sentences of a text, each with its closing mark."""
    parts = re.split(f"(?<=[{_SENTENCE_END}])", text)
    return [p.strip() for p in parts if p.strip()]


# Cached: most rules read every task's full text, each review's few hundred tasks fit many times over.
@lru_cache(maxsize=4096)
def task_text(title: str, text: str) -> str:
    """A task's full compacted text, with the title in front when the body does not already start with it."""
    body, head = compact(text), compact(title)
    return body if not head or body.startswith(head) or head in body[: len(head) + 8] else f"{head}。{body}"
