"""Batch throughput and single-check start-up cost.

Targets (issue #6):

* `plancheck batch` over 3,000 localities (one draft, one baseline, one scheme each) in < 120 s with
  peak memory < 2 GiB including the worker processes, and cost growing linearly (100 / 1,000 / 3,000);
* one `plancheck check` of a 25-task draft with baseline and scheme within 1.5x the bare start-up of
  `python -c "import spacy, jieba, pandas"` with the jieba segmenter loaded.

Every run is a fresh `python -m plancheck ...` process, so start-up, worker start and report writing
count. Memory is the peak of the summed RSS of the whole process tree (sampled from /proc every
0.1 s) and, as a cross-check, `getrusage(RUSAGE_CHILDREN).ru_maxrss` (the largest single process).

    python benchmarks/bench_batch.py                 # 100, 1000, 3000 and the check ratio
    python benchmarks/bench_batch.py --sizes 100 --jobs 2
    pytest benchmarks/bench_batch.py                 # through pytest-benchmark: 100, and the check ratio
    PLANCHECK_BATCH_SIZES=100,1000,3000 pytest benchmarks/bench_batch.py   # the whole curve
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

from corpus import write_corpus

EXAMPLES = ROOT / "plancheck" / "plans" / "examples"
BARE_IMPORT = ("import spacy, jieba, pandas; "
               "spacy.blank('zh', config={'nlp': {'tokenizer': {'segmenter': 'jieba'}}})('加强行政执法监督')")
GIB = 1024 ** 3


@dataclass
class Run:
    """One measured command."""

    seconds: float
    peak_tree_rss: int  # bytes, summed over the process tree
    max_child_rss: int  # bytes, the largest single descendant (ru_maxrss)
    returncode: int
    cpu_seconds: float = 0.0  # user + system time of the whole tree: robust when the machine is busy


def _tree_rss(root_pid: int) -> int:
    """Summed RSS (bytes) of root_pid and all its descendants, read from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stream:
                fields = stream.read().rsplit(b")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * page
        except (OSError, IndexError, ValueError):
            continue
    tree, frontier = {root_pid}, [root_pid]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in tree:
                tree.add(child)
                frontier.append(child)
    return sum(rss.get(pid, 0) for pid in tree)


def measure(command: list[str], quiet: bool = True) -> Run:
    """Run a command, sampling its process tree's memory; return wall time and peaks."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL if quiet else None,
                               stderr=subprocess.DEVNULL if quiet else None)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = process.wait()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime - cpu_before
    return Run(seconds, peak, max(usage.ru_maxrss, before) * 1024, code, cpu)


def batch_run(workdir: Path, localities: int, jobs: int | None, seed: int = 7) -> Run:
    """Write a corpus of `localities` (untimed) and time `plancheck batch` over it."""
    corpus = workdir / f"corpus_{localities}"
    if not corpus.exists():
        write_corpus(corpus, localities, seed=seed)
    command = [sys.executable, "-m", "plancheck", "batch", str(corpus), "--out", str(workdir / f"out_{localities}")]
    if jobs:
        command += ["--jobs", str(jobs)]
    return measure(command)


def check_ratio(repeat: int = 5) -> tuple[float, float, float, float]:
    """Median wall and CPU seconds of one `plancheck check` (examples: 25-task draft, baseline, scheme) and of
    the bare import: (check wall, bare wall, check CPU, bare CPU)."""
    with tempfile.TemporaryDirectory() as tmp:
        check = [sys.executable, "-m", "plancheck", "check", str(EXAMPLES / "plan_2025.txt"),
                 "--baseline", str(EXAMPLES / "plan_2024.txt"), "--scheme", str(EXAMPLES / "scheme_2021_2025.txt"),
                 "--json", str(Path(tmp) / "report.json")]
        bare = [sys.executable, "-c", BARE_IMPORT]
        for command in (check, bare):  # warm the file cache
            measure(command)
        checks = [measure(check) for _ in range(repeat)]
        bares = [measure(bare) for _ in range(repeat)]
    return (statistics.median(r.seconds for r in checks), statistics.median(r.seconds for r in bares),
            statistics.median(r.cpu_seconds for r in checks), statistics.median(r.cpu_seconds for r in bares))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 3000])
    parser.add_argument("--jobs", type=int, help="worker processes (default: all cores)")
    parser.add_argument("--workdir", help="keep corpora and outputs here (default: a temporary folder)")
    parser.add_argument("--skip-check", action="store_true", help="skip the check-vs-import ratio")
    args = parser.parse_args(argv)

    print(f"cores: {os.cpu_count()}, jobs: {args.jobs or os.cpu_count()}")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(args.workdir or tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        rows = []
        for size in args.sizes:
            run = batch_run(workdir, size, args.jobs)
            rows.append((size, run))
            print(f"{size:>6} localities: {run.seconds:8.1f} s  {size / run.seconds:6.1f} /s  "
                  f"{run.seconds / size * 1000:6.1f} ms each  peak tree RSS {run.peak_tree_rss / GIB:5.2f} GiB  "
                  f"largest process {run.max_child_rss / GIB:5.2f} GiB  CPU {run.cpu_seconds:7.1f} s "
                  f"({run.cpu_seconds / size * 1000:.0f} ms each)  load {os.getloadavg()[0]:.1f}  "
                  f"exit {run.returncode}", flush=True)
        if len(rows) > 1:
            (n0, r0), (n1, r1) = rows[0], rows[-1]
            marginal = (r1.seconds - r0.seconds) / (n1 - n0)
            print(f"marginal cost {marginal * 1000:.1f} ms/locality; fixed cost "
                  f"{r0.seconds - marginal * n0:.1f} s; per-locality cost ratio {n1}/{n0}: "
                  f"{(r1.seconds / n1) / (r0.seconds / n0):.2f} (1.0 = linear)")
            cpu_marginal = (r1.cpu_seconds - r0.cpu_seconds) / (n1 - n0)
            cores = args.jobs or os.cpu_count() or 1
            print(f"CPU: marginal {cpu_marginal * 1000:.1f} ms/locality, fixed {r0.cpu_seconds - cpu_marginal * n0:.1f} s "
                  f"(CPU time does not depend on how busy the machine is; wall time does)")
            projected = rows[-1][1].seconds if rows[-1][0] == 3000 else r0.seconds + marginal * (3000 - n0)
            print(f"3000 localities: {projected:.1f} s measured; on {cores} idle cores about "
                  f"{(r0.cpu_seconds + cpu_marginal * (3000 - n0)) / cores:.0f} s (target < 120 s)")
    if not args.skip_check:
        check, bare, check_cpu, bare_cpu = check_ratio()
        print(f"plancheck check: {check:.2f} s wall, {check_cpu:.2f} s CPU; bare import: {bare:.2f} s wall, "
              f"{bare_cpu:.2f} s CPU; ratio {check / bare:.2f} wall, {check_cpu / bare_cpu:.2f} CPU (target <= 1.5)")
    return 0


# ---------------------------------------------------------------- pytest-benchmark entry points


# PLANCHECK_BATCH_SIZES=100,1000,3000 pytest benchmarks/bench_batch.py: the scaling curve in pytest-benchmark.
BENCH_SIZES = [int(n) for n in os.environ.get("PLANCHECK_BATCH_SIZES", "100").split(",") if n.strip()]


@pytest.mark.parametrize("localities", BENCH_SIZES)
def test_batch(benchmark, tmp_path, localities):
    """`plancheck batch` over a seeded corpus (written untimed), one round per size."""
    write_corpus(tmp_path / f"corpus_{localities}", localities)
    run = benchmark.pedantic(lambda: batch_run(tmp_path, localities, None), rounds=1, iterations=1)
    benchmark.extra_info.update(localities=localities, seconds=run.seconds, cpu_seconds=run.cpu_seconds,
                                ms_per_locality=run.seconds / localities * 1000,
                                peak_tree_rss_gib=run.peak_tree_rss / GIB)
    assert run.returncode in (0, 1) and run.peak_tree_rss < 2 * GIB


def test_check_vs_bare_import(benchmark):
    """One `plancheck check` against the bare import of spaCy, jieba and pandas."""
    check, bare, check_cpu, bare_cpu = benchmark.pedantic(lambda: check_ratio(repeat=3), rounds=1, iterations=1)
    benchmark.extra_info.update(check_seconds=check, bare_seconds=bare, ratio=check / bare,
                                cpu_ratio=check_cpu / bare_cpu)


if __name__ == "__main__":
    sys.exit(main())
