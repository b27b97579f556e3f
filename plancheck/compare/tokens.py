"""Chinese text normalisation and word segmentation for comparing tasks.

jieba is imported and primed on first use only (never at import time), once per process, with the domain
terms that keep 行政复议 or 证照分离 whole (`plans.nlp.dictionary_cut`). Numbers with their unit (`95%`, `2024年`, `3次`)
and domain phrases that contain punctuation (`双随机、一公开`) are cut out before jieba sees the text,
so each is one token: a redline then shows `95%` -> `98%`, not `9` `5` -> `9` `8`.
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import NamedTuple

from ..plans.nlp import dictionary_cut

# Domain phrases that contain punctuation: jieba never sees them whole, so they are cut out first.
PROTECTED_PHRASES: tuple[str, ...] = ("双随机、一公开", "互联网+政务服务", "互联网+监管")

# Generic policy vocabulary: says nothing about which commitment a task is.
STOP_TERMS: frozenset[str] = frozenset((
    "推进", "加强", "完善", "健全", "深化", "落实", "推动", "提升", "提高", "强化", "加快", "持续", "全面", "深入", "进一步", "积极",
    "切实", "扎实", "不断", "着力", "严格", "规范", "建立", "建立健全", "开展", "组织", "实施", "实行", "坚持", "发挥", "做好", "抓好",
    "依法", "依规", "依法依规", "有效", "及时", "认真", "工作", "机制", "制度", "体系", "建设", "水平", "能力", "质量", "作用", "要求",
    "情况", "问题", "措施", "任务", "活动", "重点", "重要", "有关", "相关", "各项", "法治政府建设", "法治政府", "法治", "法治建设", "政府",
    "部门", "单位", "各部门", "全县", "全区", "全市", "县级", "区级", "我县", "我区", "负责", "配合", "牵头", "责任", "确保", "实现",
    "形成", "构建", "加大", "力度", "程序", "内容", "方面", "领域", "主要", "一批", "一个", "以上", "以下", "年度", "全年", "年内",
    "年底", "年初", "每年", "达到", "不少于", "不低于", "不超过", "年底前", "月底前", "完成", "时限", "进行", "推行", "探索", "全面落实",
    "严格落实", "认真落实", "贯彻落实", "严格执行", "认真执行", "充分发挥", "切实履行", "全面推行", "全面推进", "深入推进", "持续推进", "扎实推进",
    "加快推进", "积极推进", "大力推进", "不断提升", "着力提升", "全面提升", "进一步提高", "常态化", "长效机制",
))

NUMBER_PATTERN = (
    r"\d+(?:\.\d+)?(?:%|‰|\s*(?:个百分点|周岁|小时|季度|半年|个月|年|月|日|号|次|场|期|项|个|家|人|件|批|所|天|周|名|份|条|户|元|万元|亿元|倍))?"
)
_PROTECTED = re.compile(
    "|".join([NUMBER_PATTERN] + [re.escape(p) for p in sorted(PROTECTED_PHRASES, key=len, reverse=True)])
)
_NUMBER_ONLY = re.compile(NUMBER_PATTERN)
_LEADING_NUMBER = re.compile(
    r"^\s*(?:[((]\s*[一二三四五六七八九十百\d]+\s*[))]|[一二三四五六七八九十百]+\s*、|\d+\s*[.、.](?!\d)|第[一二三四五六七八九十百\d]+[项条])\s*"
)
_SPACE = re.compile(r"(?<![A-Za-z])\s+|\s+(?![A-Za-z])")
_ANY_SPACE = re.compile(r"\s")
_SENTENCE_END = re.compile(r"(?<=[。;;!?!?])")
# The pieces `_SENTENCE_END.split` gives, less the empty ones, found directly (the split's look-behind is
# tried at every character, several times slower).
_PIECE = re.compile(r"[^。;;!?!?]*[。;;!?!?]|[^。;;!?!?]+")
_QUOTED = re.compile(r"“([^“”]{2,40})”|《([^《》]{2,60})》")
_WORDLIKE = re.compile(r"[\w\u4e00-\u9fff]")


@lru_cache(maxsize=16384)
def normalise(text: str) -> str:
    """NFKC-normalise and drop white space except between two Latin letters (PDF noise: `2023 年`).
    Cached: features, redlines, reports and rules each normalise the same task texts."""
    text = unicodedata.normalize("NFKC", text or "")
    # Most texts hold no white space at all: one scan for it costs far less than trying the pattern everywhere.
    return _SPACE.sub("", text) if _ANY_SPACE.search(text) else text


def strip_task_number(text: str) -> str:
    """Remove a leading task number (`3.`, `(三)`, `三、`, `第3项`) so renumbering is not a change."""
    return _LEADING_NUMBER.sub("", text, count=1)


def sentences(text: str) -> list[str]:
    """Split on 。;; ! ? keeping the terminator; empty pieces are dropped."""
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def quoted_phrases(text: str) -> list[str]:
    """The phrases a drafter quoted (“一网通办”) or titled (《信访工作条例》): strong identity features."""
    return [a or b for a, b in _QUOTED.findall(text)]


@cache
def _jieba_blocks() -> re.Pattern[str]:
    """jieba's own pattern of the runs it segments (Chinese characters, letters, digits): it cuts each run
    on its own and every other character alone, so a text's words are its runs' words in order."""
    import jieba

    return jieba.re_han_default


class _Cut(NamedTuple):
    """jieba's words of one run, and those of them that are words and content terms (as `analyse_sentence`)."""

    tokens: tuple[str, ...]
    words: tuple[str, ...]
    terms: tuple[str, ...]


