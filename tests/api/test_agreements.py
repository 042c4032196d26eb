from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from counterpart.agreements.models import Agreement, AgreementParty, Milestone, ProgressReport
from counterpart.pairings.models import Pairing, ScopeGrant
from tests.api.conftest import DalianData, agreement_payload, token_client
from tests.conftest import World
from tests.factories import AgreementFactory, ProgressReportFactory, ScopeGrantFactory, UserFactory

pytestmark = pytest.mark.django_db

ClientFor = Callable[[Any], Client]


def counts() -> tuple[int, int, int, int]:
    return (
        Agreement.objects.count(),
        AgreementParty.objects.count(),
        Milestone.objects.count(),
        ProgressReport.objects.count(),
    )


def post(client: Client, url: str, payload: dict[str, Any]) -> Any:
    return client.post(url, payload, content_type="application/json")


def patch(client: Client, url: str, payload: dict[str, Any]) -> Any:
    return client.patch(url, payload, content_type="application/json")


# Lists ------------------------------------------------------------------------------------------------------


def test_the_list_items_carry_parties_stall_flag_and_last_report(
    world: World, dalian: DalianData, client_for: ClientFor
) -> None:
    body = client_for(world.dalian_office).get(f"/api/agreements?pairing={world.dalian_liupanshui.pk}").json()
    item = next(a for a in body["items"] if a["id"] == dalian.agreement.pk)
    assert item["parties"] == [
        {
            "organization": dalian.dalian_gov.pk,
            "name": "大连市人民政府",
            "name_en": "Dalian Municipal Government",
            "role": "helping",
        },
        {
            "organization": dalian.liupanshui_gov.pk,
            "name": "六盘水市人民政府",
            "name_en": "Liupanshui Municipal Government",
            "role": "helped",
        },
    ]
    assert item["is_stalled"] is True  # its milestone was due in 2019 and is not done
    assert item["last_report_date"] == "2019-01-10"
    assert item["status"] == "signed"


def test_a_pairing_filter_includes_its_sub_pairings(
    world: World, dalian: DalianData, client_for: ClientFor
) -> None:
    client = client_for(world.dalian_office)
    dl = world.dalian_liupanshui.pk
    ids = {a["id"] for a in client.get(f"/api/agreements?pairing={dl}").json()["items"]}
    assert ids == {dalian.agreement.pk, dalian.park_agreement.pk}
    ids = {a["id"] for a in client.get(f"/api/agreements?pairing={dl}&subpairings=false").json()["items"]}
    assert ids == {dalian.agreement.pk}


def test_thirteen_agreements_of_a_pairing_come_on_the_default_page(
    world: World, client_for: ClientFor
) -> None:
    AgreementFactory.create_batch(10, pairing=world.dalian_liupanshui)
    AgreementFactory.create_batch(3, pairing=world.park)
    AgreementFactory.create_batch(2, pairing=world.shanghai_zunyi)
    body = client_for(world.dalian_office).get(f"/api/agreements?pairing={world.dalian_liupanshui.pk}").json()
    assert body["count"] == 13
    assert len(body["items"]) == 13


def test_the_demo_pairing_dalian_liupanshui_lists_its_13_agreements(db: Any) -> None:
    loader = pytest.importorskip("counterpart.demo.loader")
    loader.load_demo()
    pairing = Pairing.objects.get(
        helper_region__name="大连市", helped_region__name="六盘水市", parent__isnull=True
    )
    user = UserFactory(username="demo-dalian")
    ScopeGrantFactory(user=user, pairing=pairing, role=ScopeGrant.Role.OFFICE)
    body = token_client(user).get(f"/api/agreements?pairing={pairing.pk}").json()
    assert body["count"] == 13
    assert len(body["items"]) == 13


def test_pages_hold_50_rows_by_default_and_at_most_500(world: World, client_for: ClientFor) -> None:
    AgreementFactory.create_batch(51, pairing=world.dalian_liupanshui, with_parties=False)
    client = client_for(world.dalian_office)
    body = client.get("/api/agreements").json()
    assert (body["count"], len(body["items"])) == (51, 50)
    body = client.get("/api/agreements?limit=2&offset=50").json()
    assert (body["count"], len(body["items"])) == (51, 1)
    response = client.get("/api/agreements?limit=501")
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["limit"]


def test_filters_and_sort(world: World, dalian: DalianData, client_for: ClientFor) -> None:
    AgreementFactory(
        pairing=world.dalian_liupanshui,
        title="劳务协作协议",
        sector=Agreement.Sector.LABOUR,
        kind=Agreement.Kind.PROJECT,
        signed_date=dt.date(2020, 4, 1),
        status=Agreement.Status.COMPLETED,
    )
    client = client_for(world.dalian_office)

    def ids(query: str) -> list[str]:
        response = client.get(f"/api/agreements?{query}")
        assert response.status_code == 200, response.content
        return [a["title"] for a in response.json()["items"]]

    assert ids("sector=labour") == ["劳务协作协议"]
    assert ids("kind=project&year=2020") == ["劳务协作协议"]
    assert ids("status=completed") == ["劳务协作协议"]
    assert ids("q=Dalian Municipal") == ["东西部扶贫协作框架协议"]  # a party's English name
    assert ids(f"meeting={dalian.meeting.pk}") == ["东西部扶贫协作框架协议"]
    assert "劳务协作协议" not in ids("status=stalled")
    assert ids("sort=title") == sorted(ids("sort=title"))
    assert ids("sort=-signed")[0] == "劳务协作协议"


