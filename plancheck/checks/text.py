"""Small text helpers shared by the rules: compacting, sentences, and the sentence around a match."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACE = re.compile(r"\s+")
_PAGE_MARK = re.compile(r"-\s*\d{1,3}\s*-")
_SENTENCE_END = "。;;!!??"


# Cached: the rules compact the same task texts and unit names again and again.
@lru_cache(maxsize=16384)
def compact(text: str) -> str:
    """NFKC, page markers and all white space removed: `2023 年` -> `2023年`."""
    return _SPACE.sub("", _PAGE_MARK.sub("", unicodedata.normalize("NFKC", text or "")))


def sentence_at(text: str, start: int, end: int | None = None) -> str:
    """The sentence of `text` that holds the span [start, end)."""
    end = start if end is None else end
    left = max((text.rfind(ch, 0, start) for ch in _SENTENCE_END), default=-1) + 1
    rights = [i for ch in _SENTENCE_END if (i := text.find(ch, end)) != -1]
    right = min(rights) + 1 if rights else len(text)
    return text[left:right].strip()


def sentences(text: str) -> list[str]:
    """The sentences of a text, each with its closing mark."""
    parts = re.split(f"(?<=[{_SENTENCE_END}])", text)
    return [p.strip() for p in parts if p.strip()]


def task_text(title: str, text: str) -> str:
    """A task's full compacted text, with the title in front when the body does not already start with it."""
    body, head = compact(text), compact(title)
    return body if not head or body.startswith(head) or head in body[: len(head) + 8] else f"{head}。{body}"
