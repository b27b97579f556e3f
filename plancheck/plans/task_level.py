"""Which numbering level of a plan holds its tasks: several signals weighed, and the reasons kept for `--explain`.

Plans print their tasks at any level (`一、`, `(一)`, `1.`), above and below headings, points and
introductory parts. No single signal decides it on every plan, so each level is measured on:

- units: how many of its items close with a unit block (the strongest sign of a task, when a plan has them);
- body: how many carry sentences of their own rather than only a heading;
- spread: whether the level runs through the parts above it (tasks do) or shows up in a few items only
  (the points of a task do);
- imperative openings (`加强`, `推进`, `完善`…), which commitments have and introductory parts lack;
- headings that hold no tasks (`总体要求`, `指导思想`, `保障措施`, `实施步骤`…): their items and everything below
  them are left out of every measure.
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

from .markers import KIND_DEPTH, Marker
from .units import label_view

# Parts of a plan about the plan itself: its guiding ideas, targets, schedule and safeguards.
_INTRO_WORDS = (r"总体要求|指导思想|基本原则|工作原则|总体目标|主要目标|工作目标|目标要求|发展目标|总体思路|基本情况|"
                r"编制依据|适用范围|实施范围|主要依据|工作背景")
_CLOSING_WORDS = (r"保障措施|工作要求|组织领导|组织保障|组织实施|工作保障|保障机制|有关要求|实施步骤|步骤安排|进度安排|"
                  r"时间安排|工作步骤|推进步骤|实施保障|督促检查|督查考核|考核评估|宣传引导|其他事项|附则")
# A part's heading is its name, perhaps with a verb before it and a second name after it (`加强组织领导`,
# `组织领导和督促落实`); a longer heading that contains the words is a task (`开展行政执法监督检查`).
INTRO_HEADING_RE = re.compile(rf"^(?:{_INTRO_WORDS})(?:[和与及、,][^,,。]{{0,8}})?$")
CLOSING_HEADING_RE = re.compile(
    rf"^(?:加强|强化|严格|抓好|切实|做好|注重|狠抓|完善|健全)?(?:{_CLOSING_WORDS})(?:[和与及、,][^,,。]{{0,8}})?$")
_TASK_WORDS_RE = re.compile(r"任务|工作重点|重点工作|主要工作|具体措施|工作举措")
# A heading that names a part of the plan is short; a longer line is a commitment that happens to use the word.
_MAX_PART_HEADING = 16
IMPERATIVE_RE = re.compile(
    r"^(?:进一步|持续|全面|深入|扎实|切实|不断|大力|着力|积极|认真|稳步|有序|依法|加快|统筹|强化|加强|推进|推动|"
    r"完善|健全|深化|开展|落实|提升|提高|增强|规范|严格|建立|建设|构建|实施|做好|抓好|打造|优化|坚持|创新|探索|组织|"
    r"贯彻|压实|防范|化解|发挥|畅通|筑牢|引导|支持|鼓励|确保|促进|保障|维护|夯实|用好|落细|聚焦|围绕|推行|"
    r"加大|做实|拓展|整合|精简|清理|加紧)")
_UNITS_OF_OWN = 0.6      # share of items closing with units that makes a level the task level by itself
_UNITS_INSIDE = 0.25     # share of non-last items with units that shows units belong to the level
_UNITS_SOME = 0.1      # share of non-last items with units that still shows the level has units of its own
_SPREAD = 0.5            # share of the parts above that a level of tasks runs through


@dataclass(frozen=True)
class LevelSignals:
    """What one numbering level looks like, measured over its items outside non-task parts."""

    kind: str
    example: str           # how its markers are printed, e.g. `(一)`
    items: int             # all items of the level
    eligible: int          # items outside non-task parts
    units: float           # share closing with a unit block
    units_inside: float    # share of items that are not their part's last one, closing with units
    units_with_sentence: float  # share whose own text is a sentence with a unit block
    units_on_heading: float  # share that print units on their own heading line, above their sub-items
    per_parent: float      # items under each parent item, on average
    body: float            # share with sentences of their own
    imperative: float      # share opening with a verb of commitment
    spread: float          # share of the parts above that hold items of this level
    first_titles: tuple[str, ...]


@dataclass(frozen=True)
class TaskLevel:
    """The chosen task level, the reason (Chinese, for `--explain`), and every level's signals."""

    kind: str | None
    reason: str
    levels: tuple[LevelSignals, ...]
    excluded: frozenset[int]  # indexes of markers in parts that hold no tasks
    parents: tuple[int, ...]  # index of each marker's parent marker, -1 at the top


