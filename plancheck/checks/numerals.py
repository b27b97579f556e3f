"""Printed numbers of tasks and sections as integers (`11.` -> 11, `(五)` -> 5), and back again."""
from __future__ import annotations

import re
import unicodedata

from ..plans.markers import CN_NUMERAL, chinese_to_int, int_to_chinese

_CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)}  # ①..⑳
_STRIP = re.compile(r"[\s()()\[\]【】〔〕、.．,,::第条项章节部分]")


def number_value(printed: str) -> int | None:
    """The integer a printed task or section number stands for; None when it has none."""
    if not printed:
        return None
    if printed.strip() in _CIRCLED:
        return _CIRCLED[printed.strip()]
    text = _STRIP.sub("", unicodedata.normalize("NFKC", printed))
    if not text:
        return None
    if text.isdigit():
        return int(text)
    return chinese_to_int(text)


def printed_like(value: int, example: str) -> str:
    """`value` printed in the style of `example`: 4 with '(五)' -> '(四)', 4 with '11' -> '4'."""
    text = unicodedata.normalize("NFKC", example)
    digits = re.search(r"\d+", text)
    if digits:
        return text[: digits.start()] + str(value) + text[digits.end():]
    core = re.search(f"[{CN_NUMERAL}]+", text)
    if core and value > 0:
        return text[: core.start()] + int_to_chinese(value) + text[core.end():]
    return str(value)
