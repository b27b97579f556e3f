"""Numbering markers of Chinese official documents: `一、` `(一)` `1.` `1、` `(1)` `①`, and their values."""
from __future__ import annotations

import re
from typing import NamedTuple

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
           "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUMERAL = "零〇一二两三四五六七八九十百千"


def chinese_to_int(numeral: str) -> int | None:
    """`二十二` -> 22, `十一` -> 11, `一百零五` -> 105; None when it is not a Chinese numeral."""
    if not numeral or any(ch not in _DIGITS and ch not in _UNITS for ch in numeral):
        return None
    total, digit = 0, None
    for ch in numeral:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
    return total + (digit or 0)


def int_to_chinese(value: int) -> str:
    """22 -> `二十二`, the way plans print section and item numbers."""
    digits = "零一二三四五六七八九"
    if value < 10:
        return digits[value]
    if value < 20:
        return "十" + (digits[value - 10] if value > 10 else "")
    if value < 100:
        tens, ones = divmod(value, 10)
        return digits[tens] + "十" + (digits[ones] if ones else "")
    hundreds, rest = divmod(value, 100)
    tail = "" if rest == 0 else ("零" + int_to_chinese(rest) if rest < 10 else
                                  ("一" + int_to_chinese(rest) if rest < 20 else int_to_chinese(rest)))
    return digits[hundreds] + "百" + tail


_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# Conventional depth of each marker kind in Chinese official documents. `一是`/`二是` enumerate points in
# running prose; they count as numbering only where they open a line (see splitting.find_markers).
# `一.` is a section number typed with a full stop for 、; `1)` is `(1)` with its opening bracket left out
# (kind `ar_half`, printed `1)` or `1)`).
KIND_DEPTH = {"cn_dun": 0, "cn_paren": 1, "ar_dot": 2, "ar_dun": 2, "ar_paren": 3, "ar_half": 3, "circled": 4,
              "cn_shi": 5}

MARKER_RE = re.compile(
    r"(?P<cn_dun>[一二三四五六七八九十百]{1,4})(?:、|[.．](?![\d.．]))"
    r"|[((](?P<cn_paren>[一二三四五六七八九十百]{1,4})[))]"
    r"|(?P<ar_dot>\d{1,3})[.．](?![\d.．])"
    r"|(?P<ar_dun>\d{1,3})、"
    r"|[((](?P<ar_paren>\d{1,3})[))]"
    r"|(?P<ar_half>\d{1,3})[))]"
    rf"|(?P<circled>[{_CIRCLED}])"
    r"|(?P<cn_shi>[一二三四五六七八九十]{1,3})是"
)


class Marker(NamedTuple):
    """A numbering marker found in the text: kind, numeric value, printed form and span. (A named tuple: one is
    made for every candidate position of a plan.)"""

    kind: str
    value: int
    printed: str
    start: int
    end: int


def marker_at(text: str, pos: int) -> Marker | None:
    """The numbering marker that starts exactly at pos, if any."""
    match = MARKER_RE.match(text, pos)
    if not match:
        return None
    kind = match.lastgroup
    raw = match.group(kind)
    if kind in ("cn_dun", "cn_paren", "cn_shi"):
        value = chinese_to_int(raw)
    elif kind == "circled":
        value = _CIRCLED.index(raw) + 1
    else:
        value = int(raw)
    if value is None or value == 0:
        return None
    return Marker(kind=kind, value=value, printed=match.group(0), start=pos, end=match.end())


def printed_number(marker: Marker) -> str:
    """The number as the gold format records it: `11` for `11.`, `(五)` for `(五)`, `一` for `一、`."""
    if marker.kind in ("ar_dot", "ar_dun", "ar_half"):
        return str(marker.value)
    if marker.kind == "cn_dun":
        return marker.printed[:-1]
    if marker.kind in ("cn_paren", "ar_paren"):
        inner = marker.printed[1:-1]
        return f"({inner})"
    return marker.printed
