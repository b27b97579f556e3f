"""The splitter's intermediate product: a task as found, before units and targets are interpreted."""
from __future__ import annotations

from dataclasses import dataclass


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
