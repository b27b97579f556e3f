"""weakened-target: a task aligned across years whose target, frequency, coverage or deadline got weaker."""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from ...compare.model import Analysis
from ...plans.markers import chinese_to_int
from ...plans.model import Target, Task
from ...plans.targets import FREQUENCY_RANK
from ..finding import Finding
from ..scope import plan_year
from ..text import between_marks, compact, sentence_at, sentences, task_text

if TYPE_CHECKING:
    from ..config import CheckConfig

NAME = "weakened-target"
SEVERITY = "error"
TITLE = "目标要求降低"
THRESHOLDS = {
    # similarity of the words before two numbers for them to measure the same thing
    "metric-similarity": 0.45,
}
DESCRIPTION = """
延续去年的任务时,量化目标、工作频次、覆盖范围和完成时限不应在无说明的情况下降低。本规则逐项比较去年任务
与草案中对应任务的同类指标:比率降低、次数减少、频次变稀(每月>每季度>每半年>每年)、时限推后、
“全覆盖”或“100%”等要求被删去时报告。目标提高不报告。
错误示例:去年“人大代表建议和政协委员提案办复率达到100%”,今年改为“办复率达到95%”;
去年“每季度组织一次行政执法案卷集中评查”,今年改为“每半年组织一次”。
正确示例:保持或提高目标,如“被诉行政机关负责人出庭应诉率由不低于90%提高到达到100%”。
"""

# How alike a clause elsewhere in the draft must be to count as the same target, moved to another task.
MOVED_SIMILARITY = 0.75
# Pair kinds whose wording changed too much for a vanished target to mean it was removed.
_NO_REMOVAL_KINDS = frozenset({"rewritten"})
_LEAD_WORDS = re.compile(r"^(年内|全年|每年|当年)?(组织|开展|安排|举办|推动|实现)?(全县|全区|全市|全镇)?")
_OP_WORDS = re.compile(r"不低于|不少于|不高于|不超过|低于|高于|超过|达到|保持在|控制在|至少|以上|以下|力争|确保|均$|达$")


def check(analysis: Analysis, config: CheckConfig) -> Iterator[Finding]:
    """Findings for each baseline commitment that is weaker, or gone, in the aligned draft tasks."""
    baseline, draft = analysis.baseline, analysis.draft
    if baseline is None or not analysis.alignment:
        return
    threshold = config.threshold("metric-similarity")
    old_year, new_year = plan_year(baseline, config), plan_year(draft, config)
    groups: dict[int, list[int]] = {}
    kinds: dict[int, set[str]] = {}
    for pair in analysis.alignment:
        groups.setdefault(pair.baseline, []).append(pair.draft)
        kinds.setdefault(pair.baseline, set()).add(pair.kind)
    drafted = {t.index: task_commitments(t, new_year) for t in draft.tasks}
    texts = {t.index: task_text(t.title, t.text) for t in draft.tasks}
    everywhere = [(d, c) for d, found in drafted.items() for c in found]
    old_tasks = {t.index: t for t in baseline.tasks}
    seen: set[tuple[int | None, int, str]] = set()
    for b, drafts in sorted(groups.items()):
        if b not in old_tasks:
            continue
        targets = sorted(d for d in set(drafts) if d in drafted)
        new = [(d, c) for d in targets for c in drafted[d]]
        for old in task_commitments(old_tasks[b], old_year):
            # The best comparable commitment of the aligned tasks, found once: a weaker one is a finding, none at
            # all a removal (unless the target moved elsewhere).
            match = _best_match(old, new, threshold)
            if match is not None:
                finding = _weakened(old, match, b)
            elif _removal_counts(old) and not kinds[b] <= _NO_REMOVAL_KINDS:
                finding = _removed(old, {d: texts[d] for d in targets}, b, threshold, everywhere)
            else:
                finding = None
            if finding is not None and (finding.task, b, finding.message) not in seen:
                seen.add((finding.task, b, finding.message))
                yield finding


def metric_similarity(a: str, b: str) -> float:
    """How alike two clauses are as descriptions of what a number measures (0..1)."""
    from rapidfuzz import fuzz

    if not a or not b:
        return 0.0
    return max(fuzz.ratio(a, b), 0.9 * fuzz.partial_ratio(a, b) if min(len(a), len(b)) >= 4 else 0) / 100


