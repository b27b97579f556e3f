"""A seeded corpus of localities for batch benchmarks, worded differently in every locality.

Each locality gets a folder `<NNNNN>_<name>/` with three distinct documents: `scheme_2021_2025.txt` (the
five-year scheme: a prose 总体要求 and 42 items under the outline's parts), `plan_2024.txt` (last year's
plan, the baseline) and `plan_2025.txt` (the draft), each about 4,500 characters. They are composed from
the pools of `corpus_wording.py` with the locality's own random generator:

* the scheme picks its parts' headings and 42 topics, and words each item from verbs and clauses;
* last year's plan implements about two thirds of the scheme's items in its own words and adds topics
  of its own, with numeric targets (不少于4次, 达到95%, 6月底前);
* the draft carries 60-80 % of last year's tasks over, reworded (verbs swapped, clauses reordered or
  replaced), some with a weakened target; the rest are dropped and new tasks added;
* the locality has its own name, unit names (县市场监管局 or 县市场监督管理局), numbering layout (`1.`
  through, `(一)` restarting per part, `1、`), unit label style (〔牵头单位:…;责任单位:…〕, a 责任单位 line,
  `(县司法局牵头,…配合)`, 主办/协办) and page markers of a printed plan.

Nothing is shared between localities but the pools, so a cache keyed on text gets no free hits. The same
seed gives the same corpus. Usage:

    python benchmarks/corpus.py OUT --localities 100 [--seed 7] [--corrupt 0.01]
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_wording import (  # the pools live next to this script
    CLAUSES,
    CLOSINGS,
    COLLECTIVE,
    PARTS,
    PLACE_FIRST,
    PLACE_SECOND,
    PLACE_SUFFIX,
    PLAN_NAMES,
    PREAMBLES,
    REWORDINGS,
    SCHEME_GOALS,
    TARGETS,
    TITLE_VERBS,
    TOWNS,
    UNITS,
)

BASELINE_YEAR, DRAFT_YEAR = 2024, 2025
SCHEME_ITEMS = 42
PLAN_TASKS = (26, 32)  # tasks of last year's plan, inclusive range
CARRY_OVER = (0.6, 0.8)  # share of last year's tasks the draft keeps
WEAKENED = 0.12  # share of carried targets the draft lowers
NUMERALS = "一二三四五六七八九十"
PLAN_LAYOUTS = ("dot", "paren", "dun")
UNIT_STYLES = ("bracket", "line", "roles_line", "tail", "lenticular", "host")


@dataclass
class Target:
    """A numeric commitment: a TARGETS template and its numbers (n times, p percent, by month m)."""

    template: str
    n: int
    p: int
    m: int

    def text(self, topic: str) -> str:
        return self.template.format(topic=_short(topic), n=self.n, p=self.p, m=self.m)

    def weakened(self) -> Target:
        """The same target set lower: fewer times, a lower rate, a later month."""
        return replace(self, n=max(1, self.n - 1 - self.n // 4), p=max(60, self.p - 5 - self.p % 5),
                       m=min(12, self.m + 2))


@dataclass
class Task:
    """One task or scheme item as the generator edits it."""

    part: int
    topic: str
    verb: str
    clauses: list[str]
    targets: list[Target] = field(default_factory=list)
    lead: list[str] = field(default_factory=list)
    helpers: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.verb + self.topic

    def body(self) -> str:
        sentences = [",".join(self.clauses)] + [t.text(self.topic) for t in self.targets]
        return "。".join(sentences) + "。"


@dataclass
class Locality:
    """What one locality writes in its own way: its name, unit names, headings and layouts."""

    county: str
    level: str
    units: list[str]  # its departments, each as this locality names it
    variants: dict[str, str]  # a department's other name, which its drafters sometimes use
    headings: list[str]  # one heading per part
    layout: str
    unit_style: str
    scheme_layout: str
    page_markers: bool


def _short(topic: str) -> str:
    """The topic as a target names it: without quotation marks and its trailing 工作/制度."""
    return re.sub(r"(工作|制度)$", "", topic.replace("“", "").replace("”", "")) or topic


def _numeral(n: int) -> str:
    if n <= 10:
        return NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return (NUMERALS[tens - 1] if tens > 1 else "") + "十" + (NUMERALS[ones - 1] if ones else "")


def _locality(rng: random.Random) -> Locality:
    suffix = rng.choice(PLACE_SUFFIX)
    county = rng.choice(PLACE_FIRST) + rng.choice(PLACE_SECOND) + suffix
    level = "区" if suffix == "区" else ("市" if suffix == "市" else "县")
    units, variants = [], {}
    for name, variant in UNITS:
        first, other = (variant, name) if variant and rng.random() < 0.4 else (name, variant)
        units.append(level + first)
        if other:
            variants[level + first] = level + other
    return Locality(county, level, units, variants, [rng.choice(headings) for headings, _ in PARTS],
                    rng.choice(PLAN_LAYOUTS), rng.choice(UNIT_STYLES), rng.choice(("paren", "dot")),
                    rng.random() < 0.3)


def _clauses(rng: random.Random, topic: str, units: list[str], count: int) -> list[str]:
    return [c.format(topic=topic, unit=rng.choice(units[:8])).replace("工作工作", "工作")
            for c in rng.sample(CLAUSES, count)]


def _target(rng: random.Random) -> Target:
    return Target(rng.choice(TARGETS), rng.randint(2, 12), rng.choice((80, 85, 90, 95, 98, 100)), rng.randint(3, 11))


def _units(rng: random.Random, place: Locality) -> tuple[list[str], list[str]]:
    lead = rng.sample(place.units, rng.choice((1, 1, 1, 2)))
    helpers = [u for u in rng.sample(place.units, rng.randint(0, 3)) if u not in lead]
    if rng.random() < 0.5:
        helpers.append(place.level + rng.choice(COLLECTIVE))
    if rng.random() < 0.3:
        helpers.append(rng.choice(TOWNS))
    return lead, helpers


def _new_task(rng: random.Random, place: Locality, part: int, topic: str, clauses: int, targets: int) -> Task:
    lead, helpers = _units(rng, place)
    return Task(part, topic, rng.choice(TITLE_VERBS), _clauses(rng, topic, place.units, clauses),
                [_target(rng) for _ in range(targets)], lead, helpers)


# ---------------------------------------------------------------- the three documents


def scheme_items(rng: random.Random, place: Locality) -> list[Task]:
    """42 scheme items over the parts, each part holding three to seven."""
    per_part = [3] * len(PARTS)
    for _ in range(SCHEME_ITEMS - sum(per_part)):
        open_parts = [k for k, n in enumerate(per_part) if n < min(7, len(PARTS[k][1]) - 2)]
        per_part[rng.choice(open_parts)] += 1
    items = []
    for part, count in enumerate(per_part):
        for topic in rng.sample(PARTS[part][1], count):
            items.append(_new_task(rng, place, part, topic, rng.choice((2, 2, 3)), 0))
    return items


def baseline_tasks(rng: random.Random, place: Locality, scheme: list[Task]) -> list[Task]:
    """Last year's plan: about two thirds of the scheme's topics in the plan's own words, and some of its own."""
    count = rng.randint(*PLAN_TASKS)
    implemented = rng.sample(scheme, round(count * rng.uniform(0.65, 0.8)))
    used = {item.topic for item in scheme}
    own = [(part, topic) for part, (_, topics) in enumerate(PARTS) for topic in topics if topic not in used]
    tasks = [_new_task(rng, place, item.part, item.topic, 3, rng.choice((1, 1, 2))) for item in implemented]
    tasks += [_new_task(rng, place, part, topic, 3, rng.choice((1, 1, 2)))
              for part, topic in rng.sample(own, count - len(tasks))]
    return _in_part_order(rng, tasks)


