"""Quantitative targets and deadlines of a task, found with spaCy Matcher patterns over jieba tokens and
normalised to (kind, metric, operator, value, unit)."""
from __future__ import annotations

import bisect
import itertools
import re
from functools import lru_cache

from .markers import chinese_to_int
from .model import Target
from .nlp import chinese_doc, chinese_vocab, dictionary_version

_NUM = r"^(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百]+)$"
METRIC_LENGTH = 20  # enough for 人大代表建议和政协委员提案办复率
_OPS_BEFORE = {"不少于": ">=", "不低于": ">=", "至少": ">=", "达到": ">=", "达": ">=", "超过": ">", "高于": ">",
               "不超过": "<=", "不高于": "<=", "不多于": "<=", "低于": "<", "控制在": "<=", "保持": ">=",
               "保持在": ">=", "提高到": ">=", "提高至": ">=", "提升到": ">=", "提升至": ">="}
_OPS_AFTER = {"以上": ">=", "以下": "<=", "以内": "<="}
_COUNT_UNITS = ("次", "场", "期", "轮", "批", "项", "个", "家", "件", "名", "人次", "场次", "篇", "天", "期次", "堂",
                "课时", "学时")
# Times a year each period word means: the larger, the more often.
FREQUENCY_RANK = {"每周": 52, "每旬": 36, "每月": 12, "每季度": 4, "每季": 4, "每半年": 2, "每年": 1, "每年度": 1,
                  "每两年": 0.5, "每三年": 1 / 3}
COVERAGE_WORDS = ("全覆盖", "全部覆盖", "全面覆盖", "全域覆盖")


_OP_BEFORE = {"TEXT": {"IN": list(_OPS_BEFORE)}, "OP": "?"}
_OP_AFTER = {"TEXT": {"IN": list(_OPS_AFTER)}, "OP": "?"}
_NUMBER = {"TEXT": {"REGEX": _NUM}}
_DEADLINE_YEAR = ({"TEXT": {"REGEX": r"^(?:20\d\d|明年|次年|今年)$"}, "OP": "?"}, {"TEXT": "年", "OP": "?"})
# The spaCy Matcher patterns of each kind of target, over jieba tokens.
TARGET_PATTERNS: dict[str, list[list[dict]]] = {
    "percent": [
        [_OP_BEFORE, _NUMBER, {"TEXT": {"IN": ["%", "%"]}}, _OP_AFTER],
        [_OP_BEFORE, {"TEXT": {"REGEX": r"^\d+(?:\.\d+)?[%%]$"}}, _OP_AFTER],  # jieba keeps `100%` whole
    ],
    "count": [
        [_OP_BEFORE, _NUMBER, {"TEXT": {"IN": list(_COUNT_UNITS)}}, _OP_AFTER],
        [_OP_BEFORE, {"TEXT": {"REGEX": r"^(?:\d+|[一二两三四五六七八九十]+)(?:次|场|期|轮|批)$"}}, _OP_AFTER],
    ],
    "coverage": [[{"TEXT": {"IN": list(COVERAGE_WORDS)}}]],
    "frequency": [[{"TEXT": {"IN": list(FREQUENCY_RANK)}}]],
    "deadline": [
        [*_DEADLINE_YEAR, {"TEXT": {"REGEX": r"^\d{1,2}$"}}, {"TEXT": {"IN": ["月底前", "月底", "月末", "月前"]}},
         {"TEXT": "前", "OP": "?"}],
        [*_DEADLINE_YEAR, {"TEXT": {"REGEX": r"^\d{1,2}$"}}, {"TEXT": "月"}, {"TEXT": {"IN": ["底", "底前", "末", "前"]}},
         {"TEXT": "前", "OP": "?"}],
        [*_DEADLINE_YEAR, {"TEXT": {"IN": ["年底前", "年底", "年内", "上半年", "下半年", "年末"]}}, {"TEXT": "前", "OP": "?"}],
    ],
}


@lru_cache(maxsize=1)
def _matcher():
    from spacy.matcher import Matcher

    matcher = Matcher(chinese_vocab())
    for label, patterns in TARGET_PATTERNS.items():
        matcher.add(label, patterns)
    return matcher


