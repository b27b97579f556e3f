"""Split a text stream into sections and tasks: find the numbering hierarchy, pick the task level,
and cut each task into its body and its unit fields."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from .markers import KIND_DEPTH, MARKER_RE, Marker, marker_at, printed_number
from .raw import RawTask
from .stream import Stream
from .units import (
    BARE_LABEL_LINE_RE,
    LABEL_RE,
    label_view,
    names_a_unit,
    parse_labelled,
    parse_leading_units,
    parse_unit_sentence,
    parse_unlabelled,
)

# Positions after which a numbering marker may start (besides the start of a line).
_WEAK_BOUNDARY = "。;;!?!?"
_STRONG_BOUNDARY = "〕)）】」\n \t\u3000"
# A boundary character with a numbering marker right after it (the lookahead consumes nothing, so markers
# that follow one another are all found).
_MARKER_AFTER_BOUNDARY_RE = re.compile(f"[{re.escape(_WEAK_BOUNDARY + _STRONG_BOUNDARY)}](?={MARKER_RE.pattern})")
# Sections whose numbered paragraphs are prose about the plan, not commitments.
NON_TASK_SECTION_RE = re.compile(r"^(?:总体要求|指导思想|基本原则|工作原则|总体目标|主要目标|工作目标|目标要求)")
_BRACKET_OPEN = {"〔": "〕", "[": "]", "【": "】", "(": ")"}  # full-width forms are folded before splitting
_UNIT_HINT_RE = re.compile(r"牵头|责任单位|责任部门|配合单位|协办单位|责任科室|责任分工|牵头单位")
_OPENING_OF = {closing: opening for opening, closing in _BRACKET_OPEN.items()}
_BRACKET_RE = re.compile("|".join(re.escape(b) for b in [*_BRACKET_OPEN, *_OPENING_OF]))
# Bracketed unit hints that fail to parse, tried per text before giving up: a real task has one or two, and
# trying thousands (a damaged or hostile file) costs quadratic time.
_MAX_UNIT_BLOCK_TRIES = 20
_UNIT_BLOCK_OPENING_RE = re.compile(r"[〔\[【((]")
_UNLABELLED_AT_END_RE = re.compile(r"[((]([^()()]{2,80})[))]$")
_FULL_STOP_RE = re.compile(r"[。]")
# A line break and the spaces around it, as wrapped text has them; (?<!\s): linear on long runs of spaces.
_WRAP_RE = re.compile(r"(?<!\s)\s*\n\s*")


@dataclass(frozen=True)
class UnitRegion:
    """Where a task's unit fields sit inside its text, and what they say."""

    start: int
    end: int
    fields: tuple[tuple[str, str], ...]
    text: str


def find_markers(text: str) -> list[Marker]:
    """Numbering markers that stand at a boundary and continue their kind's sequence."""
    candidates: list[tuple[Marker, bool]] = []
    for pos in _marker_positions(text):
        before = text[pos - 1] if pos else "\n"
        marker = marker_at(text, pos)
        if marker is None or marker.end >= len(text) or text[marker.end] in "\n,,。;;、":
            continue
        if marker.kind == "cn_shi" and before != "\n":
            continue  # `……;二是……` inside a paragraph is prose
        candidates.append((marker, before in _STRONG_BOUNDARY))
    return _keep_sequences(candidates)


def _marker_positions(text: str) -> list[int]:
    """The start of the text and every position where a marker follows a boundary character.

    Found by one regex scan; trying the marker pattern at every character from Python costs far more.
    """
    return [0, *(match.end() for match in _MARKER_AFTER_BOUNDARY_RE.finditer(text))]


def _keep_sequences(candidates: list[tuple[Marker, bool]]) -> list[Marker]:
    """Keep candidates that follow their kind's count: continuing it, or restarting at 1 under a new parent."""
    last: dict[str, int] = {}
    restartable: set[str] = set()
    kept: list[Marker] = []
    for marker, strong in candidates:
        previous = last.get(marker.kind, 0)
        if marker.value == previous + 1:
            ok = True
        elif marker.value == 1:
            ok = strong or marker.kind in restartable
        elif previous and strong and marker.value in (previous, previous + 2, previous + 3):
            ok = True  # a printing error (skip or repeat) that the numbering rule will report
        else:
            ok = False
        if not ok:
            continue
        kept.append(marker)
        last[marker.kind] = marker.value
        restartable.discard(marker.kind)
        depth = KIND_DEPTH[marker.kind]
        restartable.update(kind for kind in last if KIND_DEPTH[kind] > depth)
    return kept


