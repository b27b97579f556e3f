"""Building the genre table (`genre_table.TABLE`) from a corpus of plans. A maintenance command, kept apart
from the table's reader so that reading it needs neither the splitter nor the comparison features.

    python -m plancheck.compare.genre_build OUT PLAN...
"""
from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from ..plans import load_plan
from .features import prepare
from .genre_table import MIN_DF


def document_frequencies(paths: Sequence[str | Path]) -> tuple[int, Counter]:
    """(documents, term -> documents holding it) over every task of the plans at `paths`."""
    df: Counter = Counter()
    documents = 0
    for path in paths:
        for terms in prepare(load_plan(path).tasks).terms:
            df.update(set(terms))
            documents += 1
    return documents, df


def write_table(path: Path, documents: int, df: Counter) -> None:
    """`# documents N` and then `term df` lines, most frequent first."""
    rows = sorted(((t, n) for t, n in df.items() if n >= MIN_DF), key=lambda r: (-r[1], r[0]))
    path.write_text(f"# documents {documents}\n" + "".join(f"{t} {n}\n" for t, n in rows), encoding="utf-8")


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print("用法:python -m plancheck.compare.genre_build 输出文件 计划文件…", file=sys.stderr)
        return 2
    documents, df = document_frequencies(argv[1:])
    write_table(Path(argv[0]), documents, df)
    print(f"{documents} documents, {sum(1 for n in df.values() if n >= MIN_DF)} terms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