@lru_cache(maxsize=131072)
def _cut_block(block: str) -> _Cut:
    """jieba's words of one run between punctuation marks, filtered once. Cached: plans share many clauses
    (明确责任分工, 主动接受社会监督) that their sentences do not share whole, and a draft rewords last year's
    sentences clause by clause."""
    tokens = tuple(filter(None, dictionary_cut()(block)))
    return _Cut(tokens, tuple(filter(is_word, tokens)), tuple(filter(is_content_term, tokens)))


def _cut(text: str) -> list[str]:
    """jieba's words of `text`, exactly as `jieba.lcut(text, HMM=False)`, computed run by run."""
    out: list[str] = []
    for block in _jieba_blocks().split(text):
        if block:
            out.extend(_cut_block(block).tokens)
    return out


class Sentence(NamedTuple):
    """One piece of a text up to a sentence end, with its tokens, word tokens and content terms."""

    text: str
    tokens: tuple[str, ...]
    words: tuple[str, ...]
    terms: tuple[str, ...]


@lru_cache(maxsize=65536)
def analyse_sentence(piece: str) -> Sentence:
    """A piece's tokens (as `segment`), words (as `words`) and terms (as `content_terms`), computed together
    and cached: task features, sentence evidence and every comparison of a plan read the same pieces.
    Numbers with their unit and protected phrases are cut out first; jieba cuts the rest run by run, each run's
    words and terms filtered once (`_cut_block`)."""
    tokens: list[str] = []
    words: list[str] = []
    terms: list[str] = []
    split = _jieba_blocks().split

    def cut(text: str) -> None:
        for block in split(text):
            if block:
                found = _cut_block(block)
                tokens.extend(found.tokens)
                words.extend(found.words)
                terms.extend(found.terms)

    pos = 0
    for m in _PROTECTED.finditer(piece):
        if m.start() > pos:
            cut(piece[pos:m.start()])
        token = m.group(0)
        if token:
            tokens.append(token)
            if is_word(token):
                words.append(token)
            if is_content_term(token):
                terms.append(token)
        pos = m.end()
    if pos < len(piece):
        cut(piece[pos:])
    return Sentence(piece, tuple(tokens), tuple(words), tuple(terms))


def analysed_sentences(text: str) -> tuple[Sentence, ...]:
    """The pieces `segment` cuts `text` into, analysed: their tokens concatenate to `segment(text)`."""
    if not text:
        return ()
    return tuple(map(analyse_sentence, _PIECE.findall(text)))


def segment(text: str) -> tuple[str, ...]:
    """Lossless segmentation: the tokens, punctuation included, concatenate back to `text`.

    Cached per sentence: jieba never joins words across 。 or ;, and a draft repeats most of last
    year's sentences, so most of the second plan costs nothing.
    """
    if not text:
        return ()
    out: list[str] = []
    for piece in _PIECE.findall(text):
        out.extend(analyse_sentence(piece).tokens)
    return tuple(out)


@lru_cache(maxsize=65536)
def is_number(token: str) -> bool:
    """True for a number token such as `95%`, `2024年` or `3次`."""
    return bool(_NUMBER_ONLY.fullmatch(token))


@lru_cache(maxsize=65536)
def is_word(token: str) -> bool:
    """True for a token with a letter, digit or Chinese character (not punctuation or space)."""
    return bool(_WORDLIKE.search(token))


@lru_cache(maxsize=65536)
def is_content_term(token: str) -> bool:
    """True for a token that can tell one commitment from another (see `content_terms`)."""
    return len(token) > 1 and token not in STOP_TERMS and is_word(token) and not is_number(token)


def content_terms(tokens: tuple[str, ...] | list[str]) -> list[str]:
    """The tokens that can tell one commitment from another: no punctuation, numbers, single characters
    or generic policy words."""
    return list(filter(is_content_term, tokens))


def words(tokens: tuple[str, ...] | list[str]) -> list[str]:
    """The word tokens (punctuation dropped), for token-level fuzzy scores."""
    return list(filter(is_word, tokens))


def token_codes(count: int, first: int = 0x100) -> str:
    """`count` characters for encoding tokens as single characters, one each, from code `first` up
    (surrogates skipped). The first 65,536 of each start are made once."""
    block = _token_code_block(first)
    return block[:count] if count <= len(block) else "".join(map(chr, _code_points(first, count)))


@cache
def _token_code_block(first: int) -> str:
    return "".join(map(chr, _code_points(first, 0x10000)))


def _code_points(first: int, count: int) -> list[int]:
    points = [first + k for k in range(count)]
    return [cp + 0x800 if cp >= 0xD800 else cp for cp in points]


def clear_segment_cache() -> None:
    """Forget cached segmentations (the dictionary stays loaded): for benchmarks that time cold runs."""
    _cut_block.cache_clear()
    analyse_sentence.cache_clear()
