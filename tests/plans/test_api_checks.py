"""The API of spot checks and audit findings: 404 out of scope, 403 without the right to write, 422 on bad
input; the stored seed re-draws the same sample; pinned query counts on the lists."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from counterpart.plans import services
from counterpart.plans.models import SpotCheck
from counterpart.plans.selectors import spot_check_verify
from tests.plans.conftest import Plans
from tests.plans.factories import ItemFactory
from tests.plans.test_api import client_for

pytestmark = pytest.mark.django_db

API = "/api/plans"
JSON = "application/json"


def test_spot_checks_draw_list_and_record(plans: Plans) -> None:
    office = client_for(plans.world.dalian_office)
    url = f"{API}/lists/{plans.rlist.pk}/spot-checks"
    response = office.post(url, {"sample_size": 1, "seed": 42, "note": "季度抽查"}, content_type=JSON)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["seed"] == 42
    assert len(body["drawn_item_ids"]) == 1
    assert len(body["results"]) == 1
    check = SpotCheck.objects.get(pk=body["id"])
    assert spot_check_verify(check=check, item_ids=[plans.item_a.pk, plans.item_b.pk])
    # A random seed is stored and returned.
    assert office.post(url, {"sample_size": 2}, content_type=JSON).json()["seed"] >= 0
    assert office.post(url, {"sample_size": 0}, content_type=JSON).status_code == 422
    assert office.get(url).json()["count"] == 2
    assert office.get(f"{API}/spot-checks/{check.pk}").json()["note"] == "季度抽查"
    result_id = body["results"][0]["id"]
    record = f"{API}/spot-check-results/{result_id}"
    assert office.post(record, {"result": "discrepancy", "note": ""}, content_type=JSON).status_code == 422
    assert office.post(record, {"result": "pending"}, content_type=JSON).status_code == 422
    response = office.post(record, {"result": "discrepancy", "note": "数据不符"}, content_type=JSON)
    assert response.status_code == 200
    assert response.json()["result"] == "discrepancy"


def test_spot_check_scope(plans: Plans) -> None:
    check = services.spot_check_draw(actor=None, responsibility_list=plans.rlist, sample_size=1, seed=3)
    result = check.results.get()  # type: ignore[attr-defined]
    url = f"{API}/lists/{plans.rlist.pk}/spot-checks"
    for user in (plans.reporter_a, plans.world.shanghai_office):
        other = client_for(user)
        assert other.get(url).status_code == 404
        assert other.post(url, {"sample_size": 1}, content_type=JSON).status_code == 404
        assert other.get(f"{API}/spot-checks/{check.pk}").status_code == 404
        payload = {"result": "confirmed"}
        assert (
            other.post(f"{API}/spot-check-results/{result.pk}", payload, content_type=JSON).status_code == 404
        )
    viewer = client_for(plans.world.viewer)
    assert viewer.get(url).status_code == 200
    assert viewer.post(url, {"sample_size": 1}, content_type=JSON).status_code == 403
    payload = {"result": "confirmed"}
    assert viewer.post(f"{API}/spot-check-results/{result.pk}", payload, content_type=JSON).status_code == 403
    assert SpotCheck.objects.count() == 1


def test_findings_create_rectify_close(plans: Plans) -> None:
    office = client_for(plans.world.dalian_office)
    url = f"{API}/lists/{plans.rlist.pk}/findings"
    data = {"unit": plans.unit_a.pk, "text": "台账不全", "severity": "high", "deadline": "2018-03-31"}
    assert office.post(url, {**data, "text": " "}, content_type=JSON).status_code == 422
    assert office.post(url, {**data, "severity": "extreme"}, content_type=JSON).status_code == 422
    assert office.post(url, {**data, "unit": 999999}, content_type=JSON).status_code == 422
    response = office.post(url, data, content_type=JSON)
    assert response.status_code == 201, response.content
    finding = response.json()
    assert finding["is_overdue"]
    assert finding["rectifications"] == []
    office.post(url, {**data, "deadline": "2100-01-01"}, content_type=JSON)
    assert office.get(url).json()["count"] == 2
    assert [f["id"] for f in office.get(url + "?overdue=true").json()["items"]] == [finding["id"]]
    rectify = f"{API}/findings/{finding['id']}/rectifications"
    assert office.post(rectify, {"date": "2018-04-01", "text": ""}, content_type=JSON).status_code == 422
    # The finding's unit reports rectification; it may not close.
    unit = client_for(plans.reporter_a)
    response = unit.post(rectify, {"date": "2018-04-01", "text": "补齐一半"}, content_type=JSON)
    assert response.status_code == 201
    assert response.json()["rectification_count"] == 1
    close = f"{API}/findings/{finding['id']}/close"
    assert unit.post(close, {"date": "2018-04-09", "text": "x"}, content_type=JSON).status_code == 403
    response = office.post(close, {"date": "2018-04-09", "text": "验收通过"}, content_type=JSON)
    body = response.json()
    assert response.status_code == 200
    assert body["closed_at"]
    assert not body["is_overdue"]
    assert [r["closes"] for r in body["rectifications"]] == [False, True]
    assert office.post(rectify, {"date": "2018-04-10", "text": "x"}, content_type=JSON).status_code == 422


def test_findings_scope(plans: Plans) -> None:
    finding = services.audit_finding_create(
        actor=None, responsibility_list=plans.rlist, unit=plans.unit_a, text="x", deadline=dt.date(2018, 3, 1)
    )
    url = f"{API}/lists/{plans.rlist.pk}/findings"
    data = {"unit": plans.unit_a.pk, "text": "y", "deadline": "2018-03-31"}
    for user in (plans.reporter_b, plans.world.shanghai_office):
        other = client_for(user)
        assert other.get(url).status_code == 404
        assert other.post(url, data, content_type=JSON).status_code == 404
        assert other.get(f"{API}/findings/{finding.pk}").status_code == 404
        payload = {"date": "2018-04-01", "text": "z"}
        assert (
            other.post(f"{API}/findings/{finding.pk}/rectifications", payload, content_type=JSON).status_code
            == 404
        )
        assert other.post(f"{API}/findings/{finding.pk}/close", payload, content_type=JSON).status_code == 404
    viewer = client_for(plans.world.viewer)
    assert viewer.get(url).json()["count"] == 1
    assert viewer.post(url, data, content_type=JSON).status_code == 403
    payload = {"date": "2018-04-01", "text": "z"}
    assert (
        viewer.post(f"{API}/findings/{finding.pk}/rectifications", payload, content_type=JSON).status_code
        == 403
    )
    assert viewer.post(f"{API}/findings/{finding.pk}/close", payload, content_type=JSON).status_code == 403
    assert not finding.rectifications.exists()  # type: ignore[attr-defined]


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("endpoint", ["spot-checks", "findings"])
def test_lists_use_a_constant_number_of_queries(plans: Plans, endpoint: str) -> None:
    client = client_for(plans.world.dalian_office)
    url = f"{API}/lists/{plans.rlist.pk}/{endpoint}?limit=100"

    def add(n: int) -> None:
        for _ in range(n):
            ItemFactory(responsibility_list=plans.rlist, lead_unit=plans.unit_a)
            services.spot_check_draw(actor=None, responsibility_list=plans.rlist, sample_size=3)
            finding = services.audit_finding_create(
                actor=None,
                responsibility_list=plans.rlist,
                unit=plans.unit_b,
                text="x",
                deadline=dt.date(2018, 3, 1),
            )
            services.rectification_add(actor=None, finding=finding, date=dt.date(2018, 3, 2), text="y")

    add(2)
    client.get(url)  # the first request of a token records its use
    small = _queries(client, url)
    add(15)
    large = _queries(client, url)
    assert small == large
    assert large <= 10
