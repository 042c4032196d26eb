"""Issue 13 item 4: the import error report (CSV) writes a value typed as a formula as text."""

from __future__ import annotations

import csv
from pathlib import Path

from counterpart.households.importers import import_registry
from tests.households.conftest import Registry
from tests.households.files import member_rows, write_csv

FORMULA = '=HYPERLINK("http://x","open")'


def test_an_error_report_neutralises_formula_values(registry: Registry, tmp_path: Path) -> None:
    rows = member_rows(3, 2)
    rows[1]["民族"] = FORMULA  # not an ethnic group
    rows[2]["人均纯收入"] = "@SUM(1+1)"  # not a number (on the head's row: household values are read there)
    result = import_registry(
        write_csv(tmp_path / "bad.csv", rows), actor=registry.liupanshui_office, year=2019
    )
    assert not result.ok
    report = list(csv.reader(Path(result.error_report).read_text(encoding="utf-8-sig").splitlines()))
    values = {row[1]: row[2] for row in report[1:]}
    assert values["民族"] == "'" + FORMULA
    assert values["人均纯收入"] == "'@SUM(1+1)"
    assert report[1][0].isdigit()  # the row number is written as it is
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in report for cell in row)
