"""A Dalian → Liupanshui responsibility list with two units and their reporters, and a Shanghai list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import translation

from counterpart.orgs.models import Organization
from counterpart.pairings.models import ScopeGrant
from counterpart.plans.models import Item, ResponsibilityList
from tests.conftest import World
from tests.factories import OrganizationFactory, ScopeGrantFactory, UserFactory
from tests.plans.factories import ItemFactory, ResponsibilityListFactory


@dataclass
class Plans:
    world: World
    owner: Organization
    unit_a: Organization
    unit_b: Organization
    rlist: ResponsibilityList
    item_a: Item
    item_b: Item
    reporter_a: Any
    reporter_b: Any
    shanghai_list: ResponsibilityList
    shanghai_item: Item


@pytest.fixture
def plans(world: World) -> Plans:
    dl = world.dalian_liupanshui
    owner = OrganizationFactory(name="大连市人民政府", region=dl.helper_region)
    unit_a = OrganizationFactory(
        name="大连市生态环境局", name_en="Dalian Ecology Bureau", region=dl.helper_region
    )
    unit_b = OrganizationFactory(
        name="大连市农业农村局", name_en="Dalian Agriculture Bureau", region=dl.helper_region
    )
    rlist = ResponsibilityListFactory(
        title="大连市与六盘水市扶贫协作三年行动计划（2018年度责任清单）", owner=owner, pairing=dl, year=2018
    )
    item_a = ItemFactory(
        responsibility_list=rlist, number="1", position=1, task="建设扶贫车间", lead_unit=unit_a
    )
    item_b = ItemFactory(
        responsibility_list=rlist, number="2", position=2, task="劳务输出培训", lead_unit=unit_b
    )
    reporter_a = UserFactory(username="reporter_a")
    ScopeGrantFactory(user=reporter_a, role=ScopeGrant.Role.REPORTER, organization=unit_a, side="")
    reporter_b = UserFactory(username="reporter_b")
    ScopeGrantFactory(user=reporter_b, role=ScopeGrant.Role.REPORTER, organization=unit_b, side="")
    sz = world.shanghai_zunyi
    shanghai_owner = OrganizationFactory(name="上海市人民政府", region=sz.helper_region)
    shanghai_list = ResponsibilityListFactory(
        title="沪遵责任清单", owner=shanghai_owner, pairing=sz, year=2018
    )
    shanghai_item = ItemFactory(
        responsibility_list=shanghai_list, lead_unit=shanghai_owner, deadline=dt.date(2018, 12, 31)
    )
    return Plans(
        world,
        owner,
        unit_a,
        unit_b,
        rlist,
        item_a,
        item_b,
        reporter_a,
        reporter_b,
        shanghai_list,
        shanghai_item,
    )


def fresh(user: Any) -> Any:
    """The same user without its cached scope (as the next request would see it)."""
    return type(user).objects.get(pk=user.pk)


@pytest.fixture(autouse=True)
def english_messages() -> Any:
    """Messages are matched in English in these tests (the catalogues translate them)."""
    with translation.override("en"):
        yield
