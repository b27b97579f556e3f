"""How a finding reads in a written opinion or a Word comment: the task it names, its evidence quoted,
and the change a reviewer asks for.

The Word documents speak to the drafting office about its draft, so they carry only the findings that
concern the draft (`about_draft`), grouped the way a reviewer groups them (`OPINION_GROUPS`).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..checks import get_rule
from ..checks.finding import Finding
from ..compare.model import Analysis
from ..plans.model import Plan, Task
from .labels import EVIDENCE_LABELS, ROLE_LABELS

# (heading, rules) in the order a reviewer writes them; a rule not listed goes to the last group.
OPINION_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("上年任务未予延续", ("dropped-task",)),
    ("牵头单位和责任单位缺失或不明确", ("missing-lead-unit", "missing-responsible-unit", "unit-name-variant")),
    ("目标要求降低", ("weakened-target",)),
    ("实施方案任务未落实", ("scheme-gap",)),
    ("文字表述和编号", ("stale-reference", "numbering", "duplicate-task")),
)

ADVICE = {
    "dropped-task": "恢复该项任务，或在起草说明中写明不再列入的理由",
    "missing-lead-unit": "明确该项任务的牵头单位",
    "missing-responsible-unit": "补充该项任务的责任（配合）单位",
    "unit-name-variant": "统一使用单位的规范名称",
    "weakened-target": "保持不低于上年计划的目标要求，确需调整的说明理由",
    "scheme-gap": "增加落实该项实施方案任务的具体举措",
    "stale-reference": "按计划年度更新相关表述和完成时限",
    "numbering": "核对并连续编排任务编号",
    "duplicate-task": "合并重复的任务，或写明各自的侧重点",
}
_DEFAULT_ADVICE = "核实并修改"
# Evidence that only repeats what the sentence already names, or is the matcher's working (the closest
# candidate and its score, shared keywords) rather than something the drafting office wrote.
_UNQUOTED = frozenset({"task", "plan", "plan_year", "number", "previous", "closest", "shared"})
_QUOTE_CHARS = 120
_HALF_AFTER_CHINESE = re.compile(r"(?<=[\u3400-\u9fff“”‘’》）])([,;:])")
_HALF_PARENS = re.compile(r"\(([^()]*[\u3400-\u9fff][^()]*)\)")
_FULL_WIDTH = {",": "，", ";": "；", ":": "："}


def about_draft(findings: Iterable[Finding]) -> list[Finding]:
    """The findings a drafting office must act on: all but those about last year's plan on its own
    (its single-plan defects, and scheme items it did not implement)."""
    kept = []
    for f in findings:
        if f.against == "baseline":
            continue
        if f.document == "baseline" and _single_plan(f.rule):
            continue
        kept.append(f)
    return kept


def rule_title(rule: str) -> str:
    """The rule's short Chinese name (`缺少牵头单位`), or its stable name for a rule not in the registry."""
    try:
        return get_rule(rule).title
    except KeyError:
        return rule


def _single_plan(rule: str) -> bool:
    try:
        return get_rule(rule).single_plan
    except KeyError:
        return False


def grouped(findings: Sequence[Finding]) -> list[tuple[str, list[Finding]]]:
    """The findings under the opinion's headings, empty headings left out, each group in finding order."""
    last = len(OPINION_GROUPS) - 1
    place = {rule: n for n, (_, rules) in enumerate(OPINION_GROUPS) for rule in rules}
    buckets: list[list[Finding]] = [[] for _ in OPINION_GROUPS]
    for f in findings:
        buckets[place.get(f.rule, last)].append(f)
    return [(OPINION_GROUPS[n][0], bucket) for n, bucket in enumerate(buckets) if bucket]


def plan_of(analysis: Analysis, role: str) -> Plan | None:
    """The plan a finding's `document` names."""
    return {"draft": analysis.draft, "baseline": analysis.baseline, "scheme": analysis.scheme}.get(role)


