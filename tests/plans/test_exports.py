"""Issue 13 item 4: a narrative typed as a formula comes out of every ledger export as text."""

from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from python_calamine import CalamineWorkbook

from counterpart.plans import services
from tests.conftest import login
from tests.plans.conftest import Plans

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://x","open")'


@pytest.fixture
def formula_entry(plans: Plans) -> None:
    entry = services.ledger_entry_submit(
        actor=plans.reporter_a, item=plans.item_a, year=2018, month=6, value=Decimal("40"), narrative=FORMULA
    )
    services.ledger_entry_accept(actor=plans.world.dalian_office, entry=entry)  # exports: accepted only
    plans.item_b.task = "@SUM(1+1)*cmd|' /C calc'!A0"
    plans.item_b.save()


def _sheet_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read("xl/worksheets/sheet1.xml")


def test_the_ledger_workbook_from_the_page_holds_the_formula_as_text(
    plans: Plans, formula_entry: None
) -> None:
    response = login(plans.world.dalian_office).get(
        reverse("plans:export", args=[plans.rlist.pk]), {"period": "2018-06"}
    )
    assert response.status_code == 200
    data = response.content
    rows = [
        list(r) for r in CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).iter_rows()
    ]
    narrative = rows[0].index("进展情况")
    by_number = {row[0]: row for row in rows[1:]}
    assert by_number[1][narrative] == FORMULA  # the text itself, not a formula's value
    assert by_number[2][1] == "@SUM(1+1)*cmd|' /C calc'!A0"
    assert isinstance(by_number[1][0], (int, float))  # 序号 stays a number
    assert b"<f>" not in _sheet_xml(data)


def test_the_dispatch_workbook_holds_the_formula_as_text(plans: Plans, formula_entry: None) -> None:
    response = login(plans.world.dalian_office).get(
        reverse("plans:dispatch", args=[plans.rlist.pk]), {"period": "2018-06", "format": "xlsx"}
    )
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    entries = [list(r) for r in book.get_sheet_by_index(3).iter_rows()]
    assert [row[4] for row in entries[1:-1]] == [FORMULA]
    assert [row[3] for row in entries[1:-1]] == [40]  # 累计完成 stays a number
    assert entries[-1][0].startswith("注：")
    with zipfile.ZipFile(io.BytesIO(response.content)) as package:
        assert not any(b"<f>" in package.read(n) for n in package.namelist() if "worksheets/" in n)


def test_the_ledger_csv_from_the_command_neutralises_the_formula(
    plans: Plans, formula_entry: None, tmp_path: Path
) -> None:
    out = tmp_path / "ledger.csv"
    call_command(
        "export-ledger", "--list", str(plans.rlist.pk), "--period", "2018-06", "-o", str(out), "--no-progress"
    )
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    narrative = rows[0].index("进展情况")
    by_number = {row[0]: row for row in rows[1:]}
    assert by_number["1"][narrative] == "'" + FORMULA
    assert by_number["2"][1] == "'@SUM(1+1)*cmd|' /C calc'!A0"
