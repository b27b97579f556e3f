"""Split a text stream into sections and tasks: find the numbering hierarchy, pick the task level,
and cut each task into its body and its unit fields."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import NamedTuple

from .markers import KIND_DEPTH, MARKER_RE, Marker, marker_at, printed_number
from .options import ParseOptions
from .raw import RawTask
from .stream import Stream
from .task_level import TaskLevel, measure_levels, one_arabic_level
from .unit_regions import UNIT_HINT_RE, UnitRegion, UnitRegionCache, find_unit_region
from .units import SHARED_UNIT_WORDS, label_view, names_a_unit

# Positions after which a numbering marker may start (besides the start of a line).
_WEAK_BOUNDARY = "。;;!?!?"
_STRONG_BOUNDARY = "〕)）】」\n \t\u3000"
# A boundary character with a numbering marker right after it (the lookahead consumes nothing, so markers
# that follow one another are all found).
_MARKER_AFTER_BOUNDARY_RE = re.compile(f"[{re.escape(_WEAK_BOUNDARY + _STRONG_BOUNDARY)}](?={MARKER_RE.pattern})")
_FULL_STOP_RE = re.compile(r"[。]")
# A line break and the spaces around it, as wrapped text has them; (?<!\s): linear on long runs of spaces.
_WRAP_RE = re.compile(r"(?<!\s)\s*\n\s*")


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
    return _keep_sequences(candidates, text)


def _marker_positions(text: str) -> list[int]:
    """The start of the text and every position where a marker follows a boundary character.

    Found by one regex scan; trying the marker pattern at every character from Python costs far more.
    """
    return [0, *(match.end() for match in _MARKER_AFTER_BOUNDARY_RE.finditer(text))]


def _keep_sequences(candidates: list[tuple[Marker, bool]], text: str = "") -> list[Marker]:
    """Keep candidates that follow their kind's count: continuing it, restarting at 1 under a new parent, or,
    at the start of a line, opening or resuming a sequence that the next item of the kind continues (an
    excerpt starting at `22.`, a gap or a repeated number left as printed for the numbering rule), or opening
    a heading line (`二、…` alone in an excerpt that began in part one)."""
    continued = _continued(candidates)
    last: dict[str, int] = {}
    restartable: set[str] = set()
    kept: list[Marker] = []
    for k, (marker, strong) in enumerate(candidates):
        previous = last.get(marker.kind, 0)
        if marker.value == previous + 1:
            ok = True
        elif marker.value == 1:
            ok = strong or marker.kind in restartable
        elif previous and strong and marker.value in (previous, previous + 2, previous + 3):
            ok = True  # a printing error (skip or repeat) that the numbering rule will report
        elif strong and (continued[k] or (not previous and _opens_heading(text, marker))):
            ok = not previous or marker.kind in restartable or marker.value > previous
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


def _continued(candidates: list[tuple[Marker, bool]]) -> list[bool]:
    """For each candidate, whether the next candidate of its kind at the start of a line counts on from it,
    or starts again at 1 under a new parent."""
    following: dict[str, tuple[int, bool]] = {}  # kind -> (value of the next one, a shallower one between)
    continued = [False] * len(candidates)
    for k in range(len(candidates) - 1, -1, -1):
        marker, strong = candidates[k]
        depth = KIND_DEPTH[marker.kind]
        after = following.get(marker.kind)
        continued[k] = after is not None and (after[0] == marker.value + 1 or (after[0] == 1 and after[1]))
        for kind, (value, _) in following.items():
            if KIND_DEPTH[kind] > depth:
                following[kind] = (value, True)
        if strong:
            following[marker.kind] = (marker.value, False)
    return continued


_MAX_HEADING_LINE = 40


def _opens_heading(text: str, marker: Marker) -> bool:
    """Whether the marker opens a line that is a short heading (no full stop), as a part's heading is."""
    if not text or (marker.start and text[marker.start - 1] != "\n"):
        return False
    end = text.find("\n", marker.end, marker.end + _MAX_HEADING_LINE + 1)
    line = text[marker.end:end] if end >= 0 else text[marker.end:marker.end + _MAX_HEADING_LINE + 1]
    return 0 < len(line) <= _MAX_HEADING_LINE and "。" not in line