def marker_parents(markers: list[Marker]) -> tuple[int, ...]:
    """Each marker's parent: the nearest marker before it at a shallower depth (-1 for none)."""
    parents: list[int] = []
    stack: list[int] = []
    for i, marker in enumerate(markers):
        depth = KIND_DEPTH[marker.kind]
        while stack and KIND_DEPTH[markers[stack[-1]].kind] >= depth:
            stack.pop()
        parents.append(stack[-1] if stack else -1)
        stack.append(i)
    return tuple(parents)


# Arabic numbers printed `1.` and `1、`: the same depth, two kinds, since a plan may use one for tasks and the
# other for the points inside them.
_ARABIC_KINDS = ("ar_dot", "ar_dun")


def one_arabic_level(markers: list[Marker]) -> list[Marker]:
    """The markers with `1、` and `1.` made one kind where a plan prints its items one way in some parts and the
    other way in others (drafts put together from several offices do): no part holds items of both, so they
    are one level. Each becomes the kind the plan prints first, and a part that mixes them leaves them apart.
    """
    present = [m.kind for m in markers if m.kind in _ARABIC_KINDS]
    if len(set(present)) < 2:
        return markers
    kinds_under: dict[int, set[str]] = {}
    for marker, parent in zip(markers, marker_parents(markers)):
        if marker.kind in _ARABIC_KINDS:
            kinds_under.setdefault(parent, set()).add(marker.kind)
    if any(len(kinds) > 1 for kinds in kinds_under.values()):
        return markers
    first = present[0]
    return [m._replace(kind=first) if m.kind in _ARABIC_KINDS else m for m in markers]


_HEADING_END_RE = re.compile(r"[。::;;]")


def item_heading(text: str) -> str:
    """An item's heading: its first line up to the first full stop, without trailing punctuation."""
    first = text.lstrip().split("\n", 1)[0]
    first = _HEADING_END_RE.split(first, maxsplit=1)[0]
    return first.strip(" ,,、")


def is_part_heading(heading: str, pattern: re.Pattern[str]) -> bool:
    """Whether an item heading names a non-task part (`总体要求`, `(四)组织实施`), not a task using the word."""
    return (len(heading) <= _MAX_PART_HEADING and bool(pattern.search(heading))
            and not _TASK_WORDS_RE.search(heading))


def excluded_markers(headings: list[str], parents: tuple[int, ...], extra: re.Pattern[str] | None = None,
                     closing_with_units: Callable[[int], bool] | None = None) -> frozenset[int]:
    """Markers in parts that hold no tasks: an introductory or closing heading and everything below it.

    A closing part (`保障措施`) whose items name units is kept: some plans list real assignments there.
    """
    excluded: set[int] = set()
    for i, heading in enumerate(headings):
        inside = parents[i] in excluded
        intro = is_part_heading(heading, INTRO_HEADING_RE) or (extra is not None and bool(extra.search(heading)))
        closing = is_part_heading(heading, CLOSING_HEADING_RE) and not (closing_with_units and closing_with_units(i))
        if inside or intro or closing:
            excluded.add(i)
    return frozenset(excluded)


def has_body(segment: str) -> bool:
    """Body text, not a heading: a full sentence followed by more, a long paragraph or sentence, or a
    heading line with a paragraph under it."""
    segment = segment.strip()
    first_stop = segment.find("。")
    # (A heading has no full stop; a sentence of some length that ends with one is a commitment's text.)
    if 0 <= first_stop < len(segment) - 1 or len(segment) >= 45 or (first_stop >= 0 and len(segment) >= 20):
        return True
    rest = segment.partition("\n")[2]
    return len(rest.strip()) >= 10


