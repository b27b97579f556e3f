"""Join a document's cleaned lines into one text stream that keeps where each character came from.

PDF extraction breaks lines anywhere (inside words, inside unit labels); web pages and Word files break
only between paragraphs. The stream keeps a line break where it is a real boundary and joins the rest.
"""
from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from .cleaning import clean_line, clean_plain_line, find_page_marker, is_cjk, lines_to_clean
from .document import Line
from .markers import MARKER_RE
from .units import LABEL_RE, label_view

_TERMINAL = "。;;!?!?〕)）】」”"
# A numbering marker after a boundary in mid-line, found at the boundary character (the lookahead consumes
# nothing): re scans ahead for the boundary characters, where a lookbehind is tried at every position. The
# boundary characters stand inside no marker (a closing bracket ends one), so the count is the markers'.
_MID_LINE_MARKER_RE = re.compile(r"[。;;〕)）\s](?=\d{1,3}[.．](?![\d.．])|[((][一二三四五六七八九十]{1,3}[))]|"
                                 r"[一二三四五六七八九十]{1,3}、)")
_NUMBER_RE = re.compile(r"\d+")
_LINE_JOINT = "\x00"


@dataclass(frozen=True)
class Stream:
    """Cleaned text of a document and, for each line of it, its start offset, page and source line."""

    text: str
    starts: tuple[int, ...]
    pages: tuple[int | None, ...]
    lines: tuple[int, ...]
    paragraph_mode: bool

    def origin(self, offset: int) -> tuple[int | None, int]:
        """(page, source line) of the character at offset."""
        i = max(0, bisect.bisect_right(self.starts, offset) - 1)
        return self.pages[i], self.lines[i]


def _pages_from_markers(lines: list[Line], page_marks: list[re.Match[str] | None]) -> list[int | None]:
    """Page numbers for extracted text that carries `- N -` markers but no pages of its own.

    Extractors put a page's number before or after its text, so this is right to within one page:
    a line belongs to the page of the last marker seen (text before the first marker to that marker's page).
    page_marks: each line's first page marker (find_page_marker), found once for this and the running heads.
    """
    values = []
    for match in page_marks:
        found = _NUMBER_RE.search(match.group(0)) if match else None
        values.append(int(found.group(0)) if found else None)
    known = [v for v in values if v is not None]
    if not known:
        return [line.page for line in lines]
    current = known[0]
    pages: list[int | None] = []
    for value in values:
        current = value if value is not None else current
        pages.append(current)
    return pages


def _is_wrapped(texts: list[str]) -> bool:
    """True for text broken at a page width (PDF): many lines share the longest length and end mid-sentence."""
    lengths = sorted(len(t) for t in texts if len(t) >= 8)
    if len(lengths) < 6:
        return False
    width = lengths[int(len(lengths) * 0.9) - 1]
    if width > 80:
        return False
    full = [t for t in texts if len(t) >= 0.85 * width and t[-1] not in _TERMINAL]
    if len(full) >= 0.35 * len(lengths):
        return True
    # A document of many short headings and unit lines: look at the running text alone (lines that open with
    # no number and no label). Wrapped, most of its full-width lines break mid-sentence; as paragraphs, a
    # line that fills the width still ends with its full stop.
    running = [t for t in texts if len(t) >= 0.85 * width and not MARKER_RE.match(t)
               and not LABEL_RE.match(label_view(t))]
    broken = [t for t in running if t[-1] not in _TERMINAL]
    return len(broken) >= 3 and len(broken) >= 0.3 * len(running)


def _is_paragraph_mode(texts: list[str]) -> bool:
    """True when each line is a paragraph and numbered items start lines (Word, web pages);
    False for PDF text, where items run on mid-line or lines break at the page width."""
    at_start = sum(1 for t in texts if MARKER_RE.match(t))
    # Counted in one scan of the lines joined by a character that is no boundary and opens no marker, so
    # no match spans two lines (a boundary ending a line has no marker after it, as in the line alone).
    mid_line = len(_MID_LINE_MARKER_RE.findall(_LINE_JOINT.join(texts)))
    return at_start >= 2 * mid_line and not _is_wrapped(texts)


def _unit_block_start(text: str) -> int | None:
    """Where a line's first unit label starts, if any."""
    match = LABEL_RE.search(label_view(text))
    return match.start() if match else None


# A web page's list of other articles after the plan (`往期推荐`, `相关阅读`): its numbered titles are no tasks.
_TRAILER_RE = re.compile(r"^(?:往期推荐|往期回顾|往期精彩|相关阅读|推荐阅读|延伸阅读|相关链接|相关文章|相关新闻|热点推荐|"
                         r"猜你喜欢|更多阅读|精彩推荐)\s*[::]?$")
_MAX_RUNNING_HEAD = 40


