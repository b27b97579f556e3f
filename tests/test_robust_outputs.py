"""Issue #7, outputs: every report is written to a temporary name and renamed, so an interrupted or failed run
leaves the previous report as it was; and the tool never writes a report over one of its inputs."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from robust_fuzz import CHINESE, assert_one_line_refusal, plan_lines, run_cli, write

from plancheck import cli
from plancheck.reports import output
from plancheck.reports.output import OutputError, check_not_input, write_atomic

PLAN = "\n".join(plan_lines()).encode("utf-8")
PREVIOUS = "上一次的报告".encode()


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# ---- write_atomic -------------------------------------------------------------------------------------

def test_write_atomic_replaces_the_file(tmp_path: Path) -> None:
    target = write(tmp_path, "report.json", PREVIOUS)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new" and leftovers(tmp_path) == []
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask


@pytest.mark.parametrize("failing", ["write", "fsync", "replace"])
@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_interrupted_write_keeps_the_previous_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     failing: str, error: BaseException) -> None:
    target = write(tmp_path, "report.html", PREVIOUS)

    def fail(*args, **kwargs):
        raise error

    if failing == "write":
        real_fdopen = os.fdopen

        class HalfWritten:
            def __init__(self, *args, **kwargs):
                self._stream = real_fdopen(*args, **kwargs)

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self._stream.close()

            def write(self, data):
                self._stream.write(data[: len(data) // 2])
                raise error

            def __getattr__(self, name):
                return getattr(self._stream, name)

        monkeypatch.setattr(output.os, "fdopen", HalfWritten)
    else:
        monkeypatch.setattr(output.os, failing, fail)
    expected = KeyboardInterrupt if isinstance(error, KeyboardInterrupt) else OutputError
    with pytest.raises(expected) as caught:
        write_atomic(target, "新的报告内容".encode() * 1000)
    assert target.read_bytes() == PREVIOUS
    assert leftovers(tmp_path) == []
    if expected is OutputError:
        assert CHINESE.search(str(caught.value)) and "report.html" in str(caught.value)
        assert "磁盘空间不足" in str(caught.value)


def test_failed_first_write_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(output.os, "replace", lambda *a: (_ for _ in ()).throw(OSError(5, "I/O error")))
    with pytest.raises(OutputError):
        write_atomic(tmp_path / "report.json", b"{}")
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_or_folder_in_the_way(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="不存在"):
        write_atomic(tmp_path / "no" / "report.json", b"{}")
    (tmp_path / "report.json").mkdir()
    with pytest.raises(OutputError, match="文件夹"):
        write_atomic(tmp_path / "report.json", b"{}")
    assert leftovers(tmp_path) == []


def test_no_permission(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulated: tests may run as root, for whom chmod 0o500 changes nothing."""
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(output.tempfile, "mkstemp", refuse)
    with pytest.raises(OutputError, match="没有写入权限"):
        write_atomic(tmp_path / "report.json", b"{}")


def test_long_report_name(tmp_path: Path) -> None:
    """The temporary name must not be longer than the report's own (255 bytes on most file systems)."""
    target = tmp_path / ("审查报告" * 20 + ".html")  # 240 bytes in UTF-8
    write_atomic(target, b"<html></html>")
    assert target.read_bytes() == b"<html></html>"


# ---- every output of a run goes through write_atomic ---------------------------------------------------

def test_every_output_of_check_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """With the final rename failing, all three reports keep their previous content and no temp is left."""
    draft = write(tmp_path, "计划.txt", PLAN)
    reports = {kind: write(tmp_path, f"report.{kind}", PREVIOUS) for kind in ("json", "html", "xlsx")}
    renames = []

    def failing_replace(source, target):
        renames.append(Path(target).name)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "replace", failing_replace)
    code = cli.main(["check", str(draft), "--baseline", str(draft),
                     *(arg for kind, path in reports.items() for arg in (f"--{kind}", str(path)))])
    assert code == 2
    assert_one_line_refusal(capsys.readouterr().err, "磁盘空间不足")
    assert all(path.read_bytes() == PREVIOUS for path in reports.values())
    assert leftovers(tmp_path) == []
    assert renames  # the writes did go through write_atomic


