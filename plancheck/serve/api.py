"""The JSON API: the same actions as the pages, for scripts (endpoints listed in `app.py`)."""
from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .disconnect import unless_disconnected
from .errors import ServiceError
from .forms import decision_from_json, read_form, reading_fields, upload_fields
from .service import ReviewService
from .store import SQLITE_MAX_INT, Decision, Run

MAX_LIMIT = 1000


def _service(request: Request) -> ReviewService:
    return request.app.state.service


def _json(data: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status)


def run_json(run: Run) -> dict[str, Any]:
    """A run as the API shows it (stored file names stay private)."""
    base = f"/runs/{run.id}"
    return {
        "id": run.id, "locality": run.locality, "uploader": run.uploader,
        "created_at": run.created_at, "updated_at": run.updated_at,
        "verdict": run.verdict, "errors": run.errors, "warnings": run.warnings,
        "files": [{"role": f.role, "name": f.name, "size": f.size} for f in run.files],
        "links": {"page": base, "report_html": f"{base}/report.html", "report_json": f"{base}/report.json",
                  "report_xlsx": f"{base}/report.xlsx", "opinion_docx": f"{base}/word/opinion.docx",
                  "table_docx": f"{base}/word/table.docx",
                  **({"annotated_docx": f"{base}/word/annotated.docx"}
                     if any(f.role == "draft" and f.name.lower().endswith(".docx") for f in run.files) else {})},
    }


def decision_json(d: Decision) -> dict[str, Any]:
    """A standing ruling: the tasks it names by index (in run `run_id`), number and title."""
    return {"id": d.id, "locality": d.locality, "run_id": d.run_id, "target": d.target, "plan": d.plan,
            "left": asdict(d.left), "right": asdict(d.right), "action": d.action, "kind": d.kind,
            "reviewer": d.reviewer, "created_at": d.created_at}


async def health(request: Request) -> Response:
    """Liveness probe; `ready` is false while the review workers are still loading their models."""
    return _json({"status": "ok", "ready": _service(request).runner.ready})


async def list_runs(request: Request) -> Response:
    """The history, newest first: ?locality=&limit=&offset=."""
    service = _service(request)
    locality = request.query_params.get("locality") or None
    try:
        limit = min(MAX_LIMIT, max(1, int(request.query_params.get("limit", "100"))))
        offset = min(SQLITE_MAX_INT, max(0, int(request.query_params.get("offset", "0"))))
    except ValueError:
        raise ServiceError(400, "limit 和 offset 应为整数") from None
    runs = service.store.list_runs(locality, limit, offset)
    return _json({"total": service.store.count_runs(locality), "runs": [run_json(r) for r in runs]})


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


async def get_run(request: Request) -> Response:
    """A run, its locality's standing decisions and how they were applied."""
    service = _service(request)
    run = service.get_run(int(request.path_params["run_id"]))
    report = service.report(run)
    return _json({**run_json(run), "decisions": [decision_json(d) for d in service.store.decisions(run.locality)],
                  "decisions_applied": report.get("decisions_applied", [])})


async def get_report(request: Request) -> Response:
    """The run's JSON report (schema plancheck-report/1)."""
    service = _service(request)
    run = service.get_run(int(request.path_params["run_id"]))
    return Response(service.report_path(run, "json").read_bytes(), media_type="application/json")


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


async def delete_decision(request: Request) -> Response:
    """Withdraw a standing ruling; the run is reviewed again."""
    run = await _service(request).withdraw(int(request.path_params["run_id"]),
                                           int(request.path_params["decision_id"]))
    return _json({"run": run_json(run)})


async def locality_decisions(request: Request) -> Response:
    """The standing rulings of a locality, oldest first."""
    locality = request.path_params["locality"]
    return _json({"locality": locality,
                  "decisions": [decision_json(d) for d in _service(request).store.decisions(locality)],
                  "history": f"/api/runs?locality={quote(locality)}"})
