"""The Chinese pipeline, built once per process: spaCy's blank `zh` with the jieba segmenter, and the two
cuts of jieba the stages use (compare's dictionary-only words, the targets' words with jieba's HMM).

Nothing is downloaded: jieba ships its dictionary, and the pipeline has no trained components. Where
jieba_fast_dat is installed (a compiled jieba; wheels for Linux x86_64 and macOS arm64), the two cuts run
over its compiled dictionary search and give jieba's words (tests/test_dictionary_cut.py).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache, partial

# Words jieba would otherwise cut into pieces that patterns then miss.
DOMAIN_WORDS = (
    "不少于", "不低于", "不超过", "不高于", "不多于", "至少", "以上", "以下", "达到", "全覆盖", "全部覆盖",
    "年底前", "年底", "年内", "月底前", "月底", "月末", "上半年", "下半年", "每月", "每季度", "每半年", "每年",
    "每周", "每旬", "每两年", "每三年", "每年度", "全面覆盖", "全域覆盖", "行政复议", "行政应诉", "行政裁决", "证照分离", "双随机、一公开", "放管服",
    "规范性文件", "重大行政决策", "合法性审查", "法律顾问", "公职律师", "政务公开", "行政执法", "出庭应诉",
    "一网通办", "跨省通办", "告知承诺制", "枫桥经验", "营商环境", "案卷评查", "法治督察", "示范创建",
)


# Terms that tell one commitment from another, kept whole for alignment and scheme links.
POLICY_TERMS: tuple[str, ...] = (
    "习近平法治思想", "法治政府", "法治政府建设", "依法行政", "依法治县", "依法治区", "依法治市",
    "行政复议", "行政复议法", "行政应诉", "行政诉讼", "行政裁决", "行政调解", "人民调解", "司法调解",
    "行政执法", "综合行政执法", "行政处罚", "行政许可", "行政强制", "行政检查", "行政问责",
    "证照分离", "放管服", "一网通办", "跨省通办", "一件事一次办", "高效办成一件事", "掌上可办",
    "告知承诺制", "权责清单", "负面清单", "公平竞争审查", "营商环境", "法治化营商环境",
    "重大行政决策", "合法性审查", "合法性审核", "公众参与", "专家论证", "风险评估", "集体讨论决定",
    "规范性文件", "行政规范性文件", "备案审查", "法律顾问", "公职律师", "政府法律顾问",
    "三项制度", "执法全过程记录", "重大执法决定法制审核", "行政执法公示", "案卷评查",
    "持证上岗", "包容审慎监管", "首违不罚", "轻微免罚", "非现场执法", "互联网+监管",
    "枫桥经验", "信访工作", "矛盾纠纷", "多元化解", "突发事件", "应急预案", "应急演练", "舆情",
    "政务公开", "政务服务", "政务诚信", "政务数据", "数字政府", "数字法治政府", "一体化政务服务平台",
    "新官不理旧账", "谁执法谁普法", "八五普法", "普法责任制", "述法", "第一责任人", "学法用法",
    "会前学法", "旁听庭审", "示范创建", "出庭应诉", "出庭应诉率", "生效裁判", "败诉案件",
    "人大代表建议", "政协委员提案", "审计监督", "统计监督", "民主监督", "社会监督员",
    "不少于", "不低于", "不超过", "达到", "年底前", "月底前", "全覆盖", "每季度", "每半年", "每年",
)


# Every word above is added to the dictionary the cuts use, each time with this frequency (a word in both
# lists is added twice, which adds to the total twice: as jieba has always been given them).
_ADDED_WORDS = (*DOMAIN_WORDS, *POLICY_TERMS)
_ADDED_FREQUENCY = 200000


@lru_cache(maxsize=1)
def register_domain_words() -> None:
    """Register every domain word with jieba's shared dictionary, once, before anything is segmented:
    targets and alignment both segment with it, so neither may change it after the other has run."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    for word in _ADDED_WORDS:
        jieba.add_word(word, freq=_ADDED_FREQUENCY)


@lru_cache(maxsize=1)
def _compiled_jieba():
    """jieba_fast_dat's tokenizer (jieba's algorithm compiled, over a double-array trie) set up as jieba is
    once the domain words are registered: jieba's own dictionary file, the same words and the same total
    frequency; jieba's own copy of its dictionary (half a second to load) is then never needed. None where
    it is not installed (it has no Windows build): jieba itself cuts, its words registered here."""
    try:
        import jieba_fast_dat
    except ImportError:
        register_domain_words()
        return None
    import logging

    import jieba

    jieba_fast_dat.setLogLevel(logging.WARNING)
    with jieba.get_dict_file() as dictionary:
        path = dictionary.name
    fast = jieba_fast_dat.Tokenizer(path)
    fast.initialize()
    # Every path's score is measured against jieba's total, which counts a word its dictionary lists twice
    # (B超) twice; jieba_fast_dat counts it once. Each word added adds its frequency to both.
    fast.total = _dictionary_total(path)
    for word in _ADDED_WORDS:
        fast.add_word(word, freq=_ADDED_FREQUENCY)
    return fast


