"""One review of uploaded files, start to finish, as a plain blocking function.

`review_uploads` is the only place the service calls the library: read the plans, apply the
locality's decisions, analyse, run the rules, and render the HTML, JSON and Excel outputs into the
run's report folder. The app runs it in a worker process (`runner`), never on the event loop.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..plans.errors import PlanInputError
from .store import Decision

if TYPE_CHECKING:
    from ..checks.config import CheckConfig

ROLES = ("draft", "baseline", "scheme")


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
    coverage: float | None = None  # the draft's scheme coverage (trend.draft_coverage); None without a scheme


class ReviewInputError(Exception):
    """An uploaded document cannot be used; str() is the Chinese message naming the uploaded file."""


class ReviewSettingsError(Exception):
    """The service's own plancheck.toml cannot be used; str() is the Chinese message naming it."""


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
                   out_dir: Path, config_dir: Path | None = None,
                   task_levels: tuple[str | None, str | None] = (None, None)) -> Outcome:
    """Review the uploads and write report.html, report.json and report.xlsx into out_dir; task_levels
    (annual plans, scheme) override the task levels of the service's settings.

    Raises ReviewInputError (the user's documents), ReviewSettingsError (the service's plancheck.toml)
    or ReviewFailed (anything else)."""
    import traceback

    try:
        return _review(uploads, decisions, run_id, out_dir, config_dir, task_levels)
    except (ReviewInputError, ReviewSettingsError):
        raise
    except MemoryError:
        from ..memory_cap import memory_exceeded_message
        raise ReviewInputError(memory_exceeded_message()) from None
    except Exception as exc:  # noqa: BLE001 - see ReviewFailed
        # An unwritable report (磁盘空间不足) says in Chinese what is wrong (a bad config is
        # ReviewSettingsError, above).
        from ..errors import OutputError

        plain = isinstance(exc, OutputError)
        raise ReviewFailed(str(exc) if plain else type(exc).__name__, traceback.format_exc()) from None


def _review(uploads: dict[str, Upload], decisions: Sequence[Decision], run_id: int | None,
            out_dir: Path, config_dir: Path | None, task_levels: tuple[str | None, str | None]) -> Outcome:
    import json

    from ..checks import CheckConfig, load_config
    from ..errors import ConfigError, DecisionsError
    from ..pipeline import REPORT_NAMES, review, with_task_levels, write_reports
    from .rulings import to_decisions
    from .trend import draft_coverage

    try:
        config = load_config(None, config_dir) if config_dir else None
    except ConfigError as exc:
        raise ReviewSettingsError(str(exc)) from None
    if any(task_levels):
        config = with_task_levels(config or CheckConfig(), *task_levels)
    plans = {role: _load(uploads[role], role, config) if role in uploads else None for role in ROLES}
    try:
        result = review(plans["draft"], plans["baseline"], plans["scheme"], config,
                        to_decisions(decisions, run_id, plans))
    except DecisionsError as exc:
        raise ReviewInputError(f"审核决定无法应用:{exc}") from None
    out_dir.mkdir(parents=True, exist_ok=True)
    write_reports(result, {fmt: out_dir / name for fmt, name in REPORT_NAMES.items()})
    _write_word_documents(result, uploads["draft"].path, config_dir, out_dir)
    # Read back from the report just written, so the stored number is the one the JSON report shows.
    coverage = draft_coverage(json.loads((out_dir / REPORT_NAMES["json"]).read_bytes()))
    return Outcome("pass" if result.passes else "fail", result.count("error"), result.count("warning"),
                   coverage)


def _write_word_documents(result, draft_path: Path, config_dir: Path | None, out_dir: Path) -> None:
    """The run's 审查意见书 and 新旧对照表, and the draft returned with comments when it is a .docx,
    signed as `[document]` of the service's plancheck.toml says."""
    from ..pipeline import WORD_NAMES
    from ..reports.output import write_atomic
    from ..reports.word_annotate import NotAnnotatable, render_annotated
    from ..reports.word_comparison import render_comparison
    from ..reports.word_opinion import render_opinion
    from ..reports.word_settings import document_settings

    config = config_dir / "plancheck.toml" if config_dir and (config_dir / "plancheck.toml").is_file() else None
    settings = document_settings(config)
    analysis, findings = result.analysis, result.findings
    write_atomic(out_dir / WORD_NAMES["opinion"], render_opinion(analysis, findings, settings))
    write_atomic(out_dir / WORD_NAMES["table"], render_comparison(analysis, findings, settings))
    # The plan carries the uploader's file name; the comments go into the stored copy of the document.
    stored = replace(analysis, draft=replace(analysis.draft, path=str(draft_path)))
    try:
        write_atomic(out_dir / WORD_NAMES["annotated"], render_annotated(stored, findings, settings))
    except NotAnnotatable:
        (out_dir / WORD_NAMES["annotated"]).unlink(missing_ok=True)  # a re-review of another draft


def warm_up() -> None:
    """Prepare a worker: review the packaged example plans once, so the segmenter and models are loaded
    before the first upload (best effort: a failure here only means the first upload is slower), with
    one BLAS thread and the collector settled as in a batch worker."""
    import tempfile
    from importlib.resources import as_file, files

    from ..reviewing_process import no_blas_thread_pool, one_blas_thread, settle_collector

    no_blas_thread_pool()
    one_blas_thread()

    examples = files("plancheck.plans") / "examples"
    try:
        with as_file(examples) as folder, tempfile.TemporaryDirectory() as out:
            uploads = {role: Upload(role, Path(folder) / name, name) for role, name in
                       (("draft", "plan_2025.txt"), ("baseline", "plan_2024.txt"), ("scheme", "scheme_2021_2025.txt"))}
            review_uploads(uploads, [], None, Path(out))
    except Exception:
        logging.getLogger("plancheck.serve").warning("warm-up review failed", exc_info=True)
    settle_collector()


def _load(upload: Upload, role: str, config: CheckConfig | None = None):
    """Read one upload as the service's settings say (their `[parse]`); the plan carries the uploader's
    file name, not the random stored one."""
    from ..pipeline import load_document

    try:
        plan = load_document(upload.path, "scheme" if role == "scheme" else "annual", config)
    except PlanInputError as exc:
        raise ReviewInputError(f"无法读取“{upload.name}”:{exc.cause}") from None
    except Exception as exc:
        logging.getLogger("plancheck.serve").warning("reading %s failed", upload.name, exc_info=True)
        raise ReviewInputError(f"无法读取“{upload.name}”:文件内容无法解析({type(exc).__name__}),"
                               "文件可能已损坏") from None
    if plan.year_source == "file":  # the year the uploader's file name gives, not the stored copy's name
        from ..pipeline import file_year

        plan = replace(plan, year=file_year(upload.name), year_source="file")
    return replace(plan, path=upload.name)