def measure_levels(markers: list[Marker], directs: list[str], ends_with_units: Callable[[int], bool],
                   has_own_units: Callable[[int], bool],
                   extra_non_task: re.Pattern[str] | None = None) -> TaskLevel:
    """Measure every level of the plan's numbering and choose the task level.

    directs: each item's own text (up to the next marker of any level) without its unit block;
    ends_with_units(i): item i (after its sub-items) closes with a unit block; has_own_units(i): item i's
    own text holds one.
    """
    parents = marker_parents(markers)
    headings = [item_heading(d) for d in directs]
    # Matched in simplified characters, shown as printed: one view of all the headings, cut where they were
    # joined (label_view translates character for character, and a heading is one line).
    views = label_view("\n".join(headings)).split("\n") if headings else []
    closing_units = {}

    def closing_with_units(i: int) -> bool:
        if i not in closing_units:
            closing_units[i] = ends_with_units(i)
        return closing_units[i]

    excluded = excluded_markers(views, parents, extra_non_task, closing_with_units)
    items_of_kind: dict[str, list[int]] = {}  # every kind's items, in order, found in one pass
    for i, marker in enumerate(markers):
        items_of_kind.setdefault(marker.kind, []).append(i)
    # Kinds of one depth (`1.` and `1、` used apart) in the order the plan first prints them: never in set
    # order, which changes from one process to the next.
    kinds = sorted(items_of_kind, key=lambda k: KIND_DEPTH[k])
    with_children = {parent for parent in parents if parent >= 0}
    signals = {kind: _level_signals(kind, items_of_kind[kind], markers, parents, with_children, directs, headings,
                                    views, excluded, ends_with_units, has_own_units)
               for kind in kinds}
    kind, reason = choose_level(kinds, signals)
    return TaskLevel(kind, reason, tuple(signals[k] for k in kinds), excluded, parents)


def _ancestor_of_kind(parents: tuple[int, ...], markers: list[Marker], i: int, kind: str) -> int:
    j = parents[i]
    while j >= 0 and markers[j].kind != kind:
        j = parents[j]
    return j


def _level_signals(kind: str, all_items: list[int], markers: list[Marker], parents: tuple[int, ...],
                   with_children: set[int], directs: list[str], headings: list[str], views: list[str],
                   excluded: frozenset[int], ends_with_units: Callable[[int], bool],
                   has_own_units: Callable[[int], bool]) -> LevelSignals:
    """One level's signals; all_items: the indexes of its markers; with_children: the markers with sub-items."""
    items = [i for i in all_items if i not in excluded]
    if not items:
        return LevelSignals(kind, markers[all_items[0]].printed, len(all_items), 0, *[0.0] * 8, ())
    closing = {i: ends_with_units(i) for i in items}
    # An item followed by a sibling of its level under the same parent is not its part's last one: units
    # closing it cannot be the units of a parent item that closes with it.
    # Only childless items count: an item with sub-items closes with the units of its last sub-item.
    inner = [i for i, j in itertools.pairwise(items) if parents[i] == parents[j] and i not in with_children]
    parent_kinds = [markers[parents[i]].kind for i in items if parents[i] >= 0]
    if len(parent_kinds) * 2 < len(items):
        spread = 1.0
    else:
        parent_kind = max(set(parent_kinds), key=parent_kinds.count)
        holders = [j for j, m in enumerate(markers) if m.kind == parent_kind and j not in excluded]
        holding = {_ancestor_of_kind(parents, markers, i, parent_kind) for i in items}
        spread = sum(1 for j in holders if j in holding) / len(holders) if holders else 1.0
    n = len(items)
    return LevelSignals(
        kind=kind,
        example=markers[items[0]].printed,
        items=len(all_items),
        eligible=n,
        units=sum(closing.values()) / n,
        units_inside=sum(closing[i] for i in inner) / len(inner) if inner else 0.0,
        # A sentence with its own unit block, before any sub-items: a task with its points below it. (A heading
        # with units and no sentence holds units for the tasks below it.)
        units_with_sentence=sum(1 for i in items if "。" in directs[i] and has_own_units(i)) / n,
        units_on_heading=sum(1 for i in items if i in with_children and has_own_units(i)) / n,
        per_parent=n / len({parents[i] for i in items}),
        body=sum(has_body(directs[i]) for i in items) / n,
        imperative=sum(bool(IMPERATIVE_RE.match(views[i])) for i in items) / n,
        spread=spread,
        first_titles=tuple(headings[i][:20] for i in items[:3]),
    )