def _comparable(old: Commitment, new: Commitment) -> bool:
    if old.kind != new.kind:
        return False
    if old.kind == "count" and old.unit != new.unit:
        return False
    # 不超过5% and 达到95% measure different things
    return not (old.kind == "percent" and (old.strength < 0) != (new.strength < 0))


def _best_match(old: Commitment, new: Sequence[tuple[int, Commitment]], threshold: float):
    scored = [(metric_similarity(old.clause, c.clause), d, c) for d, c in new if _comparable(old, c)]
    scored = [s for s in scored if s[0] >= threshold]
    if not scored:
        return None
    # among equally good matches, the one closest in value (an unchanged copy beats a changed one)
    best = max(scored, key=lambda s: (round(s[0], 2), -abs(s[2].strength - old.strength)))
    return best[1], best[2]


def _weakened(old: Commitment, match: tuple[int, Commitment], b: int) -> Finding | None:
    """A finding when `match`, the best comparable commitment of the aligned draft tasks, is weaker."""
    d, found = match
    if found.strength >= old.strength - 1e-9:
        return None
    if old.kind == "deadline":
        label = metric_label(old)
        label = label if label == "完成时限" else f"{label}的完成时限"
        message = f"{label}由{old.display}推迟到{found.display}"
    else:
        message = f"{metric_label(old)}由{old.display}降为{found.display}"
    return Finding(NAME, SEVERITY, "draft", message, task=d, old_task=b,
                   evidence={"baseline": old.sentence, "draft": found.sentence})


def _removed(old: Commitment, texts: dict[int, str], b: int, threshold: float,
             everywhere: Sequence[tuple[int, Commitment]]) -> Finding | None:
    """A finding for a firm commitment with no comparable one left in the aligned draft tasks (the caller
    found none), when none is anywhere else in the draft either (a target moved to another task is not a
    removed one)."""
    if not texts or any(old.text in text for text in texts.values()):
        return None
    if _best_match(old, everywhere, max(threshold, MOVED_SIMILARITY)) is not None:
        return None
    old_sentence = old.sentence  # found when read: once here
    similarity, d, sentence = max((metric_similarity(old_sentence, s), d, s)
                                  for d, text in texts.items() for s in sentences(text) or [text])
    message = f"{metric_label(old)}的“{old.display}”要求被删去"
    return Finding(NAME, SEVERITY, "draft", message, task=d, old_task=b,
                   evidence={"baseline": old_sentence, "draft": sentence if similarity >= threshold else ""})


def _removal_counts(old: Commitment) -> bool:
    """Only firm commitments count as removed: rates, 全覆盖, minimum counts, sub-yearly frequencies."""
    if not old.explicit:
        return False
    if old.kind == "frequency":
        return old.strength > 1
    return old.kind in ("percent", "coverage", "count")


def metric_label(commitment: Commitment, limit: int = 20) -> str:
    """What the commitment measures, for a message: `人大代表建议和政协委员提案办复率`, `法治专题讲座`."""
    label = _OP_WORDS.sub("", commitment.metric or commitment.clause).strip("、,,。;; ")
    label = _LEAD_WORDS.sub("", label) or label
    if commitment.kind == "deadline" and commitment.clause == "完成时限":
        return "完成时限"
    if commitment.kind == "deadline":
        label = re.sub(r"^(完成|实现|建成|前|之前)", "", label)
    if not label:
        return {"deadline": "完成时限", "frequency": "工作频次", "coverage": "覆盖要求"}.get(commitment.kind, "目标")
    return label if len(label) <= limit else "…" + label[-limit:]


# ---------------------------------------------------------------- commitments: Task.targets made comparable


class Commitment(NamedTuple):
    """One target of a task, with a strength that compares across years (larger is always stronger: a higher
    rate, more times, a more frequent period, an earlier deadline in months from the plan year, negated).

    A named tuple: a review makes one for every target of both plans (about a hundred) and reports few, so
    the sentence, which only a finding's evidence reads, is found when read."""

    kind: str
    text: str  # as printed: 不少于3次, 100%, 每季度, 年底前
    strength: float
    unit: str
    metric: str  # what is counted, from the parser: 法治专题讲座, 集体讨论率
    clause: str  # the clause holding it, without the target itself: what the matching compares
    explicit: bool  # a firm commitment (不少于, 达到, 全覆盖, 每季度…), not a passing number
    display: str  # the value as a reader would say it: 不少于3次, 每季度一次, 2024年6月底前
    context: str  # the task text the target stands in; or, with no `span`, the sentence itself
    span: tuple[int, int] | None = None  # where in `context` the target stands

    @property
    def sentence(self) -> str:
        """The whole sentence holding the target, for evidence."""
        return self.context if self.span is None else sentence_at(self.context, *self.span)


