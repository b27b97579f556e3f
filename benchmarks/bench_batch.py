"""Batch throughput and single-check start-up cost, on the varied corpus of `corpus.py`.

Targets (issue #16):

* `plancheck batch` over 3,000 localities (a distinct draft, baseline and 42-item scheme each, every
  locality worded its own way) in <= 60 s on this 2-core machine with `--jobs 2`, peak memory < 2 GiB
  including the worker processes, cost growing linearly (100 / 1,000 / 3,000), and `--jobs 2` close to
  twice as fast as `--jobs 1`;
* one `plancheck check` of a 25-task draft with baseline and scheme within 1.5x the bare start-up of
  `python -c "import spacy, jieba, pandas"` with the jieba segmenter loaded.

Every run is a fresh `python -m plancheck ...` process, so start-up, worker start and report writing
count. Memory is the peak of the summed RSS of the whole process tree (sampled from /proc every
0.1 s) and, as a cross-check, `getrusage(RUSAGE_CHILDREN).ru_maxrss` (the largest single process).
CPU time (user + system of the whole tree) is printed beside wall time: it holds when other work
shares the machine, wall time does not. So does the disk's recent past: before measuring, the benchmark
prints what one locality's new files cost in its work folder (`output_creation_ms`); on ext4 without a
journal, files deleted in the last minutes (another run's clean-up) make it ten times dearer.

    python benchmarks/bench_batch.py                 # 100, 1000, 3000 at all cores; 100, 1000 at --jobs 1;
                                                     # the curve, the speed-up and the check ratio
    python benchmarks/bench_batch.py --runs 2:100,1000 1:100     # other sizes per job count
    python benchmarks/bench_batch.py --sizes 100 --jobs 2
    pytest benchmarks/bench_batch.py                 # through pytest-benchmark: 100, and the check ratio
    PLANCHECK_BATCH_SIZES=100,1000,3000 pytest benchmarks/bench_batch.py   # the whole curve
"""
from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from itertools import pairwise
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


# Above this, new files walk past recently deleted inodes (`output_creation_ms`).
RECENTLY_DELETED_MS = 0.3


def output_creation_ms(workdir: Path, samples: int = 300) -> float:
    """Kernel time (ms) to create one locality's outputs here, a folder and three 20 KB files, as the batch does.

    It depends on the disk's recent past: ext4 without a journal (this VM's disk) will not reuse an inode deleted
    in the last one to five minutes (`recently_deleted` in the kernel's inode allocator) and walks past each of
    them for every new file, so right after another run's clean-up the batch's own files cost ten times more
    (about 1.4 ms a locality against 0.1 ms). The probe's files stay until the work folder is removed: deleting
    them would cost the batch measured next.
    """
    probe = workdir / "output_probe"
    probe.mkdir(exist_ok=True)
    body = b"x" * 20_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_stime
    for k in range(samples):
        folder = probe / f"{k:05d}"
        folder.mkdir()
        for name in ("report.html", "report.json", "coverage.html"):
            (folder / name).write_bytes(body)
    return (resource.getrusage(resource.RUSAGE_SELF).ru_stime - before) / samples * 1000


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


def parse_runs(spec: list[str]) -> dict[int, list[int]]:
    """`2:100,1000,3000 1:100,1000` -> {2: [100, 1000, 3000], 1: [100, 1000]} (job count: sizes)."""
    runs: dict[int, list[int]] = {}
    for item in spec:
        jobs, _, sizes = item.partition(":")
        runs[int(jobs)] = [int(n) for n in sizes.split(",") if n.strip()]
    return runs


