"""`plancheck serve`: the review service for a bureau's intranet (Starlette ASGI app).

Pages (Chinese UI)
    GET  /                                   upload form and the latest runs
    POST /runs                               upload (multipart, as the JSON API) -> 303 to the run page
    GET  /history?locality=&page=            history of runs: who uploaded what, when, verdict
    GET  /localities/{name}                  a locality's runs over time: chart of errors, warnings and
                                             draft scheme coverage, table with links to each report
    GET  /runs/{id}                          summary, downloads, decisions panel, embedded report
    GET  /runs/{id}/report.html|.json|.xlsx  the run's HTML report, JSON report, Excel ledger
    GET  /runs/{id}/word/opinion|table|annotated.docx   审查意见书, 新旧对照表, the draft with comments
    POST /runs/{id}/decisions                form fields subject (alignment|scheme_link), decision
                                             (confirm|reject|force), plan, left, right, kind, reviewer
    POST /runs/{id}/decisions/{did}/withdraw withdraw a standing decision
    GET  /login, POST /login                 token form; sets the session cookie
    GET  /openapi.json                       OpenAPI 3.1 document of the JSON API, built from these routes
    GET  /api/docs                           the same document as a page (no script, no CDN)

JSON API (errors are `{"error": "<中文说明>"}` with a 4xx status; 500 only for a fault of the service)
    GET    /api/health                       {"status": "ok", "ready": bool}; needs no token ("ready"
                                             turns true once the review workers have loaded models)
    GET    /api/runs?locality=&limit=&offset= {"total": n, "runs": [run, ...]}, newest first
    POST   /api/runs                         multipart: locality, uploader, draft, baseline?, scheme?
                                             -> 201 run. 400 missing field or empty file, 413 file
                                             larger than the limit, 415 unknown format, 422 a
                                             document that cannot be read (PlanInputError) or a
                                             review past the time limit; a client that disconnects
                                             cancels its review and nothing is stored (also POST /runs)
    GET    /api/runs/{id}                    run + "decisions" (standing, of its locality) and
                                             "decisions_applied" (what the analysis did with them)
    GET    /api/runs/{id}/report             the JSON report (schema plancheck-report/1)
    POST   /api/runs/{id}/decisions          JSON {"target": "alignment", "baseline": 3, "draft": 4,
                                             "action": "confirm|reject|force", "kind"?: "rewritten",
                                             "reviewer"?: "张三"}  (force accepts "draft": null =
                                             dropped, "baseline": null = added), or
                                             {"target": "scheme_link", "plan": "draft", "task": 6,
                                             "item": 15, "action": ...}; indexes are 1-based task
                                             indexes of that run's documents. -> 201 {"decision", "run"}
                                             after the run is reviewed again
    DELETE /api/runs/{id}/decisions/{did}    withdraw -> {"run"} after the run is reviewed again
    GET    /api/localities/{name}/decisions  standing decisions of a locality
    GET    /api/localities/{name}/runs?limit= {"locality", "total", "runs": [run, ...], "page"}, newest first

A run: {"id", "locality", "uploader", "created_at", "updated_at", "verdict": "pass|fail", "errors",
"warnings", "coverage" (the draft's scheme coverage, null without a scheme), "files": [{"role", "name",
"size"}], "links": {...}}. A locality name in a path is one URL-encoded segment (`/` as %2F).

Decisions belong to a locality: a later upload of the same locality applies them, finding each task
again by title, else by printed number. With a token (`--token` or PLANCHECK_TOKEN) every request
but /login and /api/health needs `Authorization: Bearer <token>` or the session cookie (set by the
login form, or once by `?token=`). /openapi.json and /api/docs need none either: they describe the
API and hold no review data, so a portal team can read them before it is given a token.
"""
from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from . import api, pages
from .disconnect import ClientDisconnected
from .errors import ServiceError
from .review import warm_up
from .runner import DEFAULT_TIME_LIMIT, STOP_WAIT, Runner
from .security import BodyLimit, BodyTooLarge, FrameGuard, SiteGate, TokenGate, TokenRedactor
from .service import ReviewService
from .trend import local_time, locality_path, percent
from .uploads import ROLE_LABELS

log = logging.getLogger("plancheck.serve")

# On SIGTERM, how long running requests may still finish before they are cancelled (their reviews'
# workers killed): a stopping service must not wait for a two-minute review.
SHUTDOWN_SECONDS = 3
VERDICT_LABELS = {"pass": "通过", "fail": "未通过"}
STATUS_MESSAGES = {
    400: "请求无效", 401: "需要访问令牌", 403: "没有权限", 404: "页面不存在", 405: "不支持该请求方式",
    413: "上传内容过大", 415: "不支持的文件格式", 422: "文件无法处理",
}


