"""Issue #7 at the command line: exit 0/1 with a result, or exit 2 with exactly one Chinese line on stderr.
Never a traceback, never an "unexpected error", never a hang."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from robust_fuzz import (
    assert_one_line_refusal,
    damaged,
    fuzz,
    plan_like_text,
    plan_lines,
    run_cli,
    sample_docx,
    sample_pdf,
    sample_xlsx,
    write,
)

from plancheck import cli

pytestmark = pytest.mark.slow  # the command line in subprocesses, fuzz runs

GOOD_PLAN = "\n".join(plan_lines()).encode("utf-8")


def _legacy_doc() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048)


def _encrypted_pdf() -> bytes:
    import io

    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, encrypt=StandardEncryption("secret", canPrint=0))
    pdf.setFont("STSong-Light", 10)
    for row, line in enumerate(plan_lines()):
        pdf.drawString(50, 780 - 18 * row, line)
    pdf.save()
    return buffer.getvalue()


def _zip_without_document() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a Word file")
    return buffer.getvalue()


BAD_INPUTS = {
    "empty.txt": lambda: b"",
    "binary.txt": lambda: bytes(range(256)) * 4,
    "no-tasks.txt": lambda: "县2024年法治政府建设工作计划\n认真做好各项工作。".encode(),
    "random.docx": lambda: os.urandom(3000),
    "random.pdf": lambda: os.urandom(3000),
    "random.xlsx": lambda: os.urandom(3000),
    "truncated.docx": lambda: sample_docx()[:5000],
    "truncated.pdf": lambda: sample_pdf()[: len(sample_pdf()) // 2],
    "truncated.xlsx": lambda: sample_xlsx()[:2000],
    "legacy.doc": _legacy_doc,
    "legacy.docx": _legacy_doc,
    "encrypted.pdf": _encrypted_pdf,
    "other.zip.docx": _zip_without_document,
    "program.exe": lambda: b"MZ" + os.urandom(500),
    "mixed-encoding.txt": lambda: GOOD_PLAN + "其他".encode("gbk"),
    "名字 带空格(1).txt": lambda: b"\x00\xff" * 50,
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_parse_refuses_bad_input_in_one_line(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, name, BAD_INPUTS[name]())
    result = run_cli("parse", str(path))
    assert result.returncode == 2, result
    assert_one_line_refusal(result.stderr, name)


def test_parse_of_a_good_plan_exits_0(tmp_path: Path) -> None:
    result = run_cli("parse", str(write(tmp_path, "计划.txt", GOOD_PLAN)))
    assert result.returncode == 0, result.stderr
    assert "县司法局" in result.stdout and result.stderr == ""


def test_missing_file_and_folder(tmp_path: Path) -> None:
    result = run_cli("parse", str(tmp_path / "不存在.txt"))
    assert result.returncode == 2
    assert_one_line_refusal(result.stderr, "不存在.txt", "不存在")
    result = run_cli("parse", str(tmp_path))
    assert result.returncode == 2
    assert_one_line_refusal(result.stderr, "文件夹")


def test_file_name_with_a_newline_still_gives_one_line(tmp_path: Path) -> None:
    path = write(tmp_path, "第一行\n第二行.txt", b"\x00\x01binary")
    result = run_cli("parse", str(path))
    assert result.returncode == 2
    assert_one_line_refusal(result.stderr)


def test_check_refuses_a_bad_baseline_or_scheme(tmp_path: Path) -> None:
    draft = write(tmp_path, "计划.txt", GOOD_PLAN)
    bad = write(tmp_path, "去年.pdf", os.urandom(2000))
    for option in ("--baseline", "--scheme"):
        result = run_cli("check", str(draft), option, str(bad))
        assert result.returncode == 2, result
        assert_one_line_refusal(result.stderr, "去年.pdf")


def test_check_of_a_good_plan_exits_0_or_1(tmp_path: Path) -> None:
    draft = write(tmp_path, "计划.txt", GOOD_PLAN)
    result = run_cli("check", str(draft), "--baseline", str(draft), "--json", str(tmp_path / "r.json"))
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr and (tmp_path / "r.json").exists()


# ---- limits -------------------------------------------------------------------------------------------

def test_input_size_limit_is_configurable(tmp_path: Path) -> None:
    big = write(tmp_path, "大计划.txt", GOOD_PLAN + b"\n" + "认真做好各项工作。\n".encode() * 80_000)
    assert big.stat().st_size > 2 * 1024 * 1024
    result = run_cli("parse", str(big), env={"PLANCHECK_MAX_INPUT_MB": "1"})
    assert result.returncode == 2
    assert_one_line_refusal(result.stderr, "大计划.txt", "1 MB", "PLANCHECK_MAX_INPUT_MB")
    assert run_cli("parse", str(big), env={"PLANCHECK_MAX_INPUT_MB": "5"}).returncode == 0


@pytest.mark.parametrize("value", ["abc", "0", "-3", "nan", "inf"])
def test_invalid_size_limit_is_one_clear_line(tmp_path: Path, value: str) -> None:
    result = run_cli("parse", str(write(tmp_path, "计划.txt", GOOD_PLAN)), env={"PLANCHECK_MAX_INPUT_MB": value})
    assert result.returncode == 2
    assert_one_line_refusal(result.stderr, "PLANCHECK_MAX_INPUT_MB")


def test_size_limit_in_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from plancheck.plans import load_plan
    from plancheck.plans.errors import PlanInputError
    from plancheck.plans.readers import MAX_INPUT_BYTES, max_input_bytes

    path = write(tmp_path, "计划.txt", GOOD_PLAN)
    monkeypatch.delenv("PLANCHECK_MAX_INPUT_MB", raising=False)
    assert max_input_bytes(path) == MAX_INPUT_BYTES
    monkeypatch.setenv("PLANCHECK_MAX_INPUT_MB", "0.0001")  # about 100 bytes
    with pytest.raises(PlanInputError, match="上限"):
        load_plan(path)
    monkeypatch.setenv("PLANCHECK_MAX_INPUT_MB", "0.5")
    assert max_input_bytes(path) == 512 * 1024
    assert load_plan(path).tasks


# ---- command-line misuse ------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [["parse"], ["check"], ["parse", "a.txt", "--kind", "weekly"], ["nonsense"],
                                  ["parse", "a.txt", "--unknown"], ["check", "a.txt", "--fail-on", "never"]])
def test_argument_errors_are_one_chinese_line(args: list[str]) -> None:
    result = run_cli(*args)
    assert result.returncode == 2
    assert_one_line_refusal(result.stderr)


# ---- fuzz: the command line in-process (same code path as the console script, much faster) -----------

@fuzz()
@given(data=st.one_of(st.binary(max_size=3000), plan_like_text().map(lambda t: t.encode("utf-8", "replace")),
                      damaged(sample_docx()), damaged(sample_xlsx()), damaged(sample_pdf())),
       suffix=st.sampled_from([".txt", ".docx", ".pdf", ".xlsx", ".csv", ".html"]))
def test_fuzz_cli_outcome(tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes, suffix: str) -> None:
    path = write(tmp_path, f"计划{suffix}", data)
    capsys.readouterr()
    code = cli.main(["parse", str(path), "--json", str(tmp_path / "out.json")])
    err = capsys.readouterr().err
    if code == 0:
        assert err == ""
    else:
        assert code == 2
        assert_one_line_refusal(err, path.name)


@st.composite
def plan_texts(draw: st.DrawFn) -> str:
    """Plans that parse, with random task text, units and targets: what reaches the comparison and the rules."""
    lines = [draw(st.sampled_from(["县2024年法治政府建设工作计划", "县2025年法治政府建设工作要点",
                                   "县法治政府建设实施方案(2021-2025年)", ""]))]
    for section in range(draw(st.integers(1, 3))):
        lines.append(f"{'一二三'[section]}、{draw(plan_like_text(3))}")
        for number in range(1, draw(st.integers(2, 6))):
            body = draw(st.one_of(plan_like_text(8), st.sampled_from([
                "严格落实重大行政决策程序,合法性审查率达到100%。", "每季度组织一次行政执法案卷评查。",
                "年底前完成规范性文件清理。", "推动学习宣传贯彻习近平法治思想走深走实。"])))
            units = draw(st.sampled_from(["县司法局", "县政府办公室、县司法局", "各乡镇人民政府", "", "县司法局和县公安局"]))
            lines.append(f"{number}.{body}〔牵头单位:{units}〕" if units else f"{number}.{body}")
    return "\n".join(lines)


@fuzz(0.5)
@given(draft=plan_texts(), baseline=plan_texts(), scheme=st.none() | plan_texts())
def test_fuzz_check_outcome(tmp_path: Path, capsys: pytest.CaptureFixture[str], draft: str, baseline: str,
                            scheme: str | None) -> None:
    """The comparison and every rule on odd but parseable plans: a result, or one line naming the cause."""
    args = ["check", str(write(tmp_path, "计划.txt", draft.encode("utf-8", "replace"))),
            "--baseline", str(write(tmp_path, "去年.txt", baseline.encode("utf-8", "replace"))),
            "--json", str(tmp_path / "out.json"), "--html", str(tmp_path / "out.html")]
    if scheme is not None:
        args += ["--scheme", str(write(tmp_path, "方案.txt", scheme.encode("utf-8", "replace")))]
    capsys.readouterr()
    code = cli.main(args)
    err = capsys.readouterr().err
    if code in (0, 1):
        assert err == ""
    else:
        assert code == 2
        assert_one_line_refusal(err)
