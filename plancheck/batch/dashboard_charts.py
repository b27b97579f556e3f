"""The dashboard's charts as geometry: every rectangle, label and tooltip of the inline SVGs, in pixels.

Three charts, each a pure function from plain data to plain data the template draws as it is:

* `heat_map`: localities x rules, one cell per reviewed locality and rule holding its count of findings
  (its tooltip names the rule and the count; the row's label names the locality), in blocks of
  `HEAT_BLOCK_ROWS` rows (each block its own SVG with the rule header, so a printed page break falls
  between blocks and every page has its header);
* `coverage_histogram`: how many localities' drafts implement 0-10 %, 10-20 % ... 90-100 % of their scheme;
* `part_bars`: per scheme part (grouped across localities), the share of its items the drafts implement.
"""
from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from ..reports.labels import shorten

# Heat map: cell size, label font, rows per block.
HEAT_CELL_WIDTH, HEAT_CELL_HEIGHT, HEAT_FONT = 28, 16, 12
HEAT_BLOCK_ROWS = 50
HEAT_LABEL_CHARS = 18
# Counts -> colour level: 0, 1, 2, 3-4, 5-9, 10 and more.
HEAT_LEVELS = ((0, "0"), (1, "1"), (2, "2"), (3, "3–4"), (5, "5–9"), (10, "≥10"))
_HEAT_LOWEST = tuple(lowest for lowest, _ in HEAT_LEVELS)

HISTOGRAM_BINS = 10
HISTOGRAM_WIDTH, HISTOGRAM_HEIGHT = 480, 240
HISTOGRAM_MARGIN = {"left": 40, "right": 8, "top": 22, "bottom": 40}

PART_ROW_HEIGHT, PART_LABEL_WIDTH, PART_BAR_WIDTH, PART_LABEL_CHARS, PART_TOP = 26, 330, 280, 24, 22


@dataclass(frozen=True)
class HeatColumn:
    """A rule's column: its centre, Chinese title and findings over the batch."""

    rule: str
    x: float
    title: str
    total: int


class HeatCell(NamedTuple):
    """One locality x rule (a named tuple: a province has tens of thousands)."""

    x: int
    count: int
    level: int
    tooltip: str


@dataclass(frozen=True)
class HeatRow:
    """One locality's row: cells for a reviewed locality, a note for one that could not be reviewed."""

    y: int
    label: str
    locality: str
    cells: tuple[HeatCell, ...]
    note: str = ""


@dataclass(frozen=True)
class HeatBlock:
    height: int
    rows: tuple[HeatRow, ...]


@dataclass(frozen=True)
class HeatMap:
    width: int
    header: int  # the height of the rule header at the top of every block
    label_x: int  # where row labels end (they are right-aligned)
    note_x: int  # where the note of an unreviewed locality starts, in place of its cells
    text_y: int  # a row label's baseline within its row
    title_y: int  # where the rule titles start (written top to bottom)
    total_y: int  # the baseline of the rule totals under the titles
    rect_width: int  # a cell's rectangle, a pixel inside its slot on each side
    rect_height: int
    columns: tuple[HeatColumn, ...]
    blocks: tuple[HeatBlock, ...]
    legend: tuple[tuple[int, str], ...]  # (level, counts it stands for)


def heat_level(count: int) -> int:
    """The colour level of a count of findings (0 for none, up to len(HEAT_LEVELS) - 1)."""
    return bisect_right(_HEAT_LOWEST, count) - 1


def heat_map(localities: Sequence[tuple[str, dict[str, int] | None]],
             rules: Sequence[tuple[str, str]]) -> HeatMap:
    """Localities (name, findings per rule, or None when not reviewed) x rules (name, title), in blocks."""
    label_width = HEAT_FONT * min(HEAT_LABEL_CHARS, max((len(name) for name, _ in localities), default=4)) + 12
    header = HEAT_FONT * max((len(title) for _, title in rules), default=2) + 2 * HEAT_FONT + 8
    totals = {rule: sum((counts or {}).get(rule, 0) for _, counts in localities) for rule, _ in rules}
    columns = tuple(HeatColumn(rule, label_width + HEAT_CELL_WIDTH * k + HEAT_CELL_WIDTH / 2, title, totals[rule])
                    for k, (rule, title) in enumerate(rules))
    blocks = []
    for start in range(0, len(localities), HEAT_BLOCK_ROWS):
        chunk = localities[start:start + HEAT_BLOCK_ROWS]
        rows = tuple(_heat_row(name, counts, header + HEAT_CELL_HEIGHT * k, label_width, rules)
                     for k, (name, counts) in enumerate(chunk))
        blocks.append(HeatBlock(header + HEAT_CELL_HEIGHT * len(chunk) + 2, rows))
    return HeatMap(
        width=label_width + HEAT_CELL_WIDTH * len(rules) + 4, header=header, label_x=label_width - 6,
        note_x=label_width + 4, text_y=HEAT_CELL_HEIGHT - 3, title_y=4, total_y=header - 6,
        rect_width=HEAT_CELL_WIDTH - 2, rect_height=HEAT_CELL_HEIGHT - 2, columns=columns, blocks=tuple(blocks),
        legend=tuple((level, text) for level, (_, text) in enumerate(HEAT_LEVELS)),
    )


def _heat_row(name: str, counts: dict[str, int] | None, y: int, label_width: int,
              rules: Sequence[tuple[str, str]]) -> HeatRow:
    label = shorten(name, HEAT_LABEL_CHARS)
    if counts is None:
        return HeatRow(y, label, name, (), "无法审查")
    cells = tuple(
        HeatCell(label_width + HEAT_CELL_WIDTH * k + 1, n, heat_level(n), f"{title}:{n}")
        for k, (rule, title) in enumerate(rules) for n in (counts.get(rule, 0),)
    )
    return HeatRow(y, label, name, cells)


