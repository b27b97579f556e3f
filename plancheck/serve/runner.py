"""Running blocking reviews off the event loop, in a pool of worker processes.

The reading and analysis libraries (spaCy's matcher in particular) are not safe to share between
threads, so reviews run in separate processes, one review per process at a time; that also gives
real parallelism on a many-core server. With `processes=0` reviews run one at a time in a single
worker thread instead (for debugging, or a machine where processes cannot be spawned).

A review in a worker process may take at most `time_limit` seconds: a document that sends a reader
into a pathological case must not hold a worker for good. The limit is a timer signal inside the worker
(where the platform has one), so the review stops, the worker stays, and the request gets an answer.
A review in the worker thread cannot be interrupted and has no limit.
"""
from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import Any, TypeVar

import anyio.to_thread

from ..memory_cap import cap_worker_memory
from ..time_limit import OutOfTime, call_within

T = TypeVar("T")
log = logging.getLogger("plancheck.serve")


class WorkerCrashed(RuntimeError):
    """A worker process died during a review; the pool has been replaced."""


class ReviewTimedOut(RuntimeError):
    """A review ran past the time limit and was stopped; the worker is free again."""


# Default limit of one review: a 60-task plan with baseline and scheme takes a few seconds.
DEFAULT_TIME_LIMIT = 120.0


def _within(seconds: float | None, fn: Callable[..., T], *args: Any) -> T:
    """fn(*args), stopped after `seconds` (runs in the worker process, in its main thread)."""
    try:
        return call_within(seconds, fn, *args)
    except OutOfTime:
        raise ReviewTimedOut(f"审查超过 {seconds:g} 秒仍未完成,已停止") from None


def default_processes() -> int:
    """One worker per core, at most four (a county bureau's uploads come a few at a time)."""
    return max(1, min(4, os.cpu_count() or 1))


class Runner:
    """Runs a blocking function in a worker and awaits its result."""

    def __init__(self, processes: int | None = None, time_limit: float | None = DEFAULT_TIME_LIMIT) -> None:
        self.processes = default_processes() if processes is None else max(0, processes)
        self.time_limit = time_limit
        self._lock = threading.Lock()  # thread mode: one review at a time, warm-up included
        self._background: list = []
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor | None:
        if not self.processes:
            return None
        # spawn, not fork: the server process has threads, and a fork would copy their locks.
        # Each worker caps its own memory: one hostile upload fails its review, not the server.
        return ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=cap_worker_memory)

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """fn(*args) in a worker process (or the worker thread)."""
        if self._pool is None:
            return await anyio.to_thread.run_sync(partial(self._locked, fn, *args))
        pool = self._pool
        try:
            return await asyncio.get_running_loop().run_in_executor(pool, partial(_within, self.time_limit, fn, *args))
        except BrokenProcessPool as exc:
            log.error("a review worker died; starting a new pool")
            if self._pool is pool:
                self._pool = self._new_pool()
                pool.shutdown(wait=False, cancel_futures=True)
            raise WorkerCrashed("审查进程意外退出") from exc

    def in_background(self, fn: Callable[[], Any]) -> None:
        """Start fn in every worker without waiting for it (used to load models before the first upload)."""
        if self._pool is not None:
            self._background = [self._pool.submit(fn) for _ in range(self.processes)]
        else:
            thread = threading.Thread(target=partial(self._locked, fn), name="plancheck-warm-up", daemon=True)
            thread.start()
            self._background = [thread]

    @property
    def ready(self) -> bool:
        """Whether the background work started by `in_background` has finished."""
        return all(not job.is_alive() if isinstance(job, threading.Thread) else job.done()
                   for job in self._background)

    def _locked(self, fn: Callable[..., T], *args: Any) -> T:
        with self._lock:
            return fn(*args)

    def close(self) -> None:
        """Stop the worker processes, if any."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
