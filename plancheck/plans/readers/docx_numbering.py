"""Word's automatic list numbers: read numbering.xml and styles.xml, count paragraphs as Word prints them.

python-docx's paragraph text leaves out list numbers, but Chinese plans number their headings and tasks
("一、", "（二）", "3.") with them, and the splitter needs those numbers to find tasks.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_LEVELS = 9
# Word's list dialog accepts start values up to 32767; larger ones only come from broken or hostile files,
# and some formats build the label by repetition (lowerLetter: 27 → aa), so values are kept within this.
MAX_LIST_VALUE = 32_767
# Follows abstractNum → numStyleLink → numbering style → num → abstractNum; real files need one hop.
_MAX_STYLE_LINK_HOPS = 4


def w(tag: str) -> str:
    """Clark name of a WordprocessingML tag or attribute."""
    return f"{{{W_NS}}}{tag}"


def _val(element: etree._Element | None) -> str | None:
    return None if element is None else element.get(w("val"))


def to_int(raw: str | None) -> int | None:
    """An attribute as an int; None when absent or malformed (bad files must not stop reading)."""
    try:
        return int(raw) if raw is not None else None
    except ValueError:
        return None


def _int_val(element: etree._Element | None) -> int | None:
    return to_int(_val(element))


def _list_value(element: etree._Element | None) -> int | None:
    """A start value clipped to 0..MAX_LIST_VALUE, as Word's own dialog would have it."""
    value = _int_val(element)
    return None if value is None else min(max(value, 0), MAX_LIST_VALUE)


def is_on(element: etree._Element | None) -> bool:
    """A WordprocessingML on/off property: present and not switched off."""
    return element is not None and _val(element) not in ("0", "false", "off")


# ---- number formats -------------------------------------------------------------------------------

_ZH_SIMPLE = ("零一二三四五六七八九", "十百千", "万")
_ZH_TRADITIONAL = ("零一二三四五六七八九", "十百千", "萬")
_ZH_LEGAL_SIMPLIFIED = ("零壹贰叁肆伍陆柒捌玖", "拾佰仟", "万")
_ZH_LEGAL_TRADITIONAL = ("零壹貳參肆伍陸柒捌玖", "拾佰仟", "萬")
_JA = ("〇一二三四五六七八九", "十百千", "万")
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _counting_below_10000(n: int, charset: tuple[str, str, str], japanese: bool) -> str:
    """Spell 1..9999 with unit characters; Chinese writes 零 for inner zero runs, Japanese drops 一
    before units (百一, not 一百零一)."""
    digits, units, _ = charset
    out, zero_pending = [], False
    for power in (3, 2, 1, 0):
        digit = n // 10**power % 10
        if digit == 0:
            zero_pending = bool(out)
            continue
        if zero_pending and not japanese:
            out.append(digits[0])
        zero_pending = False
        omit_one = japanese and digit == 1 and power > 0
        out.append(("" if omit_one else digits[digit]) + (units[power - 1] if power else ""))
    return "".join(out)


def chinese_counting(n: int, charset: tuple[str, str, str] = _ZH_SIMPLE, japanese: bool = False,
                     keep_leading_one: bool = False) -> str:
    """Spell n in CJK counting numerals: 11 → 十一, 22 → 二十二, 101 → 一百零一, 10010 → 一万零一十."""
    if n <= 0 or n >= 10**8:
        return str(n)
    high, low = divmod(n, 10000)
    text = _counting_below_10000(low, charset, japanese) if low else ""
    if high:
        gap = charset[0][0] if low and low < 1000 and not japanese else ""
        text = _counting_below_10000(high, charset, japanese) + charset[2] + gap + text
    # Spoken Chinese says 十一, not 一十一, only when 十 leads the whole number.
    if not keep_leading_one and text.startswith(charset[0][1] + charset[1][0]):
        text = text[1:]
    return text


def _letters(n: int, alphabet: str) -> str:
    """Word's letter lists repeat the letter after z: 26 → z, 27 → aa, 53 → aaa."""
    if n <= 0:
        return str(n)
    return alphabet[(n - 1) % 26] * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = []
    for value, symbol in _ROMAN:
        count, n = divmod(n, value)
        out.append(symbol * count)
    return "".join(out)


def _enclosed(n: int, first_codepoint: int, last: int, fallback: str) -> str:
    """Unicode has enclosed forms only for small numbers; Word prints plain digits beyond them."""
    return chr(first_codepoint + n - 1) if 1 <= n <= last else fallback.format(n)


def _legal(n: int, charset: tuple[str, str, str]) -> str:
    """Financial numerals keep the leading one: 11 → 壹拾壹."""
    return chinese_counting(n, charset, keep_leading_one=True)