def draft_tasks(rng: random.Random, place: Locality, scheme: list[Task], baseline: list[Task]) -> list[Task]:
    """This year's plan: most of last year's tasks carried over reworded, the rest dropped, new ones added."""
    keep = rng.uniform(*CARRY_OVER)
    carried = [_reworded(rng, place, task) for task in baseline if rng.random() < keep]
    used = {task.topic for task in baseline}
    candidates = [item for item in scheme if item.topic not in used]
    # Every task carried and a negative draw: nothing new (rng.sample refuses a negative count).
    fresh = rng.sample(candidates, max(0, min(len(candidates), len(baseline) - len(carried) + rng.randint(-2, 2))))
    added = [_new_task(rng, place, item.part, item.topic, 3, rng.choice((1, 1, 2))) for item in fresh]
    return _in_part_order(rng, carried + added)


def _reworded(rng: random.Random, place: Locality, task: Task) -> Task:
    """Last year's task as this year's drafter writes it."""
    clauses = list(task.clauses)
    if rng.random() < 0.5:
        clauses[rng.randrange(len(clauses))] = _clauses(rng, task.topic, place.units, 1)[0]
    if rng.random() < 0.5:
        rng.shuffle(clauses)
    swaps = rng.sample(REWORDINGS, 6)
    clauses = [_swap(clause, swaps, rng) for clause in clauses]
    verb = rng.choice(TITLE_VERBS) if rng.random() < 0.5 else task.verb
    targets = []
    for target in task.targets:
        roll = rng.random()
        targets.append(target.weakened() if roll < WEAKENED else
                       replace(target, n=target.n + 1) if roll < 0.3 else target)
    lead, helpers = list(task.lead), list(task.helpers)
    if rng.random() < 0.1:
        lead = [rng.choice(place.units)]
    if rng.random() < 0.05:
        lead = [place.variants.get(unit, unit) for unit in lead]  # the department's other name
    if rng.random() < 0.03:
        helpers = []
    return Task(task.part, task.topic, verb, clauses, targets, lead, helpers)


