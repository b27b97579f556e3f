"""duplicate-task: two tasks of one plan that commit to the same thing, however worded."""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...compare.model import Analysis
from ...plans.model import Plan
from ..finding import Finding
from ..scope import checked_plans, short_title
from ..text import compact, task_text

if TYPE_CHECKING:
    from ..config import CheckConfig

NAME = "duplicate-task"
SEVERITY = "warning"
SINGLE_PLAN = True
TITLE = "任务重复"
THRESHOLDS = {
    # combined similarity (as the aligner scores it) above which two tasks of one plan are duplicates
    "duplicate-similarity": 0.50,
}
DESCRIPTION = """
同一份计划中两项任务承诺的是同一件事(不论措辞是否相同),通常是修改时在另一部分又写了一遍,
会造成分工重叠、考核重复计算。相关但不同的任务(如“行政执法监督”与“行政执法三项制度”)不算重复。
错误示例:第二部分有“全面推进政务公开。落实政务公开事项标准目录……”,第六部分又有
“推进政务公开标准化规范化。严格落实政务公开事项标准目录……”。
正确示例:只保留一项,把两处的具体要求合并写入。
"""

# The share of distinctive terms that two duplicates must have in common, whatever the overall score.
MIN_SHARED_TERMS = 0.45
# Tasks this short (a bare title, as in many tables) give too little text to tell related from equal:
# 加强行政执法监督 and 加强行政复议监督 score 0.70. Between two of them only a near-copy counts.
SHORT_TEXT = 40
SHORT_TEXT_SIMILARITY = 0.85


def check(analysis: Analysis, config: CheckConfig) -> Iterator[Finding]:
    """A finding for each pair of tasks in one plan whose similarity passes the duplicate threshold."""
    threshold = config.threshold("duplicate-similarity")
    for role, plan in checked_plans(analysis, config):
        for i, j, score, terms in duplicate_pairs(plan, threshold):
            first, second = plan.tasks[i], plan.tasks[j]
            message = (f"第{first.index}项任务“{short_title(first)}”与第{second.index}项任务"
                       f"“{short_title(second)}”内容重复(相似度{score:.2f})")
            evidence = {"first": first.title, "second": second.title}
            if terms:
                evidence["shared"] = "、".join(terms)
            yield Finding(NAME, SEVERITY, role, message, tasks=(first.index, second.index), evidence=evidence)


def duplicate_pairs(plan: Plan, threshold: float) -> list[tuple[int, int, float, tuple[str, ...]]]:
    """(i, j, score, shared terms) for 0-based task positions i < j that are duplicates."""
    if len(plan.tasks) < 2:
        return []
    import numpy as np

    # heavy (numpy, jieba): only when the rule runs
    from ...compare.features import prepare
    from ...compare.score_ceiling import ROUNDING_MARGIN, score_ceilings
    from ...compare.similarity import compare_features, term_views

    # Pairs sharing too few terms can never be duplicates, nor can pairs whose score ceiling (from their own
    # texts alone) stays below the threshold: the full comparison, which builds every feature matrix of
    # the plan, runs only when some pair might pass, and then only those pairs are read from it.
    features = prepare(plan.tasks)
    views = term_views(features, features)
    rows, cols = np.nonzero(np.triu(views.overlap.astype(np.float64) >= MIN_SHARED_TERMS, k=1))
    if not len(rows):
        return []
    # Only the tasks of the listed pairs (a few of the plan's) are measured.
    tasks = plan.tasks
    short = {k: len(compact(task_text(tasks[k].title, tasks[k].text))) < SHORT_TEXT
             for k in set(rows.tolist()) | set(cols.tolist())}
    needed = np.array([max(threshold, SHORT_TEXT_SIMILARITY) if short[i] and short[j] else threshold
                       for i, j in zip(rows.tolist(), cols.tolist())])
    possible = score_ceilings(features, views, rows, cols) >= needed - ROUNDING_MARGIN
    if not possible.any():
        return []
    sim = compare_features(features, features, min_term_overlap=MIN_SHARED_TERMS, views=views)
    pairs = []
    for i, j, score_needed in zip(rows[possible].tolist(), cols[possible].tolist(), needed[possible].tolist()):
        score = float(sim.score[i, j])
        if score >= score_needed:
            pairs.append((i, j, score, sim.shared_terms(i, j)))
    return pairs
