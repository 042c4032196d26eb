"""The rules of the funds services: each refusal names its field and writes nothing; totals and alerts are
derived in the database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from counterpart.funds import selectors, services
from counterpart.funds.models import Project, ProjectFunding, ProjectPlace, Stage, Transaction
from tests.conftest import World
from tests.factories import RegionFactory
from tests.funds.conftest import TODAY, record

pytestmark = pytest.mark.django_db

K = Transaction.Kind


def refused(field: str, call: Any) -> str:
    before = (Transaction.objects.count(), Transaction.history.count())
    with pytest.raises(ValidationError) as info:
        call()
    assert field in info.value.message_dict, info.value.message_dict
    assert (Transaction.objects.count(), Transaction.history.count()) == before
    return " ".join(info.value.message_dict[field])


def test_totals_are_summed_by_kind_in_the_database(project: Project) -> None:
    record(project, K.INCOMING_COMMITMENT, "500000")
    record(project, K.COMMITMENT, "100000")
    record(project, K.INCOMING_FUNDS, "400000")
    record(project, K.DISBURSEMENT, "300000")
    record(project, K.EXPENDITURE, "120000.50")
    row = selectors.with_totals(Project.objects.filter(pk=project.pk)).get()
    assert (row.committed, row.received, row.disbursed, row.spent) == (
        Decimal("600000"),
        Decimal("400000"),
        Decimal("300000"),
        Decimal("120000.50"),
    )


def test_a_project_without_transactions_has_zero_totals(project: Project) -> None:
    row = selectors.with_totals(Project.objects.filter(pk=project.pk)).get()
    assert (row.committed, row.received, row.disbursed, row.spent) == (0, 0, 0, 0)


def test_disbursement_above_receipts_is_refused(project: Project) -> None:
    record(project, K.INCOMING_FUNDS, "200000")
    record(project, K.DISBURSEMENT, "150000")
    message = refused("amount", lambda: record(project, K.DISBURSEMENT, "50000.01"))
    assert "200,000.00" in message
    record(project, K.DISBURSEMENT, "50000")  # exactly what was received is allowed


def test_spending_above_budget_is_refused(project: Project) -> None:
    record(project, K.EXPENDITURE, "999999")
    message = refused("amount", lambda: record(project, K.EXPENDITURE, "2"))
    assert "1,000,000.00" in message


def test_negative_or_zero_amount_is_refused(project: Project) -> None:
    refused("amount", lambda: record(project, K.INCOMING_FUNDS, "-1"))
    refused("amount", lambda: record(project, K.INCOMING_FUNDS, "0"))


def test_unknown_currency_is_refused(project: Project) -> None:
    refused("currency", lambda: record(project, K.INCOMING_FUNDS, "10", currency="XYZ"))
    refused("currency", lambda: record(project, K.INCOMING_FUNDS, "10", currency="USD"))


@pytest.mark.parametrize("date", [dt.date(1899, 12, 31), dt.date(2024, 10, 16), dt.date(2101, 1, 1)])
def test_dates_out_of_range_are_refused(project: Project, date: dt.date) -> None:
    refused("date", lambda: record(project, K.INCOMING_FUNDS, "10", date=date))


def test_another_pairings_office_may_not_record(world: World, project: Project) -> None:
    with pytest.raises(PermissionDenied):
        services.transaction_record(
            actor=world.shanghai_office,
            project=project,
            kind=K.INCOMING_FUNDS,
            date=TODAY,
            amount=Decimal("1"),
        )
    with pytest.raises(PermissionDenied):
        services.transaction_record(
            actor=world.viewer, project=project, kind=K.INCOMING_FUNDS, date=TODAY, amount=Decimal("1")
        )
    assert not Transaction.objects.exists()


def test_project_rules_name_their_fields(world: World) -> None:
    def create(**kwargs: Any) -> Any:
        return lambda: services.project_create(
            actor=None, pairing=world.dalian_liupanshui, title="项目", **kwargs
        )

    for field, kwargs in [
        ("planned_end", {"planned_start": dt.date(2024, 5, 1), "planned_end": dt.date(2024, 4, 1)}),
        ("budget", {"budget": Decimal("-5")}),
        ("poor_people", {"people": 10, "poor_people": 11}),
        ("funding_social", {"fundings": {"social": Decimal("-1")}}),
    ]:
        with pytest.raises(ValidationError) as info:
            create(**kwargs)()
        assert field in info.value.message_dict
    assert not Project.objects.exists()


def test_project_update_replaces_places_and_sets_funding(world: World, project: Project, county: Any) -> None:
    other = RegionFactory(
        code="520221", name="水城县", level="county", parent=world.dalian_liupanshui.helped_region
    )
    services.project_update(
        actor=world.dalian_office,
        project=project,
        places=[other],
        fundings={"cooperation": Decimal("800000"), "farmers": Decimal("20000")},
        stage=Stage.COMPLETED,
    )
    assert list(ProjectPlace.objects.filter(project=project).values_list("region__code", flat=True)) == [
        "520221"
    ]
    assert ProjectFunding.objects.filter(project=project).count() == 2
    services.project_update(actor=world.dalian_office, project=project, fundings={"farmers": None})
    assert list(ProjectFunding.objects.filter(project=project).values_list("source", flat=True)) == [
        "cooperation"
    ]
    project.refresh_from_db()
    assert project.stage == Stage.COMPLETED
    assert project.history.count() == 2


def test_budget_below_spending_is_refused(project: Project) -> None:
    record(project, K.EXPENDITURE, "5000")
    with pytest.raises(ValidationError) as info:
        services.project_update(actor=None, project=project, budget=Decimal("4999"))
    assert "budget" in info.value.message_dict
    project.refresh_from_db()
    assert project.budget == Decimal("1000000")