def _swap(clause: str, swaps, rng: random.Random) -> str:
    for old, new in swaps:
        if old in clause and not clause.count(new) and rng.random() < 0.7:
            clause = clause.replace(old, new, 1)
    return clause


def _in_part_order(rng: random.Random, tasks: list[Task]) -> list[Task]:
    rng.shuffle(tasks)
    return sorted(tasks, key=lambda t: t.part)  # stable: shuffled within each part


# ---------------------------------------------------------------- rendering


def _unit_text(task: Task, style: str) -> tuple[str, str]:
    """The task's units as (text after the task on its line, a line of their own)."""
    lead, helpers = "、".join(task.lead), "、".join(task.helpers)
    if style == "bracket":
        return f"〔牵头单位:{lead}" + (f";责任单位:{helpers}" if helpers else "") + "〕", ""
    if style == "lenticular":
        return f"【牵头单位:{lead}" + (f";配合单位:{helpers}" if helpers else "") + "】", ""
    if style == "tail":
        return f"({lead}牵头" + (f",{helpers}按职责分工负责" if helpers else "") + ")", ""
    if style == "line":
        return "", f"牵头单位:{lead}" + (f";责任单位:{helpers}" if helpers else "")
    if style == "roles_line":
        return "", f"责任单位:{lead}牵头" + (f",{helpers}配合" if helpers else "")
    return "", f"主办单位:{lead}" + (f";协办单位:{helpers}" if helpers else "")


def _numbered(tasks: list[Task], place: Locality, first_part: int):
    """(the part's heading where a part starts, else "", number through, number in the part, task)."""
    part, parts, number, in_part = None, first_part - 1, 0, 0
    for task in tasks:
        heading = ""
        if task.part != part:
            part, in_part, parts = task.part, 0, parts + 1
            heading = f"{_numeral(parts)}、{place.headings[part]}"
        number, in_part = number + 1, in_part + 1
        yield heading, number, in_part, task


