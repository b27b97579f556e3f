"""批注稿: the draft .docx returned with a Word comment on the paragraph of every task that has a finding.

Only comments are added (the comments part, and range marks around the runs of each commented paragraph);
styles, numbering, tables, headers and everything else are saved as python-docx read them. Findings
that belong to no draft task (a dropped task, a scheme item left out) go in one comment on the title.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from ..checks.finding import Finding
from ..compare.model import Analysis
from ..plans.model import Task
from ..plans.readers.docx import _block_elements, _child_elements  # the reader's walk: as Source.line counts
from .finding_text import about_draft, finding_paragraph, rule_title
from .word_layout import to_bytes
from .word_settings import DocumentSettings

DEFAULT_AUTHOR = "审查人"
GENERAL_HEADING = "总体意见（不对应草案中的具体任务）："
_NOT_WORD = re.compile(r"[\W_]+")
# Enough of a title to tell its paragraph from its neighbours.
_PROBE_CHARS = 8
# Runs inside these hold no printed text: a comment range must not start or end there.
_NOT_PRINTED = (qn("w:del"), qn("w:moveFrom"), qn("w:instrText"))


class NotAnnotatable(Exception):
    """The draft cannot carry comments (not a .docx, or python-docx cannot open it); str() is Chinese."""


def render_annotated(analysis: Analysis, findings: Sequence[Finding], settings: DocumentSettings) -> bytes:
    """The draft of the analysis, read from its path, with the review's comments, as .docx bytes."""
    path = Path(analysis.draft.path)
    if path.suffix.lower() != ".docx":
        raise NotAnnotatable(f"草案“{path.name}”不是 Word(.docx)文件,未生成批注稿")
    try:
        document = Document(str(path))
    except Exception as exc:  # python-docx raises many kinds for packages it cannot handle (e.g. .docm)
        raise NotAnnotatable(f"草案“{path.name}”无法打开以加批注({type(exc).__name__}),未生成批注稿") \
            from exc
    author = settings.reviewer or DEFAULT_AUTHOR
    paragraphs = task_paragraphs(document, analysis.draft.tasks)
    on_task, general = _by_task(about_draft(findings))
    for index, task_findings in on_task.items():
        paragraph = paragraphs.get(index)
        if paragraph is None:
            general.extend(task_findings)
            continue
        _comment(document, paragraph, [comment_text(f, analysis) for f in task_findings], author)
    if general:
        texts = [GENERAL_HEADING, *(comment_text(f, analysis) for f in general)]
        _comment(document, _title_paragraph(document), texts, author)
    return to_bytes(document)


def comment_text(finding: Finding, analysis: Analysis) -> str:
    """`【缺少牵头单位】第13项任务…。建议明确该项任务的牵头单位。`"""
    return f"【{rule_title(finding.rule)}】{finding_paragraph(finding, analysis)}"


def _by_task(findings: Sequence[Finding]) -> tuple[dict[int, list[Finding]], list[Finding]]:
    """Draft task index -> its findings (a duplicate pair on both tasks), and the findings on no draft task."""
    on_task: dict[int, list[Finding]] = {}
    general = []
    for f in findings:
        indexes = ((f.task,) if f.task is not None else ()) + tuple(f.tasks)
        if f.document != "draft" or not indexes:
            general.append(f)
            continue
        for index in dict.fromkeys(indexes):
            on_task.setdefault(index, []).append(f)
    return on_task, general


def task_paragraphs(document: DocxDocument, tasks: Sequence[Task]) -> dict[int, Paragraph]:
    """Task index -> the body paragraph where the task starts.

    The docx reader numbers the body's paragraphs and tables in order (`Source.line`), and a task read
    from a table row gets the table's number plus the row's; so a line is either a paragraph of its own
    or a row of a table before it. The one that holds the start of the task's title wins; an unchecked
    paragraph at the line is the fallback, and a task found nowhere gets no paragraph.
    """
    blocks = list(_block_elements(document.element.body))
    found = {}
    for task in tasks:
        line = task.source.line
        if line is None:
            continue
        candidates = [Paragraph(p, document._body) for p in _paragraphs_at(blocks, line)]
        probe = _bare(task.title)[:_PROBE_CHARS]
        match = next((p for p in candidates if probe and probe in _bare(p.text)), None)
        at_line = blocks[line - 1] if 1 <= line <= len(blocks) else None
        if match is None and at_line is not None and at_line.tag == qn("w:p"):
            match = Paragraph(at_line, document._body)
        if match is not None:
            found[task.index] = match
    return found


def _paragraphs_at(blocks: Sequence, line: int) -> Iterator:
    """The paragraph numbered `line`, then the paragraphs of row `line - n` of each table numbered n."""
    if 1 <= line <= len(blocks) and blocks[line - 1].tag == qn("w:p"):
        yield blocks[line - 1]
    for number in range(min(line, len(blocks)), 0, -1):
        table = blocks[number - 1]
        if table.tag != qn("w:tbl"):
            continue
        rows = list(_child_elements(table, qn("w:tr")))
        if line - number < len(rows):
            yield from rows[line - number].iter(qn("w:p"))


def _bare(text: str) -> str:
    """Letters and digits only: the reader cleans punctuation and spaces that the document keeps."""
    return _NOT_WORD.sub("", text)


def _title_paragraph(document: DocxDocument) -> Paragraph:
    """The first body paragraph with text (the title), else the first paragraph."""
    for paragraph in document.paragraphs:
        if paragraph.text.strip():
            return paragraph
    return document.paragraphs[0] if document.paragraphs else document.add_paragraph()


def _comment(document: DocxDocument, paragraph: Paragraph, texts: Sequence[str], author: str) -> None:
    """One comment over the whole paragraph, a comment paragraph per text."""
    comment = document.add_comment(_printed_runs(paragraph), text=texts[0], author=author,
                                   initials=author[:1])
    for text in texts[1:]:
        comment.add_paragraph(text)


def _printed_runs(paragraph: Paragraph) -> list[Run]:
    """The paragraph's runs, those inside hyperlinks and fields included; an empty run is added to a
    paragraph that has none (a list number alone), since a comment is anchored on runs."""
    runs = [Run(r, paragraph) for r in paragraph._p.iter(qn("w:r"))
            if not any(a.tag in _NOT_PRINTED for a in r.iterancestors())]
    return runs or [paragraph.add_run()]

