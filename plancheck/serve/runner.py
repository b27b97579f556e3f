"""Running blocking reviews off the event loop, in worker processes that can be stopped from outside.

The reading and analysis libraries (spaCy's matcher in particular) are not safe to share between
threads, so reviews run in separate processes, one review per process at a time; that also gives
real parallelism on a many-core server. The processes are a `pebble.ProcessPool`: a worker whose
review has to be stopped is killed and replaced on its own, while the reviews of the other workers
go on (a standard ProcessPoolExecutor breaks as a whole when one of its processes dies).

A review may take at most `time_limit` seconds; then its worker is killed (asked to end, and killed
outright 3 s later if it is stuck in a C or C++ call, which no signal handler interrupts) and a fresh
worker takes its place, so no review is ever left half-done inside a worker that serves the next one.
The request gets ReviewTimedOut. When the awaiting request is cancelled (its client went away, the
server is shutting down), the worker running its review is killed the same way.

`processes` workers stay between reviews (`processes=None`: one more than the cores, at most four);
each runs `prepare` as it starts (the app loads the models there), so a replaced worker is ready
again before it takes a review. With `processes=0` no worker stays: one review at a time, each in a
fresh process that ends with it (nothing held in memory between reviews; each review loads the
models itself).
Every worker, in both modes, caps its own memory (`memory_cap`).

A review that has used `demote_after` seconds of CPU (a normal one uses about 0.2 s) is lowered to the
lowest CPU priority for the rest of its run: an enormous upload then takes the CPU only as far as the
ordinary uploads beside it leave it free. The worker is set back to the service's priority for its next
review where the system allows it (raising a priority back needs privileges a service account may
lack; such a worker stays lowered, as do all sooner or later, which keeps them equal among themselves).
A worker loads the models as it starts at the lowest priority too: a replacement for a killed worker then
takes nothing from the reviews running beside it, and on an idle machine it is ready as soon.
"""
from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, wait
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import Any, TypeVar

import anyio
from pebble import ProcessExpired, ProcessPool

from ..memory_cap import cap_worker_memory

T = TypeVar("T")
log = logging.getLogger("plancheck.serve")


class WorkerCrashed(RuntimeError):
    """A worker process died during a review; a fresh worker takes its place."""


class ReviewTimedOut(RuntimeError):
    """A review ran past the time limit; its worker was killed and replaced."""


# Default limit of one review: a 60-task plan with baseline and scheme takes a few seconds.
DEFAULT_TIME_LIMIT = 120.0
# How long a cancelled request waits for its worker to be gone: pebble asks it to end, then kills it
# after 3 s.
STOP_WAIT = 5.0
# A review that has used this many CPU seconds yields the CPU to the others: its niceness goes up by
# DEMOTION (to 19 at most, the lowest priority). With eight uploads at once on two cores, 1 s and +15 let
# an endless review cost the others 2.1x their quiet p95 latency; 0.5 s and +19, 1.65x (bench_serve --attack).
DEMOTE_AFTER = 0.5
DEMOTION = 19


def default_processes() -> int:
    """One worker more than the cores, at most four (a county bureau's uploads come a few at a time).

    The spare worker is for the uploads that come while a long review (up to the time limit) holds a
    worker: on two cores, two workers would leave every other upload one worker to share."""
    return min(4, (os.cpu_count() or 1) + 1)


_base_niceness: int | None = None  # in a worker: the niceness it started with, the service's own


def _start_worker(prepare: Callable[[], Any] | None) -> None:
    """What a worker does as it starts: cap its memory, then prepare (load the models)."""
    global _base_niceness
    _base_niceness = os.getpriority(os.PRIO_PROCESS, os.getpid()) if hasattr(os, "getpriority") else None
    cap_worker_memory()
    if prepare is not None:
        # A worker replacing a killed one loads its models while the others review: at the lowest priority,
        # it costs them nothing (each review sets the service's priority back as it starts).
        if _base_niceness is not None:
            _set_niceness(min(19, _base_niceness + DEMOTION))
        prepare()


def _started() -> None:
    """Done at once by a worker that has started (and prepared)."""


def _set_niceness(value: int | None) -> None:
    """The CPU niceness of the worker's main thread, the one running the review (on Linux a
    process id names its main thread; other systems set the whole process)."""
    if value is None:
        return
    try:
        os.setpriority(os.PRIO_PROCESS, os.getpid(), value)
    except (AttributeError, OSError):  # no setpriority (Windows), or not allowed to raise it back
        pass


