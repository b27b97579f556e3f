"""What a user may tell the splitter when the automatic reading of a plan is wrong."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from .markers import marker_at

# The task level by name, for a user who would rather not type a marker.
LEVEL_NAMES = {"一、": "cn_dun", "(一)": "cn_paren", "1.": "ar_dot", "1、": "ar_dun", "(1)": "ar_paren",
               "1)": "ar_half", "①": "circled", "一是": "cn_shi"}


@dataclass(frozen=True)
class ParseOptions:
    """Overrides of the splitter's own judgement: the task level, extra words of non-task parts, extra unit
    label words (read as 牵头 lead labels or 配合 helper labels)."""

    task_level: str | None = None
    non_task_words: tuple[str, ...] = ()
    lead_labels: tuple[str, ...] = ()
    helper_labels: tuple[str, ...] = ()

    @cached_property
    def task_kind(self) -> str | None:
        """The marker kind of the requested task level (`(一)`, `（三）`, `1.` or `一、` all work)."""
        if not self.task_level:
            return None
        return task_kind_of(self.task_level)

    @cached_property
    def non_task_re(self) -> re.Pattern[str] | None:
        words = [w.strip() for w in self.non_task_words if w.strip()]
        return re.compile("|".join(re.escape(w) for w in words)) if words else None


@dataclass(frozen=True)
class ReadingOptions:
    """The overrides for each kind of document a review reads: the annual plans and the scheme."""

    annual: ParseOptions = ParseOptions()
    scheme: ParseOptions = ParseOptions()

    def for_kind(self, kind: str) -> ParseOptions:
        return self.scheme if kind == "scheme" else self.annual


_KEYS = {"task_level", "non_task_words", "lead_labels", "helper_labels"}


def reading_options_from(table: object) -> ReadingOptions:
    """The `[parse]` table of plancheck.toml (with its `[parse.scheme]` sub-table for the scheme).

    Raises ValueError with a Chinese message naming the bad key.
    """
    if not isinstance(table, dict):
        raise ValueError("[parse] 应为一个表")
    scheme = table.get("scheme", {})
    annual = {key: value for key, value in table.items() if key != "scheme"}
    return ReadingOptions(annual=_parse_options(annual, "parse"), scheme=_parse_options(scheme, "parse.scheme"))


def _parse_options(table: object, where: str) -> ParseOptions:
    if not isinstance(table, dict):
        raise ValueError(f"[{where}] 应为一个表")
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ValueError(f"[{where}] 中不认识的配置项 {', '.join(unknown)}")
    level = table.get("task_level")
    if level is not None and (not isinstance(level, str) or task_kind_of(level) is None):
        raise ValueError(f"[{where}] task_level 应为一个编号样式,如 \"(一)\"、\"1.\"、\"一、\"")
    words = {}
    for key in ("non_task_words", "lead_labels", "helper_labels"):
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
            raise ValueError(f"[{where}] {key} 应为字符串列表")
        words[key] = tuple(item.strip() for item in value)
    return ParseOptions(task_level=level, **words)


def task_kind_of(level: str) -> str | None:
    """The marker kind a printed level names (`(三)` -> 'cn_paren'); None when it names none."""
    from .cleaning import fold_width

    level = fold_width(level.strip())
    if level in LEVEL_NAMES.values():
        return level
    if level in LEVEL_NAMES:
        return LEVEL_NAMES[level]
    marker = marker_at(level, 0)
    return marker.kind if marker and marker.end == len(level) else None
