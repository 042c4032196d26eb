"""Journey: a Dalian office user pastes the English report of the 2018 promotion meeting (seed 003) → reviews
the draft beside the highlighted source → saves it into the ledger; then pastes the Japanese report of the
same meeting (seed 000) → it is recognized → saving adds nothing."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from playwright.sync_api import expect

from counterpart.agreements.models import Agreement
from counterpart.demo import facts
from counterpart.demo.loader import DemoLoader
from counterpart.demo.users import DEMO_PASSWORD, ensure_demo_users
from counterpart.meetings.models import Meeting
from counterpart.pairings.models import Pairing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEETING_DATE = dt.date(2018, 9, 12)


def _seed(seeds_dir: Path, prefix: str) -> str:
    return next(iter(sorted(seeds_dir.glob(f"{prefix}_*.txt")))).read_text(encoding="utf-8")


def _load_registry() -> Pairing:
    """The demo's regions, organizations, people, aliases and pairings, but none of its meetings or
    agreements: the 2018 meeting must come from the report."""
    loader = DemoLoader()
    with transaction.atomic():
        loader.load_regions(facts.REGIONS)
        loader.load_organizations(facts.ORGANIZATIONS)
        loader.load_people(facts.PEOPLE)
        loader.load_aliases(getattr(facts, "ALIASES", ()))
        loader.load_pairings(facts.PAIRINGS)
    ensure_demo_users()
    pairing = loader._find("pairing-dalian_liupanshui", Pairing)
    assert pairing is not None
    assert not Meeting.objects.exists()
    assert not Agreement.objects.exists()
    return pairing


def _paste(page: Any, live_server: Any, text: str) -> None:
    page.goto(f"{live_server.url}/")
    page.locator("nav a[href='/intake/']").first.click()
    page.wait_for_url("**/intake/")
    page.fill("textarea[name=text]", text)
    page.locator("form", has=page.locator("textarea[name=text]")).locator("button[type=submit]").click()
    page.locator("#intake-form").wait_for()


def test_office_reads_a_report_twice_and_the_ledger_holds_one_meeting(
    live_server: Any, page: Any, seeds_dir: Path
) -> None:
    pairing = _load_registry()

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "dalian")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login" not in url)

    # the English report: a draft to review, nothing saved yet
    _paste(page, live_server, _seed(seeds_dir, "003"))
    form = page.locator("#intake-form")
    assert form.locator("select[name=pairing]").input_value() == str(pairing.pk)
    assert form.locator("select[name=kind]").input_value() == "promotion_meeting"
    assert "Goog Island" in form.locator("input[name=place]").input_value()
    agreements = form.locator("[data-testid=agreement]")
    assert agreements.count() == 13
    for i in range(13):
        row = agreements.nth(i)
        assert row.locator("input.party").count() >= 2  # every agreement has its parties
        assert all(v.strip() for v in [p.input_value() for p in row.locator("input.party").all()])
        assert row.locator("input[type=checkbox]").is_checked()
    assert form.locator("[data-testid=duplicate]").count() == 0
    assert Meeting.objects.count() == 0

    # the source text is beside the draft, its spans highlighted; pointing at an agreement marks its sentence
    source = page.locator("[data-testid=source]")
    expect(source).to_be_visible()
    assert source.locator("mark").count() >= 2
    for item in (agreements.first, agreements.last):
        mark = source.locator(f"mark#{item.get_attribute('data-span')}")
        expect(mark).to_have_count(1)
        item.hover()
        expect(mark).to_have_class(re.compile(r"\bis-active\b"))
        expect(mark).to_be_in_viewport()

    # the English page gives no year: the reviewer completes the date, then saves
    date_input = form.locator("input[name=date]")
    if not date_input.input_value():
        date_input.fill(MEETING_DATE.isoformat())
    assert date_input.input_value() == MEETING_DATE.isoformat()
    if shot := os.environ.get("INTAKE_SCREENSHOT"):  # e.g. /tmp/intake_review.png, to look at the page
        page.screenshot(path=shot, full_page=True)
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/meetings/*/")

    meeting = Meeting.objects.get()
    assert (meeting.date, meeting.pairing_id) == (MEETING_DATE, pairing.pk)
    assert Agreement.objects.filter(meeting=meeting).count() == 13
    assert Agreement.objects.count() == 13
    assert page.locator("a[href*='/agreements/']").count() >= 13

    # the Japanese report of the same meeting: recognized, and saving duplicates nothing
    _paste(page, live_server, _seed(seeds_dir, "000"))
    duplicate = page.locator("[data-testid=duplicate]")
    expect(duplicate).to_be_visible()
    assert duplicate.locator(f"a[href$='/meetings/{meeting.pk}/']").count() == 1
    assert page.locator("input[name=keep_meeting_match]").is_checked()
    page.locator("#intake-form button[type=submit]").click()
    page.wait_for_url(f"**/meetings/{meeting.pk}/")

    assert Meeting.objects.count() == 1
    assert Meeting.objects.filter(date=MEETING_DATE, pairing=pairing).count() == 1
    assert Agreement.objects.filter(meeting=meeting).count() == 13
    assert Agreement.objects.count() == 13
