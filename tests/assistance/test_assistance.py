from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from counterpart.assistance.selectors import assistance_totals, household_assistance
from counterpart.assistance.services import (
    award_record,
    dispatch_record,
    placement_record,
    purchase_record,
    training_record,
)
from tests.factories import OrganizationFactory, PersonFactory
from tests.households.conftest import Registry


@pytest.fixture
def records(registry: Registry) -> Registry:
    world = registry.world
    dl, sz = world.dalian_liupanshui, world.shanghai_zunyi
    employer = OrganizationFactory(name="大连某公司")
    member = registry.household.members.select_related("household__village").first()
    for year in (2019, 2020):
        placement_record(
            actor=world.dalian_office,
            pairing=dl,
            member=member,
            employer=employer,
            work_region=dl.helper_region,
            start_date=dt.date(year, 3, 1),
            monthly_wage=Decimal("4200"),
        )
        purchase_record(
            actor=world.dalian_office,
            pairing=world.park,
            buyer=employer,
            product="刺梨",
            seller_region=dl.helped_region,
            amount=Decimal("100000.50"),
            date=dt.date(year, 6, 1),
        )
    training_record(
        actor=world.dalian_office,
        pairing=dl,
        topic="电商培训",
        date=dt.date(2020, 5, 1),
        trainees=30,
        members=[member],
    )
    dispatch_record(
        actor=world.dalian_office,
        pairing=dl,
        person=PersonFactory(),
        kind="doctor",
        from_org=employer,
        to_org=OrganizationFactory(),
        start_date=dt.date(2020, 1, 1),
    )
    award_record(
        actor=world.dalian_office,
        pairing=dl,
        title="先进集体",
        date=dt.date(2020, 12, 1),
        recipient_org=employer,
    )
    purchase_record(
        actor=world.shanghai_office,
        pairing=sz,
        buyer=OrganizationFactory(),
        product="茶叶",
        seller_region=sz.helped_region,
        amount=Decimal("5"),
        date=dt.date(2020, 6, 1),
    )
    return registry


def test_totals_by_pairing_and_year_in_few_queries(records: Registry) -> None:
    world = records.world
    with CaptureQueriesContext(connection) as ctx:
        rows = assistance_totals(user=world.dalian_office)
    assert len(ctx.captured_queries) <= 8
    by_key = {(r["pairing_id"], r["year"]): r for r in rows}
    dl = by_key[(world.dalian_liupanshui.pk, 2020)]
    assert (dl["placements"], dl["trainings"], dl["trainees"], dl["dispatch_doctor"], dl["awards"]) == (
        1,
        1,
        30,
        1,
        1,
    )
    assert by_key[(world.park.pk, 2019)]["purchase_amount"] == Decimal("100000.50")
    assert all(r["pairing_id"] != world.shanghai_zunyi.pk for r in rows)
    only_2019 = assistance_totals(user=world.dalian_office, year=2019)
    assert {r["year"] for r in only_2019} == {2019}


def test_records_need_a_pairing_the_actor_writes(records: Registry) -> None:
    world = records.world
    with pytest.raises(PermissionDenied):
        purchase_record(
            actor=world.viewer,
            pairing=world.dalian_liupanshui,
            buyer=OrganizationFactory(),
            product="x",
            seller_region=world.dalian_liupanshui.helped_region,
            amount=Decimal(1),
            date=dt.date(2020, 1, 1),
        )
    member = records.zunyi_household.members.select_related("household__village").first()
    with pytest.raises(ValidationError, match="helped region"):
        placement_record(
            actor=world.dalian_office,
            pairing=world.dalian_liupanshui,
            member=member,
            employer=OrganizationFactory(),
            work_region=world.dalian_liupanshui.helper_region,
            start_date=dt.date(2020, 1, 1),
            monthly_wage=Decimal(1),
        )


def test_household_assistance_lists_jobs_and_trainings(records: Registry) -> None:
    received = household_assistance(user=records.liupanshui_office, household=records.household)
    assert len(received["placements"]) == 2
    assert len(received["trainings"]) == 1
    nothing = household_assistance(user=records.world.shanghai_office, household=records.household)
    assert not nothing["placements"]


def test_totals_api_is_scoped(records: Registry) -> None:
    from tests.households.test_views import login

    rows = login(records.world.shanghai_office).get("/api/assistance/totals").json()
    assert {r["pairing"] for r in rows} == {records.world.shanghai_zunyi.pk}
