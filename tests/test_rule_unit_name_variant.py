"""unit-name-variant: one unit spelled two ways in a plan, or a unit missing from the unit registry."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from test_checks_plans import analysis_of, findings_of, plan, task

from plancheck.checks import CheckConfig
from plancheck.checks.rules.unit_name_variant import same_unit

RULE = "unit-name-variant"


def test_abbreviation_and_full_name_in_one_plan():
    draft = plan(task(1, "打造一流法治化营商环境", lead=("县市场监督管理局", "县发展改革局")),
                 task(2, "推行包容审慎监管", lead=("县市场监督管理局",)),
                 task(3, "有序推进行政裁决工作", lead=("县司法局",), responsible=("县市场监管局",)))
    [finding] = findings_of(RULE, analysis_of(draft))
    assert finding.task == 3
    assert "县市场监管局" in finding.message and "县市场监督管理局" in finding.message


def test_alias_table_from_the_config():
    draft = plan(task(1, "加快建设数字法治政府", lead=("县大数据中心",)),
                 task(2, "推进政务数据共享", lead=("县数据局",)))
    assert findings_of(RULE, analysis_of(draft)) == []
    config = CheckConfig(unit_aliases={"县数据局": ("县大数据中心",)})
    assert len(findings_of(RULE, analysis_of(draft), config)) == 1


def test_registry_reports_unknown_units():
    draft = plan(task(1, "深入学习宣传贯彻习近平法治思想", lead=("县司法局",)),
                 task(2, "压实法治建设第一责任人职责", lead=("县司法局", "县依法治县办")))
    config = CheckConfig(unit_registry=("县司法局", "县委依法治县办"))
    [finding] = findings_of(RULE, analysis_of(draft), config)
    assert finding.task == 2 and "县依法治县办" in finding.message


def test_different_units_are_not_variants():
    for a, b in [("县委编办", "县委依法治县办"), ("县委宣传部", "县委组织部"), ("县司法局", "县审计局"),
                 ("县委办", "县政府办"), ("区公安分局", "区公安局")]:
        assert not same_unit(a, b), (a, b)
    for a, b in [("区发展改革委", "区发展和改革委员会"), ("县政府办公室", "县政府办"), ("区人力资源社会保障局", "区人社局")]:
        assert same_unit(a, b), (a, b)


def test_silent_on_consistent_names_and_parenthesised_scopes():
    draft = plan(task(1, "加快建设数字法治政府", lead=("县政府办公室(县大数据中心)",)),
                 task(2, "全面推进政务公开", lead=("县政府办公室",), responsible=("县直各部门", "县直有关部门")))
    assert findings_of(RULE, analysis_of(draft)) == []


@st.composite
def unit_name_pairs(draw):
    """Two unit names: unrelated, or the second an abbreviation of the first (letters of its core kept in
    order), each with or without a prefix, an organisation type and a parenthesised scope."""
    core = draw(st.text(alphabet="市场监督管理司法财政发展改革委人力资源", min_size=1, max_size=8))
    prefix = draw(st.sampled_from(["", "县", "区", "市"]))
    ending = draw(st.sampled_from(["", "局", "委员会", "委", "办公室", "办", "中心", "分局"]))
    first = prefix + core + ending + draw(st.sampled_from(["", "(县大数据中心)"]))
    if draw(st.booleans()):
        kept = draw(st.lists(st.booleans(), min_size=len(core), max_size=len(core)))
        short = core[0] + "".join(ch for ch, keep in zip(core[1:], kept) if keep)
        second = draw(st.sampled_from([prefix, "县"])) + short + draw(st.sampled_from([ending, "局", "委员会"]))
    else:
        second = draw(st.text(alphabet="县区市场监督管理司法局委办", min_size=1, max_size=10))
    return first, second


@settings(max_examples=500, deadline=None, derandomize=True, database=None)
@given(unit_name_pairs())
def test_names_taken_for_one_unit_are_always_paired(names):
    from plancheck.checks.rules.unit_name_variant import _split, kin_key

    first, second = names
    if same_unit(first, second):
        assert kin_key(_split(first)) == kin_key(_split(second)) is not None


def test_variants_are_found_among_many_units_of_one_type():
    units = [f"县{name}局" for name in ("司法", "财政", "审计", "统计", "公安", "民政", "商务", "水利")]
    tasks = [task(k + 1, f"第{k + 1}项工作", lead=(unit,)) for k, unit in enumerate(units)]
    draft = plan(*tasks, task(9, "推行包容审慎监管", lead=("县市场监督管理局",)),
                 task(10, "规范涉企行政检查", lead=("县市场监督管理局",)),
                 task(11, "强化食品安全监管", lead=("县市场监管局",)), task(12, "推进统计执法", lead=("县统计局",)))
    [finding] = findings_of(RULE, analysis_of(draft))
    assert finding.evidence == {"variant": "县市场监管局", "usual": "县市场监督管理局", "usual_tasks": "9、10"}


def test_units_read_with_the_names_of_other_plans_in_hand_are_read_alike(corpus_plans):
    """A check reads the draft's and last year's units through one table of names already read."""
    from plancheck.checks.rules.unit_name_variant import _unit_uses

    named: dict = {}
    for plan_read in corpus_plans:
        uses = _unit_uses(plan_read)
        assert uses and _unit_uses(plan_read, named) == uses
    assert len(named) > 20 and None in named.values()  # collectives are remembered as such
