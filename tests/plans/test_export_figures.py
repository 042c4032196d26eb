"""Issue 19 item 1: every figure of the ledger and dispatch workbooks is the figure of the page it comes from,
and both count only accepted entries (a returned or waiting entry is in neither, a note row says so)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from lxml import html
from python_calamine import CalamineWorkbook

from counterpart.plans import services
from counterpart.plans.models import Item
from tests.conftest import login
from tests.plans.conftest import Plans
from tests.plans.factories import ItemFactory

pytestmark = pytest.mark.django_db


def _sheet(content: bytes, index: int = 0) -> list[list[Any]]:
    return [
        list(r)
        for r in CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(index).to_python()
    ]


def _report(plans: Plans, item: Item, month: int, value: str, *, review: str = "") -> Any:
    reporter = plans.reporter_a if item.lead_unit_id == plans.unit_a.pk else plans.reporter_b
    entry = services.ledger_entry_submit(
        actor=reporter,
        item=item,
        year=2018,
        month=month,
        value=Decimal(value),
        narrative=f"{month}月累计完成{value}",
    )
    if review == "accept":
        services.ledger_entry_accept(actor=plans.world.dalian_office, entry=entry)
    elif review == "return":
        services.ledger_entry_return(actor=plans.world.dalian_office, entry=entry, comment="请补充佐证")
    return entry


@pytest.fixture
def ledger(plans: Plans) -> Plans:
    """Item 1: 32 accepted in March, 48 returned in April; item 2: 78 accepted in May, 90 waiting in June
    (the issue's items 2 and 3); a third item with nothing accepted."""
    for item, target in ((plans.item_a, "185"), (plans.item_b, "120")):
        item.target_quantity, item.target_text = Decimal(target), f"{target}亩"
        item.save()
    _report(plans, plans.item_a, 3, "32", review="accept")
    _report(plans, plans.item_a, 4, "48", review="return")
    _report(plans, plans.item_b, 5, "78", review="accept")
    _report(plans, plans.item_b, 6, "90")
    ItemFactory(
        responsibility_list=plans.rlist, number="3", position=3, task="消费扶贫", lead_unit=plans.unit_a
    )
    return plans


def _page_rows(client: Any, url: str) -> dict[str, dict[str, str]]:
    """The list page's item table: per 序号, the progress, status and last report cells as shown."""
    tree = html.fromstring(client.get(url).content.decode())
    rows = {}
    for tr in tree.xpath("//tr[@data-item]"):
        cells = [" ".join(td.text_content().split()) for td in tr.xpath("./td")]
        rows[cells[0]] = {"progress": cells[5], "status": cells[6], "last_report": cells[7]}
    return rows


def test_every_figure_of_the_ledger_export_is_the_list_pages(ledger: Plans) -> None:
    office = login(ledger.world.dalian_office)
    page = _page_rows(office, reverse("plans:list", args=[ledger.rlist.pk]))
    workbook = _sheet(office.get(reverse("plans:export", args=[ledger.rlist.pk])).content)
    header, *rows, note = workbook
    col = {
        name: header.index(name)
        for name in ("序号", "目标/指标", "累计完成", "进展情况", "状态", "最近报告日期")
    }
    assert note[0].startswith("注：")
    assert "审核通过" in note[0]
    assert len(rows) == len(page) == 3
    for row in rows:
        shown = page[str(int(row[col["序号"]]))]
        value = row[col["累计完成"]]
        if value in ("", None):
            assert shown["progress"] == "—"
        else:
            item = Item.objects.get(responsibility_list=ledger.rlist, number=str(int(row[col["序号"]])))
            assert (
                shown["progress"] == f"{value:g} / {item.target_quantity:f}".rstrip("0").rstrip(".") + " 亩"
            )
        assert shown["status"] == row[col["状态"]]
        day = row[col["最近报告日期"]]
        assert shown["last_report"] == (day.isoformat() if isinstance(day, dt.date) else "—")
    by_number = {int(r[col["序号"]]): r for r in rows}
    # the accepted figures, never the returned (48) or the waiting (90) ones
    assert (by_number[1][col["累计完成"]], by_number[1][col["进展情况"]]) == (32, "3月累计完成32")
    assert (by_number[2][col["累计完成"]], by_number[2][col["进展情况"]]) == (78, "5月累计完成78")
    assert page["1"]["progress"] == "32 / 185 亩"
    assert page["2"]["progress"] == "78 / 120 亩"
    assert isinstance(by_number[1][col["最近报告日期"]], dt.date)  # filled: the accepted entry's report date
    assert by_number[3][col["累计完成"]] in ("", None)
    assert by_number[3][col["最近报告日期"]] in ("", None)


def test_every_figure_of_the_dispatch_export_is_the_dispatch_pages(ledger: Plans) -> None:
    office = login(ledger.world.dalian_office)
    url = reverse("plans:dispatch", args=[ledger.rlist.pk])
    tree = html.fromstring(office.get(url, {"period": "2018-05"}).content.decode())
    content = office.get(url, {"period": "2018-05", "format": "xlsx"}).content
    reported, missing, changes, entries, statuses = (_sheet(content, i) for i in range(5))
    assert tree.get_element_by_id("units-reported").text_content() == str(len(reported) - 1)
    assert tree.get_element_by_id("units-missing").text_content() == str(len(missing) - 1)
    assert tree.get_element_by_id("status-changes").text_content() == str(len(changes) - 1)
    accepted = entries[1:-1]
    assert tree.get_element_by_id("entries-accepted").text_content() == str(len(accepted))
    assert [(r[0], r[3]) for r in accepted] == [("2", 78)]
    assert entries[-1][0].startswith("注：")
    shown = {
        span.get("data-count"): int(span.text_content())
        for span in tree.xpath("//section[@id='status-summary']//span[@data-count]")
    }
    labels = {
        span.get("data-count"): span.getprevious().text_content()
        for span in tree.xpath("//section[@id='status-summary']//span[@data-count]")
    }
    assert {labels[k]: v for k, v in shown.items()} == {r[0]: int(r[1]) for r in statuses[1:]}


def test_the_june_dispatch_counts_the_waiting_entry_nowhere(ledger: Plans) -> None:
    office = login(ledger.world.dalian_office)
    content = office.get(
        reverse("plans:dispatch", args=[ledger.rlist.pk]), {"period": "2018-06", "format": "xlsx"}
    ).content
    entries = _sheet(content, 3)
    assert entries[1:-1] == []  # 90 is waiting for review
    assert "待审核 1 条" in entries[-1][0]


# --- units of a target and of its progress ---------------------------------------------------------


def test_a_target_written_in_metres_cannot_be_counted_in_kilometres(plans: Plans) -> None:
    with pytest.raises(ValidationError) as exc:
        services.item_create(
            actor=plans.world.dalian_office,
            responsibility_list=plans.rlist,
            number="9",
            task="建设城市绿道",
            lead_unit=plans.unit_a,
            deadline=dt.date(2018, 12, 31),
            target_text="170米",
            target_quantity=Decimal("170"),
            target_unit="公里",
        )
    assert "target_unit" in exc.value.message_dict
    item = services.item_create(
        actor=plans.world.dalian_office,
        responsibility_list=plans.rlist,
        number="9",
        task="建设城市绿道",
        lead_unit=plans.unit_a,
        deadline=dt.date(2018, 12, 31),
        target_text="完成造林5000亩以上",
        target_quantity=Decimal("5000"),
        target_unit="亩",
    )
    assert item.target_unit == "亩"


def test_a_deliverable_has_no_unit() -> None:
    services.check_target_units(target_text="按期完成", target_quantity=None, target_unit="")
    with pytest.raises(ValidationError):
        services.check_target_units(target_text="按期完成", target_quantity=None, target_unit="公里")
