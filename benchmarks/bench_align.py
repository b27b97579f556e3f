"""Alignment speed and accuracy: `compare.align_years` against the naive difflib aligner.

Run: .venv/bin/pytest benchmarks/bench_align.py --benchmark-only

Inputs are synthetic plans of 20, 200 and 2,000 tasks a side: realistic task texts built from the
genre's phrases, and a draft made from the baseline by the edits drafters make (targets changed,
phrases reworded, sentences replaced, tasks dropped, added and moved between sections). Each run
records in `extra_info` the F1 of the aligned pairs against the known truth. The naive aligner is
quadratic in difflib calls: one round at 200 tasks, skipped at 2,000 (hours of CPU). The accuracy of
both on the shared sample sets is measured when ../shared is present.
"""
from __future__ import annotations

import json
import random
import re
import time
from pathlib import Path

import pytest
from naive_align import naive_align

from plancheck.compare.align import align_years
from plancheck.compare.tokens import clear_segment_cache
from plancheck.plans.model import Plan, Section, Source, Task

SHARED = Path(__file__).resolve().parents[2] / "shared" / "samples"

DOMAINS = (
    "行政复议", "行政应诉", "行政裁决", "行政调解", "政务公开", "政务诚信", "证照分离", "公平竞争审查",
    "重大行政决策", "规范性文件备案审查", "法律顾问", "公职律师", "综合行政执法", "行政执法监督", "案卷评查",
    "包容审慎监管", "信访工作", "突发事件应对", "应急预案", "数字政府", "政务数据共享", "普法宣传",
    "领导干部学法", "述法评议", "法治督察", "审计整改", "人大代表建议办理", "政协委员提案办理",
    "涉企行政检查", "双随机、一公开", "告知承诺制", "一网通办", "跨省通办", "权责清单", "中介服务",
    "营商环境评价", "知识产权保护", "食品药品执法", "生态环境执法", "安全生产执法", "城市管理执法",
    "劳动保障监察", "消费维权", "矛盾纠纷排查", "基层立法联系点", "合法性审查", "执法全过程记录",
)
OBJECTS = (
    "工作机制", "事项清单", "标准目录", "信息平台", "队伍建设", "考核评价", "督查检查", "培训教育",
    "案件办理", "制度建设", "协同联动", "质量提升", "规范化建设", "风险防控", "台账管理", "公开公示",
)
VERBS = ("深化", "规范", "健全", "推进", "加强", "完善", "落实", "强化", "优化", "创新")
PLACES = ("各乡镇", "各街道", "县直各部门", "县政府各部门", "各行政执法部门", "各村(社区)")
UNITS = ("县司法局", "县政府办公室", "县市场监管局", "县行政审批局", "县发展改革局", "县应急管理局",
         "县信访局", "县委编办", "县大数据中心", "县财政局", "县审计局", "县人力资源社会保障局")
SENTENCES = (
    "严格落实{d}{o}制度,推动{d}工作规范化、标准化、信息化水平持续提升。",
    "年内组织{d}专项检查不少于{n}次,检查结果纳入年度法治政府建设考核。",
    "建立{d}问题台账,对发现的问题逐项明确整改责任和时限,整改率达到{p}%。",
    "推动{d}与{d2}协同联动,{place}要明确专人负责,形成工作合力。",
    "{y}年{m}月底前完成{d}{o}修订工作,并向社会公布。",
    "加强{d}人员业务培训,全年培训不少于{n}期,提升依法履职能力。",
    "依托一体化政务服务平台,推进{d}数据共享,实现{d}事项全程网办。",
    "定期开展{d}评估,评估结果作为改进{o}的重要依据。",
    "健全{d}社会监督机制,畅通群众投诉举报渠道,及时回应社会关切。",
    "{place}每半年报送一次{d}工作进展情况,县委依法治县办加强跟踪督办。",
)
SECTION_TITLES = (
    "深入学习贯彻习近平法治思想,压实法治建设责任", "健全政府机构职能体系,优化法治化营商环境",
    "健全依法行政制度体系,提升行政决策水平", "健全行政执法工作体系,推进严格规范公正文明执法",
    "健全突发事件应对体系,依法预防处置重大突发事件", "健全社会矛盾纠纷行政预防调处化解体系",
    "健全行政权力制约和监督体系,促进行政权力规范透明运行", "加快数字法治政府建设",
)
CN = "一二三四五六七八九十"