@dataclass(frozen=True)
class HistogramBar:
    x: float
    y: float
    width: float
    height: float
    centre: float
    count: int
    label: str
    tooltip: str


@dataclass(frozen=True)
class Histogram:
    width: int
    height: int
    left: int  # the vertical axis
    right: int  # the end of the horizontal axis
    baseline: float
    tick_x: int  # where the count labels of the vertical axis end
    count_dy: int  # a bar's count sits this far above it
    label_y: float  # the baseline of the bin labels
    title_x: float
    title_y: float  # the axis title under the bin labels
    bars: tuple[HistogramBar, ...]
    ticks: tuple[tuple[float, int], ...]  # (y, count) of the vertical axis
    total: int


def coverage_bin(share: float) -> int:
    """The bin of a coverage share: [0, 10 %) is 0 ... [90 %, 100 %] is 9."""
    return min(HISTOGRAM_BINS - 1, max(0, math.floor(round(share * HISTOGRAM_BINS, 9))))


def coverage_histogram(shares: Sequence[float]) -> Histogram:
    """The distribution of the drafts' scheme coverage in ten bins of ten percentage points."""
    counts = [0] * HISTOGRAM_BINS
    for share in shares:
        counts[coverage_bin(share)] += 1
    m = HISTOGRAM_MARGIN
    plot_width = HISTOGRAM_WIDTH - m["left"] - m["right"]
    plot_height = HISTOGRAM_HEIGHT - m["top"] - m["bottom"]
    baseline = HISTOGRAM_HEIGHT - m["bottom"]
    step = nice_step(max(counts))
    top = step * math.ceil(max(counts) / step) if max(counts) else 1
    slot = plot_width / HISTOGRAM_BINS
    bars = []
    for k, count in enumerate(counts):
        low, high = k * 100 // HISTOGRAM_BINS, (k + 1) * 100 // HISTOGRAM_BINS
        height = plot_height * count / top
        label = f"{low}–{high}"
        bars.append(HistogramBar(
            x=round(m["left"] + slot * k + 2, 1), y=round(baseline - height, 1), width=round(slot - 4, 1),
            height=round(height, 1), centre=round(m["left"] + slot * (k + 0.5), 1), count=count, label=label,
            tooltip=f"草案覆盖率 {label}%{'(含)' if k == HISTOGRAM_BINS - 1 else ''}:{count} 个地区",
        ))
    ticks = tuple((round(baseline - plot_height * v / top, 1), v) for v in range(0, top + 1, step))
    return Histogram(
        width=HISTOGRAM_WIDTH, height=HISTOGRAM_HEIGHT, left=m["left"], right=HISTOGRAM_WIDTH - m["right"],
        baseline=baseline, tick_x=m["left"] - 6, count_dy=4, label_y=baseline + 16,
        title_x=m["left"] + plot_width / 2, title_y=HISTOGRAM_HEIGHT - 4, bars=tuple(bars), ticks=ticks,
        total=len(shares),
    )


def nice_step(largest: int, ticks: int = 5) -> int:
    """A step of 1, 2 or 5 times a power of ten giving at most `ticks` steps up to `largest`."""
    if largest <= ticks:
        return 1
    power = 10 ** math.floor(math.log10(largest / ticks))
    return next(power * f for f in (1, 2, 5, 10) if largest / (power * f) <= ticks)


@dataclass(frozen=True)
class PartBar:
    bar_y: int
    text_y: int
    label: str
    tooltip: str
    width: float
    share: str
    share_x: float


@dataclass(frozen=True)
class PartChart:
    width: int
    height: int
    label_x: int  # where the part titles end (right-aligned)
    bar_x: int
    bar_width: int  # the track: 100 %
    bar_height: int
    grid_top: int
    tick_y: int
    bars: tuple[PartBar, ...]
    ticks: tuple[tuple[float, str], ...]  # (x, label) of the 0/25/50/75/100 % grid lines


def part_bars(parts: Sequence[tuple[str, int, int, int]]) -> PartChart:
    """Parts (title, localities, items, items implemented), in the order given, as horizontal bars."""
    bars = []
    for k, (title, localities, items, covered) in enumerate(parts):
        share = covered / items if items else 0.0
        top = PART_TOP + PART_ROW_HEIGHT * k
        width = round(PART_BAR_WIDTH * share, 1)
        bars.append(PartBar(
            bar_y=top + 4, text_y=top + PART_ROW_HEIGHT - 9, label=shorten(title, PART_LABEL_CHARS),
            tooltip=f"{title}:{localities} 个地区共 {items} 项,草案落实 {covered} 项({share:.0%})",
            width=width, share=f"{share:.0%}", share_x=PART_LABEL_WIDTH + width + 6,
        ))
    ticks = tuple((PART_LABEL_WIDTH + PART_BAR_WIDTH * q / 4, f"{q * 25}%") for q in range(5))
    return PartChart(
        width=PART_LABEL_WIDTH + PART_BAR_WIDTH + 56, height=PART_TOP + PART_ROW_HEIGHT * len(parts) + 4,
        label_x=PART_LABEL_WIDTH - 8, bar_x=PART_LABEL_WIDTH, bar_width=PART_BAR_WIDTH,
        bar_height=PART_ROW_HEIGHT - 8, grid_top=PART_TOP - 4, tick_y=PART_TOP - 8, bars=tuple(bars), ticks=ticks,
    )
