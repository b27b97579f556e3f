"""The Word deliverables in a real office suite: LibreOffice converts each to PDF headlessly, and the PDF
is read back (pages, size and orientation, text, the comments); the annotated draft also survives being
opened and saved again. Skipped where LibreOffice is not installed."""
from __future__ import annotations

import shutil
import subprocess

import docx
import pdfplumber
import pytest
from pdfminer.pdftypes import resolve1
from word_drafts import EXAMPLES, write_docx_draft

from plancheck.pipeline import review_files
from plancheck.reports.finding_text import about_draft, chinese_punctuation
from plancheck.reports.word_annotate import render_annotated
from plancheck.reports.word_comparison import render_comparison
from plancheck.reports.word_opinion import render_opinion
from plancheck.reports.word_settings import DocumentSettings

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; "
                                                         ".ci/run installs Debian libreoffice-writer")]
A4_POINTS = (595.3, 841.9)
# Comments become PDF text annotations, so the PDF shows whether the office suite read them.
PDF_WITH_COMMENTS = 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}'


def soffice(folder, target: str, *names: str) -> None:
    """Convert files in `folder` with LibreOffice, with a profile of its own (no clash with a running one)."""
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{folder}/profile", "--headless",
                    "--convert-to", target, "--outdir", str(folder / target.split(":")[0]), *names],
                   cwd=folder, check=True, capture_output=True, timeout=300)


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("office")
    draft = write_docx_draft(folder / "draft.docx")
    review = review_files(draft, EXAMPLES / "plan_2024.txt", EXAMPLES / "scheme_2021_2025.txt")
    settings = DocumentSettings(bureau="示例县司法局", reviewer="王审查")
    for name, render in (("opinion", render_opinion), ("table", render_comparison),
                         ("annotated", render_annotated)):
        (folder / f"{name}.docx").write_bytes(render(review.analysis, review.findings, settings))
    soffice(folder, PDF_WITH_COMMENTS, "opinion.docx", "table.docx", "annotated.docx")
    soffice(folder, "docx", "annotated.docx")  # opened and saved again by the office suite
    return folder, review


def pdf_pages(folder, name: str) -> list[tuple[float, float, str]]:
    with pdfplumber.open(folder / "pdf" / f"{name}.pdf") as pdf:
        return [(page.width, page.height, page.extract_text() or "") for page in pdf.pages]


def squeezed(text: str) -> str:
    """PDF text without the spaces and line breaks that layout puts between characters."""
    return "".join(text.split())


def test_opinion_prints_on_a4_portrait_with_its_findings(converted):
    folder, review = converted
    pages = pdf_pages(folder, "opinion")
    assert all((round(w, 1), round(h, 1)) == A4_POINTS for w, h, _ in pages)
    text = squeezed("".join(t for _, _, t in pages))
    assert "关于《示例县2025年法治政府建设工作计划》的审查意见" in text
    assert "—1—" in text and (len(pages) < 2 or "—2—" in text)
    for finding in about_draft(review.findings):
        assert squeezed(chinese_punctuation(finding.message))[:12] in text


def test_table_prints_on_a4_landscape_with_its_rows(converted):
    folder, review = converted
    pages = pdf_pages(folder, "table")
    assert len(pages) > 1 and all((round(h, 1), round(w, 1)) == A4_POINTS for w, h, _ in pages)
    assert all(squeezed(t).count("去年计划草案变化说明") == 1 for _, _, t in pages)  # header on every page
    text = squeezed("".join(t for _, _, t in pages))
    dropped = review.analysis.baseline.tasks[review.analysis.dropped[0] - 1]
    assert squeezed(dropped.title) in text


def test_annotated_draft_opens_with_every_comment(converted):
    folder, review = converted
    comments = list(docx.Document(folder / "annotated.docx").comments)
    with pdfplumber.open(folder / "pdf" / "annotated.pdf") as pdf:
        notes = [resolve1(a) for page in pdf.pages for a in resolve1(page.page_obj.annots) or ()]
        text = squeezed("".join(page.extract_text() or "" for page in pdf.pages))
    notes = [n for n in notes if str(n.get("Subtype")) == "/'Text'"]
    assert len(notes) == len(comments) > 1
    assert squeezed(review.analysis.draft.title) in text


def test_annotated_draft_saved_by_the_office_suite_keeps_its_comments(converted):
    folder, _ = converted
    ours = docx.Document(folder / "annotated.docx")
    saved = docx.Document(folder / "docx" / "annotated.docx")
    assert sorted(c.text for c in saved.comments) == sorted(c.text for c in ours.comments)  # renumbered in order
    assert [p.text for p in saved.paragraphs if p.text] == [p.text for p in ours.paragraphs if p.text]
