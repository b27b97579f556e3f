"""weakened-target: a task aligned across years whose target, frequency, coverage or deadline got weaker."""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from ...compare.model import Analysis
from ..commitments import Commitment, plan_uses_parser_targets, task_commitments
from ..finding import Finding
from ..scope import plan_year
from ..text import sentences, task_text

if TYPE_CHECKING:
    from ..config import CheckConfig

NAME = "weakened-target"
SEVERITY = "error"
TITLE = "目标要求降低"
THRESHOLDS = {
    # similarity of the words before two numbers for them to measure the same thing
    "metric-similarity": 0.45,
}
DESCRIPTION = """
延续去年的任务时,量化目标、工作频次、覆盖范围和完成时限不应在无说明的情况下降低。本规则逐项比较去年任务
与草案中对应任务的同类指标:比率降低、次数减少、频次变稀(每月>每季度>每半年>每年)、时限推后、
“全覆盖”或“100%”等要求被删去时报告。目标提高不报告。
错误示例:去年“人大代表建议和政协委员提案办复率达到100%”,今年改为“办复率达到95%”;
去年“每季度组织一次行政执法案卷集中评查”,今年改为“每半年组织一次”。
正确示例:保持或提高目标,如“被诉行政机关负责人出庭应诉率由不低于90%提高到达到100%”。
"""

# How alike a clause elsewhere in the draft must be to count as the same target, moved to another task.
MOVED_SIMILARITY = 0.75
# Pair kinds whose wording changed too much for a vanished target to mean it was removed.
_NO_REMOVAL_KINDS = frozenset({"rewritten"})
_LEAD_WORDS = re.compile(r"^(年内|全年|每年|当年)?(组织|开展|安排|举办|推动|实现)?(全县|全区|全市|全镇)?")
_OP_WORDS = re.compile(r"不低于|不少于|不高于|不超过|低于|高于|超过|达到|保持在|控制在|至少|以上|以下|力争|确保|均$|达$")


def check(analysis: Analysis, config: CheckConfig) -> Iterator[Finding]:
    """Findings for each baseline commitment that is weaker, or gone, in the aligned draft tasks."""
    baseline, draft = analysis.baseline, analysis.draft
    if baseline is None or not analysis.alignment:
        return
    threshold = config.threshold("metric-similarity")
    old_year, new_year = plan_year(baseline, config), plan_year(draft, config)
    old_parsed, new_parsed = plan_uses_parser_targets(baseline), plan_uses_parser_targets(draft)
    groups: dict[int, list[int]] = {}
    kinds: dict[int, set[str]] = {}
    for pair in analysis.alignment:
        groups.setdefault(pair.baseline, []).append(pair.draft)
        kinds.setdefault(pair.baseline, set()).add(pair.kind)
    drafted = {t.index: task_commitments(t, new_year, new_parsed) for t in draft.tasks}
    texts = {t.index: task_text(t.title, t.text) for t in draft.tasks}
    everywhere = [(d, c) for d, found in drafted.items() for c in found]
    old_tasks = {t.index: t for t in baseline.tasks}
    seen: set[tuple[int | None, int, str]] = set()
    for b, drafts in sorted(groups.items()):
        if b not in old_tasks:
            continue
        targets = sorted(d for d in set(drafts) if d in drafted)
        new = [(d, c) for d in targets for c in drafted[d]]
        for old in task_commitments(old_tasks[b], old_year, old_parsed):
            finding = _compare(old, new, b, threshold)
            if finding is None and _removal_counts(old) and not kinds[b] <= _NO_REMOVAL_KINDS:
                finding = _removed(old, new, {d: texts[d] for d in targets}, b, threshold, everywhere)
            if finding is not None and (finding.task, b, finding.message) not in seen:
                seen.add((finding.task, b, finding.message))
                yield finding


