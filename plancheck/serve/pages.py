"""The HTML pages: upload form, history, a locality's runs over time, a run's report with its decisions
panel, the API docs, login."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response

from .api_docs import docs_view
from .disconnect import unless_disconnected
from .errors import ServiceError
from .forms import decision_from_form, read_form, reading_fields, upload_fields
from .openapi import OpenAPIGenerator
from .operations import Answer, operation
from .panel import build_panel
from .service import ReviewService
from .store import Run
from .trend import locality_path, trend_chart
from .uploads import ACCEPTED, ACCEPTED_TEXT

PAGE_SIZE = 50
LOCALITY_RUNS = 200  # the locality page's table and chart: its latest runs
DOWNLOAD_TYPES = {
    "html": "text/html; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
WORD_LABELS = {"opinion": "审查意见书", "table": "新旧对照表", "annotated": "批注稿"}


def _service(request: Request) -> ReviewService:
    return request.app.state.service


def render(request: Request, name: str, context: dict, status: int = 200) -> Response:
    """A page of the service's templates."""
    return request.app.state.templates.TemplateResponse(request, name, {"error": None, **context},
                                                        status_code=status)


def _run_id(request: Request) -> int:
    return int(request.path_params["run_id"])


async def index(request: Request, error: str | None = None, status: int = 200, form: dict | None = None) -> Response:
    """The upload form and the latest runs."""
    service = _service(request)
    return render(request, "index.html.j2", {
        "error": error, "form": form or {"locality": "", "uploader": ""},
        "runs": service.store.list_runs(limit=10), "localities": service.store.localities(),
        "accept": ",".join(ACCEPTED), "accept_text": ACCEPTED_TEXT, "max_mb": service.limit_bytes // 1048576,
    }, status)


async def upload(request: Request) -> Response:
    """Review the uploaded documents, then show the run; on a bad upload, the form again with the reason.
    The review is cancelled when the browser goes away."""
    fields = {"locality": "", "uploader": ""}
    try:
        form = await read_form(request)
        try:
            locality, uploader, files = upload_fields(form)
            fields = {"locality": locality, "uploader": uploader}
            run = await unless_disconnected(request, _service(request).submit, locality, uploader, files,
                                            reading_fields(form))
        finally:
            await form.close()
    except ServiceError as exc:
        return await index(request, exc.message, exc.status, fields)
    return RedirectResponse(f"/runs/{run.id}", status_code=303)


async def history(request: Request) -> Response:
    """All runs, newest first, optionally of one locality."""
    service = _service(request)
    locality = request.query_params.get("locality", "").strip()
    try:
        page = max(1, int(request.query_params.get("page", "1")))
    except ValueError:
        page = 1
    runs = service.store.list_runs(locality or None, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)
    total = service.store.count_runs(locality or None)
    return render(request, "history.html.j2", {
        "runs": runs[:PAGE_SIZE], "more": len(runs) > PAGE_SIZE, "page": page, "locality": locality,
        "localities": service.store.localities(), "total": total,
    })


async def locality_page(request: Request) -> Response:
    """A locality's runs over time: the chart of errors, warnings and coverage, and the table of runs."""
    locality, runs, total = _service(request).locality_runs(request.path_params["locality"], LOCALITY_RUNS)
    return render(request, "locality.html.j2", {
        "locality": locality, "runs": runs, "total": total, "chart": trend_chart(runs),
        "api": locality_path(locality, api=True)})


@operation("接口说明页面", {200: Answer("本文档的网页版:各接口、参数、数据结构和 curl 示例", media_type="text/html")},
           open=True, tag="服务", description="不需要访问令牌;内容在请求时由 /openapi.json 的同一文档生成。")
async def api_docs(request: Request) -> Response:
    """The OpenAPI document as a page: operations, parameters, schemas and an example curl line each."""
    document = OpenAPIGenerator(with_token=request.app.state.gate is not None).get_schema(
        request.app.routes, str(request.base_url).rstrip("/"))
    return render(request, "api_docs.html.j2", {"docs": docs_view(document)})


