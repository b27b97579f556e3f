"""The few WordprocessingML settings python-docx has no API for, each as one small named function.

East Asian fonts (`w:rFonts/@w:eastAsia`), the GB/T 9704 line grid (`w:docGrid`), character spacing
(`w:spacing` of a run), a `PAGE` field, and a table row repeated as header on every page (`w:tblHeader`).
"""
from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Length
from docx.table import _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

# What follows w:docGrid in a section's properties, w:spacing in a run's, w:tblHeader in a row's (schema order).
_AFTER_DOC_GRID = ("w:printerSettings", "w:sectPrChange")
_AFTER_SPACING = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr",
                  "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
                  "w:specVanish", "w:oMath")
_AFTER_TBL_HEADER = ("w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")


def set_fonts(owner: BaseOxmlElement, east_asian: str, western: str | None = None) -> None:
    """Set the Chinese (eastAsia) and Latin fonts of a style or run element (`w:style`, `w:r`).

    python-docx's `font.name` writes only the Latin slots, and Word picks Chinese glyphs from eastAsia.
    """
    fonts = owner.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)
    latin = western or east_asian
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)


def set_line_grid(section: Section, lines: int) -> None:
    """Lay the section's type area out on a grid of `lines` lines (GB/T 9704: 22), pitch in twips.

    A line grid only: a character grid narrower than the font (28 characters of 3号 in 156 mm) is
    squeezed by Word but spread over two cells a character by LibreOffice; `set_character_spacing`
    fits the 28 characters instead.
    """
    height = Length(section.page_height - section.top_margin - section.bottom_margin)
    sect_pr = section._sectPr
    for old in sect_pr.findall(qn("w:docGrid")):
        sect_pr.remove(old)
    grid = OxmlElement("w:docGrid", {qn("w:type"): "lines", qn("w:linePitch"): str(round(height.pt * 20 / lines))})
    sect_pr.insert_element_before(grid, *_AFTER_DOC_GRID)


def set_character_spacing(owner: BaseOxmlElement, points: float) -> None:
    """Widen (positive) or condense (negative) the characters of a style or run by `points` each;
    Word stores it in twips."""
    r_pr = owner.get_or_add_rPr()
    for old in r_pr.findall(qn("w:spacing")):
        r_pr.remove(old)
    # w:spacing sits after the font, weight and effect switches and before w:w, w:kern, w:position, w:sz...
    spacing = OxmlElement("w:spacing", {qn("w:val"): str(round(points * 20))})
    r_pr.insert_element_before(spacing, *_AFTER_SPACING)


def add_page_field(paragraph: Paragraph) -> Run:
    """Append a `PAGE` field (the current page number) to the paragraph and return its result run,
    whose font settings the number takes."""
    def run_with(child: BaseOxmlElement) -> Run:
        run = paragraph.add_run()
        run._r.append(child)
        return run

    run_with(OxmlElement("w:fldChar", {qn("w:fldCharType"): "begin"}))
    instruction = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
    instruction.text = " PAGE "
    run_with(instruction)
    run_with(OxmlElement("w:fldChar", {qn("w:fldCharType"): "separate"}))
    result = paragraph.add_run("1")
    run_with(OxmlElement("w:fldChar", {qn("w:fldCharType"): "end"}))
    return result


def repeat_as_header(row: _Row) -> None:
    """Mark a table row as a header row, which Word and LibreOffice repeat at the top of every page."""
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn("w:tblHeader")) is None:
        tr_pr.insert_element_before(OxmlElement("w:tblHeader"), *_AFTER_TBL_HEADER)


def is_header_row(row: _Row) -> bool:
    """Whether the row repeats at the top of every page."""
    tr_pr = row._tr.trPr
    return tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None
