"""Import of responsibility lists from .xlsx and .csv; export of the ledger with the same cells."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from django.core.exceptions import PermissionDenied
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from counterpart.plans.exporters import export_ledger
from counterpart.plans.importers import ImportFailed, parse_deadline, responsibility_list_import
from counterpart.plans.models import Item, ResponsibilityList
from tests.factories import OrganizationFactory
from tests.plans.conftest import Plans

pytestmark = pytest.mark.django_db

HEADERS = ["序号", "工作任务", "责任单位", "配合单位", "目标/指标", "完成时限", "备注"]


def write_xlsx(path: Path, rows: list[list[Any]], *, title: str | None = "2018年度责任清单") -> Path:
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    date = workbook.add_format({"num_format": "yyyy-mm-dd"})
    r = 0
    if title:
        sheet.write(0, 0, title)  # a title row above the header, as officials' files have
        r = 2
    sheet.write_row(r, 0, HEADERS)
    for row in rows:
        r += 1
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), date)  # noqa: DTZ001
            elif value not in (None, ""):
                sheet.write(r, c, value)
    workbook.close()
    return path


def read_xlsx(path: Path | io.BytesIO, sheet: int = 0) -> list[list[Any]]:
    workbook = (
        CalamineWorkbook.from_filelike(path)
        if isinstance(path, io.BytesIO)
        else CalamineWorkbook.from_path(str(path))
    )
    return [list(row) for row in workbook.get_sheet_by_index(sheet).iter_rows()]


def test_a_malformed_file_reports_every_bad_row_and_writes_nothing(plans: Plans, tmp_path: Path) -> None:
    a, b = plans.unit_a.name, plans.unit_b.name
    path = write_xlsx(
        tmp_path / "bad.xlsx",
        [
            [1, "建设扶贫车间", a, b, "10个", dt.date(2018, 12, 31), ""],
            [2, "劳务协作", "不存在的单位", "", "1000人", "2018-12-31", ""],
            [3, "消费扶贫", f"{a}、{b}", "", "5000万元", "2018-12-31", ""],
            [4, "人才交流", a, "", "20人次", "2018-13-40", ""],
            [5, "", b, "", "", "2018-12-31", ""],
        ],
    )
    with pytest.raises(ImportFailed) as failure, translation.override("en"):
        responsibility_list_import(
            actor=plans.world.dalian_office,
            source=path,
            owner=plans.owner,
            year=2018,
            pairing=plans.world.dalian_liupanshui,
        )
    preview = failure.value.preview
    errors = preview.errors
    found = {(e.row, e.column, e.value) for e in errors}
    assert (7, "完成时限", "2018-13-40") in found
    assert (8, "工作任务", "") in found
    # The import itself (no review step) refuses a unit still unknown, naming its cell.
    assert (5, "责任单位", "不存在的单位") in found
    assert len(errors) == 3
    reasons = {e.row: e.reason for e in errors}
    assert "unknown unit" in reasons[5]
    assert "date" in reasons[7]
    assert "年底前" in reasons[7]  # the accepted forms are listed
    assert "empty" in reasons[8]
    # An unknown unit is not an error but goes to the review step; two units in one cell are read.
    assert [(u.name, u.rows) for u in preview.unknown_units.values()] == [("不存在的单位", [5])]
    two = next(row for row in preview.rows if row.row == 6)
    assert [(link.role, link.organization_id) for link in two.units] == [
        ("lead", plans.unit_a.pk),
        ("responsible", plans.unit_b.pk),
    ]
    assert (
        ResponsibilityList.objects.filter(pairing=plans.world.dalian_liupanshui).count() == 1
    )  # the fixture's
    assert Item.objects.count() == 3  # the fixture's items only


def test_headers_are_recognised_in_traditional_chinese_japanese_and_english(plans: Plans) -> None:
    office = plans.world.dalian_office
    for header in (
        "序號,任務內容,牽頭單位,配合單位,指標,完成時限,備註",
        "番号,業務内容,責任単位,協力単位,目標,期限,備考",
        "No.,Task,Lead unit,Co-units,Target,Deadline,Notes",
    ):
        body = f"{header}\n1,植树造林,{plans.unit_a.name},,造林5000亩,2018年12月底,\n"
        rlist, _preview = responsibility_list_import(
            actor=office,
            source=io.BytesIO(body.encode()),
            filename="list.csv",
            owner=plans.owner,
            year=2018,
            pairing=plans.world.dalian_liupanshui,
        )
        item = rlist.items.get()
        assert (item.task, item.lead_unit, item.deadline) == ("植树造林", plans.unit_a, dt.date(2018, 12, 31))
        assert (item.target_quantity, item.target_unit) == (5000, "亩")


def test_another_offices_user_cannot_import_into_dalians_pairing(plans: Plans) -> None:
    body = f"序号,任务,责任单位,完成时限\n1,x,{plans.unit_a.name},2018-12-31\n"
    with pytest.raises(PermissionDenied):
        responsibility_list_import(
            actor=plans.world.shanghai_office,
            source=io.BytesIO(body.encode()),
            filename="a.csv",
            owner=plans.owner,
            year=2018,
            pairing=plans.world.dalian_liupanshui,
        )


def test_a_232_item_list_imports_and_reexports_with_the_same_cells(plans: Plans, tmp_path: Path) -> None:
    units = [OrganizationFactory(name=f"生成单位{n:02d}") for n in range(50)]
    rows = []
    for n in range(232):
        lead = units[n % 50]
        co = sorted({units[(n + 7) % 50].name, units[(n + 13) % 50].name}) if n % 3 == 0 else []
        target = f"完成{(n + 1) * 10}亩" if n % 2 else "按期建成"
        rows.append(
            [
                n + 1,
                f"第{n + 1}项生态环境保护任务",
                lead.name,
                "、".join(co),
                target,
                dt.date(2021, 1 + n % 12, 28),
                "备注" if n % 5 == 0 else "",
            ]
        )
    source = write_xlsx(tmp_path / "eco.xlsx", rows)
    rlist, _preview = responsibility_list_import(
        actor=plans.world.dalian_office,
        source=source,
        owner=plans.owner,
        year=2021,
        title="生态环境保护责任清单",
    )
    assert rlist.items.count() == 232
    assert len({item.lead_unit_id for item in rlist.items.all()}) == 50
    out = io.BytesIO()
    export_ledger(out, user=plans.world.dalian_office, responsibility_list=rlist)
    out.seek(0)
    original = read_xlsx(source)[2:]
    exported = read_xlsx(out)
    assert exported[0][:9] == [
        "序号", "工作任务", "牵头单位", "责任单位", "配合单位", "目标/指标", "完成时限", "类别", "备注"
    ]  # fmt: skip
    # 责任单位 alone: its first unit leads (牵头), so it comes back as the lead; no responsible units.
    pick = [0, 1, 2, 4, 5, 6, 8]
    assert [[row[i] for i in pick] for row in exported[1:-1]] == original[1:]
    assert {row[3] for row in exported[1:-1]} == {""}
    assert exported[0][9:] == ["累计完成", "进展情况", "状态", "最近报告日期"]
    assert exported[-1][0].startswith("注：")  # the note row: accepted figures only (skipped on import)
    out.seek(0)
    again, _preview = responsibility_list_import(
        actor=plans.world.dalian_office, source=out, filename="ledger.xlsx", owner=plans.owner, year=2021
    )
    assert list(again.items.values_list("number", "task", "lead_unit_id", "deadline", "category")) == list(
        rlist.items.values_list("number", "task", "lead_unit_id", "deadline", "category")
    )
    out.seek(0)
    summary = read_xlsx(out, sheet=1)
    assert len(summary) == 51
    assert sum(row[1] for row in summary[1:]) == 232


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)))
@settings(max_examples=100, deadline=None)
def test_deadlines_in_the_usual_forms_are_read(day: dt.date) -> None:
    for text in (
        day.isoformat(),
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        f"{day.year}.{day.month:02d}.{day.day:02d}",
    ):
        assert parse_deadline(text, year=2018) == day


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2018年底", dt.date(2018, 12, 31)),
        ("2018年6月底", dt.date(2018, 6, 30)),
        ("6月底", dt.date(2018, 6, 30)),
        ("2018-13-40", None),
        ("2018-02-30", None),
        ("长期坚持", None),
        ("", None),
    ],
)
def test_deadline_forms(text: str, expected: dt.date | None) -> None:
    assert parse_deadline(text, year=2018) == expected
