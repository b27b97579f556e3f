"""Settings for a process that reviews plan after plan (a batch or serve worker): one BLAS thread, and a
garbage collector tuned to a review's allocations."""
from __future__ import annotations

import os


def no_blas_thread_pool() -> None:
    """Ask OpenBLAS (numpy's and scipy's each) to start no threads of its own, for a process that has not
    loaded them yet: call it first thing in a worker.

    OpenBLAS starts one thread per core when it loads, and they spin for about a tenth of a second before
    they sleep: some 0.25 s of CPU a worker, taken from the other workers starting beside it, for threads
    `one_blas_thread` then leaves idle. A limit the user set in the environment is kept.
    """
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def one_blas_thread():
    """Limit numpy's and scipy's BLAS to one thread, loading them first; returns threadpoolctl's limiter
    (a context manager that restores the previous limits on exit, or a setting a worker simply keeps).

    Every matrix of a review is small (tasks x terms), where OpenBLAS's threads cost more than they save:
    with another worker on each core they wait for each other, ten times slower than one thread.
    """
    import numpy  # noqa: F401 - loaded so that its BLAS can be limited
    import scipy.optimize  # noqa: F401 - scipy ships a BLAS of its own
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1)


# A review allocates a few hundred thousand objects and frees nearly all of them by reference counting; at
# Python's default (a young collection every 700 net allocations) the collector ran some fifteen times a
# locality and took about 4 ms of it, at this threshold about 1 ms.
REVIEW_GC_THRESHOLD = 50_000


def settle_collector() -> tuple[int, int, int]:
    """Freeze what is loaded and collect young objects less often, for a process that reviews locality after
    locality; returns the thresholds before, for a caller that restores them (with `gc.unfreeze`).

    The segmenter, numpy, scipy and the rules live as long as the process: frozen, they are no longer walked
    by every full collection (about 1.5 ms a locality otherwise).
    """
    import gc

    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(REVIEW_GC_THRESHOLD, *before[1:])
    return before
