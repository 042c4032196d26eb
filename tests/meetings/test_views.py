"""Meeting pages: list with filters, meeting page, create and edit through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from counterpart.meetings.models import Meeting
from tests.conftest import World
from tests.factories import MeetingFactory
from tests.web.records import client_for, make_records

pytestmark = pytest.mark.django_db


def _form_data(world: World, **overrides: Any) -> dict[str, Any]:
    data = {
        "kind": Meeting.Kind.PROMOTION,
        "number": "",
        "title": "东西部扶贫协作推进会",
        "title_en": "",
        "pairing": world.dalian_liupanshui.pk,
        "parent": "",
        "date": "2019-06-01",
        "end_date": "",
        "place": "大连",
        "summary": "",
    }
    data.update(overrides)
    return data


def test_meeting_list_shows_meetings_in_scope(world: World) -> None:
    records = make_records(world)
    response = client_for(world.dalian_office, language="en").get(reverse("meetings:list"))
    ids = {m.pk for m in response.context["page"].object_list}
    assert ids == {records.meeting.pk, records.ceremony.pk}
    assert "沪遵联席会议" not in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "signing_ceremony"}, {"ceremony"}),
        ({"year": "2018"}, {"meeting", "ceremony"}),
        ({"year": "2020"}, set()),
        ({"q": "联席"}, {"meeting"}),
        ({"pairing": "DL"}, {"meeting", "ceremony"}),
        ({"pairing": "PARK"}, set()),
        ({"year": "not-a-year"}, {"meeting", "ceremony"}),
    ],
)
def test_meeting_list_filters(world: World, params: dict[str, str], expected: set[str]) -> None:
    records = make_records(world)
    ids = {"DL": world.dalian_liupanshui.pk, "PARK": world.park.pk}
    params = {k: str(ids.get(v, v)) for k, v in params.items()}
    response = client_for(world.dalian_office).get(reverse("meetings:list"), params)
    assert response.status_code == 200
    assert {m.pk for m in response.context["page"].object_list} == {getattr(records, n).pk for n in expected}


def test_meeting_list_htmx_request_gets_only_the_table(world: World) -> None:
    make_records(world)
    response = client_for(world.dalian_office).get(
        reverse("meetings:list"), {"kind": "signing_ceremony"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="meeting-table"')
    assert "<html" not in html
    assert "签约仪式" in html


def _make_meetings(world: World, n: int) -> None:
    parent = MeetingFactory(pairing=world.dalian_liupanshui)
    for i in range(n):
        MeetingFactory(
            pairing=world.park if i % 2 else world.dalian_liupanshui, parent=None if i % 2 else parent
        )


def _list_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("meetings:list")).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("rows", [3, 30])
def test_meeting_list_query_count_is_pinned(
    world: World, rows: int, django_assert_max_num_queries: Any
) -> None:
    _make_meetings(world, rows)
    client = client_for(world.dalian_office)
    with django_assert_max_num_queries(8):
        client.get(reverse("meetings:list"))


def test_meeting_list_query_count_does_not_grow_with_rows(world: World) -> None:
    client = client_for(world.dalian_office)
    _make_meetings(world, 3)
    few = _list_queries(client)
    _make_meetings(world, 27)
    assert _list_queries(client) == few


def test_meeting_page_shows_kind_number_date_place_attendees_and_decisions(world: World) -> None:
    records = make_records(world)
    response = client_for(world.viewer, language="en").get(
        reverse("meetings:detail", args=[records.meeting.pk])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "high-level joint meeting" in html
    assert "No. 3" in html
    assert "2018-09-12" in html
    assert "六盘水" in html
    assert "Tan Zuojun" in html
    assert "speaker" in html
    assert "大连市委书记" in html
    assert "共建产业园区" in html
    assert reverse("meetings:detail", args=[records.ceremony.pk]) in html  # its part


def test_meeting_page_lists_agreements_signed_at_its_parts(world: World) -> None:
    records = make_records(world)
    response = client_for(world.dalian_office).get(reverse("meetings:detail", args=[records.meeting.pk]))
    assert [a.pk for a in response.context["agreements"]] == [records.agreement.pk]
    part = client_for(world.dalian_office, language="en").get(
        reverse("meetings:detail", args=[records.ceremony.pk])
    )
    html = part.content.decode()
    assert reverse("meetings:detail", args=[records.meeting.pk]) in html  # part of
    assert "蛋鸡养殖项目合作协议" in html


def test_office_creates_a_meeting_through_the_service(world: World) -> None:
    client = client_for(world.dalian_office)
    response = client.post(reverse("meetings:create"), _form_data(world, number="4"))
    meeting = Meeting.objects.get(title="东西部扶贫协作推进会")
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:detail", args=[meeting.pk])
    assert (meeting.pairing, meeting.number, meeting.date) == (
        world.dalian_liupanshui,
        4,
        dt.date(2019, 6, 1),
    )
    assert meeting.history.first().history_user == world.dalian_office


def test_create_form_offers_only_pairings_the_user_writes(world: World) -> None:
    form = client_for(world.dalian_office).get(reverse("meetings:create")).context["form"]
    assert set(form.fields["pairing"].queryset) == {world.dalian_liupanshui, world.park}
    assert (
        set(
            client_for(world.viewer)
            .get(reverse("meetings:create"))
            .context["form"]
            .fields["pairing"]
            .queryset
        )
        == set()
    )


def test_end_before_start_is_shown_beside_the_field_and_nothing_is_written(world: World) -> None:
    response = client_for(world.dalian_office, language="en").post(
        reverse("meetings:create"), _form_data(world, end_date="2019-05-01")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["end_date"] == ["The end date is before the start date."]
    assert 'id="field-end_date"' in response.content.decode()
    assert not Meeting.objects.filter(title="东西部扶贫协作推进会").exists()


def test_a_part_of_another_pairing_is_refused_on_the_parent_field(world: World) -> None:
    parent = MeetingFactory(pairing=world.park, title="园区会议")
    response = client_for(world.dalian_office, language="en").post(
        reverse("meetings:create"), _form_data(world, parent=parent.pk)
    )
    assert response.context["form"].errors["parent"] == [
        "A part of a meeting belongs to the same pairing as the meeting."
    ]
    assert not Meeting.objects.filter(title="东西部扶贫协作推进会").exists()


def test_missing_title_and_date_are_field_errors(world: World) -> None:
    response = client_for(world.dalian_office).post(
        reverse("meetings:create"), _form_data(world, title="", date="")
    )
    assert set(response.context["form"].errors) == {"title", "date"}
    assert Meeting.objects.count() == 0


def test_office_edits_a_meeting(world: World) -> None:
    records = make_records(world)
    client = client_for(world.dalian_office)
    url = reverse("meetings:edit", args=[records.meeting.pk])
    form = client.get(url).context["form"]
    assert form.initial["title"] == records.meeting.title
    data = _form_data(world, title="第三次联席会议", number="3", date="2018-09-12", kind="joint_meeting")
    assert client.post(url, data).status_code == 302
    records.meeting.refresh_from_db()
    assert records.meeting.title == "第三次联席会议"


def test_writers_see_the_edit_button_and_viewers_do_not(world: World) -> None:
    records = make_records(world)
    url = reverse("meetings:detail", args=[records.meeting.pk])
    edit = reverse("meetings:edit", args=[records.meeting.pk])
    assert edit in client_for(world.dalian_office).get(url).content.decode()
    assert edit not in client_for(world.viewer).get(url).content.decode()


def test_shanghai_office_gets_404_on_every_dalian_meeting_page(world: World) -> None:
    records = make_records(world)
    client = client_for(world.shanghai_office)
    for name in ("meetings:detail", "meetings:edit"):
        for meeting in (records.meeting, records.ceremony):
            assert client.get(reverse(name, args=[meeting.pk])).status_code == 404


def test_shanghai_office_posts_to_dalian_are_refused_and_write_nothing(world: World) -> None:
    records = make_records(world)
    client = client_for(world.shanghai_office)
    before = list(Meeting.objects.order_by("pk").values_list("pk", "title"))
    edit = client.post(reverse("meetings:edit", args=[records.meeting.pk]), _form_data(world, title="改"))
    create = client.post(reverse("meetings:create"), _form_data(world))
    assert edit.status_code == 404
    assert create.status_code == 404
    assert list(Meeting.objects.order_by("pk").values_list("pk", "title")) == before


def test_viewer_may_not_create_or_edit(world: World) -> None:
    records = make_records(world)
    client = client_for(world.viewer)
    assert client.get(reverse("meetings:edit", args=[records.meeting.pk])).status_code == 403
    assert (
        client.post(reverse("meetings:edit", args=[records.meeting.pk]), _form_data(world)).status_code == 403
    )
    assert client.post(reverse("meetings:create"), _form_data(world)).status_code == 403
    assert not Meeting.objects.filter(title="东西部扶贫协作推进会").exists()


# Attendees and decisions added on the meeting page -------------------------------------------------------


def test_office_adds_an_attendee_by_name_reusing_the_registry_person(client, world) -> None:  # type: ignore[no-untyped-def]
    from counterpart.meetings.models import Attendance
    from tests.factories import MeetingFactory, PersonFactory

    meeting = MeetingFactory(pairing=world.dalian_liupanshui)
    person = PersonFactory(name="谭成旭", name_en="Tan Chengxu")
    client.force_login(world.dalian_office)
    response = client.post(
        f"/meetings/{meeting.pk}/attendees/", {"name": "Tan Chengxu", "role": "chair", "title": "市长"}
    )
    assert response.status_code == 302
    attendance = Attendance.objects.get(meeting=meeting)
    assert (attendance.person_id, attendance.role, attendance.title) == (person.pk, "chair", "市长")
    assert attendance.history.first().history_user == world.dalian_office


def test_adding_the_same_attendee_twice_shows_the_error_and_writes_nothing(client, world) -> None:  # type: ignore[no-untyped-def]
    from counterpart.meetings.models import Attendance
    from tests.factories import MeetingFactory

    meeting = MeetingFactory(pairing=world.dalian_liupanshui)
    client.force_login(world.dalian_office)
    client.post(f"/meetings/{meeting.pk}/attendees/", {"name": "王忠", "role": "speaker"})
    response = client.post(f"/meetings/{meeting.pk}/attendees/", {"name": "王忠", "role": "speaker"})
    assert response.status_code == 422
    assert "field--error" in response.content.decode()
    assert Attendance.objects.filter(meeting=meeting).count() == 1


def test_other_office_cannot_add_attendees_or_decisions(client, world) -> None:  # type: ignore[no-untyped-def]
    from counterpart.meetings.models import Attendance, Decision
    from tests.factories import MeetingFactory

    meeting = MeetingFactory(pairing=world.dalian_liupanshui)
    client.force_login(world.shanghai_office)
    assert (
        client.post(f"/meetings/{meeting.pk}/attendees/", {"name": "x", "role": "chair"}).status_code == 404
    )
    assert client.post(f"/meetings/{meeting.pk}/decisions/", {"text": "x"}).status_code == 404
    client.force_login(world.viewer)
    assert client.post(f"/meetings/{meeting.pk}/decisions/", {"text": "x"}).status_code == 403
    assert not Attendance.objects.exists()
    assert not Decision.objects.exists()


def test_office_adds_a_decision(client, world) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import MeetingFactory

    meeting = MeetingFactory(pairing=world.dalian_liupanshui)
    client.force_login(world.dalian_office)
    response = client.post(f"/meetings/{meeting.pk}/decisions/", {"text": "建立工作台账"}, follow=True)
    assert "建立工作台账" in response.content.decode()
    assert list(meeting.decisions.values_list("text", flat=True)) == ["建立工作台账"]