_DIGITS_RE = re.compile(r"\d+(?:\.\d+)?")
_NUMERAL_RE = re.compile(r"[一二两三四五六七八九十百]+")


def _number(text: str) -> float | None:
    found = _DIGITS_RE.search(text)
    if found:
        return float(found.group(0))
    numeral = _NUMERAL_RE.search(text)
    return float(chinese_to_int(numeral.group(0))) if numeral and chinese_to_int(numeral.group(0)) else None


def _operator(span_text: str, lead_in: str = "") -> str:
    """The comparison a target states, from its own words or the few characters before it (`至少组织1次`)."""
    for word, op in _OPS.items():
        if word in span_text:
            return op
    for word in ("不少于", "不低于", "至少", "达到"):
        if word in lead_in:
            return ">="
    return "="


_OPS = {**_OPS_BEFORE, **_OPS_AFTER}
_OPS_BEFORE_LONGEST_FIRST = sorted(_OPS_BEFORE, key=len, reverse=True)
# Where the object of a quantity ends: a clause mark, an operator word or another number.
_NEXT_QUANTITY = re.compile("[,,;;。:、\\d]|" + "|".join(_OPS_BEFORE_LONGEST_FIRST))
_METRIC_MARKS = ",,;;。:、"  # where the clause a number measures begins
# The end of a text after its last metric mark: where it starts is where the measured clause begins (one scan,
# not one search from the end per mark).
_AFTER_METRIC_MARKS_RE = re.compile(f"[^{re.escape(_METRIC_MARKS)}]*$")
_METRIC_LEAD_OUT_RE = re.compile(r"(?:确保|均|要|全年|年内|力争|并|分别|组织|开展|实现|累计)$")
_OBJECT_LEAD_IN_RE = re.compile(r"^(?:组织|开展|召开|举办|进行|安排)?(?:[\d一二两三四五六七八九十]+[次期场轮])?")
_CLAUSE_MARK_RE = re.compile(r"[,,;;。]")
_YEAR_RE = re.compile(r"(20\d\d)")
_MONTH_RE = re.compile(r"(\d{1,2})\s*月")
_COUNT_UNITS_LONGEST_FIRST = sorted(_COUNT_UNITS, key=len, reverse=True)


def _metric(sentence: str, start: int) -> str:
    """The words a number measures: the clause before it, minus operator words (`集体讨论率达到` -> 集体讨论率)."""
    clause = sentence[_AFTER_METRIC_MARKS_RE.search(sentence, 0, start).start():start]
    for word in _OPS_BEFORE_LONGEST_FIRST:
        clause = clause.replace(word, "")
    clause = _METRIC_LEAD_OUT_RE.sub("", clause)
    return clause[-METRIC_LENGTH:]


def _object_after(sentence: str, end: int) -> str:
    """What a quantity counts when its object follows it (`组织2次以上法治专题讲座`, `每季度组织一次案卷评查`):
    the words up to the clause end, the next operator word or the next number."""
    rest = _OBJECT_LEAD_IN_RE.sub("", sentence[end:])
    return _NEXT_QUANTITY.split(rest, maxsplit=1)[0][:METRIC_LENGTH]


def _deadline_value(text: str, plan_year: int | None) -> tuple[float | None, bool]:
    """Months since year 0 (absolute) or within the plan year (relative) for a deadline phrase."""
    year_match = _YEAR_RE.search(text)
    year: int | None = int(year_match.group(1)) if year_match else None
    if "明年" in text or "次年" in text:
        year = plan_year + 1 if plan_year else None
        if year is None:
            return None, False
    month_match = _MONTH_RE.search(text)
    if month_match:
        month = int(month_match.group(1))
    elif "上半年" in text:
        month = 6
    else:
        month = 12
    if year is None:
        return (plan_year * 12 + month, False) if plan_year else (month, True)
    return year * 12 + month, False


def extract_targets(texts: list[str], plan_year: int | None) -> list[tuple[Target, ...]]:
    """Targets of each text, in bulk. Only the clauses that can hold a target are read (see below), each
    clause once."""
    clauses = [[clause for _, clause in _clauses(text)] for text in texts]
    read = _targets_of_clauses([clause for found in clauses for clause in found], dictionary_version())
    return [tuple(_in_plan_year(target, plan_year) for clause in found for target in read[clause])
            for found in clauses]


