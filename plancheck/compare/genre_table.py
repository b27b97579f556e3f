"""The genre's document frequencies: in how many tasks of a corpus of plans each term occurs.

The table `genre_terms.txt` next to this module was built from a corpus of plans (one real county
plan of 2022, the fictional sample plans and schemes of 清河县 and 东湖区, and the bundled 示例县
examples) with `python -m plancheck.compare.genre_table OUT PLAN...`; each task or scheme item is
one document. Terms found in fewer than MIN_DF documents are left out: they are not generic.
"""
from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence
from functools import cache
from pathlib import Path

TABLE = Path(__file__).with_name("genre_terms.txt")
MIN_DF = 3


def document_frequencies(paths: Sequence[str | Path]) -> tuple[int, Counter]:
    """(documents, term -> documents holding it) over every task of the plans at `paths`."""
    from ..plans import load_plan
    from .features import prepare

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


@cache
def genre_table() -> tuple[int, dict[str, int]]:
    """(documents, term -> df) of the bundled table; (0, {}) when it is missing."""
    if not TABLE.is_file():
        return 0, {}
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    documents = int(lines[0].split()[-1])
    return documents, {t: int(n) for t, n in (line.split() for line in lines[1:] if line.strip())}


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print("用法:python -m plancheck.compare.genre_table 输出文件 计划文件…", file=sys.stderr)
        return 2
    documents, df = document_frequencies(argv[1:])
    write_table(Path(argv[0]), documents, df)
    print(f"{documents} documents, {sum(1 for n in df.values() if n >= MIN_DF)} terms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
