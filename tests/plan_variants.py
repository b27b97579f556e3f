"""Generated plan variants for the property tests of issue 12.

A bank of fictional county tasks (青松县) is rendered under layout parameters (units, numbering levels,
intro and closing parts, partial excerpts, title lines, PDF wrapping, flattened tables, traditional
characters); each document comes with the tasks a correct reading finds in it.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from functools import lru_cache

from hypothesis import strategies as st

# ---- the bank ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BankTask:
    """One task as a plan states it: a title, one or two body paragraphs, its lead and responsible units."""

    title: str
    paragraphs: tuple[str, ...]
    lead: tuple[str, ...]
    responsible: tuple[str, ...]


@dataclass(frozen=True)
class BankGroup:
    """A `(一)` heading of the three-level layout and its tasks."""

    title: str
    tasks: tuple[BankTask, ...]


@dataclass(frozen=True)
class BankSection:
    """A `一、` section: its title and two groups of three tasks."""

    title: str
    groups: tuple[BankGroup, ...]


def _task(title: str, body: str | tuple[str, ...], lead: str, responsible: str) -> BankTask:
    paragraphs = (body,) if isinstance(body, str) else body
    return BankTask(title, paragraphs, tuple(lead.split("、")), tuple(responsible.split("、")))


# Bodies avoid what a correct reader may take for structure: numbering at a line start, `牵头`, unit clauses.
BANK = (
    BankSection("深入学习贯彻习近平法治思想", (
        BankGroup("强化学习宣传", (
            _task("推动习近平法治思想学习宣传走深走实",
                  ("将习近平法治思想纳入县委理论学习中心组和县政府常务会议学法内容，全年开展集中宣讲不少于10场。",
                   "结合“八五”普法规划，在县融媒体中心开设学习专栏，推动学习宣传进机关、进乡村、进企业。"),
                  "县委宣传部、县司法局", "县直各部门"),
            _task("落实党政主要负责人履行推进法治建设第一责任人职责",
                  "县政府主要负责人每年听取法治政府建设工作汇报不少于2次，各乡镇、各部门主要负责人年底前完成述法。",
                  "县委依法治县办", "各乡镇人民政府、县直各部门"),
            _task("加强领导干部学法用法",
                  "健全县政府常务会议会前学法制度，全年组织会前学法不少于4次，将法治素养纳入干部考核内容。",
                  "县委组织部", "县司法局"),
        )),
        BankGroup("压实法治建设责任", (
            _task("做好法治政府建设年度报告工作",
                  "各乡镇、各部门于3月底前向县委、县政府报告上一年度法治政府建设情况，并通过门户网站向社会公开。",
                  "县委依法治县办", "各乡镇人民政府、县直各部门"),
            _task("推进法治政府建设示范创建",
                  "对照示范创建指标体系开展自查评估，梳理短板弱项，形成问题清单和整改台账。",
                  "县司法局", "县直各部门"),
            _task("加强法治督察工作",
                  "围绕行政执法、行政复议等重点领域开展专项督察，督察结果纳入年度绩效考核。",
                  "县委依法治县办", "县司法局"),
        )),
    )),
    BankSection("健全政府机构职能体系", (
        BankGroup("深化“放管服”改革", (
            _task("全面实行行政许可事项清单管理",
                  "动态调整县级行政许可事项清单，清单之外不得违法实施行政许可。",
                  "县政府办公室", "县直各部门"),
            _task("持续优化政务服务",
                  ("推进政务服务事项“一网通办”，县级政务服务事项网上可办率达到95%以上。",
                   "推动高频事项“跨省通办”，年底前实现企业开办全程网上办理。"),
                  "县数据资源管理局", "县政务服务中心"),
            _task("推行证明事项告知承诺制",
                  "梳理公布实行告知承诺制的证明事项目录，加强事中事后核查，建立虚假承诺信用惩戒机制。",
                  "县司法局", "县直各部门"),
        )),
        BankGroup("优化法治化营商环境", (
            _task("落实公平竞争审查制度",
                  "对新出台的涉及经营主体经济活动的政策措施开展公平竞争审查，审查率达到100%。",
                  "县市场监督管理局", "县直各部门"),
            _task("清理妨碍统一市场的规定",
                  "年底前完成妨碍统一市场和公平竞争的规定和做法专项清理，清理结果向社会公布。",
                  "县发展和改革局", "县市场监督管理局、县司法局"),
            _task("加强涉企收费监管",
                  "开展涉企违规收费专项整治，建立涉企收费目录清单制度，切实减轻企业负担。",
                  "县市场监督管理局", "县财政局、县发展和改革局"),
        )),
    )),
    BankSection("健全依法行政制度体系", (
        BankGroup("加强行政规范性文件管理", (
            _task("严格行政规范性文件合法性审核",
                  "行政规范性文件合法性审核率达到100%，未经合法性审核的不得提交审议。",
                  "县司法局", "县直各部门"),
            _task("做好规范性文件备案审查",
                  "规范性文件在公布后15日内报送备案，备案审查纠错结果及时通报。",
                  "县司法局", "各乡镇人民政府"),
            _task("开展规范性文件清理",
                  "对与上位法不一致、不适应改革要求的规范性文件及时修改或者废止，清理结果向社会公布。",
                  "县司法局", "县直各部门"),
        )),
        BankGroup("推进重大行政决策科学化民主化法治化", (
            _task("严格落实重大行政决策程序",
                  ("严格履行公众参与、专家论证、风险评估、合法性审查和集体讨论决定等法定程序。",
                   "年初向社会公布年度重大行政决策事项目录，决策后评估工作全年不少于1次。"),
                  "县政府办公室", "县司法局"),
            _task("充分发挥法律顾问作用",
                  "县政府及其部门法律顾问覆盖率保持100%，重大决策事项均听取法律顾问意见。",
                  "县司法局", "县直各部门"),
            _task("加强行政合同管理",
                  "建立行政合同审查和备案制度，重大行政合同合法性审查率达到100%。",
                  "县司法局", "县财政局"),
        )),
    )),
    BankSection("严格规范公正文明执法", (
        BankGroup("深化行政执法体制改革", (
            _task("推进乡镇综合行政执法",
                  "完善乡镇综合行政执法运行机制，年底前完成乡镇执法人员业务培训全覆盖。",
                  "县委编办", "各乡镇人民政府"),
            _task("严格落实行政执法三项制度",
                  ("全面落实行政执法公示、执法全过程记录和重大执法决定法制审核制度。",
                   "执法信息按时公示率达到100%，重大执法决定法制审核率达到100%。"),
                  "县司法局", "县政府各行政执法部门"),
            _task("规范涉企行政检查",
                  "推行涉企检查事项清单和“综合查一次”，同一企业年度检查次数同比下降10%以上。",
                  "县司法局", "县市场监督管理局、县政府各行政执法部门"),
        )),
        BankGroup("加强行政执法监督", (
            _task("开展行政执法案卷评查",
                  "每半年组织一次行政执法案卷评查，评查结果纳入法治政府建设考核。",
                  "县司法局", "县政府各行政执法部门"),
            _task("加强行政执法人员管理",
                  "严格执法人员资格管理和持证上岗制度，全年组织执法人员公共法律知识培训不少于40学时。",
                  "县司法局", "县人力资源和社会保障局"),
            _task("推进包容审慎监管",
                  "制定轻微违法行为不予处罚和首违不罚事项清单，并向社会公开。",
                  "县司法局", "县市场监督管理局、县生态环境局"),
        )),
    )),
    BankSection("依法预防化解矛盾纠纷", (
        BankGroup("发挥行政复议化解行政争议主渠道作用", (
            _task("深化行政复议体制改革",
                  "畅通行政复议申请渠道，行政复议案件在法定期限内办结率达到100%。",
                  "县司法局", "县直各部门"),
            _task("加强行政应诉工作",
                  "落实行政机关负责人出庭应诉制度，行政机关负责人出庭应诉率保持100%。",
                  "县司法局", "县人民法院"),
            _task("支持检察机关开展行政违法行为监督",
                  "健全行政机关与检察机关信息共享和案件移送机制，按时办理检察建议。",
                  "县司法局", "县人民检察院"),
        )),
        BankGroup("健全矛盾纠纷多元化解机制", (
            _task("推进人民调解规范化建设",
                  "加强乡镇和村人民调解组织建设，矛盾纠纷调解成功率达到95%以上。",
                  "县司法局", "各乡镇人民政府"),
            _task("推进信访工作法治化",
                  "依法分类处理信访诉求，初次信访事项按期办结率达到98%以上。",
                  "县信访局", "县直各部门"),
            _task("完善公共法律服务体系",
                  "推进县、乡、村三级公共法律服务实体平台全覆盖，全年办理法律援助案件不少于300件。",
                  "县司法局", "县财政局、各乡镇人民政府"),
        )),
    )),
)

TITLES = {"annual": "青松县2025年法治政府建设工作计划", "scheme": "青松县法治政府建设实施方案（2021—2025年）"}
PREAMBLES = {
    "annual": "为全面推进依法行政，加快建设法治政府，根据上级有关部署，结合我县实际，制定本计划。",
    "scheme": "为深入推进依法行政，全面建设法治政府，结合我县实际，制定本实施方案。",
}
INTRO_HEADING = "总体要求"
INTRO = (("指导思想", "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻习近平法治思想，统筹推进法治政府建设各项工作。"),
         ("工作目标", "到年底，行政决策质量进一步提升，行政执法更加规范，群众对法治政府建设的满意度持续提高。"))
CLOSING_HEADING = "保障措施"
CLOSING = (("加强组织领导", "各乡镇、各部门要把法治政府建设摆在全局工作的重要位置，主要负责人要亲自部署、亲自协调。"),
           ("强化督促检查", "县委依法治县办要加强对本计划落实情况的督促检查，年底前通报各项任务落实情况。"),
           ("营造良好氛围", "加强法治政府建设先进典型宣传，营造全社会尊法学法守法用法的良好氛围。"))
TABLE_HEADERS = ("序号", "工作任务", "牵头单位", "责任单位")
TABLE_PLACEHOLDERS = ("—", "无", "/")
_CN_NUMBERS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")

# ---- layouts ----------------------------------------------------------------------------------------

UNIT_STYLES = ("bracket", "line", "paren")
NUMBERINGS = ("dot", "paren", "three")  # 一、>1. continuous; 一、>(一) per section; 一、>(一)>1. per group
INTROS = ("none", "plain", "numbered")


@dataclass(frozen=True)
class Layout:
    """How one variant is printed. The defaults are the plain layout every reader handles."""

    kind: str = "annual"
    sections: int = 5  # the first N sections of the bank
    group_size: int = 3  # the first N tasks of each group
    unit_share: float = 1.0  # share of tasks that carry units
    unit_style: str = "bracket"  # 〔牵头单位:…;责任单位:…〕, a `责任单位:…;配合单位:…` line, or `(X牵头,Y配合)`
    numbering: str = "paren"
    intro: str = "none"  # `一、总体要求` with plain or `(一)`-numbered paragraphs
    closing: bool = False  # a closing `保障措施` section with `(一)`-numbered paragraphs
    start: int = 1  # >1: an excerpt from the start-th task on, without title or intro
    title_alone: bool = False  # the title on its own line, the body in the next paragraph(s)
    wrap_width: int | None = None  # PDF text: hard line breaks every wrap_width characters, page markers
    page_lines: int = 12  # lines per page when wrapped
    table: bool = False  # a task table flattened to one cell per line
    table_sections: bool = False  # section rows (`一、…`) inside the flattened table
    placeholder: str = "—"  # what an empty unit cell holds
    traditional: bool = False

    def __repr__(self) -> str:
        """Only what differs from the plain layout: a failing example reads `Layout(unit_share=0.4, …)`."""
        changed = [f"{f.name}={getattr(self, f.name)!r}" for f in fields(self) if getattr(self, f.name) != f.default]
        return f"Layout({', '.join(changed)})"

    def _repr_pretty_(self, printer, cycle: bool) -> None:  # hypothesis prints failing examples this way
        printer.text(repr(self))


@dataclass(frozen=True)
class ExpectedTask:
    """A task as a correct reading returns it: number as printed, text as printed, units by role."""

    number: str
    title: str
    text: str
    lead: tuple[str, ...]
    responsible: tuple[str, ...]
    title_alone: bool  # the title stands on its own line, so a reader may join it to the body with `。`


@dataclass(frozen=True)
class Variant:
    """A generated document and the tasks in it."""

    layout: Layout
    file_name: str
    text: str
    expected: tuple[ExpectedTask, ...]

    def __repr__(self) -> str:
        return f"render({self.layout!r})"

    def _repr_pretty_(self, printer, cycle: bool) -> None:
        printer.text(repr(self))

    def read(self):
        """The document as `load_plan` reads it, written to a temporary file of its name."""
        import tempfile
        from pathlib import Path

        from plancheck.plans import load_plan

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / self.file_name
            path.write_text(self.text, encoding="utf-8")
            return load_plan(path)


@lru_cache(maxsize=2)
def _converter(traditional: bool):
    if not traditional:
        return lambda text: text
    from opencc import OpenCC

    return OpenCC("s2tw").convert  # Taiwan forms (為, 群眾), as portals convert pages


def _selected(layout: Layout) -> list[tuple[int, int, BankTask]]:
    """(section, group, task) of every task the layout prints, in order, before an excerpt is cut."""
    return [(s, g, task) for s, section in enumerate(BANK[: layout.sections])
            for g, group in enumerate(section.groups) for task in group.tasks[: layout.group_size]]


def task_count(layout: Layout) -> int:
    """How many tasks the full document of a layout holds (an excerpt starts at one of them)."""
    return len(_selected(layout))


def _labelled(index: int, share: float) -> bool:
    """Whether the index-th task carries units: spread evenly, round(share * n) of the first n tasks."""
    return int((index + 1) * share + 1e-9) > int(index * share + 1e-9)


def _unit_text(layout: Layout, lead: tuple[str, ...], responsible: tuple[str, ...], zh) -> str:
    """The printed unit block; label words are converted on their own, so the unit names stay as expected."""
    leads, helpers = "、".join(lead), "、".join(responsible)
    if layout.unit_style == "bracket":
        return f"〔{zh('牵头单位')}：{leads}；{zh('责任单位')}：{helpers}〕"
    if layout.unit_style == "line":
        return f"{zh('责任单位')}：{leads}；{zh('配合单位')}：{helpers}"
    return f"（{leads}{zh('牵头')}，{helpers}{zh('配合')}）"


@dataclass(frozen=True)
class _Block:
    """Printed lines that belong to one task (its index) or to none (headings, intro, closing)."""

    lines: tuple[str, ...]
    task: int | None = None


def _task_number(layout: Layout, index: int, section_index: int, group_index: int) -> tuple[str, str]:
    """The printed marker and the number a reader reports, for a task's position."""
    if layout.numbering == "dot":
        return f"{index + 1}.", str(index + 1)
    if layout.numbering == "paren":
        return f"（{_CN_NUMBERS[section_index]}）", f"({_CN_NUMBERS[section_index]})"
    return f"{group_index + 1}.", str(group_index + 1)


