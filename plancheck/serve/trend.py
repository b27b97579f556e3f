"""A locality's runs over time: the draft's scheme coverage of a run, and the locality page's small chart.

Pure functions over plain data: the JSON report of a run, the stored runs. The chart is laid out here
(coordinates, ticks, labels) so that the template only draws it as inline SVG.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

from .store import Run

# Plot area inside the SVG's own coordinates (viewBox); the page scales it to its width.
WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 52, 30, 52
MAX_DATE_LABELS = 8


def draft_coverage(report: Mapping[str, Any]) -> float | None:
    """Scheme items some draft task implements / scheme items, from a run's JSON report (plancheck-report/1);
    None when the run has no scheme."""
    scheme = next((d for d in report.get("documents", ()) if d.get("role") == "scheme"), None)
    if scheme is None:
        return None
    items = len(scheme.get("tasks", ()))
    if not items:
        return 0.0
    covered = {item for group in report.get("scheme_links", {}).get("draft", ()) for item in group["items"]}
    return round(len(covered) / items, 4)


def locality_path(locality: str, api: bool = False) -> str:
    """The locality page's address (with `api`, its JSON twin's): the name as one path segment (a `/` in it
    becomes %2F)."""
    segment = quote(locality, safe="")
    return f"/api/localities/{segment}/runs" if api else f"/localities/{segment}"


@dataclass(frozen=True)
class Point:
    """One run on one series: where it is drawn and what it says."""

    run_id: int
    x: float
    y: float
    value: float
    text: str  # the value as the tooltip and the table show it


@dataclass(frozen=True)
class Series:
    """One line of the chart; `segments` are SVG polyline point lists, broken where a run has no value."""

    key: str  # 'errors', 'warnings', 'coverage'
    label: str
    points: tuple[Point, ...]
    segments: tuple[str, ...]


@dataclass(frozen=True)
class Tick:
    """An axis label at a position (x for dates, y for values); `note` a second line under a date."""

    at: float
    label: str
    note: str = ""


@dataclass(frozen=True)
class TrendChart:
    """The chart of a locality's runs, oldest on the left: counts on the left axis, coverage on the right."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    series: tuple[Series, ...]
    dates: tuple[Tick, ...]
    counts: tuple[Tick, ...]
    shares: tuple[Tick, ...]


def local_time(stamp: str, form: str) -> str:
    """An ISO UTC time stamp in the server's local time, formatted (strftime)."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime(form)
    except ValueError:
        return stamp


def trend_chart(runs: Sequence[Run]) -> TrendChart:
    """Errors, warnings and draft coverage of runs (in any order; drawn oldest first) as chart geometry."""
    ordered = sorted(runs, key=lambda run: run.id)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    xs = [LEFT + plot_w / 2] if len(ordered) == 1 else \
        [LEFT + plot_w * k / (len(ordered) - 1) for k in range(len(ordered))]
    top_count = nice_ceiling(max([max(r.errors, r.warnings) for r in ordered] + [1]))

    def count_y(value: float) -> float:
        return TOP + plot_h * (1 - value / top_count)

    def share_y(value: float) -> float:
        return TOP + plot_h * (1 - value)

    series = (
        _series("errors", "错误", ordered, xs, lambda r: r.errors, count_y, str),
        _series("warnings", "警告", ordered, xs, lambda r: r.warnings, count_y, str),
        _series("coverage", "草案方案覆盖率", ordered, xs, lambda r: r.coverage, share_y, percent),
    )
    step = max(1, math.ceil(len(ordered) / MAX_DATE_LABELS))
    shown = [(x, run) for k, (x, run) in enumerate(zip(xs, ordered)) if k % step == 0]
    days = [local_time(run.created_at, "%Y-%m-%d") for _, run in shown]
    if len(set(days)) < len(days):  # several runs a day: tell them apart by the time
        days = [local_time(run.created_at, "%m-%d %H:%M") for _, run in shown]
    dates = tuple(Tick(round(x, 1), day, f"第 {run.id} 号") for (x, run), day in zip(shown, days))
    count_step = next((top_count // parts for parts in (4, 5, 2) if top_count % parts == 0), top_count)
    counts = tuple(Tick(round(count_y(v), 1), str(v)) for v in range(0, top_count + 1, count_step))
    shares = tuple(Tick(round(share_y(v / 100), 1), f"{v}%") for v in (0, 25, 50, 75, 100))
    return TrendChart(WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM, series, dates, counts, shares)


def _series(key: str, label: str, runs: Sequence[Run], xs: Sequence[float],
            value_of, y_of, text_of) -> Series:
    points: list[Point] = []
    segments: list[list[str]] = [[]]
    for x, run in zip(xs, runs):
        value = value_of(run)
        if value is None:  # no scheme in this run: the line breaks here
            if segments[-1]:
                segments.append([])
            continue
        y = y_of(value)
        points.append(Point(run.id, round(x, 1), round(y, 1), value, text_of(value)))
        segments[-1].append(f"{x:.1f},{y:.1f}")
    return Series(key, label, tuple(points), tuple(" ".join(s) for s in segments if s))


def nice_ceiling(value: int) -> int:
    """The smallest of 1, 2, 4, 5, 8 and 10 times a power of ten that is at least value (an axis top that
    divides into round ticks)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for factor in (1, 2, 4, 5, 8, 10):
        if factor * power >= value:
            return factor * power
    return 10 * power


def percent(share: float) -> str:
    """0.4567 -> '45.7%'."""
    return f"{share * 100:.1f}%"
