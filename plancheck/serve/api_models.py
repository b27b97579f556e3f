"""The shapes of the JSON API's requests and answers, as pydantic models: the OpenAPI document's schemas.

The handlers in `api.py` build their answers as plain dicts; these models describe them (descriptions
in Chinese, for the people who call the API) and `tests/test_serve_openapi.py` checks every answer
against them. Answers forbid properties the model does not name, so a field added to an answer
without its description fails that test.
"""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel
from pydantic.json_schema import SkipJsonSchema

from .review import ROLES
from .service import ACTIONS, KINDS, TARGETS, TEXT_LIMIT

DEFAULT_LIMIT, MAX_LIMIT = 100, 1000  # runs in one answer of a list (larger limits are held to the maximum)


def described(text: str, *examples: Any) -> ConfigDict:
    """A model's configuration: closed to undescribed properties, with a Chinese description."""
    extra: dict[str, Any] = {"description": text}
    if examples:
        extra["examples"] = list(examples)
    return ConfigDict(extra="forbid", json_schema_extra=extra)


class Error(BaseModel):
    model_config = described("出错时的回答(4xx/5xx)", {"error": "没有编号为 7 的审查记录"})
    error: str = Field(description="中文说明:哪里出错、如何处理")


class Health(BaseModel):
    model_config = described("服务状态")
    status: Literal["ok"] = Field(description="服务在运行时为 ok")
    ready: bool = Field(description="审查进程是否已加载完模型(为 false 时首次审查较慢)")


class RunFile(BaseModel):
    model_config = described("一次审查上传的一份文件")
    role: Literal[ROLES] = Field(description="draft 草案、baseline 去年的计划、scheme 五年实施方案")
    name: str = Field(description="上传时的文件名")
    size: int = Field(ge=0, description="字节数")


class RunLinks(BaseModel):
    model_config = described("该审查记录的页面和下载地址(相对于服务地址)")
    page: str = Field(description="审查记录页面")
    report_html: str = Field(description="HTML 审查报告")
    report_json: str = Field(description="JSON 审查报告(下载)")
    report_xlsx: str = Field(description="Excel 任务台账")
    opinion_docx: str = Field(description="审查意见书(Word)")
    table_docx: str = Field(description="新旧对照表(Word)")
    annotated_docx: str | SkipJsonSchema[None] = Field(None, description="带批注的草案(仅当草案为 .docx 时)")
    locality: str = Field(description="该地区的逐次审查页面")


class Run(BaseModel):
    model_config = described("一次审查记录")
    id: int = Field(ge=1, description="审查记录编号")
    locality: str = Field(description="地区名称")
    uploader: str = Field(description="上传人")
    created_at: str = Field(description="上传时间(UTC,ISO 8601)")
    updated_at: str = Field(description="最近一次(重新)审查的时间(UTC,ISO 8601)")
    verdict: Literal["pass", "fail"] = Field(description="结论:pass 通过,fail 未通过(有错误级别的问题)")
    errors: int = Field(ge=0, description="错误数")
    warnings: int = Field(ge=0, description="警告数")
    coverage: float | None = Field(ge=0, le=1, description="草案对实施方案的覆盖率(被草案任务落实的方案条目占比);"
                                                       "未上传实施方案时为 null")
    files: list[RunFile] = Field(description="上传的文件")
    links: RunLinks


class TaskRef(BaseModel):
    model_config = described("审核决定所指的任务:在其审查记录中的序号、编号和标题(以后的上传按标题或编号找回)")
    index: int | None = Field(description="任务序号(从 1 起);null 表示无对应任务")
    number: str | None = Field(description="任务编号")
    title: str | None = Field(description="任务标题")


class Decision(BaseModel):
    model_config = described("一项审核决定(属于地区,以后的上传沿用)")
    id: int = Field(ge=1, description="决定编号")
    locality: str = Field(description="地区名称")
    run_id: int = Field(ge=1, description="作出决定时的审查记录编号")
    target: Literal[TARGETS] = Field(description="alignment 年度对照,scheme_link 方案关联")
    plan: Literal["baseline", "draft"] = Field(description="左侧任务所在的计划")
    left: TaskRef = Field(description="年度对照为去年计划的任务,方案关联为计划的任务")
    right: TaskRef = Field(description="年度对照为草案的任务,方案关联为方案条目")
    action: Literal[ACTIONS] = Field(description="confirm 确认、reject 否决、force 强制指定")
    kind: Literal[KINDS] | None = Field(description="强制对应时指定的对应类型")
    reviewer: str = Field(description="审核人")
    created_at: str = Field(description="作出决定的时间(UTC,ISO 8601)")


class RunDetail(Run):
    model_config = described("审查记录及其地区现行的审核决定")
    decisions: list[Decision] = Field(description="该地区现行的审核决定")
    decisions_applied: list[str] = Field(description="本次审查应用各项决定的情况,每项一句中文")


class RunList(BaseModel):
    model_config = described("审查历史,新的在前")
    total: int = Field(ge=0, description="符合条件的记录总数")
    runs: list[Run]