def _routes() -> list[Route]:
    return [
        Route("/", pages.index, methods=["GET"]),
        Route("/runs", pages.upload, methods=["POST"]),
        Route("/history", pages.history, methods=["GET"]),
        Route("/localities/{locality:path}", pages.locality_page, methods=["GET"]),
        Route("/runs/{run_id:int}", pages.run_page, methods=["GET"]),
        Route("/runs/{run_id:int}/report.{kind:str}", pages.download, methods=["GET"]),
        Route("/runs/{run_id:int}/word/{kind:str}.docx", pages.download_word, methods=["GET"]),
        Route("/runs/{run_id:int}/decisions", pages.decide, methods=["POST"]),
        Route("/runs/{run_id:int}/decisions/{decision_id:int}/withdraw", pages.withdraw, methods=["POST"]),
        Route("/login", pages.login_form, methods=["GET"]),
        Route("/login", pages.login, methods=["POST"]),
        Route("/api/health", api.health, methods=["GET"]),
        Route("/api/runs", api.list_runs, methods=["GET"]),
        Route("/api/runs", api.create_run, methods=["POST"]),
        Route("/api/runs/{run_id:int}", api.get_run, methods=["GET"]),
        Route("/api/runs/{run_id:int}/report", api.get_report, methods=["GET"]),
        Route("/api/runs/{run_id:int}/decisions", api.create_decision, methods=["POST"]),
        Route("/api/runs/{run_id:int}/decisions/{decision_id:int}", api.delete_decision, methods=["DELETE"]),
        Route("/api/localities/{locality:path}/decisions", api.locality_decisions, methods=["GET"]),
        Route("/api/localities/{locality:path}/runs", api.locality_runs, methods=["GET"]),
        Route("/openapi.json", api.openapi_document, methods=["GET"]),
        Route("/api/docs", pages.api_docs, methods=["GET"]),
    ]


def _localtime(stamp: str) -> str:
    """An ISO UTC time stamp in the server's local time, to the minute."""
    return local_time(stamp, "%Y-%m-%d %H:%M")


def _templates() -> Jinja2Templates:
    env = Environment(loader=PackageLoader("plancheck.serve", "templates"),
                      autoescape=select_autoescape(["j2", "html"]), trim_blocks=True, lstrip_blocks=True)
    env.filters["localtime"] = _localtime
    env.filters["locality_path"] = locality_path
    env.filters["percent"] = percent
    env.globals.update(role_labels=ROLE_LABELS, verdict_labels=VERDICT_LABELS)
    return Jinja2Templates(env=env)


def _error(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message}, status_code=status)
    return request.app.state.templates.TemplateResponse(request, "error.html.j2", {"error": message},
                                                        status_code=status)


async def _service_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ServiceError)
    return _error(request, exc.status, exc.message)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return _error(request, exc.status_code, STATUS_MESSAGES.get(exc.status_code, "请求无法处理"))


async def _too_large(request: Request, exc: Exception) -> Response:
    return _error(request, 413, request.app.state.too_large)


async def _gone(request: Request, exc: Exception) -> Response:
    """No one is left to read the answer; 499 (as nginx logs a closed request) for the record."""
    log.info("the client of %s %s went away; its review was cancelled", request.method, request.url.path)
    return Response(status_code=499)


async def _crash(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error", exc_info=exc)
    return _error(request, 500, "服务出现意外错误,请稍后再试或联系管理员")


def create_app(data_dir: Path, token: str | None, max_upload_mb: int = 20, *,
               processes: int | None = None, warm: bool = True,
               time_limit: float | None = DEFAULT_TIME_LIMIT, local_only: bool = False,
               allowed_hosts: frozenset[str] = frozenset()) -> Starlette:
    """The ASGI app over a data folder; token None or empty means no access control.

    Submissions from other sites are always refused; with `local_only` (the server listens on a
    loopback address) so is every request whose Host is not a loopback name.

    Reviews run in `processes` worker processes (default: one more than the cores, at most 4; 0: one
    at a time, each in a fresh process), each stopped after `time_limit` seconds (see `runner`); an upload
    whose client goes away is cancelled; `warm` starts the workers at start-up, each loading the
    models as it starts (a worker replaced after a timeout as well)."""
    runner = Runner(processes, time_limit, prepare=warm_up if warm else None)
    service = ReviewService(Path(data_dir), max_upload_mb, runner)
    too_large = f"上传内容过大:单个文件不能超过 {max_upload_mb} MB"
    # Three files plus form fields; a single file over the limit is refused with its name later on.
    body_limit = 3 * max_upload_mb * 1024 * 1024 + 1024 * 1024

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        access = logging.getLogger("uvicorn.access")  # set up by uvicorn by now
        if not any(isinstance(f, TokenRedactor) for f in access.filters):
            access.addFilter(TokenRedactor())
        if warm:
            runner.start()
        yield
        # uvicorn has cancelled the requests still running: let them throw away what they kept
        # (their workers are being killed), then stop the pool.
        await service.settle(STOP_WAIT + 1)
        runner.close()

    app = Starlette(
        routes=_routes(),
        middleware=[Middleware(FrameGuard), Middleware(SiteGate, local_only=local_only, allowed_hosts=allowed_hosts),
                    Middleware(BodyLimit, limit=body_limit, message=too_large),
                    Middleware(TokenGate, token=token or None)],
        exception_handlers={ServiceError: _service_error, HTTPException: _http_error,
                            BodyTooLarge: _too_large, ClientDisconnected: _gone, Exception: _crash},
        lifespan=lifespan,
    )
    app.state.service = service
    app.state.templates = _templates()
    app.state.gate = TokenGate(app, token) if token else None
    app.state.too_large = too_large
    return app
