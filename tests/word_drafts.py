"""A Word draft for the tests of the Word deliverables: the bundled 示例县 2025 plan as Word writes it."""
from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path

import docx

EXAMPLES = files("plancheck.plans") / "examples"
HEADER_TEXT = "示例县人民政府办公室"
CONTACTS = (("联系人", "电话"), ("李明", "0000-1234567"))
_TASK_NUMBER = re.compile(r"^\d+[.．、]\s*")
_SECTION = re.compile(r"^[一二三四五六七八九十]+、")


def write_docx_draft(path: Path) -> Path:
    """The bundled 示例县 2025 draft as Word writes it: a header, a title, section headings, tasks in an
    automatically numbered list, and a table of contacts at the end."""
    lines = (EXAMPLES / "plan_2025.txt").read_text(encoding="utf-8").splitlines()
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = HEADER_TEXT
    document.add_paragraph(lines[0], style="Title")
    for line in lines[1:]:
        number = _TASK_NUMBER.match(line)
        if number:
            document.add_paragraph(line[number.end():], style="List Number")
        else:
            document.add_paragraph(line, style="Heading 1" if _SECTION.match(line) else None)
    table = document.add_table(rows=len(CONTACTS), cols=2)
    for row, texts in zip(table.rows, CONTACTS):
        for cell, text in zip(row.cells, texts):
            cell.text = text
    document.save(path)
    return path
