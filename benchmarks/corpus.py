"""A seeded corpus of localities for batch benchmarks: the bundled example plans, perturbed per locality.

Each locality gets a folder `<NNNNN>_<name>/` with `plan_<Y-1>.txt` (baseline), `plan_<Y>.txt` (draft)
and `scheme_2021_2025.txt`, all derived from `plancheck/plans/examples/`:

* the county name is replaced, so no two localities read alike;
* tasks are reordered within their sections, sometimes a whole section moves;
* phrases are reworded from a synonym list, unit names from an alias list;
* tasks are dropped, long tasks split in two, unit blocks thinned (a missing 责任单位 or 牵头单位),
  targets weakened (`不少于4次` -> `不少于3次`, `100%` -> `95%`), numbers occasionally skipped;
* the layout is format 1 (`1.` numbered through, `〔牵头单位:…;责任单位:…〕`, page markers) or
  format 2 (`(一)` restarting per section, a `牵头单位:…;责任单位:…` line).

The same seed gives the same corpus. Usage:

    python benchmarks/corpus.py OUT --localities 100 [--seed 7] [--corrupt 0.01]
"""
from __future__ import annotations

import argparse
import random
import re
from dataclasses import dataclass
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "plancheck" / "plans" / "examples"
BASE_COUNTY = "示例县"
CN_NUMERALS = "一二三四五六七八九十"

SYNONYMS = (
    ("深入推进", "持续推进"), ("全面落实", "严格落实"), ("严格落实", "认真落实"), ("加强", "强化"),
    ("健全", "完善"), ("推进", "推动"), ("开展", "组织开展"), ("进一步", "持续"), ("及时", "按时"),
    ("依法", "依法依规"), ("提升", "提高"), ("机制", "工作机制"), ("组织", "统筹"), ("建立", "建立健全"),
    ("认真做好", "扎实做好"), ("推动", "促进"),
)
UNIT_ALIASES = (
    ("县市场监管局", "县市场监督管理局"), ("县发展改革局", "县发展和改革局"), ("县直各部门", "县政府各部门"),
    ("县委编办", "县委机构编制委员会办公室"), ("县行政审批局", "县行政审批服务局"),
    ("各乡镇人民政府", "各镇人民政府(街道办事处)"),
)
COUNTY_FIRST = "清东西南北安平永宁长兴和丰泰新鹤云临江河山阳春华"
COUNTY_SECOND = "河湖山阳川宁平安源水城溪丰林泉州"
COUNTY_SUFFIX = ("县", "县", "县", "区", "市")
SCHEME_PREAMBLE = (
    "一、总体要求\n坚持以习近平新时代中国特色社会主义思想为指导,深入学习贯彻习近平法治思想,"
    "把法治政府建设作为全面依法治县的重点任务和主体工程,统筹推进、重点突破、整体提升。\n"
)


@dataclass
class Item:
    """One task or scheme item, as the generator edits it."""

    section: str
    title: str
    body: str
    lead: list[str]
    responsible: list[str]


@dataclass
class Base:
    """The parsed base documents."""

    baseline: list[Item]
    draft: list[Item]
    scheme: list[Item]
    baseline_year: int
    draft_year: int


def load_base(folder: Path = EXAMPLES) -> Base:
    """Parse the bundled example plans into editable items (needs plancheck importable)."""
    from plancheck.plans import load_plan

    def items(path: Path, kind: str) -> list[Item]:
        plan = load_plan(path, kind=kind)
        out = []
        for task in plan.tasks:
            body = task.text[len(task.title):].lstrip("。") if task.text.startswith(task.title) else task.text
            section = task.section.split("、", 1)[-1] if "、" in task.section else task.section
            out.append(Item(section, task.title, body, list(task.lead_units), list(task.responsible_units)))
        return out

    plans = sorted(folder.glob("plan_*.txt"))
    schemes = sorted(folder.glob("scheme*.txt"))
    if len(plans) < 2 or not schemes:
        raise FileNotFoundError(f"{folder} needs two plan_YEAR.txt files and a scheme*.txt")
    years = [int(re.search(r"20\d\d", p.stem).group()) for p in plans[-2:]]
    return Base(items(plans[-2], "annual"), items(plans[-1], "annual"), items(schemes[-1], "scheme"), *years)


