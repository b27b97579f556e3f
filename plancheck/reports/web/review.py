"""One review of uploaded files, start to finish, as a plain blocking function.

`review_uploads` is the only place the service calls the library: read the plans, apply the
locality's decisions, analyse, run the rules, and render the HTML, JSON and Excel outputs into the
run's report folder. The app runs it in a worker thread, never on the event loop.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ...plans.errors import PlanInputError
from .store import Decision

ROLES = ("draft", "baseline", "scheme")
REPORT_FILES = {"html": "report.html", "json": "report.json", "xlsx": "report.xlsx"}


@dataclass(frozen=True)
class Upload:
    """A document of a run: where it is kept and the name the uploader gave it."""

    role: str
    path: Path
    name: str


@dataclass(frozen=True)
class Outcome:
    """What a review wrote into its report folder, and its verdict."""

    verdict: str  # 'pass' when no finding is an error
    errors: int
    warnings: int


class ReviewInputError(Exception):
    """An uploaded document cannot be used; str() is the Chinese message naming the uploaded file."""


class ReviewFailed(Exception):
    """The review broke for a reason that is not the upload's fault.

    Only plain-message exceptions leave a worker process: an exception whose constructor takes other
    arguments cannot be unpickled by the server, which would take the whole worker pool down."""

    def __init__(self, message: str, details: str = "") -> None:
        super().__init__(message, details)
        self.message = message
        self.details = details

    def __str__(self) -> str:
        return self.message


def review_uploads(uploads: dict[str, Upload], decisions: Sequence[Decision], run_id: int | None,
                   out_dir: Path, config_dir: Path | None = None) -> Outcome:
    """Review the uploads and write report.html, report.json and report.xlsx into out_dir.

    Raises ReviewInputError (the user's documents) or ReviewFailed (anything else)."""
    import traceback

    try:
        return _review(uploads, decisions, run_id, out_dir, config_dir)
    except ReviewInputError:
        raise
    except MemoryError:
        from ...memory_cap import memory_exceeded_message
        raise ReviewInputError(memory_exceeded_message()) from None
    except Exception as exc:  # noqa: BLE001 - see ReviewFailed
        # A bad config and an unwritable report (磁盘空间不足) say in Chinese what is wrong.
        plain = type(exc).__name__ in ("ConfigError", "OutputError")
        raise ReviewFailed(str(exc) if plain else type(exc).__name__, traceback.format_exc()) from None


def _review(uploads: dict[str, Upload], decisions: Sequence[Decision], run_id: int | None,
            out_dir: Path, config_dir: Path | None) -> Outcome:
    from ...checks import all_rules, load_config, run_checks
    from ...compare.decisions import DecisionsError
    from .. import json_report
    from ..html_report import render_html
    from ..output import write_atomic
    from ..xlsx_ledger import write_xlsx
    from .rulings import to_decisions

    config = load_config(None, config_dir) if config_dir else None
    plans = {role: _load(uploads[role], role) if role in uploads else None for role in ROLES}
    if config is not None and config.year and plans["draft"].year is None:
        plans["draft"] = replace(plans["draft"], year=config.year)
    try:
        analysis = _analyse(plans, to_decisions(decisions, run_id, plans))
    except DecisionsError as exc:
        raise ReviewInputError(f"审核决定无法应用:{exc}") from None
    findings = tuple(run_checks(analysis, config))
    out_dir.mkdir(parents=True, exist_ok=True)
    write_atomic(out_dir / REPORT_FILES["html"], render_html(analysis, findings, all_rules()).encode("utf-8"))
    report = json_report.review_report(analysis, findings)
    write_atomic(out_dir / REPORT_FILES["json"], json.dumps(report, ensure_ascii=False).encode("utf-8"))
    write_xlsx(analysis, findings, out_dir / REPORT_FILES["xlsx"])
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = sum(1 for f in findings if f.severity == "warning")
    return Outcome("pass" if errors == 0 else "fail", errors, warnings)


def warm_up() -> None:
    """Review the packaged example plans once, so the segmenter and models are loaded before the
    first upload (best effort: a failure here only means the first upload is slower)."""
    import tempfile
    from importlib.resources import as_file, files

    examples = files("plancheck.plans") / "examples"
    try:
        with as_file(examples) as folder, tempfile.TemporaryDirectory() as out:
            uploads = {role: Upload(role, Path(folder) / name, name) for role, name in
                       (("draft", "plan_2025.txt"), ("baseline", "plan_2024.txt"), ("scheme", "scheme_2021_2025.txt"))}
            review_uploads(uploads, [], None, Path(out))
    except Exception:
        logging.getLogger("plancheck.serve").warning("warm-up review failed", exc_info=True)


def _load(upload: Upload, role: str):
    """Read one upload; the plan carries the uploader's file name, not the random stored one."""
    from ...plans import load_plan

    try:
        plan = load_plan(upload.path, kind="scheme" if role == "scheme" else "annual")
    except PlanInputError as exc:
        raise ReviewInputError(f"无法读取“{upload.name}”:{exc.cause}") from None
    except Exception as exc:
        logging.getLogger("plancheck.serve").warning("reading %s failed", upload.name, exc_info=True)
        raise ReviewInputError(f"无法读取“{upload.name}”:文件内容无法解析({type(exc).__name__}),"
                               "文件可能已损坏") from None
    return replace(plan, path=upload.name)


def _analyse(plans: dict, decisions):
    """The analysis step: `compare.analyse` with the reviewer's decisions."""
    from ...compare import analyse

    return analyse(plans["draft"], plans["baseline"], plans["scheme"], decisions=decisions)