def test_an_unknown_sort_or_status_is_422_naming_the_parameter(world: World, client_for: ClientFor) -> None:
    client = client_for(world.dalian_office)
    response = client.get("/api/agreements?sort=value")
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["sort"]
    response = client.get("/api/agreements?status=lost")
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["status"]


@pytest.mark.parametrize("n", [3, 30])
def test_the_list_runs_a_fixed_number_of_queries(
    world: World, client_for: ClientFor, django_assert_max_num_queries: Any, n: int
) -> None:
    agreements = AgreementFactory.create_batch(n, pairing=world.dalian_liupanshui)
    for agreement in agreements:
        ProgressReportFactory(agreement=agreement)
    client = client_for(world.dalian_office)
    client.get("/api/pairings")  # the token's first use is recorded; not part of the count below
    # token, scope grants, the pairing filter's check, count, rows, parties
    with django_assert_max_num_queries(6):
        body = client.get(f"/api/agreements?pairing={world.dalian_liupanshui.pk}&limit=500").json()
    assert body["count"] == n
    assert all(len(a["parties"]) == 2 for a in body["items"])


@pytest.mark.parametrize("n", [3, 30])
def test_the_detail_runs_a_fixed_number_of_queries(
    world: World, client_for: ClientFor, django_assert_max_num_queries: Any, n: int
) -> None:
    agreement = AgreementFactory(pairing=world.dalian_liupanshui)
    ProgressReportFactory.create_batch(n, agreement=agreement, reported_on=dt.date(2019, 1, 10))
    client = client_for(world.dalian_office)
    client.get("/api/pairings")
    # token, scope grants, the agreement, parties, milestones, progress reports
    with django_assert_max_num_queries(6):
        body = client.get(f"/api/agreements/{agreement.pk}").json()
    assert len(body["progress_reports"]) == n


# Detail -----------------------------------------------------------------------------------------------------


def test_the_detail_has_milestones_and_progress_reports(
    world: World, dalian: DalianData, client_for: ClientFor
) -> None:
    body = client_for(world.viewer).get(f"/api/agreements/{dalian.agreement.pk}").json()
    assert [m["what"] for m in body["milestones"]] == ["完成一期建设"]
    assert [r["text"] for r in body["progress_reports"]] == ["项目已开工"]
    assert body["stall_reason"]


def test_an_unknown_agreement_is_404_with_a_message(world: World, client_for: ClientFor) -> None:
    response = client_for(world.assessor).get("/api/agreements/999999")
    assert response.status_code == 404
    assert response.json() == {"detail": "No such agreement."}


# Writes -----------------------------------------------------------------------------------------------------


def test_an_unknown_organization_is_422_naming_parties(
    world: World, dalian: DalianData, client_for: ClientFor
) -> None:
    before = counts()
    payload = agreement_payload(world.dalian_liupanshui.pk, dalian.dalian_gov.pk, 999999)
    response = post(client_for(world.dalian_office), "/api/agreements", payload)
    assert response.status_code == 422
    body = response.json()
    assert "999999" in body["errors"]["parties"][0]
    assert "parties" in body["detail"]
    assert counts() == before


def test_a_single_party_is_422_naming_parties(
    world: World, dalian: DalianData, client_for: ClientFor
) -> None:
    before = counts()
    payload = agreement_payload(world.dalian_liupanshui.pk, dalian.dalian_gov.pk)
    response = post(client_for(world.dalian_office), "/api/agreements", payload)
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["parties"]
    assert counts() == before


def test_missing_parties_are_422_naming_the_field(world: World, client_for: ClientFor) -> None:
    payload = agreement_payload(world.dalian_liupanshui.pk)
    del payload["parties"]
    response = post(client_for(world.dalian_office), "/api/agreements", payload)
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["parties"]


