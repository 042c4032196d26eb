"""The plans API: the same scope as the pages (404 out of scope, 403 on a write without the right)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from counterpart.plans.models import LedgerEntry
from tests.conftest import api_client
from tests.plans.conftest import Plans
from tests.plans.factories import LedgerEntryFactory

pytestmark = pytest.mark.django_db

API = "/api/plans"


client_for = api_client


def test_a_reporter_lists_only_its_units_items(plans: Plans) -> None:
    body = client_for(plans.reporter_a).get(f"{API}/items").json()
    assert [row["id"] for row in body["items"]] == [plans.item_a.pk]
    body = client_for(plans.world.dalian_office).get(f"{API}/lists/{plans.rlist.pk}/items").json()
    assert {row["id"] for row in body["items"]} == {plans.item_a.pk, plans.item_b.pk}
    assert {row["status"] for row in body["items"]} <= {
        "not_started",
        "on_track",
        "at_risk",
        "overdue",
        "done",
    }


def test_out_of_scope_is_404(plans: Plans) -> None:
    reporter = client_for(plans.reporter_a)
    assert reporter.get(f"{API}/items/{plans.item_b.pk}").status_code == 404
    assert reporter.get(f"{API}/items/{plans.item_b.pk}/entries").status_code == 404
    entry = LedgerEntryFactory(item=plans.item_b)
    assert reporter.get(f"{API}/entries/{entry.pk}").status_code == 404
    assert (
        reporter.post(
            f"{API}/items/{plans.item_b.pk}/entries",
            {"year": 2018, "month": 6, "value": "1"},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert (
        reporter.post(f"{API}/entries/{entry.pk}/accept", {}, content_type="application/json").status_code
        == 404
    )
    shanghai = client_for(plans.world.shanghai_office)
    assert shanghai.get(f"{API}/lists/{plans.rlist.pk}").status_code == 404
    assert shanghai.get(f"{API}/lists/{plans.rlist.pk}/items").status_code == 404


def test_writes_without_the_right_are_403(plans: Plans) -> None:
    viewer = client_for(plans.world.viewer)
    response = viewer.post(
        f"{API}/items/{plans.item_a.pk}/entries",
        {"year": 2018, "month": 6, "value": "1"},
        content_type="application/json",
    )
    assert response.status_code == 403
    entry = LedgerEntryFactory(item=plans.item_a, status=LedgerEntry.Status.SUBMITTED)
    reporter = client_for(plans.reporter_a)
    assert (
        reporter.post(f"{API}/entries/{entry.pk}/accept", {}, content_type="application/json").status_code
        == 403
    )
    assert (
        viewer.post(
            f"{API}/entries/{entry.pk}/return", {"comment": "x"}, content_type="application/json"
        ).status_code
        == 403
    )


def test_the_ledger_cycle_through_the_api(plans: Plans) -> None:
    year = timezone.localdate().year
    plans.item_a.start_date = plans.item_a.start_date.replace(year=year)
    plans.item_a.deadline = plans.item_a.deadline.replace(year=year)
    plans.item_a.save()
    reporter = client_for(plans.reporter_a)
    office = client_for(plans.world.dalian_office)
    created = reporter.post(
        f"{API}/items/{plans.item_a.pk}/entries",
        {"year": year, "month": 1, "value": "10"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    entry_id = created.json()["id"]
    returned = office.post(
        f"{API}/entries/{entry_id}/return", {"comment": ""}, content_type="application/json"
    )
    assert returned.status_code == 422
    returned = office.post(
        f"{API}/entries/{entry_id}/return", {"comment": "数字不对"}, content_type="application/json"
    )
    assert returned.json()["status"] == "returned"
    reporter.post(
        f"{API}/items/{plans.item_a.pk}/entries",
        {"year": year, "month": 1, "value": "12"},
        content_type="application/json",
    )
    accepted = office.post(f"{API}/entries/{entry_id}/accept", {}, content_type="application/json")
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["value"] == "12.00"
    again = office.post(f"{API}/entries/{entry_id}/accept", {}, content_type="application/json")
    assert again.status_code == 422
    item = reporter.get(f"{API}/items/{plans.item_a.pk}").json()
    assert Decimal(item["current_value"]) == Decimal("12")
