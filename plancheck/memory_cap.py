"""A cap on one review's memory, so that a document no reader foresaw cannot take the machine down.

The cap is the process's address space (RLIMIT_AS): past it an allocation fails with MemoryError, which
becomes one Chinese line (CLI), a problem in the batch summary, or a 422 answer (serve), instead of the
kernel's OOM killer picking a process. The CLI caps itself; batch and serve workers cap each worker.
"""
from __future__ import annotations

import os

MAX_MEMORY_ENV = "PLANCHECK_MAX_MEMORY_MB"
# Address space, not resident memory: a review of a 60-task plan with baseline and scheme maps about
# 520 MB (libraries, models) and touches about 210 MB of it; below ~600 MB the libraries cannot load.
DEFAULT_MAX_MEMORY_MB = 2048
_MB = 1024 * 1024


class MemoryCapError(ValueError):
    """PLANCHECK_MAX_MEMORY_MB is not a usable number; str() is the Chinese message."""


def memory_cap_mb() -> int | None:
    """The cap in MB: PLANCHECK_MAX_MEMORY_MB when set (0 switches it off), else DEFAULT_MAX_MEMORY_MB."""
    value = os.environ.get(MAX_MEMORY_ENV, "").strip()
    if not value:
        return DEFAULT_MAX_MEMORY_MB
    if not value.isdigit():
        raise MemoryCapError(f"环境变量 {MAX_MEMORY_ENV} 的值“{value}”无效,应为整数(单位 MB,0 表示不限)")
    return int(value) or None


def apply_memory_cap(megabytes: int | None = None) -> int | None:
    """Lower this process's address-space limit to the cap (never raise it); the limit now in MB, or None.

    Child processes inherit the limit, each for itself.
    """
    try:
        import resource
    except ImportError:  # Windows: no rlimits; the reviews run uncapped
        return None
    megabytes = memory_cap_mb() if megabytes is None else megabytes
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limits = [x for x in (soft, hard, megabytes * _MB if megabytes else None)
              if x is not None and x != resource.RLIM_INFINITY]
    if not limits:
        return None
    resource.setrlimit(resource.RLIMIT_AS, (min(limits), hard))
    return min(limits) // _MB


def cap_worker_memory() -> None:
    """apply_memory_cap for a worker process: a bad PLANCHECK_MAX_MEMORY_MB means the default, not a dead pool."""
    try:
        apply_memory_cap()
    except MemoryCapError:
        apply_memory_cap(DEFAULT_MAX_MEMORY_MB)


def memory_exceeded_message() -> str:
    """What the user reads when a review ran out of its memory cap."""
    cap = current_cap_mb()
    limit = f"上限({cap} MB)" if cap else "可用内存"
    return (f"审查所需内存超过{limit},已停止:文件可能过大或结构异常"
            f"(上限可用环境变量 {MAX_MEMORY_ENV} 调整)")


def current_cap_mb() -> int | None:
    """The address-space limit of this process in MB, or None when unlimited."""
    try:
        import resource
    except ImportError:
        return None
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    return None if soft == resource.RLIM_INFINITY else soft // _MB