# No pattern token is a comma, semicolon or full stop, and jieba never joins words across one, so a text
# is matched clause by clause with the same result as in one piece. A clause can hold a target only if it
# has a number before a unit, % or 月, a coverage word, 每 (frequencies) or a year-end phrase: most
# clauses of a plan have none and are never tokenised. (tests/test_target_clauses.py generates matches of
# every pattern in TARGET_PATTERNS and checks that this screen keeps each.)
_CLAUSE_MARK = re.compile(r"[,,;;。]")  # a clause ends after each
# The screen is `[\d一…百]\s*[%%月…学]|覆盖|每|年底|年内|半年|年末` with the alternatives' first characters taken
# out in front as one set, each alternative then checking its own with a look-behind: re skips ahead to the
# characters of a leading set, where it tries an alternation that opens with a set at every position. (No two
# alternatives open with the same character, so each match is the same; tests/test_reading_screens.py.)
_MAY_HOLD_TARGET = re.compile(
    r"[\d一二两三四五六七八九十百覆每年半](?:(?<=[\d一二两三四五六七八九十百])\s*[%%月次场期轮批项个家件名人篇天堂课学]"
    r"|(?<=覆)盖|(?<=每)|(?<=年)[底内末]|(?<=半)年)"
)


def _clauses(text: str) -> list[tuple[int, str]]:
    """(offset, clause) for each clause of `text` that may hold a target.

    Two scans of the whole text, for the screen's matches and for the clause marks: none of the screen's
    matches holds a clause mark, so each lies inside one clause, the one between the marks around its start
    (found by bisection), and the clauses holding a match's start are those a search clause by clause would
    keep. (Splitting the text at every mark first made a clause of every one, most of them kept by none.)
    """
    hits = [match.start() for match in _MAY_HOLD_TARGET.finditer(text)]
    if not hits:
        return []
    ends = [match.end() for match in _CLAUSE_MARK.finditer(text)]
    out = []
    last = -1
    for hit in hits:
        k = bisect.bisect_right(ends, hit)  # the clause after the k-th mark holds the hit
        if k != last:
            last = k
            start = ends[k - 1] if k else 0
            out.append((start, text[start:ends[k] if k < len(ends) else len(text)]))
    return out


# The targets of the clauses seen, by (clause, dictionary version), read without a plan year (see
# _in_plan_year): a draft repeats most of last year's clauses. A target is read from its clause alone: the
# words it measures and counts, its operator's lead-in and what follows it all stop at a clause end.
_CLAUSE_TARGETS: dict[tuple[str, int], tuple[Target, ...]] = {}
_CLAUSE_TARGETS_SIZE = 65536
# Clauses not yet matched are segmented and matched as one text, joined by a full stop: like a clause end,
# jieba never joins words across it and no pattern token is one, so each clause's matches are the same as
# alone, and one Doc for a whole plan costs less than one per clause.
_CLAUSE_JOINT = "。"


def _targets_of_clauses(clauses: list[str], dictionary_version: int) -> dict[str, tuple[Target, ...]]:
    """The targets of each clause, read without a plan year."""
    found = {clause: _CLAUSE_TARGETS.get((clause, dictionary_version)) for clause in clauses}
    missing = [clause for clause, targets in found.items() if targets is None]
    if missing:
        if len(_CLAUSE_TARGETS) + len(missing) > _CLAUSE_TARGETS_SIZE:
            _CLAUSE_TARGETS.clear()
        for clause, matches in zip(missing, _match_joined(missing)):
            found[clause] = _CLAUSE_TARGETS[clause, dictionary_version] = _clause_targets(clause, matches)
    return found  # (from the dict in hand, not read back from the cache another thread may have cleared)


def _clause_targets(clause: str, matches: tuple[tuple[str, int, int], ...]) -> tuple[Target, ...]:
    """A clause's targets from its matches, longest first at each start; a match inside one taken is skipped."""
    targets = []
    covered_until = -1
    for label, start, end in matches:
        if start < covered_until:
            continue
        covered_until = end
        targets.append(_normalise(label, clause[start:end], clause, start, None))
    return tuple(targets)