def _direct_span(text: str, markers: list[Marker], i: int) -> tuple[int, int]:
    """Start and end of item i's own text: from its marker to the next marker of any level."""
    end = markers[i + 1].start if i + 1 < len(markers) else len(text)
    return markers[i].end, end


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
    if j > i + 1 and not _on_own_line(text, start + region.start):
        return False  # a block on the same line as the last sub-item's sentence is that sub-item's
    after = text[start + region.end:end]
    return not after.strip(" \n。;;") or (regions.paragraph_mode and after.startswith("\n"))


def _on_own_line(text: str, position: int) -> bool:
    """Whether only white space (or an opening bracket) stands between the line's start and position."""
    window = text[max(0, position - 8):position]  # (a few characters: scanning back further is quadratic)
    before = window[window.rfind("\n") + 1:] if "\n" in window or position <= 8 else window
    return not before.strip(" \t\u3000〔[【((")


def decide_task_level(text: str, markers: list[Marker], paragraph_mode: bool,
                      regions: UnitRegionCache | None = None, options: ParseOptions | None = None) -> TaskLevel:
    """The task level of a plan and why: measured on every level (see task_level), or as the user set it.

    `regions` (for this text and paragraph_mode) lets the caller reuse the unit regions found here.
    """
    if regions is None:
        regions = UnitRegionCache(text, paragraph_mode)
    options = options or ParseOptions()
    # Each item's own text (from its marker to the next marker of any level, see _direct_span) and its unit region.
    ends = [marker.start for marker in markers[1:]] + [len(text)]
    own = [(marker.end, end, regions.region(marker.end, end) if regions.hinted(marker.end, end) else None)
           for marker, end in zip(markers, ends)]
    directs = [text[start:end] if region is None else
               text[start:start + region.start] + text[start + region.end:end] for start, end, region in own]
    level = measure_levels(markers, directs, lambda i: _ends_with_units(regions, markers, i),
                           lambda i: own[i][2] is not None and names_a_unit(own[i][2].fields), options.non_task_re)
    forced = options.task_kind
    if forced is None:
        return level
    if forced not in {m.kind for m in markers}:
        return replace(level, kind=None, reason=f"指定的任务层级“{options.task_level}”在文档中没有出现")
    return replace(level, kind=forced, reason=f"按用户指定的任务层级“{options.task_level}”")


def split_stream(stream: Stream, options: ParseOptions | None = None) -> Split:
    """Sections (number, title), raw tasks, the preamble before the first numbered item, and how the
    task level was chosen."""
    text = stream.text
    all_markers = one_arabic_level(find_markers(text))
    regions = UnitRegionCache(text, stream.paragraph_mode)
    level = decide_task_level(text, all_markers, stream.paragraph_mode, regions, options)
    task_kind = level.kind
    if task_kind is None:
        return Split([], [], text, level)
    task_depth = KIND_DEPTH[task_kind]
    # The hierarchy is what stands above and at the task level; deeper markers are part of a task's body.
    kept = [i for i, m in enumerate(all_markers) if KIND_DEPTH[m.kind] <= task_depth]
    markers = [all_markers[i] for i in kept]
    excluded = [i in level.excluded for i in kept]
    section_kinds = sorted({m.kind for m in markers if KIND_DEPTH[m.kind] < task_depth}, key=KIND_DEPTH.get)
    section_kind = section_kinds[0] if section_kinds else None
    sections: list[tuple[str, str]] = []
    found: list[_FoundTask] = []
    current_section = ("", "")
    # Unit fields printed on a heading (`一、深入推进依法行政(牵头单位:县司法局)`), by depth: they hold for
    # every task under that heading that names no unit of its own.
    heading_fields: dict[int, tuple[tuple[str, str], ...]] = {}
    for i, marker in enumerate(markers):
        start, end = _direct_span(text, markers, i)
        segment = text[start:end]
        depth = KIND_DEPTH[marker.kind]
        if depth < task_depth:
            region = regions.region(start, end) if regions.hinted(start, end) else None
            if heading_fields:
                heading_fields = {d: f for d, f in heading_fields.items() if d < depth}
            if region and region.start > 0 and names_a_unit(region.fields):
                heading_fields[depth] = region.fields
                segment = segment[:region.start]
        if marker.kind == section_kind:
            current_section = (printed_number(marker), _heading_text(segment))
            sections.append(current_section)
            continue
        if marker.kind != task_kind or excluded[i]:
            continue
        inherited = heading_fields[max(heading_fields)] if heading_fields else ()
        part = level.parents[kept[i]]
        found.append(_FoundTask(marker, segment, regions.region(start, end), current_section, inherited, part))
    found = _apply_shared_units(found, stream.paragraph_mode, regions.view)
    units_open_text = _units_stand_before_text(found)
    tasks = [_raw_task(stream, item, units_open_text, last=n == len(found) - 1) for n, item in enumerate(found)]
    # The preamble runs to the plan's first heading (or task): numbered lines of a covering notice above it
    # (`1.请各单位于…前报送…`) are part of it, and so is the plan's title below them.
    top_kind = section_kind or task_kind
    first = next((m for m in markers if m.kind == top_kind), all_markers[0])
    preamble = text[: first.start]
    return Split(sections, tasks, preamble, level)


