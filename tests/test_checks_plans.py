"""Hand-written plans for the rule tests, and the tests of the rule machinery (registry, run_checks).

The builders below are imported by the tests/test_rule_*.py files.
"""
from __future__ import annotations

from plancheck.checks import CheckConfig, all_rules, rule_names, run_checks, sort_findings
from plancheck.checks.config import RuleSettings
from plancheck.checks.finding import SEVERITIES, Finding
from plancheck.compare.model import AlignedPair, Analysis
from plancheck.plans.model import Plan, Section, Source, Target, Task

DEFAULT_LEAD = ("县司法局",)
DEFAULT_RESPONSIBLE = ("县直各部门", "各乡镇人民政府")


def task(index: int, title: str, body: str = "", *, number: str | None = None, section: str = "一",
         lead: tuple[str, ...] = DEFAULT_LEAD, responsible: tuple[str, ...] = DEFAULT_RESPONSIBLE,
         labels: tuple[str, ...] | None = None, targets: tuple[Target, ...] = (),
         deadline: str | None = None) -> Task:
    """A task as the parser would give it: `title。body`, with a 牵头单位/责任单位 block by default."""
    if labels is None:
        labels = (("牵头单位",) if lead else ()) + (("责任单位",) if responsible else ())
    groups = [units for units in (lead, responsible) if units]
    block = ";".join(f"{label}:{'、'.join(units)}" for label, units in zip(labels, groups))
    return Task(
        index=index, number=number if number is not None else str(index), section=f"{section}、",
        section_number=section, title=title, text=f"{title}。{body}" if body else f"{title}。",
        lead_units=lead, responsible_units=responsible, targets=targets, deadline=deadline,
        source=Source(page=None, line=index), unit_block=f"〔{block}〕" if block else "", unit_labels=labels,
    )


def unit_convention(tasks: tuple[Task, ...]) -> str:
    """The parser's judgement of the plan's unit convention, from its tasks."""
    with_units = [t for t in tasks if t.lead_units or t.responsible_units]
    if not with_units:
        return "none"
    both = sum(1 for t in with_units if t.lead_units and t.responsible_units)
    return "lead+responsible" if both * 2 >= len(with_units) else "lead-only"


def plan(*tasks: Task, year: int | None = 2024, kind: str = "annual", title: str | None = None,
         sections: tuple[Section, ...] = ()) -> Plan:
    """A plan of the given tasks."""
    return Plan(path="plan.txt", title=title or f"清河县{year}年法治政府建设工作要点", year=year, kind=kind,
                sections=sections, tasks=tasks, unit_convention=unit_convention(tasks))


def analysis_of(draft: Plan, baseline: Plan | None = None, **kwargs) -> Analysis:
    """An analysis of a draft alone or with its baseline."""
    return Analysis(draft=draft, baseline=baseline, **kwargs)


def carried(*pairs: tuple[int, int], kind: str = "carried") -> tuple[AlignedPair, ...]:
    """Alignment rows (baseline, draft)."""
    return tuple(AlignedPair(b, d, kind, 0.9) for b, d in pairs)


def findings_of(rule: str, analysis: Analysis, config: CheckConfig | None = None) -> list[Finding]:
    """The findings of one rule, run through run_checks so overrides and sorting apply."""
    return [f for f in run_checks(analysis, config or CheckConfig()) if f.rule == rule]


# --- the machinery ---------------------------------------------------------------------------------

def test_every_rule_describes_itself():
    names = rule_names()
    for rule_name in ("missing-lead-unit", "missing-responsible-unit", "duplicate-task", "dropped-task",
                      "weakened-target", "scheme-gap", "stale-reference", "numbering"):
        assert rule_name in names
    for rule in all_rules():
        assert rule.severity in SEVERITIES
        assert rule.title and "错误示例" in rule.description and "正确示例" in rule.description


def test_a_clean_plan_has_no_findings():
    clean = plan(task(1, "深入学习宣传贯彻习近平法治思想"), task(2, "严格落实重大行政决策程序"))
    assert run_checks(analysis_of(clean)) == []


def test_config_switches_a_rule_off_and_changes_severity():
    draft = plan(task(1, "深入学习宣传贯彻习近平法治思想"), task(2, "严格落实重大行政决策程序", lead=()))
    assert [f.severity for f in findings_of("missing-lead-unit", analysis_of(draft))] == ["error"]
    quiet = CheckConfig(rules={"missing-lead-unit": RuleSettings(severity="info")})
    assert [f.severity for f in findings_of("missing-lead-unit", analysis_of(draft), quiet)] == ["info"]
    off = CheckConfig().with_rule("missing-lead-unit", enabled=False)
    assert findings_of("missing-lead-unit", analysis_of(draft), off) == []


def test_findings_sort_by_severity_then_document_then_task():
    found = [Finding("numbering", "warning", "draft", "m", task=3),
             Finding("dropped-task", "warning", "baseline", "m", task=1),
             Finding("missing-lead-unit", "error", "draft", "m", task=9),
             Finding("duplicate-task", "warning", "draft", "m", tasks=(2, 5))]
    ordered = sort_findings(found)
    assert [(f.severity, f.document, f.task or f.tasks[0]) for f in ordered] == [
        ("error", "draft", 9), ("warning", "draft", 2), ("warning", "draft", 3), ("warning", "baseline", 1)]


def test_check_baseline_false_keeps_single_plan_rules_to_the_draft():
    old = plan(task(1, "深入学习宣传贯彻习近平法治思想", lead=()), task(2, "严格落实重大行政决策程序"),
               year=2023)
    new = plan(task(1, "深入学习宣传贯彻习近平法治思想"), task(2, "严格落实重大行政决策程序"))
    a = analysis_of(new, old, alignment=carried((1, 1), (2, 2)))
    assert [f.document for f in findings_of("missing-lead-unit", a)] == ["baseline"]
    assert findings_of("missing-lead-unit", a, CheckConfig(check_baseline=False)) == []
