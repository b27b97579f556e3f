"""Profile the batch worker's review of one locality, in process, on the varied benchmark corpus.

Writes a corpus (untimed), primes the worker as the batch does (`init_worker`), then profiles
`review_locality` over the localities with pyinstrument (a sampling profiler, so the numbers are not
skewed by per-call overhead) and prints the call tree with the time of each stage: reading, alignment,
scheme links, each rule, coverage, report rendering and writing.

    python benchmarks/profile_review.py [--localities 50] [--seed 7] [--html profile.html] [--cprofile out.prof]
    python benchmarks/profile_review.py --bare     # no profiler: the plain CPU time per locality
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

from corpus import write_corpus


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--localities", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--html", help="also write pyinstrument's interactive HTML here")
    parser.add_argument("--cprofile", help="profile with cProfile instead and write its stats here")
    parser.add_argument("--bare", action="store_true", help="no profiler: time the reviews alone")
    args = parser.parse_args(argv)

    from plancheck.batch.jobs import discover
    from plancheck.batch.review import init_worker, review_locality

    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(Path(tmp) / "corpus", args.localities, seed=args.seed)
        jobs = discover(Path(tmp) / "corpus")
        out = str(Path(tmp) / "out")
        init_worker()
        started, cpu_started = time.perf_counter(), time.process_time()
        if args.bare:
            for job in jobs:
                review_locality(job, out)
        elif args.cprofile:
            import cProfile

            with cProfile.Profile() as profile:
                for job in jobs:
                    review_locality(job, out)
            profile.dump_stats(args.cprofile)
        else:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005)
            with profiler:
                for job in jobs:
                    review_locality(job, out)
            print(profiler.output_text(show_all=False, time="percent_of_total"))
            if args.html:
                Path(args.html).write_text(profiler.output_html(), encoding="utf-8")
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    print(f"{len(jobs)} localities: {seconds / len(jobs) * 1000:.1f} ms wall, {cpu / len(jobs) * 1000:.1f} ms CPU each "
          f"(in process{'' if args.bare else ', profiled'}; CPU time holds when the machine is busy)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
