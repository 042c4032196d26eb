"""The one neutralising helper: text cells never become formulas, numbers stay numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from counterpart.core.exports import csv_cell, write_csv, write_xlsx

FORMULA = '=HYPERLINK("http://x","open")'


@pytest.mark.parametrize(
    "text",
    [FORMULA, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1", "=1", "-", "+86 138"],
)
def test_text_that_a_spreadsheet_would_evaluate_gets_a_leading_quote(text: str) -> None:
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (-5, -5),
        (Decimal("-1.50"), Decimal("-1.50")),
        (-0.25, -0.25),
        ("-12.5", "-12.5"),  # a plain number written as text is still a number
        ("+3", "+3"),
        ("完成40亩", "完成40亩"),
        ("a=b", "a=b"),
        (None, ""),
        (dt.date(2018, 6, 30), "2018-06-30"),
    ],
)
def test_numbers_dates_and_ordinary_text_are_written_as_they_are(value: Any, cell: Any) -> None:
    assert csv_cell(value) == cell


def test_a_csv_written_by_the_helper_reads_back_as_text() -> None:
    out = io.StringIO()
    write_csv(out, ("进展情况", "累计完成"), [(FORMULA, -3), ("@cmd", Decimal("2.5"))])
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows == [["进展情况", "累计完成"], ["'" + FORMULA, "-3"], ["'@cmd", "2.5"]]


def test_a_workbook_written_by_the_helper_has_no_formula_and_keeps_numbers() -> None:
    out = io.BytesIO()
    write_xlsx(out, [("Sheet", ("a", "b", "c"), [(FORMULA, -7, "http://example.com/x")])])
    book = CalamineWorkbook.from_filelike(io.BytesIO(out.getvalue()))
    assert list(book.get_sheet_by_index(0).iter_rows())[1] == [FORMULA, -7, "http://example.com/x"]
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as package:
        sheet = package.read("xl/worksheets/sheet1.xml")
        assert b"<f>" not in sheet
        assert "xl/worksheets/_rels/sheet1.xml.rels" not in package.namelist()  # no hyperlink made