class Split(NamedTuple):
    """What the splitter found in a text stream."""

    sections: list[tuple[str, str]]
    tasks: list[RawTask]
    preamble: str
    level: TaskLevel
    from_table: bool = False  # the tasks came from a task table, not from the running text


# A unit line that serves every task of its part: `以上任务牵头单位:…`, `(上述工作由县司法局牵头,…)`.
_SHARED_UNITS_RE = re.compile(rf"(?<![ \t((〔【\[])[ \t((〔【\[]*(?:{SHARED_UNIT_WORDS})")
# The words every such line holds: a task's text without them (nearly every task) has no such line.
_SHARED_UNIT_WORDS_RE = re.compile(SHARED_UNIT_WORDS)


def _shared_unit_line(segment: str, paragraph_mode: bool) -> tuple[int, UnitRegion] | None:
    """The line of a task's text that gives the units of its whole part (`以上任务牵头单位:…`,
    `(以上工作由县司法局牵头,…)`), as (where the line starts, its unit region)."""
    start = 0
    view = label_view(segment)
    if not _SHARED_UNIT_WORDS_RE.search(view):
        return None
    while start < len(segment):
        end = segment.find("\n", start)
        end = len(segment) if end < 0 else end
        if _SHARED_UNITS_RE.match(view, start):
            region = find_unit_region(segment[start:end], paragraph_mode)
            if region and names_a_unit(region.fields):
                return start, region
        start = end + 1
    return None


def _apply_shared_units(found: list[_FoundTask], paragraph_mode: bool, view: str) -> list[_FoundTask]:
    """Tasks of a part closed by a shared unit line take its units when they name none; the line itself is
    cut from the last task's text.

    view: the label view of the whole text the tasks were cut from. A task's text runs from its marker's end,
    so the words every shared unit line holds are looked for in the view's span (nearly no task has them),
    without translating each text again.
    """
    result = list(found)
    for n, item in enumerate(found):
        start = item.marker.end
        shared = (_shared_unit_line(item.segment, paragraph_mode)
                  if _SHARED_UNIT_WORDS_RE.search(view, start, start + len(item.segment))
                  and UNIT_HINT_RE.search(item.segment) else None)
        if shared is None:
            continue
        line_start, region = shared
        own = find_unit_region(item.segment[:line_start], paragraph_mode) if line_start else None
        result[n] = item._replace(segment=item.segment[:line_start], region=own)
        for m in range(n, -1, -1):
            other = result[m]
            if other.part != item.part:
                break
            if other.region is None or not names_a_unit(other.region.fields):
                result[m] = other._replace(inherited=region.fields, inherited_from="shared")
    return result


