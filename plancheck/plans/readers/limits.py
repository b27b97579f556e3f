"""Bounds on what a document may declare: a reader trusts a size only as far as the document holds it.

A few kilobytes can declare a table of billions of cells (spans, a stray cell at XFD1048576) or a stream
that inflates to gigabytes. Readers build nothing larger than these limits; what exceeds them is refused
with a Chinese cause (`read_document` adds the file name).
"""
from __future__ import annotations

# A task table of 20 columns could have 50,000 rows; no real plan comes near.
MAX_TABLE_CELLS = 1_000_000
MAX_TABLE_ROWS = 100_000
# Pages of one PDF: a five-year scheme with annexes has a few hundred.
MAX_PDF_PAGES = 2_000
# Decompressed bytes of a PDF's non-image streams (page contents, fonts' maps): text pages need kilobytes each.
MAX_PDF_INFLATED_BYTES = 256 * 1024 * 1024


class DeclaredTooLarge(Exception):
    """A document declares more than a plan could hold; str() is the Chinese cause."""


def check_table(rows: int, cells: int) -> None:
    """Refuse a table of more than MAX_TABLE_ROWS rows or MAX_TABLE_CELLS positions (blank and merged ones
    count), before building it."""
    if rows > MAX_TABLE_ROWS:
        raise DeclaredTooLarge(f"表格行数过多(共 {rows:,} 行),超过 {MAX_TABLE_ROWS:,} 行的上限")
    if cells > MAX_TABLE_CELLS:
        raise DeclaredTooLarge(f"表格过大(共 {cells:,} 个单元格位置),超过 {MAX_TABLE_CELLS:,} 个的上限")
