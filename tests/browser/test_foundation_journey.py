"""Journey: log in → open the pairing → open the 2018 meeting → open an agreement → add a progress report →
see it and its history entry."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from counterpart.agreements.models import ProgressReport
from counterpart.demo.loader import load_demo
from counterpart.demo.users import DEMO_PASSWORD, ensure_demo_users

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_reports_progress_on_an_agreement_of_the_2018_meeting(live_server: Any, page: Any) -> None:
    load_demo()
    ensure_demo_users()

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "dalian")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login" not in url)

    page.goto(f"{live_server.url}/pairings/")
    page.locator("a[href*='/pairings/']", has_text="六盘水市").first.click()
    page.wait_for_url("**/pairings/*/")
    assert (
        page.get_by_text("大连市·六盘水市精准扶贫协作推进会").first.is_visible()
        or page.locator("a[href*='/meetings/']").count()
    )

    page.locator("a[href*='/meetings/']", has_text="推进会").first.click()
    page.wait_for_url("**/meetings/*/")
    assert page.get_by_text("谭成旭").first.is_visible()
    assert page.locator("a[href*='/agreements/']", has_text="协议").count() >= 13

    page.locator("a[href*='/agreements/']", has_text="蛋鸡养殖").first.click()
    page.wait_for_url("**/agreements/*/")
    assert page.get_by_text("大连韩伟集团").first.is_visible()

    today = timezone.localdate().isoformat()
    page.fill("input[name=reported_on]", today)
    page.fill("textarea[name=text]", "首批蛋鸡已入栏，浏览器测试")
    page.locator("form", has=page.locator("textarea[name=text]")).locator("button[type=submit]").click()

    page.get_by_text("首批蛋鸡已入栏，浏览器测试").first.wait_for()
    assert ProgressReport.objects.filter(
        text="首批蛋鸡已入栏，浏览器测试", reporter__username="dalian"
    ).exists()
    page.reload()
    history = page.locator("#history, [data-history]").first
    assert "dalian" in history.inner_text()
