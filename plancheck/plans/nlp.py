"""The Chinese pipeline, built once per process: spaCy's blank `zh` with the jieba segmenter.

Nothing is downloaded: jieba ships its dictionary, and the pipeline has no trained components.
"""
from __future__ import annotations

from functools import lru_cache

# Words jieba would otherwise cut into pieces that patterns then miss.
DOMAIN_WORDS = (
    "不少于", "不低于", "不超过", "不高于", "不多于", "至少", "以上", "以下", "达到", "全覆盖", "全部覆盖",
    "年底前", "年底", "年内", "月底前", "月底", "月末", "上半年", "下半年", "每月", "每季度", "每半年", "每年",
    "每周", "每旬", "每两年", "行政复议", "行政应诉", "行政裁决", "证照分离", "双随机、一公开", "放管服",
    "规范性文件", "重大行政决策", "合法性审查", "法律顾问", "公职律师", "政务公开", "行政执法", "出庭应诉",
    "一网通办", "跨省通办", "告知承诺制", "枫桥经验", "营商环境", "案卷评查", "法治督察", "示范创建",
)


@lru_cache(maxsize=1)
def chinese_pipeline():
    """spacy.blank('zh') segmenting with jieba, the domain words registered first."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    for word in DOMAIN_WORDS:
        jieba.add_word(word, freq=200000)
    import spacy

    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
