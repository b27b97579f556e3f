"""The Chinese labels the reports print: document roles, alignment kinds, severities, evidence keys.

Shared by the HTML report, the xlsx ledger and the web panel, so a term reads the same everywhere.
"""
from __future__ import annotations

ROLE_LABELS = {"draft": "草案", "baseline": "去年计划", "scheme": "实施方案", "input": "文件"}
SHORT_ROLE_LABELS = {"draft": "草案", "baseline": "去年", "scheme": "方案", "input": "文件"}
KIND_LABELS = {
    "carried": "沿用",
    "reworded": "改写",
    "moved": "移动",
    "rewritten": "重写",
    "split": "拆分",
    "merged": "合并",
}
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
SENTENCE_LABELS = {"removed": "删去", "added": "新增", "changed": "修改"}
DECISION_LABELS = {"confirmed": "人工确认", "forced": "人工指定"}
EVIDENCE_LABELS = {
    "baseline": "去年",
    "draft": "草案",
    "scheme": "方案",
    "old": "原",
    "new": "新",
    "text": "原文",
    "task": "任务",
    "units": "单位",
    "unit": "单位",
    "usual": "常用写法",
    "variant": "本处写法",
    "first": "第一处",
    "second": "第二处",
    "number": "编号",
    "previous": "前一编号",
    "section": "所属部分",
    "reference": "表述",
    "closest": "最相近",
    "shared": "共同关键词",
    "printed": "印刷编号",
    "plan": "计划",
}
# compare.changes.coverage_status -> (text of the coverage cell, its style class)
COVERAGE_STATUS_LABELS = {
    "lost": ("草案未覆盖(去年已覆盖)", "gap lost"),
    "gap": ("草案未覆盖", "gap"),
    "gained": ("已覆盖(去年未覆盖)", "gained"),
    "covered": ("已覆盖", "ok"),
}
SNIPPET_CHARS = 14


def shorten(text: str, limit: int) -> str:
    """Text on one line, cut to `limit` characters with an ellipsis."""
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
