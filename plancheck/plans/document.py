"""What a reader returns: the document's text lines and tables, in reading order, with positions.

Readers only extract; they never decide what is a task. The splitter reads this.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

# A cell covered by a merged cell above or to its left; readers that know merges put this instead of the text.
# (The ditto mark 〃, so a value that leaked into output would still read as "same as above".)
MERGED = "\u3003"


@dataclass(frozen=True)
class Line:
    """One line (txt, pdf) or paragraph (docx, html) of running text."""

    text: str
    page: int | None
    line: int


@dataclass(frozen=True)
class Table:
    """A table (docx, html, xlsx, csv, pdf): rows of cell texts laid out on the table's grid.

    A merged cell's text stands in its top-left position. When `merges_known`, the positions it covers
    hold `MERGED`, so "" is a genuinely blank cell; otherwise (csv, pdf) covered positions are "" too
    and cannot be told from blank ones.
    """

    rows: tuple[tuple[str, ...], ...]
    page: int | None
    line: int
    merges_known: bool = False  # True when the reader knows merged ranges and marks covered cells MERGED


Block = Line | Table


@dataclass(frozen=True)
class Document:
    """A read document: its blocks in reading order, and the format it was read as."""

    path: str
    format: str
    blocks: tuple[Block, ...]

    # Picked out of the blocks once per document: reading asks for them at every stage. (A frozen dataclass
    # keeps a cached_property: it is stored in the instance's __dict__, not set as a field.)
    @cached_property
    def lines(self) -> tuple[Line, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Line))

    @cached_property
    def tables(self) -> tuple[Table, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Table))
