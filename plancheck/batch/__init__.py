"""Batch review for an inspection: every locality below a folder, checked and covered in parallel.

Finding the documents
---------------------
A ``manifest.csv`` in DIR, or else one locality per folder holding plan documents, named by a
convention: see `jobs` for both.

What is written
---------------
Under the output folder: ``<locality>/report.html`` and ``report.json`` (the review, with the
coverage summary under ``coverage``), ``<locality>/coverage.html`` when there is a scheme;
``summary.csv`` and ``summary.xlsx`` (one row per locality: findings per rule, coverage, verdict,
problems; the workbook also localities x rules and the scheme parts grouped across localities) and
``index.html``, the dashboard linking every locality's reports (see `dashboard`).

A document that cannot be read is named in the summary and left out: without the draft a locality
is marked 无法审查, without the baseline or scheme it is reviewed without them. Nothing one locality
does stops the batch.

The steps live in `jobs` (finding the documents), `review` (one locality, in a worker) and
`summary` (the summary tables, and the dashboard through `index_page`); this module runs them over a
pool of processes.
"""
from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from .index_page import render_index
from .jobs import LocalityJob, discover, report_folder
from .review import (
    VERDICT_FAIL,
    VERDICT_PASS,
    VERDICT_UNUSABLE,
    LocalityResult,
    failed_result,
    init_worker,
    review_locality,
)
from .summary import summary_frame, write_summary

__all__ = [
    "VERDICT_FAIL", "VERDICT_PASS", "VERDICT_UNUSABLE", "BatchResult", "LocalityJob", "LocalityResult",
    "TextProgress", "default_jobs", "discover", "render_index", "report_folder", "review_locality",
    "run_batch", "summary_frame", "write_summary",
]

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BatchResult:
    """A finished batch: one result per locality (sorted by name) and the files written."""

    results: tuple[LocalityResult, ...]
    out: Path
    files: dict[str, Path]

    def count(self, verdict: str) -> int:
        """Localities with this verdict."""
        return sum(1 for r in self.results if r.verdict == verdict)


WORKER_BYTES = 300 * 1024 ** 2


def default_jobs() -> int:
    """All cores, but no more workers than the available memory holds."""
    cores = os.cpu_count() or 1
    try:
        with open("/proc/meminfo", encoding="ascii") as stream:
            available = next(int(line.split()[1]) * 1024 for line in stream if line.startswith("MemAvailable:"))
    except (OSError, StopIteration, ValueError, IndexError):
        return cores
    return max(1, min(cores, available // WORKER_BYTES))


def run_batch(root: str | Path, out: str | Path, jobs: int | None = None, progress: Progress | None = None,
              config: str | Path | None = None, local_config: bool = False, opinion: bool = False) -> BatchResult:
    """Review every locality below root in parallel and write the per-locality reports, summary and index.

    Every locality is reviewed with `config` (else the defaults); its own plancheck.toml only with
    `local_config`. With `opinion`, each locality also gets its 审查意见书 (Word). Raises ConfigError for a
    bad `config` before any review.
    """
    from dataclasses import replace

    from ..checks.config import load_config

    root, out = Path(root), Path(out)
    if config is not None:
        load_config(Path(config))  # a bad inspector's config stops the batch before it starts
    found = [replace(job, config=str(config) if config else None, local_config=local_config, opinion=opinion)
             for job in discover(root, skip=out if out.exists() else None)]
    out.mkdir(parents=True, exist_ok=True)
    workers = max(1, min(jobs or default_jobs(), len(found)))
    results = _run_pool(found, out, workers, progress)
    results.sort(key=lambda r: r.locality)
    files = write_summary(results, out)
    return BatchResult(tuple(results), out, files)


# A worker whose locality runs this long past LOCALITY_SECONDS is stuck where the timer inside it cannot
# reach (a long C call): it is killed and replaced, and the locality is 无法审查.
KILL_GRACE_SECONDS = 10.0


def _run_pool(found: Sequence[LocalityJob], out: Path, workers: int,
              progress: Progress | None) -> list[LocalityResult]:
    """Run the jobs in `workers` worker processes, one locality at a time each (`--jobs 1` included: a
    limit that holds needs a process that can be killed).

    A locality past its time limit has its worker killed and replaced; a worker that dies (a crash, the
    OOM killer) costs only the locality it was reviewing. Jobs a broken pool never started are run again
    in a new pool.
    """
    results: list[LocalityResult] = []

    def record(result: LocalityResult) -> None:
        results.append(result)
        if progress:
            progress(len(results), len(found))

    pending = list(found)
    while pending:
        lost = _run_in_pool(pending, out, workers, record)
        if len(lost) == len(pending):  # the pool broke before anything ran: do not loop forever
            for job in lost:
                record(failed_result(job, "处理进程无法启动"))
            break
        pending = lost
    return results


def _run_in_pool(jobs: Sequence[LocalityJob], out: Path, workers: int,
                 record: Callable[[LocalityResult], None]) -> list[LocalityJob]:
    """Review the jobs in one pebble pool, recording each result; return the jobs the pool lost unstarted."""
    from concurrent.futures import TimeoutError as FutureTimeout
    from concurrent.futures import as_completed
    from concurrent.futures.process import BrokenProcessPool

    from pebble import ProcessExpired, ProcessPool

    from . import review as locality_review

    limit = locality_review.LOCALITY_SECONDS
    lost: list[LocalityJob] = []
    pool = ProcessPool(max_workers=workers, initializer=init_worker)
    try:
        futures = {pool.schedule(review_locality, (job, str(out)), timeout=limit + KILL_GRACE_SECONDS): job
                   for job in jobs}
        for future in as_completed(futures):
            job = futures[future]
            try:
                record(future.result())
            except FutureTimeout:
                record(failed_result(job, f"审查超过 {limit:g} 秒仍未完成,处理进程已终止(文件可能过大或格式异常)"))
            except ProcessExpired:
                record(failed_result(job, "处理进程异常退出(文件可能过大或已损坏)"))
            except (BrokenProcessPool, RuntimeError):  # an idle worker killed from outside broke the pool
                lost.append(job)
            except Exception as exc:  # noqa: BLE001 - e.g. a result that cannot be sent back
                record(failed_result(job, f"处理时出现意外错误({type(exc).__name__}: {exc})"))
    except BaseException:
        pool.stop()  # Ctrl-C: do not wait for thousands of queued jobs
        pool.join()
        raise
    pool.close()
    pool.join()
    return lost


class TextProgress:
    """A one-line progress bar redrawn with \\r on a terminal; every tenth on a pipe or log file."""

    def __init__(self, stream: TextIO = sys.stderr, label: str = "审查进度", width: int = 30) -> None:
        self.stream, self.label, self.width = stream, label, width
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.started = time.monotonic()
        self.shown = -1.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        final = done >= total
        if self.tty and not final and now - self.shown < 0.1:
            return
        if not self.tty and not final and done * 10 // max(total, 1) == (done - 1) * 10 // max(total, 1):
            return
        self.shown = now
        elapsed = now - self.started
        filled = self.width * done // max(total, 1)
        eta = elapsed / done * (total - done) if done else 0.0
        line = (f"{self.label} [{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} "
                f"{done / max(total, 1):4.0%} 已用 {elapsed:.0f} 秒,预计还需 {eta:.0f} 秒")
        self.stream.write(("\r" + line + ("\n" if final else "")) if self.tty else line + "\n")
        self.stream.flush()
