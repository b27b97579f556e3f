"""Extraction noise: page markers, scraper lines, stray spaces; and normalisation for matching."""
from __future__ import annotations

import bisect
import itertools
import re
import unicodedata

_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef“”‘’《》〔〕【】、。"
_DASH = r"\-—–－―‒"

# `- 3 -`, `—3—`, `－ 12 －`, anywhere in a line (PDF extraction drops them mid-sentence or mid-word).
PAGE_MARKER_RE = re.compile(
    rf"(?:(?<=^)|(?<=[\s{_CJK}]))[{_DASH}]{{1,2}}[ \t\u3000]*\d{{1,3}}[ \t\u3000]*[{_DASH}]{{1,2}}(?=$|[\s{_CJK}])"
    r"|第[ \t]*\d{1,3}[ \t]*页(?:[ \t]*[,,]?[ \t]*共[ \t]*\d{1,3}[ \t]*页)?"
)
_LONE_PAGE_NUMBER_RE = re.compile(r"^\s*(?:\d{1,3}|\d{1,3}\s*/\s*\d{1,3})\s*$")

# Lines that web scrapers and portals wrap around a document; never part of a plan. `(?=(\s*))\1` takes the
# leading spaces once and for all (an atomic group): plain `\s*` retried every split of them before `.*`.
SCRAPER_LINE_RE = re.compile(
    r"^(?=(\s*))\1(?:下面是.{0,20}(?:小编|为大家|整理).*|.*供大家参考.{0,10}"
    r"|(?:发布时间|发布日期|发文日期|来源|信息来源|作者|浏览次数|点击数|阅读次数)\s*[::].{0,80}"
    r"|【?\s*(?:字体|字号)\s*[::]?\s*[大中小\s]+】?.*"
    r"|.*(?:打印本页|关闭窗口|分享到|扫一扫|收藏本页|返回顶部|上一篇|下一篇|相关链接|相关文章|【打印】|【关闭】).*"
    r"|(?:首页|当前位置|您现在的位置)\s*[>::].*"
    r"|(?:附件下载|下载附件|附件)\s*[::]?\s*\S*\.(?:docx?|pdf|xlsx?|wps)\s*"
    r")\s*$"
)
# Each alternative above holds one of these words (`附件` inside `附件下载` and `下载附件` too): a line with none,
# as nearly every line of a plan is, is no scraper line, and scanning for the words is much cheaper than trying
# the pattern, whose `.*` alternatives are retried at every position of the line.
_SCRAPER_WORD_RE = re.compile(
    "下面是|供大家参考|发布时间|发布日期|发文日期|来源|作者|浏览次数|点击数|阅读次数|字体|字号|打印本页|关闭窗口|分享到|"
    "扫一扫|收藏本页|返回顶部|上一篇|下一篇|相关链接|相关文章|【打印】|【关闭】|首页|当前位置|您现在的位置|附件")

# A space before a numbering marker (`…思想 1.推动`) is the only trace of a boundary: keep it.
_MARKER_AHEAD = r"(?!\d{1,3}[.．、](?!\d)|[((][一二三四五六七八九十\d]{1,4}[))]|[一二三四五六七八九十]{1,3}、)"
# The second alternative starts a run only at its first space (or at an ideographic space, which is CJK
# itself, or one space before CJK): tried at every space of a long run it would take quadratic time.
_SPACE_NEAR_CJK_RE = re.compile(
    rf"(?<=[{_CJK}])[ \t\u3000\xa0]+{_MARKER_AHEAD}"
    rf"|(?<![ \t\xa0])[ \t\u3000\xa0]+(?=[{_CJK}])|\u3000[ \t\u3000\xa0]*(?=[{_CJK}])|[ \t\xa0](?=[{_CJK}])")
_SPACE_IN_NUMBER_RE = re.compile(r"(?<=\d)[ \t]+(?=[%%])")
# Each of the two patterns above needs one of these characters: most lines of a plan have none, and a scan
# for them is much cheaper than trying the patterns (with their lookbehinds) at every position.
_STRAY_SPACES = " \t\u3000\xa0"
_STRAY_SPACE_RE = re.compile(f"[{_STRAY_SPACES}]")
# Every page marker holds a dash or `第`; PAGE_MARKER_RE, tried at every position, is only run on lines that do.
_PAGE_MARKER_HINT_RE = re.compile(rf"[{_DASH}第]")
_CJK_RE = re.compile(rf"[{_CJK}]")


# Full-width ASCII forms (U+FF01-FF5E) and the ideographic space, folded one character for one: plans mix
# `（一）`, `：`, `；`, `％` and `２０２４` with their ASCII forms, and every pattern downstream is written once.
_WIDTH_FOLD = {0xFF01 + i: 0x21 + i for i in range(94)} | {0x3000: 0x20}
_FOLDABLE_RE = re.compile("[\uff01-\uff5e\u3000]")  # the keys of _WIDTH_FOLD: a cheap test before translating