def _numbered_paragraphs(items: tuple[tuple[str, str], ...], zh) -> list[str]:
    return [zh(f"（{_CN_NUMBERS[i]}）{title}。{body}") for i, (title, body) in enumerate(items)]


def render(layout: Layout) -> Variant:
    """The document of a layout and the tasks a correct reading finds in it."""
    zh = _converter(layout.traditional)
    selected = _selected(layout)
    blocks: list[_Block] = [_Block((zh(TITLES[layout.kind]), zh(PREAMBLES[layout.kind])))]
    section_offset = 0
    if layout.intro != "none":
        section_offset = 1
        paragraphs = (_numbered_paragraphs(INTRO, zh) if layout.intro == "numbered"
                      else [zh(body) for _, body in INTRO])
        blocks.append(_Block((zh(f"一、{INTRO_HEADING}"), *paragraphs)))
    expected: list[ExpectedTask] = []
    header = tuple(zh(word) for word in TABLE_HEADERS)
    if layout.table:
        blocks.append(_Block(header))
    last_section = last_group = -1
    in_section = in_group = 0
    for index, (s, g, task) in enumerate(selected):
        section = BANK[s]
        if s != last_section:
            heading = zh(f"{_CN_NUMBERS[s + section_offset]}、{section.title}")
            if not layout.table or layout.table_sections:
                blocks.append(_Block((heading,)))
            last_section, last_group, in_section = s, -1, 0
        if g != last_group:
            if layout.numbering == "three" and not layout.table:
                blocks.append(_Block((zh(f"（{_CN_NUMBERS[g]}）{section.groups[g].title}"),)))
            last_group, in_group = g, 0
        labelled = _labelled(index, layout.unit_share)
        title, paragraphs = zh(task.title), [zh(p) for p in task.paragraphs]
        lead = tuple(zh(u) for u in task.lead) if labelled else ()
        responsible = tuple(zh(u) for u in task.responsible) if labelled else ()
        if layout.table:
            number = str(index + 1)
            text = title + "。" + "".join(paragraphs)
            cells = (number, text, "、".join(lead) or layout.placeholder,
                     "、".join(responsible) or layout.placeholder)
            blocks.append(_Block(cells, index))
            expected.append(ExpectedTask(number, title, text, lead, responsible, False))
        else:
            marker, number = _task_number(layout, index, in_section, in_group)
            lines, text = _task_lines(layout, marker, title, paragraphs, lead, responsible, zh)
            blocks.append(_Block(lines, index))
            expected.append(ExpectedTask(number, title, text, lead, responsible, layout.title_alone))
        in_section += 1
        in_group += 1
    if layout.closing:
        heading = zh(f"{_CN_NUMBERS[len(BANK[: layout.sections]) + section_offset]}、{CLOSING_HEADING}")
        blocks.append(_Block((heading, *_numbered_paragraphs(CLOSING, zh))))
    if layout.start > 1:
        # An excerpt: no title, no intro, no heading above its first task; a table keeps its header row.
        first = next(i for i, block in enumerate(blocks) if block.task == layout.start - 1)
        blocks = [block for block in blocks[:first] if layout.table and block.lines == header] + blocks[first:]
        expected = expected[layout.start - 1:]
    lines = [line for block in blocks for line in block.lines]
    if layout.wrap_width and not layout.table:  # a flattened table holds one cell per line, never wrapped
        lines = _wrapped(lines, layout.wrap_width, layout.page_lines)
    return Variant(layout, "plan.txt", "\n".join(lines) + "\n", tuple(expected))


