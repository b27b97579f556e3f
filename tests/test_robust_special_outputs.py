"""Issue #14, special output paths: a device, pipe or FIFO is written through and never replaced by a
regular file; a symbolic link stays a link; "-" is standard output."""
from __future__ import annotations

import io
import os
import stat
import threading
from pathlib import Path

import openpyxl
import pytest
from robust_fuzz import plan_lines, write

from plancheck import cli
from plancheck.reports.output import write_atomic

PLAN = "\n".join(plan_lines()).encode("utf-8")


def test_a_fifo_is_written_through_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "report.json"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    write_atomic(fifo, b'{"ok": true}')
    reader.join(10)
    assert received == [b'{"ok": true}']
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary file left


def test_a_descriptor_under_proc_is_written_through(tmp_path: Path) -> None:
    read_end, write_end = os.pipe()
    try:
        write_atomic(f"/proc/self/fd/{write_end}", b"report")
        os.close(write_end)
        with os.fdopen(read_end, "rb") as stream:
            assert stream.read() == b"report"
    finally:
        for fd in (read_end, write_end):
            try:
                os.close(fd)
            except OSError:
                pass


def test_a_link_stays_a_link_and_its_file_gets_the_report(tmp_path: Path) -> None:
    target = write(tmp_path, "真正的报告.json", b"old")
    link = tmp_path / "report.json"
    link.symlink_to(target.name)
    write_atomic(link, b"new")
    assert link.is_symlink() and target.read_bytes() == b"new"


def test_dash_means_standard_output(capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    write_atomic("-", b"report bytes")
    assert capfdbinary.readouterr().out == b"report bytes"


def test_cli_ledger_to_standard_output_is_the_workbook_alone(tmp_path: Path,
                                                             capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    draft = write(tmp_path, "示例县计划.txt", PLAN)
    assert cli.main(["parse", str(draft), "--xlsx", "-"]) == 0
    out = capfdbinary.readouterr().out
    assert [sheet.title for sheet in openpyxl.load_workbook(io.BytesIO(out)).worksheets] == ["任务"]
    assert not (tmp_path / "-").exists()
