"""What the service does, independent of HTTP: review uploads, record decisions, re-review.

Pages and the JSON API both call this; it raises `ServiceError` with a Chinese message for
anything the user must fix, and keeps every file it writes inside the data folder.
"""
from __future__ import annotations

import asyncio
import json
import logging
import shutil
import time
import unicodedata
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio.to_thread

from ..pipeline import REPORT_NAMES, WORD_NAMES

READING_FILE = "reading.json"  # the uploader's 高级选项 of a run, read again by every re-review
from .errors import ServiceError
from .review import Outcome, ReviewFailed, ReviewInputError, ReviewSettingsError, Upload, review_uploads
from .runner import ReviewTimedOut, Runner, WorkerCrashed
from .store import SQLITE_MAX_INT, Decision, Run, Store, StoredFile, TaskKey
from .trend import draft_coverage
from .uploads import IncomingFile, check_file, display_name, keep

log = logging.getLogger("plancheck.serve")

ACTIONS = ("confirm", "reject", "force")
TARGETS = ("alignment", "scheme_link")
KINDS = ("carried", "reworded", "moved", "rewritten", "split", "merged")
TEXT_LIMIT = 100


@dataclass(frozen=True)
class DecisionRequest:
    """A reviewer's ruling as submitted: 1-based task indexes of the run's documents."""

    target: str  # 'alignment': left is a baseline task, right a draft task
    action: str  # 'scheme_link': left is a task of `plan`, right a scheme item
    left: int | None
    right: int | None
    plan: str = "baseline"
    kind: str | None = None
    reviewer: str = ""


def clean_text(value: Any, label: str, required: bool = True) -> str:
    """A one-line text field, trimmed; ServiceError 400 when required and blank or too long.

    NFKC-normalised and without invisible format or control characters (zero-width spaces, bidi
    overrides), so that 清河县 typed two ways is one locality with one history.
    """
    text = unicodedata.normalize("NFKC", str(value or ""))
    text = "".join(ch for ch in text if ch.isspace() or unicodedata.category(ch) not in ("Cf", "Cc"))
    text = " ".join(text.split())
    if required and not text:
        raise ServiceError(400, f"请填写{label}")
    if len(text) > TEXT_LIMIT:
        raise ServiceError(400, f"{label}过长(不超过 {TEXT_LIMIT} 个字)")
    return text


