"""Issue 13 item 6: the unmask log page for assessors, its Excel export, the rate limit on unmasking and the
event in the household's history."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from counterpart.households import ids
from counterpart.households.models import Member, UnmaskLog
from tests.conftest import login as conftest_login
from tests.households.conftest import Registry, register


def login(user: Any) -> Client:
    return conftest_login(user, language="en")


def unmask(client: Client, member: Member) -> Any:
    return client.post(reverse("households:unmask", args=[member.pk]), REMOTE_ADDR="203.0.113.7")


def test_unmask_is_logged_with_address_and_in_the_household_history(registry: Registry) -> None:
    head = registry.household.members.get(relation="head")
    client = login(registry.liupanshui_office)
    assert unmask(client, head).status_code == 200
    entry = UnmaskLog.objects.get()
    assert (entry.user, entry.member_id, entry.ip, entry.channel) == (
        registry.liupanshui_office,
        head.pk,
        "203.0.113.7",
        "web",
    )
    event = registry.household.history.order_by("-history_date", "-pk").first()
    assert event.history_user == registry.liupanshui_office
    assert event.history_change_reason == f"ID number of {head.name} shown in clear"
    page = client.get(reverse("households:detail", args=[registry.household.pk])).content.decode()
    assert f"ID number of {head.name} shown in clear" in page
    viewer_page = login(registry.world.viewer).get(reverse("households:detail", args=[registry.household.pk]))
    assert "record-history" not in viewer_page.content.decode()


def test_unmasking_is_rate_limited_per_user(registry: Registry, settings: Any) -> None:
    settings.HOUSEHOLD_UNMASK_RATE = "3/m, 50/h"
    members = list(Member.objects.filter(household__village__code__startswith="520201"))
    client = login(registry.liupanshui_office)
    assert [unmask(client, m).status_code for m in (members * 2)[:3]] == [200, 200, 200]
    refused = unmask(client, members[0])
    assert refused.status_code == 429
    assert "try again in" in refused.content.decode()
    assert int(refused["Retry-After"]) >= 1
    assert ids.codec().decrypt(members[0].id_cipher, members[0].id_hash) not in refused.content.decode()
    assert UnmaskLog.objects.count() == 3  # the refused one is neither shown nor logged
    # a search by ID number is a look-up too, counted against the same limit
    number = ids.codec().decrypt(members[0].id_cipher, members[0].id_hash)
    assert client.get(reverse("households:list"), {"id_number": number}).status_code == 429
    # another user has its own budget
    assert unmask(login(registry.world.assessor), members[0]).status_code == 200


def _log(registry: Registry, n: int = 3) -> list[UnmaskLog]:
    other = register(registry.village2, "5202011002020009", n_members=1)
    head = registry.household.members.get(relation="head")
    rows = [
        UnmaskLog.objects.create(
            user=registry.liupanshui_office, member=head, province_code="520000", ip="10.0.0.1"
        )
        for _ in range(n)
    ]
    rows.append(
        UnmaskLog.objects.create(
            user=registry.world.assessor, member=other.members.get(), province_code="520000", ip="10.0.0.2"
        )
    )
    old = timezone.now() - dt.timedelta(days=40)
    UnmaskLog.objects.filter(pk=rows[0].pk).update(viewed_at=old)
    return rows


def test_the_log_page_is_for_assessors_only_and_linked_for_them(registry: Registry) -> None:
    url = reverse("households:unmask_log")
    for user in (registry.liupanshui_office, registry.world.viewer, registry.world.dalian_office):
        client = login(user)
        assert client.get(url).status_code == 403
        assert client.get(reverse("households:unmask_log_export")).status_code == 403
        assert url not in client.get(reverse("households:list")).content.decode()
    client = login(registry.world.assessor)
    assert url in client.get(reverse("households:list")).content.decode()
    assert client.get(url).status_code == 200


def test_the_log_page_filters_and_paginates(registry: Registry, settings: Any) -> None:
    settings.PAGE_SIZE = 2
    rows = _log(registry)
    client = login(registry.world.assessor)
    url = reverse("households:unmask_log")
    page = client.get(url).content.decode()
    assert "Page 1 of 2 (4 in all)" in page
    assert "10.0.0.2" in page  # newest first
    assert "Page 2 of 2" in client.get(url, {"page": 2}).content.decode()
    by_user = client.get(url, {"username": "liupanshui"}).content.decode()
    assert "(3 in all)" in by_user or by_user.count("10.0.0.1") == 2
    assert "10.0.0.2" not in by_user
    by_household = client.get(url, {"household": "5202011002020009"}).content.decode()
    assert "10.0.0.2" in by_household
    assert "10.0.0.1" not in by_household
    today = timezone.localdate()
    recent = client.get(
        url, {"date_from": (today - dt.timedelta(days=1)).isoformat(), "username": "liupanshui"}
    )
    assert recent.content.decode().count("10.0.0.1") == 2  # the one of 40 days ago is left out
    long_ago = rows[0].pk
    old = client.get(url, {"date_to": (today - dt.timedelta(days=30)).isoformat()}).content.decode()
    assert old.count("10.0.0.1") == 1
    assert long_ago


def test_the_log_exports_to_excel_as_text(registry: Registry) -> None:
    head = registry.household.members.get(relation="head")
    Member.objects.filter(pk=head.pk).update(name='=HYPERLINK("http://example.com","open")')
    _log(registry)
    client = login(registry.world.assessor)
    response = client.get(reverse("households:unmask_log_export"), {"household": registry.household.number})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="id-unmask-log.xlsx"'
    content = response.content
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    assert rows[0][:4] == ["Viewed at", "User", "Member", "Household number"]
    assert len(rows) == 4  # header + the three unmaskings of that household
    assert {row[1] for row in rows[1:]} == {"liupanshui"}
    assert {row[2] for row in rows[1:]} == {'=HYPERLINK("http://example.com","open")'}
    assert {row[6] for row in rows[1:]} == {"10.0.0.1"}
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        sheet = package.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet  # the name is text, not a live formula
