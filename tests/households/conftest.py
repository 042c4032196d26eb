"""The registry cast on top of the standard `world`: a county, town and two villages of Liupanshui, one of
Zunyi, a helped-side office of Liupanshui (may see ID numbers in clear) and a few households."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from counterpart.geo.models import Region
from counterpart.households import ids
from counterpart.households.models import Household, Member
from counterpart.households.services import MemberInput, household_register
from counterpart.pairings.models import ScopeGrant
from tests.conftest import World
from tests.factories import RegionFactory, ScopeGrantFactory, UserFactory

_seq = iter(range(100, 10_000))


def make_id(prefix: str = "520201", birth: dt.date = dt.date(1980, 1, 1), seq: int | None = None) -> str:
    """A valid 18-character resident ID number (check character computed)."""
    body = f"{prefix}{birth:%Y%m%d}{(seq if seq is not None else next(_seq)) % 1000:03d}"
    return body + ids.check_character(body)


@dataclass
class Registry:
    world: World
    zhongshan: Region
    town: Region
    village: Region
    village2: Region
    zunyi_village: Region
    liupanshui_office: Any
    zunyi_office: Any
    household: Household  # Liupanshui, two members
    zunyi_household: Household


def register(
    village: Region, number: str, *, head_id: str | None = None, n_members: int = 2, **kwargs: Any
) -> Household:
    prefix = village.code[:6]
    members = [
        MemberInput(name=f"户主{number}", id_number=head_id or make_id(prefix), relation=Member.Relation.HEAD)
    ]
    members += [
        MemberInput(
            name=f"成员{number}-{i}", id_number=make_id(prefix, dt.date(2005, 3, 3)), relation="child"
        )
        for i in range(1, n_members)
    ]
    return household_register(actor=None, number=number, village=village, members=members, **kwargs)


@pytest.fixture(autouse=True)
def english() -> Any:
    """Messages are asserted in English (the msgids), whatever language an earlier test left active."""
    with translation.override("en"):
        yield


@pytest.fixture
def registry(world: World) -> Registry:
    liupanshui = world.dalian_liupanshui.helped_region
    zhongshan = RegionFactory(
        code="520201", name="钟山区", name_en="Zhongshan District", level="county", parent=liupanshui
    )
    town = RegionFactory(code="520201100", name="大湾镇", level="town", parent=zhongshan)
    village = RegionFactory(code="520201100201", name="海嘎村", level="village", parent=town)
    village2 = RegionFactory(code="520201100202", name="新营村", level="village", parent=town)
    zunyi = world.shanghai_zunyi.helped_region
    huichuan = RegionFactory(code="520303", name="汇川区", level="county", parent=zunyi)
    ztown = RegionFactory(code="520303100", name="高坪镇", level="town", parent=huichuan)
    zvillage = RegionFactory(code="520303100201", name="团结村", level="village", parent=ztown)
    lps_office = UserFactory(username="liupanshui")
    ScopeGrantFactory(
        user=lps_office, pairing=world.dalian_liupanshui, role=ScopeGrant.Role.OFFICE, side="helped"
    )
    zunyi_office = UserFactory(username="zunyi")
    ScopeGrantFactory(
        user=zunyi_office, pairing=world.shanghai_zunyi, role=ScopeGrant.Role.OFFICE, side="helped"
    )
    household = register(village, "5202011002010001")
    zunyi_household = register(zvillage, "5203031002010001")
    return Registry(
        world,
        zhongshan,
        town,
        village,
        village2,
        zvillage,
        lps_office,
        zunyi_office,
        household,
        zunyi_household,
    )


def money(value: str) -> Decimal:
    return Decimal(value)