def _in_plan_year(target: Target, plan_year: int | None) -> Target:
    """A target read without a plan year, in the plan's year: only a deadline's value depends on it."""
    return _deadline_target(target.text, target.metric, plan_year) if target.kind == "deadline" else target


def _match_joined(clauses: list[str]) -> list[tuple[tuple[str, int, int], ...]]:
    """The matches of each clause, found in one Doc of the clauses joined by _CLAUSE_JOINT."""
    starts = list(itertools.accumulate((len(clause) + len(_CLAUSE_JOINT) for clause in clauses), initial=0))
    doc = chinese_doc(_CLAUSE_JOINT.join(clauses))
    found: list[list[tuple[str, int, int]]] = [[] for _ in clauses]
    for match in _target_matches(doc):
        found[bisect.bisect_right(starts, match[1]) - 1].append(match)
    # (Longest first at each start: of two matches starting together, the one of more words ends later.)
    return [tuple((label, start_char - start, end_char - start)
                  for label, start_char, end_char in sorted(matches, key=lambda m: (m[1], -m[2])))
            for start, matches in zip(starts, found)]


# The Matcher tries every pattern at every word, and most words of a clause can be in no target. Every word
# of a match satisfies one token of its pattern, so a match lies inside a run of such "pattern words", and its
# words alone decide it: each run is matched on its own (the runs not seen before in one Doc, joined by a word
# no pattern token accepts), and its matches are kept by its words. Whether a word is a pattern word is asked
# of spaCy itself (a Matcher of each pattern token alone), once per word. Both are kept across plans: the
# words of plans, and the few ways they state a target (`不少于`, `4`, `次`), recur where their texts do not.
_PATTERN_WORDS: dict[int, bool] = {}  # by the word's hash in the vocabulary's strings
_PATTERN_WORDS_SIZE = 1 << 18
# (match id, start, end) of the matches in a run of pattern words, by the run's word hashes.
_RUN_MATCHES: dict[tuple[int, ...], tuple[tuple[int, int, int], ...]] = {}
_RUN_MATCHES_SIZE = 1 << 16


@lru_cache(maxsize=1)
def _word_matcher():
    """A Matcher of single words: each distinct token of TARGET_PATTERNS alone, without its operator."""
    from spacy.matcher import Matcher

    tokens: list[dict] = []
    for patterns in TARGET_PATTERNS.values():
        for pattern in patterns:
            for token in pattern:
                spec = {key: value for key, value in token.items() if key != "OP"}
                if spec not in tokens:
                    tokens.append(spec)
    matcher = Matcher(chinese_vocab())
    matcher.add("pattern_word", [[spec] for spec in tokens])
    return matcher


def _pattern_words(doc, orths: list[int]) -> list[bool]:
    """For each word of doc (given by its hash), whether some token of TARGET_PATTERNS accepts it."""
    from spacy.tokens import Doc

    known = dict(zip(orths, map(_PATTERN_WORDS.get, orths)))  # (looked up by map, not word by word in Python)
    unseen = [orth for orth, used in known.items() if used is None]
    if unseen:
        strings = doc.vocab.strings
        probe = Doc(doc.vocab, words=[strings[orth] for orth in unseen])
        accepted = {start for _, start, _ in _word_matcher()(probe)}
        found = {orth: k in accepted for k, orth in enumerate(unseen)}
        if len(_PATTERN_WORDS) + len(found) > _PATTERN_WORDS_SIZE:
            _PATTERN_WORDS.clear()
        _PATTERN_WORDS.update(found)
        known.update(found)
    return list(map(known.__getitem__, orths))


_RUN_RE = re.compile(b"\x01+")  # a run of pattern words in the words' flags, one byte each


