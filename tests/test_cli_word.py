"""`plancheck check --opinion/--table/--annotate` and `plancheck demo`: the Word documents on the
command line, refusals in one Chinese line."""
from __future__ import annotations

import docx
import pytest
from docx.enum.section import WD_ORIENT
from word_drafts import EXAMPLES, write_docx_draft

from plancheck.cli import main


@pytest.fixture
def draft_docx(tmp_path):
    return write_docx_draft(tmp_path / "示例县2025年计划草案.docx")


def body_text(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def test_check_writes_the_three_documents(tmp_path, draft_docx, capsys):
    outs = {kind: tmp_path / f"{kind}.docx" for kind in ("opinion", "table", "annotate")}
    argv = ["check", str(draft_docx), "--baseline", str(EXAMPLES / "plan_2024.txt"), "--reviewer", "王审查",
            *[arg for kind, path in outs.items() for arg in (f"--{kind}", str(path))]]
    assert main(argv) == 1  # the draft has errors
    assert capsys.readouterr().err == ""
    assert "审查人：王审查" in body_text(docx.Document(outs["opinion"]))
    assert docx.Document(outs["table"]).sections[0].orientation == WD_ORIENT.LANDSCAPE
    assert {c.author for c in docx.Document(outs["annotate"]).comments} == {"王审查"}


def test_plancheck_toml_beside_the_draft_signs_the_documents(tmp_path, draft_docx):
    (tmp_path / "plancheck.toml").write_text('[document]\nbureau = "示例县司法局"\nreviewer = "王审查"\n',
                                             encoding="utf-8")
    opinion = tmp_path / "opinion.docx"
    main(["check", str(draft_docx), "--opinion", str(opinion)])
    assert "审查人：王审查" in body_text(docx.Document(opinion))


def test_an_output_over_an_input_is_refused_before_anything_is_written(tmp_path, draft_docx, capsys):
    before = draft_docx.read_bytes()
    opinion = tmp_path / "opinion.docx"
    code = main(["check", str(draft_docx), "--opinion", str(opinion), "--annotate", str(draft_docx)])
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "拒绝写入“示例县2025年计划草案.docx”" in err
    assert draft_docx.read_bytes() == before and not opinion.exists()


def test_a_text_draft_gets_a_note_instead_of_an_annotated_copy(tmp_path, capsys):
    opinion, annotated = tmp_path / "opinion.docx", tmp_path / "annotated.docx"
    main(["check", str(EXAMPLES / "plan_2025.txt"), "--opinion", str(opinion), "--annotate", str(annotated)])
    err = capsys.readouterr().err
    assert err == "plancheck: 草案“plan_2025.txt”不是 Word(.docx)文件,未生成批注稿\n"
    assert opinion.exists() and not annotated.exists()


def test_a_bad_date_is_refused_in_one_line(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["check", str(EXAMPLES / "plan_2025.txt"), "--opinion", "x.docx", "--date", "2026-13-01"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "日期应写成 YYYY-MM-DD" in err


def test_demo_writes_the_word_documents_next_to_the_report(tmp_path, capsys):
    assert main(["demo", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    for name in ("report.html", "report-opinion.docx", "report-table.docx", "report-annotated.docx"):
        assert str(tmp_path / name) in out
    assert "示例县司法局" in body_text(docx.Document(tmp_path / "report-opinion.docx"))
    draft = docx.Document(tmp_path / "plan_2025.docx")
    annotated = docx.Document(tmp_path / "report-annotated.docx")
    assert [p.text for p in annotated.paragraphs] == [p.text for p in draft.paragraphs]
    assert any("缺少牵头单位" in c.text for c in annotated.comments)
