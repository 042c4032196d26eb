"""The funds API: projects, transactions and alerts under /api/funds, with the same rules and scope."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from counterpart.funds import services
from counterpart.funds.models import Project, Transaction
from tests.conftest import World, api_client

pytestmark = pytest.mark.django_db


def post(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def test_create_list_update_and_get_a_project(world: World, county: Any) -> None:
    client = api_client(world.dalian_office)
    response = post(
        client,
        "/api/funds/projects",
        {
            "pairing": world.dalian_liupanshui.pk,
            "title": "吉他产业园",
            "sector": "industry",
            "year": 2019,
            "places": ["520201"],
            "budget": "5000000.00",
            "fundings": {"cooperation": "3000000", "enterprise": "2000000"},
            "outputs": [{"what": "就业岗位", "value": "300", "unit": "个"}],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["places"] == [{"code": "520201", "name": "钟山区"}]
    assert {f["source"] for f in body["fundings"]} == {"cooperation", "enterprise"}
    listed = client.get("/api/funds/projects?sector=industry&county=520201").json()
    assert [p["title"] for p in listed["items"]] == ["吉他产业园"]
    patched = client.patch(
        f"/api/funds/projects/{body['id']}",
        json.dumps({"stage": "completed", "fundings": {"enterprise": None}}),
        content_type="application/json",
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["stage"] == "completed"
    assert [f["source"] for f in patched.json()["fundings"]] == ["cooperation"]


def test_transactions_refusals_name_the_field_and_write_nothing(world: World, project: Project) -> None:
    client = api_client(world.dalian_office)
    url = f"/api/funds/projects/{project.pk}/transactions"
    ok = post(client, url, {"kind": 1, "date": "2024-03-01", "amount": "1000"})
    assert ok.status_code == 201, ok.content
    for body, field in [
        ({"kind": 3, "date": "2024-03-01", "amount": "1000.01"}, "amount"),
        ({"kind": 1, "date": "2024-03-01", "amount": "-5"}, "amount"),
        ({"kind": 1, "date": "2024-03-01", "amount": "5", "currency": "EUR"}, "currency"),
        ({"kind": 1, "date": "1800-01-01", "amount": "5"}, "date"),
        ({"kind": 1, "date": "2024-03-01", "amount": "5", "recipient_region": "999999"}, "recipient_region"),
    ]:
        response = post(client, url, body)
        assert response.status_code == 422, (body, response.content)
        assert field in response.json()["errors"], response.json()
    assert Transaction.objects.count() == 1
    assert client.get(url).json()["count"] == 1


def test_alerts_in_the_api(world: World, project: Project) -> None:
    services.project_update(actor=None, project=project, planned_end=dt.date(2024, 6, 30))
    alerts = api_client(world.dalian_office).get("/api/funds/alerts?kind=overdue").json()
    assert [a["kind"] for a in alerts] == ["overdue"]
    assert alerts[0]["url"] == f"/funds/projects/{project.pk}/"
    assert api_client(world.shanghai_office).get("/api/funds/alerts").json() == []


def test_scope_in_the_api(world: World, project: Project) -> None:
    other = api_client(world.shanghai_office)
    assert other.get(f"/api/funds/projects/{project.pk}").status_code == 404
    assert other.get("/api/funds/projects").json()["count"] == 0
    url = f"/api/funds/projects/{project.pk}/transactions"
    assert post(other, url, {"kind": 1, "date": "2024-03-01", "amount": "5"}).status_code == 404
    viewer = api_client(world.viewer)
    assert post(viewer, url, {"kind": 1, "date": "2024-03-01", "amount": "5"}).status_code == 403
    body = {"pairing": world.dalian_liupanshui.pk, "title": "x"}
    assert post(viewer, "/api/funds/projects", body).status_code == 403
    assert post(other, "/api/funds/projects", body).status_code == 404
    assert not Transaction.objects.exists()
    assert Project.objects.count() == 1
