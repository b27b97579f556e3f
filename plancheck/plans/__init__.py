"""Reading plans: any supported document -> `Plan` of `Task`s."""
from __future__ import annotations

from pathlib import Path

from .model import Plan, Section, Source, Target, Task
from .options import ParseOptions

# The document formats offered to users (upload form, batch folders, help texts); the readers accept a few
# more spellings (.md, .xhtml, .xlsm…) for files that arrive anyway.
DOCUMENT_SUFFIXES = (".docx", ".pdf", ".txt", ".html", ".htm", ".xlsx", ".csv")


def load_plan(path: str | Path, kind: str | None = None, options: ParseOptions | None = None) -> Plan:
    """Read and split a plan document. Raises PlanInputError (Chinese message) when it is unusable."""
    from ..memory_cap import memory_exceeded_message
    from .building import build_plan
    from .errors import PlanInputError
    from .readers import read_document

    try:
        return build_plan(read_document(path), kind=kind, options=options)
    except MemoryError:  # past the review's memory cap: a document no reader bound foresaw
        raise PlanInputError(path, memory_exceeded_message()) from None


__all__ = ["DOCUMENT_SUFFIXES", "ParseOptions", "Plan", "Section", "Source", "Target", "Task", "load_plan"]
