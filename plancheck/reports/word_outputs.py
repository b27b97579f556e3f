"""The Word deliverables of a review (`--opinion`, `--table`, `--annotate`): their options, and writing
whichever were asked for.

Every requested file is rendered before any is written, so a failure leaves none half-made; each is
then written atomically. A draft that is not a .docx gets no annotated copy, and a note says so.
"""
from __future__ import annotations

import argparse
import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from .output import check_not_input, write_atomic
from .word_settings import DocumentSettings, document_settings, parse_date

if TYPE_CHECKING:  # `plancheck -h` imports this module: keep the analysis packages out of it
    from ..checks.finding import Finding
    from ..compare.model import Analysis

DEMO_BUREAU = "示例县司法局"


@dataclass(frozen=True)
class WordRequest:
    """Where to write each Word document (None: not wanted) and how to sign them."""

    opinion: str | None = None
    table: str | None = None
    annotate: str | None = None
    settings: DocumentSettings = field(default_factory=DocumentSettings)

    def paths(self) -> list[str]:
        """The output paths asked for."""
        return [p for p in (self.opinion, self.table, self.annotate) if p]


def add_word_options(parser: argparse.ArgumentParser) -> None:
    """The options of `plancheck check` that ask for Word documents and sign them."""
    parser.add_argument("--opinion", metavar="OUT", help="写出审查意见书(Word,GB/T 9704 公文格式)")
    parser.add_argument("--table", metavar="OUT", help="写出新旧对照表(Word,横向 A4)")
    parser.add_argument("--annotate", metavar="OUT", help="写出带批注的草案(草案须为 .docx)")
    parser.add_argument("--bureau", help="审查单位名称(默认取 plancheck.toml 的 [document] bureau)")
    parser.add_argument("--reviewer", help="审查人,也是批注的作者(默认取 plancheck.toml)")
    parser.add_argument("--date", type=_date, help="成文日期 YYYY-MM-DD(默认今天)")


def _date(text: str) -> datetime.date:
    try:
        return parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def word_request(args: argparse.Namespace) -> WordRequest:
    """The request of a parsed `plancheck check` command line."""
    settings = document_settings(args.config, args.draft, args.bureau, args.reviewer, args.date)
    return WordRequest(args.opinion, args.table, args.annotate, settings)


def demo_request(folder: Path) -> WordRequest:
    """The three documents of `plancheck demo`, next to its HTML report, signed by the example bureau."""
    from ..pipeline import WORD_NAMES

    names = [folder / WORD_NAMES[kind] for kind in ("opinion", "table", "annotated")]
    return WordRequest(*map(str, names), DocumentSettings(bureau=DEMO_BUREAU))


@dataclass(frozen=True)
class WordResult:
    """The files written, and notes for the user (one Chinese line each) about those that could not be."""

    written: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


class ReviewResult(Protocol):
    """What the renderers read of a finished review (the pipeline's `Review`)."""

    @property
    def analysis(self) -> Analysis: ...

    @property
    def findings(self) -> Sequence[Finding]: ...


def write_word_outputs(review: ReviewResult, request: WordRequest,
                       inputs: Sequence[str | Path | None]) -> WordResult:
    """Render and write the requested documents of a review."""
    if not request.paths():
        return WordResult()
    from .word_annotate import NotAnnotatable, render_annotated
    from .word_comparison import render_comparison
    from .word_opinion import render_opinion

    for path in request.paths():
        check_not_input(path, list(inputs))
    analysis, findings, settings = review.analysis, review.findings, request.settings
    rendered: list[tuple[str, bytes]] = []
    notes: list[str] = []
    if request.opinion:
        rendered.append((request.opinion, render_opinion(analysis, findings, settings)))
    if request.table:
        rendered.append((request.table, render_comparison(analysis, findings, settings)))
    if request.annotate:
        try:
            rendered.append((request.annotate, render_annotated(analysis, findings, settings)))
        except NotAnnotatable as exc:
            notes.append(str(exc))
    for path, data in rendered:
        write_atomic(path, data)
    return WordResult(tuple(path for path, _ in rendered), tuple(notes))
