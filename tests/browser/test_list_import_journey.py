"""Journey: an office imports a 分工方案 with 牵头单位 + 责任单位, two units no organization has and one
collective unit; in the review step it matches one to an organization, creates the other, and the list
shows the lead and the responsible units of each item."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from django.test import override_settings

from counterpart.orgs.models import Organization
from counterpart.plans.models import ResponsibilityList
from tests.browser.test_plans_journey import log_in
from tests.conftest import World
from tests.plans.layouts import county

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def plan_file(path: Path) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.merge_range("A1:E1", "长海县2019年东西部扶贫协作工作分工方案")
    sheet.write_row(1, 0, ["序号", "重点任务", "牵头单位", "责任单位", "完成时限"])
    sheet.write_row(2, 0, [1, "建设扶贫车间", "县环保局", "县农业农村局、各镇", "年底前"])
    sheet.write_row(3, 0, [2, "发展文旅产业", "县发改局", "县文旅局", "2019年9月底前"])
    book.close()
    return path


@override_settings(TASKS=IMMEDIATE)
def test_office_reviews_unknown_units_and_the_list_shows_leads_and_responsible_units(
    live_server: Any, page: Any, world: World, tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    changhai = county(world.dalian_liupanshui.helper_region)
    agriculture = Organization.objects.create(
        name="大连市农业农村局", region=world.dalian_liupanshui.helper_region
    )
    base = live_server.url
    log_in(page, base, world.dalian_office.username)
    page.goto(f"{base}/plans/import/")
    page.set_input_files("input[name=file]", str(plan_file(tmp_path / "分工方案.xlsx")))
    page.select_option("select[name=owner]", label=changhai.owner.name)
    page.select_option("select[name=target]", value=str(world.dalian_liupanshui.pk))
    page.fill("input[name=title]", "长海县分工方案")
    page.click("#import-form button[type=submit]")
    page.wait_for_selector("#unit-review")
    assert "2019" in page.inner_text("#import-year")
    units = page.locator("fieldset.unit-review")
    assert units.count() == 2
    assert "各镇" not in page.inner_text("#unit-review")  # a collective unit is not a unit to review

    # 县农业农村局: matched to an organization proposed for it; 县文旅局: created in 长海县.
    first = page.locator("fieldset.unit-review[data-unit='县农业农村局']")
    first.locator("input[value=match]").check()
    first.locator("select").select_option(value=str(agriculture.pk))
    second = page.locator("fieldset.unit-review[data-unit='县文旅局']")
    second.locator("input[value=create]").check()
    second.locator("input[type=text][name$=-name]").fill("长海县文化和旅游局")
    page.click("#import-confirm button[type=submit]")
    page.wait_for_selector("#job-status[data-status=done]")
    page.click("#job-list")
    page.wait_for_selector("#item-table")

    rlist = ResponsibilityList.objects.get(title="长海县分工方案")
    first_item, second_item = rlist.items.order_by("position")
    row = page.locator(f"#item-table tr[data-item='{first_item.pk}']")
    assert row.locator(".units-lead").inner_text() == "长海县环保局"
    responsible = row.locator(".units-responsible").inner_text()
    assert "大连市农业农村局" in responsible
    assert "各镇" in responsible
    row = page.locator(f"#item-table tr[data-item='{second_item.pk}']")
    assert row.locator(".units-lead").inner_text() == "长海县发改局"
    assert "长海县文化和旅游局" in row.locator(".units-responsible").inner_text()
    assert Organization.objects.get(name="长海县文化和旅游局").region == changhai.county