def _ideograph_digits(n: int) -> str:
    """Digit by digit: 12 → 一二, 10 → 一〇."""
    return "".join("〇一二三四五六七八九"[int(d)] for d in str(n)) if n >= 0 else str(n)


def _from_table(n: int, symbols: str) -> str:
    return symbols[n - 1] if 1 <= n <= len(symbols) else str(n)


_FORMATTERS = {
    "decimal": str,
    "decimalHalfWidth": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate({ord(d): 0xFF10 + int(d) for d in "0123456789"}),
    "decimalFullWidth2": lambda n: str(n).translate({ord(d): 0xFF10 + int(d) for d in "0123456789"}),
    "decimalEnclosedCircle": lambda n: _enclosed(n, 0x2460, 20, "{}"),
    "decimalEnclosedCircleChinese": lambda n: _enclosed(n, 0x2460, 20, "{}"),
    "decimalEnclosedParen": lambda n: _enclosed(n, 0x2474, 20, "({})"),
    "decimalEnclosedFullstop": lambda n: _enclosed(n, 0x2488, 20, "{}."),
    "ideographEnclosedCircle": lambda n: _enclosed(n, 0x3280, 10, "{}"),
    "lowerLetter": lambda n: _letters(n, "abcdefghijklmnopqrstuvwxyz"),
    "upperLetter": lambda n: _letters(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperRoman": _roman,
    "chineseCounting": chinese_counting,
    "chineseCountingThousand": chinese_counting,
    "taiwaneseCounting": lambda n: chinese_counting(n, _ZH_TRADITIONAL),
    "taiwaneseCountingThousand": lambda n: chinese_counting(n, _ZH_TRADITIONAL),
    "japaneseCounting": lambda n: chinese_counting(n, _JA, japanese=True),
    "chineseLegalSimplified": lambda n: _legal(n, _ZH_LEGAL_SIMPLIFIED),
    "ideographLegalTraditional": lambda n: _legal(n, _ZH_LEGAL_TRADITIONAL),
    "japaneseLegal": lambda n: _legal(n, _ZH_LEGAL_TRADITIONAL),
    "ideographDigital": _ideograph_digits,
    "taiwaneseDigital": _ideograph_digits,
    "ideographTraditional": lambda n: _from_table(n, _HEAVENLY_STEMS),
    "ideographZodiac": lambda n: _from_table(n, _EARTHLY_BRANCHES),
    "none": lambda n: "",
    "bullet": lambda n: "",
}


def format_number(n: int, num_fmt: str) -> str:
    """Render a list counter in a w:numFmt; formats we do not know (Hebrew, Korean...) print as decimal."""
    return _FORMATTERS.get(num_fmt, str)(n)


# ---- definitions ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Level:
    """One w:lvl of a list definition."""

    start: int
    num_fmt: str
    lvl_text: str
    restart: int | None  # w:lvlRestart: one-based level that restarts this one; 0 never; None default
    is_legal: bool
    suffix: str  # w:suff: "tab", "space" or "nothing"
    style_id: str | None  # w:pStyle: the paragraph style linked to this level


@dataclass(frozen=True)
class ListInstance:
    """A w:num: which abstract definition it counts with, and its per-level overrides."""

    abstract_id: int
    start_overrides: dict[int, int]
    level_overrides: dict[int, Level]


@dataclass(frozen=True)
class StyleSheet:
    """The parts of styles.xml that decide numbering: basedOn chains and numPr of styles."""

    based_on: dict[str, str] = field(default_factory=dict)
    num_pr: dict[str, tuple[int | None, int | None]] = field(default_factory=dict)
    default_paragraph_style: str | None = None

    def chain(self, style_id: str | None) -> list[str]:
        """The style and its basedOn ancestors, nearest first; cycles in broken files are cut."""
        chain: list[str] = []
        current = style_id or self.default_paragraph_style
        while current and current not in chain:
            chain.append(current)
            current = self.based_on.get(current)
        return chain

    def numbering_of(self, style_id: str | None) -> tuple[int | None, int | None]:
        """(numId, ilvl) the style chain gives a paragraph; the nearest style with a numId wins."""
        for sid in self.chain(style_id):
            num_id, ilvl = self.num_pr.get(sid, (None, None))
            if num_id is not None:
                return num_id, ilvl
        return None, None


def _num_pr(p_pr: etree._Element | None) -> tuple[int | None, int | None]:
    num_pr = None if p_pr is None else p_pr.find(w("numPr"))
    if num_pr is None:
        return None, None
    return _int_val(num_pr.find(w("numId"))), _int_val(num_pr.find(w("ilvl")))


def parse_styles(root: etree._Element | None) -> StyleSheet:
    """Read basedOn links and numPr of every style (paragraph and numbering styles alike)."""
    if root is None:
        return StyleSheet()
    based_on: dict[str, str] = {}
    num_pr: dict[str, tuple[int | None, int | None]] = {}
    default = None
    for style in root.iterchildren(w("style")):
        style_id = style.get(w("styleId"))
        if not style_id:
            continue
        parent = _val(style.find(w("basedOn")))
        if parent:
            based_on[style_id] = parent
        num_id, ilvl = _num_pr(style.find(w("pPr")))
        if num_id is not None or ilvl is not None:
            num_pr[style_id] = (num_id, ilvl)
        is_default = style.get(w("default")) in ("1", "true", "on")
        if style.get(w("type")) == "paragraph" and is_default and default is None:
            default = style_id
    return StyleSheet(based_on=based_on, num_pr=num_pr, default_paragraph_style=default)


def _parse_level(lvl: etree._Element) -> Level:
    start = _list_value(lvl.find(w("start")))
    return Level(
        start=0 if start is None else start,  # the schema's default, though Word always writes it
        num_fmt=_val(lvl.find(w("numFmt"))) or "decimal",
        lvl_text=_val(lvl.find(w("lvlText"))) or "",
        restart=_int_val(lvl.find(w("lvlRestart"))),
        is_legal=is_on(lvl.find(w("isLgl"))),
        suffix=_val(lvl.find(w("suff"))) or "tab",
        style_id=_val(lvl.find(w("pStyle"))),
    )


def _parse_levels(parent: etree._Element) -> dict[int, Level]:
    levels = {}
    for lvl in parent.iterchildren(w("lvl")):
        ilvl = to_int(lvl.get(w("ilvl")))
        if ilvl is not None and 0 <= ilvl < _LEVELS:
            levels[ilvl] = _parse_level(lvl)
    return levels


def _parse_instance(num: etree._Element, abstract_id: int) -> ListInstance:
    starts, levels = {}, {}
    for override in num.iterchildren(w("lvlOverride")):
        ilvl = to_int(override.get(w("ilvl")))
        if ilvl is None or not 0 <= ilvl < _LEVELS:
            continue
        start = _list_value(override.find(w("startOverride")))
        if start is not None:
            starts[ilvl] = start
        lvl = override.find(w("lvl"))
        if lvl is not None:
            levels[ilvl] = _parse_level(lvl)
    return ListInstance(abstract_id=abstract_id, start_overrides=starts, level_overrides=levels)


@dataclass(frozen=True)
class Numbering:
    """All list definitions of a document: abstract levels by abstractNumId, list instances by numId."""

    abstract_levels: dict[int, dict[int, Level]]
    instances: dict[int, ListInstance]

    def levels(self, num_id: int) -> dict[int, Level]:
        """The effective levels of a list instance: its abstract levels with w:lvlOverride/w:lvl applied."""
        instance = self.instances[num_id]
        return {**self.abstract_levels.get(instance.abstract_id, {}), **instance.level_overrides}


def _resolve_style_links(abstracts: dict[int, etree._Element], num_targets: dict[int, int],
                         styles: StyleSheet) -> dict[int, int]:
    """Map each abstractNum that only points at a numbering style (w:numStyleLink) to the one behind it."""
    resolved = {}
    for abstract_id in abstracts:
        current = abstract_id
        for _ in range(_MAX_STYLE_LINK_HOPS):
            link = _val(abstracts[current].find(w("numStyleLink")))
            target_num = styles.num_pr.get(link, (None, None))[0] if link else None
            target = num_targets.get(target_num) if target_num is not None else None
            if target is None or target not in abstracts or target == current:
                break
            current = target
        resolved[abstract_id] = current
    return resolved


def parse_numbering(root: etree._Element | None, styles: StyleSheet) -> Numbering:
    """Read numbering.xml; entries with missing or malformed ids are ignored as Word ignores them."""
    if root is None:
        return Numbering({}, {})
    abstracts = {}
    for abstract in root.iterchildren(w("abstractNum")):
        abstract_id = to_int(abstract.get(w("abstractNumId")))
        if abstract_id is not None:
            abstracts[abstract_id] = abstract
    nums, num_targets = {}, {}
    for num in root.iterchildren(w("num")):
        num_id, target = to_int(num.get(w("numId"))), _int_val(num.find(w("abstractNumId")))
        if num_id is not None and target is not None:
            nums[num_id], num_targets[num_id] = num, target
    links = _resolve_style_links(abstracts, num_targets, styles)
    return Numbering(
        abstract_levels={aid: _parse_levels(element) for aid, element in abstracts.items()},
        instances={nid: _parse_instance(num, links.get(num_targets[nid], num_targets[nid]))
                   for nid, num in nums.items()},
    )


# ---- counting -------------------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"%([1-9])")


class ListCounter:
    """Walks paragraphs in document order and returns the list number Word prints before each.

    Counters belong to the abstract definition, so lists sharing one continue each other; a w:num with
    overrides restarts the overridden levels the first time it is used ("restart numbering" in Word).
    """

    def __init__(self, numbering: Numbering, styles: StyleSheet) -> None:
        self._numbering = numbering
        self._styles = styles
        self._counters: dict[int, list[int | None]] = {}
        self._started: set[int] = set()

    def label(self, p_pr: etree._Element | None) -> str:
        """Advance the paragraph's list and return its printed number ("一、", "（二）", "3."), or ""."""
        style_id = _val(p_pr.find(w("pStyle"))) if p_pr is not None else None
        num_id, ilvl = _num_pr(p_pr)
        if ilvl is not None and not 0 <= ilvl < _LEVELS:
            return ""
        style_num_id, style_ilvl = self._styles.numbering_of(style_id)
        if num_id is None:
            num_id = style_num_id
            ilvl = style_ilvl if ilvl is None else ilvl
        # numId 0 is Word's explicit "no numbering", e.g. to switch off a style's list.
        if not num_id or num_id not in self._numbering.instances:
            return ""
        levels = self._numbering.levels(num_id)
        if ilvl is None:
            ilvl = self._level_of_style(levels, self._styles.chain(style_id))
        level = levels.get(ilvl)
        if level is None:
            return ""
        values = self._advance(num_id, ilvl, levels)
        if level.num_fmt == "bullet":
            # Bullets are symbol-font glyphs, not numbers; the splitter gains nothing from them.
            return ""
        return self._render(level, levels, values)

    @staticmethod
    def _level_of_style(levels: dict[int, Level], style_chain: list[str]) -> int:
        """A style-linked list puts the paragraph on the level whose w:pStyle names the style."""
        for style_id in style_chain:
            for ilvl, level in sorted(levels.items()):
                if level.style_id == style_id:
                    return ilvl
        return 0

    def _advance(self, num_id: int, ilvl: int, levels: dict[int, Level]) -> list[int]:
        """Count this paragraph on its level, restart deeper levels, and return all current values."""
        instance = self._numbering.instances[num_id]
        counters = self._counters.setdefault(instance.abstract_id, [None] * _LEVELS)
        if num_id not in self._started:
            self._started.add(num_id)
            for overridden in {*instance.start_overrides, *instance.level_overrides}:
                counters[overridden] = None
        starts = [instance.start_overrides.get(i, levels[i].start if i in levels else 1)
                  for i in range(_LEVELS)]
        current = counters[ilvl]
        # Capped like the start values: a list of a million paragraphs still gets short labels.
        counters[ilvl] = starts[ilvl] if current is None else min(current + 1, MAX_LIST_VALUE)
        for deeper in range(ilvl + 1, _LEVELS):
            restart = levels[deeper].restart if deeper in levels else None
            # Default: a deeper level restarts whenever any higher level is used; lvlRestart=N limits
            # that to levels 1..N (one-based), and 0 means it never restarts.
            if ilvl < (deeper if restart is None else restart):
                counters[deeper] = None
        # Word shows a never-used higher level (e.g. the "1" of "1.1") at its start value.
        return [starts[i] if value is None else value for i, value in enumerate(counters)]

    @staticmethod
    def _render(level: Level, levels: dict[int, Level], values: list[int]) -> str:
        """Fill %1..%9 of w:lvlText with each referenced level's value in that level's own format."""
        def substitute(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            if index not in levels:
                return ""
            fmt = levels[index].num_fmt
            if level.is_legal and fmt not in ("bullet", "none"):
                fmt = "decimal"
            return format_number(values[index], fmt)

        text = _PLACEHOLDER.sub(substitute, level.lvl_text)
        return text + _separator(text, level.suffix)


def _separator(number_text: str, suffix: str) -> str:
    """What stands between number and text. Nothing after self-delimiting numbers ("一、", "1.", "（二）",
    "①") or when w:suff is "nothing"; one space for Word's tab or space after a bare digit, letter or
    ideograph, so "第一章 总则" and "1 推动" do not run together."""
    if not number_text or suffix == "nothing":
        return ""
    category = unicodedata.category(number_text[-1])
    return " " if category.startswith("L") or category == "Nd" else ""