def test_the_same_organization_twice_is_422(world: World, dalian: DalianData, client_for: ClientFor) -> None:
    org = dalian.dalian_gov.pk
    response = post(
        client_for(world.dalian_office),
        "/api/agreements",
        agreement_payload(world.dalian_liupanshui.pk, org, org),
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["parties"]


def test_an_end_date_before_the_start_is_422_naming_end_date(
    world: World, dalian: DalianData, client_for: ClientFor
) -> None:
    before = counts()
    payload = agreement_payload(
        world.dalian_liupanshui.pk,
        dalian.dalian_gov.pk,
        dalian.liupanshui_gov.pk,
        start_date="2020-01-01",
        end_date="2019-01-01",
        milestones=[{"what": "x", "due_date": "2019-06-01"}],
    )
    response = post(client_for(world.dalian_office), "/api/agreements", payload)
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["end_date"]
    assert counts() == before


def test_an_unknown_currency_is_422_naming_currency(
    world: World, dalian: DalianData, client_for: ClientFor
) -> None:
    payload = agreement_payload(
        world.dalian_liupanshui.pk, dalian.dalian_gov.pk, dalian.liupanshui_gov.pk, value="10", currency="XXX"
    )
    response = post(client_for(world.dalian_office), "/api/agreements", payload)
    assert response.status_code == 422
    assert "currency" in response.json()["errors"]


def test_schema_errors_have_the_one_error_shape(
    world: World, dalian: DalianData, client_for: ClientFor
) -> None:
    payload = agreement_payload(
        world.dalian_liupanshui.pk, dalian.dalian_gov.pk, dalian.liupanshui_gov.pk, kind="treaty", value="-1"
    )
    response = post(client_for(world.dalian_office), "/api/agreements", payload)
    assert response.status_code == 422
    body = response.json()
    assert set(body["errors"]) == {"kind", "value"}
    assert isinstance(body["detail"], str)
    assert "kind" in body["detail"]


def test_an_unknown_pairing_is_404(world: World, dalian: DalianData, client_for: ClientFor) -> None:
    payload = agreement_payload(999999, dalian.dalian_gov.pk, dalian.liupanshui_gov.pk)
    response = post(client_for(world.dalian_office), "/api/agreements", payload)
    assert response.status_code == 404
    assert response.json() == {"detail": "No such pairing."}


def test_patch_changes_only_the_given_fields(world: World, dalian: DalianData, client_for: ClientFor) -> None:
    response = patch(
        client_for(world.dalian_office),
        f"/api/agreements/{dalian.agreement.pk}",
        {"summary": "双方同意", "value": "200.50", "currency": "USD"},
    )
    assert response.status_code == 200, response.content
    dalian.agreement.refresh_from_db()
    assert dalian.agreement.summary == "双方同意"
    assert str(dalian.agreement.value) == "200.50"
    assert dalian.agreement.title == "东西部扶贫协作框架协议"
    assert dalian.agreement.meeting_id == dalian.meeting.pk


def test_patch_replaces_the_parties(world: World, dalian: DalianData, client_for: ClientFor) -> None:
    other = dalian.park_agreement.parties.first()
    assert other is not None
    parties = [
        {"organization": dalian.liupanshui_gov.pk, "role": "helped"},
        {"organization": other.organization_id, "role": "party"},
    ]
    response = patch(
        client_for(world.dalian_office), f"/api/agreements/{dalian.agreement.pk}", {"parties": parties}
    )
    assert response.status_code == 200, response.content
    assert [(p["organization"], p["role"]) for p in response.json()["parties"]] == [
        (dalian.liupanshui_gov.pk, "helped"),
        (other.organization_id, "party"),
    ]


def test_a_bad_patch_writes_nothing(world: World, dalian: DalianData, client_for: ClientFor) -> None:
    client = client_for(world.dalian_office)
    url = f"/api/agreements/{dalian.agreement.pk}"
    response = patch(client, url, {"title": "新标题", "start_date": "2020-01-01", "end_date": "2019-01-01"})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["end_date"]
    response = patch(
        client, url, {"parties": [{"organization": 999999}, {"organization": dalian.dalian_gov.pk}]}
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["parties"]
    dalian.agreement.refresh_from_db()
    assert dalian.agreement.title == "东西部扶贫协作框架协议"
    assert dalian.agreement.parties.count() == 2


def test_a_progress_report_in_the_future_is_422_naming_reported_on(
    world: World, dalian: DalianData, client_for: ClientFor
) -> None:
    url = f"/api/agreements/{dalian.agreement.pk}/progress-reports"
    tomorrow = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    before = counts()
    response = post(client_for(world.dalian_office), url, {"reported_on": tomorrow, "text": "计划"})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["reported_on"]
    response = post(client_for(world.dalian_office), url, {"reported_on": "2018-01-01", "text": "签约前"})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["reported_on"]
    assert counts() == before


def test_a_progress_report_may_move_the_status_on(
    world: World, dalian: DalianData, client_for: ClientFor
) -> None:
    url = f"/api/agreements/{dalian.agreement.pk}/progress-reports"
    response = post(
        client_for(world.dalian_office),
        url,
        {"reported_on": "2019-05-01", "text": "全部完成", "status_after": "completed"},
    )
    assert response.status_code == 201
    assert response.json()["status_after"] == "completed"
    dalian.agreement.refresh_from_db()
    assert dalian.agreement.status == Agreement.Status.COMPLETED


def test_a_field_the_endpoint_does_not_take_is_422(
    world: World, dalian: DalianData, client_for: ClientFor
) -> None:
    response = patch(
        client_for(world.dalian_office),
        f"/api/agreements/{dalian.agreement.pk}",
        {"pairing": world.shanghai_zunyi.pk},
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["pairing"]
    dalian.agreement.refresh_from_db()
    assert dalian.agreement.pairing_id == world.dalian_liupanshui.pk