class LocalityRuns(BaseModel):
    model_config = described("一个地区的逐次审查,新的在前")
    locality: str = Field(description="地区名称(已规范化)")
    total: int = Field(ge=1, description="该地区的记录总数")
    runs: list[Run]
    page: str = Field(description="该地区逐次审查页面(含趋势图)的地址")


class LocalityDecisions(BaseModel):
    model_config = described("一个地区现行的审核决定,早的在前")
    locality: str = Field(description="地区名称")
    decisions: list[Decision]
    history: str = Field(description="该地区审查历史的 API 地址")


class DecisionCreated(BaseModel):
    model_config = described("新的审核决定和重新审查后的记录")
    decision: Decision
    run: Run


class RunReviewed(BaseModel):
    model_config = described("撤销决定后重新审查的记录")
    run: Run


class Report(BaseModel):
    model_config = ConfigDict(extra="allow", json_schema_extra={
        "description": "JSON 审查报告,格式见 docs/report.md(schema 为 plancheck-report/1;以后可能增加字段)"})
    schema_: Literal["plancheck-report/1"] = Field(alias="schema", description="报告格式版本")
    documents: list[dict[str, Any]] = Field(description="各文件:角色、标题、年度和任务")
    alignment: list[dict[str, Any]] = Field(description="去年计划与草案的任务对照")
    dropped: list[int] = Field(description="草案中删去的去年任务序号")
    added: list[int] = Field(description="草案新增的任务序号")
    scheme_links: dict[str, list[dict[str, Any]]] = Field(description="计划任务与实施方案条目的关联")
    decisions_applied: list[str] = Field(description="审核决定的应用情况")
    findings: list[dict[str, Any]] = Field(description="发现的问题:规则、级别、任务、说明、依据")


# ----------------------------------------------------------------- requests


def _text(description: str, example: str) -> Any:
    return Field(max_length=TEXT_LIMIT, description=description, examples=[example])


class UploadForm(BaseModel):
    model_config = described("上传并审查(multipart/form-data);同一地区以往的审核决定自动沿用")
    locality: str = _text("地区名称(必填,不能含“/”或“\\”)", "青山县")
    uploader: str = _text("上传人(必填)", "王科员")
    draft: bytes = Field(description="计划草案文件(必填;.docx .pdf .txt .html .xlsx .csv)")
    baseline: bytes | SkipJsonSchema[None] = Field(None, description="去年的计划文件(可选)")
    scheme: bytes | SkipJsonSchema[None] = Field(None, description="五年实施方案文件(可选)")
    task_level: str | SkipJsonSchema[None] = Field(
        None, max_length=10, description="高级选项:计划的任务层级,如“(一)”“1.”(可选,默认自动识别)")
    scheme_task_level: str | SkipJsonSchema[None] = Field(
        None, max_length=10, description="高级选项:实施方案的任务层级(可选)")


class AlignmentDecisionIn(BaseModel):
    model_config = described("年度对照的决定:去年计划第 baseline 项与草案第 draft 项",
                             {"target": "alignment", "baseline": 6, "draft": 6, "action": "reject",
                              "reviewer": "李审核"})
    target: Literal["alignment"] = Field("alignment", description="年度对照(默认)")
    baseline: int | None = Field(None, ge=1, description="去年计划的任务序号;强制指定时 null 表示视为新增")
    draft: int | None = Field(None, ge=1, description="草案的任务序号;强制指定时 null 表示视为删去")
    action: Literal[ACTIONS] = Field(description="confirm 确认、reject 否决、force 强制指定")
    kind: Literal[KINDS] | SkipJsonSchema[None] = Field(None, description="强制对应时的对应类型(可选)")
    reviewer: str | SkipJsonSchema[None] = Field(None, max_length=TEXT_LIMIT, description="审核人(可选)")


class SchemeLinkDecisionIn(BaseModel):
    model_config = described("方案关联的决定:计划第 task 项与实施方案第 item 条",
                             {"target": "scheme_link", "plan": "draft", "task": 7, "item": 7,
                              "action": "confirm"})
    target: Literal["scheme_link"] = Field(description="方案关联")
    plan: Literal["draft", "baseline"] = Field("draft", description="任务所在的计划(默认草案)")
    task: int = Field(ge=1, description="计划的任务序号")
    item: int = Field(ge=1, description="实施方案的条目序号")
    action: Literal[ACTIONS] = Field(description="confirm 确认、reject 否决、force 强制指定")
    reviewer: str | SkipJsonSchema[None] = Field(None, max_length=TEXT_LIMIT, description="审核人(可选)")


class DecisionIn(RootModel[AlignmentDecisionIn | SchemeLinkDecisionIn]):
    model_config = ConfigDict(json_schema_extra={
        "description": "审核决定(application/json);序号为该审查记录中各文件的任务序号(从 1 起)"})


# ------------------------------------------------------------ query strings


class RunsQuery(BaseModel):
    model_config = described("审查历史的查询参数")
    locality: str | SkipJsonSchema[None] = Field(None, description="只列出该地区的记录")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"最多返回多少条(1–{MAX_LIMIT})")
    offset: int = Field(0, ge=0, description="跳过多少条(翻页)")


class LocalityRunsQuery(BaseModel):
    model_config = described("地区逐次审查的查询参数")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"最多返回多少条(1–{MAX_LIMIT})")
