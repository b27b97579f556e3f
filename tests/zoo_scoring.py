"""Scoring the splitter on the layout zoo (issue 12): per class of layout, how many tasks, units and whole
bodies it finds, and whether it reads the title, year and kind.

Each document `tests/zoo/<class>/<name>.<ext>` has `<name>.expected.json` beside it (format in the issue).
Run from the repository root: `.venv/bin/python tests/zoo_scoring.py [-v] [class ...]`. (`python -m
tests.zoo_scoring` finds the top-level `tests` package that fast-diff-match-patch installs into site-packages
instead of this folder, as long as this folder has no `__init__.py`.)
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ZOO = Path(__file__).resolve().parent / "zoo"
EXPECTED_SUFFIX = ".expected.json"
TITLE_PREFIX = 6  # characters of a title that must agree for a parsed task to match an expected one
ROLES = ("lead_units", "responsible_units")


@dataclass(frozen=True)
class ReadTask:
    """What the scoring needs of one parsed task."""

    number: str
    title: str
    text: str
    lead_units: tuple[str, ...] = ()
    responsible_units: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reading:
    """What the scoring needs of one parsed document; `refusal` is set when it could not be read."""

    title: str | None
    year: int | None
    kind: str | None
    tasks: tuple[ReadTask, ...] = ()
    refusal: str = ""


@dataclass
class Score:
    """Counts for one document or a sum of documents; rates are computed from them."""

    documents: int = 0
    expected_tasks: int = 0
    parsed_tasks: int = 0
    matched_tasks: int = 0
    expected_units: int = 0
    parsed_units: int = 0
    matched_units: int = 0
    whole_bodies: int = 0
    fields_checked: dict[str, int] = field(default_factory=lambda: {"title": 0, "year": 0, "kind": 0})
    fields_right: dict[str, int] = field(default_factory=lambda: {"title": 0, "year": 0, "kind": 0})
    mismatches: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        """Add another score's counts and mismatches to this one."""
        for name in ("documents", "expected_tasks", "parsed_tasks", "matched_tasks", "expected_units",
                     "parsed_units", "matched_units", "whole_bodies"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in self.fields_checked:
            self.fields_checked[name] += other.fields_checked[name]
            self.fields_right[name] += other.fields_right[name]
        self.mismatches.extend(other.mismatches)

    @property
    def task_f1(self) -> float:
        return _f1(self.matched_tasks, self.expected_tasks, self.parsed_tasks)

    @property
    def unit_f1(self) -> float:
        return _f1(self.matched_units, self.expected_units, self.parsed_units)

    @property
    def body_rate(self) -> float:
        return self.whole_bodies / self.expected_tasks if self.expected_tasks else 1.0

    def accuracy(self, name: str) -> float | None:
        """Share of documents whose `name` (title, year, kind) is right, among those where it is expected."""
        checked = self.fields_checked[name]
        return self.fields_right[name] / checked if checked else None


def _f1(matched: int, expected: int, found: int) -> float:
    # nothing expected and nothing found is a perfect reading, not a division by zero
    return 2 * matched / (expected + found) if expected + found else 1.0


def squash(text: str) -> str:
    """Text compared the way the zoo compares it: NFKC, no white space."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def _body_key(text: str) -> str:
    return squash(text).rstrip("。")


def titles_agree(expected: str, parsed: str) -> bool:
    """A parsed title matches when either title starts with the other's first characters."""
    expected, parsed = squash(expected), squash(parsed)
    if not expected or not parsed:
        return False
    return expected.startswith(parsed[:TITLE_PREFIX]) or parsed.startswith(expected[:TITLE_PREFIX])


def match_tasks(expected: Sequence[dict[str, Any]], parsed: Sequence[ReadTask]) -> list[tuple[int, int]]:
    """(expected index, parsed index) pairs: each parsed task takes the next unmatched expected task, after
    the last one matched, with the same number and an agreeing title."""
    pairs: list[tuple[int, int]] = []
    start = 0
    for p_index, task in enumerate(parsed):
        for e_index in range(start, len(expected)):
            wanted = expected[e_index]
            if squash(wanted["number"]) == squash(task.number) and titles_agree(wanted["title"], task.title):
                pairs.append((e_index, p_index))
                start = e_index + 1
                break
    return pairs


def _short(text: str, limit: int = 24) -> str:
    text = squash(text)
    return text if len(text) <= limit else text[:limit] + "…"


def _tail(text: str, limit: int = 16) -> str:
    text = _body_key(text)
    return text if len(text) <= limit else "…" + text[-limit:]


def score_reading(expected: dict[str, Any], reading: Reading, name: str = "") -> Score:
    """Score one parsed document against its expected reading."""
    score = Score(documents=1, expected_tasks=len(expected["tasks"]), parsed_tasks=len(reading.tasks))
    prefix = f"{name}: " if name else ""
    if reading.refusal:
        score.mismatches.append(f"{prefix}refused: {reading.refusal}")
    pairs = match_tasks(expected["tasks"], reading.tasks)
    score.matched_tasks = len(pairs)
    matched_expected = {e for e, _ in pairs}
    matched_parsed = {p for _, p in pairs}
    for e_index, wanted in enumerate(expected["tasks"]):
        if e_index not in matched_expected:
            score.mismatches.append(f"{prefix}missing task {wanted['number']} {_short(wanted['title'])}")
    for p_index, task in enumerate(reading.tasks):
        if p_index not in matched_parsed:
            score.mismatches.append(f"{prefix}extra task {task.number} {_short(task.title)}")
    for e_index, p_index in pairs:
        wanted, task = expected["tasks"][e_index], reading.tasks[p_index]
        label = f"{prefix}task {wanted['number']} {_short(wanted['title'], 12)}"
        for role in ROLES:
            want = {squash(unit) for unit in wanted[role]}
            got = {squash(unit) for unit in getattr(task, role)}
            score.expected_units += len(want)
            score.parsed_units += len(got)
            score.matched_units += len(want & got)
            if want != got:
                score.mismatches.append(f"{label}: {role} expected {sorted(want)} got {sorted(got)}")
        text = _body_key(task.text)
        if text.endswith(_body_key(wanted["body_end"])) and squash(wanted["title"]) in text:
            score.whole_bodies += 1
        else:
            score.mismatches.append(f"{label}: body expected …{_body_key(wanted['body_end'])} "
                                    f"got {_short(task.text, 10)}{_tail(task.text)}")
    for field_name in ("title", "year", "kind"):
        want = expected.get(field_name)
        if want is None:
            continue
        got = getattr(reading, field_name)
        score.fields_checked[field_name] += 1
        if (squash(want) == squash(got or "")) if field_name == "title" else want == got:
            score.fields_right[field_name] += 1
        else:
            score.mismatches.append(f"{prefix}{field_name} expected {want!r} got {got!r}")
    return score


def read_document(path: Path, kind: str | None) -> Reading:
    """Parse a zoo document with the project's reader; a refused (or crashing) document is a reading with
    no tasks, so one bad document shows in the scores instead of stopping them."""
    from plancheck.plans import load_plan
    from plancheck.plans.errors import PlanInputError

    try:
        plan = load_plan(path, kind=kind)
    except PlanInputError as error:
        return Reading(None, None, None, refusal=str(error))
    except Exception as error:  # noqa: BLE001 - a crash is scored (and listed) like a refusal
        return Reading(None, None, None, refusal=f"crashed: {type(error).__name__}: {error}")
    tasks = tuple(ReadTask(t.number, t.title, t.text, tuple(t.lead_units), tuple(t.responsible_units))
                  for t in plan.tasks)
    return Reading(plan.title, plan.year, plan.kind, tasks)


def document_for(expected_path: Path) -> Path:
    """The document an expected file describes: the file beside it with the same name and another suffix."""
    stem = expected_path.name[: -len(EXPECTED_SUFFIX)]
    candidates = [p for p in expected_path.parent.glob(f"{stem}.*")
                  if not p.name.endswith(EXPECTED_SUFFIX) and p.name[len(stem) + 1:].count(".") == 0]
    if len(candidates) != 1:
        raise FileNotFoundError(f"{expected_path}: expected one document beside it, found {len(candidates)}")
    return candidates[0]


def zoo_classes(zoo: Path = ZOO) -> list[str]:
    """Every class folder of the zoo that holds at least one expected file."""
    if not zoo.is_dir():
        return []
    return sorted(p.name for p in zoo.iterdir() if p.is_dir() and any(p.glob(f"*{EXPECTED_SUFFIX}")))


def expected_files(name: str, zoo: Path = ZOO) -> list[Path]:
    """The expected files of one class, in name order."""
    return sorted((zoo / name).glob(f"*{EXPECTED_SUFFIX}"))


def score_class(name: str, zoo: Path = ZOO) -> Score:
    """Parse and score every document of one class."""
    total = Score()
    for expected_path in expected_files(name, zoo):
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        document = document_for(expected_path)
        total.add(score_reading(expected, read_document(document, expected["kind"]), document.name))
    return total


def _rate(value: float | None) -> str:
    return "   -" if value is None else f"{value:4.2f}"


def format_table(scores: Iterable[tuple[str, Score]]) -> str:
    """One row per class: documents, task F1, unit F1, body rate, title/year/kind accuracy."""
    header = (f"{'class':<16} {'docs':>4} {'task F1':>7} {'unit F1':>7} {'body':>5} {'title':>5} {'year':>5} "
              f"{'kind':>5}")
    rows = [header]
    for name, score in scores:
        rows.append(f"{name:<16} {score.documents:>4} {score.task_f1:>7.3f} {score.unit_f1:>7.3f} "
                    f"{score.body_rate:>5.2f} {_rate(score.accuracy('title')):>5} "
                    f"{_rate(score.accuracy('year')):>5} {_rate(score.accuracy('kind')):>5}")
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the per-class table (and with -v every mismatch); exit 0."""
    parser = argparse.ArgumentParser(prog="python tests/zoo_scoring.py", description=__doc__.splitlines()[0])
    parser.add_argument("classes", nargs="*", help="class folders to score (default: all)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every mismatch per document")
    args = parser.parse_args(argv)
    names = args.classes or zoo_classes()
    scores = [(name, score_class(name)) for name in names]
    total = Score()
    for _, score in scores:
        total.add(score)
    print(format_table([*scores, ("all", total)]))
    if args.verbose:
        for name, score in scores:
            if score.mismatches:
                print(f"\n[{name}]")
                print("\n".join(f"  {line}" for line in score.mismatches))
    return 0


if __name__ == "__main__":
    sys.exit(main())
