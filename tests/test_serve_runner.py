"""The review runner: a review that runs past its time limit is stopped, its worker killed and replaced
(also one stuck in a C call), and the other workers' reviews go on."""
from __future__ import annotations

import asyncio
import os
import time
from functools import partial
from pathlib import Path

import pytest

pytest.importorskip("pebble")
pytestmark = pytest.mark.slow  # worker processes

from plancheck.serve.runner import ReviewTimedOut, Runner


def _stuck(seconds: float) -> str:
    """Stands in for a review caught in a pathological document: a pure-Python loop that never yields."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        pass
    return "finished"


def _swallows_errors(seconds: float) -> str:
    """A review that turns every Exception into a result must still be stopped."""
    try:
        return _stuck(seconds)
    except Exception:  # noqa: BLE001
        return "swallowed"


def _note_pid(path: str) -> None:
    """A worker's preparation: it records that it ran, and in which process."""
    with open(path, "a", encoding="utf-8") as out:
        out.write(f"{os.getpid()}\n")


def _pid_after(seconds: float) -> int:
    """A short ordinary review: the worker's process id."""
    time.sleep(seconds)
    return os.getpid()


def test_review_over_the_limit_is_stopped_and_a_prepared_worker_serves_the_next(tmp_path: Path) -> None:
    prepared = tmp_path / "prepared"
    runner = Runner(processes=1, time_limit=1.0, prepare=partial(_note_pid, str(prepared)))
    try:
        async def scenario() -> tuple[float, int, int]:
            first = await runner.run(_pid_after, 0)
            started = time.monotonic()
            with pytest.raises(ReviewTimedOut, match="超过 1 秒"):
                await runner.run(_stuck, 60.0)
            stopped_after = time.monotonic() - started
            with pytest.raises(ReviewTimedOut):
                await runner.run(_swallows_errors, 60.0)
            assert await runner.run(_stuck, 0.05) == "finished"
            return stopped_after, first, await runner.run(_pid_after, 0)

        stopped_after, first, last = asyncio.run(scenario())
    finally:
        runner.close()
    # Stopped within the limit plus worker start-up, not after the 60 s the review wanted.
    assert stopped_after < 20
    # The worker of the stopped reviews was replaced, and the new one prepared before its first review.
    pids = prepared.read_text().split()
    assert first != last and str(first) in pids and str(last) in pids


def _hashes_in_c(rounds: int) -> bytes:
    """Stands in for a review caught in a long C call (fast_diff_match_patch, linear_sum_assignment):
    PBKDF2 runs its rounds in C, where the timer signal is not seen until it returns (300 million rounds:
    a minute or more)."""
    import hashlib

    return hashlib.pbkdf2_hmac("sha256", b"draft", b"baseline", rounds)


def _worker_pid_then_c_call(path: str) -> bytes:
    Path(path).write_text(str(os.getpid()))
    return _hashes_in_c(3 * 10 ** 8)


def _gone(pid: int) -> bool:
    """Whether a process no longer runs (a zombie counts as gone)."""
    status = Path(f"/proc/{pid}/status")
    if status.exists():
        return "\nState:\tZ" in status.read_text()
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_a_review_stuck_in_c_is_killed_and_replaced_while_its_neighbour_goes_on(tmp_path) -> None:
    runner = Runner(processes=2, time_limit=2.0)
    pid_file = tmp_path / "stuck.pid"
    try:
        async def scenario() -> tuple[float, list[int], list[int]]:
            started = time.monotonic()
            stuck = asyncio.ensure_future(runner.run(_worker_pid_then_c_call, str(pid_file)))
            neighbour: list[int] = []
            while not stuck.done():  # reviews in the other worker, one after another, all the while
                neighbour.append(await runner.run(_pid_after, 0.3))
            with pytest.raises(ReviewTimedOut, match="超过 2 秒"):
                await stuck
            stopped_after = time.monotonic() - started
            after = await asyncio.gather(runner.run(_pid_after, 0.5), runner.run(_pid_after, 0.5))
            return stopped_after, neighbour, list(after)

        stopped_after, neighbour, after = asyncio.run(scenario())
    finally:
        runner.close()
    stuck_pid = int(pid_file.read_text())
    # Stopped at the limit, plus the worker's 3 s to end before it is killed, and start-up; the C call
    # alone would have run for minutes.
    assert stopped_after < 2.0 + 3.0 + 8.0
    assert _gone(stuck_pid)
    # The neighbour lost nothing: its worker served it before, during and after the kill.
    assert len(neighbour) >= 5 and len(set(neighbour)) == 1 and stuck_pid not in neighbour
    # Two workers again, the killed one replaced.
    assert len(set(after)) == 2 and stuck_pid not in after


