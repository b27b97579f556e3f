"""Checking and keeping uploaded documents.

A file is kept as `<uuid4><ext>` inside the data folder's `uploads/`; the client's file name is only
ever stored as text in the history, never used to build a path. The extension comes from a fixed
list, so it is safe in a path too.
"""
from __future__ import annotations

import errno
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import BinaryIO

from ..plans import DOCUMENT_SUFFIXES
from .errors import ServiceError

# What plans/ reads, by extension; the readers judge the content again.
ACCEPTED = DOCUMENT_SUFFIXES
ACCEPTED_TEXT = "、".join(ACCEPTED)
ROLE_LABELS = {"draft": "计划草案", "baseline": "去年的计划", "scheme": "实施方案"}
NAME_LIMIT = 200


@dataclass(frozen=True)
class IncomingFile:
    """An uploaded file as the web layer received it."""

    role: str
    filename: str
    size: int
    stream: BinaryIO


def display_name(filename: str) -> str:
    """The client's name reduced to a base name for display (some browsers send a full path)."""
    name = PureWindowsPath(PurePosixPath(filename).name).name.strip()
    name = "".join(ch for ch in name if ch.isprintable())
    return name[:NAME_LIMIT] or "未命名文件"


def extension(filename: str) -> str:
    """The accepted extension of a file name, lower case; ServiceError 415 for anything else."""
    suffix = PurePosixPath(display_name(filename)).suffix.lower()
    if suffix not in ACCEPTED:
        shown = f"“{suffix}”" if suffix else "(没有扩展名)"
        raise ServiceError(415, f"不支持的文件格式{shown}:“{display_name(filename)}”。"
                                f"请上传 {ACCEPTED_TEXT} 格式的文件")
    return suffix


def check_file(incoming: IncomingFile, limit_bytes: int) -> str:
    """Refuse a file of unknown type, empty or too large; returns its extension."""
    label = ROLE_LABELS[incoming.role]
    ext = extension(incoming.filename)
    if incoming.size == 0:
        raise ServiceError(400, f"{label}“{display_name(incoming.filename)}”是空文件,请重新选择")
    if incoming.size > limit_bytes:
        raise ServiceError(413, f"{label}“{display_name(incoming.filename)}”过大"
                                f"({incoming.size / 1048576:.1f} MB),单个文件不能超过 {limit_bytes // 1048576} MB")
    return ext


def keep(incoming: IncomingFile, ext: str, folder: Path) -> tuple[str, Path]:
    """Copy an upload into folder under a random name; returns (stored name, path). Blocking."""
    stored = f"{uuid.uuid4().hex}{ext}"
    path = folder / stored
    incoming.stream.seek(0)
    try:
        # Owner-only: a county's draft plan is not for every account on the server.
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
            shutil.copyfileobj(incoming.stream, out, 1 << 20)
    except OSError as exc:
        path.unlink(missing_ok=True)  # never a 0-byte or truncated upload left behind
        if exc.errno == errno.ENOSPC:
            raise ServiceError(507, "服务器磁盘空间不足,无法保存上传的文件,请联系管理员") from exc
        raise ServiceError(500, f"无法保存上传的文件({exc.strerror or type(exc).__name__}),请联系管理员") from exc
    return stored, path