def render_plan(tasks: list[Task], place: Locality, year: int, rng: random.Random) -> str:
    """An annual plan in the locality's layout."""
    kind = rng.choice(PLAN_NAMES)
    noun = "清单" if kind.endswith("清单") else kind[-2:]
    lines = [f"{place.county}{year}年法治政府建设{kind}",
             rng.choice(PREAMBLES).format(county=place.county, level=place.level, kind=noun, year=year)]
    for heading, number, in_part, task in _numbered(tasks, place, first_part=1):
        if heading:
            lines.append(heading)
        marker = {"dot": f"{number}.", "dun": f"{number}、", "paren": f"({_numeral(in_part)})"}[place.layout]
        inline, own_line = _unit_text(task, place.unit_style)
        lines.append(f"{marker}{task.title}。{task.body()}{inline}")
        if own_line:
            lines.append(own_line)
        if place.page_markers and rng.random() < 0.12:
            lines.append(f"- {len(lines) // 7 + 1} -")
    lines.append(rng.choice(CLOSINGS).format(kind=noun, level=place.level))
    return "\n".join(lines) + "\n"


def render_scheme(items: list[Task], place: Locality, rng: random.Random) -> str:
    """The implementation scheme: a prose 总体要求, then the items under their parts."""
    goals = [goal.format(level=place.level) for goal in SCHEME_GOALS]
    rng.shuffle(goals)
    lines = [f"{place.county}法治政府建设实施方案(2021-2025年)",
             (f"为深入学习贯彻习近平法治思想,全面落实《法治政府建设实施纲要(2021—2025年)》,加快建设法治{place.county},"
              f"结合我{place.level}实际,制定本实施方案。"), "一、总体要求", *goals]
    parts = 1
    for heading, number, in_part, item in _numbered(items, place, first_part=2):
        if heading:
            lines.append(heading)
            parts += 1
        units = "、".join(item.lead + item.helpers)
        if place.scheme_layout == "paren":
            lines += [f"({_numeral(in_part)}){item.title}。{item.body()}", f"责任单位:{units}"]
        else:
            lines.append(f"{number}.{item.title}。{item.body()}(责任单位:{units})")
    lines.append(f"{_numeral(parts + 1)}、组织保障")
    lines.append(f"各乡镇、各部门要把法治政府建设摆在全局工作的重要位置,{place.level}委依法治{place.level}办"
                 "加强统筹协调和督促检查,确保本方案各项任务落到实处。")
    return "\n".join(lines) + "\n"


def locality_documents(seed: int, k: int) -> tuple[str, dict[str, str]]:
    """The k-th locality of the corpus: its name and {file name: text} of its three documents."""
    rng = random.Random(f"{seed}:{k}")
    place = _locality(rng)
    scheme = scheme_items(rng, place)
    baseline = baseline_tasks(rng, place, scheme)
    draft = draft_tasks(rng, place, scheme, baseline)
    return place.county, {
        "scheme_2021_2025.txt": render_scheme(scheme, place, rng),
        f"plan_{BASELINE_YEAR}.txt": render_plan(baseline, place, BASELINE_YEAR, rng),
        f"plan_{DRAFT_YEAR}.txt": render_plan(draft, place, DRAFT_YEAR, rng),
    }


# ---------------------------------------------------------------- the corpus


def write_corpus(out: str | Path, localities: int, seed: int = 7, corrupt: float = 0.0) -> list[Path]:
    """Write `localities` locality folders under out; returns them. `corrupt` is the share with a broken file."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    folders = []
    for k in range(localities):
        county, texts = locality_documents(seed, k)
        folder = out / f"{k:05d}_{county}"
        folder.mkdir(exist_ok=True)
        rng = random.Random(f"{seed}:{k}:corrupt")
        if corrupt and rng.random() < corrupt:
            victim = rng.choice(sorted(texts))
            (folder / victim).with_suffix(".docx").write_bytes(b"PK\x03\x04 not really a zip archive")
            del texts[victim]
        for name, text in texts.items():
            (folder / name).write_text(text, encoding="utf-8")
        folders.append(folder)
    return folders


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write a seeded benchmark corpus of localities.")
    parser.add_argument("out")
    parser.add_argument("--localities", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--corrupt", type=float, default=0.0, help="share of localities with one broken file")
    args = parser.parse_args(argv)
    folders = write_corpus(args.out, args.localities, args.seed, args.corrupt)
    print(f"wrote {len(folders)} localities under {args.out}")


if __name__ == "__main__":
    main()
