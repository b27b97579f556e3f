"""workbook_bytes appends the rows to openpyxl itself: every cell must be what pandas' own writer stores."""
from __future__ import annotations

import io

import numpy as np
import pandas as pd
from openpyxl import load_workbook

from plancheck.reports.spreadsheet import workbook_bytes


def _mixed_frame() -> pd.DataFrame:
    frame = pd.DataFrame({
        "文本": ["县司法局", "=HYPERLINK(\"x\")", None, "a\x07b", "+1", ""],
        "整数": pd.array([1, None, 3, 0, -2, 7], dtype="Int64"),
        "小数": [0.5, float("nan"), float("inf"), -float("inf"), 1e-9, 12.0],
        "杂项": [np.int64(4), np.float64(2.5), np.bool_(True), True, pd.NA, 3],
    })
    frame["整数2"] = frame["整数"].fillna(0).astype("int64")
    return frame


def _pandas_workbook(frame: pd.DataFrame) -> bytes:
    """The reference: pandas writing every cell, with the control characters removed first."""
    buffer = io.BytesIO()
    cleaned = frame.apply(lambda c: c.map(lambda v: v.replace("\x07", "") if isinstance(v, str) else v))
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        cleaned.to_excel(writer, sheet_name="表", index=False)
    return buffer.getvalue()


def _cells(data: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(data))["表"]
    return [(c.coordinate, c.value, c.number_format, c.font.b, repr(c.border), repr(c.alignment))
            for row in sheet.iter_rows() for c in row]


def test_rows_are_stored_as_pandas_stores_them():
    frame = _mixed_frame()
    ours = load_workbook(io.BytesIO(workbook_bytes({"表": frame})))["表"]
    expected = _cells(_pandas_workbook(frame))
    got = _cells(workbook_bytes({"表": frame}))
    # pandas stores "=HYPERLINK(...)" as a formula; ours keeps it text, the only intended difference
    formula = [n for n, cell in enumerate(expected) if isinstance(cell[1], str) and cell[1].startswith("=")]
    assert formula and [expected[n] for n in range(len(expected)) if n not in formula] == \
        [got[n] for n in range(len(got)) if n not in formula]
    assert ours["A3"].value == "=HYPERLINK(\"x\")" and ours["A3"].data_type == "s"
    assert ours["A5"].value == "ab"
    assert ours["C4"].value == "inf" and ours["C5"].value == "-inf"


def test_empty_frame_keeps_its_header_and_formatter_sees_the_rows():
    seen = []
    frame = pd.DataFrame({"地区": pd.Series([], dtype=object), "数": pd.Series([], dtype="Int64")})
    data = workbook_bytes({"空": frame, "满": _mixed_frame()},
                          lambda name, sheet, f: seen.append((name, sheet.max_row, len(f))))
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["空", "满"]
    assert [c.value for c in book["空"][1]] == ["地区", "数"] and book["空"].max_row == 1
    assert seen == [("空", 1, 0), ("满", 7, 6)]