def _dictionary_total(path: str) -> int:
    """The sum of the frequency column of a jieba dictionary file, every line counted, as jieba sums it."""
    with open(path, "rb") as stream:
        return sum(map(int, re.findall(rb"^\S+ (\d+)", stream.read(), re.MULTILINE)))


def dictionary_version() -> int:
    """Changes whenever a word is added to the dictionary the cuts use, so that a cache of their results
    never outlives the words they came from."""
    import jieba

    fast = _compiled_jieba()
    return jieba.dt.total if fast is None else fast.total


@lru_cache(maxsize=1)
def dictionary_cut() -> Callable[[str], list[str]]:
    """`jieba.lcut(text, HMM=False)` with the domain words registered: a text's words from the dictionary
    alone, as compare cuts every task.

    Made by jieba_fast_dat where it is installed: word for word jieba's on every plan at hand
    (tests/test_dictionary_cut.py) and about ten times faster. Two cuts of exactly equal score, which only
    a run repeating itself gives (治治治), come in the other order: jieba takes the longer word first.
    """
    import jieba

    fast = _compiled_jieba()
    return partial((jieba if fast is None else fast).lcut, HMM=False)


@lru_cache(maxsize=1)
def hmm_cut() -> Callable[[str], list[str]]:
    """`jieba.lcut(text)` (with its HMM) with the domain words registered, empty words left out: the words
    spaCy's `zh` tokenizer makes a Doc of (chinese_doc).

    Where jieba_fast_dat is installed, jieba's own cut runs over its compiled word graph and best route
    (`_compiled_routes`), word for word as jieba alone on every plan at hand (tests/test_dictionary_cut.py)
    and about three times faster.
    """
    import jieba

    fast = _compiled_jieba()
    tokenizer = jieba.dt if fast is None else _compiled_routes(fast)
    return lambda text: [word for word in tokenizer.cut(text) if word]


def _compiled_routes(fast):
    """A jieba Tokenizer whose dictionary is jieba_fast_dat's compiled one: its word graph and best route,
    the two loops jieba runs in Python for every character, and the frequency its HMM step asks of a run of
    single characters. Everything else (the runs it cuts, its HMM for the characters the dictionary leaves
    alone) is jieba's own code."""
    import jieba

    class CompiledRoutes(jieba.Tokenizer):
        def get_DAG(self, sentence: str) -> dict[int, list[int]]:  # (jieba's names)
            return fast.get_DAG(sentence)

        def calc(self, sentence: str, DAG: dict[int, list[int]], route: dict) -> None:
            fast.calc(sentence, DAG, route)

    class Frequencies:
        """jieba's word frequencies as its cut reads them (`FREQ.get(word)`, falsy for a non-word)."""

        get = staticmethod(fast.get_freq)

    tokenizer = CompiledRoutes()
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = Frequencies(), fast.total, True
    return tokenizer


def chinese_doc(text: str):
    """The spaCy Doc `chinese_pipeline().make_doc(text)` makes, its words cut by hmm_cut."""
    from spacy.tokens import Doc

    words, spaces = words_and_spaces(hmm_cut()(text), text)
    return Doc(chinese_vocab(), words=words, spaces=spaces)


# White space as str.isspace and str.split see it (re's \s for text is the same test of each character).
_WHITE_SPACE_RE = re.compile(r"\s")


def words_and_spaces(words: list[str], text: str) -> tuple[list[str], list[bool]]:
    """`spacy.util.get_words_and_spaces(words, text)`: the words as they are, none followed by a space, where
    the text holds no white space at all and the words (none empty) join into it, as the clauses targets are
    read from do; that function finds each word by searching a copy of the rest of the text, quadratic in a
    plan's joined clauses. Any other text goes to it (tests/test_target_segmentation.py)."""
    from spacy.util import get_words_and_spaces

    if text and not _WHITE_SPACE_RE.search(text) and all(words) and "".join(words) == text:
        return words, [False] * len(words)
    return get_words_and_spaces(words, text)


@lru_cache(maxsize=1)
def chinese_vocab():
    """The vocabulary chinese_doc's Docs, the Matchers over them and chinese_pipeline share: that of a blank
    `zh` pipeline that segments nothing itself (spaCy's jieba segmenter loads jieba's own dictionary)."""
    import spacy

    return spacy.blank("zh").vocab


@lru_cache(maxsize=1)
def chinese_pipeline():
    """spacy.blank('zh') segmenting with jieba (with its HMM), the domain words registered first: its
    make_doc gives the Docs chinese_doc gives, more slowly (and it loads jieba's own dictionary).

    Targets read these words. Compare cuts the dictionary's words alone (`HMM=False`), which split a decimal
    (`98.5%` -> `98` `.` `5` `%`), so the two stages cannot share one segmentation without changing targets
    (tests/test_target_segmentation.py)."""
    register_domain_words()
    import spacy

    return spacy.blank("zh", vocab=chinese_vocab(), config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