_FREQUENCY = re.compile("|".join(sorted(map(re.escape, FREQUENCY_RANK), key=len, reverse=True)))
_TIMES = re.compile(r"(?P<num>\d+|[一二两三四五六七八九十]{1,3})(?:次|期|场|轮)")
_CLAUSE_END = ",,;;。:!?"
_FIGURES = re.compile(r"[\d.%]+")


def task_commitments(task: Task, plan_year: int | None) -> list[Commitment]:
    """The task's targets as commitments, plus its 完成时限 field when no target already states that date
    (one deadline is one commitment, so a later one is one finding)."""
    text = task_text(task.title, task.text)
    found = [c for t in task.targets if (c := _from_target(t, text, plan_year)) is not None]
    field = compact(task.deadline)
    if field:
        strength = _deadline_strength(field, plan_year)
        stated = any(c.kind == "deadline" and c.strength == strength for c in found)
        if strength is not None and not stated:
            found.append(Commitment("deadline", field, strength, "月", "完成时限", "完成时限", True, field,
                                    f"完成时限:{task.deadline.strip()}"))
    return found


# Cached: a plan gives many tasks one deadline (年底前, 2025年6月底前).
@lru_cache(maxsize=1024)
def _deadline_strength(field: str, plan_year: int | None) -> float | None:
    """The strength of a compacted 完成时限 field, as of a deadline target."""
    from ...plans.targets import extract_targets

    (parsed,) = extract_targets([field if field.endswith("前") else field + "前"], plan_year)
    return next((s for t in parsed if t.kind == "deadline" and (s := _target_strength(t, plan_year)) is not None),
                None)


def _from_target(target: Target, text: str, plan_year: int | None) -> Commitment | None:
    """A parser Target as a Commitment, placed in the task text for its clause and sentence."""
    printed = compact(target.text)
    start = text.find(printed) if printed else -1
    if start < 0:
        start, end = 0, 0
    else:
        end = start + len(printed)
    clause = _clause(text, start, end) if end else compact(target.metric)
    strength = _target_strength(target, plan_year)
    display = _percent_display(printed) if target.kind == "percent" else printed
    if target.kind == "frequency" and (m := _FREQUENCY.match(text, start) if end else None):
        strength, display, span_end = _frequency_at(text, m)
        clause = _clause(text, start, span_end)
    if strength is None:
        return None
    unit = "次/年" if target.kind == "frequency" else target.unit
    explicit = target.kind != "count" or target.op in (">=", ">")
    return Commitment(target.kind, printed, strength, unit, compact(target.metric), clause, explicit, display,
                      text if end else printed, (start, end) if end else None)


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


def _frequency_at(text: str, m: re.Match[str]) -> tuple[float, str, int]:
    """(times per year, how to say it, end of the span) for a 每X match: 每季度组织一次 -> 4, 每季度一次."""
    rest = text[m.end():]
    stop = min([i for ch in _CLAUSE_END if (i := rest.find(ch)) != -1] or [len(rest)])
    times = _TIMES.search(rest[:stop])
    n = (_count(times.group("num")) if times else None) or 1.0
    span_end = m.end() + times.end() if times else m.end()
    shown = f"{m.group(0)}{times.group(0) if times else '一次'}"
    return n * FREQUENCY_RANK[m.group(0)], shown, span_end


def _count(text: str) -> float | None:
    if text[0].isdigit():
        return float(text)
    value = chinese_to_int(text)
    return float(value) if value is not None else None


def _clause(text: str, start: int, end: int) -> str:
    """The clause around [start, end), without the span itself and without digits."""
    left, right = between_marks(text, start, end, _CLAUSE_END)
    return _FIGURES.sub("", text[left:start] + text[end:right])


def _percent_display(printed: str) -> str:
    """`达到100%` -> `100%`; other wordings (不低于90%, 95%以上) are kept as printed."""
    return printed[2:] if printed.startswith(("达到", "保持")) else printed