def _sentence(rng: random.Random, domain: str) -> str:
    return rng.choice(SENTENCES).format(
        d=domain, d2=rng.choice(DOMAINS), o=rng.choice(OBJECTS), n=rng.randint(1, 12),
        p=rng.choice((90, 95, 98, 100)), y=rng.choice((2023, 2024, 2025)), m=rng.randint(3, 12),
        place=rng.choice(PLACES))


def _task_spec(rng: random.Random, combo: tuple[str, str, str]) -> dict:
    verb, domain, obj = combo
    return {"title": f"{verb}{domain}{obj}", "domain": domain,
            "sentences": [_sentence(rng, domain) for _ in range(rng.randint(2, 4))],
            "lead": tuple(rng.sample(UNITS, rng.randint(1, 2)))}


def _perturb(rng: random.Random, spec: dict) -> dict:
    """The edits of a drafter: a target changed, a phrase reworded, a sentence replaced or added."""
    spec = {**spec, "sentences": list(spec["sentences"])}
    roll = rng.random()
    if roll < 0.4:  # targets only
        spec["sentences"] = [re.sub(r"不少于(\d+)", lambda m: f"不少于{int(m.group(1)) + 1}", s).replace("2024年", "2025年")
                             for s in spec["sentences"]]
        k = rng.randrange(len(spec["sentences"]))
        spec["sentences"][k] = spec["sentences"][k].replace("年内", "全年").replace("%", "%以上")
    elif roll < 0.8:  # reworded: one sentence replaced, the title's verb changed
        spec["sentences"][rng.randrange(len(spec["sentences"]))] = _sentence(rng, spec["domain"])
        spec["title"] = rng.choice(VERBS) + spec["title"][2:]
    else:  # heavier: half the sentences new
        for k in rng.sample(range(len(spec["sentences"])), max(1, len(spec["sentences"]) // 2)):
            spec["sentences"][k] = _sentence(rng, spec["domain"])
        spec["sentences"].append(_sentence(rng, spec["domain"]))
    return spec


def _plan(year: int, specs: list[tuple[int, dict]]) -> Plan:
    tasks, sections = [], []
    for index, (section, spec) in enumerate(specs, 1):
        number, title = CN[section % 10] + ("" if section < 10 else str(section)), SECTION_TITLES[section % 8]
        if not sections or sections[-1].number != number:
            sections.append(Section(number, title, len(sections) + 1))
        tasks.append(Task(index=index, number=str(index), section=title, section_number=number,
                          title=spec["title"], text=spec["title"] + "。" + "".join(spec["sentences"]),
                          lead_units=spec["lead"], responsible_units=(PLACES[0],), targets=(), deadline=None,
                          source=Source(None, index)))
    return Plan(f"synthetic_{year}.txt", f"清水县{year}年法治政府建设工作计划", year, "annual",
                tuple(sections), tuple(tasks))


def synthetic_pair(n: int, seed: int = 7) -> tuple[Plan, Plan, set[tuple[int, int]]]:
    """A baseline of n tasks, a draft of about n tasks made from it, and the true (old, new) pairs."""
    rng = random.Random(seed)
    combos = [(v, d, o) for v in VERBS for d in DOMAINS for o in OBJECTS]
    picked = rng.sample(combos, int(n * 1.1) + 1)
    per_section = max(3, n // 8)
    old = [(k // per_section, _task_spec(rng, combo)) for k, combo in enumerate(picked[:n])]
    fresh = [_task_spec(rng, combo) for combo in picked[n:]]
    new: list[tuple[int, dict, int | None]] = []
    for k, (section, spec) in enumerate(old):
        if rng.random() < 0.1:
            continue  # dropped
        moved = rng.random() < 0.05
        new.append(((section + 1) % max(1, n // per_section) if moved else section, _perturb(rng, spec), k + 1))
        if fresh and rng.random() < 0.1:
            new.append((section, fresh.pop(), None))  # added
    new.sort(key=lambda item: item[0])  # stable: moved tasks land in their new section
    draft = _plan(2024, [(s, spec) for s, spec, _ in new])
    truth = {(origin, j) for j, (_, _, origin) in enumerate(new, 1) if origin is not None}
    return _plan(2023, old), draft, truth


def plan_of_two() -> Plan:
    """A two-task plan, to warm the segmenter."""
    rng = random.Random(0)
    return _plan(2023, [(0, _task_spec(rng, ("深化", "行政复议", "工作机制"))),
                        (0, _task_spec(rng, ("推进", "政务公开", "标准目录")))])


def f1(truth: set[tuple[int, int]], found: set[tuple[int, int]]) -> float:
    tp = len(truth & found)
    return 0.0 if tp == 0 else 2 * tp / (len(truth) + len(found))


@pytest.mark.parametrize("n", [20, 200, 2000])
def test_align_years(benchmark, n):
    baseline, draft, truth = synthetic_pair(n)
    align_years(plan_of_two(), plan_of_two())  # load jieba's dictionary (once per process) outside the timing

    def cold():
        # Each round segments every sentence again: only the dictionary stays loaded.
        clear_segment_cache()
        return (baseline, draft), {}

    result = benchmark.pedantic(align_years, setup=cold, rounds=3 if n < 2000 else 2, iterations=1)
    benchmark.extra_info["tasks"] = n
    benchmark.extra_info["pair_f1"] = round(f1(truth, {(r.baseline, r.draft) for r in result.alignment}), 4)


@pytest.mark.parametrize("n", [20, 200, 2000])
def test_naive_align(benchmark, n):
    if n >= 2000:
        pytest.skip("naive difflib aligner at 2,000 x 2,000: 4 million SequenceMatcher calls, hours of CPU")
    baseline, draft, truth = synthetic_pair(n)
    pairs, _, _ = benchmark.pedantic(naive_align, args=(baseline, draft), rounds=3 if n < 200 else 1,
                                     iterations=1)
    benchmark.extra_info["tasks"] = n
    benchmark.extra_info["pair_f1"] = round(f1(truth, set(pairs)), 4)


def test_sample_set_accuracy(benchmark):
    """Pair F1 of both aligners on the hand-made gold of the shared sample sets."""
    if not SHARED.is_dir():
        pytest.skip("../shared/samples is not present on this machine")
    from plancheck.plans import load_plan

    cases = []
    for gold_path in sorted(SHARED.glob("*/gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        for pair in gold["pairs"]:
            old = load_plan(gold_path.parent / gold["plans"][pair["old"]]["file"])
            new = load_plan(gold_path.parent / gold["plans"][pair["new"]]["file"])
            cases.append((gold_path.parent.name, old, new, {(r["old"], r["new"]) for r in pair["alignment"]}))

    def run_all():
        return [{(r.baseline, r.draft) for r in align_years(old, new).alignment} for _, old, new, _ in cases]

    found = benchmark.pedantic(run_all, rounds=1, iterations=1)
    for (name, old, new, truth), pairs in zip(cases, found):
        started = time.perf_counter()
        naive_pairs, _, _ = naive_align(old, new)
        benchmark.extra_info[f"{name}_naive_seconds"] = round(time.perf_counter() - started, 3)
        benchmark.extra_info[f"{name}_pair_f1"] = round(f1(truth, pairs), 4)
        benchmark.extra_info[f"{name}_naive_pair_f1"] = round(f1(truth, set(naive_pairs)), 4)
