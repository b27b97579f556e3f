"""Government web pages saved from a browser: the article body as lines and tables, without the site chrome."""
from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import CData, PreformattedString

from ..document import MERGED, Block, Document, Line, Table
from ..errors import PlanInputError
from .limits import check_table
from .text import decode_text

_NO_BODY = "网页中没有找到正文"

# Never content: scripts, styles, form controls and embedded frames.
_JUNK_TAGS = ("script", "style", "noscript", "template", "iframe", "svg", "button", "select", "input",
              "textarea", "link", "meta", "object", "embed")
# Site chrome by tag, and by class/id word; dropped unless they wrap most of the page (ASP.NET forms do).
_CHROME_TAGS = ("nav", "header", "footer", "aside", "form")
_CHROME_WORDS = {"nav", "navbar", "menu", "header", "head", "footer", "foot", "sidebar", "side", "aside",
                 "breadcrumb", "breadcrumbs", "crumb", "crumbs", "position", "location", "share", "copyright",
                 "topbar", "toolbar", "search", "login", "links", "friendlink", "bottom", "dh", "daohang"}
# Content containers of the CMSs Chinese government sites run on (TRS, Hanweb, ...), most specific first.
_CONTAINERS = ("#zoom", ".TRS_Editor", "#UCAP-CONTENT", ".pages_content", "#Zoom", ".zoom", ".article-content",
               ".article_con", ".content_con", ".article", "#content", ".content", "article", ".main-content")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_XML_CHARSET = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-]+)""", re.IGNORECASE)
# Browsers treat these labels as the wider encodings, and so must we or rare characters fail to decode.
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
                    "big5": "big5hkscs", "x-x-big5": "big5hkscs", "utf8": "utf-8"}
_TITLE_SEPARATORS = re.compile(r"_|\||\s[-–—]\s")
# Elements that start a new line when rendered; everything else runs on inside the current line.
BLOCK_TAGS = frozenset(("p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
                        "section", "article", "main", "center", "blockquote", "address", "figure", "figcaption",
                        "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "hr", "body", "html"))
_MAX_SPAN = 1000  # a rowspan/colspan beyond this is an authoring error, not a table


def read_html(path: Path) -> Document:
    """Read a saved web page (.html or .mhtml): its title and article body as lines, its tables as tables."""
    text = _decode_page(path.read_bytes(), path)
    soup = BeautifulSoup(text, "lxml")
    title = _page_title(soup)
    _drop_junk(soup)
    _drop_chrome(soup)
    body = _content_container(soup)
    if body is None:
        raise PlanInputError(path, _NO_BODY)
    heading = _heading_outside(soup, body, title)
    blocks = _blocks_of(body)
    if not blocks:
        raise PlanInputError(path, _NO_BODY)
    if heading and not _contains_line(blocks, heading):
        blocks.insert(0, heading)
    return Document(path=str(path), format="html", blocks=tuple(_numbered(blocks)))


def _decode_page(data: bytes, path: Path) -> str:
    """The page's text: MHTML unwrapped, then the declared charset if it decodes cleanly, else detection."""
    charset = None
    if _is_mhtml(path, data):
        data, charset = _mhtml_html_part(data, path)
    # The MIME part's charset describes the bytes as saved; a <meta> may describe the original.
    declared = charset or _declared_charset(data)
    if not declared or data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode_text(data, path)
    encoding = _CHARSET_ALIASES.get(declared.lower(), declared.lower())
    try:
        return data.decode(encoding)
    except LookupError:
        return decode_text(data, path)
    except UnicodeDecodeError:
        pass
    try:
        # A page re-saved in another encoding keeps its old <meta>; detection is more reliable then.
        return decode_text(data, path)
    except PlanInputError:
        # Else a few stray bytes in a page of the declared encoding: a browser shows "�" and goes on.
        text = data.decode(encoding, errors="replace")
        if text.count("\ufffd") > len(text) // 200:
            raise
        return text