def _single_children(kind: str, signals: dict[str, LevelSignals]) -> bool:
    """Whether the deeper level with sentences has about one item under each of its parents: a heading over
    a single task, rather than a task title over its points."""
    deeper = [s for k, s in signals.items() if KIND_DEPTH[k] > KIND_DEPTH[kind] and s.eligible and s.body >= 0.5]
    return bool(deeper) and deeper[0].per_parent < 1.5


def choose_level(kinds: list[str], signals: dict[str, LevelSignals]) -> tuple[str | None, str]:
    """The task level from the levels' signals, with the reason in Chinese."""
    if not kinds:
        return None, "没有找到编号条目"
    # `一是……` paragraphs are the task level only when they carry units: else they are points of a task.
    candidates = [k for k in kinds if signals[k].eligible >= 2 and signals[k].spread >= _SPREAD]
    numbered = [k for k in candidates if k != "cn_shi"]
    labelled = [k for k in candidates
                if (max(signals[k].units, signals[k].units_with_sentence) >= _UNITS_OF_OWN
                    or signals[k].units_inside >= _UNITS_INSIDE)
                # One `一是……二是……` paragraph under each item is that item's body, units and all.
                and not (k == "cn_shi" and signals[k].per_parent < 1.5)]
    if labelled:
        kind = max(labelled, key=lambda k: KIND_DEPTH[k])
        reason = (f"“{signals[kind].example}”是带单位的最深层级:{signals[kind].units:.0%} 的条目以单位块结尾"
                  f"(非末条目中 {signals[kind].units_inside:.0%})")
        # Units on a few items of a deeper level that runs through this one are that level's own (a level
        # closes with the units of its last item): in plans where only some tasks carry units, the parts
        # above them seem to close with units more often than the tasks themselves do.
        for deeper in candidates:
            if (KIND_DEPTH[deeper] > KIND_DEPTH[kind] and signals[deeper].units_inside >= _UNITS_SOME
                    and signals[deeper].body >= 0.5):
                kind = deeper
                reason = (f"“{signals[kind].example}”的非末条目中 {signals[kind].units_inside:.0%} 自带单位且有正文,"
                          "上级层级的单位来自其末条")
        # Headings with no sentences of their own that print units on the heading line, over a level with
        # sentences, are part headings: units closing them are their last item's. (Without units on the
        # heading, title lines closing with a unit line after their points are the tasks.)
        if signals[kind].body < 0.5 and (signals[kind].units_on_heading > 0 or _single_children(kind, signals)):
            heading = signals[kind].example
            kind = next((d for d in numbered if KIND_DEPTH[d] > KIND_DEPTH[kind] and signals[d].body >= 0.5), kind)
            if signals[kind].example != heading:
                reason = (f"“{heading}”只有标题、没有正文,其单位属于下级条目;"
                          f"“{signals[kind].example}”{signals[kind].body:.0%} 的条目有正文")
        return kind, reason
    content = [k for k in numbered if signals[k].body >= 0.5]
    if content:
        kind = content[0]
        for deeper in content[1:]:
            # A level that runs through this one's items and has sentences of its own holds the tasks,
            # and this one's paragraphs are introductions to them (`一、` with a lead paragraph over `(一)`).
            if (signals[deeper].spread >= 0.8 and signals[deeper].eligible >= 1.5 * signals[kind].eligible
                    and signals[deeper].imperative >= 0.5):
                kind = deeper
        s = signals[kind]
        return kind, (f"各层级都没有普遍标注单位;“{s.example}”{s.body:.0%} 的条目有正文、{s.imperative:.0%} 以动词开头,"
                      f"贯穿上一层级的 {s.spread:.0%}")
    fallback = numbered or [k for k in kinds if k != "cn_shi"] or kinds
    kind = fallback[-1]
    return kind, "各层级都没有明显的任务特征,取最深的编号层级"


__all__ = [
    "IMPERATIVE_RE",
    "LevelSignals",
    "TaskLevel",
    "choose_level",
    "excluded_markers",
    "has_body",
    "item_heading",
    "marker_parents",
    "measure_levels",
]
