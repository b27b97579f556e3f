"""Issue #14: a few kilobytes must not take gigabytes. Every reader bounds what a document declares by what
it holds, and each review runs under a memory cap that ends in one Chinese line, not the OOM killer.

The bombs are built by `bombs.py` at run time. The CLI runs under a 4 GiB address-space limit, as the
issue reproduced them; a reader that trusted a declaration again would be killed at the timeout or pass
1.5 GiB.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bombs import (
    BOMBS,
    GIB,
    csv_wide_bomb,
    docx_numbering_bomb,
    html_span_bomb,
    pdf_inflation_bomb,
    run_capped,
    write,
    xlsx_sparse_bomb,
)
from bs4 import BeautifulSoup
from robust_fuzz import assert_one_line_refusal, plan_lines, run_cli, sample_pdf

from plancheck import cli
from plancheck.plans.document import MERGED
from plancheck.plans.errors import PlanInputError
from plancheck.plans.readers import read_document
from plancheck.plans.readers.html import table_grid
from plancheck.plans.readers.limits import DeclaredTooLarge
from plancheck.plans.readers.pdf_streams import check_inflated_size


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_each_bomb_is_one_chinese_line_in_bounded_memory(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, name, BOMBS[name]())
    run = run_capped("parse", str(path), address_space=4 * GIB, timeout=30)
    assert run.returncode == 2, (run.returncode, run.stderr[-2000:])
    assert_one_line_refusal(run.stderr, name)
    assert run.peak_bytes <= 1.5 * GIB, f"{name}: peak {run.peak_bytes / GIB:.2f} GiB"


# ---- each reader keeps what the document holds ------------------------------------------------------

def test_html_spans_are_clipped_to_the_table() -> None:
    table = BeautifulSoup(
        '<table><tr><td colspan="1000">示例县任务表</td></tr>'
        '<tr><td rowspan="0" colspan="1000">一、依法行政</td><td>县司法局</td></tr>'
        "<tr><td>县公安局</td></tr><tr><td>县财政局</td></tr></table>", "lxml").table
    assert table_grid(table) == (
        ("示例县任务表", MERGED),
        ("一、依法行政", "县司法局"),
        (MERGED, "县公安局"),
        (MERGED, "县财政局"),
    )


def test_html_span_bomb_is_read_as_the_table_it_holds(tmp_path: Path) -> None:
    document = read_document(write(tmp_path, "跨格.html", html_span_bomb(rows=300)))
    (table,) = document.tables
    assert len(table.rows) == 300
    # At most two columns per cell a row could hold (301), not the 300,000 the spans declare.
    assert max(len(row) for row in table.rows) <= 2 * 301


def test_docx_list_numbers_stay_in_words_range(tmp_path: Path) -> None:
    document = read_document(write(tmp_path, "编号.docx", docx_numbering_bomb()))
    numbered = [line.text for line in document.lines if "项法治政府建设任务" in line.text]
    assert len(numbered) == 3
    labels = [text.split(".", 1)[0] for text in numbered]
    # Clipped to 32767, Word's largest start value, which lowerLetter writes as 1,261 g's (not 300 million z's).
    assert labels[0] == labels[1] == labels[2] == "g" * 1_261


def test_sparse_sheet_is_read_by_its_used_cells(tmp_path: Path) -> None:
    (table,) = read_document(write(tmp_path, "稀疏.xlsx", xlsx_sparse_bomb())).tables
    assert table.rows[:2] == (("示例县", "说明"), ("白桦市", "备注"))
    assert len(table.rows) == 3 and table.rows[2][-1] == "完"


def test_a_wide_csv_row_does_not_widen_the_others(tmp_path: Path) -> None:
    (table,) = read_document(write(tmp_path, "宽表.csv", csv_wide_bomb())).tables
    assert [len(row) for row in table.rows[:4]] == [3, 20_000, 3, 3]
    assert len(table.rows) == 5_002


def test_table_beyond_the_cell_limit_is_refused_by_name(tmp_path: Path) -> None:
    diagonal = "\n".join("," * n + "示例县" for n in range(0, 3_000, 2))  # 1,500 cells, a 1,500 × 3,000 box
    with pytest.raises(PlanInputError) as caught:
        read_document(write(tmp_path, "对角.csv", diagonal.encode("utf-8")))
    assert "表格过大" in str(caught.value) and "对角.csv" in str(caught.value)


def test_pdf_streams_are_measured_without_inflating_them_whole() -> None:
    check_inflated_size(sample_pdf(), 1024 * 1024)  # an ordinary PDF is far below any limit
    with pytest.raises(DeclaredTooLarge, match="解压后超过 256 MB"):
        check_inflated_size(pdf_inflation_bomb(), 256 * 1024 * 1024)


# ---- the memory cap ---------------------------------------------------------------------------------

def test_memory_cap_turns_an_allocation_past_it_into_memory_error() -> None:
    program = ("from plancheck.memory_cap import apply_memory_cap, memory_exceeded_message\n"
               "assert apply_memory_cap(1024) == 1024\n"
               "try:\n    bytearray(1536 * 1024 * 1024)\n"
               "except MemoryError:\n    print(memory_exceeded_message())\n")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "内存超过上限(1024 MB)" in done.stdout


def test_cli_reports_memory_exhaustion_in_one_line_naming_the_file(tmp_path: Path, monkeypatch, capsys) -> None:
    path = tmp_path / "示例县计划.txt"
    path.write_text("\n".join(plan_lines()), encoding="utf-8")

    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr("plancheck.plans.building.build_plan", exhausted)
    assert cli.main(["parse", str(path)]) == 2
    assert_one_line_refusal(capsys.readouterr().err, "示例县计划.txt", "内存")


def test_cli_refuses_a_bad_memory_cap_setting(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("\n".join(plan_lines()), encoding="utf-8")
    done = run_cli("parse", str(path), env={"PLANCHECK_MAX_MEMORY_MB": "很多"})
    assert done.returncode == 2
    assert_one_line_refusal(done.stderr, "PLANCHECK_MAX_MEMORY_MB")
