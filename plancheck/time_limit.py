"""Stopping a call that runs past its time limit, from a timer signal inside the process running it.

The signal interrupts Python code between bytecodes, which is where a pathological document keeps a
reader or a rule busy; a long call into C cannot be interrupted, which is why the diffs and the
assignments bound their own time. Only the main thread receives signals: elsewhere the call runs unlimited.
"""
from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


class OutOfTime(BaseException):
    """Raised by the timer; a BaseException, so no `except Exception` of the call mistakes it for a problem
    with the documents."""


def _on_timer(signum: int, frame: Any) -> None:
    raise OutOfTime


def call_within(seconds: float | None, fn: Callable[..., T], *args: Any) -> T:
    """fn(*args), interrupted with OutOfTime after `seconds` (None or 0: no limit)."""
    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return fn(*args)
    previous = signal.signal(signal.SIGALRM, _on_timer)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return fn(*args)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