def main(argv: list[str] | None = None) -> int:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", nargs="+", default=[f"{cores}:100,1000,3000", "1:100,1000"],
                        help="JOBS:SIZE,SIZE... per job count (default: all cores to 3000, one job to 1000)")
    parser.add_argument("--sizes", type=int, nargs="+", help="these sizes only, at --jobs")
    parser.add_argument("--jobs", type=int, help="with --sizes: worker processes (default: all cores)")
    parser.add_argument("--workdir", help="keep corpora and outputs here (default: a temporary folder)")
    parser.add_argument("--skip-check", action="store_true", help="skip the check-vs-import ratio")
    args = parser.parse_args(argv)
    runs = {args.jobs or cores: args.sizes} if args.sizes else parse_runs(args.runs)

    print(f"cores: {cores}; load average {os.getloadavg()[0]:.1f} at the start (wall time needs an idle machine, "
          "CPU time does not)", flush=True)
    # The interpreter's build counts: a distribution's CPython (built with profile-guided optimisation) runs
    # the review about a tenth faster than one compiled without it, as pyenv does by default.
    print(f"python {platform.python_version()} ({platform.python_build()[1]}) at {sys.executable}", flush=True)
    measured: dict[tuple[int, int], Run] = {}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(args.workdir or tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        creation = output_creation_ms(workdir)
        print(f"new outputs in {workdir}: {creation:.2f} ms of kernel time per locality (a folder and three files)"
              + ("; files were deleted on this disk in the last minutes: wait, or measure elsewhere"
                 if creation > RECENTLY_DELETED_MS else ""), flush=True)
        for jobs, sizes in runs.items():
            for size in sizes:
                run = batch_run(workdir, size, jobs)
                measured[jobs, size] = run
                print(f"jobs {jobs} {size:>6} localities: {run.seconds:8.1f} s  {run.seconds / size * 1000:6.1f} ms each  "
                      f"CPU {run.cpu_seconds:7.1f} s ({run.cpu_seconds / size * 1000:.0f} ms each)  "
                      f"peak tree RSS {run.peak_tree_rss / GIB:5.2f} GiB  largest process {run.max_child_rss / GIB:5.2f} GiB  "
                      f"load {os.getloadavg()[0]:.1f}  exit {run.returncode}", flush=True)
    print_curve(measured)
    if not args.skip_check:
        check, bare, check_cpu, bare_cpu = check_ratio()
        print(f"plancheck check: {check:.2f} s wall, {check_cpu:.2f} s CPU; bare import: {bare:.2f} s wall, "
              f"{bare_cpu:.2f} s CPU; ratio {check / bare:.2f} wall, {check_cpu / bare_cpu:.2f} CPU (target <= 1.5)")
    return 0


def print_curve(measured: dict[tuple[int, int], Run]) -> None:
    """The curve (sizes x job counts), each job count's linearity, the speed-up of more jobs, the targets."""
    jobs_counts = sorted({jobs for jobs, _ in measured}, reverse=True)
    sizes = sorted({size for _, size in measured})
    print("\ncurve: wall s (CPU s, peak GiB) per job count")
    print(f"{'localities':>10}  " + "  ".join(f"{f'jobs {j}':>26}" for j in jobs_counts))
    for size in sizes:
        cells = [f"{r.seconds:7.1f} s ({r.cpu_seconds:7.1f}, {r.peak_tree_rss / GIB:4.2f})" if (r := measured.get((j, size)))
                 else "" for j in jobs_counts]
        print(f"{size:>10}  " + "  ".join(f"{c:>26}" for c in cells))
    for jobs in jobs_counts:
        points = sorted((size, run) for (j, size), run in measured.items() if j == jobs)
        if len(points) < 2:
            continue
        (n0, r0), (n1, r1) = points[0], points[-1]
        marginal, cpu_marginal = (r1.seconds - r0.seconds) / (n1 - n0), (r1.cpu_seconds - r0.cpu_seconds) / (n1 - n0)
        print(f"jobs {jobs}: marginal {marginal * 1000:.1f} ms/locality wall, {cpu_marginal * 1000:.1f} ms CPU; fixed "
              f"{r0.seconds - marginal * n0:.1f} s wall, {r0.cpu_seconds - cpu_marginal * n0:.1f} s CPU; cost per "
              f"locality at {n1} / at {n0}: {(r1.seconds / n1) / (r0.seconds / n0):.2f} wall, "
              f"{(r1.cpu_seconds / n1) / (r0.cpu_seconds / n0):.2f} CPU (1.0 = linear)")
        segments = ", ".join(
            f"{a}->{b}: {(rb.seconds - ra.seconds) / (b - a) * 1000:.1f} ms wall, "
            f"{(rb.cpu_seconds - ra.cpu_seconds) / (b - a) * 1000:.1f} ms CPU"
            for (a, ra), (b, rb) in pairwise(points))
        print(f"jobs {jobs}: cost of each further locality {segments} (equal = linear)")
        if jobs > 1:
            print(f"jobs {jobs}: 3000 localities on {jobs} idle cores, from the CPU time: about "
                  f"{(r0.cpu_seconds + cpu_marginal * (3000 - n0)) / jobs:.0f} s")
    if len(jobs_counts) > 1:
        many, one = jobs_counts[0], jobs_counts[-1]
        for size in sizes:
            if (many, size) in measured and (one, size) in measured:
                fast, slow = measured[many, size], measured[one, size]
                print(f"{size} localities: jobs {many} is {slow.seconds / fast.seconds:.2f}x jobs {one} in wall time; "
                      f"its workers were busy {fast.cpu_seconds / (fast.seconds * many):.0%} of the time "
                      f"(target: close to {many / one:.0f}x)")
    largest = max(measured.items(), key=lambda item: (item[0][1], item[0][0]))
    (jobs, size), run = largest
    print(f"targets: {size} localities at jobs {jobs} in {run.seconds:.1f} s (3000 in <= 60 s), peak tree RSS "
          f"{run.peak_tree_rss / GIB:.2f} GiB (< 2 GiB)")


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
