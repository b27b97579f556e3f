"""The splitter's intermediate product: a task as found, before units and targets are interpreted."""
from __future__ import annotations

from dataclasses import dataclass, field

# Where a task's units were printed, as `plancheck parse --explain` names it.
UNIT_SOURCES = {
    "own": "本条任务的单位块",
    "heading": "所在部分标题上的单位",
    "shared": "部分末尾“以上任务……”的共用单位行",
    "table": "任务表中本行的单位列",
    "division": "附件任务分工表中同名任务的单位",
}


@dataclass(frozen=True)
class RawTask:
    """A task as located in a document.

    unit_fields are (label, value) pairs in document order, e.g. ('牵头单位', '县司法局、县公安局'),
    ('配合单位', '各部门'), ('完成时限', '2024年12月底'); label '' marks an unlabelled unit phrase such as
    '县司法局牵头,各部门配合'. Table readers map their columns to the same labels.
    """

    number: str
    section_number: str
    section_title: str
    body: str
    unit_fields: tuple[tuple[str, str], ...]
    page: int | None
    line: int | None
    # Where the units were printed (one of UNIT_SOURCES, '' when there are none): how the task was read, not
    # what it says, so two readings of the same task compare equal.
    unit_source: str = field(default="", compare=False)
