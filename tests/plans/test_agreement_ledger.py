"""Ledger entries on an agreement: exactly one of item/agreement, scope by the agreement's pairing (its office
reports and reviews, its readers read, others get a 404), through the services, the page and the API."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from counterpart.plans import services
from counterpart.plans.models import LedgerEntry
from tests.factories import AgreementFactory
from tests.plans.conftest import Plans, fresh
from tests.plans.test_api import client_for
from tests.plans.test_views import login

pytestmark = pytest.mark.django_db

API = "/api/plans"


@pytest.fixture
def agreement(plans: Plans) -> Any:
    return AgreementFactory(pairing=plans.world.dalian_liupanshui, title="大连六盘水产业合作协议")


def test_an_entry_is_on_an_item_or_an_agreement_never_both_nor_neither(plans: Plans, agreement: Any) -> None:
    for fields in ({"item": plans.item_a, "agreement": agreement}, {}):
        with pytest.raises(IntegrityError), transaction.atomic():
            LedgerEntry.objects.create(year=2018, month=6, value=Decimal("1"), **fields)
    LedgerEntry.objects.create(agreement=agreement, year=2018, month=6, value=Decimal("1"))
    with pytest.raises(IntegrityError), transaction.atomic():  # one entry per agreement and period
        LedgerEntry.objects.create(agreement=agreement, year=2018, month=6, value=Decimal("2"))


def test_the_office_reports_and_reviews_an_agreement(plans: Plans, agreement: Any) -> None:
    office = plans.world.dalian_office
    entry = services.agreement_entry_submit(
        actor=office, agreement=agreement, year=2018, month=6, value=Decimal("40"), narrative="签约落地"
    )
    assert entry.item is None and entry.agreement == agreement
    services.ledger_entry_return(actor=fresh(office), entry=entry, comment="请补充材料")
    entry = services.agreement_entry_submit(
        actor=fresh(office), agreement=agreement, year=2018, month=6, value=Decimal("45")
    )
    assert entry.status == LedgerEntry.Status.SUBMITTED
    services.ledger_entry_accept(actor=fresh(office), entry=entry)
    with pytest.raises(ValidationError, match="cumulative"):
        services.agreement_entry_submit(
            actor=fresh(office), agreement=agreement, year=2018, month=7, value=Decimal("30")
        )
    with pytest.raises(ValidationError, match="0 to 100"):
        services.agreement_entry_submit(
            actor=fresh(office), agreement=agreement, year=2018, month=7, value=Decimal("101")
        )


@pytest.mark.parametrize("who", ["reporter", "viewer", "shanghai"])
def test_others_may_not_report_or_review(plans: Plans, agreement: Any, who: str) -> None:
    user = {
        "reporter": plans.reporter_a,
        "viewer": plans.world.viewer,
        "shanghai": plans.world.shanghai_office,
    }[who]
    with pytest.raises(PermissionDenied):
        services.agreement_entry_submit(
            actor=user, agreement=agreement, year=2018, month=6, value=Decimal("1")
        )
    entry = LedgerEntry.objects.create(agreement=agreement, year=2018, month=6, value=Decimal("1"))
    with pytest.raises(PermissionDenied):
        services.ledger_entry_accept(actor=fresh(user), entry=entry)


def test_the_page(plans: Plans, agreement: Any) -> None:
    url = reverse("plans:agreement_ledger", args=[agreement.pk])
    office = login(plans.world.dalian_office)
    response = office.post(url, {"period": "2018-06", "value": "30", "narrative": "首批资金到位"})
    assert response.status_code == 302
    entry = LedgerEntry.objects.get(agreement=agreement)
    page = office.get(url).content.decode()
    assert "首批资金到位" in page and "agreement-entry-form" in page and "review-form" in page
    response = office.post(reverse("plans:entry_review", args=[entry.pk]), {"decision": "accept"})
    assert response["Location"] == url
    entry.refresh_from_db()
    assert entry.status == LedgerEntry.Status.ACCEPTED
    assert office.post(url, {"period": "2018-07", "value": "130"}).status_code == 400
    # A reporter of a unit and another pairing's office: 404; a reader of the pairing: read only.
    assert login(plans.reporter_a).get(url).status_code == 404
    assert login(plans.world.shanghai_office).get(url).status_code == 404
    viewer = login(plans.world.viewer)
    page = viewer.get(url).content.decode()
    assert "首批资金到位" in page and "agreement-entry-form" not in page
    assert viewer.post(url, {"period": "2018-06", "value": "50"}).status_code == 403


def test_the_api(plans: Plans, agreement: Any) -> None:
    url = f"{API}/agreements/{agreement.pk}/entries"
    office = client_for(plans.world.dalian_office)
    response = office.post(url, {"year": 2018, "month": 6, "value": "20"}, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["agreement"] == agreement.pk and body["item"] is None
    assert office.get(f"{API}/entries/{body['id']}").json()["agreement"] == agreement.pk
    response = office.post(f"{API}/entries/{body['id']}/accept", {}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    assert [row["id"] for row in office.get(url).json()] == [body["id"]]
    for user in (plans.reporter_a, plans.world.shanghai_office):
        other = client_for(user)
        assert other.get(url).status_code == 404
        assert other.get(f"{API}/entries/{body['id']}").status_code == 404
        payload = {"year": 2018, "month": 7, "value": "30"}
        assert other.post(url, payload, content_type="application/json").status_code == 404
    response = office.post(url, {"year": 2018, "month": 7, "value": "10"}, content_type="application/json")
    assert response.status_code == 422


def test_the_item_ledger_is_unchanged_by_agreement_entries(plans: Plans, agreement: Any) -> None:
    LedgerEntry.objects.create(agreement=agreement, year=2018, month=6, value=Decimal("1"))
    body = client_for(plans.world.dalian_office).get(f"{API}/items/{plans.item_a.pk}/entries").json()
    assert body == []
    page = login(plans.world.dalian_office).get(reverse("plans:review")).content.decode()
    assert "大连六盘水产业合作协议" not in page