def _demoted_after(cpu_seconds: float | None, fn: Callable[..., T], *args: Any) -> T:
    """fn(*args) at the service's priority, lowered by DEMOTION once it has used `cpu_seconds` of CPU."""
    _set_niceness(_base_niceness)
    if not cpu_seconds or _base_niceness is None:
        return fn(*args)
    done = threading.Event()
    started = time.process_time()

    def watch() -> None:
        while not done.wait(0.25):
            if time.process_time() - started > cpu_seconds:
                _set_niceness(min(19, _base_niceness + DEMOTION))
                return

    threading.Thread(target=watch, name="plancheck-demote", daemon=True).start()
    try:
        return fn(*args)
    finally:
        done.set()


class Runner:
    """Runs a blocking function in a worker process and awaits its result."""

    def __init__(self, processes: int | None = None, time_limit: float | None = DEFAULT_TIME_LIMIT,
                 prepare: Callable[[], Any] | None = None, demote_after: float | None = DEMOTE_AFTER) -> None:
        self.processes = default_processes() if processes is None else max(0, processes)
        self.time_limit = time_limit
        self.demote_after = demote_after
        self.prepare = prepare if self.processes else None
        self._started: list[Future] = []
        self._closed = False
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPool:
        # spawn, not fork: the server process has threads, and a fork would copy their locks. The
        # processes start with the first review (or `start`), not before.
        return ProcessPool(max_workers=self.processes or 1, max_tasks=0 if self.processes else 1,
                           initializer=partial(_start_worker, self.prepare),
                           context=multiprocessing.get_context("spawn"))

    def _schedule(self, fn: Callable[..., Any], *args: Any) -> Future:
        task = (self.demote_after, fn, *args)
        try:
            return self._pool.schedule(_demoted_after, task, timeout=self.time_limit or None)
        except RuntimeError:
            if self._closed:
                raise
            # An idle worker killed from outside breaks a pebble pool: start a new one.
            log.error("the review pool was broken; starting a new one")
            self._replace_pool()
            return self._pool.schedule(_demoted_after, task, timeout=self.time_limit or None)

    def _replace_pool(self) -> None:
        broken, self._pool = self._pool, self._new_pool()
        broken.stop()

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """fn(*args) in a worker process; ReviewTimedOut past the time limit, WorkerCrashed when the
        worker died. Cancelling the call kills the worker (once it is gone, the call raises)."""
        pool = self._pool
        future = self._schedule(fn, *args)
        try:
            return await asyncio.wrap_future(future)
        except FutureTimeout:
            log.warning("a review ran past %s s; its worker was killed and replaced", self.time_limit)
            raise ReviewTimedOut(f"审查超过 {self.time_limit:g} 秒仍未完成,已停止") from None
        except ProcessExpired as exc:
            log.error("a review worker died (exit code %s); a new one takes its place", exc.exitcode)
            raise WorkerCrashed("审查进程意外退出") from exc
        except BrokenProcessPool as exc:
            log.error("the review pool broke; starting a new one")
            if self._pool is pool:
                self._replace_pool()
            raise WorkerCrashed("审查进程意外退出") from exc
        except asyncio.CancelledError:  # the request's client went away, or the server is stopping
            future.cancel()
            with anyio.CancelScope(shield=True):
                await _until_stopped(future)
            raise

    def start(self) -> None:
        """Start the standing workers now, not with the first review (each prepares as it starts);
        nothing with `processes=0`, where no worker outlives its review."""
        if self.processes:
            self._started = [self._schedule(_started) for _ in range(self.processes)]

    @property
    def ready(self) -> bool:
        """Whether the workers `start` started have prepared (true when there is nothing to wait for)."""
        return all(job.done() for job in self._started)

    def close(self) -> None:
        """Stop the worker processes, reviews running in them included."""
        self._closed = True
        self._pool.stop()
        self._pool.join()


async def _until_stopped(future: Future) -> None:
    """Wait (at most STOP_WAIT) until the pool has killed the worker of a cancelled review, so the
    caller can clean up after it without the worker still writing."""
    deadline = time.monotonic() + STOP_WAIT
    while not wait([future], timeout=0).done and time.monotonic() < deadline:
        await anyio.sleep(0.05)