def find_unit_region(text: str, paragraph_mode: bool) -> UnitRegion | None:
    """The unit block of a task's text: bracketed, on label lines, or an unlabelled `(X牵头,Y配合)`."""
    regions = [r for r in (_bracketed_region(text), _label_line_region(text, paragraph_mode),
                           _unlabelled_region(text)) if r]
    if not regions:
        return _leading_region(text)
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
    the tasks out look at the same spans (an item's text is usually also its tail)."""

    def __init__(self, text: str, paragraph_mode: bool) -> None:
        self.text = text
        self.paragraph_mode = paragraph_mode
        self._found: dict[tuple[int, int], UnitRegion | None] = {}

    def region(self, start: int, end: int) -> UnitRegion | None:
        """The unit region of text[start:end], with offsets relative to start."""
        key = (start, end)
        if key not in self._found:
            self._found[key] = find_unit_region(self.text[start:end], self.paragraph_mode)
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


def _bracketed_region(text: str) -> UnitRegion | None:
    pairs = None
    tries = 0
    for match in _UNIT_BLOCK_OPENING_RE.finditer(text):
        if not _UNIT_HINT_RE.search(label_view(text[match.end():match.end() + 40])):
            continue  # the hint must lie in the first 40 characters inside the bracket: checked cheaply first
        if pairs is None:
            pairs = _bracket_pairs(text)
        stop = pairs.get(match.start(), -1)
        inner = text[match.end(): stop if stop >= 0 else len(text)]
        if not _UNIT_HINT_RE.search(label_view(inner[:40])):
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


def _label_line_region(text: str, paragraph_mode: bool) -> UnitRegion | None:
    view = label_view(text)
    for match in LABEL_RE.finditer(view):
        before = text[match.start() - 1] if match.start() else "\n"
        bracketed_label = before in "【[〔" and match.group(0)[-1] in "】]〕"  # `【牵头单位】县司法局`
        if before not in "\n。;; \t" and not bracketed_label:
            continue  # (a label just inside `〔牵头单位:…〕` is the bracketed block's, found there)
        start = match.start() - 1 if bracketed_label else match.start()
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


def _direct_span(text: str, markers: list[Marker], i: int) -> tuple[int, int]:
    """Start and end of item i's own text: from its marker to the next marker of any level."""
    end = markers[i + 1].start if i + 1 < len(markers) else len(text)
    return markers[i].end, end


def _direct_text(text: str, markers: list[Marker], i: int) -> str:
    start, end = _direct_span(text, markers, i)
    return text[start:end]


def _has_body(segment: str) -> bool:
    """Body text, not a heading: a full sentence followed by more, or a long paragraph."""
    segment = segment.strip()
    first_stop = segment.find("。")
    return (0 <= first_stop < len(segment) - 1) or len(segment) >= 45


def _next_sibling(markers: list[Marker], i: int) -> int:
    """Index of the first marker after i at its depth or above (len(markers) if none): i's sub-items lie between.

    Walked by index, not by slicing or scanning all later markers, which is quadratic in a plan of many tasks.
    """
    depth = KIND_DEPTH[markers[i].kind]
    j = i + 1
    while j < len(markers) and KIND_DEPTH[markers[j].kind] > depth:
        j += 1
    return j


def _ends_with_units(regions: UnitRegionCache, markers: list[Marker], i: int) -> bool:
    """Whether item i closes with a unit block (after its last sub-item, if it has any)."""
    text = regions.text
    j = _next_sibling(markers, i)
    start = markers[j - 1].end if j > i + 1 else markers[i].end
    end = markers[j].start if j < len(markers) else len(text)
    region = regions.region(start, end)
    if region is None:
        return False
    after = text[start + region.end:end]
    return not after.strip(" \n。;;") or (regions.paragraph_mode and after.startswith("\n"))


def choose_task_kind(text: str, markers: list[Marker], paragraph_mode: bool,
                     regions: UnitRegionCache | None = None) -> str | None:
    """The task level: the deepest kind whose items close with unit blocks, else the shallowest kind
    whose items carry body text (headings and topic lines above it are not tasks).

    `regions` (for this text and paragraph_mode) lets the caller reuse the unit regions found here.
    """
    kinds = sorted({m.kind for m in markers}, key=lambda k: KIND_DEPTH[k])
    if not kinds:
        return None
    if regions is None:
        regions = UnitRegionCache(text, paragraph_mode)
    labelled = []
    with_body: dict[str, float] = {}
    for kind in kinds:
        indexes = [i for i, m in enumerate(markers) if m.kind == kind]
        unit_hits = sum(_ends_with_units(regions, markers, i) for i in indexes)
        with_body[kind] = sum(_has_body(_direct_text(text, markers, i)) for i in indexes) / len(indexes)
        if len(indexes) >= 2 and unit_hits / len(indexes) >= 0.6:
            labelled.append(kind)
    if labelled:
        return max(labelled, key=lambda k: KIND_DEPTH[k])
    # `一是……` paragraphs are the task level only when they carry units: else they are points of a task.
    unnumbered = [kind for kind in kinds if kind != "cn_shi"] or kinds
    for kind in unnumbered:
        if with_body[kind] >= 0.5 and sum(m.kind == kind for m in markers) >= 2:
            return kind
    return unnumbered[-1]


def split_stream(stream: Stream) -> tuple[list[tuple[str, str]], list[RawTask], str]:
    """Sections (number, title), raw tasks, and the preamble text before the first numbered item."""
    text = stream.text
    markers = find_markers(text)
    regions = UnitRegionCache(text, stream.paragraph_mode)
    task_kind = choose_task_kind(text, markers, stream.paragraph_mode, regions)
    if task_kind is None:
        return [], [], text
    task_depth = KIND_DEPTH[task_kind]
    # The hierarchy is what stands above and at the task level; deeper markers are part of a task's body.
    markers = [m for m in markers if KIND_DEPTH[m.kind] <= task_depth]
    section_kinds = sorted({m.kind for m in markers if KIND_DEPTH[m.kind] < task_depth}, key=KIND_DEPTH.get)
    section_kind = section_kinds[0] if section_kinds else None
    sections: list[tuple[str, str]] = []
    found: list[_FoundTask] = []
    current_section = ("", "")
    skip_section = False
    # Unit fields printed on a heading (`一、深入推进依法行政(牵头单位:县司法局)`), by depth: they hold for
    # every task under that heading that names no unit of its own.
    heading_fields: dict[int, tuple[tuple[str, str], ...]] = {}
    for i, marker in enumerate(markers):
        start, end = _direct_span(text, markers, i)
        segment = text[start:end]
        depth = KIND_DEPTH[marker.kind]
        if depth < task_depth:
            region = regions.region(start, end) if _UNIT_HINT_RE.search(label_view(segment)) else None
            if heading_fields:
                heading_fields = {d: f for d, f in heading_fields.items() if d < depth}
            if region and region.start > 0 and names_a_unit(region.fields):
                heading_fields[depth] = region.fields
                segment = segment[:region.start]
        if marker.kind == section_kind:
            heading = _heading_text(segment)
            current_section = (printed_number(marker), heading)
            sections.append(current_section)
            skip_section = bool(NON_TASK_SECTION_RE.match(heading))
            continue
        if marker.kind != task_kind or skip_section:
            continue
        inherited = heading_fields[max(heading_fields)] if heading_fields else ()
        found.append(_FoundTask(marker, segment, regions.region(start, end), current_section, inherited))
    units_open_text = _units_stand_before_text(found)
    tasks = [_raw_task(stream, item, units_open_text) for item in found]
    preamble = text[: markers[0].start] if markers else text
    return sections, tasks, preamble


class _FoundTask(NamedTuple):
    """A task's marker and text as cut out, its unit region, its section, and the units its headings give."""

    marker: Marker
    segment: str
    region: UnitRegion | None
    section: tuple[str, str]
    inherited: tuple[tuple[str, str], ...]


def _heading_line(text: str) -> str | None:
    """The text before a task's unit block when it is a bare heading on its own line, else None."""
    heading = text.strip()
    if not heading or "\n" in heading or "。" in heading or not text.rstrip(" \t").endswith("\n"):
        return None
    return heading


def _units_stand_before_text(found: list[_FoundTask]) -> bool:
    """Whether the plan prints each task as heading, unit line, then text (`(一)深化改革` / `牵头单位:…` / `全面…`).

    Decided for the whole plan: after the last task's units there may be closing prose, which is no task text.
    """
    with_units = [item for item in found if item.region]
    between = sum(1 for item in with_units
                  if item.segment[item.region.end:].strip() and _heading_line(item.segment[: item.region.start]))
    return between >= 2 and between >= 0.6 * len(with_units)


def _heading_text(segment: str) -> str:
    heading = segment.split("\n", 1)[0].strip()
    heading = _FULL_STOP_RE.split(heading, maxsplit=1)[0]
    return heading.strip()


def _task_body(item: _FoundTask, paragraph_mode: bool, units_open_text: bool) -> str:
    """The task's text without its unit block: what precedes the block, or, where the block opens the task
    or stands between its heading and its text, the heading and the text after it."""
    segment, region = item.segment, item.region
    if region is None:
        # In paragraph mode a task is one paragraph and its numbered points; what follows is closing prose.
        return _first_paragraph(segment) if paragraph_mode else segment
    before = segment[: region.start]
    heading = _heading_line(before) if units_open_text else None
    if before.strip() and not heading:
        return before  # the usual case: the units close the task
    after = segment[region.end:].lstrip(" ,,;;。\n")
    if paragraph_mode:
        after = _first_paragraph(after)
    if heading and after:
        return heading + ("" if heading[-1] in "。;;!?!?" else "。") + after
    return before.strip() or after


def _first_paragraph(text: str) -> str:
    """The first paragraph of a task's text with the numbered points (`一是……`, `(1)……`) that follow it."""
    end = text.find("\n")
    while end >= 0 and MARKER_RE.match(text, end + 1):
        end = text.find("\n", end + 1)
    return text if end < 0 else text[:end]


def _raw_task(stream: Stream, item: _FoundTask, units_open_text: bool) -> RawTask:
    """A task from its marker, text and unit region; a task naming no unit takes those of its heading."""
    fields = item.region.fields if item.region else ()
    if item.inherited and not names_a_unit(fields):
        fields = item.inherited + fields
    body = _task_body(item, stream.paragraph_mode, units_open_text)
    page, line = stream.origin(item.marker.start)
    return RawTask(
        number=printed_number(item.marker),
        section_number=item.section[0],
        section_title=item.section[1],
        body=_WRAP_RE.sub("", body).strip(),
        unit_fields=tuple(fields),
        page=page,
        line=line,
    )
