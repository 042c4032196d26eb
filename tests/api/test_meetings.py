from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from counterpart.meetings.models import Meeting
from tests.api.conftest import DalianData
from tests.conftest import World
from tests.factories import AttendanceFactory, MeetingFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

ClientFor = Callable[[Any], Client]


def post(client: Client, url: str, payload: dict[str, Any]) -> Any:
    return client.post(url, payload, content_type="application/json")


def test_the_detail_lists_attendees_decisions_and_agreements(
    world: World, dalian: DalianData, client_for: ClientFor
) -> None:
    body = client_for(world.viewer).get(f"/api/meetings/{dalian.meeting.pk}").json()
    assert [(a["name"], a["role"], a["title"]) for a in body["attendees"]] == [
        ("谭作钧", "chair", "大连市委书记"),
        ("李刚", "attendee", "六盘水市委书记"),
    ]
    assert body["attendees"][0]["name_en"] == "Tan Zuojun"
    assert [d["text"] for d in body["decisions"]] == ["共建产业园区"]
    assert body["agreements"] == [dalian.agreement.pk]
    assert body["pairing"] == world.dalian_liupanshui.pk


def test_the_detail_lists_the_figures_with_decimal_values_and_spans(
    world: World, dalian: DalianData, client_for: ClientFor
) -> None:
    from decimal import Decimal

    from counterpart.meetings.services import figure_add

    figure_add(
        actor=world.dalian_office,
        meeting=dalian.meeting,
        what="帮扶资金",
        value=Decimal("3.5"),
        unit="亿元",
        span=(4, 9),
    )
    figure_add(actor=world.dalian_office, meeting=dalian.meeting, what="officials", value=Decimal("183"))
    body = client_for(world.viewer).get(f"/api/meetings/{dalian.meeting.pk}").json()
    assert [(f["what"], f["value"], f["unit"], f["span"]) for f in body["figures"]] == [
        ("帮扶资金", "3.5000", "亿元", [4, 9]),
        ("officials", "183.0000", "", None),
    ]


def test_the_list_filters_by_pairing_kind_year_and_text(
    world: World, dalian: DalianData, client_for: ClientFor
) -> None:
    MeetingFactory(pairing=world.dalian_liupanshui, kind=Meeting.Kind.SEMINAR, title="劳务协作座谈会")
    client = client_for(world.dalian_office)

    def titles(query: str) -> list[str]:
        response = client.get(f"/api/meetings?{query}")
        assert response.status_code == 200, response.content
        return [m["title"] for m in response.json()["items"]]

    dl = world.dalian_liupanshui.pk
    assert set(titles(f"pairing={dl}")) == {"大连·六盘水东西部扶贫协作联席会议", "劳务协作座谈会"}
    assert titles("kind=seminar") == ["劳务协作座谈会"]
    assert titles("year=2018") == ["大连·六盘水东西部扶贫协作联席会议"]
    assert titles("q=六盘水") == ["大连·六盘水东西部扶贫协作联席会议"]
    assert client.get("/api/meetings?kind=party").status_code == 422


@pytest.mark.parametrize("n", [3, 30])
def test_the_list_runs_a_fixed_number_of_queries(
    world: World, client_for: ClientFor, django_assert_max_num_queries: Any, n: int
) -> None:
    for meeting in MeetingFactory.create_batch(
        n, pairing=world.dalian_liupanshui, host=OrganizationFactory()
    ):
        AttendanceFactory(meeting=meeting)
    client = client_for(world.dalian_office)
    client.get("/api/pairings")
    with django_assert_max_num_queries(5):  # token, scope grants, the pairing filter's check, count, rows
        body = client.get(f"/api/meetings?pairing={world.dalian_liupanshui.pk}").json()
    assert body["count"] == n


def test_the_office_records_a_meeting(world: World, dalian: DalianData, client_for: ClientFor) -> None:
    payload = {
        "kind": "signing_ceremony",
        "title": "项目签约仪式",
        "date": "2018-09-12",
        "pairing": world.dalian_liupanshui.pk,
        "parent": dalian.meeting.pk,
        "host": dalian.liupanshui_gov.pk,
        "place": "六盘水",
        "place_region": "520200",
    }
    response = post(client_for(world.dalian_office), "/api/meetings", payload)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["place_region"] == "520200"
    assert body["parent"] == dalian.meeting.pk
    assert body["host"]["name"] == "六盘水市人民政府"
    parent = client_for(world.dalian_office).get(f"/api/meetings/{dalian.meeting.pk}").json()
    assert parent["parts"] == [body["id"]]


def test_an_unknown_region_code_is_422_naming_place_region(world: World, client_for: ClientFor) -> None:
    before = Meeting.objects.count()
    payload = {
        "kind": "visit",
        "title": "考察",
        "date": "2019-06-01",
        "pairing": world.dalian_liupanshui.pk,
        "place_region": "999999",
    }
    response = post(client_for(world.dalian_office), "/api/meetings", payload)
    assert response.status_code == 422
    body = response.json()
    assert list(body["errors"]) == ["place_region"]
    assert "999999" in body["detail"]
    assert Meeting.objects.count() == before


def test_an_unknown_host_is_422_naming_host(world: World, client_for: ClientFor) -> None:
    payload = {"kind": "visit", "title": "考察", "date": "2019-06-01", "host": 999999}
    response = post(client_for(world.dalian_office), "/api/meetings", payload)
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["host"]


def test_an_end_date_before_the_start_is_422_naming_end_date(world: World, client_for: ClientFor) -> None:
    before = Meeting.objects.count()
    payload = {
        "kind": "visit",
        "title": "考察",
        "date": "2019-06-03",
        "end_date": "2019-06-01",
        "pairing": world.dalian_liupanshui.pk,
    }
    response = post(client_for(world.dalian_office), "/api/meetings", payload)
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["end_date"]
    assert Meeting.objects.count() == before


def test_a_meeting_without_pairing_or_host_is_422_naming_pairing(world: World, client_for: ClientFor) -> None:
    response = post(
        client_for(world.assessor), "/api/meetings", {"kind": "other", "title": "会", "date": "2019-01-01"}
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["pairing"]


def test_patch_changes_a_meeting(world: World, dalian: DalianData, client_for: ClientFor) -> None:
    response = client_for(world.dalian_office).patch(
        f"/api/meetings/{dalian.meeting.pk}",
        {"number": 1, "summary": "会议确定了年度重点", "place_region": "520200"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    dalian.meeting.refresh_from_db()
    assert dalian.meeting.number == 1
    assert dalian.meeting.place_region is not None
    assert dalian.meeting.place_region.code == "520200"
    assert dalian.meeting.title == "大连·六盘水东西部扶贫协作联席会议"


def test_a_bad_patch_writes_nothing(world: World, dalian: DalianData, client_for: ClientFor) -> None:
    response = client_for(world.dalian_office).patch(
        f"/api/meetings/{dalian.meeting.pk}",
        {"title": "新", "end_date": "2018-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["end_date"]
    dalian.meeting.refresh_from_db()
    assert dalian.meeting.title == "大连·六盘水东西部扶贫协作联席会议"
    assert dalian.meeting.end_date is None
