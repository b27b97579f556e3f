"""Pairs of plans (last year's, the draft) made with the edits drafters make, and the truth of each pair.

From a baseline drawn out of the bank, the draft keeps some tasks (carried, targets changed at most),
rewords some (a few genre synonyms swapped, a clause added), moves some to another section, rewrites
some (paraphrased title, every synonym swapped, clauses and their parts reordered, a clause dropped
or added), splits one task in two, merges two into one, drops some (sometimes putting a near-miss
distractor in their place) and adds fresh ones. Sections get renamed and two of them merged.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from plancheck.plans.model import Plan, Section, Source, Task

from .bank import DISTRACTORS, PADDING, SECTIONS, SYNONYMS, TASKS, BankTask

KINDS = ("carried", "reworded", "moved", "rewritten", "split", "merged")
CN = "一二三四五六七八九十"
LOCALITIES = ("青松县", "白桦县", "云岭县", "石泉县", "柳溪县", "芦湾县")

# How often each edit is drawn for a baseline task (merges take the next task with them).
EDIT_WEIGHTS = {"carried": 22, "reworded": 18, "moved": 8, "rewritten": 20, "split": 8, "merged": 8, "dropped": 12}


@dataclass(frozen=True)
class PairTruth:
    """What really happened between the two plans; task numbers are 1-based indexes."""

    pairs: dict[tuple[int, int], str]
    dropped: frozenset[int]
    added: frozenset[int]
    distractors: frozenset[tuple[int, int]]  # (dropped baseline task, draft task that only looks like it)


@dataclass(frozen=True)
class GeneratedPair:
    """A baseline, a draft made from it, and the truth."""

    seed: int
    baseline: Plan
    draft: Plan
    truth: PairTruth


@dataclass
class _Item:
    """A task on its way into a plan: where it sits and what it says; `origins` are baseline positions."""

    section: int
    title: str
    clauses: list[str]
    lead: tuple[str, ...]
    origins: tuple[int, ...] = ()
    kind: str | None = None
    distractor_of: int | None = None
    extra: dict = field(default_factory=dict)


def generate_corpus(count: int = 40, seed: int = 2025) -> list[GeneratedPair]:
    """`count` generated pairs, reproducible from `seed`."""
    return [generate_pair(seed * 1000 + k) for k in range(count)]


def generate_pair(seed: int) -> GeneratedPair:
    """One baseline and draft with the truth of every task."""
    rng = random.Random(seed)
    locality = rng.choice(LOCALITIES)
    baseline, pool = _baseline(rng)
    absorbed = rng.randrange(1, len(SECTIONS)) if rng.random() < 0.5 else None
    renamed = {s for s in range(len(SECTIONS)) if rng.random() < 0.3}
    draft = _draft(rng, baseline, pool, absorbed)
    old_plan = _plan(locality, 2024, baseline, {s: SECTIONS[s][0] for s in range(len(SECTIONS))})
    headings = {s: SECTIONS[s][1 if s in renamed else 0] for s in range(len(SECTIONS))}
    if rng.random() < 0.15:  # a draft that names no lead units at all
        draft = [_Item(it.section, it.title, it.clauses, (), it.origins, it.kind, it.distractor_of) for it in draft]
    new_plan = _plan(locality, 2025, draft, headings)
    return GeneratedPair(seed, old_plan, new_plan, _truth(len(baseline), draft))


def _baseline(rng: random.Random) -> tuple[list[_Item], list[BankTask]]:
    items: list[_Item] = []
    pool: list[BankTask] = []
    for s in range(len(SECTIONS)):
        bank = [t for t in TASKS if t.section == s]
        rng.shuffle(bank)
        k = min(len(bank) - 1, rng.randint(3, 5))
        for task in bank[:k]:
            items.append(_Item(s, task.title, list(task.clauses), task.lead, extra={"bank": task}))
        pool.extend(bank[k:])
    return items, pool


def _draft(rng: random.Random, baseline: list[_Item], pool: list[BankTask], absorbed: int | None) -> list[_Item]:
    out: list[_Item] = []
    consumed: set[int] = set()
    sections = [s for s in range(len(SECTIONS)) if s != absorbed]
    for k, item in enumerate(baseline):
        if k in consumed:
            continue
        bank: BankTask = item.extra["bank"]
        section = item.section if item.section != absorbed else item.section - 1
        # A section merged into its neighbour: its tasks now sit under a heading that is not theirs.
        displaced = item.section == absorbed
        edit = rng.choices(list(EDIT_WEIGHTS), weights=list(EDIT_WEIGHTS.values()))[0]
        if bank.key in DISTRACTORS and rng.random() < 0.5:
            edit = "dropped"
        partner = k + 1 if k + 1 < len(baseline) and baseline[k + 1].section == item.section else None
        if edit == "merged" and partner is None:
            edit = "reworded"
        if edit == "split" and len(item.clauses) < 2:
            edit = "carried"
        if edit == "dropped":
            decoy = DISTRACTORS.get(bank.key)
            if decoy is not None and rng.random() < 0.8:
                # Half the time the decoy is even led by the same units.
                lead = item.lead if rng.random() < 0.5 else decoy.lead
                out.append(_Item(section, decoy.title, list(decoy.clauses), lead, distractor_of=k))
            continue
        if rng.random() < 0.2:
            item = _Item(item.section, item.title, item.clauses, _other_units(rng, item.lead), extra=item.extra)
        if edit == "carried":
            out.append(_Item(section, item.title, _targets_changed(rng, item.clauses), item.lead, (k,),
                             "moved" if displaced else "carried"))
        elif edit == "reworded":
            out.append(_Item(section, item.title, _reworded(rng, item.clauses), item.lead, (k,),
                             "moved" if displaced else "reworded"))
        elif edit == "moved":
            target = rng.choice([s for s in sections if s != section])
            clauses = _reworded(rng, item.clauses) if rng.random() < 0.5 else list(item.clauses)
            out.append(_Item(target, item.title, clauses, item.lead, (k,), "moved"))
        elif edit == "rewritten":
            out.append(_Item(section, bank.paraphrase, _rewritten(rng, item.clauses), item.lead, (k,), "rewritten"))
        elif edit == "split":
            cut = rng.randint(1, len(item.clauses) - 1)
            first, second = item.clauses[:cut], item.clauses[cut:]
            out.append(_Item(section, item.title, _light(rng, first), item.lead, (k,), "split"))
            out.append(_Item(section, _title_of(second[0]), _light(rng, second), item.lead, (k,), "split"))
        elif edit == "merged":
            other = baseline[partner]
            consumed.add(partner)
            clauses = _light(rng, item.clauses) + _light(rng, other.clauses)
            lead = tuple(dict.fromkeys(item.lead + other.lead))
            out.append(_Item(section, f"{item.title},{other.title}", clauses, lead, (k, partner), "merged"))
    for task in rng.sample(pool, min(len(pool), rng.randint(1, 3))):
        section = task.section if task.section != absorbed else task.section - 1
        out.insert(rng.randint(0, len(out)), _Item(section, task.title, list(task.clauses), task.lead))
    out.sort(key=lambda it: it.section)  # stable: document order within a section
    return out


def _truth(n_old: int, draft: list[_Item]) -> PairTruth:
    pairs: dict[tuple[int, int], str] = {}
    distractors = set()
    added = set()
    for j, item in enumerate(draft, 1):
        for origin in item.origins:
            pairs[(origin + 1, j)] = item.kind
        if not item.origins:
            added.add(j)
        if item.distractor_of is not None:
            distractors.add((item.distractor_of + 1, j))
    kept = {i for i, _ in pairs}
    dropped = frozenset(i for i in range(1, n_old + 1) if i not in kept)
    return PairTruth(pairs, dropped, frozenset(added), frozenset(distractors))


def _other_units(rng: random.Random, lead: tuple[str, ...]) -> tuple[str, ...]:
    """Lead units change hands: one unit replaced by another of the bank."""
    units = sorted({u for t in TASKS for u in t.lead} - set(lead))
    return (rng.choice(units),) + lead[1:]


def _swap(text: str, rng: random.Random, share: float) -> str:
    """Swap a share of the genre synonyms found in `text` (each occurrence decided on its own)."""
    pattern = re.compile("|".join(re.escape(a) for a, _ in sorted(SYNONYMS, key=lambda p: -len(p[0]))))
    table = dict(SYNONYMS)
    return pattern.sub(lambda m: table[m.group(0)] if rng.random() < share else m.group(0), text)


def _targets_changed(rng: random.Random, clauses: list[str]) -> list[str]:
    """Carried: only figures move (不少于8场 -> 不少于10场)."""
    if rng.random() < 0.5:
        return list(clauses)
    return [re.sub(r"(\d+)", lambda m: str(int(m.group(1)) + rng.randint(1, 3)), c, count=1) for c in clauses]


def _reworded(rng: random.Random, clauses: list[str]) -> list[str]:
    """A few synonyms swapped and a clause of emphasis added: more than a trivial edit, same wording mostly."""
    out = [_swap(c, rng, 0.6) for c in clauses]
    if rng.random() < 0.5:
        out[-1] = out[-1].rstrip("。") + ",确保取得实效。"
    out.insert(rng.randint(1, len(out)), rng.choice(PADDING))
    return out


def _light(rng: random.Random, clauses: list[str]) -> list[str]:
    return [_swap(c, rng, 0.3) for c in clauses]


def _rewritten(rng: random.Random, clauses: list[str]) -> list[str]:
    """Mostly new wording: every synonym swapped, parts and clauses reordered, some clauses left out,
    boilerplate added."""
    out = [_reorder_parts(rng, _swap(c, rng, 1.0)) for c in clauses]
    rng.shuffle(out)
    del out[rng.randint(1, 2):]
    for padding in rng.sample(PADDING, 2):
        out.insert(rng.randint(0, len(out)), padding)
    return out


def _reorder_parts(rng: random.Random, clause: str) -> str:
    """Clause reordering: the comma-separated parts of one clause in another order."""
    parts = clause.rstrip("。").split(",")
    if len(parts) < 2:
        return clause
    rng.shuffle(parts)
    return ",".join(parts) + "。"


def _title_of(clause: str) -> str:
    """A split-off task's title: the opening of its first clause."""
    head = re.split(r"[,。;]", clause, maxsplit=1)[0]
    return head[:24]


def _plan(locality: str, year: int, items: list[_Item], headings: dict[int, str]) -> Plan:
    tasks: list[Task] = []
    sections: list[Section] = []
    for item in items:
        number = CN[len(sections) - 1] if sections and sections[-1].title == headings[item.section] else None
        if number is None:
            sections.append(Section(CN[len(sections)], headings[item.section], len(sections) + 1))
            number = sections[-1].number
        index = len(tasks) + 1
        body = "".join(item.clauses)
        tasks.append(Task(index=index, number=f"({CN[index % 10]})", section=headings[item.section],
                          section_number=number, title=item.title, text=f"{item.title}。{body}",
                          lead_units=item.lead, responsible_units=("县直各部门", "各乡镇人民政府"), targets=(),
                          deadline=None, source=Source(None, index)))
    return Plan(f"{locality}_{year}.txt", f"{locality}{year}年法治政府建设工作要点", year, "annual",
                tuple(sections), tuple(tasks))
