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
    from .building import build_plan
    from .readers import read_document

    return build_plan(read_document(path), kind=kind, options=options)


__all__ = ["DOCUMENT_SUFFIXES", "ParseOptions", "Plan", "Section", "Source", "Target", "Task", "load_plan"]