def _memory_cap() -> int | None:
    from plancheck.memory_cap import current_cap_mb

    return current_cap_mb()


def test_one_review_at_a_time_runs_each_in_a_fresh_capped_process_with_the_time_limit(monkeypatch) -> None:
    monkeypatch.setenv("PLANCHECK_MAX_MEMORY_MB", "1500")
    runner = Runner(processes=0, time_limit=2.0)
    try:
        async def scenario() -> tuple[list, float]:
            answers = [await runner.run(_memory_cap), await runner.run(_pid_after, 0), await runner.run(_pid_after, 0)]
            started = time.monotonic()
            with pytest.raises(ReviewTimedOut, match="超过 2 秒"):
                await runner.run(_stuck, 60.0)
            return answers, time.monotonic() - started

        (cap, first, second), stopped_after = asyncio.run(scenario())
    finally:
        runner.close()
    assert cap == 1500
    assert first != second  # a process of its own for each review
    assert stopped_after < 15


def test_an_idle_worker_killed_from_outside_does_not_take_the_service_down() -> None:
    import signal

    runner = Runner(processes=1, time_limit=30.0)
    try:
        async def scenario() -> tuple[int, int]:
            first = await runner.run(_pid_after, 0)
            os.kill(first, signal.SIGKILL)  # as the kernel's OOM killer would
            await asyncio.sleep(1.0)
            return first, await runner.run(_pid_after, 0)

        first, second = asyncio.run(scenario())
    finally:
        runner.close()
    assert second != first


def _niceness_after(cpu_seconds: float) -> int:
    """A review that reports its worker's CPU niceness after using `cpu_seconds` of CPU."""
    _stuck(cpu_seconds)
    time.sleep(0.5)  # the watch looks four times a second
    return os.getpriority(os.PRIO_PROCESS, os.getpid())


@pytest.mark.skipif(not hasattr(os, "getpriority"), reason="no process priorities on this platform")
def test_a_long_review_yields_the_cpu_to_the_others() -> None:
    from plancheck.serve.runner import DEMOTION

    base = os.getpriority(os.PRIO_PROCESS, os.getpid())  # what the workers start with
    runner = Runner(processes=1, time_limit=30.0, demote_after=0.5)
    try:
        async def scenario() -> tuple[int, int]:
            return await runner.run(_niceness_after, 0), await runner.run(_niceness_after, 1.5)

        short, long = asyncio.run(scenario())
    finally:
        runner.close()
    assert short == base and long == min(19, base + DEMOTION)


@pytest.mark.slow
def test_a_prepared_review_worker_runs_blas_on_one_thread_with_the_collector_settled():
    """A serve worker shares its cores with the other workers: many-threaded BLAS on a review's small
    matrices only fights them (see plancheck.reviewing_process)."""
    import subprocess
    import sys

    code = ("import gc; from threadpoolctl import threadpool_info; from plancheck.serve.review import warm_up; "
            "from plancheck.reviewing_process import REVIEW_GC_THRESHOLD; warm_up(); "
            "print(max(p['num_threads'] for p in threadpool_info() if p['user_api'] == 'blas'), "
            "gc.get_threshold()[0] == REVIEW_GC_THRESHOLD, gc.get_freeze_count() > 0)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.split() == ["1", "True", "True"]
