"""A task's quantitative commitments, each with a comparable strength and the clause it measures.

`weakened-target` compares these across years. They come from the parser's `Task.targets` when it
found any; for a plan where it found none, they are read from the task text with the patterns below.
Strength is oriented so that larger is always stronger: a higher rate, more times, a more frequent
period, an earlier deadline (deadlines are months from the start of the plan's own year, negated).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..plans.markers import chinese_to_int
from ..plans.model import Plan, Target, Task
from .text import compact, sentence_at, task_text

KINDS = ("percent", "count", "frequency", "coverage", "deadline")


@dataclass(frozen=True)
class Commitment:
    """One quantitative commitment of a task, normalised for comparison across years."""

    kind: str
    text: str  # as printed: 不少于3次, 100%, 每季度, 年底前
    strength: float  # larger is stronger
    unit: str
    clause: str  # the clause holding it, without the commitment itself: what it measures
    sentence: str  # the whole sentence, for evidence
    explicit: bool  # a firm commitment (不少于, 达到, 全覆盖, 每季度…), not a passing number
    display: str  # the value as a reader would say it: 不少于3次, 每季度一次, 2024年6月底前


_NUM = r"\d+(?:\.\d+)?"
_CN = "一二两三四五六七八九十"
_PERCENT = re.compile(
    rf"(?P<pre>不低于|不少于|不高于|不超过|低于|高于|超过|达到|达|保持在|保持|控制在|提高到|提高至|提升到|提升至)?"
    rf"(?P<num>{_NUM})%(?P<post>以上|以下|以内|左右)?")
_COUNT = re.compile(
    rf"(?P<pre>不少于|至少|不低于|超过|达到|累计)?(?P<num>\d+|[{_CN}]{{1,3}})"
    rf"(?:(?:至|到|-|~)(?P<num2>\d+|[{_CN}]{{1,3}}))?"
    r"(?P<unit>人次|场次|次|场|期|项|个|家|件|批|轮|课时|学时|篇|名)(?P<post>以上)?")
_PERIODS = {"周": 52.0, "月": 12.0, "季度": 4.0, "季": 4.0, "半年": 2.0, "年度": 1.0, "年": 1.0,
            "两年": 0.5, "三年": 1 / 3}
_FREQUENCY = re.compile(r"每(?P<period>两年|三年|半年|季度|年度|周|月|季|年)")
_TIMES = re.compile(rf"(?P<num>\d+|[{_CN}]{{1,3}})(?:次|期|场|轮)")
_COVERAGE = re.compile(r"全覆盖|全面覆盖|全域覆盖")
_DEADLINES = (
    re.compile(r"(?P<year>\d{4})年(?:(?P<month>\d{1,2})月)?(?:\d{1,2}日)?(?:底|末)?(?:前|之前|以前)"),
    re.compile(r"(?<![\d年])(?P<month>\d{1,2})月(?:\d{1,2}日)?(?:底|末)?(?:前|之前|以前)"),
    re.compile(r"(?<!\d)(?:年(?:底|末)(?:前|之前)?|年内|(?P<half>上半年)|(?P<q>前三季度|一季度|二季度|三季度))"),
)
_QUARTERS = {"一季度": 3, "二季度": 6, "三季度": 9, "前三季度": 9}
_CLAUSE_END = ",,;;。:!?"


def _number(text: str | None) -> float | None:
    if not text:
        return None
    if text[0].isdigit():
        return float(text)
    value = chinese_to_int(text)
    return float(value) if value is not None else None


def _clause(text: str, start: int, end: int) -> str:
    """The clause around [start, end), without the span itself and without digits."""
    left = max((text.rfind(ch, 0, start) for ch in _CLAUSE_END), default=-1) + 1
    rights = [i for ch in _CLAUSE_END if (i := text.find(ch, end)) != -1]
    right = min(rights) if rights else len(text)
    return re.sub(r"[\d.%]+", "", text[left:start] + text[end:right])


def _in_quotes(text: str, pos: int) -> bool:
    return text.count("“", 0, pos) > text.count("”", 0, pos) or _inside(text, pos, "《", "》")


def _inside(text: str, pos: int, opening: str, closing: str) -> bool:
    return text.rfind(opening, 0, pos) > text.rfind(closing, 0, pos)


def _percent_display(printed: str) -> str:
    """`达到100%` -> `100%`; other wordings (不低于90%, 95%以上) are kept as printed."""
    return printed[2:] if printed.startswith(("达到", "保持")) else printed


def _percents(text: str) -> Iterable[Commitment]:
    for m in _PERCENT.finditer(text):
        value = float(m.group("num"))
        lower_is_better = m.group("pre") in ("不高于", "不超过", "低于", "控制在") or \
            m.group("post") in ("以下", "以内")
        yield Commitment("percent", m.group(0), -value if lower_is_better else value, "%",
                         _clause(text, m.start(), m.end()), sentence_at(text, m.start(), m.end()),
                         True, _percent_display(m.group(0)))


def _frequency_at(text: str, m: re.Match[str]) -> tuple[float, str, int]:
    """(times per year, how to say it, end of the span) for a 每X match: 每季度组织一次 -> 4, 每季度一次."""
    rest = text[m.end():]
    stop = min([i for ch in _CLAUSE_END if (i := rest.find(ch)) != -1] or [len(rest)])
    times = _TIMES.search(rest[:stop])
    n = (_number(times.group("num")) if times else None) or 1.0
    span_end = m.end() + times.end() if times else m.end()
    shown = f"每{m.group('period')}{times.group(0) if times else '一次'}"
    return n * _PERIODS[m.group("period")], shown, span_end


def _frequencies(text: str) -> Iterable[tuple[Commitment, tuple[int, int]]]:
    for m in _FREQUENCY.finditer(text):
        rate, shown, span_end = _frequency_at(text, m)
        yield (Commitment("frequency", m.group(0), rate, "次/年",
                          _clause(text, m.start(), span_end), sentence_at(text, m.start(), m.end()),
                          True, shown), (m.start(), span_end))


def _counts(text: str, taken: list[tuple[int, int]]) -> Iterable[Commitment]:
    for m in _COUNT.finditer(text):
        if any(a <= m.start() < b for a, b in taken) or _in_quotes(text, m.start()):
            continue
        if m.start() and text[m.start() - 1] in "第每":
            continue
        value = _number(m.group("num"))
        if value is None:
            continue
        explicit = bool(m.group("pre") and m.group("pre") != "累计") or bool(m.group("post"))
        yield Commitment("count", m.group(0), value, m.group("unit"), _clause(text, m.start(), m.end()),
                         sentence_at(text, m.start(), m.end()), explicit, m.group(0))


def _coverages(text: str) -> Iterable[Commitment]:
    for m in _COVERAGE.finditer(text):
        yield Commitment("coverage", m.group(0), 1.0, "", _clause(text, m.start(), m.end()),
                         sentence_at(text, m.start(), m.end()), True, m.group(0))


def deadline_offset(match: re.Match[str], plan_year: int | None) -> int | None:
    """Months from the start of the plan year to a deadline match; None when it cannot be placed."""
    groups = match.groupdict()
    month = int(groups["month"]) if groups.get("month") else 12
    if groups.get("half"):
        month = 6
    if groups.get("q"):
        month = _QUARTERS[groups["q"]]
    if groups.get("year"):
        if plan_year is None:
            return None
        return (int(groups["year"]) - plan_year) * 12 + month
    return month


def _deadlines(text: str, plan_year: int | None) -> Iterable[Commitment]:
    seen: set[int] = set()
    for pattern in _DEADLINES:
        for m in pattern.finditer(text):
            if m.start() in seen or any(m.start() < s < m.end() for s in seen) or _in_quotes(text, m.start()):
                continue
            before = text[max(0, m.start() - 2): m.start()]
            if before.endswith(("每年", "已于")):
                continue
            offset = deadline_offset(m, plan_year)
            if offset is None:
                continue
            seen.add(m.start())
            yield Commitment("deadline", m.group(0), -float(offset), "月", _clause(text, m.start(), m.end()),
                             sentence_at(text, m.start(), m.end()), True, m.group(0))


def read_commitments(text: str, plan_year: int | None) -> list[Commitment]:
    """Every commitment found in a compacted task text."""
    found: list[Commitment] = list(_percents(text))
    taken: list[tuple[int, int]] = [(m.start(), m.end()) for m in _PERCENT.finditer(text)]
    for commitment, span in _frequencies(text):
        found.append(commitment)
        taken.append(span)
    found.extend(_counts(text, taken))
    found.extend(_coverages(text))
    found.extend(_deadlines(text, plan_year))
    return found


def _from_target(target: Target, text: str, plan_year: int | None) -> Commitment | None:
    """A parser Target as a Commitment, placed in the task text for its clause and sentence."""
    printed = compact(target.text)
    start = text.find(printed) if printed else -1
    if start < 0:
        start, end = 0, 0
    else:
        end = start + len(printed)
    clause = _clause(text, start, end) if end else compact(target.metric)
    sentence = sentence_at(text, start, end) if end else printed
    strength = _target_strength(target, plan_year)
    display = _percent_display(printed) if target.kind == "percent" else printed
    if target.kind == "frequency" and (m := _FREQUENCY.match(text, start) if end else None):
        strength, display, span_end = _frequency_at(text, m)
        clause = _clause(text, start, span_end)
    if strength is None:
        return None
    unit = "次/年" if target.kind == "frequency" else target.unit
    explicit = target.kind != "count" or target.op in (">=", ">")
    return Commitment(target.kind, printed, strength, unit, clause, sentence, explicit, display)


def _target_strength(target: Target, plan_year: int | None) -> float | None:
    if target.kind == "coverage":
        return 1.0
    if target.value is None:
        return None
    if target.kind == "deadline":
        if target.year_relative:
            return -target.value
        return None if plan_year is None else -(target.value - plan_year * 12)
    return -target.value if target.op in ("<=", "<") else target.value


def plan_uses_parser_targets(plan: Plan) -> bool:
    """Whether the parser read targets for this plan (else the rule reads them from the text)."""
    return any(task.targets for task in plan.tasks)


def task_commitments(task: Task, plan_year: int | None, from_parser: bool) -> list[Commitment]:
    """The task's commitments, plus its 完成时限 field as a deadline of its own."""
    text = task_text(task.title, task.text)
    if from_parser:
        found = [c for t in task.targets if (c := _from_target(t, text, plan_year)) is not None]
    else:
        found = read_commitments(text, plan_year)
    if task.deadline:
        field = compact(task.deadline)
        for pattern in _DEADLINES[:2]:
            m = pattern.search(field + ("" if field.endswith("前") else "前"))
            if m:
                offset = deadline_offset(m, plan_year)
                if offset is not None:
                    found.append(Commitment("deadline", field, -float(offset), "月", "完成时限",
                                            f"完成时限:{task.deadline.strip()}", True, field))
                break
    return found