class _FoundTask(NamedTuple):
    """A task's marker and text as cut out, its unit region, its section, and the units its headings give."""

    marker: Marker
    segment: str
    region: UnitRegion | None
    section: tuple[str, str]
    inherited: tuple[tuple[str, str], ...]
    part: int  # index of the item this task stands under (-1 for none)
    inherited_from: str = "heading"  # 'heading' or 'shared' (a `以上任务…` line closing the part)


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


def _task_body(item: _FoundTask, units_open_text: bool, last: bool) -> str:
    """The task's text without its unit block: what precedes the block, or, where the block opens the task
    or stands between its heading and its text, the heading and the text after it. The last task of the
    document stops before the closing prose that follows it."""
    segment, region = item.segment, item.region
    if region is None:
        return _without_closing_prose(segment) if last else segment
    before = segment[: region.start]
    heading = _heading_line(before) if units_open_text else None
    if heading is None and _closes_title_line(segment, region):
        heading = before.strip()  # `1.规范决策程序(牵头单位:…)` with the body in the next paragraphs
    if before.strip() and not heading:
        return before  # the usual case: the units close the task
    after = segment[region.end:].lstrip(" ,,;;。\n")
    if last:
        after = _without_closing_prose(after)
    if heading and after:
        return heading + ("" if heading[-1] in "。;;!?!?" else "。") + after
    return before.strip() or after


def _closes_title_line(segment: str, region: UnitRegion) -> bool:
    """Whether the unit block closes the task's title line (a heading without a full stop) and the task's
    text goes on in the paragraphs below it."""
    before, after = segment[: region.start].strip(), segment[region.end:]
    return (bool(before) and "\n" not in before and "。" not in before and len(before) <= _MAX_TITLE_LINE
            and after.lstrip(" \t。;;").startswith("\n") and len(after.strip()) >= 10)


# Paragraphs after a plan's last task that address its readers, sign it or list its annexes.
_CLOSING_PROSE_RE = re.compile(
    r"(?:各(?:乡镇|镇|街道|部门|单位|地区|区|县|市|有关)|[县区市]直各|[县区市]政府各|[县区市]委各|本(?:计划|要点|方案|安排)"
    r"|附件|联系人|联系电话|抄送|主送|印发|(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"|[^。,,;;]{2,24}(?:人民政府|办公室|司法局|委员会|依法治[县区市]办)\s*$)")


def _without_closing_prose(text: str) -> str:
    """A last task's text up to the first later paragraph that is closing prose, not commitment."""
    position = text.find("\n")
    while position >= 0:
        if _CLOSING_PROSE_RE.match(text, position + 1):
            return text[:position]
        position = text.find("\n", position + 1)
    return text


# A title on its own line: it ends without punctuation, and its body follows in the next paragraph.
_TITLE_LINE_END = re.compile(r"[^。;;,,::、!?!?\s]\n")
_MAX_TITLE_LINE = 60


def _task_text(body: str) -> str:
    """The body as one line of text: wrapped lines joined, and a title that stood on its own line closed
    with `。`, so that the title is read as the first sentence and not glued to the body."""
    body = body.strip()
    first_break = body.find("\n")
    if (0 < first_break <= _MAX_TITLE_LINE and _TITLE_LINE_END.match(body, first_break - 1)
            and "。" not in body[:first_break]):  # (a line with a full stop in it is a wrapped sentence)
        body = body[:first_break] + "。" + body[first_break + 1:]
    return _WRAP_RE.sub("", body).strip() if "\n" in body else body


def _raw_task(stream: Stream, item: _FoundTask, units_open_text: bool, last: bool) -> RawTask:
    """A task from its marker, text and unit region; a task naming no unit takes those of its heading."""
    fields = item.region.fields if item.region else ()
    source = "own" if names_a_unit(fields) else ""
    if item.inherited and not source:
        fields = item.inherited + fields
        source = item.inherited_from
    body = _task_body(item, units_open_text, last)
    page, line = stream.origin(item.marker.start)
    return RawTask(
        number=printed_number(item.marker),
        section_number=item.section[0],
        section_title=item.section[1],
        body=_task_text(body),
        unit_fields=tuple(fields),
        page=page,
        line=line,
        unit_source=source,
    )