@pytest.mark.parametrize("kind", ["json", "html", "xlsx"])
def test_each_report_kind_is_written_through_write_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          kind: str) -> None:
    draft = write(tmp_path, "计划.txt", PLAN)
    written = []
    real = output.write_atomic

    def recording(path, data, **options):
        written.append(Path(path).name)
        real(path, data, **options)

    monkeypatch.setattr(output, "write_atomic", recording)
    for module in ("plancheck.reports.spreadsheet", "plancheck.reports.json_report", "plancheck.reports.html_report"):
        imported = __import__(module, fromlist=["_"])
        if hasattr(imported, "write_atomic"):
            monkeypatch.setattr(imported, "write_atomic", recording)
    out = tmp_path / f"report.{kind}"
    code = cli.main(["check", str(draft), f"--{kind}", str(out)])
    assert code in (0, 1)
    assert out.exists() and written == [out.name]


def test_interrupt_during_a_run_keeps_the_previous_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    draft = write(tmp_path, "计划.txt", PLAN)
    report = write(tmp_path, "report.json", PREVIOUS)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(output.os, "fsync", interrupted)
    assert cli.main(["parse", str(draft), "--json", str(report)]) == 130
    assert report.read_bytes() == PREVIOUS and leftovers(tmp_path) == []
    assert len(capsys.readouterr().err.splitlines()) == 1


# ---- never over an input ------------------------------------------------------------------------------

def test_check_not_input_sees_through_other_spellings(tmp_path: Path) -> None:
    plan = write(tmp_path, "计划.txt", PLAN)
    (tmp_path / "sub").mkdir()
    spellings = [plan, tmp_path / "sub" / ".." / "计划.txt", os.path.relpath(plan)]
    (tmp_path / "link.txt").symlink_to(plan)
    os.link(plan, tmp_path / "hard.txt")
    spellings += [tmp_path / "link.txt", tmp_path / "hard.txt"]
    for spelling in spellings:
        with pytest.raises(OutputError, match="输入文件"):
            check_not_input(spelling, [plan])
    check_not_input(tmp_path / "report.json", [plan, None])


@pytest.mark.parametrize("option", ["--json", "--html", "--xlsx"])
@pytest.mark.parametrize("role", ["draft", "baseline", "scheme"])
def test_check_refuses_to_write_over_an_input(tmp_path: Path, option: str, role: str) -> None:
    files = {role: write(tmp_path, f"{role}.txt", PLAN) for role in ("draft", "baseline", "scheme")}
    before = {name: (path.read_bytes(), path.stat().st_mtime_ns) for name, path in files.items()}
    result = run_cli("check", str(files["draft"]), "--baseline", str(files["baseline"]),
                     "--scheme", str(files["scheme"]), option, str(files[role]))
    assert result.returncode == 2
    assert_one_line_refusal(result.stderr, f"{role}.txt", "输入文件")
    assert {name: (path.read_bytes(), path.stat().st_mtime_ns) for name, path in files.items()} == before
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("option", ["--json", "--xlsx"])
def test_parse_refuses_to_write_over_its_input(tmp_path: Path, option: str) -> None:
    plan = write(tmp_path, "计划.txt", PLAN)
    result = run_cli("parse", str(plan), option, str(plan))
    assert result.returncode == 2
    assert_one_line_refusal(result.stderr, "计划.txt")
    assert plan.read_bytes() == PLAN


def test_coverage_refuses_to_write_over_an_input(tmp_path: Path) -> None:
    scheme = write(tmp_path, "scheme.txt", PLAN)
    plan = write(tmp_path, "plan_2024.txt", PLAN)
    result = run_cli("coverage", str(plan), "--scheme", str(scheme), "--html", str(plan))
    assert result.returncode == 2
    assert_one_line_refusal(result.stderr, "plan_2024.txt")
    assert plan.read_bytes() == PLAN


@pytest.mark.slow  # the command line in a subprocess
def test_output_into_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    plan = write(tmp_path, "计划.txt", PLAN)
    for option in ("--json", "--html", "--xlsx"):
        result = run_cli("check", str(plan), option, str(tmp_path / "没有" / "report.out"))
        assert result.returncode == 2
        assert_one_line_refusal(result.stderr, "不存在")
