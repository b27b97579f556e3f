"""Unit blocks: find the labels (牵头单位, 责任单位, 配合单位 …), split unit lists, assign lead/responsible roles."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from retrie.trie import Trie

LEAD_LABELS = ("牵头责任单位", "牵头责任部门", "主要责任单位", "牵头单位", "牵头部门", "牵头科室", "主办单位",
               "主责单位", "主责部门", "牵头", "主办")
HELPER_LABELS = ("协同责任单位", "配合责任单位", "其他责任单位", "协同单位", "配合单位", "配合部门", "协办单位",
                 "协办部门", "参与单位", "参与部门", "协助单位", "配合", "协助", "协办")
AMBIGUOUS_LABELS = ("责任单位", "责任部门", "责任科室", "责任主体", "负责单位", "实施单位", "承办单位", "")
PERSON_LABELS = ("牵头负责领导", "牵头领导", "责任领导", "分管领导", "负责领导", "牵头县领导", "责任人")
# Units that oversee a task (督办单位: the government's inspection office) neither lead it nor carry it out.
OVERSIGHT_LABELS = ("督办单位", "督查单位", "督导单位", "督办部门")
DEADLINE_LABELS = ("完成时限", "完成时间", "时间节点", "时间安排", "完成期限", "时限要求", "时限")
DIVISION_LABELS = ("责任分工", "任务分工")
_NOT_UNIT_LABELS = frozenset({*PERSON_LABELS, *OVERSIGHT_LABELS, *DEADLINE_LABELS})
# The same label lists as sets, for the membership tests run on every field of every task.
_LEAD_LABEL_SET = frozenset(LEAD_LABELS)
_HELPER_LABEL_SET = frozenset(HELPER_LABELS)
_AMBIGUOUS_LABEL_SET = frozenset(AMBIGUOUS_LABELS)
_DEADLINE_LABEL_SET = frozenset(DEADLINE_LABELS)
_NO_ROLE_LABEL_SET = frozenset({*PERSON_LABELS, *OVERSIGHT_LABELS})

_ALL_LABELS = sorted(
    {*LEAD_LABELS, *HELPER_LABELS, *AMBIGUOUS_LABELS, *PERSON_LABELS, *OVERSIGHT_LABELS, *DEADLINE_LABELS,
     *DIVISION_LABELS} - {""},
    key=len, reverse=True)
# Role words that are labels only when bracketed (see LABEL_RE), never bare.
_ROLE_WORD_LABELS = ("牵头", "配合", "协助", "协办", "主办")
# The label words as a trie (`牵头(?:单位|部门|…)?`): the same matches as the words one by one, longest first,
# but tried character by character, not word by word at every `实`, `责` or `任` of the text.
_LABEL_WORDS = Trie(*(label for label in _ALL_LABELS if label not in _ROLE_WORD_LABELS)).pattern()


def _branches(group: str) -> str:
    """A `(?:a|b…)` pattern as the bare alternation `a|b…`: the same matches, tried in the same order, but
    `re` scans ahead for the characters that can open a match only when the branches themselves open with a
    literal; it does not look inside a group for them (three times faster over a task's text). The label
    words hold no brackets, so the trie's parentheses are all groups."""
    depth = 0
    for char in group[:-1]:
        depth += (char == "(") - (char == ")")
        if depth == 0:
            return group  # not one group around the whole pattern
    return group[3:-1] if group.startswith("(?:") else group


_LABEL_BRANCHES = _branches(_LABEL_WORDS)
_ROLE_WORD_BRANCHES = "|".join(rf"{word}(?=[】\]〕])" for word in _ROLE_WORD_LABELS)
# A label word followed by a colon (full- or half-width), or set in brackets (`【牵头单位】县司法局`; the opening
# bracket stays outside the match, so the pattern starts with a label word and is scanned for quickly).
# `牵头` and `配合` alone are words of prose, and labels only when bracketed (`【牵头】县司法局 【配合】各部门`).
LABEL_RE = re.compile(rf"({_LABEL_BRANCHES}|{_ROLE_WORD_BRANCHES})(?:\s*[::]|[】\]〕]\s*[::]?)")
# A label word with no colon after it (`牵头单位县司法局`, once extraction dropped the space), and one opening a line.
_BARE_LABEL_RE = re.compile(f"({_LABEL_BRANCHES})")
BARE_LABEL_LINE_RE = re.compile(f"(?m)^[【\\[〔]?({_LABEL_WORDS})")

UNIT_SUFFIXES = ("局", "机关", "办", "委", "部", "院", "会", "中心", "政府", "办公室", "处", "所", "队", "站", "厅", "室",
                 "组", "公司", "银行", "法院", "检察院", "协会", "联合会", "团委", "妇联", "工会", "部门", "单位",
                 "街道", "乡镇", "各镇", "办事处", "机构", "科", "股", "馆", "社", "台", "集团", "分局", "支队",
                 "大队", "委员会", "党组", "总队", "党委")
# What a plan says a unit does, written after its name: `按职责分工分别负责`, `按照职责抓好落实`, `等单位配合`.
# One word of it at a time from the end (a repeated group anchored at the end is quadratic to search for).
_ROLE_TAIL_WORD_RE = re.compile(
    r"(?:按照?(?:各自)?(?:职责|职能)(?:分工)?|分工|分别|共同|具体|牵头|负责|配合|协助|参与|协同|落实|实施|推进|"
    r"做好(?:相关)?工作|抓好|等(?:有关|相关)?(?:单位|部门)|等)$")
_MAX_ROLE_TAIL_WORDS = 6
# The last characters of the role tail words: a name ending otherwise has no tail, and is not searched.
_ROLE_TAIL_LAST_CHARS = frozenset("责能工别同体头合助与实施进作好位门等\n")  # (`$` also matches before a final \n)
_ADMIN_LEVEL = set("省市县区乡镇村州盟旗")
# `列第一位的为牵头单位`: a plan-wide note that the first unit named in each list leads.
FIRST_LISTED_LEADS_RE = re.compile(r"(?:列|排|居)(?:在)?(?:第一位|首位)的?(?:单位)?为牵头单位|第一个?单位为牵头单位")
_LEAD_MARK_RE = re.compile(r"[((]牵头(?:单位)?[))]$")


# Traditional forms of the characters in label words and role phrases (牽頭單位 = 牵头单位). Labels are found
# in a view translated with this table; unit names are always sliced from the text as written.
_LABEL_TRADITIONAL = str.maketrans(
    "牽頭單責協辦時間領導負參門與為節點務實關級職別個縣區鄉鎮織條規劃計設"
    "會處隊廳組機構銀團聯婦館臺總黨檢衛體資環護農業發產網廣電醫療險稅應財貿場監標準執達開審復議"
    "則圍驟據況進強動發歸範嚴營顧問決護鬥幫築紮堅號務內協項類別領域塊",
    "牵头单责协办时间领导负参门与为节点务实关级职别个县区乡镇织条规划计设"
    "会处队厅组机构银团联妇馆台总党检卫体资环护农业发产网广电医疗险税应财贸场监标准执达开审复议"
    "则围骤据况进强动发归范严营顾问决护斗帮筑扎坚号务内协项类别领域块")
# Most plans are in simplified characters: one regex scan tells whether there is anything to translate,
# which is much cheaper than `str.translate` looking up every character of the text in the table.
# (Characters the table maps to themselves, such as 域, need no translating and are left out.)
_TRADITIONAL_RE = re.compile("[" + "".join(chr(k) for k, v in _LABEL_TRADITIONAL.items() if k != v) + "]")


def label_view(text: str) -> str:
    """The text with label characters simplified, character for character (offsets stay valid)."""
    return text.translate(_LABEL_TRADITIONAL) if _TRADITIONAL_RE.search(text) else text


class UnitRoles(NamedTuple):
    """The units of one task, by role, and the label words they came from. (A named tuple: one is made for
    every task, at half the cost of a frozen dataclass, and as immutable.)"""

    lead: tuple[str, ...]
    responsible: tuple[str, ...]
    labels: tuple[str, ...]
    deadline: str | None


_CLOSING_PAREN_NOTE_RE = re.compile(r"[((][^()()]*[))]$")
_PLACEHOLDER_RE = re.compile(r"^(?:[—\-–/\\×xX*…·]+|无|暂无|空|不涉及|/无)$")
_CONJUNCTION_RE = re.compile(r"以及|[及和与]")
_SPACES_RE = re.compile(r"\s+")
_LEADING_BY_RE = re.compile(r"^(?:由|请)")
_LONE_UNIT_RE = re.compile(r"^(?P<lead>.+?)(?:负责|主责)$")
_LIST_SEPARATORS = "、,,;;/\n"
_LIST_SEPARATOR_RE = re.compile(f"[{re.escape(_LIST_SEPARATORS)}]")
_OPENING_BRACKETS = "((〔[【"
_CLOSING_BRACKETS = "))〕]】"


def looks_like_unit(text: str) -> bool:
    """Whether a name ends as a unit's name does (`局`, `办公室`, `人民政府`…), allowing a closing note."""
    text = label_view(_CLOSING_PAREN_NOTE_RE.sub("", text))
    return len(text) >= 2 and text.endswith(UNIT_SUFFIXES)


def without_role_tail(unit: str) -> str:
    """`乡镇人民政府按职责分工分别负责` -> `乡镇人民政府`: the words after a unit's name that say its role."""
    view = label_view(unit)
    end = len(view)
    for _ in range(_MAX_ROLE_TAIL_WORDS):
        if not end or view[end - 1] not in _ROLE_TAIL_LAST_CHARS:
            break
        match = _ROLE_TAIL_WORD_RE.search(view, 0, end)
        if match is None or match.start() < 2:
            break
        end = match.start()
    return unit[:end].rstrip(" ,,、")


def _split_top_level(text: str, separators: str) -> list[str]:
    """Split on separator characters that are not inside parentheses."""
    if not any(bracket in text for bracket in _OPENING_BRACKETS):
        # Every separator is at the top level (a closing bracket alone never opens a level).
        return _one_of(separators).split(text)
    # Only brackets and separators change anything: one scan finds them, the characters between are sliced.
    parts, depth, start = [], 0, 0
    for match in _one_of(_OPENING_BRACKETS + _CLOSING_BRACKETS + separators).finditer(text):
        ch = match.group()
        if ch in _OPENING_BRACKETS:
            depth += 1
        elif ch in _CLOSING_BRACKETS and depth:
            depth -= 1
        if ch in separators and depth == 0:
            parts.append(text[start:match.start()])
            start = match.end()
    parts.append(text[start:])
    return parts


@lru_cache(maxsize=8)
def _one_of(characters: str) -> re.Pattern[str]:
    """A pattern of any one of the characters, compiled once (escaping and re's own cache cost more than
    splitting a short unit list)."""
    return re.compile("[" + re.escape(characters) + "]")


def _split_conjunction(part: str) -> list[str]:
    """`县委宣传部和县司法局` -> two units; `县住房和城乡建设局` stays one (its left side is no unit)."""
    if len(part) > MAX_UNIT_PHRASE:
        return [part]
    for match in _CONJUNCTION_RE.finditer(part):
        left, right = part[: match.start()], part[match.end():]
        if looks_like_unit(left) and looks_like_unit(right) and len(left) >= 3:
            return [left, *_split_conjunction(right)]
    return [part]


# Unit phrases are short clauses; longer text is prose, and the patterns below take quadratic time on it.
MAX_UNIT_PHRASE = 1000
MAX_UNIT_NAME = 40


def split_units(text: str) -> tuple[str, ...]:
    """A unit list as printed -> unit names, without breaking `各镇人民政府(街道办事处)` or `市、县(区)政府法制机构`."""
    # The same few unit lists recur across a plan's tasks and a locality's documents: short ones are cached
    # (long ones are rare, and would make the cache's memory unbounded).
    return _split_units_cached(text) if len(text) <= MAX_UNIT_PHRASE else _split_units(text)


@lru_cache(maxsize=8192)
def _split_units_cached(text: str) -> tuple[str, ...]:
    return _split_units(text)


def _spaces_between_units(text: str) -> str:
    """A space is a list separator where the words on both sides are unit names (`县公安局 县市场监管局`),
    else an extraction artefact inside a name (`县司法 局`, `各乡镇人民政府 (街道办事处)`)."""
    words = _SPACES_RE.split(text)
    parts = [words[0]]
    last_item = _LIST_SEPARATOR_RE.split(words[0])[-1]  # the list item the next word would continue
    for word in words[1:]:
        items = _LIST_SEPARATOR_RE.split(word)
        separate = _is_short_unit(last_item) and _is_short_unit(items[0])
        parts += ["、" if separate else "", word]
        last_item = items[-1] if len(items) > 1 or separate else last_item + word
    return "".join(parts)


def _is_short_unit(text: str) -> bool:
    # A unit name is short: a longer run is prose, and testing it again for every word would be quadratic.
    return len(text) <= MAX_UNIT_NAME and looks_like_unit(text)


def _split_units(text: str) -> tuple[str, ...]:
    text = unicodedata.normalize("NFKC", text)
    text = text.strip()
    text = _spaces_between_units(text) if _SPACES_RE.search(text) else text
    text = text.strip("。.;;,,、")
    text = _LEADING_BY_RE.sub("", text)
    raw = _split_top_level(text, _LIST_SEPARATORS)
    units: dict[str, None] = {}  # ordered and de-duplicated in linear time
    pending = ""
    for part in raw:
        part = part.strip(" 。.:")
        if not part:
            continue
        if len(part) == 1 and label_view(part) in _ADMIN_LEVEL:
            pending += part + "、"  # `市、县(区)政府法制机构` is one unit
            continue
        if _PLACEHOLDER_RE.match(part):
            continue  # `—`, `无`, `/`: an empty cell of a task table
        part = pending + part
        units.update(dict.fromkeys(_part_units_cached(part) if len(part) <= MAX_UNIT_NAME else _part_units(part)))
        pending = ""
    return tuple(units)


@lru_cache(maxsize=8192)
def _part_units_cached(part: str) -> tuple[str, ...]:
    # A county's unit names recur in many lists of its plans (`县司法局` leads one task alone and another
    # with others): each short item is read once.
    return _part_units(part)


def _part_units(part: str) -> tuple[str, ...]:
    """The units of one item of a list, without the role words after them."""
    units = (without_role_tail(unit).strip()  # (`等` and `等单位` are tails too)
             for unit in _split_conjunction(without_role_tail(part)))
    return tuple(unit for unit in units if unit)


# The role words that close a helper clause: `配合`, `按职责分工负责`, `配合落实`, `共同推进`, `具体实施`.
_HELPING = (r"(?:按照?(?:各自)?(?:职责|职能)(?:分工)?|分工|分别|共同|具体|配合|协助|参与|协同)"
            r"(?:负责|配合|落实|实施|推进|做好(?:相关)?工作|抓好落实)?")
_HELPER_ROLE = rf"{_HELPING}|负责"
# The words that open a line giving the units of a whole part (`以上任务牵头单位:…`, `上述工作由…牵头`).
SHARED_UNIT_WORDS = "以上|上述|本部分|本项|该项"
_SHARED_OPENING_RE = re.compile(rf"^(?:{SHARED_UNIT_WORDS})[^,,。;;由]{{0,8}}由")
_UNLABELLED_RE = re.compile(
    rf"^(?:由)?(?P<lead>.+?)牵头(?:负责)?(?:[,,;;、]\s*(?P<help>.+?)(?:{_HELPER_ROLE}))?[。.]?$")
# A unit's name never opens with a verb of policy prose (`坚持政府负责、部门协同`).
_PROSE_OPENING_RE = re.compile(r"^(?:坚持|实行|实现|构建|形成|建立|健全|完善|推动|推进|落实|强化|加强|做到)")
# `县司法局负责,县直各部门配合`: the unit in charge, then the units that help it.
_IN_CHARGE_RE = re.compile(rf"^(?:由)?(?P<lead>.+?)(?:负责|主责)[,,;;、]\s*(?P<help>.+?)(?:{_HELPING})[。.]?$")


def _without_outer_parentheses(text: str) -> str:
    """`(县司法局牵头,各部门配合)` -> its inside; a parenthesis that belongs to a unit name stays, and so does
    a pair that does not enclose the whole text (`县司法局(牵头)`)."""
    if len(text) < 2 or text[0] not in "((" or text[-1] not in "))":
        return text
    depth = 0
    for position, ch in enumerate(text):
        depth += 1 if ch in "((" else -1 if ch in "))" else 0
        if depth == 0:
            return text[1:-1] if position == len(text) - 1 else text
    return text[1:]  # never closed: the opening belongs to the enclosing block


def parse_role_phrase(text: str) -> list[tuple[str, str]]:
    """`县司法局牵头,各部门配合`, `县司法局负责,各部门配合` or `以上工作由县司法局牵头,…` -> [('牵头', …), ('配合', …)];
    [] for anything else."""
    text = _SHARED_OPENING_RE.sub("", text)  # `以上工作由县司法局牵头,…`: units of several tasks
    view = label_view(text)
    match = _UNLABELLED_RE.match(view)
    if not match:
        # `负责` is a word of prose too (`坚持政府负责、部门协同`): the unit in charge must be named as one.
        match = _IN_CHARGE_RE.match(view)
        if (not match or _PROSE_OPENING_RE.match(match.group("lead"))
                or not all(looks_like_unit(unit) for unit in split_units(match.group("lead")))):
            return []
    fields = [("牵头", text[match.start("lead"):match.end("lead")])]
    if match.group("help"):
        fields.append(("配合", text[match.start("help"):match.end("help")]))
    return fields


def parse_unlabelled(text: str) -> list[tuple[str, str]]:
    """`县司法局牵头,各部门配合` -> [('牵头', 县司法局), ('配合', 各部门)]; [] when it is no unit phrase."""
    text = _without_outer_parentheses(_SPACES_RE.sub("", unicodedata.normalize("NFKC", text)))
    if len(text) > MAX_UNIT_PHRASE:
        return []
    fields = parse_role_phrase(text)
    if fields:
        return fields
    if _BARE_LABEL_RE.match(label_view(text)):
        return []  # `【牵头单位】` alone: a label word is never a unit name
    listed = split_units(text)
    # (A unit is named with its level or locality, `县司法局`: `(街道)` or `(乡镇)` closing a sentence is prose.)
    if listed and len(text) <= 60 and all(len(_LEAD_MARK_RE.sub("", unit)) >= 3 and
                                          looks_like_unit(_LEAD_MARK_RE.sub("", unit)) for unit in listed):
        return [("", text)]  # `(县司法局、县公安局)`: a bare unit list closing the task
    lone = _LONE_UNIT_RE.match(text)
    if lone and all(looks_like_unit(u) for u in split_units(lone.group("lead"))):
        return [("", lone.group("lead"))]
    return []


def _strip_unbalanced(text: str) -> str:
    """Drop a closing or opening parenthesis that belongs to the enclosing block, not to a unit name."""
    if not text or (text[-1] not in ")）" and text[0] not in "(（"):
        return text  # (nothing either loop below could drop: most values)
    # Counted once and moved by index: recounting and re-slicing per character is quadratic on `))))…`.
    opening = text.count("(") + text.count("（")
    closing = text.count(")") + text.count("）")
    start, end = 0, len(text)
    while end > start and text[end - 1] in ")）" and opening < closing:
        end -= 1
        closing -= 1
        while end > start and text[end - 1] in " ;;,,。.":
            end -= 1
    while end > start and text[start] in "(（" and opening > closing:
        start += 1
        opening -= 1
        while end > start and text[start].isspace():
            start += 1
    return text[start:end]


def parse_labelled(text: str) -> list[tuple[str, str]]:
    """`牵头单位:县司法局;责任单位:各部门` -> [('牵头单位', '县司法局'), ('责任单位', '各部门')]."""
    text = unicodedata.normalize("NFKC", text)
    matches = list(LABEL_RE.finditer(label_view(text)))
    if not matches:
        return _parse_colonless(text)
    fields = []
    for match, following in zip(matches, [*matches[1:], None]):
        value = text[match.end(): following.start() if following else len(text)]
        value = _strip_unbalanced(value.strip().strip("〔〕[]【】").strip(" ;;,,。."))
        label = match.group(1)
        if label in DIVISION_LABELS:
            fields.extend(parse_unlabelled(value) or [("", value)])
        elif label in AMBIGUOUS_LABELS and len(value) <= MAX_UNIT_PHRASE:
            # Roles written inside one label: `责任单位:县司法局牵头,县直各部门配合`, `X负责落实,Y配合落实`,
            # `X,Y按职责分工分别负责`.
            fields.extend(_roles_inside(label, value))
        else:
            fields.append((label, value))
    return fields


# A clause that names helpers by what they do (`Y按职责分工负责`, `Y配合落实`, `Y协助`), closing a unit list.
_HELPER_CLAUSE_END_RE = re.compile(
    r"(?:(?:配合|协助|参与|协同)(?:落实|实施|推进|做好(?:相关)?工作)?"
    r"|按照?(?:各自)?(?:职责|职能)(?:分工)?(?:分别|共同)?(?:负责|落实|配合)(?:落实)?)$")
_CLAUSE_SEPARATOR_RE = re.compile(r"[,,;;]")


def _roles_inside(label: str, value: str) -> list[tuple[str, str]]:
    """One label's value split by the roles it writes out; [(label, value)] when it writes none."""
    view = label_view(value)
    if "牵头" in view:
        return parse_role_phrase(_SPACES_RE.sub("", value)) or [(label, value)]
    separators = list(_CLAUSE_SEPARATOR_RE.finditer(view))
    if separators and _HELPER_CLAUSE_END_RE.search(view.rstrip(" 。.")):
        cut = separators[-1]
        leads, helpers = value[: cut.start()].strip(), value[cut.end():].strip(" 。.")
        if leads and helpers:
            return [(label, leads), ("配合", helpers)]
    return [(label, value)]


def _parse_colonless(text: str) -> list[tuple[str, str]]:
    """`牵头单位县司法局责任单位各乡镇` (labels without colons, the spaces lost in extraction): accepted only when
    the text opens with a label and every unit value reads as a unit list, so prose such as
    `责任单位要切实履行职责` is no unit block."""
    view = label_view(text)
    opening = len(text) - len(text.lstrip(" 〔[【"))
    if not _BARE_LABEL_RE.match(view, opening):
        return []
    matches = list(_BARE_LABEL_RE.finditer(view, opening))
    fields = []
    for match, following in zip(matches, [*matches[1:], None]):
        value = text[match.end(): following.start() if following else len(text)]
        value = _strip_unbalanced(value.strip().strip("〔〕[]【】").strip(" ;;,,。."))
        label = match.group(1)
        if not value:
            return []  # a header row of label words (`牵头单位` / `责任单位` / `完成时限`)
        if label not in _NOT_UNIT_LABELS and not all(looks_like_unit(unit) for unit in split_units(value)):
            return []
        fields.append((label, value))
    return fields if names_a_unit(fields) else []


def names_a_unit(fields: tuple[tuple[str, str], ...] | list[tuple[str, str]]) -> bool:
    """Whether unit fields name a unit that leads or carries out the task (not only a deadline or a person)."""
    for label, _ in fields:  # (a loop: any() over a generator costs twice as much for the one or two fields)
        if label not in _NOT_UNIT_LABELS:
            return True
    return False


# A unit clause in running text: `县司法局牵头`, `由县政府办公室负责`, `此项工作由县司法局牵头`, then perhaps
# `县直各部门配合`. Units are told from prose only by what they are called (see _clause_fields).
# Anchored at the start (a search from every position of a long text would be slow), every repetition bounded.
_CLAUSE_LEAD = (r"(?:[^,,。;;由\s]{0,12}由)?(?P<lead>[^,,。;;、\s]{2,40}?(?:、[^,,。;;、\s]{2,40}?){0,8})"
                r"(?P<verb>牵头负责|牵头|负责|主责)")
_CLAUSE_HELP = rf"(?P<help>[^,,。;;\s]{{2,80}}?)(?:{_HELPER_ROLE})"
_LEADING_UNITS_RE = re.compile(rf"\A{_CLAUSE_LEAD}[,,、](?:{_CLAUSE_HELP}[,,])?")
_UNIT_SENTENCE_RE = re.compile(rf"\A{_CLAUSE_LEAD}(?:[,,、]{_CLAUSE_HELP})?[。.;;]?\Z")


def _is_named_body(unit: str) -> bool:
    """A unit named with its level (`县司法局`, `各乡镇`, `团县委`): in running text a bare suffix is not enough,
    `政府负责` or `坚持政府负责` being prose."""
    return len(unit) >= 3 and looks_like_unit(unit) and any(ch in _ADMIN_LEVEL or ch == "各"
                                                              for ch in label_view(unit[:3]))


def _clause_fields(match: re.Match[str], text: str) -> list[tuple[str, str]]:
    """The fields of a matched unit clause; [] unless every unit it names reads as a unit."""
    lead = text[match.start("lead"):match.end("lead")]
    units = split_units(lead)
    if not units or not all(_is_named_body(unit) for unit in units):
        return []
    fields = [("牵头" if match.group("verb").startswith("牵头") else "", lead)]
    if match.group("help"):
        helpers = text[match.start("help"):match.end("help")]
        if all(_is_named_body(unit) for unit in split_units(helpers)):
            fields.append(("配合", helpers))
    return fields


def parse_leading_units(text: str) -> tuple[int, list[tuple[str, str]]] | None:
    """`县司法局牵头,各部门配合,全面推行……` or `由县政府办公室负责,……`: the unit clause opening a task,
    as (its end, fields); None unless every unit it names reads as a unit."""
    opening = len(text) - len(text.lstrip())
    head = text[opening:opening + 200]
    match = _LEADING_UNITS_RE.match(label_view(head))
    fields = _clause_fields(match, head) if match else []
    return (opening + match.end(), fields) if fields else None


def parse_unit_sentence(sentence: str) -> list[tuple[str, str]]:
    """`由县司法局牵头,县直各部门配合。` or `县司法局负责。`, a whole sentence naming the task's units;
    [] for any other sentence."""
    if len(sentence) > 160 or ("牵头" not in sentence and "负责" not in sentence):
        return []
    match = _UNIT_SENTENCE_RE.match(label_view(sentence))
    return _clause_fields(match, sentence) if match else []


def assign_roles(fields: tuple[tuple[str, str], ...], ambiguous_is_lead: bool,
                 first_listed_leads: bool = False) -> UnitRoles:
    """Map label -> role. 责任单位 is the lead unless the task (or, failing that, the plan) names a 牵头 label;
    a unit marked `(牵头)`, or the first one listed where the plan says so, leads the others."""
    labels = tuple(label for label, _ in fields)
    has_lead = not _LEAD_LABEL_SET.isdisjoint(labels)
    has_helper = not _HELPER_LABEL_SET.isdisjoint(labels)
    if has_lead:
        ambiguous_role = "responsible"
    elif has_helper:
        ambiguous_role = "lead"
    else:
        ambiguous_role = "lead" if ambiguous_is_lead else "responsible"
    # Ordered sets (dicts): a unit named twice keeps its first place, found in linear time.
    lead: dict[str, None] = {}
    responsible: dict[str, None] = {}
    deadline = None
    for label, value in fields:
        if label in _NO_ROLE_LABEL_SET:
            continue
        if label in _DEADLINE_LABEL_SET:
            deadline = value or deadline
            continue
        units = split_units(value)
        if label in _LEAD_LABEL_SET:
            lead.update(dict.fromkeys(units))
            continue
        if label in _HELPER_LABEL_SET:
            responsible.update(dict.fromkeys(units))
            continue
        if not has_lead and any(_LEAD_MARK_RE.search(unit) for unit in units):
            targets = [lead if _LEAD_MARK_RE.search(unit) else responsible for unit in units]
            units = tuple(_LEAD_MARK_RE.sub("", unit) for unit in units)
        elif not has_lead and not has_helper and first_listed_leads and units:
            targets = [lead] + [responsible] * (len(units) - 1)
        else:
            targets = [lead if ambiguous_role == "lead" else responsible] * len(units)
        for unit, target in zip(units, targets):
            target.setdefault(unit)
    return UnitRoles(tuple(lead), tuple(responsible), labels, deadline)


def ambiguous_label_means_lead(all_fields: list[tuple[tuple[str, str], ...]]) -> bool:
    """The plan's convention for a lone 责任单位: lead, unless the plan pairs 牵头 labels with 责任 labels."""
    paired_with_lead = paired_with_helper = 0
    for fields in all_fields:
        labels = {label for label, _ in fields}
        has_ambiguous = not _AMBIGUOUS_LABEL_SET.isdisjoint(labels)
        if has_ambiguous and not _LEAD_LABEL_SET.isdisjoint(labels):
            paired_with_lead += 1
        if has_ambiguous and not _HELPER_LABEL_SET.isdisjoint(labels):
            paired_with_helper += 1
    return paired_with_lead <= paired_with_helper