def fold_width(text: str) -> str:
    """Full-width letters, digits and punctuation -> ASCII, length-preserving (unlike NFKC, which also
    rewrites `①` or `㈠`)."""
    return text.translate(_WIDTH_FOLD) if _FOLDABLE_RE.search(text) else text


def find_page_marker(line: str) -> re.Match[str] | None:
    """The first page marker in a line, if any."""
    return PAGE_MARKER_RE.search(line) if _PAGE_MARKER_HINT_RE.search(line) else None


def remove_page_markers(line: str) -> str:
    """Drop page markers wherever they fall in a line, and lines that are only a page number."""
    if _LONE_PAGE_NUMBER_RE.match(line):
        return ""
    return PAGE_MARKER_RE.sub("", line) if _PAGE_MARKER_HINT_RE.search(line) else line


# A space between two words of two or more hanzi: in a unit list it may be the only separator (`县公安局 县市场监管局`).
_WORD_GAP_OR_STRAY_SPACE_RE = re.compile(
    rf"(?P<gap>(?<=[\u4e00-\u9fff]{{2}})[ \t\xa0]+(?=[\u4e00-\u9fff]{{2}}))|{_SPACE_NEAR_CJK_RE.pattern}")


def tighten_spaces(line: str, keep_word_gaps: bool = False) -> str:
    """Remove the spaces PDF extraction puts around digits and Latin letters inside Chinese text;
    with keep_word_gaps, one space stays between two words of hanzi."""
    if not _STRAY_SPACE_RE.search(line):
        return line.strip()
    if keep_word_gaps:
        line = _WORD_GAP_OR_STRAY_SPACE_RE.sub(lambda m: " " if m.group("gap") else "", line)
    else:
        line = _SPACE_NEAR_CJK_RE.sub("", line)
    return _SPACE_IN_NUMBER_RE.sub("", line).strip()


def is_scraper_line(line: str) -> bool:
    """Portal and scraper boilerplate (`发布时间:…`, `【打印】【关闭】`, `下面是小编为大家整理的…`)."""
    return _SCRAPER_WORD_RE.search(line) is not None and SCRAPER_LINE_RE.match(line) is not None


def clean_line(line: str, list_start: int | None = None) -> str:
    """A line with page markers, scraper boilerplate and stray spaces removed.

    From list_start on (where the line's unit block begins) spaces between words are kept: they may
    separate the unit names of a list.
    """
    line = line.replace("\ufeff", "").replace("\u200b", "")
    if list_start is None:
        line = remove_page_markers(line)
        return "" if is_scraper_line(line) else tighten_spaces(line)
    head, tail = remove_page_markers(line[:list_start]), remove_page_markers(line[list_start:])
    if is_scraper_line(head + tail):
        return ""
    return (tighten_spaces(head) + tighten_spaces(tail, keep_word_gaps=True)).strip()


# Whatever clean_line removes or keeps needs one of these: a page marker's dash or 第, a space to tighten or
# keep, a zero-width character, or a scraper line's word. A line holding none, as nearly every line is, is only
# stripped, or dropped when it is a lone page number. (Two patterns: re scans fast for a set of characters and
# for words opening with known characters, not for an alternation of both.)
_CLEANING_HINT_CHARACTER_RE = re.compile(f"[{_DASH}第{_STRAY_SPACES}\ufeff\u200b]")
_CLEANING_HINT_RES = (_CLEANING_HINT_CHARACTER_RE, _SCRAPER_WORD_RE)


def lines_to_clean(lines: list[str]) -> set[int]:
    """Indexes of the lines that clean_line (and find_page_marker) may do more to than clean_plain_line does:
    found in two scans of the lines joined by line breaks, which no hint holds, instead of several per line."""
    starts = list(itertools.accumulate((len(line) + 1 for line in lines), initial=0))
    joined = "\n".join(lines)
    found: set[int] = set()
    for pattern in _CLEANING_HINT_RES:
        match = pattern.search(joined)
        while match is not None:
            index = bisect.bisect_right(starts, match.start()) - 1
            found.add(index)
            match = pattern.search(joined, starts[index + 1])  # (on from the next line)
    return found


def clean_plain_line(line: str) -> str:
    """clean_line of a line that holds no cleaning hint (see lines_to_clean)."""
    return "" if _LONE_PAGE_NUMBER_RE.match(line) else line.strip()


def normalize(text: str) -> str:
    """Matching form: NFKC (full-width -> half-width) with all white space removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def is_cjk(ch: str) -> bool:
    """True for Chinese characters and full-width punctuation."""
    return bool(ch) and bool(_CJK_RE.match(ch))
