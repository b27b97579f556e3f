"""Load test of `plancheck serve` on the loopback interface, quiet and under attack.

200 uploads (draft + baseline + scheme, varied localities from the seeded benchmark corpus) from 8
concurrent clients against a real server in a subprocess. Passes when every upload gets 201, every
run's JSON report can be fetched, and the history holds exactly the runs the clients were given.
Prints throughput and latency percentiles, measured once the server reports its workers ready
(the start-up and model loading time is printed separately).

With `--attack` the same load runs twice against servers of the same settings: quiet, then beside
the attack clients of `serve_attacks.py` (memory bombs, stalled bodies, endless reviews that the
`--review-timeout` of the server must stop). It then also passes only when the normal clients lose
nothing under attack and their p95 latency stays within twice the quiet figure.

    python benchmarks/bench_serve.py                       # 200 analyses, 8 clients
    python benchmarks/bench_serve.py --analyses 50 --clients 4 --workers 2
    python benchmarks/bench_serve.py --attack --analyses 80
    pytest benchmarks/bench_serve.py                       # the same through pytest-benchmark
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

import httpx
from corpus import write_corpus
from serve_attacks import Attackers
from test_serve import Server

LOCALITIES = 40
# Server settings of the attack comparison (both runs): the endless review is stopped after this long.
ATTACK_REVIEW_TIMEOUT = 10
ALLOWED_SLOWDOWN = 2.0


@dataclass
class LoadResult:
    """What the load test saw."""

    seconds: float
    warm_up: float = 0.0
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    run_ids: list[int] = field(default_factory=list)
    history_ids: set[int] = field(default_factory=set)
    attacks: str = ""  # what the attack clients got, when there were any

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]

    @property
    def lost(self) -> set[int]:
        return set(self.run_ids) - self.history_ids

    def summary(self) -> str:
        return (f"server start and warm-up {self.warm_up:.1f} s; {len(self.latencies)} analyses in {self.seconds:.1f} s: {self.throughput:.2f} analyses/s; "
                f"latency p50 {self.percentile(50):.2f} s, p90 {self.percentile(90):.2f} s, "
                f"p95 {self.percentile(95):.2f} s, p99 {self.percentile(99):.2f} s, max {max(self.latencies or [0]):.2f} s, "
                f"mean {statistics.fmean(self.latencies or [0]):.2f} s; failures {len(self.failures)}; "
                f"history {len(self.history_ids)} runs, lost {len(self.lost)}"
                + (f"\n  attack clients got: {self.attacks}" if self.attacks else ""))


def _jobs(corpus: Path, analyses: int) -> list[tuple[str, dict[str, tuple[str, bytes, str]]]]:
    folders = write_corpus(corpus, LOCALITIES)
    jobs = []
    for k in range(analyses):
        folder = folders[k % len(folders)]
        by_name = sorted(folder.iterdir())
        draft, baseline = max(p for p in by_name if p.name.startswith("plan_")), \
            min(p for p in by_name if p.name.startswith("plan_"))
        scheme = next(p for p in by_name if p.name.startswith("scheme"))
        files = {role: (path.name, path.read_bytes(), "text/plain")
                 for role, path in (("draft", draft), ("baseline", baseline), ("scheme", scheme))}
        jobs.append((folder.name.split("_", 1)[1], files))
    return jobs


def load_test(workdir: Path, analyses: int = 200, clients: int = 8, workers: int | None = None,
              review_timeout: int | None = None, attack: bool = False) -> LoadResult:
    """Start a server over a fresh data folder and push `analyses` uploads through `clients` clients,
    beside the attack clients when `attack`."""
    jobs = _jobs(workdir / "corpus", analyses)
    server = Server(workdir / "data", max_upload_mb=20)
    if workers is not None:
        server.extra_args += ["--workers", str(workers)]
    if review_timeout is not None:
        server.extra_args += ["--review-timeout", str(review_timeout)]
    started = time.monotonic()
    server.start()
    while not httpx.get(f"{server.url}/api/health", timeout=10).json().get("ready"):
        time.sleep(0.2)
    lock = threading.Lock()
    result = LoadResult(0.0, warm_up=time.monotonic() - started)
    queue = list(enumerate(jobs))

    def client_loop() -> None:
        with httpx.Client(base_url=server.url, timeout=600) as client:
            while True:
                with lock:
                    if not queue:
                        return
                    k, (locality, files) = queue.pop()
                start = time.monotonic()
                try:
                    response = client.post("/api/runs", data={"locality": locality, "uploader": f"压测{k % clients}"},
                                           files=files)
                    ok = response.status_code == 201
                    report = client.get(f"/api/runs/{response.json()['id']}/report") if ok else None
                    ok = ok and report is not None and report.status_code == 200
                except httpx.HTTPError as exc:
                    response, ok = None, False
                    message = repr(exc)
                elapsed = time.monotonic() - start
                with lock:
                    if ok:
                        result.latencies.append(elapsed)
                        result.run_ids.append(response.json()["id"])
                    else:
                        result.failures.append(message if response is None else f"{response.status_code} {response.text}")

    attackers = Attackers(server.url)
    try:
        if attack:
            attackers.start()
            time.sleep(2.0)  # the attacks are under way before the first normal upload
        started = time.monotonic()
        threads = [threading.Thread(target=client_loop) for _ in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        result.seconds = time.monotonic() - started
        if attack:
            attackers.finish()
            result.attacks = attackers.summary()
        with httpx.Client(base_url=server.url, timeout=60) as client:
            listing = client.get("/api/runs", params={"limit": 1000}).json()
        result.history_ids = {run["id"] for run in listing["runs"]}
    finally:
        server.stop()
    return result


def check(result: LoadResult, analyses: int) -> None:
    """The pass conditions: no error, every run in the history, nothing extra."""
    assert not result.failures, result.failures[:3]
    assert len(result.run_ids) == analyses == len(set(result.run_ids))
    assert not result.lost and result.history_ids == set(result.run_ids)


def quiet_and_attacked(workdir: Path, analyses: int, clients: int = 8,
                       workers: int | None = None) -> tuple[LoadResult, LoadResult]:
    """The same load against two fresh servers of the same settings: quiet, then under attack."""
    quiet = load_test(workdir / "quiet", analyses, clients, workers, ATTACK_REVIEW_TIMEOUT)
    attacked = load_test(workdir / "attacked", analyses, clients, workers, ATTACK_REVIEW_TIMEOUT, attack=True)
    return quiet, attacked


def slowdown(quiet: LoadResult, attacked: LoadResult) -> float:
    """How many times the quiet p95 latency the normal clients saw under attack."""
    return attacked.percentile(95) / quiet.percentile(95)


def report_attack(quiet: LoadResult, attacked: LoadResult) -> str:
    return (f"quiet:    {quiet.summary()}\nattacked: {attacked.summary()}\n"
            f"p95 under attack / quiet: {attacked.percentile(95):.2f} s / {quiet.percentile(95):.2f} s"
            f" = {slowdown(quiet, attacked):.2f} (allowed {ALLOWED_SLOWDOWN:g})")


def check_attack(quiet: LoadResult, attacked: LoadResult, analyses: int) -> None:
    """Nothing lost in either run, and the attack slows the normal clients by at most ALLOWED_SLOWDOWN."""
    check(quiet, analyses)
    check(attacked, analyses)
    assert slowdown(quiet, attacked) <= ALLOWED_SLOWDOWN, report_attack(quiet, attacked)


# ---------------------------------------------------------------- pytest-benchmark entry point


def test_serve_load(benchmark, tmp_path):
    """200 analyses from 8 concurrent clients (pytest benchmarks/bench_serve.py)."""
    result = benchmark.pedantic(lambda: load_test(tmp_path, 200, 8), rounds=1, iterations=1)
    benchmark.extra_info.update(throughput=result.throughput, p50=result.percentile(50),
                                p95=result.percentile(95), p99=result.percentile(99))
    print(result.summary())
    check(result, 200)


def test_serve_under_attack(benchmark, tmp_path):
    """80 analyses from 8 clients beside the attack clients, against the same load quiet."""
    quiet = load_test(tmp_path / "quiet", 80, 8, None, ATTACK_REVIEW_TIMEOUT)
    attacked = benchmark.pedantic(
        lambda: load_test(tmp_path / "attacked", 80, 8, None, ATTACK_REVIEW_TIMEOUT, attack=True),
        rounds=1, iterations=1)
    benchmark.extra_info.update(p95_quiet=quiet.percentile(95), p95_attacked=attacked.percentile(95),
                                slowdown=slowdown(quiet, attacked), attacks=attacked.attacks)
    print(report_attack(quiet, attacked))
    check_attack(quiet, attacked, 80)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--analyses", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, help="review processes of the server (default: its own)")
    parser.add_argument("--attack", action="store_true",
                        help="run quiet, then beside the attack clients, and compare the normal clients' p95")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        if args.attack:
            quiet, attacked = quiet_and_attacked(Path(tmp), args.analyses, args.clients, args.workers)
            print(report_attack(quiet, attacked))
            check_attack(quiet, attacked, args.analyses)
            print(f"OK: nothing lost, p95 under attack within {ALLOWED_SLOWDOWN:g}x the quiet figure")
            return 0
        result = load_test(Path(tmp), args.analyses, args.clients, args.workers)
    print(result.summary())
    check(result, args.analyses)
    print("OK: no error, nothing lost from the history")
    return 0


if __name__ == "__main__":
    sys.exit(main())
