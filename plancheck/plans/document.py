"""What a reader returns: the document's text lines and tables, in reading order, with positions.

Readers only extract; they never decide what is a task. The splitter reads this.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    """One line (txt, pdf) or paragraph (docx, html) of running text."""

    text: str
    page: int | None
    line: int


@dataclass(frozen=True)
class Table:
    """A table (docx, html, xlsx, csv): rows of cell texts, merged cells already filled or blank."""

    rows: tuple[tuple[str, ...], ...]
    page: int | None
    line: int


Block = Line | Table


@dataclass(frozen=True)
class Document:
    """A read document: its blocks in reading order, and the format it was read as."""

    path: str
    format: str
    blocks: tuple[Block, ...]

    @property
    def lines(self) -> tuple[Line, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Line))

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Table))
