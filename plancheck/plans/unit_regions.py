"""Where a task's unit fields sit inside its text: a bracketed block (`〔牵头单位:…〕`), label lines
(`牵头单位:…` / `责任单位:…`), an unlabelled `(X牵头,Y配合)` or a unit clause opening the text."""
from __future__ import annotations

import re
from typing import NamedTuple

from .units import (
    BARE_LABEL_LINE_RE,
    LABEL_RE,
    SHARED_UNIT_WORDS,
    label_view,
    parse_labelled,
    parse_leading_units,
    parse_unit_sentence,
    parse_unlabelled,
)

_BRACKET_OPEN = {"〔": "〕", "[": "]", "【": "】", "(": ")"}  # full-width forms are folded before splitting
UNIT_HINT_RE = re.compile(r"牵头|责任单位|责任部门|配合单位|协办单位|责任科室|责任分工|牵头单位")
# Inside a bracket, `负责` hints at units too: `(县司法局负责,各县(区)人民政府配合)`.
_BRACKET_HINT_RE = re.compile(f"{UNIT_HINT_RE.pattern}|负责")
_OPENING_OF = {closing: opening for opening, closing in _BRACKET_OPEN.items()}
_BRACKET_RE = re.compile("|".join(re.escape(b) for b in [*_BRACKET_OPEN, *_OPENING_OF]))
# Bracketed unit hints that fail to parse, tried per text before giving up: a real task has one or two, and
# trying thousands (a damaged or hostile file) costs quadratic time.
_MAX_UNIT_BLOCK_TRIES = 20
_UNIT_BLOCK_OPENING_RE = re.compile(r"[〔\[【((]")
_UNLABELLED_AT_END_RE = re.compile(r"[((]([^()()]{2,80})[))]$")


class UnitRegion(NamedTuple):
    """Where a task's unit fields sit inside its text, and what they say. (A named tuple: one is made for
    every candidate block of every task, at half the cost of a frozen dataclass, and as immutable.)"""

    start: int
    end: int
    fields: tuple[tuple[str, str], ...]
    text: str


def find_unit_region(text: str, paragraph_mode: bool, view: str | None = None) -> UnitRegion | None:
    """The unit block of a task's text: bracketed, on label lines, or an unlabelled `(X牵头,Y配合)`.

    view: `label_view(text)`, where the caller has it already (a slice of its whole text's view).
    """
    view = label_view(text) if view is None else view
    regions = [r for r in (_bracketed_region(text, view), _label_line_region(text, view, paragraph_mode),
                           _unlabelled_region(text)) if r]
    if not regions:
        return _leading_region(text)
    if len(regions) == 1:
        return regions[0]  # (what merging one region gives: its own start, end, fields and text)
    first = min(regions, key=lambda r: r.start)
    merged_fields = list(first.fields)
    end = first.end
    for other in sorted(regions, key=lambda r: r.start):
        if other is not first and other.start >= end and not text[end:other.start].strip():
            merged_fields.extend(other.fields)
            end = other.end
    return UnitRegion(first.start, end, tuple(merged_fields), text[first.start:end])


class UnitRegionCache:
    """`find_unit_region` of spans of one text, each computed once: choosing the task level and cutting
    the tasks out look at the same spans (an item's text is usually also its tail). The text's label view is
    made once, for all spans (label_view translates character for character, so its slices are the views of
    the text's slices)."""

    def __init__(self, text: str, paragraph_mode: bool) -> None:
        self.text = text
        self.view = label_view(text)
        self.paragraph_mode = paragraph_mode
        self._found: dict[tuple[int, int], UnitRegion | None] = {}

    def hinted(self, start: int, end: int) -> bool:
        """Whether text[start:end] holds a unit hint (`牵头`, `责任单位`…): only then can it hold a unit block."""
        return UNIT_HINT_RE.search(self.view, start, end) is not None

    def region(self, start: int, end: int) -> UnitRegion | None:
        """The unit region of text[start:end], with offsets relative to start."""
        key = (start, end)
        if key not in self._found:
            self._found[key] = find_unit_region(self.text[start:end], self.paragraph_mode, self.view[start:end])
        return self._found[key]


def _bracket_pairs(text: str) -> dict[int, int]:
    """Index of the bracket closing each opening bracket, nested pairs counted; brackets never closed are absent.

    One pass for all brackets: scanning ahead from each one is quadratic in a text full of unclosed brackets.
    """
    pairs: dict[int, int] = {}
    open_at: dict[str, list[int]] = {opening: [] for opening in _BRACKET_OPEN}
    for match in _BRACKET_RE.finditer(text):
        bracket = match.group(0)
        if bracket in open_at:
            open_at[bracket].append(match.start())
        elif open_at[_OPENING_OF[bracket]]:
            pairs[open_at[_OPENING_OF[bracket]].pop()] = match.start()
    return pairs