def metric_similarity(a: str, b: str) -> float:
    """How alike two clauses are as descriptions of what a number measures (0..1)."""
    from rapidfuzz import fuzz

    if not a or not b:
        return 0.0
    return max(fuzz.ratio(a, b), 0.9 * fuzz.partial_ratio(a, b) if min(len(a), len(b)) >= 4 else 0) / 100


def _comparable(old: Commitment, new: Commitment) -> bool:
    if old.kind != new.kind:
        return False
    if old.kind == "count" and old.unit != new.unit:
        return False
    # 不超过5% and 达到95% measure different things
    return not (old.kind == "percent" and (old.strength < 0) != (new.strength < 0))


def _best_match(old: Commitment, new: Sequence[tuple[int, Commitment]], threshold: float):
    scored = [(metric_similarity(old.clause, c.clause), d, c) for d, c in new if _comparable(old, c)]
    scored = [s for s in scored if s[0] >= threshold]
    if not scored:
        return None
    # among equally good matches, the one closest in value (an unchanged copy beats a changed one)
    best = max(scored, key=lambda s: (round(s[0], 2), -abs(s[2].strength - old.strength)))
    return best[1], best[2]


def _compare(old: Commitment, new: Sequence[tuple[int, Commitment]], b: int,
             threshold: float) -> Finding | None:
    """A finding when the best comparable commitment of the aligned draft tasks is weaker."""
    match = _best_match(old, new, threshold)
    if match is None:
        return None
    d, found = match
    if found.strength >= old.strength - 1e-9:
        return None
    if old.kind == "deadline":
        label = metric_label(old)
        label = label if label == "完成时限" else f"{label}的完成时限"
        message = f"{label}由{old.display}推迟到{found.display}"
    else:
        message = f"{metric_label(old)}由{old.display}降为{found.display}"
    return Finding(NAME, SEVERITY, "draft", message, task=d, old_task=b,
                   evidence={"baseline": old.sentence, "draft": found.sentence})


def _removed(old: Commitment, new: Sequence[tuple[int, Commitment]], texts: dict[int, str], b: int,
             threshold: float, everywhere: Sequence[tuple[int, Commitment]]) -> Finding | None:
    """A finding when a firm commitment has no comparable one left in the aligned draft tasks, nor
    anywhere else in the draft (a target moved to another task is not a removed one)."""
    if not texts or any(old.text in text for text in texts.values()):
        return None
    moved = max(threshold, MOVED_SIMILARITY)
    if _best_match(old, new, threshold) is not None or _best_match(old, everywhere, moved) is not None:
        return None
    similarity, d, sentence = max((metric_similarity(old.sentence, s), d, s)
                                  for d, text in texts.items() for s in sentences(text) or [text])
    message = f"{metric_label(old)}的“{old.display}”要求被删去"
    return Finding(NAME, SEVERITY, "draft", message, task=d, old_task=b,
                   evidence={"baseline": old.sentence, "draft": sentence if similarity >= threshold else ""})


def _removal_counts(old: Commitment) -> bool:
    """Only firm commitments count as removed: rates, 全覆盖, minimum counts, sub-yearly frequencies."""
    if not old.explicit:
        return False
    if old.kind == "frequency":
        return old.strength > 1
    return old.kind in ("percent", "coverage", "count")


def metric_label(commitment: Commitment, limit: int = 20) -> str:
    """What the commitment measures, for a message: `人大代表建议和政协委员提案办复率`."""
    label = _OP_WORDS.sub("", commitment.clause).strip("、,,。;; ")
    label = _LEAD_WORDS.sub("", label) or label
    if commitment.kind == "deadline" and commitment.clause == "完成时限":
        return "完成时限"
    if commitment.kind == "deadline":
        label = re.sub(r"^(完成|实现|建成|前|之前)", "", label)
    if not label:
        return {"deadline": "完成时限", "frequency": "工作频次", "coverage": "覆盖要求"}.get(commitment.kind, "目标")
    return label if len(label) <= limit else "…" + label[-limit:]
