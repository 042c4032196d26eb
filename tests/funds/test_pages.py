"""The funds pages: list (filters, sort, numbered pages, query count pinned), project page, forms, scope."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from counterpart.funds import services
from counterpart.funds.models import Project, ProjectPlace, Sector, Transaction
from tests.conftest import World, login
from tests.factories import RegionFactory
from tests.funds.conftest import record

pytestmark = pytest.mark.django_db


def make_projects(world: World, county: Any, n: int) -> None:
    for i in range(n):
        services.project_create(
            actor=None,
            pairing=world.dalian_liupanshui,
            title=f"大棚{i:02d}",
            sector=Sector.AGRICULTURE if i % 2 else Sector.EDUCATION,
            year=2023 + i % 2,
            places=[county],
            budget=Decimal(10000 * (i + 1)),
            planned_end=dt.date(2020, 1, 1),
        )


def list_queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_project_list_query_count_does_not_grow_with_rows(world: World, county: Any, settings: Any) -> None:
    settings.PAGE_SIZE = 10
    client = login(world.dalian_office)
    make_projects(world, county, 3)
    few = list_queries(client, "/funds/projects/")
    make_projects(world, county, 20)
    many = list_queries(client, "/funds/projects/?sort=-budget&page=2")
    assert many == few
    assert few <= 9


def test_project_list_filters_sorts_and_numbers_its_pages(world: World, county: Any, settings: Any) -> None:
    settings.PAGE_SIZE = 5
    make_projects(world, county, 12)
    client = login(world.dalian_office)
    body = client.get("/funds/projects/?sector=education&sort=budget").content.decode()
    assert "大棚00" in body
    assert "大棚01" not in body
    assert body.index("大棚00") < body.index("大棚02")
    assert "1万元" in body  # 10,000 yuan shown in 万元
    body = client.get("/funds/projects/").content.decode()
    assert 'aria-current="page">1</span>' in body
    assert "?page=3" in body
    body = client.get("/funds/projects/?county=520201&year=2024&q=大棚").content.decode()
    assert "大棚01" in body
    assert "大棚00" not in body
    RegionFactory(code="520221", name="水城县", level="county", parent=county.parent)
    assert "大棚" not in client.get("/funds/projects/?county=520221").content.decode().split("<table")[-1]


def test_another_pairings_office_gets_404(world: World, project: Project) -> None:
    other = login(world.shanghai_office)
    for url in (f"/funds/projects/{project.pk}/", f"/funds/projects/{project.pk}/edit/"):
        assert other.get(url).status_code == 404
    response = other.post(f"/funds/projects/{project.pk}/transactions/", {"kind": 1, "amount": "1"})
    assert response.status_code == 404
    assert "冷水鱼" not in other.get("/funds/projects/").content.decode()
    assert "冷水鱼" not in other.get("/funds/").content.decode()


def test_a_viewer_reads_but_may_not_record(world: World, project: Project) -> None:
    viewer = login(world.viewer)
    body = viewer.get(f"/funds/projects/{project.pk}/").content.decode()
    assert "冷水鱼" in body
    assert 'id="transaction-form"' not in body
    response = viewer.post(
        f"/funds/projects/{project.pk}/transactions/",
        {"kind": 1, "date": "2024-03-01", "amount": "5", "currency": "CNY"},
    )
    assert response.status_code == 403
    assert not Transaction.objects.exists()


def test_recording_a_transaction_and_the_error_beside_its_field(world: World, project: Project) -> None:
    client = login(world.dalian_office)
    url = f"/funds/projects/{project.pk}/transactions/"
    ok = client.post(url, {"kind": 1, "date": "2024-03-01", "amount": "50000", "currency": "CNY"})
    assert ok.status_code == 302
    refused = client.post(url, {"kind": 3, "date": "2024-03-02", "amount": "60000", "currency": "CNY"})
    assert refused.status_code == 400
    form = refused.context["transaction_form"]
    assert "amount" in form.errors
    assert "50,000.00" in form.errors["amount"][0]
    body = refused.content.decode()
    amount_field = body.split('id="field-amount"')[1].split('id="field-')[0]
    assert "errorlist" in amount_field
    assert form.errors["amount"][0] in amount_field.replace("&quot;", '"')
    bad = client.post(url, {"kind": 1, "date": "2024-03-01", "amount": "5", "currency": "USD"})
    assert "currency" in bad.context["transaction_form"].errors
    assert Transaction.objects.count() == 1
    page = client.get(f"/funds/projects/{project.pk}/").content.decode()
    assert "5万元" in page


def test_creating_and_editing_a_project_from_the_forms(world: World, county: Any) -> None:
    client = login(world.dalian_office)
    assert client.get(f"/funds/projects/new/?pairing={world.dalian_liupanshui.pk}").status_code == 200
    response = client.post(
        "/funds/projects/new/",
        {
            "pairing": world.dalian_liupanshui.pk,
            "title": "易地扶贫搬迁幼儿园",
            "sector": "education",
            "stage": "started",
            "year": "2019",
            "place_1": "520201",
            "budget": "3000000",
            "funding_cooperation": "2500000",
            "funding_farmers": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    project = Project.objects.get(title="易地扶贫搬迁幼儿园")
    assert list(ProjectPlace.objects.filter(project=project).values_list("region__code", flat=True)) == [
        "520201"
    ]
    assert project.fundings.get().amount == Decimal("2500000")
    edit = client.get(f"/funds/projects/{project.pk}/edit/")
    assert edit.status_code == 200
    assert "---------" not in edit.content.decode()
    response = client.post(
        f"/funds/projects/{project.pk}/edit/",
        {
            "title": "幼儿园",
            "sector": "education",
            "stage": "started",
            "planned_start": "2019-05-01",
            "planned_end": "2019-04-01",
        },
    )
    assert response.status_code == 400
    assert "planned_end" in response.context["form"].errors


def test_the_pairing_page_shows_the_alerts_and_links(world: World, project: Project) -> None:
    services.project_update(actor=None, project=project, planned_end=dt.date(2024, 6, 30))
    body = login(world.dalian_office).get(f"/pairings/{world.dalian_liupanshui.pk}/").content.decode()
    assert 'id="pairing-funds"' in body
    assert "冷水鱼养殖" in body
    assert f"/funds/projects/?pairing={world.dalian_liupanshui.pk}" in body


def test_the_dashboard_shows_alerts_and_the_fund_flow(world: World, project: Project) -> None:
    record(project, Transaction.Kind.INCOMING_FUNDS, "20000", date=dt.date(2024, 2, 1))
    body = login(world.dalian_office).get("/funds/").content.decode()
    assert 'id="fund-flow"' in body
    assert "2万元" in body
    assert 'id="chart-fund-flow-options"' in body
