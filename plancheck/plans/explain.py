"""What `plancheck parse --explain` prints: how a plan was read, so a user can see a wrong reading and
correct it with an override (`--task-level`, `[parse]` in plancheck.toml)."""
from __future__ import annotations

from pathlib import Path

from .building import Reading, read_plan
from .cleaning import clean_line
from .document import Document
from .options import ParseOptions
from .raw import UNIT_SOURCES
from .readers import read_document

_MAX_NOISE_SHOWN = 12


def explain(path: str | Path, kind: str | None = None, options: ParseOptions | None = None) -> str:
    """The reading of one plan document, in Chinese: levels and signals, the task level and why, noise
    lines dropped, and the source of each task's units. Raises PlanInputError like `load_plan`."""
    document = read_document(path)
    reading = read_plan(document, kind, options)
    return "\n".join([*_outline(reading), *_noise(document), *_units(reading)])


def _outline(reading: Reading) -> list[str]:
    plan, level = reading.plan, reading.level
    year = plan.year if plan.year is not None else "未识别"
    lines = [f"标题:{plan.title or '(未识别)'}  年份:{year}  类型:{'实施方案' if plan.kind == 'scheme' else '年度计划'}",
             "编号层级(单位=以单位块结尾的比例,正文=有正文的比例,动词=以动词开头的比例,贯穿=上一层级中含本层级的比例):"]
    for s in level.levels:
        chosen = "  ← 任务层级" if s.kind == level.kind and not reading.from_table else ""
        left_out = f",其中 {s.items - s.eligible} 条在非任务部分" if s.items > s.eligible else ""
        lines.append(f"  “{s.example}” {s.items} 条{left_out}:单位 {s.units:.0%}(非末条 {s.units_inside:.0%})"
                     f" 正文 {s.body:.0%} 动词 {s.imperative:.0%} 贯穿 {s.spread:.0%}"
                     f"  例:{';'.join(s.first_titles)}{chosen}")
    if reading.from_table:
        lines.append(f"任务取自任务表(表格比正文多出任务行),共 {len(plan.tasks)} 项")
    else:
        lines.append(f"任务层级的判断:{level.reason}")
    return lines


def _noise(document: Document) -> list[str]:
    """Lines that extraction noise cleaning dropped whole (page numbers, running heads, portal chrome)."""
    dropped = [line for line in document.lines if line.text.strip() and not clean_line(line.text)]
    if not dropped:
        return ["作为噪声删除的行:无"]
    shown = [f"  第 {line.line} 行:{line.text.strip()[:40]}" for line in dropped[:_MAX_NOISE_SHOWN]]
    more = [f"  ……另有 {len(dropped) - _MAX_NOISE_SHOWN} 行"] if len(dropped) > _MAX_NOISE_SHOWN else []
    return [f"作为噪声删除的行({len(dropped)} 行):", *shown, *more]


def _units(reading: Reading) -> list[str]:
    lines = ["各任务单位的来源:"]
    for task, source in zip(reading.plan.tasks, reading.unit_sources):
        where = UNIT_SOURCES.get(source, "未标注单位")
        lines.append(f"  {task.index}. {task.number} {task.title[:24]}:{where}"
                     + (f"({task.unit_block[:60]})" if task.unit_block else ""))
    return lines
