"""The JSON API: the same actions as the pages, for scripts (endpoints listed in `app.py`)."""
from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from . import api_models as models
from .api_models import DEFAULT_LIMIT, MAX_LIMIT
from .disconnect import unless_disconnected
from .errors import ServiceError
from .forms import decision_from_json, read_form, reading_fields, upload_fields
from .openapi import OpenAPIGenerator
from .operations import Answer, operation
from .service import ReviewService
from .store import SQLITE_MAX_INT, Decision, Run
from .trend import locality_path

RUN_ID = {"run_id": ("审查记录编号", 1)}
LOCALITY = {"locality": ("地区名称(同上传时填写的名称)", "青山县")}
NOT_FOUND_RUN = {404: "没有该编号的审查记录,或其报告文件已不存在"}
UPLOAD_ERRORS = {400: "缺少必填字段、文件为空或字段无效", 408: "上传中断(30 秒内没有收到数据)或上传过慢",
                 413: "文件超过上传大小限制", 415: "不支持的文件格式", 422: "文件无法读取或无法识别任务,或审查超时",
                 507: "服务器磁盘空间不足"}
REREVIEW_ERRORS = {422: "应用审核决定后的重新审查失败(决定已撤回)"}


def _service(request: Request) -> ReviewService:
    return request.app.state.service


def _json(data: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status)


def _query_int(request: Request, name: str, default: int, low: int, high: int) -> int:
    """An integer query parameter, held within [low, high]; ServiceError 400 when it is not an integer."""
    try:
        return min(high, max(low, int(request.query_params.get(name, str(default)))))
    except ValueError:
        raise ServiceError(400, f"{name} 应为整数") from None


def run_json(run: Run) -> dict[str, Any]:
    """A run as the API shows it (stored file names stay private)."""
    base = f"/runs/{run.id}"
    return {
        "id": run.id, "locality": run.locality, "uploader": run.uploader,
        "created_at": run.created_at, "updated_at": run.updated_at,
        "verdict": run.verdict, "errors": run.errors, "warnings": run.warnings, "coverage": run.coverage,
        "files": [{"role": f.role, "name": f.name, "size": f.size} for f in run.files],
        "links": {"page": base, "report_html": f"{base}/report.html", "report_json": f"{base}/report.json",
                  "report_xlsx": f"{base}/report.xlsx", "opinion_docx": f"{base}/word/opinion.docx",
                  "table_docx": f"{base}/word/table.docx",
                  **({"annotated_docx": f"{base}/word/annotated.docx"}
                     if any(f.role == "draft" and f.name.lower().endswith(".docx") for f in run.files)
                     else {}),
                  "locality": locality_path(run.locality)},
    }


def decision_json(d: Decision) -> dict[str, Any]:
    """A standing ruling: the tasks it names by index (in run `run_id`), number and title."""
    return {"id": d.id, "locality": d.locality, "run_id": d.run_id, "target": d.target, "plan": d.plan,
            "left": asdict(d.left), "right": asdict(d.right), "action": d.action, "kind": d.kind,
            "reviewer": d.reviewer, "created_at": d.created_at}


@operation("服务状态", {200: Answer("服务在运行", models.Health)}, open=True, tag="服务",
           description="不需要访问令牌;ready 为 true 后审查进程已加载完模型。")
async def health(request: Request) -> Response:
    """Liveness probe; `ready` is false while the review workers are still loading their models."""
    return _json({"status": "ok", "ready": _service(request).runner.ready})


@operation("审查历史", {200: Answer("审查记录,新的在前", models.RunList)}, query=models.RunsQuery,
           errors={400: "limit 或 offset 不是整数"})
