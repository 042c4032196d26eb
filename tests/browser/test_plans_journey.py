"""Journey: a unit reporter sees only its unit's items and reports progress with evidence; the office
returns it, the reporter corrects it, the office accepts; the dashboard and the monthly dispatch change."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from counterpart.plans.models import Item, LedgerEntry
from tests.conftest import PASSWORD
from tests.plans.conftest import Plans, plans  # noqa: F401  # the fixture
from tests.plans.files import png

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PNG = png()  # a real image: evidence is decoded and re-encoded


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


def log_in(page: Any, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login" not in url)


def counts(page: Any, base: str, list_id: int) -> dict[str, str]:
    page.goto(f"{base}/plans/lists/{list_id}/dispatch/")
    found = {
        key: page.locator(f"#{key}").inner_text()
        for key in ("units-reported", "units-missing", "entries-accepted")
    }
    page.goto(f"{base}/plans/lists/{list_id}/dashboard/")
    found["done"] = page.locator("#status-totals [data-count=done]").inner_text()
    assert page.locator("#chart-completion svg").count() == 1  # ECharts drew from the vendored script
    return found


def test_reporter_reports_office_returns_reporter_corrects_office_accepts(
    live_server: Any,
    page: Any,
    plans: Plans,  # noqa: F811
) -> None:
    base = live_server.url
    year = timezone.localdate().year
    Item.objects.filter(responsibility_list=plans.rlist).update(
        start_date=dt.date(year, 1, 1), deadline=dt.date(year, 12, 31)
    )
    period = timezone.localdate().strftime("%Y-%m")

    log_in(page, base, plans.world.dalian_office.username)
    before = counts(page, base, plans.rlist.pk)
    assert before == {"units-reported": "0", "units-missing": "2", "entries-accepted": "0", "done": "0"}

    # The reporter sees only its unit's item and reports with a photo.
    log_in(page, base, plans.reporter_a.username)
    page.goto(f"{base}/plans/my-items/")
    assert page.get_by_text(plans.item_a.task).is_visible()
    assert page.get_by_text(plans.item_b.task).count() == 0
    page.get_by_role("link", name=plans.item_a.task).click()
    page.wait_for_url(f"**/plans/items/{plans.item_a.pk}/")
    page.fill("input[name=period]", period)
    page.fill("input[name=value]", "60")
    page.fill("textarea[name=narrative]", "完成60亩")
    page.set_input_files(
        "input[name=evidence]", files=[{"name": "现场.png", "mimeType": "image/png", "buffer": PNG}]
    )
    page.click("#entry-form button[type=submit]")
    page.wait_for_selector("#ledger [data-status=submitted]")
    assert page.locator("#ledger .evidence img").count() == 1
    page.goto(f"{base}/plans/items/{plans.item_b.pk}/")
    assert page.get_by_text(plans.item_b.task).count() == 0  # 404 for another unit's item

    # The office returns it.
    log_in(page, base, plans.world.dalian_office.username)
    page.goto(f"{base}/plans/review/")
    page.fill("textarea[name=comment]", "请补充验收照片")
    page.click("button[value=return]")
    page.wait_for_url("**/plans/review/")
    assert LedgerEntry.objects.get().status == LedgerEntry.Status.RETURNED

    # The reporter sees why and corrects it.
    log_in(page, base, plans.reporter_a.username)
    page.goto(f"{base}/plans/items/{plans.item_a.pk}/")
    assert page.get_by_text("请补充验收照片").first.is_visible()
    page.fill("input[name=period]", period)
    page.fill("input[name=value]", "100")
    page.fill("textarea[name=narrative]", "全部完成，已补充照片")
    page.click("#entry-form button[type=submit]")
    page.wait_for_selector("#ledger [data-status=submitted]")

    # The office accepts.
    log_in(page, base, plans.world.dalian_office.username)
    page.goto(f"{base}/plans/items/{plans.item_a.pk}/")
    page.click("#ledger button[value=accept]")
    page.wait_for_selector("#ledger [data-status=accepted]")

    after = counts(page, base, plans.rlist.pk)
    assert after == {"units-reported": "1", "units-missing": "1", "entries-accepted": "1", "done": "1"}
