"""Journey (issue 16, done when): an office imports a county's allocation table (title rows, a 单位：万元 row,
小计 and 合计 rows); on one project it records the receipt and the disbursement of the funds (the import
recorded the commitment); the idle-funds alert appears, the money being older than the threshold, and
clears when the expenditure is recorded; the county's public notice is shown and downloaded as .xlsx and
.pdf, and the pairing's IATI file of the year is downloaded."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from lxml import etree

from counterpart.funds import notice as notices
from counterpart.funds.models import Project, Transaction
from tests.browser.test_plans_journey import log_in
from tests.funds.fixtures import layouts
from tests.funds.fixtures.regions import haidong

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def record(page: Any, kind: str, date: str, amount: str) -> None:
    page.select_option("#transaction-form select[name=kind]", value=kind)
    page.fill("#transaction-form input[name=date]", date)
    page.fill("#transaction-form input[name=amount]", amount)
    page.click("#transaction-form button[type=submit]")
    page.wait_for_load_state()


@override_settings(TASKS=IMMEDIATE)
def test_office_imports_records_money_sees_the_alert_clear_and_publishes(
    live_server: Any, page: Any, tmp_path: Path, settings: Any
) -> None:
    from pypdf import PdfReader
    from python_calamine import CalamineWorkbook

    settings.MEDIA_ROOT = str(tmp_path / "media")
    hd = haidong()
    base = live_server.url
    log_in(page, base, hd.office.username)  # type: ignore[attr-defined]

    # the import: upload → the check's preview → confirm → done
    page.goto(f"{base}/funds/projects/import/")
    page.set_input_files("input[name=file]", str(layouts.village_allocation(tmp_path / "安排表.csv")))
    page.select_option("select[name=pairing]", value=str(hd.pairing.pk))
    page.fill("input[name=year]", "2020")
    page.click("#project-import-form button[type=submit]")
    page.wait_for_selector("#import-confirm")
    assert "蔬菜基地" in page.inner_text("#import-rows")
    page.click("#import-confirm button[type=submit]")
    page.wait_for_selector("#job-status[data-status=done]")
    assert Project.objects.filter(pairing=hd.pairing, year=2020).count() == 6

    # one project: the receipt and the disbursement, months ago → idle funds
    project = Project.objects.get(title="蔬菜基地")
    assert Transaction.objects.filter(project=project, kind=Transaction.Kind.COMMITMENT).exists()
    # its dates, as the county plans it (the IATI file needs a start)
    page.goto(f"{base}/funds/projects/{project.pk}/edit/")
    page.fill("input[name=planned_start]", "2020-03-01")
    page.fill("input[name=planned_end]", "2020-12-31")
    page.click("form.form button[type=submit]")
    page.wait_for_url(f"**/funds/projects/{project.pk}/")
    record(page, str(Transaction.Kind.INCOMING_FUNDS), "2020-04-01", "200000")
    record(page, str(Transaction.Kind.DISBURSEMENT), "2020-05-01", "200000")
    page.goto(f"{base}/funds/projects/{project.pk}/")
    assert page.locator("#funds-alerts li.alert--idle").count() == 1
    assert "20万元" in page.inner_text("#project-totals")
    # the expenditure: nothing idle any more
    record(page, str(Transaction.Kind.EXPENDITURE), "2020-06-01", "200000")
    page.goto(f"{base}/funds/projects/{project.pk}/")
    assert page.locator("#funds-alerts li.alert--idle").count() == 0

    # the public notice of the county and year, from the project library's link
    page.goto(f"{base}/funds/projects/")
    page.click("#project-notice")
    page.wait_for_url("**/funds/notice/")
    page.fill("input[name=county__text]", "民和")
    page.locator("[data-region-picker]:has(input[name=county]) .region-picker__option").first.click()
    page.fill("input[name=year]", "2020")
    page.fill("input[name=phone]", "0972-8521234")
    page.click("#notice-form button[type=submit]")
    page.wait_for_selector("#notice-table")
    assert "民和回族土族自治县2020年东西部协作项目公示" in page.inner_text(".notice__title")
    table = page.inner_text("#notice-table")
    assert "蔬菜基地" in table
    # 小额信贷贴息 names no village: it has no place, so it is in no county's notice
    assert "小额信贷贴息" not in table
    total_row = page.locator("#notice-table tr.total-row td")
    assert total_row.nth(0).inner_text() == "合计"
    assert total_row.nth(1).inner_text() == "5 个项目"
    assert total_row.nth(5).inner_text() == "101"  # the table's 合计 (113) less the 12 placed nowhere, 万元
    assert "监督电话：0972-8521234" in page.inner_text("#notice")

    with page.expect_download() as download:
        page.click("#notice-xlsx")
    rows = CalamineWorkbook.from_path(download.value.path()).get_sheet_by_index(0).to_python()
    assert next(row for row in rows if row[0] == "合计")[5] == 101.0
    if notices.pdf_available():
        with page.expect_download() as download:
            page.click("#notice-pdf")
        reader = PdfReader(download.value.path())
        text = "".join(p.extract_text() for p in reader.pages).replace("\x00", "").replace(" ", "")
        assert "蔬菜基地" in text

    # the IATI file of the pairing and year, from the filtered library
    page.goto(f"{base}/funds/projects/?pairing={hd.pairing.pk}&year=2020")
    with page.expect_download() as download:
        page.click("#project-iati")
    doc = etree.parse(io.BytesIO(Path(download.value.path()).read_bytes()))
    titles = doc.getroot().xpath("//iati-activity/title/narrative/text()")
    assert titles == ["蔬菜基地"]  # the five without a start date are left out, and named in a comment
    assert "小额信贷贴息" in " ".join(str(c) for c in doc.getroot().xpath("//comment()"))


def test_a_list_prints_its_table_without_the_sites_frame(live_server: Any, page: Any, world: Any) -> None:
    """The print stylesheet (every page): the header, the filters, the buttons and the page links are not
    printed; the table is, its header repeated on each printed page."""
    from counterpart.funds import services

    services.project_create(actor=None, pairing=world.dalian_liupanshui, title="冷水鱼养殖", year=2024)
    log_in(page, live_server.url, world.dalian_office.username)
    page.goto(f"{live_server.url}/funds/projects/")
    assert page.is_visible(".site-header")
    assert page.is_visible("#project-filters")
    page.emulate_media(media="print")
    for hidden in (".site-header", "#project-filters", "#project-export", ".site-footer"):
        assert not page.is_visible(hidden), hidden
    assert page.is_visible("#project-table table")
    assert page.eval_on_selector("#project-table thead", "e => getComputedStyle(e).display") == (
        "table-header-group"
    )
