"""A small cast of records for Dalian → Liupanshui (and its co-built park) and Shanghai → Zunyi, 2019."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from counterpart.agreements.models import Agreement
from counterpart.assessment import services
from counterpart.assessment.jobs import run_job
from counterpart.assessment.models import AssessmentRun, Result, Score
from counterpart.assistance.models import Placement
from counterpart.pairings.models import Pairing
from tests.conftest import World
from tests.factories import AgreementFactory, OrganizationFactory

_member = iter(range(1_000_000, 10_000_000))


def place(pairing: Pairing, day: dt.date, employer: Any = None) -> Placement:
    """A placement (the member and household ids stand for registry rows: no database constraint)."""
    pk = next(_member)
    return Placement.objects.create(
        member_id=pk,
        household_id=pk,
        province_code="520000",
        employer=employer or OrganizationFactory(),
        work_region=pairing.helper_region,
        start_date=day,
        monthly_wage=Decimal("3500.00"),
        pairing=pairing,
    )


def agreements(pairing: Pairing, *, stalled: int, fine: int) -> None:
    for _ in range(stalled):
        AgreementFactory(pairing=pairing, status=Agreement.Status.STALLED, with_parties=False)
    for _ in range(fine):
        AgreementFactory(pairing=pairing, status=Agreement.Status.COMPLETED, with_parties=False)


@dataclass
class Cast:
    world: World
    employer: Any


@pytest.fixture
def cast(world: World) -> Cast:
    dl, park, sz = world.dalian_liupanshui, world.park, world.shanghai_zunyi
    employer = OrganizationFactory(name="大连某企业")
    for day in (dt.date(2019, 3, 1), dt.date(2019, 4, 1), dt.date(2019, 5, 1)):
        place(dl, day, employer)
    for day in (dt.date(2019, 6, 1), dt.date(2019, 7, 1)):
        place(park, day, employer)  # the park's placements count for Dalian → Liupanshui too
    place(dl, dt.date(2018, 6, 1), employer)  # another year
    place(sz, dt.date(2019, 6, 1))
    agreements(dl, stalled=2, fine=11)
    agreements(sz, stalled=0, fine=1)
    return Cast(world, employer)


def compute(scheme: str = "east-west", year: int = 2019) -> AssessmentRun:
    run = services.run_create(actor=None, scheme_code=scheme, year=year, enqueue=False)
    run = run_job(run.pk)
    assert run.status == AssessmentRun.Status.DONE, run.message
    return run


def score_of(run: AssessmentRun, pairing: Pairing, indicator: str) -> Score:
    return Score.objects.get(result__run=run, result__pairing=pairing, indicator=indicator)


def result_of(run: AssessmentRun, pairing: Pairing) -> Result:
    return Result.objects.get(run=run, pairing=pairing)
