from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from counterpart.funds import services
from counterpart.funds.models import Project, Sector, Stage
from tests.conftest import World
from tests.factories import RegionFactory

TODAY = dt.date(2024, 10, 15)


@pytest.fixture
def county(world: World) -> Any:
    return RegionFactory(
        code="520201", name="钟山区", level="county", parent=world.dalian_liupanshui.helped_region
    )


@pytest.fixture
def project(world: World, county: Any) -> Project:
    return services.project_create(
        actor=None,
        pairing=world.dalian_liupanshui,
        title="冷水鱼养殖",
        sector=Sector.AGRICULTURE,
        year=2024,
        places=[county],
        budget=Decimal("1000000"),
        stage=Stage.STARTED,
        planned_start=dt.date(2024, 1, 1),
        planned_end=dt.date(2024, 12, 31),
        actual_start=dt.date(2024, 1, 10),
    )


def record(
    project: Project, kind: int, amount: str, date: dt.date = dt.date(2024, 3, 1), **kwargs: Any
) -> Any:
    return services.transaction_record(
        actor=None, project=project, kind=kind, date=date, amount=Decimal(amount), today=TODAY, **kwargs
    )
