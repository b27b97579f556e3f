"""Page and type settings of the generated Word documents: GB/T 9704 official pages, landscape A4,
the official fonts, and text runs in them.

Sizes and margins are the standard's (see `spec/official-document-layout.md`); font names are those
Word and WPS carry for official documents (仿宋_GB2312 and 楷体_GB2312 on older systems).
"""
from __future__ import annotations

import io
import math

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.section import Section
from docx.shared import Length, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from .word_xml import add_page_field, set_character_spacing, set_fonts, set_line_grid

FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
SONGTI = "宋体"
LATIN = "Times New Roman"

SIZE_2 = Pt(22)  # 2号: the title
SIZE_3 = Pt(16)  # 3号: everything else
SIZE_4 = Pt(14)  # 4号: page numbers
SIZE_SMALL_4 = Pt(12)  # 小4号: text in table cells

A4_SHORT, A4_LONG = Mm(210), Mm(297)
# GB/T 9704: top (天头) 37 mm, binding side 28 mm; a type area of 156 x 225 mm leaves 26 and 35 mm.
OFFICIAL_MARGINS = {"top": Mm(37), "left": Mm(28), "right": Mm(26), "bottom": Mm(35)}
GRID_LINES, GRID_CHARS = 22, 28
# The page number's dashes sit 7 mm below the type area: the footer line (exactly 4号 high) ends about
# 7 mm + 5 mm under the type area's lower edge.
FOOTER_DISTANCE = Mm(35 - 7 - 5)
LANDSCAPE_MARGIN = Mm(20)
RED = RGBColor(0xC0, 0x00, 0x00)
BLUE = RGBColor(0x00, 0x3D, 0xA5)


def new_document(font: str, size: Pt) -> DocxDocument:
    """An empty document whose Normal style is `font` at `size`, on A4 portrait."""
    document = Document()
    normal = document.styles["Normal"]
    set_fonts(normal.element, font, LATIN)
    normal.font.size = size
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = A4_SHORT, A4_LONG
    return document


def official_page(document: DocxDocument) -> None:
    """GB/T 9704 page: A4, its margins, 22 lines of 28 characters of 3号, page numbers `— 1 —` at the foot
    (odd pages right, even pages left, one character in)."""
    section = document.sections[0]
    for side, length in OFFICIAL_MARGINS.items():
        setattr(section, f"{side}_margin", length)
    section.footer_distance = FOOTER_DISTANCE
    set_line_grid(section, GRID_LINES)
    type_width = Length(section.page_width - section.left_margin - section.right_margin)
    # Condensed by whole twips, rounded down, so that 28 characters of 3号 fit the 156 mm line.
    condense = math.floor((type_width.pt / GRID_CHARS - SIZE_3.pt) * 20) / 20
    set_character_spacing(document.styles["Normal"].element, condense)
    # A fixed pitch as well as the grid: WPS and LibreOffice keep 22 lines even where they ignore it.
    normal = document.styles["Normal"].paragraph_format
    normal.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    type_height = Length(section.page_height - section.top_margin - section.bottom_margin)
    normal.line_spacing = Pt(round(type_height.pt / GRID_LINES, 1))
    document.settings.odd_and_even_pages_header_footer = True
    page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def page_number(paragraph: Paragraph, alignment: WD_ALIGN_PARAGRAPH) -> None:
    """Fill a footer paragraph with `— N —` in 4号 宋体; right- or left-aligned ones stand one character in."""
    paragraph.alignment = alignment
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = SIZE_4
    fmt.first_line_indent = Pt(0)
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = SIZE_4
    elif alignment == WD_ALIGN_PARAGRAPH.LEFT:
        fmt.left_indent = SIZE_4
    paragraph.add_run("— ")
    add_page_field(paragraph)
    paragraph.add_run(" —")
    for run in paragraph.runs:
        style_run(run, SONGTI, SIZE_4)


def landscape_page(section: Section, margin: Length = LANDSCAPE_MARGIN) -> None:
    """Landscape A4 with equal margins: width and height swapped and the orientation set."""
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = A4_LONG, A4_SHORT
    for side in ("top", "bottom", "left", "right"):
        setattr(section, f"{side}_margin", margin)


def style_run(run: Run, font: str | None = None, size: Pt | None = None, bold: bool | None = None) -> Run:
    """Set a run's Chinese font (Latin in Times New Roman), size and weight; None keeps the style's."""
    if font:
        set_fonts(run._r, font, LATIN)
    if size:
        run.font.size = size
    if bold is not None:
        run.font.bold = bold
    return run


def add_paragraph(document_or_cell, text: str = "", font: str | None = None, size: Pt | None = None,
                  alignment: WD_ALIGN_PARAGRAPH | None = None, indent: bool = False) -> Paragraph:
    """A paragraph of one run; `indent` sets the two-character first-line indent of body text."""
    paragraph = document_or_cell.add_paragraph()
    if alignment is not None:
        paragraph.alignment = alignment
    if indent:
        paragraph.paragraph_format.first_line_indent = SIZE_3 * 2
    if text:
        style_run(paragraph.add_run(text), font, size)
    return paragraph


def mark_deleted(run: Run) -> Run:
    """A redline deletion: red and struck through."""
    run.font.strike = True
    run.font.color.rgb = RED
    return run


def mark_inserted(run: Run) -> Run:
    """A redline insertion: underlined (and blue, so it shows in a black-and-white copy and on screen)."""
    run.font.underline = True
    run.font.color.rgb = BLUE
    return run


def to_bytes(document: DocxDocument) -> bytes:
    """The .docx file as bytes."""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
