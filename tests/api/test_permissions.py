"""The permission matrix: every endpoint, for the office of another pairing, a viewer and the own office."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from counterpart.agreements.models import Agreement, AgreementParty, Milestone, ProgressReport
from counterpart.meetings.models import Meeting
from tests.api.conftest import DalianData, agreement_payload
from tests.conftest import World

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Meeting, Agreement, AgreementParty, Milestone, ProgressReport)
    }


def dalian_reads(world: World, d: DalianData) -> list[str]:
    """Every URL that names a Dalian object (or filters by one)."""
    dl, park = world.dalian_liupanshui.pk, world.park.pk
    return [
        f"/api/pairings/{dl}",
        f"/api/pairings/{park}",
        f"/api/meetings/{d.meeting.pk}",
        f"/api/meetings?pairing={dl}",
        f"/api/agreements/{d.agreement.pk}",
        f"/api/agreements/{d.park_agreement.pk}",
        f"/api/agreements?pairing={dl}",
        f"/api/agreements?pairing={park}",
        f"/api/agreements?meeting={d.meeting.pk}",
        f"/api/agreements/{d.agreement.pk}/progress-reports",
    ]


def dalian_writes(world: World, d: DalianData) -> list[tuple[str, str, dict[str, Any]]]:
    """Every write under Dalian's pairing, each with a payload that is otherwise valid."""
    dl = world.dalian_liupanshui.pk
    orgs = (d.dalian_gov.pk, d.liupanshui_gov.pk)
    return [
        (
            "post",
            "/api/meetings",
            {"kind": "seminar", "title": "座谈会", "date": "2019-06-01", "pairing": dl},
        ),
        ("patch", f"/api/meetings/{d.meeting.pk}", {"title": "改名"}),
        ("post", "/api/agreements", agreement_payload(dl, *orgs)),
        ("post", "/api/agreements", agreement_payload(world.park.pk, *orgs)),
        ("patch", f"/api/agreements/{d.agreement.pk}", {"status": "terminated"}),
        ("patch", f"/api/agreements/{d.park_agreement.pk}", {"title": "改名"}),
        (
            "post",
            f"/api/agreements/{d.agreement.pk}/progress-reports",
            {"reported_on": "2019-02-01", "text": "已完成一期"},
        ),
    ]


def send(client: Client, method: str, url: str, payload: dict[str, Any]) -> Any:
    return getattr(client, method)(url, payload, content_type="application/json")


def test_another_pairings_office_gets_404_on_every_dalian_object(
    world: World, dalian: DalianData, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(world.shanghai_office)
    for url in dalian_reads(world, dalian):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["detail"], url


def test_another_pairings_office_lists_nothing_of_dalians(
    world: World, dalian: DalianData, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(world.shanghai_office)
    assert [p["id"] for p in client.get("/api/pairings").json()["items"]] == [world.shanghai_zunyi.pk]
    assert [m["id"] for m in client.get("/api/meetings").json()["items"]] == [dalian.shanghai_meeting.pk]
    assert [a["id"] for a in client.get("/api/agreements").json()["items"]] == [dalian.shanghai_agreement.pk]
    assert client.get("/api/agreements?q=协议").json()["count"] == 1


def test_another_pairings_office_writes_nothing_under_dalian(
    world: World, dalian: DalianData, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(world.shanghai_office)
    before = counts()
    for method, url, payload in dalian_writes(world, dalian):
        response = send(client, method, url, payload)
        assert response.status_code in (403, 404), (method, url, response.content)
    assert counts() == before
    dalian.meeting.refresh_from_db()
    dalian.agreement.refresh_from_db()
    assert dalian.meeting.title != "改名"
    assert dalian.agreement.status == Agreement.Status.SIGNED


def test_another_pairings_office_cannot_attach_its_records_to_dalians(
    world: World, dalian: DalianData, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(world.shanghai_office)
    sz = world.shanghai_zunyi.pk
    before = counts()
    orgs = (dalian.dalian_gov.pk, dalian.liupanshui_gov.pk)
    # signed at a Dalian meeting: that meeting does not exist for Shanghai
    response = send(
        client, "post", "/api/agreements", agreement_payload(sz, *orgs, meeting=dalian.meeting.pk)
    )
    assert response.status_code == 422
    assert "meeting" in response.json()["errors"]
    # moving its own meeting into Dalian's pairing
    response = send(
        client,
        "patch",
        f"/api/meetings/{dalian.shanghai_meeting.pk}",
        {"pairing": world.dalian_liupanshui.pk},
    )
    assert response.status_code == 404
    # a part of a Dalian meeting
    response = send(
        client,
        "post",
        "/api/meetings",
        {"kind": "visit", "title": "考察", "date": "2019-06-01", "pairing": sz, "parent": dalian.meeting.pk},
    )
    assert response.status_code == 422
    assert "parent" in response.json()["errors"]
    assert counts() == before
    dalian.shanghai_meeting.refresh_from_db()
    assert dalian.shanghai_meeting.pairing_id == sz


def test_the_viewer_reads_dalian(
    world: World, dalian: DalianData, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(world.viewer)
    for url in dalian_reads(world, dalian):
        assert client.get(url).status_code == 200, url
    assert client.get("/api/agreements").json()["count"] == 2


def test_the_viewer_gets_403_on_every_write(
    world: World, dalian: DalianData, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(world.viewer)
    before = counts()
    for method, url, payload in dalian_writes(world, dalian):
        response = send(client, method, url, payload)
        assert response.status_code == 403, (method, url, response.content)
        assert response.json()["detail"]
    assert counts() == before


def test_the_dalian_office_creates_an_agreement_and_reports_progress(
    world: World, dalian: DalianData, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(world.dalian_office)
    payload = agreement_payload(
        world.dalian_liupanshui.pk,
        dalian.dalian_gov.pk,
        dalian.liupanshui_gov.pk,
        meeting=dalian.meeting.pk,
        value="1500000.00",
        milestones=[{"what": "建成鸡舍", "due_date": "2020-06-30"}],
    )
    response = send(client, "post", "/api/agreements", payload)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["pairing"] == world.dalian_liupanshui.pk
    assert body["meeting"] == dalian.meeting.pk
    assert body["value"] == "1500000.00"
    assert [(p["organization"], p["role"]) for p in body["parties"]] == [
        (dalian.dalian_gov.pk, "party"),
        (dalian.liupanshui_gov.pk, "party"),
    ]
    assert [m["what"] for m in body["milestones"]] == ["建成鸡舍"]

    url = f"/api/agreements/{body['id']}/progress-reports"
    response = send(client, "post", url, {"reported_on": "2019-06-01", "text": "鸡舍开工"})
    assert response.status_code == 201, response.content
    assert response.json()["reporter"] == "dalian"
    assert client.get(url).json()["count"] == 1
    agreement = Agreement.objects.get(pk=body["id"])
    assert agreement.status == Agreement.Status.IMPLEMENTING
    assert agreement.history.first().history_user == world.dalian_office  # type: ignore[attr-defined]


def test_the_dalian_office_writes_in_the_park_sub_pairing(
    world: World, dalian: DalianData, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(world.dalian_office)
    response = send(
        client, "patch", f"/api/agreements/{dalian.park_agreement.pk}", {"status": "implementing"}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "implementing"


def test_the_assessor_writes_anywhere(
    world: World, dalian: DalianData, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(world.assessor)
    response = send(client, "patch", f"/api/meetings/{dalian.shanghai_meeting.pk}", {"place": "遵义"})
    assert response.status_code == 200
    assert response.json()["place"] == "遵义"
