"""Reading the upload and decision forms of a request into the service's plain inputs."""
from __future__ import annotations

from typing import Any

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request

from .errors import ServiceError
from .review import ROLES
from .service import DecisionRequest
from .store import SQLITE_MAX_INT
from .uploads import IncomingFile

FIELD_LIMIT = 64 * 1024


async def read_form(request: Request):
    """The request's form; ServiceError 400 when it is not a readable form."""
    try:
        return await request.form(max_files=len(ROLES), max_fields=20, max_part_size=FIELD_LIMIT)
    except HTTPException as exc:
        raise ServiceError(400, "上传内容格式不正确,请通过页面上的表单上传文件") from exc


def upload_fields(form) -> tuple[str, str, list[IncomingFile]]:
    """(locality, uploader, files) of an upload form; empty file inputs are skipped."""
    files = []
    for role in ROLES:
        value = form.get(role)
        if isinstance(value, UploadFile) and value.filename:
            files.append(IncomingFile(role, value.filename, _size(value), value.file))
    return str(form.get("locality") or ""), str(form.get("uploader") or ""), files


def reading_fields(form) -> tuple[str | None, str | None]:
    """The 高级选项 of an upload: the task level of the annual plans and of the scheme, where the automatic
    reading took the wrong numbering level; ServiceError 400 for a value that names no level."""
    from ..plans.options import task_kind_of

    levels = []
    for field, label in (("task_level", "计划的任务层级"), ("scheme_task_level", "实施方案的任务层级")):
        value = str(form.get(field) or "").strip()
        if value and (len(value) > 10 or task_kind_of(value) is None):
            raise ServiceError(400, f"{label}应为一个编号样式,如“(一)”“1.”“一、”,而不是“{value[:10]}”")
        levels.append(value or None)
    return levels[0], levels[1]


def _size(upload: UploadFile) -> int:
    if upload.size is not None:
        return upload.size
    upload.file.seek(0, 2)
    size = upload.file.tell()
    upload.file.seek(0)
    return size


def optional_index(value: Any, label: str) -> int | None:
    """A 1-based task index from a form or JSON value; blank means none."""
    if value is None or value == "":
        return None
    # 1.9 is not task 1, and 1e400 (infinity) or 2**64 is no task at all.
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ServiceError(400, f"{label}应为任务序号(正整数)")
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        raise ServiceError(400, f"{label}应为任务序号(正整数)") from None
    if not 1 <= number <= SQLITE_MAX_INT:
        raise ServiceError(400, f"{label}应为任务序号(正整数)")
    return number


def decision_from_form(form) -> DecisionRequest:
    """A ruling posted by a form of the run page (fields subject, decision, plan, left, right, kind, reviewer;
    not `target` and `action`, which would shadow the form element's own properties in the browser)."""
    return DecisionRequest(
        target=str(form.get("subject") or ""),
        action=str(form.get("decision") or ""),
        left=optional_index(form.get("left"), "左侧任务"),
        right=optional_index(form.get("right"), "右侧任务"),
        plan=str(form.get("plan") or "baseline"),
        kind=str(form.get("kind")) if form.get("kind") else None,
        reviewer=str(form.get("reviewer") or ""),
    )


def decision_from_json(data: Any) -> DecisionRequest:
    """A ruling posted to the API: `{"target": "alignment", "baseline": 3, "draft": 4, "action": "reject"}`
    or `{"target": "scheme_link", "plan": "draft", "task": 6, "item": 15, "action": "force"}`."""
    if not isinstance(data, dict):
        raise ServiceError(400, "请求体应为 JSON 对象")
    target = str(data.get("target") or "alignment")
    left_key, right_key = ("baseline", "draft") if target == "alignment" else ("task", "item")
    kind = data.get("kind")
    return DecisionRequest(
        target=target,
        action=str(data.get("action") or ""),
        left=optional_index(data.get(left_key), left_key),
        right=optional_index(data.get(right_key), right_key),
        plan=str(data.get("plan") or ("baseline" if target == "alignment" else "draft")),
        kind=str(kind) if kind else None,
        reviewer=str(data.get("reviewer") or ""),
    )
