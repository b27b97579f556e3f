"""Score the aligner on the generated pair corpus, from the repository root:
`PYTHONPATH=tests .venv/bin/python -m aligncorpus [COUNT] [SEED] [-v]` (a dependency installs a
`tests` package of its own, so the corpus is imported as `aligncorpus`)."""
from __future__ import annotations

import sys

from .generate import generate_corpus
from .score import format_score, score_corpus


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    count = int(args[0]) if args else 40
    seed = int(args[1]) if len(args) > 1 else 2025
    score = score_corpus(generate_corpus(count, seed))
    print(format_score(score))
    if verbose:
        print("\n".join(score.errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
