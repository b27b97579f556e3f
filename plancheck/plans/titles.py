"""The document's own title, its year and whether it is an annual plan or a multi-year scheme."""
from __future__ import annotations

import itertools
import re
from collections import Counter
from pathlib import Path

from .units import label_view

_PLAN_WORDS_RE = re.compile(r"(?:工作计划|工作要点|实施方案|计划|要点|方案|规划|任务分工|任务清单|工作安排)$")
_NOTICE_RE = re.compile(r"关于印发|的通知$|^[^,,]*文件$")
_SCHEME_RE = re.compile(r"实施方案|规划|纲要|\d{4}\s*[-—–~至]\s*\d{4}")
_YEAR_RE = re.compile(r"(20\d{2})\s*年")


def _title_candidates(lines: list[str]) -> list[tuple[int, str]]:
    """Each line, and each pair of short lines that a title broken in two would make (`示例县2024年法治政府建设`
    / `重点任务实施方案`), with the position of its first line."""
    stripped = [line.strip().strip("《》") for line in lines]
    candidates = list(enumerate(stripped))
    for position, (first, second) in enumerate(itertools.pairwise(stripped)):
        # The second line must need the first: alone it names neither the subject nor the year.
        if 4 <= len(first) <= 30 and 2 <= len(second) <= 30 and not _PLAN_WORDS_RE.search(label_view(first)) \
                and not _YEAR_RE.search(second) and "法治" not in second and "法治" in first \
                and not re.search(r"[。,,;;::()()]", first + second):
            candidates.append((position, first + second))
    return candidates


def find_title(preamble_lines: list[str]) -> str:
    """The plan's title among the lines before its first numbered item."""
    best, best_score = "", -1.0
    for position, line in _title_candidates(preamble_lines[:40]):
        if not line or len(line) > 70:
            continue
        view = label_view(line)
        score = 0.0
        if _PLAN_WORDS_RE.search(view):
            score += 3
        if "法治" in line:
            score += 2
        if _NOTICE_RE.search(view):
            score -= 4
        if line.endswith(("。", ":", ":")) or "," in line or "," in line:
            score -= 3
        score -= position * 0.05
        if score > best_score:
            best, best_score = line, score
    # No line reads as a title (a Word draft whose title is in a text box, an excerpt): the first sentence of
    # the preamble is no title either.
    return best if best_score > 0 else ""


# Words a saved or circulated copy adds to a file name: `(征求意见稿)`, `_定稿`, `-v2`.
_FILE_NAME_NOISE_RE = re.compile(r"[((【\[]?(?:征求意见稿|送审稿|修改稿|讨论稿|定稿|草案|终稿|最终版|印发版|v\d+)[))】\]]?"
                                 r"|(?<![_\-\s])[_\-\s]+\d*$", re.IGNORECASE)
_RANGE_RE = re.compile(r"(20\d{2})\s*[-—–~至]\s*(20\d{2})")


def title_from_file_name(path: str) -> str:
    """A plan title carried only by the file name (`示例县2023年法治政府建设工作计划(征求意见稿).docx`), or ''."""
    stem = Path(path).stem
    name = _FILE_NAME_NOISE_RE.sub("", stem).strip()
    return name if "法治" in name and _PLAN_WORDS_RE.search(label_view(name)) else ""


def year_in(text: str) -> int | None:
    """The year 20XX that a title or file name names, never one end of a range (`2021-2025年`)."""
    text = _RANGE_RE.sub("", text)
    # (Not inside a run of letters and digits: a stored upload's random hex name holds `2064` by chance.)
    match = re.search(r"(?<![0-9A-Za-z])(20\d{2})(?![0-9A-Za-z])", text)
    return int(match.group(1)) if match else None


def plan_kind(title: str) -> str:
    """'scheme' for the multi-year 实施方案, else 'annual'."""
    title = label_view(title)
    return "scheme" if _SCHEME_RE.search(title) and not re.search(r"(?<!\d)20\d{2}\s*年度?(?:法治|工作|重点)", title) \
        else "annual"


def plan_year(title: str, text: str, kind: str, path: str = "") -> tuple[int | None, str]:
    """The year a plan is for, and where it was read (one of YEAR_SOURCES): its title, else its file name,
    else the year its text speaks of most; a range (`2021-2025年`) gives a scheme its first year and an
    annual plan nothing."""
    years = [int(y) for y in _YEAR_RE.findall(_RANGE_RE.sub("", title))]
    span = _RANGE_RE.search(title)
    if years:
        return years[0], "title"
    if span:
        return (int(span.group(1)) if kind == "scheme" else int(span.group(2))), "title"
    from_name = year_in(Path(path).stem) if path else None
    if from_name:
        return from_name, "file"
    if kind == "scheme":
        return None, ""
    counts = Counter(int(y) for y in _YEAR_RE.findall(_RANGE_RE.sub("", text[:3000])))
    return (counts.most_common(1)[0][0], "text") if counts else (None, "")