def _pattern_word_runs(doc) -> tuple[list[int], list[tuple[int, int]]]:
    """The word hashes of doc and its runs of pattern words, as (first word, end) index pairs: the runs of 1s
    in the words' flags as bytes, found by one regex scan instead of a Python loop over the words."""
    from spacy.attrs import ORTH

    orths = doc.to_array(ORTH).tolist()
    flags = bytes(_pattern_words(doc, orths))  # (True and False are the bytes 1 and 0)
    return orths, [match.span() for match in _RUN_RE.finditer(flags)]


def _match_runs(vocab, runs: list[tuple[int, ...]]) -> list[tuple[tuple[int, int, int], ...]]:
    """The matches of each run of pattern words (given by its word hashes), as (match id, start, end) within it,
    found in one Doc of the runs joined by _CLAUSE_JOINT."""
    from spacy.tokens import Doc

    words: list[str] = []
    starts = []
    for run in runs:
        if words:
            words.append(_CLAUSE_JOINT)
        starts.append(len(words))
        words.extend(vocab.strings[orth] for orth in run)
    found: list[list[tuple[int, int, int]]] = [[] for _ in runs]
    for match_id, start, end in _matcher()(Doc(vocab, words=words, spaces=[False] * len(words))):
        k = bisect.bisect_right(starts, start) - 1
        found[k].append((match_id, start - starts[k], end - starts[k]))
    return [tuple(matches) for matches in found]


def _target_matches(doc) -> list[tuple[str, int, int]]:
    """(label, start_char, end_char) of every match of the target patterns in doc, run by run of pattern words
    (see above), in the Matcher's order within each run."""
    orths, runs = _pattern_word_runs(doc)
    keys = [tuple(orths[start:end]) for start, end in runs]
    known = {key: _RUN_MATCHES.get(key) for key in keys}
    unseen = [key for key, matches in known.items() if matches is None]
    if unseen:
        found = dict(zip(unseen, _match_runs(doc.vocab, unseen)))
        if len(_RUN_MATCHES) + len(found) > _RUN_MATCHES_SIZE:
            _RUN_MATCHES.clear()
        _RUN_MATCHES.update(found)
        known.update(found)
    strings = doc.vocab.strings
    matches = []
    for (run_start, _), key in zip(runs, keys):
        for match_id, start, end in known[key]:
            # (A match's characters from its first and last words: a Span built per match costs four times more.)
            last = doc[run_start + end - 1]
            matches.append((strings[match_id], doc[run_start + start].idx, last.idx + len(last)))
    return matches


def _normalise(kind: str, text: str, sentence: str, start: int, plan_year: int | None) -> Target:
    if kind == "percent":
        return Target(text, kind, _metric(sentence, start), _operator(text, _lead_in(sentence, start)), _number(text),
                      "%")
    if kind == "count":
        bare = text.rstrip("以上下内")
        unit = next((u for u in _COUNT_UNITS_LONGEST_FIRST if bare.endswith(u)), "次")
        counted = _object_after(sentence, start + len(text))
        counted = counted if len(counted) >= 2 else _metric(sentence, start) or _following(sentence, start, text)
        return Target(text, kind, counted, _operator(text, _lead_in(sentence, start)), _number(text), unit)
    if kind == "coverage":
        return Target(text, kind, _metric(sentence, start), "=", 100.0, "覆盖")
    if kind == "frequency":
        activity = (_object_after(sentence, start + len(text)) or _following(sentence, start, text)
                    or _metric(sentence, start))
        return Target(text, kind, activity, ">=", FREQUENCY_RANK.get(text), "次/年")
    return _deadline_target(text, _metric(sentence, start), plan_year)


def _following(sentence: str, start: int, text: str) -> str:
    """The words after a target, to its clause's end (at most 16 characters): what a count or frequency may
    count when nothing else names it."""
    return _CLAUSE_MARK_RE.split(sentence[start + len(text):], maxsplit=1)[0][:16]


def _lead_in(sentence: str, start: int) -> str:
    """The words just before a target in its clause (at most 8 characters), where its operator may stand."""
    return _CLAUSE_MARK_RE.split(sentence[max(0, start - 8):start])[-1]


def _deadline_target(text: str, metric: str, plan_year: int | None) -> Target:
    value, relative = _deadline_value(text, plan_year)
    return Target(text, "deadline", metric, "<=", value, "月", year_relative=relative)
