"""Who signs the Word documents and when: the bureau, the reviewer and the date.

Taken from options, else from the `[document]` table of `plancheck.toml`::

    [document]
    bureau = "青松县司法局"
    reviewer = "王审查"
    date = 2026-12-04

and left blank (a line to fill in by hand; today's date) when neither gives them.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

import tomllib

from .output import OutputError

_KEYS = ("bureau", "reviewer", "date")


@dataclass(frozen=True)
class DocumentSettings:
    """The signature of the generated documents; empty strings and None mean "not given"."""

    bureau: str = ""
    reviewer: str = ""
    date: datetime.date | None = None

    def date_text(self) -> str:
        """The date as a GB/T 9704 成文日期: Arabic numerals, year in full, no leading zeros."""
        day = self.date or datetime.date.today()
        return f"{day.year}年{day.month}月{day.day}日"


def parse_date(text: str) -> datetime.date:
    """`2026-12-04` -> a date; ValueError with a Chinese message otherwise."""
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"日期应写成 YYYY-MM-DD,例如 2026-12-04,而不是“{text}”") from None


def document_settings(config: str | Path | None = None, draft: str | Path | None = None,
                      bureau: str | None = None, reviewer: str | None = None,
                      date: datetime.date | str | None = None) -> DocumentSettings:
    """Options first, then `[document]` of the config file (or `plancheck.toml` beside the draft)."""
    path, table = _document_table(config, draft)
    chosen_date = date if date is not None else table.get("date")
    if isinstance(chosen_date, str):
        try:
            chosen_date = parse_date(chosen_date)
        except ValueError as exc:
            where = f"配置文件“{path.name}”的 [document] date" if path else "日期"
            raise OutputError(f"{where}有误:{exc}") from exc
    return DocumentSettings(
        bureau=(bureau if bureau is not None else str(table.get("bureau", ""))).strip(),
        reviewer=(reviewer if reviewer is not None else str(table.get("reviewer", ""))).strip(),
        date=chosen_date if isinstance(chosen_date, datetime.date) else None,
    )


def _document_table(config: str | Path | None, draft: str | Path | None) -> tuple[Path | None, dict]:
    """The config file and its `[document]` table ({} when there is no file or no such table).

    The rest of the file is the checks' business (`checks/config.py` reads and validates it).
    """
    path = Path(config) if config else (Path(draft).parent / "plancheck.toml" if draft else None)
    if path is None or not path.is_file():
        return None, {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return path, {}  # checks/config.py has already refused a broken file with its own message
    table = data.get("document", {})
    if not isinstance(table, dict):
        return path, {}
    return path, {key: table[key] for key in _KEYS if key in table}