def county_name(rng: random.Random) -> str:
    """A fictional county name such as 清河县."""
    return rng.choice(COUNTY_FIRST) + rng.choice(COUNTY_SECOND) + rng.choice(COUNTY_SUFFIX)


# ---------------------------------------------------------------- perturbations


def reword(text: str, rng: random.Random, rate: float) -> str:
    """Replace some synonym-list phrases (each occurrence with probability `rate`)."""
    for old, new in SYNONYMS:
        if old in text and rng.random() < rate * 3:
            text = re.sub(re.escape(old), lambda m, new=new: new if rng.random() < rate * 3 else m.group(), text)
    return text


def rename_units(units: list[str], aliases: dict[str, str]) -> list[str]:
    """The units under this locality's own names for them."""
    return [aliases.get(u, u) for u in units]


def weaken(body: str, rng: random.Random) -> str:
    """Lower one number of a target: 不少于4次 -> 不少于3次, 100% -> 95%."""
    match = rng.choice(list(re.finditer(r"(\d+)(%|次|学时|场)", body)) or [None])
    if match is None:
        return body
    value = int(match.group(1))
    lowered = 95 if match.group(2) == "%" and value == 100 else max(1, value - 1 - value // 4)
    return body[:match.start(1)] + str(lowered) + body[match.end(1):]


def split(item: Item) -> list[Item]:
    """A task of two or more sentences becomes two tasks; the second is titled by its first clause."""
    sentences = [s for s in item.body.split("。") if s]
    if len(sentences) < 2:
        return [item]
    half = len(sentences) // 2
    second = sentences[half:]
    title, _, rest = second[0].partition(",")
    body = "。".join(([rest] if rest else []) + second[1:]) or second[0]
    return [Item(item.section, item.title, "。".join(sentences[:half]) + "。", item.lead, item.responsible),
            Item(item.section, title[:18], body + "。", item.lead, list(item.responsible))]


def perturb(items: list[Item], rng: random.Random, style: dict, strength: float = 1.0) -> list[Item]:
    """A locality's version of a task list; `strength` scales every rate (0 keeps the text)."""
    out: list[Item] = []
    for item in items:
        if rng.random() < 0.04 * strength:
            continue  # dropped
        item = Item(item.section, reword(item.title, rng, 0.15 * strength), reword(item.body, rng, 0.2 * strength),
                    rename_units(item.lead, style["aliases"]), rename_units(item.responsible, style["aliases"]))
        if rng.random() < 0.04 * strength:
            item.body = weaken(item.body, rng)
        if rng.random() < 0.02 * strength:
            item.responsible = []
        elif rng.random() < 0.015 * strength:
            item.lead = []
        out.extend(split(item) if rng.random() < 0.04 * strength else [item])
    return _reorder(out, rng, 0.3 * strength)


def _reorder(items: list[Item], rng: random.Random, rate: float) -> list[Item]:
    sections: dict[str, list[Item]] = {}
    for item in items:
        sections.setdefault(item.section, []).append(item)
    groups = list(sections.values())
    for group in groups:
        if len(group) > 1 and rng.random() < rate:
            i, j = rng.sample(range(len(group)), 2)
            group[i], group[j] = group[j], group[i]
    if len(groups) > 2 and rng.random() < rate / 3:
        i, j = rng.sample(range(1, len(groups)), 2)
        groups[i], groups[j] = groups[j], groups[i]
    return [item for group in groups for item in group]


# ---------------------------------------------------------------- rendering


def _units_text(item: Item) -> str:
    parts = []
    if item.lead:
        parts.append("牵头单位:" + "、".join(item.lead))
    if item.responsible:
        parts.append("责任单位:" + "、".join(item.responsible))
    return ";".join(parts)


def render_plan(items: list[Item], county: str, year: int, fmt: int, rng: random.Random) -> str:
    """An annual plan in format 1 (PDF-like) or format 2 (web page)."""
    lines = [f"{county}{year}年法治政府建设工作{'计划' if fmt == 1 else '要点'}",
             (f"为深入学习贯彻习近平法治思想,全面落实《{county}法治政府建设实施方案(2021-2025年)》,"
              f"结合我{county[-1]}实际,制定本{'计划' if fmt == 1 else '要点'}。")]
    section, number, in_section, n_sections = None, 0, 0, 0
    for item in items:
        if item.section != section:
            section, in_section = item.section, 0
            n_sections += 1
            lines.append(f"{_numeral(n_sections)}、{section}")
        number += 2 if rng.random() < 0.01 else 1  # an occasional skipped number
        in_section += 1
        units = _units_text(item)
        if fmt == 1:
            block = f"〔{units}〕" if units else ""
            lines.append(f"{number}.{item.title}。{item.body}{block}")
            if rng.random() < 0.15:
                lines.append(f"- {len(lines) // 6 + 1} -")
        else:
            lines.append(f"({_numeral(in_section)}){item.title}。{item.body}")
            if units:
                lines.append(f"{units};完成时限:{year}年12月底")
    lines.append(f"各乡镇、{county}直各部门要认真落实本{'计划' if fmt == 1 else '要点'}。")
    return "\n".join(lines) + "\n"


def render_scheme(items: list[Item], county: str) -> str:
    """The implementation scheme: prose 一、总体要求, then items `(一)` per section."""
    lines = [f"{county}法治政府建设实施方案(2021-2025年)", SCHEME_PREAMBLE.rstrip("\n")]
    section, n_sections, in_section = None, 1, 0
    for item in items:
        if item.section != section:
            section, in_section = item.section, 0
            n_sections += 1
            lines.append(f"{_numeral(n_sections)}、{section}")
        in_section += 1
        lines.append(f"({_numeral(in_section)}){item.title}。{item.body}")
        if item.lead or item.responsible:
            lines.append("责任单位:" + "、".join(item.lead + item.responsible))
    return "\n".join(lines) + "\n"


def _numeral(n: int) -> str:
    if n <= 10:
        return CN_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return (CN_NUMERALS[tens - 1] if tens > 1 else "") + "十" + (CN_NUMERALS[ones - 1] if ones else "")



# ---------------------------------------------------------------- the corpus


def write_corpus(out: str | Path, localities: int, seed: int = 7, corrupt: float = 0.0,
                 base: Base | None = None) -> list[Path]:
    """Write `localities` locality folders under out; returns them. `corrupt` is the share with a broken file."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    base = base or load_base()
    folders = []
    for k in range(localities):
        rng = random.Random(f"{seed}:{k}")
        county = county_name(rng)
        style = {"aliases": dict(pair for pair in UNIT_ALIASES if rng.random() < 0.3)}
        fmt = rng.choice((1, 2))
        folder = out / f"{k:05d}_{county}"
        folder.mkdir(exist_ok=True)
        texts = {
            f"plan_{base.baseline_year}.txt": render_plan(perturb(base.baseline, rng, style), county,
                                                          base.baseline_year, fmt, rng),
            f"plan_{base.draft_year}.txt": render_plan(perturb(base.draft, rng, style), county,
                                                       base.draft_year, fmt, rng),
            "scheme_2021_2025.txt": render_scheme(perturb(base.scheme, rng, style, strength=0.3), county),
        }
        texts = {name: text.replace(BASE_COUNTY, county) for name, text in texts.items()}
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
