"""The genre's document frequencies: in how many tasks of a corpus of plans each term occurs.

The table `genre_terms.txt` next to this module was built from a corpus of plans (one real county
plan of 2022, the fictional sample plans and schemes of 清河县 and 东湖区, and the bundled 示例县
examples) with `python -m plancheck.compare.genre_build OUT PLAN...`; each task or scheme item is
one document. Terms found in fewer than MIN_DF documents are left out: they are not generic.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

TABLE = Path(__file__).with_name("genre_terms.txt")
MIN_DF = 3


@cache
def genre_table() -> tuple[int, dict[str, int]]:
    """(documents, term -> df) of the bundled table; (0, {}) when it is missing."""
    if not TABLE.is_file():
        return 0, {}
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    documents = int(lines[0].split()[-1])
    return documents, {t: int(n) for t, n in (line.split() for line in lines[1:] if line.strip())}