async def run_page(request: Request, error: str | None = None, status: int = 200) -> Response:
    """A run: summary, downloads, the decisions panel and the embedded report."""
    service = _service(request)
    run = service.get_run(_run_id(request))
    panel = build_panel(service.report(run), service.store.decisions(run.locality))
    word = [(kind, WORD_LABELS[kind]) for kind in service.word_documents(run)]
    return render(request, "run.html.j2", {"run": run, "panel": panel, "error": error, "word": word}, status)


async def download(request: Request) -> Response:
    """The run's report as HTML, JSON or Excel."""
    service, run, kind = _requested(request, DOWNLOAD_TYPES, "没有这种格式的报告")
    path = service.report_path(run, kind)
    if kind == "html":
        return FileResponse(path, media_type=DOWNLOAD_TYPES[kind], headers=_no_store())
    return _attachment(path, DOWNLOAD_TYPES[kind], f"plancheck-{run.id}.{kind}",
                       f"{run.locality}-审查报告-{run.id}.{kind}")


async def download_word(request: Request) -> Response:
    """One of the run's Word documents: 审查意见书, 新旧对照表 or the annotated draft."""
    service, run, kind = _requested(request, WORD_LABELS, "没有这种 Word 文件")
    return _attachment(service.report_path(run, kind), DOCX_TYPE, f"plancheck-{run.id}-{kind}.docx",
                       f"{run.locality}-{WORD_LABELS[kind]}-{run.id}.docx")


def _requested(request: Request, kinds: dict[str, str], unknown: str) -> tuple[ReviewService, Run, str]:
    """The service, the run and the kind of file a download asks for; ServiceError 404 for an unknown kind."""
    service = _service(request)
    run = service.get_run(_run_id(request))
    kind = request.path_params["kind"]
    if kind not in kinds:
        raise ServiceError(404, unknown)
    return service, run, kind


def _attachment(path: Path, media_type: str, ascii_name: str, name: str) -> FileResponse:
    """A file sent for saving, under a Chinese name (and an ASCII one for old clients)."""
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    return FileResponse(path, media_type=media_type, headers={"content-disposition": disposition, **_no_store()})


def _no_store() -> dict[str, str]:
    # A decision re-renders the report under the same address.
    return {"cache-control": "no-store", "x-content-type-options": "nosniff"}


async def decide(request: Request) -> Response:
    """Record a ruling from the decisions panel and show the re-rendered run."""
    run_id = _run_id(request)
    try:
        form = await read_form(request)
        await _service(request).decide(run_id, decision_from_form(form))
    except ServiceError as exc:
        if exc.status == 404:
            raise
        return await run_page(request, exc.message, exc.status)
    return RedirectResponse(f"/runs/{run_id}#decisions", status_code=303)


async def withdraw(request: Request) -> Response:
    """Withdraw a standing ruling and show the re-rendered run."""
    run_id = _run_id(request)
    await _service(request).withdraw(run_id, int(request.path_params["decision_id"]))
    return RedirectResponse(f"/runs/{run_id}#decisions", status_code=303)


async def login_form(request: Request) -> Response:
    """The form asking for the access token."""
    return render(request, "login.html.j2", {"next": _safe_next(request.query_params.get("next"))})


async def login(request: Request) -> Response:
    """Check the typed token; on success set the session cookie and go where the user was headed."""
    gate = request.app.state.gate
    form = await read_form(request)
    target = _safe_next(str(form.get("next") or "/"))
    if gate is None or not gate.token:
        return RedirectResponse(target, status_code=303)
    if not gate.token_ok(str(form.get("token") or "")):
        return render(request, "login.html.j2", {"next": target, "error": "访问令牌不正确"}, 401)
    response = RedirectResponse(target, status_code=303)
    response.headers.append("set-cookie", gate.cookie_header())
    return response


def _safe_next(value: str | None) -> str:
    """Only a path on this server: never another host (`//evil`, `https://…`)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value
