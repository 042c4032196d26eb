from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from counterpart.core.models import Alias
from counterpart.geo.models import Region
from tests.api.conftest import DalianData
from tests.conftest import World
from tests.factories import PairingFactory

pytestmark = pytest.mark.django_db

ClientFor = Callable[[Any], Client]


def test_the_pairing_detail_names_both_sides_and_its_children(
    world: World, dalian: DalianData, client_for: ClientFor
) -> None:
    body = client_for(world.dalian_office).get(f"/api/pairings/{world.dalian_liupanshui.pk}").json()
    assert body["helper"] == {
        "type": "region",
        "id": body["helper"]["id"],
        "code": "210200",
        "name": "大连市",
        "name_en": "Dalian",
    }
    assert body["helped"]["code"] == "520200"
    assert body["children"] == [world.park.pk]
    assert (body["meeting_count"], body["agreement_count"]) == (1, 1)


def test_the_pairing_list_searches_both_sides(world: World, client_for: ClientFor) -> None:
    client = client_for(world.assessor)
    assert client.get("/api/pairings").json()["count"] == 3
    assert [p["id"] for p in client.get("/api/pairings?q=Zunyi").json()["items"]] == [world.shanghai_zunyi.pk]


@pytest.mark.parametrize("n", [3, 30])
def test_the_pairing_list_runs_a_fixed_number_of_queries(
    world: World, client_for: ClientFor, django_assert_max_num_queries: Any, n: int
) -> None:
    PairingFactory.create_batch(n, parent=world.dalian_liupanshui)
    client = client_for(world.dalian_office)
    client.get("/api/regions")
    with django_assert_max_num_queries(4):  # token, scope grants, count, rows
        body = client.get("/api/pairings?limit=500").json()
    assert body["count"] == n + 2


def test_regions_by_code_and_by_name(world: World, client_for: ClientFor) -> None:
    client = client_for(world.shanghai_office)  # lookups are not scoped
    body = client.get("/api/regions?code=520200").json()
    assert [(r["name"], r["parent"], r["level"]) for r in body["items"]] == [
        ("六盘水市", "520000", "prefecture")
    ]
    assert [r["code"] for r in client.get("/api/regions?q=Dalian").json()["items"]] == ["210200"]
    assert client.get("/api/regions?code=999999").json()["count"] == 0


def test_organizations_by_name_and_alias(world: World, dalian: DalianData, client_for: ClientFor) -> None:
    Alias.objects.create(
        content_type=ContentType.objects.get_for_model(dalian.dalian_gov),
        object_id=dalian.dalian_gov.pk,
        language="zh-hans",
        text="连市府",
    )
    client = client_for(world.viewer)
    assert [o["id"] for o in client.get("/api/organizations?q=六盘水市人民").json()["items"]] == [
        dalian.liupanshui_gov.pk
    ]
    body = client.get("/api/organizations?q=连市府").json()
    assert [(o["id"], o["region"]) for o in body["items"]] == [(dalian.dalian_gov.pk, "210200")]


def test_lookups_need_authentication(world: World) -> None:
    assert Client().get("/api/regions").status_code == 401
    assert Client().get("/api/organizations").status_code == 401
    assert Region.objects.exists()