def _task_lines(layout: Layout, marker: str, title: str, paragraphs: list[str], lead: tuple[str, ...],
                responsible: tuple[str, ...], zh) -> tuple[tuple[str, ...], str]:
    """A task's printed lines and its text as printed (without number and units)."""
    if layout.title_alone:
        body = list(paragraphs)
        text = title + "".join(paragraphs)
    else:
        body = [title + "。" + "".join(paragraphs)]
        text = body[0]
    units = _unit_text(layout, lead, responsible, zh) if lead or responsible else ""
    if units and layout.unit_style != "line":
        body[-1] += units
    lines = [marker + title, *body] if layout.title_alone else [marker + body[0]]
    if units and layout.unit_style == "line":
        lines.append(units)
    return tuple(lines), text


# Typesetting rules a PDF follows when it breaks lines: no line opens with closing punctuation or ends with
# an opening one, and a number (`100%`) stays whole.
_NO_LINE_START = "，。；：、）〕”！？"
_NO_LINE_END = "（〔“"
_UNBREAKABLE = "0123456789%.ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _printed_lines(line: str, width: int) -> list[str]:
    """A paragraph broken into lines of about `width` characters, as a PDF prints it."""
    pieces = []
    start = 0
    while len(line) - start > width:
        end = start + width
        while end < len(line) and (line[end] in _NO_LINE_START
                                   or line[end] in _UNBREAKABLE and line[end - 1] in _UNBREAKABLE):
            end += 1
        while end - 1 > start and line[end - 1] in _NO_LINE_END:
            end -= 1
        pieces.append(line[start:end])
        start = end
    return [*pieces, line[start:]] if start < len(line) else pieces


