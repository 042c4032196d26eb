"""Agreement pages: list (filters, sorts, pagination, htmx), page (stalled badge, history), forms, reports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from counterpart.agreements import services
from counterpart.agreements.models import Agreement, AgreementParty, Milestone, ProgressReport
from tests.conftest import World
from tests.factories import AgreementFactory, MilestoneFactory, OrganizationFactory
from tests.web.records import Records, client_for, make_records

pytestmark = pytest.mark.django_db


def _form_data(world: World, records: Records, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "pairing": world.dalian_liupanshui.pk,
        "title": "劳务协作协议",
        "title_en": "",
        "title_ja": "",
        "kind": Agreement.Kind.COOPERATION,
        "sector": Agreement.Sector.LABOUR,
        "meeting": "",
        "signed_date": "2019-05-08",
        "start_date": "2019-06-01",
        "end_date": "2020-12-31",
        "value": "1200000.00",
        "currency": "CNY",
        "status": Agreement.Status.SIGNED,
        "summary": "",
        "parties-TOTAL_FORMS": "4",
        "parties-INITIAL_FORMS": "0",
        "parties-MIN_NUM_FORMS": "0",
        "parties-MAX_NUM_FORMS": "1000",
        "parties-0-organization": records.orgs[0].pk,
        "parties-0-role": "helping",
        "parties-1-organization": records.orgs[1].pk,
        "parties-1-role": "helped",
        "parties-2-organization": "",
        "parties-2-role": "party",
        "parties-3-organization": "",
        "parties-3-role": "party",
        "milestones-TOTAL_FORMS": "2",
        "milestones-INITIAL_FORMS": "0",
        "milestones-MIN_NUM_FORMS": "0",
        "milestones-MAX_NUM_FORMS": "1000",
        "milestones-0-what": "输出劳动力 500 人",
        "milestones-0-due_date": "2019-12-31",
        "milestones-1-what": "",
        "milestones-1-due_date": "",
    }
    data.update(overrides)
    return data


def _writes(records: Records) -> tuple[int, int, int, int, list[Any]]:
    return (
        Agreement.objects.count(),
        AgreementParty.objects.count(),
        Milestone.objects.count(),
        ProgressReport.objects.count(),
        list(Agreement.objects.order_by("pk").values_list("title", "status", "end_date")),
    )


# --- list -------------------------------------------------------------------------------------------------


def test_agreement_list_shows_agreements_in_scope_with_the_stalled_flag(world: World) -> None:
    records = make_records(world)
    response = client_for(world.dalian_office, language="en").get(reverse("agreements:list"))
    html = response.content.decode()
    ids = {a.pk for a in response.context["page"].object_list}
    assert ids == {records.agreement.pk, records.stalled.pk, records.park_agreement.pk}
    assert "沪遵合作协议" not in html
    assert html.count('class="is-stalled"') == 1
    assert "A milestone is overdue." in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "stalled"}, {"stalled"}),
        ({"status": "implementing"}, {"stalled"}),
        ({"status": "signed"}, {"agreement", "park_agreement"}),
        ({"kind": "project"}, set()),
        ({"sector": "general"}, {"agreement", "stalled", "park_agreement"}),
        ({"year": "2018"}, {"agreement", "stalled"}),
        ({"q": "茶叶"}, {"stalled"}),
        ({"q": "Firm"}, set()),
        ({"pairing": "PARK"}, {"park_agreement"}),
        ({"pairing": "SZ"}, {"agreement", "stalled", "park_agreement"}),  # not in scope: ignored
        ({"status": "bogus"}, {"agreement", "stalled", "park_agreement"}),
    ],
)
def test_agreement_list_filters(world: World, params: dict[str, str], expected: set[str]) -> None:
    records = make_records(world)
    ids = {"PARK": world.park.pk, "SZ": world.shanghai_zunyi.pk}
    params = {k: str(ids.get(v, v)) for k, v in params.items()}
    response = client_for(world.dalian_office).get(reverse("agreements:list"), params)
    assert response.status_code == 200
    assert {a.pk for a in response.context["page"].object_list} == {getattr(records, n).pk for n in expected}


def test_agreement_list_search_matches_party_names(world: World) -> None:
    records = make_records(world)
    party = records.agreement.parties.first().organization
    response = client_for(world.dalian_office).get(reverse("agreements:list"), {"q": party.name})
    assert [a.pk for a in response.context["page"].object_list] == [records.agreement.pk]


@pytest.mark.parametrize("sort", ["title", "-title"])
def test_agreement_list_sorts_by_column(world: World, sort: str) -> None:
    make_records(world)
    response = client_for(world.dalian_office).get(reverse("agreements:list"), {"sort": sort})
    titles = [a.title for a in response.context["page"].object_list]
    assert titles == sorted(titles, reverse=sort.startswith("-"))
    html = response.content.decode()
    flipped = sort[1:] if sort.startswith("-") else f"-{sort}"
    assert f"sort={flipped}" in html  # the active column's link flips the order


@override_settings(PAGE_SIZE=2)
def test_agreement_list_is_paginated_and_keeps_the_filters(world: World) -> None:
    make_records(world)
    client = client_for(world.dalian_office, language="en")
    first = client.get(reverse("agreements:list"), {"sort": "title"})
    assert len(first.context["page"].object_list) == 2
    html = first.content.decode()
    assert "Page 1 of 2 (3 in all)" in html
    assert "?sort=title&amp;page=2" in html
    second = client.get(reverse("agreements:list"), {"sort": "title", "page": 2})
    assert len(second.context["page"].object_list) == 1


def test_agreement_list_htmx_request_gets_only_the_table(world: World) -> None:
    make_records(world)
    client = client_for(world.dalian_office)
    response = client.get(reverse("agreements:list"), {"status": "stalled"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="agreement-table"')
    assert "<html" not in html
    assert 'id="agreement-filters"' not in html
    assert "茶叶销售协议" in html
    assert "蛋鸡养殖项目合作协议" not in html
    assert "HX-Request" in response["Vary"]


def test_agreement_list_without_js_renders_the_whole_page_with_the_filter_form(world: World) -> None:
    make_records(world)
    html = (
        client_for(world.dalian_office)
        .get(reverse("agreements:list"), {"status": "stalled"})
        .content.decode()
    )
    assert "<html" in html
    assert 'id="agreement-filters"' in html
    assert 'method="get"' in html
    assert 'hx-get="/agreements/"' in html
    assert 'hx-push-url="true"' in html
    assert '<section id="agreement-table"' in html


def _make_agreements(world: World, n: int) -> None:
    for i in range(n):
        agreement = AgreementFactory(
            pairing=world.park if i % 2 else world.dalian_liupanshui, title=f"协议{i}"
        )
        MilestoneFactory(agreement=agreement)


def _list_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert (
            client.get(reverse("agreements:list"), {"status": "stalled", "sort": "title"}).status_code == 200
        )
    return len(ctx.captured_queries)


@pytest.mark.parametrize("rows", [3, 30])
def test_agreement_list_query_count_is_pinned(
    world: World, rows: int, django_assert_max_num_queries: Any
) -> None:
    _make_agreements(world, rows)
    client = client_for(world.dalian_office)
    with django_assert_max_num_queries(8):
        client.get(reverse("agreements:list"))


def test_agreement_list_query_count_does_not_grow_with_rows(world: World) -> None:
    client = client_for(world.dalian_office)
    _make_agreements(world, 3)
    few = _list_queries(client)
    _make_agreements(world, 27)
    assert _list_queries(client) == few


# --- page -------------------------------------------------------------------------------------------------


def test_agreement_page_shows_parties_meeting_dates_value_and_status(world: World) -> None:
    records = make_records(world)
    Agreement.objects.filter(pk=records.agreement.pk).update(value=Decimal("5000000"), currency="CNY")
    response = client_for(world.viewer, language="en").get(
        reverse("agreements:detail", args=[records.agreement.pk])
    )
    html = response.content.decode()
    assert response.status_code == 200
    for party in records.agreement.parties.all():
        assert str(party.organization.name_en) in html
    assert "party" in html
    assert reverse("meetings:detail", args=[records.ceremony.pk]) in html
    assert "2018-09-12" in html
    assert "CN¥5,000,000.00" in html  # the English format of an amount in yuan
    assert "badge--signed" in html
    assert "二期投产" in html  # the reports


def test_stalled_agreement_page_shows_the_badge_with_the_reason(world: World) -> None:
    records = make_records(world)
    html = (
        client_for(world.dalian_office, language="en")
        .get(reverse("agreements:detail", args=[records.stalled.pk]))
        .content.decode()
    )
    assert "badge--stalled" in html
    assert "A milestone is overdue." in html
    assert "完成一期建设" in html
    assert "2019-03-01" in html


def test_stalled_for_lack_of_reports_says_for_how_many_days(world: World) -> None:
    records = make_records(world)
    days = (timezone.localdate() - records.sz_agreement.signed_date).days
    html = (
        client_for(world.shanghai_office, language="en")
        .get(reverse("agreements:detail", args=[records.sz_agreement.pk]))
        .content.decode()
    )
    assert f"No progress report for {days} days." in html


def test_agreement_page_shows_who_changed_what_and_when(world: World) -> None:
    records = make_records(world)
    services.agreement_update(
        actor=world.dalian_office,
        agreement=records.stalled,
        status=Agreement.Status.TERMINATED,
        title="茶叶协议",
    )
    response = client_for(world.dalian_office, language="en").get(
        reverse("agreements:detail", args=[records.stalled.pk])
    )
    history = response.context["history"]
    latest = history[0]
    assert latest.who == world.dalian_office
    assert latest.action == "~"
    assert {(c.field, c.old, c.new) for c in latest.changes} == {
        ("title", "茶叶销售协议", "茶叶协议"),
        ("status", "implementing", "terminated"),
    }
    html = response.content.decode()
    assert "<del>implementing</del> → <ins>terminated</ins>" in html


def test_writers_see_edit_and_report_forms_and_viewers_do_not(world: World) -> None:
    records = make_records(world)
    url = reverse("agreements:detail", args=[records.agreement.pk])
    office = client_for(world.dalian_office).get(url).content.decode()
    viewer = client_for(world.viewer).get(url).content.decode()
    for target in (
        reverse("agreements:edit", args=[records.agreement.pk]),
        reverse("agreements:report_add", args=[records.agreement.pk]),
        reverse("agreements:milestone_add", args=[records.agreement.pk]),
    ):
        assert target in office
        assert target not in viewer


# --- create and edit ----------------------------------------------------------------------------------------


def test_office_creates_an_agreement_with_parties_and_a_milestone(world: World) -> None:
    records = make_records(world)
    response = client_for(world.dalian_office).post(reverse("agreements:create"), _form_data(world, records))
    agreement = Agreement.objects.get(title="劳务协作协议")
    assert response.status_code == 302
    assert response["Location"] == reverse("agreements:detail", args=[agreement.pk])
    assert [(p.organization, p.role) for p in agreement.parties.all()] == [
        (records.orgs[0], "helping"),
        (records.orgs[1], "helped"),
    ]
    assert [(m.what, m.due_date) for m in agreement.milestones.all()] == [
        ("输出劳动力 500 人", dt.date(2019, 12, 31))
    ]
    assert agreement.value == Decimal("1200000.00")
    assert agreement.history.first().history_user == world.dalian_office


def test_create_form_prefills_the_pairing_and_offers_only_writable_ones(world: World) -> None:
    response = client_for(world.dalian_office).get(reverse("agreements:create"), {"pairing": world.park.pk})
    form = response.context["form"]
    assert form.initial["pairing"] == str(world.park.pk)
    assert set(form.fields["pairing"].queryset) == {world.dalian_liupanshui, world.park}
    assert len(response.context["party_formset"].forms) == 4


def test_a_missing_party_is_shown_beside_the_parties_and_nothing_is_written(world: World) -> None:
    records = make_records(world)
    before = _writes(records)
    response = client_for(world.dalian_office, language="en").post(
        reverse("agreements:create"), _form_data(world, records, **{"parties-1-organization": ""})
    )
    assert response.status_code == 200
    assert response.context["parties_errors"] == ["An agreement has at least two parties."]
    html = response.content.decode()
    fieldset = html[
        html.index('<fieldset id="parties"') : html.index("</fieldset>", html.index('<fieldset id="parties"'))
    ]
    assert "An agreement has at least two parties." in fieldset
    assert _writes(records) == before


def test_the_same_party_twice_is_refused(world: World) -> None:
    records = make_records(world)
    before = _writes(records)
    response = client_for(world.dalian_office, language="en").post(
        reverse("agreements:create"),
        _form_data(world, records, **{"parties-1-organization": records.orgs[0].pk}),
    )
    assert response.context["parties_errors"] == ["The same organization is listed twice as a party."]
    assert _writes(records) == before


def test_end_before_start_is_shown_beside_the_end_date_and_nothing_is_written(world: World) -> None:
    records = make_records(world)
    before = _writes(records)
    response = client_for(world.dalian_office, language="en").post(
        reverse("agreements:create"), _form_data(world, records, end_date="2019-01-01")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["end_date"] == ["The end date is before the start date."]
    assert 'id="field-end_date"' in response.content.decode()
    assert _writes(records) == before


def test_a_meeting_of_another_pairing_is_refused_on_the_meeting_field(world: World) -> None:
    records = make_records(world)
    response = client_for(world.dalian_office, language="en").post(
        reverse("agreements:create"),
        _form_data(world, records, pairing=world.park.pk, meeting=records.meeting.pk),
    )
    # the park's parent is Dalian → Liupanshui, so its meetings are accepted
    assert response.status_code == 302
    other = client_for(world.assessor, language="en").post(
        reverse("agreements:create"),
        _form_data(world, records, title="跨结对", meeting=records.sz_meeting.pk),
    )
    assert other.context["form"].errors["meeting"] == ["The meeting belongs to another pairing."]
    assert not Agreement.objects.filter(title="跨结对").exists()


def test_half_a_milestone_row_is_a_form_error(world: World) -> None:
    records = make_records(world)
    before = _writes(records)
    response = client_for(world.dalian_office).post(
        reverse("agreements:create"), _form_data(world, records, **{"milestones-1-what": "只有事项"})
    )
    assert response.status_code == 200
    assert response.context["milestone_formset"].forms[1].non_field_errors()
    assert _writes(records) == before


def test_office_edits_an_agreement_and_replaces_a_party(world: World) -> None:
    records = make_records(world)
    client = client_for(world.dalian_office)
    url = reverse("agreements:edit", args=[records.agreement.pk])
    get = client.get(url)
    assert get.context["form"].initial["title"] == "蛋鸡养殖项目合作协议"
    assert "pairing" not in get.context["form"].fields
    newcomer = OrganizationFactory(name="韩伟集团")
    data = _form_data(world, records, title="蛋鸡养殖合作协议", meeting=records.ceremony.pk, end_date="")
    data.update({"parties-0-organization": records.orgs[2].pk, "parties-1-organization": newcomer.pk})
    response = client.post(url, data)
    assert response.status_code == 302
    records.agreement.refresh_from_db()
    assert records.agreement.title == "蛋鸡养殖合作协议"
    assert {p.organization for p in records.agreement.parties.all()} == {records.orgs[2], newcomer}


# --- progress reports and milestones ------------------------------------------------------------------------


def test_htmx_progress_report_returns_the_fragment_with_the_report_and_history(world: World) -> None:
    records = make_records(world)
    today = timezone.localdate().isoformat()
    response = client_for(world.dalian_office, language="en").post(
        reverse("agreements:report_add", args=[records.stalled.pk]),
        {"reported_on": today, "text": "一期已完工", "status_after": ""},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="reports-and-history">')
    assert "<html" not in html
    assert "一期已完工" in html
    assert 'id="history"' in html
    assert "progress report" in html
    assert 'id="agreement-status" class="card status-card" hx-swap-oob="true"' in html
    assert ProgressReport.objects.filter(agreement=records.stalled, text="一期已完工").exists()


def test_progress_report_without_js_redirects_to_the_agreement(world: World) -> None:
    records = make_records(world)
    response = client_for(world.dalian_office).post(
        reverse("agreements:report_add", args=[records.park_agreement.pk]),
        {"reported_on": timezone.localdate().isoformat(), "text": "园区已动工", "status_after": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("agreements:detail", args=[records.park_agreement.pk])
    records.park_agreement.refresh_from_db()
    assert records.park_agreement.status == Agreement.Status.IMPLEMENTING


@pytest.mark.parametrize("htmx", [True, False])
def test_progress_report_in_the_future_is_a_field_error_and_writes_nothing(world: World, htmx: bool) -> None:
    records = make_records(world)
    before = _writes(records)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client_for(world.dalian_office, language="en").post(
        reverse("agreements:report_add", args=[records.agreement.pk]),
        {"reported_on": tomorrow, "text": "提前", "status_after": ""},
        **extra,
    )
    assert response.status_code == 200
    assert response.context["report_form"].errors["reported_on"] == ["The report date is in the future."]
    assert ("<html" in response.content.decode()) is not htmx
    assert _writes(records) == before


def test_office_adds_a_milestone_and_marks_it_done(world: World) -> None:
    records = make_records(world)
    client = client_for(world.dalian_office)
    response = client.post(
        reverse("agreements:milestone_add", args=[records.agreement.pk]),
        {"what": "验收", "due_date": "2030-01-01"},
    )
    assert response.status_code == 302
    milestone = records.agreement.milestones.get(what="验收")
    response = client.post(
        reverse("agreements:milestone_done", args=[milestone.pk]), {"done_date": "2019-02-01"}
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.done_date == dt.date(2019, 2, 1)


# --- who may see and do what --------------------------------------------------------------------------------


def test_shanghai_office_gets_404_on_every_dalian_agreement_page(world: World) -> None:
    records = make_records(world)
    client = client_for(world.shanghai_office)
    for agreement in (records.agreement, records.stalled, records.park_agreement):
        for name in ("agreements:detail", "agreements:edit"):
            assert client.get(reverse(name, args=[agreement.pk])).status_code == 404


def test_shanghai_office_posts_to_dalian_are_refused_and_write_nothing(world: World) -> None:
    records = make_records(world)
    milestone = records.stalled.milestones.get()
    before = _writes(records)
    client = client_for(world.shanghai_office)
    today = timezone.localdate().isoformat()
    posts = {
        reverse("agreements:create"): _form_data(world, records),
        reverse("agreements:edit", args=[records.agreement.pk]): _form_data(world, records, title="改"),
        reverse("agreements:report_add", args=[records.agreement.pk]): {"reported_on": today, "text": "x"},
        reverse("agreements:milestone_add", args=[records.agreement.pk]): {"what": "x", "due_date": today},
        reverse("agreements:milestone_done", args=[milestone.pk]): {"done_date": today},
    }
    for url, data in posts.items():
        assert client.post(url, data).status_code == 404, url
        assert client.post(url, data, HTTP_HX_REQUEST="true").status_code == 404, url
    assert _writes(records) == before
    assert Milestone.objects.get(pk=milestone.pk).done_date is None


def test_viewer_posts_are_forbidden_and_write_nothing(world: World) -> None:
    records = make_records(world)
    milestone = records.stalled.milestones.get()
    before = _writes(records)
    client = client_for(world.viewer)
    today = timezone.localdate().isoformat()
    posts = {
        reverse("agreements:create"): _form_data(world, records),
        reverse("agreements:edit", args=[records.agreement.pk]): _form_data(world, records, title="改"),
        reverse("agreements:report_add", args=[records.agreement.pk]): {"reported_on": today, "text": "x"},
        reverse("agreements:milestone_add", args=[records.agreement.pk]): {"what": "x", "due_date": today},
        reverse("agreements:milestone_done", args=[milestone.pk]): {"done_date": today},
    }
    for url, data in posts.items():
        assert client.post(url, data).status_code == 403, url
    assert client.get(reverse("agreements:edit", args=[records.agreement.pk])).status_code == 403
    assert _writes(records) == before
    assert Milestone.objects.get(pk=milestone.pk).done_date is None


def test_forbidden_page_is_rendered_in_the_layout(world: World) -> None:
    records = make_records(world)
    response = client_for(world.viewer, language="en").get(
        reverse("agreements:edit", args=[records.agreement.pk])
    )
    assert response.status_code == 403
    assert "Not allowed" in response.content.decode()
