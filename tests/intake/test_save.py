"""Saving exactly what was ticked (issue 18 item 4): every ticked agreement, attendee and figure saved or
named with its reason, counts of what was added and skipped, an emptied title refused beside its field."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from counterpart.agreements.models import Agreement
from counterpart.meetings.models import Attendance, Figure, Meeting
from counterpart.orgs.models import Organization
from tests.factories import OrganizationFactory
from tests.intake.test_pages import _login, _review_fields

pytestmark = pytest.mark.django_db

#: Four agreements signed by the same two parties, and two figures.
REPORT = """大连市与六盘水市召开东西部扶贫协作联席会议
发布时间：2019-05-10
5月9日，大连·六盘水东西部扶贫协作联席会议在六盘水市召开。大连市委书记谭成旭，六盘水市委书记李刚出席会议并讲话。
会上，大连市与六盘水市签订了《劳务协作协议》《产业合作协议》《教育帮扶协议》《医疗卫生合作协议》。
会议指出，六盘水市共有贫困人口 25.6 万人，大连市今年投入帮扶资金 3.5 亿元。
"""


@pytest.fixture
def world(world: Any) -> Any:
    """The two cities' governments: the report's parties "大连市" and "六盘水市" are these two, in every
    agreement (the case that saved one agreement of four)."""
    pairing = world.dalian_liupanshui
    world.governments = [
        OrganizationFactory(name=name, kind=Organization.Kind.GOVERNMENT, region=region)
        for name, region in (
            ("大连市人民政府", pairing.helper_region),
            ("六盘水市人民政府", pairing.helped_region),
        )
    ]
    return world


def _review(client: Client, text: str = REPORT) -> tuple[str, dict[str, Any]]:
    response = client.post("/intake/", {"text": text})
    assert response.status_code == 200
    html = response.content.decode()
    return html, _review_fields(html)


def _messages(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_four_ticked_agreements_of_the_same_parties_are_four_saved(world: Any, client: Client) -> None:
    _login(client, world.dalian_office)
    html, fields = _review(client)
    assert html.count('data-testid="agreement"') == 4
    assert sum(1 for k in fields if k.startswith("agreement-") and k.endswith("-accept")) == 4
    assert fields["pairing"] == str(world.dalian_liupanshui.pk)
    response = client.post("/intake/save/", fields, follow=True)
    assert response.status_code == 200
    meeting = Meeting.objects.get()
    titles = sorted(Agreement.objects.filter(meeting=meeting).values_list("title", flat=True))
    assert titles == sorted(["劳务协作协议", "产业合作协议", "教育帮扶协议", "医疗卫生合作协议"])
    assert Attendance.objects.filter(meeting=meeting).count() == 2
    figures = sorted((f.what, f.value, f.unit) for f in Figure.objects.filter(meeting=meeting))
    assert figures == [
        ("六盘水市共有贫困人口", Decimal("25.6"), "万人"),
        ("大连市今年投入帮扶资金", Decimal("3.5"), "亿元"),
    ]
    # the two cities' governments were matched: no organization was created
    parties = {p.organization_id for a in Agreement.objects.filter(meeting=meeting) for p in a.parties.all()}
    assert parties == {g.pk for g in world.governments}
    assert Organization.objects.count() == 2
    assert "会议已登记，含 2 名出席人员、4 项协议和 2 个数据。" in _messages(response)
    page = response.content.decode()
    assert "医疗卫生合作协议" in page
    assert 'data-testid="figures"' in page
    assert "25.6" in page
    assert "亿元" in page


def test_a_new_party_named_in_four_agreements_is_one_new_organization(world: Any, client: Client) -> None:
    _login(client, world.dalian_office)
    text = REPORT.replace("会上，大连市与六盘水市签订了", "会上，大连市与六盘水市钟山区新华公司签订了")
    _html, fields = _review(client, text)
    parties = {v for k, v in fields.items() if re.fullmatch(r"agreement-\d+-party-\d+", k)}
    assert parties == {"大连市", "六盘水市钟山区新华公司"}
    response = client.post("/intake/save/", fields)
    assert response.status_code == 302
    assert Agreement.objects.count() == 4
    assert Organization.objects.filter(name="六盘水市钟山区新华公司").count() == 1
    assert Organization.objects.count() == 3  # the two governments and the one new company


def test_saving_a_fully_known_report_skips_and_counts_every_item(world: Any, client: Client) -> None:
    _login(client, world.dalian_office)
    _html, fields = _review(client)
    assert client.post("/intake/save/", fields).status_code == 302
    counts = (Attendance.objects.count(), Agreement.objects.count(), Figure.objects.count())
    html, fields = _review(client)
    assert 'data-testid="duplicate"' in html
    assert html.count("already recorded") + html.count("已登记") >= 8
    response = client.post("/intake/save/", fields)
    assert response.status_code == 302
    assert (Attendance.objects.count(), Agreement.objects.count(), Figure.objects.count()) == counts
    shown = _messages(response)
    assert "报道已并入已登记的会议：新增 0 名出席人员、0 项协议和 0 个数据，跳过已有的 8 项。" in shown, shown


def test_a_ticked_agreement_the_meeting_has_under_another_title_is_added(world: Any, client: Client) -> None:
    """The same parties sign several agreements: parties alone do not make an agreement a duplicate."""
    _login(client, world.dalian_office)
    _html, fields = _review(client)
    for i in (1, 2, 3):
        fields.pop(f"agreement-{i}-accept")
    assert client.post("/intake/save/", fields).status_code == 302
    assert Agreement.objects.count() == 1
    html, fields = _review(client)
    assert html.count('class="recorded"') >= 1
    for i in (1, 2, 3):
        fields[f"agreement-{i}-accept"] = "1"
    response = client.post("/intake/save/", fields)
    assert response.status_code == 302
    assert Agreement.objects.count() == 4
    assert any("新增 0 名出席人员、3 项协议" in m for m in _messages(response))


def test_an_emptied_title_is_an_error_beside_the_field_and_nothing_is_saved(
    world: Any, client: Client
) -> None:
    _login(client, world.dalian_office)
    _html, fields = _review(client)
    fields["title"] = "  "
    fields["agreement-2-subject"] = "教育帮扶协议（修订）"
    fields.pop("agreement-3-accept")
    response = client.post("/intake/save/", fields)
    assert response.status_code == 422
    html = response.content.decode()
    assert re.search(r'id="m-title"[^>]*aria-invalid="true"[^>]*aria-describedby="m-title-error"', html)
    assert re.search(r'id="m-title-error">请填写会议标题。<', html)
    assert Meeting.objects.count() == 0
    # the reviewer's edits and ticks are shown again, not the draft as read
    again = _review_fields(html)
    assert again["title"] == ""
    assert again["agreement-2-subject"] == "教育帮扶协议（修订）"
    assert "agreement-3-accept" not in again
    assert "agreement-2-accept" in again


def test_an_agreement_that_cannot_be_saved_is_named_beside_it_and_nothing_is_saved(
    world: Any, client: Client
) -> None:
    _login(client, world.dalian_office)
    _html, fields = _review(client)
    fields["agreement-1-party-1"] = fields["agreement-1-party-0"]  # one party twice
    fields["figure-0-value"] = "二十五"
    response = client.post("/intake/save/", fields)
    assert response.status_code == 422
    html = response.content.decode()
    errors = re.findall(r'data-testid="item-error">([^<]*)<', html)
    assert any("二十五" in e for e in errors), errors
    fields["figure-0-value"] = "25.6"
    response = client.post("/intake/save/", fields)
    assert response.status_code == 422
    html = response.content.decode()
    items = html.split('data-testid="agreement"')
    assert "协议至少要有两个不同的签约方" in items[2]
    assert "协议至少要有两个不同的签约方" not in items[1] + items[3]
    assert (
        Meeting.objects.count(),
        Agreement.objects.count(),
        Organization.objects.filter(name="").count(),
    ) == (
        0,
        0,
        0,
    )


def test_the_attendee_title_input_is_labelled_as_a_post_not_a_headline(world: Any, client: Client) -> None:
    _login(client, world.dalian_office)
    html, _fields = _review(client)
    assert re.search(r'name="attendee-0-title"[^>]*aria-label="职务"', html)
    assert not re.search(r'name="attendee-\d+-title"[^>]*aria-label="标题"', html)
