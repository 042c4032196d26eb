from __future__ import annotations

import json
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from counterpart.households import ids
from counterpart.households.models import Member, UnmaskLog
from tests.conftest import api_client
from tests.conftest import login as conftest_login
from tests.households.conftest import Registry, make_id, register


def login(user: Any) -> Client:
    """Signed in, in English (the assertions read English messages)."""
    return conftest_login(user, language="en")


def test_shanghai_office_sees_no_liupanshui_households(registry: Registry) -> None:
    client = login(registry.world.shanghai_office)
    page = client.get(reverse("households:list")).content.decode()
    assert registry.zunyi_household.number in page
    assert registry.household.number not in page
    assert client.get(reverse("households:detail", args=[registry.household.pk])).status_code == 404
    member = registry.household.members.first()
    assert client.post(reverse("households:unmask", args=[member.pk])).status_code == 404
    assert client.get(reverse("assistance:household", args=[registry.household.pk])).status_code == 404
    api = client.get("/api/households").json()
    assert [h["number"] for h in api["items"]] == [registry.zunyi_household.number]
    assert client.get(f"/api/households/{registry.household.pk}").status_code == 404
    summary = client.get("/api/households/summary").json()
    assert [row["code"] for row in summary] == ["520303"]


def test_search_by_exact_id_number_shows_it_masked(registry: Registry) -> None:
    head = registry.household.members.get(relation="head")
    clear = ids.codec().decrypt(head.id_cipher, head.id_hash)
    client = login(registry.liupanshui_office)
    page = client.get(reverse("households:list"), {"id_number": clear.lower()}).content.decode()
    assert registry.household.number in page
    detail = client.get(reverse("households:detail", args=[registry.household.pk])).content.decode()
    assert head.id_masked in detail
    assert clear not in detail
    other = client.get(reverse("households:list"), {"id_number": make_id()}).content.decode()
    assert registry.household.number not in other
    api = api_client(registry.liupanshui_office).get("/api/households", {"id_number": clear}).json()
    assert api["count"] == 1


def test_search_by_id_number_is_refused_to_those_who_may_not_unmask(registry: Registry) -> None:
    """A match confirms a whole number: the helping side (reads, no unmask) may not search by ID number."""
    head = registry.household.members.get(relation="head")
    clear = ids.codec().decrypt(head.id_cipher, head.id_hash)
    client = login(registry.world.dalian_office)
    response = client.get(reverse("households:list"), {"id_number": clear})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Searching by ID number is for those who may see ID numbers in clear." in page
    assert registry.household.number not in page
    assert 'name="id_number"' not in client.get(reverse("households:list")).content.decode()
    detail = client.get(reverse("households:detail", args=[registry.household.pk])).content.decode()
    assert reverse("households:unmask", args=[head.pk]) not in detail  # helping side: no unmask button
    api = api_client(registry.world.dalian_office)
    assert api.get("/api/households", {"id_number": clear}).status_code == 403
    assert api.get("/api/households").json()["count"] >= 1
    detail_api = api.get(f"/api/households/{registry.household.pk}").json()
    assert clear not in json.dumps(detail_api)
    assert {m["id_masked"] for m in detail_api["members"]} >= {head.id_masked}


def test_unmask_only_for_the_helped_office_and_logged(registry: Registry) -> None:
    head = registry.household.members.get(relation="head")
    url = reverse("households:unmask", args=[head.pk])
    assert login(registry.world.dalian_office).post(url).status_code == 403
    assert login(registry.world.viewer).post(url).status_code == 403
    assert UnmaskLog.objects.count() == 0
    client = login(registry.liupanshui_office)
    assert url in client.get(reverse("households:detail", args=[registry.household.pk])).content.decode()
    response = client.post(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert ids.codec().decrypt(head.id_cipher, head.id_hash) in response.content.decode()
    assert list(UnmaskLog.objects.values_list("user__username", "member_id")) == [("liupanshui", head.pk)]


def test_household_list_query_count_is_pinned(registry: Registry) -> None:
    for i in range(15):
        register(registry.village2, f"Q-{i:03d}", n_members=3)
    client = login(registry.world.dalian_office)
    client.get(reverse("households:list"))  # warm the session and content types
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("households:list"))
    assert response.status_code == 200
    assert "Q-014" in response.content.decode()
    # session, user, scope grants (roles), scope grants (scope), helped regions, office grants, count, page
    assert len(ctx.captured_queries) <= 8, [q["sql"] for q in ctx.captured_queries]
    many = len(ctx.captured_queries)
    for i in range(15, 20):
        register(registry.village2, f"Q-{i:03d}", n_members=3)
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("households:list"))
    assert len(ctx.captured_queries) == many


def test_household_page_and_summary_render(registry: Registry) -> None:
    client = login(registry.liupanshui_office)
    page = client.get(reverse("households:detail", args=[registry.household.pk]))
    assert page.status_code == 200
    assert "520201100201" in page.content.decode()
    summary = client.get(reverse("households:summary"), {"region": "520201", "year": 2019})
    text = summary.content.decode()
    assert summary.status_code == 200
    assert "registry-chart-options" in text
    assert "海嘎村" in text
    assert "echarts.min.js" in text
    assert client.get(reverse("assistance:household", args=[registry.household.pk])).status_code == 200
    assert client.get(reverse("assistance:overview")).status_code == 200


def test_status_change_form_refuses_exit_with_reasons(registry: Registry) -> None:
    client = login(registry.liupanshui_office)
    response = client.post(
        reverse("households:status", args=[registry.household.pk]),
        {"to_status": "exited", "year": 2019, "reason": "试退出"},
    )
    assert response.status_code == 200
    assert "Exit refused" in response.content.decode()
    assert Member.objects.filter(household=registry.household).count() == 2