async def list_runs(request: Request) -> Response:
    """The history, newest first: ?locality=&limit=&offset=."""
    service = _service(request)
    locality = request.query_params.get("locality") or None
    limit = _query_int(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    offset = _query_int(request, "offset", 0, 0, SQLITE_MAX_INT)
    runs = service.store.list_runs(locality, limit, offset)
    return _json({"total": service.store.count_runs(locality), "runs": [run_json(r) for r in runs]})


@operation("上传并审查", {201: Answer("审查完成,返回新的审查记录", models.Run)}, body=models.UploadForm,
           body_media_type="multipart/form-data", errors=UPLOAD_ERRORS,
           description="审查在服务端完成后才回答(通常数秒,最长为服务的审查时限)。结论、错误和警告数见回答,"
                       "完整报告见 links。")
async def create_run(request: Request) -> Response:
    """Upload and review: multipart fields locality, uploader, draft, baseline?, scheme?; cancelled when
    the client goes away."""
    form = await read_form(request)
    try:
        locality, uploader, files = upload_fields(form)
        run = await unless_disconnected(request, _service(request).submit, locality, uploader, files,
                                        reading_fields(form))
    finally:
        await form.close()
    return _json(run_json(run), 201)


@operation("审查记录", {200: Answer("审查记录、地区现行的审核决定及其应用情况", models.RunDetail)},
           path_params=RUN_ID, errors=NOT_FOUND_RUN)
async def get_run(request: Request) -> Response:
    """A run, its locality's standing decisions and how they were applied."""
    service = _service(request)
    run = service.get_run(int(request.path_params["run_id"]))
    report = service.report(run)
    return _json({**run_json(run), "decisions": [decision_json(d) for d in service.store.decisions(run.locality)],
                  "decisions_applied": report.get("decisions_applied", [])})


@operation("JSON 审查报告", {200: Answer("完整的审查报告(plancheck-report/1,见 docs/report.md)", models.Report)},
           path_params=RUN_ID, errors=NOT_FOUND_RUN)
async def get_report(request: Request) -> Response:
    """The run's JSON report (schema plancheck-report/1)."""
    service = _service(request)
    run = service.get_run(int(request.path_params["run_id"]))
    return Response(service.report_path(run, "json").read_bytes(), media_type="application/json")


@operation("作出审核决定", {201: Answer("决定已保存,记录已按现行决定重新审查", models.DecisionCreated)},
           body=models.DecisionIn, path_params=RUN_ID, tag="审核决定",
           errors={400: "请求体不是有效的 JSON,或字段、任务序号无效", **NOT_FOUND_RUN,
                   409: "同一决定已由另一请求提交", **REREVIEW_ERRORS},
           description="对年度对照(去年计划 → 草案)或方案关联(计划任务 → 实施方案条目)确认、否决或强制指定;"
                       "同一对任务的旧决定被替换。决定属于该地区,以后上传的草案也会沿用。")
async def create_decision(request: Request) -> Response:
    """Record a ruling on the run's alignment or scheme links; the run is reviewed again."""
    try:
        data = json.loads(await request.body())
    except (ValueError, RecursionError):  # RecursionError: arrays nested thousands deep
        raise ServiceError(400, "请求体不是有效的 JSON") from None
    decision_id, run = await _service(request).decide(int(request.path_params["run_id"]), decision_from_json(data))
    decision = next((d for d in _service(request).store.decisions(run.locality) if d.id == decision_id), None)
    if decision is None:  # an identical ruling posted at the same moment took its place
        raise ServiceError(409, "同一审核决定已由另一请求提交,请刷新后查看")
    return _json({"decision": decision_json(decision), "run": run_json(run)}, 201)


@operation("撤销审核决定", {200: Answer("决定已撤销,记录已重新审查", models.RunReviewed)}, tag="审核决定",
           path_params={**RUN_ID, "decision_id": ("审核决定编号", 1)},
           errors={404: "没有该审查记录,或该地区没有这项决定", **REREVIEW_ERRORS})
async def delete_decision(request: Request) -> Response:
    """Withdraw a standing ruling; the run is reviewed again."""
    run = await _service(request).withdraw(int(request.path_params["run_id"]),
                                           int(request.path_params["decision_id"]))
    return _json({"run": run_json(run)})


@operation("地区现行的审核决定", {200: Answer("该地区现行的审核决定,早的在前", models.LocalityDecisions)},
           path_params=LOCALITY, tag="地区")
async def locality_decisions(request: Request) -> Response:
    """The standing rulings of a locality, oldest first."""
    locality, decisions = _service(request).locality_decisions(request.path_params["locality"])
    return _json({"locality": locality, "decisions": [decision_json(d) for d in decisions],
                  "history": f"/api/runs?locality={quote(locality)}"})


@operation("地区逐次审查", {200: Answer("该地区的审查记录(含覆盖率),新的在前", models.LocalityRuns)},
           path_params=LOCALITY, query=models.LocalityRunsQuery, tag="地区",
           errors={400: "地区名称为空或过长,或 limit 不是整数", 404: "该地区没有审查记录"},
           description="用于比较一个地区历年草案的错误、警告和方案覆盖率;网页版(含趋势图)见 page。")
async def locality_runs(request: Request) -> Response:
    """A locality's runs, newest first, with their coverage (the year-over-year view)."""
    limit = _query_int(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    locality, runs, total = _service(request).locality_runs(request.path_params["locality"], limit)
    return _json({"locality": locality, "total": total, "runs": [run_json(r) for r in runs],
                  "page": locality_path(locality)})


@operation("OpenAPI 文档", {200: Answer("本服务 JSON 接口的 OpenAPI 3.1 文档", media_type="application/json")},
           open=True, tag="服务", description="不需要访问令牌:文档只描述接口,不含任何审查数据。")
async def openapi_document(request: Request) -> Response:
    """The OpenAPI document, built from the app's routes at each request."""
    generator = OpenAPIGenerator(with_token=request.app.state.gate is not None)
    return _json(generator.get_schema(request.app.routes, str(request.base_url).rstrip("/")))