def _wrapped(lines: list[str], width: int, page_lines: int) -> list[str]:
    """Lines as PDF extraction gives them: broken at the page width, a `- N -` marker after each page."""
    printed = [piece for line in lines for piece in _printed_lines(line, width)]
    out: list[str] = []
    for start in range(0, len(printed), page_lines):
        out.extend(printed[start:start + page_lines])
        out.append(f"- {start // page_lines + 1} -")
    return out


# ---- strategies, one per axis -----------------------------------------------------------------------

AXES: dict[str, st.SearchStrategy] = {
    "unit_share": st.sampled_from((0.0, 0.4, 1.0)),
    "unit_style": st.sampled_from(UNIT_STYLES),
    "numbering": st.sampled_from(NUMBERINGS),
    "intro": st.sampled_from(INTROS),
    "closing": st.booleans(),
    "title_alone": st.booleans(),
    "wrap_width": st.integers(30, 40),
    "page_lines": st.integers(8, 20),
    "table": st.just(True),
    "table_sections": st.booleans(),
    "placeholder": st.sampled_from(TABLE_PLACEHOLDERS),
    "traditional": st.just(True),
}


@st.composite
def variants(draw: st.DrawFn, axes: tuple[str, ...] = (), optional: tuple[str, ...] = (),
             excerpt: bool | None = False) -> Variant:
    """A rendered variant: the bank's size and the plan kind always drawn, the named axes drawn, each
    `optional` axis drawn or left at its default; an excerpt (a start number k > 1) always, never, or
    drawn when excerpt is None."""
    values = {"kind": draw(st.sampled_from(("annual", "scheme"))),
              "sections": draw(st.integers(2, len(BANK))), "group_size": draw(st.integers(1, 3))}
    for axis in axes:
        values[axis] = draw(AXES[axis])
    for axis in optional:
        if draw(st.booleans()):
            values[axis] = draw(AXES[axis])
    layout = Layout(**values)
    if excerpt or (excerpt is None and draw(st.booleans())):
        layout = replace(layout, start=draw(st.integers(2, task_count(layout) - 1)))
    return render(layout)
