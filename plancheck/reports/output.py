"""Writing outputs safely: a temporary name in the same folder, then an atomic rename.

Only regular files are replaced that way. A device, a pipe or a FIFO (`/dev/null`, `/proc/self/fd/1`,
`>(jq .)`) is written through, never replaced; a symbolic link keeps pointing where it did; "-" is
standard output.
"""
from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from pathlib import Path

from ..errors import OutputError

STDOUT = "-"
# Paths naming a process's own descriptors or devices: written through even when they resolve to a file
# (replacing /proc/self/fd/1 would cut a shell's redirection off from what we write).
_SYSTEM_ROOTS = ("/dev/", "/proc/")


def check_not_input(output: str | Path, inputs: list[str | Path]) -> None:
    """Refuse to write a report over one of the documents being read."""
    out = Path(output).resolve()
    for item in inputs:
        if item and Path(item).exists() and (Path(item).resolve() == out or _same_file(item, out)):
            raise OutputError(f"拒绝写入“{Path(output).name}”:它是输入文件之一,会被覆盖")


def _same_file(a: str | Path, b: Path) -> bool:
    """Whether two names are one file (a hard link is not found by comparing resolved paths)."""
    try:
        return b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def write_atomic(path: str | Path, data: bytes, durable: bool = True) -> None:
    """Write data to path so that an interrupted run leaves any previous file intact.

    `durable` also flushes the data to disk before the rename, so that even a power cut cannot leave an
    empty file behind. A batch writing thousands of reports it can regenerate skips that (about 0.7 ms
    a file here): an interrupted run still never leaves a half-written report.
    """
    if str(path) == STDOUT:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    path = Path(path)
    try:
        if _is_written_through(path):
            with open(path, "wb") as stream:
                stream.write(data)
            return
        path = path.resolve() if path.is_symlink() else path  # replace the file the link names, not the link
        folder = path.parent if str(path.parent) else Path(".")
        if not folder.is_dir():
            raise OutputError(f"无法写入“{path}”:目录“{folder}”不存在")
        _write_replacing(path, folder, data, durable)
    except OSError as exc:  # no permission, a folder of that name, a full disk, a read-only file system...
        raise OutputError(f"无法写入“{path.name}”:{_os_cause(exc)}") from exc


def _is_written_through(path: Path) -> bool:
    """Whether path is a device, pipe, FIFO or socket (after links), or lies under /dev or /proc."""
    if str(path.absolute()).startswith(_SYSTEM_ROOTS):
        return True
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False  # not there yet (or a dangling link): created as a regular file
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _os_cause(exc: OSError) -> str:
    causes = {errno.EACCES: "没有写入权限", errno.EPERM: "没有写入权限", errno.EISDIR: "已有同名的文件夹",
              errno.ENOSPC: "磁盘空间不足", errno.EROFS: "文件系统只读",
              errno.ENAMETOOLONG: "文件名过长"}
    return causes.get(exc.errno, exc.strerror or type(exc).__name__)  # type: ignore[arg-type]


def _current_umask() -> int:
    # The only way to read the umask is to set it: done once, when this module is imported (before any
    # thread of ours could create a file in between).
    umask = os.umask(0)
    os.umask(umask)
    return umask


_UMASK = _current_umask()


def _write_replacing(path: Path, folder: Path, data: bytes, durable: bool) -> None:
    # The temporary name is cut short: a long report name plus the random part could pass the 255-byte limit.
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.chmod(temp_name, 0o666 & ~_UMASK)  # mkstemp makes 0600; a report is an ordinary file
        os.replace(temp_name, path)
    except BaseException:
        if os.path.exists(temp_name):
            os.unlink(temp_name)
        raise
