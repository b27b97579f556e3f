"""The rules stage of one locality's review: `run_checks` on the analysis the batch has just made.

Each round reads and analyses one locality of the varied benchmark corpus (untimed, as the batch worker
does just before the rules, so the per-plan features the comparison prepared are at hand), then times
`run_checks` on it, in CPU time (it holds on a busy machine), with the worker's garbage collector
settings. `extra_info` records the findings per locality, to show the work is the same.

Run: .venv/bin/pytest benchmarks/bench_checks.py --benchmark-only
"""
from __future__ import annotations

import gc
import itertools
import time

import pytest
from corpus import locality_documents

from plancheck.checks import CheckConfig, run_checks
from plancheck.compare import analyse
from plancheck.pipeline import dated
from plancheck.plans import load_plan
from plancheck.reviewing_process import settle_collector

LOCALITIES = 40
SEED = 7


@pytest.fixture(scope="module")
def corpus_plans(tmp_path_factory) -> list[tuple]:
    """(draft, baseline, scheme) of each corpus locality, read."""
    folder = tmp_path_factory.mktemp("checks")
    plans = []
    for k in range(LOCALITIES):
        _, texts = locality_documents(SEED, k)
        read = {}
        for name, text in texts.items():
            path = folder / f"{k}_{name}"
            path.write_text(text, encoding="utf-8")
            read[name] = load_plan(path, kind="scheme" if name.startswith("scheme") else "annual")
        scheme, baseline, draft = (read[name] for name in sorted(read, key=lambda n: (not n.startswith("scheme"), n)))
        plans.append((draft, baseline, scheme))
    return plans


@pytest.fixture
def worker_collector():
    """The batch worker's collector settings for the test, restored afterwards."""
    before = settle_collector()
    yield
    gc.unfreeze()
    gc.set_threshold(*before)


@pytest.mark.benchmark(timer=time.process_time)
def test_run_checks_per_locality(benchmark, corpus_plans, worker_collector):
    localities = itertools.cycle(corpus_plans)
    config = CheckConfig()
    findings: list[int] = []

    def analysed():
        draft, baseline, scheme = next(localities)
        baseline = dated(baseline)
        return (analyse(dated(draft, None, baseline.year + 1), baseline, scheme),), {}

    def checks(analysis):
        findings.append(len(run_checks(analysis, config)))

    benchmark.pedantic(checks, setup=analysed, rounds=LOCALITIES * 2, iterations=1, warmup_rounds=2)
    benchmark.extra_info["findings_per_locality"] = round(sum(findings) / len(findings), 1)
    assert sum(findings) > 0