def _owner_only(folder: Path) -> None:
    """Create folder if need be and make it the service account's alone (uploads are unpublished plans)."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)


class ReviewService:
    """The review service over one data folder."""

    def __init__(self, data_dir: Path, max_upload_mb: int, runner: Runner) -> None:
        self.data_dir = Path(data_dir).resolve()
        self.uploads_dir = self.data_dir / "uploads"
        self.reports_dir = self.data_dir / "reports"
        for folder in (self.data_dir, self.uploads_dir, self.reports_dir):
            _owner_only(folder)
        self.store = Store(self.data_dir / "plancheck.sqlite3")
        (self.data_dir / "plancheck.sqlite3").chmod(0o600)
        self._remove_orphans()
        self._fill_in_coverage()
        self.limit_bytes = max_upload_mb * 1024 * 1024
        self.runner = runner
        self._locks: dict[int, asyncio.Lock] = {}
        self._in_flight = 0  # uploads and rulings whose review has not yet finished or been undone

    def _remove_orphans(self) -> None:
        """Uploads and report folders no run refers to: left by a crash or a full disk mid-upload."""
        uploads, reports = self.store.kept_names()
        for path in self.uploads_dir.iterdir():
            if path.name not in uploads and path.is_file():
                path.unlink(missing_ok=True)
        for path in self.reports_dir.iterdir():
            if path.name not in reports and path.is_dir():
                shutil.rmtree(path, ignore_errors=True)

    def _fill_in_coverage(self) -> None:
        """Runs recorded before the history kept coverage get it from their JSON report, once."""
        for run_id, report_dir in self.store.runs_without_coverage():
            path = self.reports_dir / report_dir / REPORT_NAMES["json"]
            try:
                share = draft_coverage(json.loads(path.read_bytes()))
            except (OSError, ValueError, KeyError, TypeError):
                continue  # a missing or unreadable report: the run shows no coverage
            if share is not None:
                self.store.set_coverage(run_id, share)

    # ----------------------------------------------------------------- reading

    def get_run(self, run_id: int) -> Run:
        """A run of the history; ServiceError 404 when there is none."""
        run = self.store.get_run(run_id) if 0 < run_id <= SQLITE_MAX_INT else None
        if run is None:
            raise ServiceError(404, f"没有编号为 {run_id} 的审查记录")
        return run

    def locality_decisions(self, name: str) -> tuple[str, list[Decision]]:
        """(locality, its standing decisions oldest first) for a name as typed or addressed (normalised
        as uploads are, so a name typed with a stray space finds the rulings of its uploads)."""
        locality = clean_text(name, "地区名称")
        return locality, self.store.decisions(locality)

    def locality_runs(self, name: str, limit: int) -> tuple[str, list[Run], int]:
        """(locality, its latest `limit` runs newest first, how many it has) for a name as typed or
        addressed (normalised as uploads are); ServiceError 404 when the locality has no run."""
        locality = clean_text(name, "地区名称")
        total = self.store.count_runs(locality)
        if not total:
            raise ServiceError(404, f"没有地区“{locality}”的审查记录")
        return locality, self.store.list_runs(locality, limit), total

    def report_path(self, run: Run, kind: str) -> Path:
        """The rendered report of a run: kind is 'html', 'json', 'xlsx', or a Word document ('opinion',
        'table', 'annotated')."""
        path = self.reports_dir / run.report_dir / {**REPORT_NAMES, **WORD_NAMES}[kind]
        if not path.is_file():
            raise ServiceError(404, "该记录的审查报告文件已不存在")
        return path

    def word_documents(self, run: Run) -> list[str]:
        """The Word documents the run's review wrote (no annotated draft when the draft is not a .docx)."""
        folder = self.reports_dir / run.report_dir
        return [kind for kind, name in WORD_NAMES.items() if (folder / name).is_file()]

    def report(self, run: Run) -> dict[str, Any]:
        """The JSON report of a run, decoded."""
        return json.loads(self.report_path(run, "json").read_text(encoding="utf-8"))

    # ---------------------------------------------------------------- uploads

    async def submit(self, locality: str, uploader: str, files: list[IncomingFile],
                     task_levels: tuple[str | None, str | None] = (None, None)) -> Run:
        """Check, keep and review uploaded documents; record the run in the history. task_levels: the
        uploader's 高级选项 (task level of the annual plans, of the scheme), kept for every re-review."""
        locality = clean_text(locality, "地区名称")
        if "/" in locality or "\\" in locality:  # a locality is one segment of the API's addresses
            raise ServiceError(400, "地区名称不能含有“/”或“\\”")
        uploader = clean_text(uploader, "上传人")
        if not any(f.role == "draft" for f in files):
            raise ServiceError(400, "请选择要审查的计划草案文件")
        checked = [(f, check_file(f, self.limit_bytes)) for f in files]
        kept: list[StoredFile] = []
        uploads: dict[str, Upload] = {}
        report_dir = uuid.uuid4().hex
        with self._counted():
            try:
                for incoming, ext in checked:
                    stored, path = await anyio.to_thread.run_sync(keep, incoming, ext, self.uploads_dir)
                    name = display_name(incoming.filename)
                    kept.append(StoredFile(incoming.role, name, stored, incoming.size))
                    uploads[incoming.role] = Upload(incoming.role, path, name)
                self._keep_reading(report_dir, task_levels)
                outcome = await self._review(uploads, self.store.decisions(locality), None, report_dir)
                run_id = self.store.add_run(locality, uploader, outcome.verdict, outcome.errors,
                                            outcome.warnings, kept, report_dir, outcome.coverage)
            except BaseException:  # a failure, or a cancellation (client gone, server stopping)
                self._discard(kept, report_dir)
                raise
        log.info("run %s: %s by %s, %s", run_id, locality, uploader, outcome.verdict)
        return self.get_run(run_id)

    async def _review(self, uploads: dict[str, Upload], decisions: list[Decision], run_id: int | None,
                      report_dir: str) -> Outcome:
        try:
            return await self.runner.run(review_uploads, uploads, decisions, run_id,
                                         self.reports_dir / report_dir, self.data_dir, self._reading(report_dir))
        except ReviewInputError as exc:
            raise ServiceError(422, str(exc)) from exc
        except ReviewSettingsError as exc:
            raise ServiceError(500, f"{exc}(请联系管理员修改)") from exc
        except ReviewFailed as exc:
            log.error("review failed: %s", exc.details)
            raise ServiceError(500, f"审查时出现意外错误({exc.message}),请联系管理员") from exc
        except WorkerCrashed as exc:
            raise ServiceError(500, "审查进程意外退出,请稍后重试;如反复出现请联系管理员") from exc
        except ReviewTimedOut as exc:
            raise ServiceError(422, f"{exc}:文件可能过大或格式异常,请检查后重新上传") from exc

    def _keep_reading(self, report_dir: str, task_levels: tuple[str | None, str | None]) -> None:
        """Keep the run's reading overrides beside its reports, so a re-review reads its documents alike."""
        if any(task_levels):
            folder = self.reports_dir / report_dir
            folder.mkdir(parents=True, exist_ok=True)
            levels = {"task_level": task_levels[0], "scheme_task_level": task_levels[1]}
            (folder / READING_FILE).write_text(json.dumps(levels, ensure_ascii=False), encoding="utf-8")

    def _reading(self, report_dir: str) -> tuple[str | None, str | None]:
        path = self.reports_dir / report_dir / READING_FILE
        if not path.is_file():
            return None, None
        levels = json.loads(path.read_text(encoding="utf-8"))
        return levels.get("task_level"), levels.get("scheme_task_level")

    def _discard(self, kept: list[StoredFile], report_dir: str) -> None:
        for stored in kept:
            (self.uploads_dir / stored.stored_name).unlink(missing_ok=True)
        shutil.rmtree(self.reports_dir / report_dir, ignore_errors=True)

    @contextmanager
    def _counted(self) -> Iterator[None]:
        self._in_flight += 1
        try:
            yield
        finally:
            self._in_flight -= 1

    async def settle(self, seconds: float) -> None:
        """Wait, at most `seconds`, until every upload and ruling under way has finished or cleaned up
        after itself (a stopping server cancels them first)."""
        deadline = time.monotonic() + seconds
        while self._in_flight and time.monotonic() < deadline:
            await asyncio.sleep(0.05)

    async def rereview(self, run: Run) -> Run:
        """Review a run again with its locality's standing decisions (one re-review per run at a time)."""
        lock = self._locks.setdefault(run.id, asyncio.Lock())
        async with lock:
            uploads = {f.role: Upload(f.role, self.uploads_dir / f.stored_name, f.name) for f in run.files}
            outcome = await self._review(uploads, self.store.decisions(run.locality), run.id, run.report_dir)
            self.store.update_verdict(run.id, outcome.verdict, outcome.errors, outcome.warnings,
                                      outcome.coverage)
        return self.get_run(run.id)

    # -------------------------------------------------------------- decisions

    async def decide(self, run_id: int, request: DecisionRequest) -> tuple[int, Run]:
        """Record a ruling made on a run's report and review the run again; returns (decision id, run)."""
        run = self.get_run(run_id)
        left, right, plan = self._keys(self.report(run), request)
        reviewer = clean_text(request.reviewer, "审核人", required=False)
        before = self.store.decisions(run.locality)
        decision_id = self.store.add_decision(run.locality, run.id, request.target, plan, left, right,
                                              request.action, request.kind, reviewer)
        return decision_id, await self._rereview_or_undo(run, before, decision_id)

    async def withdraw(self, run_id: int, decision_id: int) -> Run:
        """Withdraw a standing ruling of the run's locality and review the run again."""
        run = self.get_run(run_id)
        before = self.store.decisions(run.locality)
        if not (0 < decision_id <= SQLITE_MAX_INT and self.store.delete_decision(decision_id, run.locality)):
            raise ServiceError(404, f"没有编号为 {decision_id} 的审核决定")
        return await self._rereview_or_undo(run, before, None)

    async def _rereview_or_undo(self, run: Run, before: list[Decision], added: int | None) -> Run:
        """A ruling and the report showing it are one step: when the re-review fails (a 422, a timeout,
        a crash, a cancellation), the rulings are put back as they were before the change."""
        try:
            with self._counted():
                return await self.rereview(run)
        except BaseException:
            if added is not None:
                self.store.delete_decision(added, run.locality)
            self.store.restore_decisions(before)
            raise

    def _keys(self, report: dict[str, Any], request: DecisionRequest) -> tuple[TaskKey, TaskKey, str]:
        if request.target not in TARGETS:
            raise ServiceError(400, "审核对象应为 alignment(年度对照)或 scheme_link(方案关联)")
        if request.action not in ACTIONS:
            raise ServiceError(400, "审核决定应为 confirm(确认)、reject(否决)或 force(强制指定)")
        if request.kind is not None and (request.kind not in KINDS or request.target != "alignment"):
            raise ServiceError(400, f"对应类型应为 {'、'.join(KINDS)} 之一,且只用于年度对照")
        docs = {d["role"]: d for d in report["documents"]}
        if request.target == "alignment":
            left_role, right_role, plan = "baseline", "draft", "baseline"
            if "baseline" not in docs:
                raise ServiceError(400, "本次审查没有上传去年的计划,无法对年度对照作出决定")
        else:
            left_role, right_role, plan = request.plan, "scheme", request.plan
            if plan not in ("draft", "baseline"):
                raise ServiceError(400, "方案关联的计划应为 draft(草案)或 baseline(去年计划)")
            if "scheme" not in docs or plan not in docs:
                raise ServiceError(400, "本次审查缺少实施方案或相应计划,无法对方案关联作出决定")
        blank_ok = request.target == "alignment" and request.action == "force"
        if (request.left is None or request.right is None) and not blank_ok:
            raise ServiceError(400, "请指明两侧的任务序号")
        if request.left is None and request.right is None:
            raise ServiceError(400, "请至少指明一侧的任务序号")
        return _task_key(docs[left_role], request.left), _task_key(docs[right_role], request.right), plan


def _task_key(document: dict[str, Any], index: int | None) -> TaskKey:
    if index is None:
        return TaskKey(None)
    tasks = document["tasks"]
    if not 1 <= index <= len(tasks):
        raise ServiceError(400, f"{document['path']} 中没有第 {index} 项任务(共 {len(tasks)} 项)")
    task = tasks[index - 1]
    return TaskKey(index, f"{task['section_number']}{task['number']}" or None, task["title"] or None)
