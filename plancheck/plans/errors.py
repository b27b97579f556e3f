"""The one error a user sees for unusable input: a Chinese sentence naming the file and the cause."""
from __future__ import annotations

from pathlib import Path


class PlanInputError(Exception):
    """An input document cannot be used. str() is the one-line message shown to the user."""

    def __init__(self, path: str | Path, cause: str) -> None:
        self.path = str(path)
        self.cause = cause
        super().__init__(f"无法读取“{Path(path).name}”:{cause}")
