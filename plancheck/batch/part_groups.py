"""Scheme parts across localities: which parts of the schemes a province's drafts implement least.

Most local schemes follow the national outline's parts (`二、健全政府机构职能体系,推动更好发挥政府作用`),
each locality wording them a little differently. A part is known by its key: the title without its
numbering, reduced to its first clause (the outline's `健全……体系`; the clause after the comma is where
localities differ most), with punctuation, white space and the locality's own names (`清河县`, `清河`,
`全县`, `我县`) removed. Keys at least `SAME_PART` similar (rapidfuzz ratio) are one part. Each group
sums the items of its localities' parts and the items their drafts implement, as `batch.review` took
them from the coverage of each draft (nothing is linked again here).
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..compare.tokens import normalise, strip_task_number
from .review import LocalityResult

# Two keys this similar (rapidfuzz ratio, 0-100) name the same part: `健全政府机构职能体系` and
# `健全政府职能体系` score 89, the outline's distinct parts `健全依法行政制度体系` and `健全行政决策制度体系` 80.
SAME_PART = 85
# A first clause shorter than this (`总体要求` has no comma anyway) says too little: the whole title is used.
SHORT_CLAUSE = 4
UNTITLED = "(未分部分的条目)"

_CLAUSE_END = re.compile(r"[,,;;::。]")
_NOT_WORD = re.compile(r"[\W_]+")
_DIVISION_SUFFIX = re.compile(r"(?:自治县|自治州|自治旗|特别行政区|新区|省|市|县|区|州|盟|旗)$")
_GENERIC_PLACES = ("全省", "全市", "全县", "全区", "全州", "全旗", "我省", "我市", "我县", "我区", "我州", "我旗",
                   "本省", "本市", "本县", "本区")


@dataclass(frozen=True)
class PartGroup:
    """One part as the province's schemes have it: its localities, items and the items their drafts implement."""

    title: str  # the most frequent wording, numbering removed
    localities: int
    items: int
    covered: int
    wordings: tuple[str, ...]  # every wording grouped here, most frequent first

    @property
    def share(self) -> float:
        """Items implemented / items (0 for a part without items)."""
        return self.covered / self.items if self.items else 0.0


def other_wordings(group: PartGroup, limit: int) -> str:
    """The group's wordings but its title, the `limit` most frequent of them, and how many more there are."""
    others = group.wordings[1:]
    shown = ";".join(others[:limit])
    return shown if len(others) <= limit else f"{shown};另有 {len(others) - limit} 种写法"


def place_names(locality: str) -> tuple[str, ...]:
    """The names a locality's texts call it by: each level of its path, and each without `县`/`市`/`区`."""
    names = set()
    for level in locality.split("/"):
        level = normalise(level)
        if level:
            names.add(level)
            stem = _DIVISION_SUFFIX.sub("", level)
            if len(stem) >= 2:
                names.add(stem)
    return tuple(sorted(names, key=len, reverse=True))


def part_key(title: str, places: Sequence[str] = ()) -> str:
    """The key a part title is grouped by: first clause, no numbering, punctuation or place names."""
    return _key(_unnumbered(title), places)


def _unnumbered(title: str) -> str:
    return strip_task_number(normalise(title))


def _key(text: str, places: Sequence[str]) -> str:
    """`part_key` of a title already normalised and stripped of its numbering."""
    clause = _CLAUSE_END.split(text, maxsplit=1)[0]
    if len(_NOT_WORD.sub("", clause)) >= SHORT_CLAUSE:
        text = clause
    for name in (*places, *_GENERIC_PLACES):
        text = text.replace(name, "")
    return _NOT_WORD.sub("", text)


def group_parts(results: Iterable[LocalityResult]) -> tuple[PartGroup, ...]:
    """The parts of every locality's scheme grouped by key, weakest share first (then the most localities)."""
    from rapidfuzz import fuzz, process

    entries = []  # (key, wording, locality, items, covered)
    for result in results:
        places = place_names(result.locality)
        for part in result.parts:
            text = _unnumbered(part.title)  # normalised once for both the key and the wording
            entries.append((_key(text, places), text.strip() or UNTITLED, result.locality, part.items, part.covered))
    frequency = Counter(key for key, *_ in entries)
    keys: list[str] = []  # one per group: the most frequent key of it, which later keys are compared with
    group_of: dict[str, int] = {}
    for key, _ in sorted(frequency.items(), key=lambda kv: (-kv[1], kv[0])):
        match = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=SAME_PART) if key else None
        if match is None:
            keys.append(key)
            group_of[key] = len(keys) - 1
        else:
            group_of[key] = match[2]
    members: list[list[tuple]] = [[] for _ in keys]
    for entry in entries:
        members[group_of[entry[0]]].append(entry)
    groups = [_group(rows) for rows in members]
    return tuple(sorted(groups, key=lambda g: (g.share, -g.localities, g.title)))


def _group(rows: Sequence[tuple]) -> PartGroup:
    wordings = Counter(wording for _, wording, *_ in rows)
    ordered = tuple(w for w, _ in sorted(wordings.items(), key=lambda kv: (-kv[1], kv[0])))
    return PartGroup(
        title=ordered[0],
        localities=len({locality for _, _, locality, _, _ in rows}),
        items=sum(items for *_, items, _ in rows),
        covered=sum(covered for *_, covered in rows),
        wordings=ordered,
    )
