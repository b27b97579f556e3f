"""The document's own title, its year and whether it is an annual plan or a multi-year scheme."""
from __future__ import annotations

import re
from collections import Counter

from .units import label_view

_PLAN_WORDS_RE = re.compile(r"(?:工作计划|工作要点|实施方案|计划|要点|方案|规划|任务分工|任务清单|工作安排)$")
_NOTICE_RE = re.compile(r"关于印发|的通知$|^[^,,]*文件$")
_SCHEME_RE = re.compile(r"实施方案|规划|纲要|\d{4}\s*[-—–~至]\s*\d{4}")
_YEAR_RE = re.compile(r"(20\d{2})\s*年")


def find_title(preamble_lines: list[str]) -> str:
    """The plan's title among the lines before its first numbered item."""
    best, best_score = "", -1.0
    for position, line in enumerate(preamble_lines[:40]):
        line = line.strip().strip("《》")
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
    return best if best_score > 0 else (preamble_lines[0].strip() if preamble_lines else "")


def plan_kind(title: str) -> str:
    """'scheme' for the multi-year 实施方案, else 'annual'."""
    title = label_view(title)
    return "scheme" if _SCHEME_RE.search(title) and not re.search(r"(?<!\d)20\d{2}\s*年度?(?:法治|工作|重点)", title) \
        else "annual"


def plan_year(title: str, text: str, kind: str) -> int | None:
    """The year a plan is for: from its title, else the year most spoken of in its text."""
    years = [int(y) for y in _YEAR_RE.findall(title)]
    span = re.search(r"(20\d{2})\s*[-—–~至]\s*(20\d{2})", title)
    if span:
        return int(span.group(1)) if kind == "scheme" else int(span.group(2))
    if years:
        return years[0]
    if kind == "scheme":
        return None
    counts = Counter(int(y) for y in _YEAR_RE.findall(text[:3000]))
    return counts.most_common(1)[0][0] if counts else None
