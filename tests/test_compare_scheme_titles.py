"""Scheme links when a scheme item's title was read together with the first sentence of its body."""
from __future__ import annotations

from test_compare_align import plan_of

from plancheck.compare.features import normalised_title
from plancheck.compare.scheme import link_to_scheme
from plancheck.plans.model import Plan, Source, Task

GLUED = "健全领导干部学法用法机制。坚持县政府常务会议会前学法制度"
BODY = "各部门每年至少举办2期法治专题讲座,新任职领导干部任前开展法律知识考试。"


def glued_scheme() -> Plan:
    """A scheme whose first item's title line swallowed the first sentence of its body."""
    scheme = plan_of(2021, [("二", "加强法治政府建设组织保障", [
        ("深化“放管服”改革", "动态调整权责清单,深化“证照分离”改革,推进政务服务“一网通办”。", ("县行政审批局",)),
    ])], kind="scheme")
    item = Task(index=2, number="2", section=scheme.tasks[0].section, section_number="二", title=GLUED,
                text=f"{GLUED}。{BODY}", lead_units=(), responsible_units=(), targets=(), deadline=None,
                source=Source(None, 2))
    return Plan(scheme.path, scheme.title, scheme.year, "scheme", scheme.sections, scheme.tasks + (item,))


def test_a_glued_title_is_its_first_sentence():
    assert normalised_title(glued_scheme().tasks[1]) == "健全领导干部学法用法机制"


def test_task_writing_out_the_title_links_to_the_item():
    plan = plan_of(2024, [("一", "压实法治建设责任", [
        ("抓好领导干部这个关键少数", "健全领导干部学法用法机制,组织县管领导干部旁听庭审。", ("县委组织部",)),
        ("深化“放管服”改革", "动态调整权责清单,推进政务服务“一网通办”“跨省通办”。", ("县行政审批局",)),
    ])])
    links = {(link.task, link.item) for link in link_to_scheme(plan, glued_scheme())}
    assert (1, 2) in links and (2, 1) in links and (1, 1) not in links
