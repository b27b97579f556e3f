"""The bundled example draft as a Word file, made when `plancheck demo` runs (no binary file in the
repository), so that the demo can also return the draft with its comments."""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH

from .output import write_atomic
from .word_layout import (
    FANGSONG,
    SIZE_2,
    SIZE_3,
    XIAOBIAOSONG,
    add_paragraph,
    new_document,
    official_page,
    to_bytes,
)

EXAMPLE_DRAFT = "plan_2025.txt"


def example_draft_docx(text: str) -> bytes:
    """A plain-text plan as a Word document: its first line the title, every other line a paragraph,
    printed numbers kept as text (so it reads exactly like the text file)."""
    document = new_document(FANGSONG, SIZE_3)
    official_page(document)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines:
        add_paragraph(document, lines[0], XIAOBIAOSONG, SIZE_2, WD_ALIGN_PARAGRAPH.CENTER)
    for line in lines[1:]:
        add_paragraph(document, line, indent=True)
    return to_bytes(document)


def write_example_draft(folder: Path) -> Path:
    """Write the bundled example draft into `folder` as a .docx and return its path."""
    source = files("plancheck.plans") / "examples" / EXAMPLE_DRAFT
    path = folder / Path(EXAMPLE_DRAFT).with_suffix(".docx").name
    write_atomic(path, example_draft_docx(source.read_text(encoding="utf-8")))
    return path