def task_of(analysis: Analysis, role: str, index: int | None) -> Task | None:
    """The task with this 1-based index in the plan of that role, if there is one."""
    plan = plan_of(analysis, role)
    if plan is None or index is None or not 1 <= index <= len(plan.tasks):
        return None
    return plan.tasks[index - 1]


def task_name(analysis: Analysis, role: str, index: int) -> str:
    """`草案第11项“严格落实重大行政决策程序”`: the task by its printed number (by its position when it
    has none, or with its section when the number repeats) and its title."""
    task = task_of(analysis, role, index)
    noun = "事项" if role == "scheme" else "任务"
    if task is None:
        return f"{ROLE_LABELS.get(role, role)}第{index}项{noun}"
    plan = plan_of(analysis, role)
    number = task.number.strip() or str(index)
    repeated = plan is not None and sum(1 for t in plan.tasks if t.number.strip() == number) > 1
    where = f"第{number}项" if number.isdigit() else number
    if repeated and task.section_number:
        where = f"{task.section_number}{where}"
    return f"{ROLE_LABELS.get(role, role)}{where}“{task.title}”"


def subject(finding: Finding, analysis: Analysis) -> str:
    """Every task a finding is about, named: its task(s), and last year's task of a pair."""
    indexes = ((finding.task,) if finding.task is not None else ()) + tuple(finding.tasks)
    names = [task_name(analysis, finding.document, i) for i in dict.fromkeys(indexes)]
    text = "、".join(names)
    if finding.old_task is not None and finding.document != "baseline":
        text += f"（对应{task_name(analysis, 'baseline', finding.old_task)}）"
    return text


def evidence_quotes(finding: Finding) -> str:
    """The evidence the message does not already say, as `去年：“…”；草案：“…”`, long texts shortened."""
    parts = []
    for key, value in finding.evidence.items():
        text = " ".join(str(value).split()).rstrip("。;；")
        if key in _UNQUOTED or not text or text in finding.message:
            continue
        if len(text) > _QUOTE_CHARS:
            text = text[: _QUOTE_CHARS - 1] + "…"
        parts.append(f"{EVIDENCE_LABELS.get(key, key)}：“{_inner_quotes(text)}”")
    return "；".join(parts)


def _inner_quotes(text: str) -> str:
    """Double quotes inside a quotation become single ones, as Chinese nesting wants."""
    return text.replace("“", "‘").replace("”", "’")


def chinese_punctuation(text: str) -> str:
    """Half-width , ; : after Chinese text, and parentheses around Chinese text, in their full-width
    forms (rule messages and plan titles mix both; an official document uses the full-width ones)."""
    text = _HALF_AFTER_CHINESE.sub(lambda m: _FULL_WIDTH[m.group(1)], text)
    return _HALF_PARENS.sub(r"（\1）", text)


def advice(finding: Finding) -> str:
    """What the reviewer asks the drafting office to change, as a clause: `明确该项任务的牵头单位`."""
    return ADVICE.get(finding.rule, _DEFAULT_ADVICE)


def finding_paragraph(finding: Finding, analysis: Analysis) -> str:
    """One finding as a reviewer writes it: the task, what is wrong, the evidence, the change asked for."""
    message = finding.message.rstrip("。")
    named = subject(finding, analysis)
    text = message if _names_its_task(finding, analysis) else f"{named}：{message}"
    quotes = evidence_quotes(finding)
    if quotes:
        text += f"。{quotes}"
    return chinese_punctuation(f"{text}。建议{advice(finding)}。")


def _names_its_task(finding: Finding, analysis: Analysis) -> bool:
    """Whether the message already names the task by its title (most rules' messages do)."""
    index = finding.task if finding.task is not None else (finding.tasks[0] if finding.tasks else None)
    task = task_of(analysis, finding.document, index)
    return task is not None and bool(task.title) and task.title in finding.message
