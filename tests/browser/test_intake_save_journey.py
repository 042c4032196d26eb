"""Journey (issue 18 item 4): a Dalian office user pastes a report with four agreements signed by the same
two cities and two figures, ticks all, saves, and finds the four agreements and the figures on the meeting
page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from counterpart.agreements.models import Agreement
from counterpart.demo.users import DEMO_PASSWORD
from counterpart.meetings.models import Figure, Meeting
from tests.browser.test_intake_journey import _load_registry, _paste
from tests.intake.test_save import REPORT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUBJECTS = ("劳务协作协议", "产业合作协议", "教育帮扶协议", "医疗卫生合作协议")


def test_four_ticked_agreements_and_the_figures_are_on_the_meeting_page(live_server: Any, page: Any) -> None:
    pairing = _load_registry()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "dalian")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login" not in url)

    _paste(page, live_server, REPORT)
    form = page.locator("#intake-form")
    assert form.locator("select[name=pairing]").input_value() == str(pairing.pk)
    agreements = form.locator("[data-testid=agreement]")
    expect(agreements).to_have_count(4)
    figures = form.locator("[data-testid=figure]")
    expect(figures).to_have_count(2)
    for row in [*agreements.all(), *figures.all()]:
        box = row.locator("input[type=checkbox]")
        if not box.is_checked():
            box.check()
    expect(form.locator("input[name=attendee-0-title]")).to_have_attribute("aria-label", "职务")
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/meetings/*/")

    meeting = Meeting.objects.get()
    assert sorted(Agreement.objects.filter(meeting=meeting).values_list("title", flat=True)) == sorted(
        SUBJECTS
    )
    assert Figure.objects.filter(meeting=meeting).count() == 2
    expect(page.locator(".messages")).to_contain_text("4 项协议和 2 个数据")
    for subject in SUBJECTS:
        expect(page.get_by_text(subject)).to_be_visible()
    table = page.locator("[data-testid=figures]")
    expect(table).to_contain_text("25.6")
    expect(table).to_contain_text("亿元")
