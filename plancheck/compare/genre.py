"""The genre's vocabulary: synonyms drafters swap between years, and filler words of plans.

A drafter who writes 推动 for 推进 or 完善 for 健全 has not changed the commitment, so both years are
compared in one canonical wording. Filler words (之间, 防止, 共享, 实时, 县委, 报告 …) occur in tasks of
every kind: two tasks that share only them are different commitments, so they weigh little; so do,
in proportion, the terms that many tasks of a corpus of plans use (inverse document frequency over
the genre, `genre_table`).
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from functools import cache

import numpy as np

from .genre_table import MIN_DF, genre_table

# variant -> canonical form (longer variants are separate words for jieba, so they are listed whole).
SYNONYMS: dict[str, str] = {
    "推动": "推进", "完善": "健全", "强化": "加强", "持续强化": "进一步加强", "进一步强化": "进一步加强",
    "持续加强": "进一步加强", "组织": "开展", "提升": "提高", "构建": "建立", "执行": "落实",
    "认真落实": "严格落实", "严格执行": "严格落实", "认真执行": "严格落实", "贯彻执行": "贯彻落实",
}

# Words every kind of task uses: time and reporting, places and bodies, generic objects and actions.
FILLERS: frozenset[str] = frozenset((
    "之间", "防止", "共享", "实时", "县委", "县政府", "报告", "定期", "每年", "每季度", "每半年", "每月", "结果",
    "纳入", "信息", "督促", "反馈", "限期", "整改", "通报", "公开", "专项", "集中", "各乡镇", "县直", "平台",
    "清单", "台账", "检查", "监督", "接受", "明确", "目录", "发现", "逐项", "逐件", "上一年度", "标准", "全部",
    "全流程", "留痕", "接入", "录入", "上传", "系统", "修订", "范围", "数量", "内容", "相关", "对接", "核查",
    "核实", "抽查", "机构", "事项", "管理", "办理", "群众", "社会", "行为", "风险", "防范", "专人", "领导",
    "领导小组", "小组", "推广", "应用", "试点", "总结", "经验", "做法", "线索", "及时", "按期", "全县", "乡镇",
    "街道", "部门", "主要", "负责人", "各类", "基础", "使用", "必须", "环节", "材料", "统筹", "落地", "见效",
    "格局", "困难", "进展", "推广应用",
))
FILLER_WEIGHT = 0.2


def common_characters() -> tuple[str, ...]:
    """The genre's characters outside Latin-1, most used first: each term's characters weighted by the number
    of tasks using the term (`genre_table`), the stop and filler words' by MIN_DF. Speeds up character
    ratios (see `fuzzy.compact`); never changes a result."""
    from collections import Counter

    from .tokens import STOP_TERMS

    weight: Counter[str] = Counter()
    for term, df in sorted(genre_table()[1].items()):
        weight.update(dict.fromkeys(term, df))
    for term in sorted(STOP_TERMS | FILLERS):
        weight.update(dict.fromkeys(term, MIN_DF))
    return tuple(c for c, _ in sorted(weight.items(), key=lambda kv: (-kv[1], kv[0])) if ord(c) > 0xFF)


def specific_terms(terms: Iterable[str], min_length: int = 4) -> set[str]:
    """The compound terms (at least `min_length` characters, no filler) that name a commitment's subject."""
    return {t for t in terms if len(t) >= min_length and t not in FILLERS}


def canonical_word(word: str) -> str:
    """The word's canonical form (itself unless it is a genre synonym)."""
    return SYNONYMS.get(word, word)


def canonical_tokens(tokens: Iterable[str]) -> tuple[str, ...]:
    """The tokens with genre synonyms replaced by their canonical form."""
    tokens = tuple(tokens)
    return tuple(map(SYNONYMS.get, tokens, tokens))


def genre_weights(vocabulary: Sequence[str]) -> np.ndarray:
    """A factor per term: FILLER_WEIGHT for the genre's filler words; for terms common in the genre's
    corpus (`genre_table`), their genre idf relative to that of a term in MIN_DF documents; else 1."""
    get = _genre_factors().get
    return np.fromiter((get(term, 1.0) for term in vocabulary), dtype=np.float64, count=len(vocabulary))


@cache
def _genre_factors() -> dict[str, float]:
    """The factor of every term whose factor is not 1, computed once per process."""
    documents, df = genre_table()
    full = math.log((1 + documents) / (1 + MIN_DF)) + 1.0
    factors = {term: min(1.0, (math.log((1 + documents) / (1 + n)) + 1.0) / full) for term, n in df.items()}
    factors.update(dict.fromkeys(FILLERS, FILLER_WEIGHT))
    return factors
