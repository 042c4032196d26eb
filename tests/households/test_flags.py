"""The page where a person reviews the households the monitoring rule flagged."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from counterpart.households.models import Household, MonitoringFlag, StatusChange
from tests.households.conftest import Registry, register
from tests.households.test_views import login


def flag(household: Household, reason: str = MonitoringFlag.Reason.INCOME_BELOW_LINE) -> MonitoringFlag:
    return MonitoringFlag.objects.create(
        household=household, year=2020, reason=reason, detail="3,000 < 4,000"
    )


def test_flags_page_lists_only_flags_in_scope(registry: Registry) -> None:
    own, other = flag(registry.household), flag(registry.zunyi_household)
    page = login(registry.liupanshui_office).get(reverse("households:flags")).content.decode()
    assert f'id="flag-{own.pk}"' in page
    assert f'id="flag-{other.pk}"' not in page
    assert reverse("households:flag_review", args=[own.pk]) in page


def test_dismissing_a_flag_keeps_the_reason_and_the_status(registry: Registry) -> None:
    item = flag(registry.household)
    client = login(registry.liupanshui_office)
    response = client.post(
        reverse("households:flag_review", args=[item.pk]),
        {"outcome": "dismissed", "reason": "Income was mistyped; corrected."},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.outcome == "dismissed"
    assert item.review_reason == "Income was mistyped; corrected."
    assert item.reviewed_by == registry.liupanshui_office
    registry.household.refresh_from_db()
    assert registry.household.status == Household.Status.POOR
    reviewed = client.get(reverse("households:flags"), {"outcome": "dismissed"}).content.decode()
    assert "Income was mistyped; corrected." in reviewed


def test_confirming_a_flag_puts_the_household_under_monitoring(registry: Registry) -> None:
    item = flag(registry.household, MonitoringFlag.Reason.GUARANTEE_LOST)
    response = login(registry.liupanshui_office).post(
        reverse("households:flag_review", args=[item.pk]),
        {"outcome": "monitored", "to_status": "hardship", "reason": "House damaged by the flood."},
    )
    assert response.status_code == 302
    registry.household.refresh_from_db()
    assert registry.household.status == Household.Status.HARDSHIP
    change = StatusChange.objects.filter(household=registry.household).latest("changed_at", "id")
    assert (change.to_status, change.reason) == ("hardship", "House damaged by the flood.")


def test_a_review_without_reason_or_category_is_refused(registry: Registry) -> None:
    item = flag(registry.household)
    client = login(registry.liupanshui_office)
    url = reverse("households:flag_review", args=[item.pk])
    no_reason = client.post(url, {"outcome": "dismissed", "reason": "  "})
    assert no_reason.status_code == 400
    no_category = client.post(url, {"outcome": "monitored", "reason": "Income fell."})
    assert no_category.status_code == 400
    assert "Choose a monitoring category." in no_category.content.decode()
    item.refresh_from_db()
    assert item.outcome == MonitoringFlag.Outcome.OPEN


def test_only_the_managing_office_may_review(registry: Registry) -> None:
    item = flag(registry.household)
    url = reverse("households:flag_review", args=[item.pk])
    body = {"outcome": "dismissed", "reason": "not ours"}
    assert login(registry.zunyi_office).post(url, body).status_code == 404  # outside its scope
    assert login(registry.world.dalian_office).post(url, body).status_code == 403  # may read, not manage
    item.refresh_from_db()
    assert item.outcome == MonitoringFlag.Outcome.OPEN


def test_a_flag_is_reviewed_once(registry: Registry) -> None:
    item = flag(registry.household)
    client = login(registry.liupanshui_office)
    url = reverse("households:flag_review", args=[item.pk])
    assert client.post(url, {"outcome": "dismissed", "reason": "ok"}).status_code == 302
    again = client.post(url, {"outcome": "dismissed", "reason": "ok"})
    assert again.status_code == 400
    assert "This flag was already reviewed." in again.content.decode()


def test_flags_page_query_count_does_not_grow_with_the_flags(registry: Registry) -> None:
    for i in range(3):
        flag(register(registry.village2, f"F-{i:03d}"))
    client = login(registry.liupanshui_office)
    client.get(reverse("households:flags"))  # warm the session and content types
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("households:flags")).status_code == 200
    few = len(ctx.captured_queries)
    for i in range(3, 10):
        flag(register(registry.village2, f"F-{i:03d}"))
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(reverse("households:flags")).content.decode()
    assert "F-009" in page
    assert len(ctx.captured_queries) == few
