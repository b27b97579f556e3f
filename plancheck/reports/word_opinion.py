"""审查意见书: the bureau's written opinion on a draft, as a GB/T 9704 official document (.docx bytes).

What was reviewed, the conclusion, then the findings about the draft under a reviewer's headings, each
naming its task, quoting the evidence and saying what to change; signed with the bureau and the date.
"""
from __future__ import annotations

from collections.abc import Sequence

from docx.enum.text import WD_ALIGN_PARAGRAPH

from ..checks.finding import Finding
from ..compare.model import Analysis
from ..plans.model import Plan
from .finding_text import about_draft, finding_paragraph, grouped
from .labels import ROLE_LABELS
from .word_layout import (
    FANGSONG,
    HEITI,
    KAITI,
    SIZE_2,
    SIZE_3,
    XIAOBIAOSONG,
    add_paragraph,
    new_document,
    official_page,
    to_bytes,
)
from .word_settings import DocumentSettings

CHINESE_NUMERALS = "一二三四五六七八九十"
BLANK_BUREAU = "（审查单位）"
BLANK_REVIEWER = "________"
# The signature block stands four characters in from the right margin (GB/T 9704, 7.3.5.1).
_SIGNATURE_INDENT = SIZE_3 * 4


def opinion_title(analysis: Analysis) -> str:
    """`关于《示例县2025年法治政府建设工作计划》的审查意见`."""
    return f"关于《{_plan_name(analysis.draft)}》的审查意见"


def render_opinion(analysis: Analysis, findings: Sequence[Finding], settings: DocumentSettings) -> bytes:
    """The opinion as .docx bytes."""
    document = new_document(FANGSONG, SIZE_3)
    official_page(document)
    add_paragraph(document, opinion_title(analysis), XIAOBIAOSONG, SIZE_2, WD_ALIGN_PARAGRAPH.CENTER)
    add_paragraph(document)
    concerned = about_draft(findings)

    def heading(text: str) -> None:
        add_paragraph(document, text, HEITI, indent=True)

    def body(text: str) -> None:
        add_paragraph(document, text, indent=True)

    heading("一、审查情况")
    for line in _reviewed(analysis, settings):
        body(line)
    heading("二、审查结论")
    body(_conclusion(concerned))
    if concerned:
        heading("三、具体意见")
        for n, (title, group) in enumerate(grouped(concerned)):
            add_paragraph(document, f"（{CHINESE_NUMERALS[n]}）{title}", KAITI, indent=True)
            for m, finding in enumerate(group, start=1):
                body(f"{m}.{finding_paragraph(finding, analysis)}")
    body("以上意见，请研究采纳。")
    _signature(document, settings)
    return to_bytes(document)


def _plan_name(plan: Plan | None) -> str:
    if plan is None:
        return ""
    return plan.title or plan.path


def _reviewed(analysis: Analysis, settings: DocumentSettings) -> list[str]:
    """The review's scope: who reviewed which draft against which documents, and their sizes."""
    who = settings.bureau or "我单位"
    draft = analysis.draft
    against = [(role, plan) for role, plan in (("baseline", analysis.baseline), ("scheme", analysis.scheme))
               if plan is not None]
    compared = "和".join(f"《{_plan_name(plan)}》" for _, plan in against)
    lines = [f"{who}对照{compared}，对《{_plan_name(draft)}》（以下简称草案）进行了审查。" if against
             else f"{who}对《{_plan_name(draft)}》（以下简称草案）进行了审查。"]
    for role, plan in (("draft", draft), *against):
        year = f"{plan.year}年度，" if plan.year and role != "scheme" else ""
        lines.append(f"{ROLE_LABELS[role]}《{_plan_name(plan)}》：{year}共{len(plan.tasks)}项任务。")
    if analysis.baseline is not None:
        lines.append(f"草案与去年计划对应{len({p.draft for p in analysis.alignment})}项，"
                     f"去年计划中{len(analysis.dropped)}项未予延续，草案新增{len(analysis.added)}项。")
    return lines


def _conclusion(findings: Sequence[Finding]) -> str:
    """Pass or not, in the reviewer's words, from the severities of the findings about the draft."""
    must = sum(1 for f in findings if f.severity == "error")
    should = sum(1 for f in findings if f.severity == "warning")
    notes = len(findings) - must - should
    counts = "、".join(text for count, text in ((must, f"须修改的问题{must}处"), (should, f"建议修改的问题{should}处"),
                                                  (notes, f"供参考的提示{notes}处")) if count)
    if must:
        return f"草案存在{counts}，请修改完善后重新报送审查。"
    if findings:
        return f"草案基本符合要求，另有{counts}，请研究修改。"
    return "草案符合要求，未发现需要修改的问题。"


def _signature(document, settings: DocumentSettings) -> None:
    """Reviewer, then the bureau and the date, right-aligned four characters in."""
    add_paragraph(document)
    add_paragraph(document, f"审查人：{settings.reviewer or BLANK_REVIEWER}", indent=True)
    add_paragraph(document)
    for text in (settings.bureau or BLANK_BUREAU, settings.date_text()):
        line = add_paragraph(document, text, alignment=WD_ALIGN_PARAGRAPH.RIGHT)
        line.paragraph_format.right_indent = _SIGNATURE_INDENT
