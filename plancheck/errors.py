"""The errors a user sees: each is one Chinese line naming the file (or setting) and the cause.

Everything the tool refuses derives from `PlancheckError`, so the command line, batch and the service
catch one class and print `str(exc)`; anything else is a fault of the tool.
"""
from __future__ import annotations

from pathlib import Path


class PlancheckError(Exception):
    """Input, settings or an output the tool cannot use. str() is the one-line Chinese message."""


class _FileError(PlancheckError):
    """An error about one file: `path` and `cause` kept for callers that reword the message."""

    def __init__(self, path: str | Path | None, cause: str) -> None:
        self.path = str(path) if path else None
        self.cause = cause
        super().__init__(self._message(Path(path).name if path else None, cause))

    def __reduce__(self):  # the constructor takes (path, cause), not the message: pickle those
        return type(self), (self.path, self.cause)

    @staticmethod
    def _message(name: str | None, cause: str) -> str:
        return f"无法读取“{name}”:{cause}"


class PlanInputError(_FileError):
    """An input document cannot be used."""


class DecisionsError(_FileError):
    """The decisions file cannot be read or has a malformed entry."""


class ConfigError(_FileError):
    """A configuration file (`plancheck.toml`) that cannot be used."""

    @staticmethod
    def _message(name: str | None, cause: str) -> str:
        return f"{f'配置文件“{name}”' if name else '配置'}有误:{cause}"


class OutputError(PlancheckError):
    """An output cannot be written."""
