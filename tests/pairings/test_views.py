"""Pairing pages: list (search, pagination, htmx fragment) and the pairing page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from counterpart.pairings.models import Pairing
from tests.conftest import World
from tests.factories import MeetingFactory, PairingFactory, RegionFactory
from tests.web.records import client_for, make_records

pytestmark = pytest.mark.django_db


def test_pairing_list_shows_the_pairings_in_scope(world: World) -> None:
    response = client_for(world.dalian_office, language="en").get(reverse("pairings:list"))
    assert response.status_code == 200
    assert {p.pk for p in response.context["page"].object_list} == {world.dalian_liupanshui.pk, world.park.pk}
    assert "Shanghai" not in response.content.decode()


def test_pairing_list_search_narrows_by_region_name(world: World) -> None:
    client = client_for(world.assessor, language="en")
    response = client.get(reverse("pairings:list"), {"q": "Zunyi"})
    assert [p.pk for p in response.context["page"].object_list] == [world.shanghai_zunyi.pk]


@override_settings(PAGE_SIZE=2)
def test_pairing_list_is_paginated(world: World) -> None:
    client = client_for(world.assessor, language="en")
    first = client.get(reverse("pairings:list"))
    assert len(first.context["page"].object_list) == 2
    assert "Page 1 of 2 (3 in all)" in first.content.decode()
    second = client.get(reverse("pairings:list"), {"page": 2})
    assert len(second.context["page"].object_list) == 1


def test_pairing_list_htmx_request_gets_only_the_table(world: World) -> None:
    response = client_for(world.dalian_office).get(
        reverse("pairings:list"), {"q": "大连"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="pairing-table"')
    assert "<html" not in html
    assert "<form" not in html
    assert "HX-Request" in response["Vary"]


def _make_sub_pairings(world: World, n: int) -> None:
    for i in range(n):
        PairingFactory(
            parent=world.dalian_liupanshui,
            level=Pairing.Level.COUNTY,
            helper_region=RegionFactory(name=f"区{i}"),
            helped_region=RegionFactory(name=f"县{i}"),
        )


def _list_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("pairings:list")).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("rows", [3, 20])
def test_pairing_list_query_count_is_pinned(
    world: World, rows: int, django_assert_max_num_queries: Any
) -> None:
    _make_sub_pairings(world, rows)
    client = client_for(world.dalian_office)
    with django_assert_max_num_queries(7):
        client.get(reverse("pairings:list"))


def test_pairing_list_query_count_does_not_grow_with_rows(world: World) -> None:
    client = client_for(world.dalian_office)
    _make_sub_pairings(world, 3)
    few = _list_queries(client)
    _make_sub_pairings(world, 20)
    assert _list_queries(client) == few


def test_pairing_page_shows_sides_level_programme_and_sub_pairings(world: World) -> None:
    make_records(world)
    response = client_for(world.dalian_office, language="en").get(
        reverse("pairings:detail", args=[world.dalian_liupanshui.pk])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dalian" in html
    assert "Liupanshui" in html
    assert "city" in html
    assert "east–west cooperation" in html
    assert [c.pk for c in response.context["children"]] == [world.park.pk]
    assert reverse("pairings:detail", args=[world.park.pk]) in html


def test_pairing_page_lists_meetings_newest_first_and_agreements_with_the_stalled_flag(world: World) -> None:
    records = make_records(world)
    older = MeetingFactory(pairing=world.dalian_liupanshui, title="早期会议", date=dt.date(2017, 1, 1))
    response = client_for(world.dalian_office, language="en").get(
        reverse("pairings:detail", args=[world.dalian_liupanshui.pk])
    )
    meetings = response.context["meetings"]
    assert [m.pk for m in meetings][-1] == older.pk
    assert [m.date for m in meetings] == sorted((m.date for m in meetings), reverse=True)
    agreements = {a.pk: a for a in response.context["agreements"]}
    assert set(agreements) == {records.agreement.pk, records.stalled.pk, records.park_agreement.pk}
    assert response.context["stalled_count"] == 1
    html = response.content.decode()
    assert "A milestone is overdue." in html
    assert 'id="stalled-count">1<' in html


def test_pairing_page_timeline_has_meetings_signings_and_reports_by_date(world: World) -> None:
    records = make_records(world)
    response = client_for(world.dalian_office, language="en").get(
        reverse("pairings:detail", args=[world.dalian_liupanshui.pk])
    )
    timeline = response.context["timeline"]
    kinds = {entry.kind for entry in timeline}
    assert kinds == {"meeting", "agreement", "report"}
    assert [e.date for e in timeline] == sorted((e.date for e in timeline), reverse=True)
    assert any(e.kind == "report" and e.object_id == records.agreement.pk for e in timeline)
    assert "Progress report" in response.content.decode()


def test_writers_see_create_buttons_and_viewers_do_not(world: World) -> None:
    url = reverse("pairings:detail", args=[world.dalian_liupanshui.pk])
    create = reverse("agreements:create")
    assert create in client_for(world.dalian_office).get(url).content.decode()
    assert create not in client_for(world.viewer).get(url).content.decode()


@pytest.mark.parametrize("pairing", ["dalian_liupanshui", "park"])
def test_shanghai_office_gets_404_on_dalian_pairing_pages(world: World, pairing: str) -> None:
    pk = getattr(world, pairing).pk
    assert client_for(world.shanghai_office).get(reverse("pairings:detail", args=[pk])).status_code == 404


def test_pairing_pages_need_a_login(world: World) -> None:
    response = Client().get(reverse("pairings:detail", args=[world.dalian_liupanshui.pk]))
    assert response.status_code == 302