def _bracketed_region(text: str, view: str) -> UnitRegion | None:
    pairs = None
    tries = 0
    for match in _UNIT_BLOCK_OPENING_RE.finditer(text):
        if not _BRACKET_HINT_RE.search(view, match.end(), match.end() + 40):
            continue  # the hint must lie in the first 40 characters inside the bracket: checked cheaply first
        if pairs is None:
            pairs = _bracket_pairs(text)
        stop = pairs.get(match.start(), -1)
        inner = text[match.end(): stop if stop >= 0 else len(text)]
        if not _BRACKET_HINT_RE.search(view, match.end(), match.end() + min(len(inner), 40)):
            continue
        tries += 1
        if tries > _MAX_UNIT_BLOCK_TRIES:
            break
        if match.group(0) in "((" and stop >= 0 and text[stop + 1:].split("\n", 1)[0].strip(" 。;;"):
            continue  # a parenthesis in the middle of the body is prose, not the unit block
        fields = parse_labelled(inner) or parse_unlabelled(inner)
        if fields:
            end = stop + 1 if stop >= 0 else len(text)
            return UnitRegion(match.start(), end, tuple(fields), text[match.start():end])
    return None


# The words that open a unit line serving several tasks, before its first label: `以上任务`, `本部分工作的`.
_SHARED_LABEL_PREFIX_RE = re.compile(rf"(?:{SHARED_UNIT_WORDS})[^\n,,。;;:]{{0,8}}$")


def _shared_label_prefix(view: str, label_start: int) -> re.Match[str] | None:
    """`以上任务` opening the line of the label at label_start, if it does (looked for in a short window:
    scanning back to the line's start for every label is quadratic in text full of labels)."""
    window_start = max(0, label_start - 14)
    found = _SHARED_LABEL_PREFIX_RE.search(view, window_start, label_start)
    if found and (found.start() == 0 or view[found.start() - 1] == "\n"):
        return found
    return None


def _label_line_region(text: str, view: str, paragraph_mode: bool) -> UnitRegion | None:
    for match in LABEL_RE.finditer(view):
        before = text[match.start() - 1] if match.start() else "\n"
        bracketed_label = before in "【[〔" and match.group(0)[-1] in "】]〕"  # `【牵头单位】县司法局`
        shared = _shared_label_prefix(view, match.start())  # `以上任务牵头单位:…`
        if before not in "\n。;; \t" and not bracketed_label and not shared:
            continue  # (a label just inside `〔牵头单位:…〕` is the bracketed block's, found there)
        start = shared.start() if shared else match.start() - 1 if bracketed_label else match.start()
        region = _label_block(text, view, start, match.end(), paragraph_mode)
        if region:
            return region
    # Label words without a colon count only where they open a line (`牵头单位县司法局责任单位各乡镇`).
    for match in BARE_LABEL_LINE_RE.finditer(view):
        region = _label_block(text, view, match.start(), match.end(), paragraph_mode)
        if region:
            return region
    return None


def _label_block(text: str, view: str, start: int, label_end: int, paragraph_mode: bool) -> UnitRegion | None:
    """The unit block whose first label spans start:label_end: to the end of its line and of the label
    lines that follow (in wrapped text, to the end of the sentence)."""
    end = text.find("\n", label_end)
    end = len(text) if end < 0 else end
    # Following label lines (`牵头单位:…` then `配合单位:…`) belong to the same block.
    while end < len(text) and (LABEL_RE.match(view, end + 1) or
                               (not paragraph_mode and not text[end - 1] in "。;;")):
        next_end = text.find("\n", end + 1)
        end = len(text) if next_end < 0 else next_end
    fields = parse_labelled(text[start:end])
    return UnitRegion(start, end, tuple(fields), text[start:end]) if fields else None


def _leading_region(text: str) -> UnitRegion | None:
    """`县司法局牵头,县直各部门配合,全面推行……`: the unit clause that opens the task's text."""
    found = parse_leading_units(text)
    if found is None:
        return None
    end, fields = found
    start = len(text) - len(text.lstrip())
    return UnitRegion(start, end, tuple(fields), text[start:end])


def _unlabelled_region(text: str) -> UnitRegion | None:
    """`(县司法局牵头,各部门配合)` or a sentence `由县司法局牵头,各部门配合。` closing the task's text or its
    first paragraph."""
    offset = 0
    for line in text.split("\n"):
        body = line.rstrip(" 。")
        match = _UNLABELLED_AT_END_RE.search(body)
        if match:
            fields = parse_unlabelled(match.group(1))
            if fields:
                return UnitRegion(offset + match.start(), offset + match.end(), tuple(fields), match.group(0))
        if ("牵头" in line or "负责" in line) and ":" not in line:  # cheap tests first: prose, label lines
            start = max(body.rfind("。"), body.rfind(";"), body.rfind(";")) + 1
            fields = parse_unit_sentence(line[start:].strip()) if start or offset else []  # not the title
            if fields:
                return UnitRegion(offset + start, offset + len(line), tuple(fields), line[start:])
        offset += len(line) + 1
    return None