def _declared_charset(data: bytes) -> str | None:
    """The charset named by <meta charset>, <meta http-equiv> or an XML declaration near the top."""
    head = data[:16384]
    match = _XML_CHARSET.search(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def _is_mhtml(path: Path, data: bytes) -> bool:
    head = data[:2048].lower()
    return path.suffix.lower() in (".mhtml", ".mht") or (b"mime-version:" in head and b"multipart/" in head)


def _mhtml_html_part(data: bytes, path: Path) -> tuple[bytes, str | None]:
    """The first text/html part of an MHTML archive (what Chrome's "save as single file" writes)."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes) and payload.strip():
                return payload, part.get_content_charset()
    raise PlanInputError(path, "MHTML 文件中没有网页内容")


def _page_title(soup: BeautifulSoup) -> str:
    """The <title> without the site name that CMSs append ("…通知_XX县人民政府")."""
    if soup.title is None:
        return ""
    title = " ".join(soup.title.get_text(" ").split())
    return _TITLE_SEPARATORS.split(title)[0].strip()


def _drop_junk(soup: BeautifulSoup) -> None:
    """Remove elements that never hold article text, including ones hidden with inline CSS."""
    for tag in soup.find_all(_JUNK_TAGS):
        tag.decompose()
    for tag in soup.find_all(style=re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)):
        if not tag.decomposed:
            tag.decompose()


def _drop_chrome(soup: BeautifulSoup) -> None:
    """Remove navigation, header, footer, breadcrumbs and sidebars, unless one wraps most of the page."""
    total = cjk_count(soup)
    chrome = [tag for tag in soup.find_all(True) if _is_chrome(tag)]
    for tag in chrome:
        if tag.decomposed:
            continue
        if total and cjk_count(tag) > total * 0.5:
            continue  # a wrapper such as <form id="form1"> around the whole page is not chrome
        tag.decompose()


def _is_chrome(tag: Tag) -> bool:
    """Whether a tag is site chrome by its name or by a word of its class or id."""
    if tag.name in _CHROME_TAGS:
        return True
    if tag.name in ("html", "body"):
        return False
    names = " ".join(tag.get("class") or []) + " " + (tag.get("id") or "")
    words = {w for w in re.split(r"[^a-z]+", re.sub(r"([a-z])([A-Z])", r"\1 \2", names).lower()) if w}
    return bool(words & _CHROME_WORDS)


def _content_container(soup: BeautifulSoup) -> Tag | None:
    """The element holding the article: a known CMS container if one holds real text, else the densest block.

    Containers are tried most specific first, so #zoom beats the .article around it that also holds
    the title, the date line and the share buttons.
    """
    scored = [(cjk_count(tag, skip_links=True), tag) for selector in _CONTAINERS for tag in soup.select(selector)]
    best = max((score for score, _ in scored), default=0)
    for score, tag in scored:
        if score >= max(20, best * 0.3):
            return tag
    return _densest_block(soup)


def _densest_block(soup: BeautifulSoup) -> Tag | None:
    """The block whose own paragraphs (not nested blocks, not links) hold the most Chinese characters."""
    own = _OwnText(soup)
    best: tuple[int, Tag | None] = (0, None)
    for tag in soup.find_all(("div", "td", "section", "article", "main", "body", "center")):
        score = own.paragraph_cjk(tag)
        if score > best[0]:
            best = (score, tag)
    chosen = best[1]
    if chosen is not None and chosen.parent is not None and chosen.parent.name not in ("html", "[document]"):
        # Content split over sibling blocks: take the parent when a sibling is also substantial.
        siblings = [s for s in chosen.parent.find_all(recursive=False) if s is not chosen]
        if any(own.paragraph_cjk(s) >= best[0] * 0.25 for s in siblings):
            chosen = chosen.parent
    return chosen


class _OwnText:
    """Chinese characters outside links for every element of a page, counted in one pass each way.

    Counting each block's subtree afresh is quadratic in the nesting depth, and unclosed <font> or
    <span> tags of old editors nest thousands deep. Here every element's count is its children's sum
    (bottom-up, nothing counted twice), and whether it lies inside a link is its parent's answer
    (top-down). The counts are those of `cjk_count(tag, skip_links=True)`.
    """

    def __init__(self, soup: BeautifulSoup) -> None:
        elements = [soup, *soup.descendants]
        self._in_link: dict[int, bool] = {id(soup): False}
        for node in elements[1:]:  # document order: a parent before its children
            parent = node.parent
            self._in_link[id(node)] = self._in_link[id(parent)] or parent.name == "a"
        self._linkless: dict[int, int] = {}
        for node in reversed(elements):  # children before their parent
            if isinstance(node, Tag):
                self._linkless[id(node)] = 0 if node.name == "a" else sum(
                    self._linkless.get(id(child), 0) for child in node.children)
            elif type(node) in _COUNTED_STRINGS:
                self._linkless[id(node)] = _cjk_chars(node)

    def paragraph_cjk(self, tag: Tag) -> int:
        """CJK characters in a block's direct text, inline children, paragraphs and data tables, outside links."""
        total = 0
        for child in tag.children:
            if isinstance(child, NavigableString):
                total += _cjk_chars(child)
            elif isinstance(child, Tag) and _counts_as_own(child) and not self._in_link[id(child)]:
                total += self._linkless[id(child)]
        return total


def _counts_as_own(child: Tag) -> bool:
    """Inline elements, paragraphs, headings and data tables belong to their block; nested blocks do not."""
    if child.name == "table":
        return not _is_layout_table(child)
    return child.name not in BLOCK_TAGS or child.name in ("p", "h1", "h2", "h3", "h4", "h5", "h6")


def _is_inside(tag: Tag, ancestor: Tag) -> bool:
    """Whether tag is ancestor or lies inside it (by identity: bs4 compares tags by content)."""
    return tag is ancestor or any(parent is ancestor for parent in tag.parents)


# Portal templates mark the article's title with a class (`tit`, `article-title`, `news_title`, `bt`).
_TITLE_CLASS = re.compile(r"(?:^|[-_])(?:title|tit|bt|biaoti|headline)(?:$|[-_])", re.IGNORECASE)
_PLAN_TITLE = re.compile(r"(?:计划|要点|方案|安排|任务|清单)$")
_MAX_TITLE = 80


def _heading_outside(soup: BeautifulSoup, body: Tag, title: str) -> str:
    """The article title outside the body: an element the template marks as the title, or a heading, that
    names a plan; else an <h1> agreeing with <title>; else <title> itself.

    Agreement matters: a site logo is often an <h1> too, and it is not the document's title; and <title>
    is often the site's name alone.
    """
    for tag in [*soup.find_all(class_=_TITLE_CLASS), *soup.find_all(["h1", "h2", "h3"])]:
        if _is_inside(tag, body):
            continue
        text = cell_text(tag).replace("\n", "").strip()
        if len(text) <= _MAX_TITLE and _PLAN_TITLE.search(text) and "法治" in text:
            return text
    for h1 in soup.find_all("h1"):
        if _is_inside(h1, body):
            continue
        text = cell_text(h1).replace("\n", "")
        if text and (not title or text in title or title in text):
            return text
    return title


def _blocks_of(body: Tag) -> list[str | Table]:
    """The body's paragraphs and tables in reading order (tables not yet numbered)."""
    blocks: list[str | Table] = []
    for item in block_lines(body):
        if isinstance(item, Tag):
            rows = table_grid(item)
            if rows:
                blocks.append(Table(rows=rows, page=None, line=0, merges_known=True))
        elif item:
            blocks.append(item)
    return blocks


def _contains_line(blocks: list[str | Table], heading: str) -> bool:
    """Whether the body already has the heading as one of its lines."""
    wanted = "".join(heading.split())
    return any(isinstance(b, str) and wanted == "".join(b.split()) for b in blocks)


def _numbered(blocks: list[str | Table]) -> list[Block]:
    """Give each block its 1-based running line number."""
    numbered: list[Block] = []
    for number, block in enumerate(blocks, start=1):
        if isinstance(block, Table):
            numbered.append(Table(rows=block.rows, page=None, line=number, merges_known=block.merges_known))
        else:
            numbered.append(Line(text=block, page=None, line=number))
    return numbered


# --- rendering a subtree into lines and tables -------------------------------------------------------


def block_lines(node: Tag) -> list[str | Tag]:
    """A subtree as rendered lines, with each data table left as its <table> tag, in reading order."""
    builder = _LineBuilder()
    _render(node, builder)
    builder.flush()
    return builder.items


class _LineBuilder:
    """Collects inline text into the current line and closes lines at block boundaries."""

    def __init__(self) -> None:
        self.items: list[str | Tag] = []
        self.pieces: list[str] = []

    def add(self, text: str) -> None:
        self.pieces.append(text)

    def flush(self) -> None:
        line = _collapse_space("".join(self.pieces))
        self.pieces = []
        if line:
            self.items.append(line)

    def table(self, table: Tag) -> None:
        self.flush()
        self.items.append(table)


def _render(node: Tag, builder: _LineBuilder) -> None:
    """Walk a subtree as a browser lays it out: block elements and <br> end lines, inline ones do not."""
    for child in node.children:
        if isinstance(child, PreformattedString):
            continue  # comments, doctypes, processing instructions
        if isinstance(child, NavigableString):
            builder.add(str(child))
        elif isinstance(child, Tag):
            _render_tag(child, builder)


def _render_tag(tag: Tag, builder: _LineBuilder) -> None:
    if tag.name == "br":
        builder.flush()
    elif tag.name == "table" and not _is_layout_table(tag):
        builder.table(tag)
    elif tag.name == "pre":
        builder.flush()
        for raw in tag.get_text().splitlines():
            builder.add(raw)
            builder.flush()
    elif tag.name in BLOCK_TAGS:
        builder.flush()
        _render(tag, builder)
        builder.flush()
    else:
        _render(tag, builder)


def _is_layout_table(table: Tag) -> bool:
    """Tables used for page layout (nested tables, a single row or column) are read as text, not data."""
    if table.find("table") is not None:
        return True
    rows = table.find_all("tr")
    widths = [len(row.find_all(("td", "th"), recursive=False)) for row in rows]
    return len(rows) <= 1 or max(widths, default=0) <= 1


def _collapse_space(text: str) -> str:
    """Collapse white space as a browser would, but drop source line breaks between Chinese characters."""
    def replace(match: re.Match[str]) -> str:
        run = match.group(0)
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        if ("\n" in run or "\r" in run) and _is_wide(before) and _is_wide(after):
            return ""
        return " "

    return re.sub(r"[ \t\r\n\f\xa0]+", replace, text).strip()


def _is_wide(ch: str) -> bool:
    """Chinese characters and full-width punctuation, between which a source line break is not a space."""
    return bool(ch) and ("\u2e80" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" or ch in "“”‘’—…·")


def cell_text(cell: Tag) -> str:
    """A cell's text, its paragraphs and <br> lines kept apart by newlines."""
    return "\n".join(item for item in block_lines(cell) if isinstance(item, str))


def table_grid(table: Tag) -> tuple[tuple[str, ...], ...]:
    """A data table's rows; positions covered by a rowspan/colspan are MERGED so columns stay aligned.

    Spans are clipped to the table: rowspans to its rows, colspans to the columns its cells could fill
    (so `colspan=1000` cannot widen a table of three cells). Rows with no text of their own (only blanks
    and covered positions) are left out.
    """
    rows = [row.find_all(("td", "th"), recursive=False) for row in table.find_all("tr")]
    spans = [[(min(_span(cell.get("rowspan"), default_to=len(rows) - r), len(rows) - r),
               _span(cell.get("colspan"), default_to=1)) for cell in cells] for r, cells in enumerate(rows)]
    columns = _columns_filled(spans)
    room = 2 * columns  # a cell finding the spans' columns all taken goes right of them, never further
    check_table(len(rows), len(rows) * room)
    grid: list[list[str | None]] = [[None] * room for _ in rows]
    for r, cells in enumerate(rows):
        c = 0
        for k, (cell, (row_span, col_span)) in enumerate(zip(cells, spans[r])):
            while grid[r][c] is not None:
                c += 1
            col_span = max(1, min(col_span, columns - c - (len(cells) - k - 1)))  # room for the row's rest
            for dr in range(row_span):
                for dc in range(col_span):
                    grid[r + dr][c + dc] = MERGED if dr or dc else cell_text(cell)
            c += col_span
    width = max((max(k for k, v in enumerate(row) if v is not None) + 1 for row in grid
                 if any(v is not None for v in row)), default=0)
    result = [tuple(v or "" for v in row[:width]) for row in grid]
    return tuple(row for row in result if any(cell and cell != MERGED for cell in row))


def _columns_filled(spans: list[list[tuple[int, int]]]) -> int:
    """The most cells any row holds, its own plus those reaching into it from above, one column each."""
    reaching = [0] * (len(spans) + 1)  # difference array: +1 where a rowspan starts covering, -1 past its end
    widest, covering = 0, 0
    for r, row in enumerate(spans):
        covering += reaching[r]
        widest = max(widest, len(row) + covering)
        for row_span, _ in row:
            if row_span > 1:
                reaching[r + 1] += 1
                reaching[r + row_span] -= 1
    return widest


def _span(value: object, default_to: int) -> int:
    """A rowspan/colspan attribute as a count; rowspan="0" means to the end of the table."""
    try:
        span = int(str(value).strip())
    except ValueError:
        return 1
    if span == 0:
        return max(default_to, 1)
    return min(max(span, 1), _MAX_SPAN)


# The string types `Tag.strings` yields (not comments, scripts or style sheets).
_COUNTED_STRINGS = (NavigableString, CData)


def _cjk_chars(text: str) -> int:
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")


def cjk_count(node: Tag | NavigableString, skip_links: bool = False) -> int:
    """Chinese characters in a subtree; with skip_links, text inside <a> (menus, related links) is ignored."""
    strings = [node] if isinstance(node, NavigableString) else node.strings
    total = 0
    for string in strings:
        if skip_links and string.find_parent("a") is not None:
            continue
        total += sum(1 for ch in string if "\u4e00" <= ch <= "\u9fff")
    return total