def _without_trailer(cleaned: list[tuple[str, int | None, int]]) -> list[tuple[str, int | None, int]]:
    """The lines before a closing list of other articles, where one stands in the second half of the page."""
    for index in range(len(cleaned) // 2, len(cleaned)):
        if _TRAILER_RE.match(cleaned[index][0]):
            return cleaned[:index]
    return cleaned


def _without_running_heads(cleaned: list[tuple[str, int | None, int]], lines: list[Line],
                           page_marks: list[re.Match[str] | None]) -> list[tuple[str, int | None, int]]:
    """The lines without a PDF's running head or foot: a short line printed next to every page number
    (`玉泉县人民政府办公室文件` after `— 3 —`), which would otherwise land inside a task's text."""
    is_marker = [mark is not None and not clean_line(line.text) for line, mark in zip(lines, page_marks)]
    if sum(is_marker) < 2:
        return cleaned
    beside: set[int] = set()  # source line numbers of the first text line before and after each page number
    for i, marker in enumerate(is_marker):
        if not marker:
            continue
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(lines) and not lines[j].text.strip():
                j += step
            if 0 <= j < len(lines) and not is_marker[j]:
                beside.add(lines[j].line)

    def head_like(text: str) -> bool:
        return (len(text) <= _MAX_RUNNING_HEAD and "。" not in text and not MARKER_RE.match(text)
                and not LABEL_RE.search(label_view(text)))

    counted: dict[str, int] = {}
    everywhere: dict[str, int] = {}
    for text, _, number in cleaned:
        everywhere[text] = everywhere.get(text, 0) + 1
        if number in beside and head_like(text):
            counted[text] = counted.get(text, 0) + 1
    # A running head stands beside the page numbers every time it is printed (once more, perhaps, as the
    # title): a line printed elsewhere too, such as the end of a wrapped sentence, is the document's own.
    heads = {text for text, count in counted.items() if count >= 2 and everywhere[text] - count <= 1}
    # Only the copies beside page numbers go: the same words elsewhere may be the document's own title.
    return [entry for entry in cleaned if not (entry[0] in heads and entry[2] in beside)]


def _numbers_joined_to_their_lines(cleaned: list[tuple[str, int | None, int]]) -> list[tuple[str, int | None, int]]:
    """A line that is only a number (`1.`, `一、`, `(三)`) joined to the line after it: lists copied from web
    pages and PDF tables print the number in a cell or element of its own, its text on the next line. The
    joined line is placed (page, source line) where its number is."""
    out: list[tuple[str, int | None, int]] = []
    waiting = None
    for entry in cleaned:
        if waiting is not None:
            if not MARKER_RE.match(entry[0]):
                entry = (waiting[0] + entry[0], waiting[1], waiting[2])
            else:
                out.append(waiting)
            waiting = None
        number = MARKER_RE.fullmatch(entry[0].strip())
        if number is not None and number.lastgroup != "cn_shi":
            waiting = (number.group(0), entry[1], entry[2])
        else:
            out.append(entry)
    if waiting is not None:
        out.append(waiting)
    return out


def build_stream(lines: list[Line]) -> Stream:
    """Clean every line and join them, keeping hard breaks and joining soft (wrapped) ones."""
    # (Lines holding no cleaning hint have no page marker and are only stripped: told apart in one scan.)
    hinted = lines_to_clean([line.text for line in lines])
    page_marks = [find_page_marker(line.text) if i in hinted else None for i, line in enumerate(lines)]
    if lines and all(line.page is None for line in lines):
        page_numbers = _pages_from_markers(lines, page_marks)
    else:
        page_numbers = [line.page for line in lines]
    # Spaces in a unit list may separate its units: where a line has spaces, they are kept after its label.
    cleaned = [(clean_line(line.text, _unit_block_start(line.text) if " " in line.text else None) if i in hinted
                else clean_plain_line(line.text), page, line.line)
               for i, (line, page) in enumerate(zip(lines, page_numbers))]
    cleaned = _without_trailer(_without_running_heads([entry for entry in cleaned if entry[0]], lines, page_marks))
    cleaned = _numbers_joined_to_their_lines(cleaned)
    texts = [text for text, _, _ in cleaned]
    paragraph_mode = _is_paragraph_mode(texts)
    if paragraph_mode and texts:  # every break is hard: the lines joined by line breaks, each after the last
        starts = itertools.accumulate((len(text) + 1 for text in texts[:-1]), initial=0)
        return Stream("\n".join(texts), tuple(starts), tuple(page for _, page, _ in cleaned),
                      tuple(number for _, _, number in cleaned), paragraph_mode)
    parts: list[str] = []
    starts, pages, numbers = [], [], []
    offset = 0
    for i, (text, page, number) in enumerate(cleaned):
        if i:
            previous = cleaned[i - 1][0]
            hard = previous[-1] in _TERMINAL or MARKER_RE.match(text) or LABEL_RE.match(label_view(text))
            if hard:
                joiner = "\n"
            elif is_cjk(previous[-1]) or is_cjk(text[0]):
                joiner = ""
            else:
                joiner = " "
            parts.append(joiner)
            offset += len(joiner)
        starts.append(offset)
        pages.append(page)
        numbers.append(number)
        parts.append(text)
        offset += len(text)
    return Stream("".join(parts), tuple(starts), tuple(pages), tuple(numbers), paragraph_mode)
