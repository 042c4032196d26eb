"""Issue 13 item 1: for every role, everything the pages and the API return about a member must leave the
ID number unbuildable by a reader who may not unmask it (docs/roles.md).

The attacker is generous to itself: it knows the region code (the mask shows it, the village implies it),
the sex (always shown) and any birth year that appears anywhere in what it was shown; it reads any birth date
in the usual spellings and every 18-character masked form that agrees with the number; then it enumerates
every number consistent with all that and with the check character."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.urls import reverse

from counterpart.households import ids
from counterpart.households.models import Member
from counterpart.pairings.models import ScopeGrant
from tests.conftest import api_client
from tests.conftest import login as conftest_login
from tests.factories import OrganizationFactory, ScopeGrantFactory, UserFactory
from tests.households.conftest import Registry, make_id, register

_MASKED = re.compile(r"[0-9X*]{18}")


def shown_about(user: Any, registry: Registry, member: Member) -> str:
    """Every page and API response a user can ask for about the member's household, as one text."""
    household = member.household
    web = conftest_login(user, language="en")
    api = api_client(user)
    urls = (
        reverse("households:list"),
        reverse("households:list") + f"?name={member.name}",
        reverse("households:detail", args=[household.pk]),
        reverse("households:summary"),
        reverse("households:flags"),
        reverse("assistance:household", args=[household.pk]),
        "/api/households",
        f"/api/households?name={member.name}",
        f"/api/households/{household.pk}",
        "/api/households/summary",
    )
    texts = [
        web.get(url).content.decode() if url.startswith("/households") else api.get(url).content.decode()
        for url in urls
    ]
    texts.append(web.post(reverse("households:unmask", args=[member.pk])).content.decode())
    return "\n".join(texts)


def candidates(number: str, text: str) -> int:
    """How many 18-character numbers agree with what `text` reveals about `number` (see the module)."""
    birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    if number in text:
        return 1
    known = dict.fromkeys(range(6), "")  # region: known
    for masked in _MASKED.findall(text):
        if masked[:6] == number[:6] and all(c in ("*", n) for c, n in zip(masked, number, strict=True)):
            known.update({i: c for i, c in enumerate(masked) if c != "*"})
    spellings = (
        birth.isoformat(),
        f"{birth:%Y%m%d}",
        f"{birth.year}年{birth.month}月{birth.day}日",
        f"{birth:%Y/%m/%d}",
    )
    if any(s in text for s in spellings):
        dates = [birth]
    elif str(birth.year) in text:
        dates = [birth.replace(month=1, day=1) + dt.timedelta(days=d) for d in range(366)]
        dates = [d for d in dates if d.year == birth.year]
    else:
        return 10**9  # not even the year: beyond any enumeration this test needs
    odd = int(number[16]) % 2
    count = 0
    for day in dates:
        digits = f"{day:%Y%m%d}"
        if any(i in known and known[i] != digits[i - 6] for i in range(6, 14)):
            continue
        for seq in range(1000):
            tail = f"{seq:03d}"
            if seq % 2 != odd or any(i in known and known[i] != tail[i - 14] for i in range(14, 17)):
                continue
            body = number[:6] + digits + tail
            if 17 in known and ids.check_character(body) != known[17]:
                continue
            count += 1
    return count


def test_the_attack_rebuilds_a_number_under_the_old_mask() -> None:
    """The measuring stick can fail: the former mask (first 6, last 4) beside the birth date gives the number
    back, and beside the birth year alone leaves a few dozen candidates."""
    number = make_id("520201", dt.date(1980, 7, 14), 123)
    old_mask = number[:6] + "********" + number[-4:]
    assert candidates(number, f"{old_mask} 1980-07-14") == 1
    assert candidates(number, f"{old_mask} born 1980") < 50
    assert candidates(number, f"{ids.mask(number)} born 1980") >= 1000


@pytest.fixture
def roles(registry: Registry) -> dict[str, Any]:
    reporter = UserFactory(username="unit-reporter")
    ScopeGrantFactory(
        user=reporter,
        pairing=registry.world.dalian_liupanshui,
        role=ScopeGrant.Role.REPORTER,
        organization=OrganizationFactory(),
        side="",
    )
    return {
        "helping-side office": registry.world.dalian_office,
        "viewer": registry.world.viewer,
        "office of another pairing": registry.world.shanghai_office,
        "helped-side office of another region": registry.zunyi_office,
        "unit reporter": reporter,
    }


def test_no_role_without_the_unmask_right_can_rebuild_a_number(
    registry: Registry, roles: dict[str, Any]
) -> None:
    household = register(
        registry.village, "5202011002010077", head_id=make_id("520201", dt.date(1987, 9, 23), 451)
    )
    member = household.members.get(relation="head")
    number = ids.codec().decrypt(member.id_cipher, member.id_hash)
    found = {}
    for role, user in roles.items():
        assert not ids_unmaskable(user, member), role
        found[role] = candidates(number, shown_about(user, registry, member))
    assert min(found.values()) >= 1000, found
    # The helping side and the viewer do read the household: the name is there, the year but not the date.
    page = shown_about(registry.world.viewer, registry, member)
    assert member.name in page
    assert "1987" in page
    assert "1987-09-23" not in page
    assert (
        json.loads(api_client(registry.world.viewer).get(f"/api/households/{household.pk}").content)[
            "members"
        ][0]["birth_date"]
        is None
    )


def test_those_who_may_unmask_see_the_full_birth_date(registry: Registry) -> None:
    household = register(
        registry.village, "5202011002010078", head_id=make_id("520201", dt.date(1987, 9, 23), 453)
    )
    for user in (registry.liupanshui_office, registry.world.assessor):
        page = conftest_login(user).get(reverse("households:detail", args=[household.pk])).content.decode()
        assert "1987-09-23" in page
        detail = api_client(user).get(f"/api/households/{household.pk}").json()
        head = next(m for m in detail["members"] if m["relation"] == "head")
        assert (head["birth_date"], head["birth_year"]) == ("1987-09-23", 1987)


def ids_unmaskable(user: Any, member: Member) -> bool:
    from counterpart.households.services import can_unmask

    return can_unmask(actor=user, member=member)
