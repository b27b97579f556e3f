"""The review runner: a review that runs past its time limit is stopped and the worker serves the next."""
from __future__ import annotations

import asyncio
import signal
import time

import pytest

pytest.importorskip("anyio")
pytestmark = [pytest.mark.slow,  # worker processes
              pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="no timer signal on this platform")]

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


def test_review_over_the_limit_is_stopped_and_the_worker_reused() -> None:
    runner = Runner(processes=1, time_limit=1.0)
    try:
        async def scenario() -> tuple[float, str]:
            started = time.monotonic()
            with pytest.raises(ReviewTimedOut, match="超过 1 秒"):
                await runner.run(_stuck, 60.0)
            stopped_after = time.monotonic() - started
            with pytest.raises(ReviewTimedOut):
                await runner.run(_swallows_errors, 60.0)
            return stopped_after, await runner.run(_stuck, 0.05)

        stopped_after, answer = asyncio.run(scenario())
    finally:
        runner.close()
    # Stopped within the limit plus worker start-up, not after the 60 s the review wanted.
    assert stopped_after < 20 and answer == "finished"
