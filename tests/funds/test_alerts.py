"""Each supervision alert appears from the data and clears when its cause is gone (derived, not stored)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from counterpart.funds import selectors, services
from counterpart.funds.models import Project, Stage, Transaction
from tests.conftest import World
from tests.factories import RegionFactory
from tests.funds.conftest import TODAY, record

pytestmark = pytest.mark.django_db

K = Transaction.Kind


def kinds(world: World, today: dt.date = TODAY) -> list[str]:
    return [a.kind for a in selectors.alert_list(user=world.dalian_office, today=today)]


def test_idle_funds_alert_appears_past_the_threshold_and_clears_with_the_expenditure(
    world: World, project: Project, settings: Any
) -> None:
    settings.FUNDS_IDLE_DAYS = 30
    record(project, K.COMMITMENT, "300000", date=dt.date(2024, 8, 1))
    record(project, K.INCOMING_FUNDS, "300000", date=dt.date(2024, 8, 20))
    record(project, K.DISBURSEMENT, "300000", date=dt.date(2024, 9, 14))
    assert "idle" not in kinds(world, dt.date(2024, 10, 14))  # 30 days: not past the threshold
    alerts = [a for a in selectors.alert_list(user=world.dalian_office, today=TODAY) if a.kind == "idle"]
    assert len(alerts) == 1
    assert "300,000.00" in alerts[0].reason
    assert "31" in alerts[0].reason
    assert alerts[0].url == f"/funds/projects/{project.pk}/"
    record(project, K.EXPENDITURE, "100000", date=dt.date(2024, 10, 15))
    assert "idle" not in kinds(world)


def test_spending_rate_below_plan_at_a_period_end(world: World, project: Project, settings: Any) -> None:
    settings.FUNDS_SPENDING_PLAN = ((6, 50), (9, 75), (12, 100))
    record(project, K.INCOMING_FUNDS, "400000")
    record(project, K.EXPENDITURE, "200000")  # 50 % spent, 75 % expected by 30 September
    alerts = [a for a in selectors.alert_list(user=world.dalian_office, today=TODAY) if a.kind == "spending"]
    assert len(alerts) == 1
    assert "75%" in alerts[0].reason
    assert "50.0%" in alerts[0].reason
    assert "spending" not in kinds(world, dt.date(2024, 9, 30))  # only June has ended: 50 % is on plan
    record(project, K.EXPENDITURE, "100000")
    assert "spending" not in kinds(world)


def test_not_started_by_the_planned_start(world: World, project: Project) -> None:
    services.project_update(actor=None, project=project, stage=Stage.TENDERED, actual_start=None)
    assert "not_started" in kinds(world)
    services.project_update(
        actor=None, project=project, stage=Stage.STARTED, actual_start=dt.date(2024, 10, 1)
    )
    assert "not_started" not in kinds(world)


def test_past_the_planned_end_and_not_completed(world: World, project: Project) -> None:
    services.project_update(actor=None, project=project, planned_end=dt.date(2024, 9, 30))
    assert "overdue" in kinds(world)
    services.project_update(actor=None, project=project, stage=Stage.COMPLETED)
    assert "overdue" not in kinds(world)


def test_allocation_or_place_outside_the_pairing(world: World, project: Project, county: Any) -> None:
    zunyi_county = RegionFactory(
        code="520302", name="红花岗区", level="county", parent=world.shanghai_zunyi.helped_region
    )
    record(project, K.INCOMING_FUNDS, "10", recipient_region=zunyi_county)
    assert "outside" in kinds(world)
    Transaction.objects.update(recipient_region=county)
    assert "outside" not in kinds(world)
    services.project_update(actor=None, project=project, places=[county, zunyi_county])
    assert "outside" in kinds(world)
    services.project_update(actor=None, project=project, places=[county])
    assert "outside" not in kinds(world)


def test_transactions_dated_outside_the_project_dates(world: World, project: Project) -> None:
    record(project, K.INCOMING_FUNDS, "100")
    record(project, K.DISBURSEMENT, "100", date=dt.date(2024, 1, 5))  # before the actual start (10 January)
    assert "dates" in kinds(world)
    services.project_update(actor=None, project=project, actual_start=dt.date(2024, 1, 1))
    assert "dates" not in kinds(world)


def test_alerts_stay_in_scope(world: World, project: Project) -> None:
    services.project_update(actor=None, project=project, planned_end=dt.date(2024, 9, 30))
    assert selectors.alert_list(user=world.shanghai_office, today=TODAY) == []
    assert [a.kind for a in selectors.alert_list(user=world.viewer, today=TODAY)] == ["overdue"]


def test_the_alert_scan_is_one_query(world: World, project: Project, django_assert_num_queries: Any) -> None:
    for n in range(5):
        services.project_create(
            actor=None,
            pairing=world.dalian_liupanshui,
            title=f"项目{n}",
            planned_end=dt.date(2024, 1, 1),
            budget=Decimal("10"),
        )
    from counterpart.pairings.scope import scope_for

    scope_for(world.dalian_office)
    with django_assert_num_queries(1):
        alerts = selectors.alert_list(user=world.dalian_office, today=TODAY)
    assert len(alerts) == 5
