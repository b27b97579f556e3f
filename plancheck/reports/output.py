"""Writing outputs safely: a temporary name in the same folder, then an atomic rename."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


class OutputError(Exception):
    """An output cannot be written. str() is the Chinese one-line message for the user."""


def check_not_input(output: str | Path, inputs: list[str | Path]) -> None:
    """Refuse to write a report over one of the documents being read."""
    out = Path(output).resolve()
    for item in inputs:
        if item and Path(item).exists() and Path(item).resolve() == out:
            raise OutputError(f"拒绝写入“{Path(output).name}”:它是输入文件之一,会被覆盖")


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write data to path so that an interrupted run leaves any previous file intact."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"无法写入“{path}”:目录“{folder}”不存在")
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp_name, 0o666 & ~umask)  # mkstemp makes 0600; a report is an ordinary file
        os.replace(temp_name, path)
    except BaseException:
        if os.path.exists(temp_name):
            os.unlink(temp_name)
        raise
