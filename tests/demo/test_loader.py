from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from counterpart.agreements.models import Agreement
from counterpart.agreements.selectors import agreement_list
from counterpart.demo.loader import load_demo
from counterpart.demo.models import DemoRecord
from counterpart.demo.users import DEMO_PASSWORD, ensure_demo_users
from counterpart.meetings.models import Meeting
from counterpart.pairings.models import Pairing

pytestmark = pytest.mark.django_db


def _pairing(key: str) -> Pairing:
    return Pairing.objects.get(pk=DemoRecord.objects.get(key=f"pairing-{key}").object_id)


def test_loading_twice_changes_nothing() -> None:
    first = load_demo()
    counts = (Agreement.objects.count(), Meeting.objects.count(), Agreement.history.count())
    assert first > 100
    assert load_demo() == 0
    assert (Agreement.objects.count(), Meeting.objects.count(), Agreement.history.count()) == counts


def test_dalian_liupanshui_has_the_2018_meeting_and_its_13_agreements_with_parties() -> None:
    load_demo()
    ensure_demo_users()
    dalian = get_user_model().objects.get(username="dalian")
    pairing = _pairing("dalian_liupanshui")
    agreements = list(agreement_list(user=dalian, pairing_id=pairing.pk))
    assert len(agreements) == 13
    assert all(a.signed_date == dt.date(2018, 9, 12) for a in agreements)
    assert all(len(a.parties.all()) >= 2 for a in agreements)
    meeting = Meeting.objects.get(pairing=pairing, kind=Meeting.Kind.PROMOTION)
    assert meeting.date == dt.date(2018, 9, 12)
    roles = dict(meeting.attendances.values_list("person__name", "role"))
    assert roles["谭成旭"] == "chair"
    assert roles["谭作钧"] == "speaker"
    assert sum(1 for a in agreements if a.meeting_id == meeting.pk or a.meeting.parent_id == meeting.pk) == 13


def test_shanghai_zunyi_ninth_joint_meeting_is_numbered_and_every_record_names_its_source() -> None:
    load_demo()
    meeting = Meeting.objects.get(kind=Meeting.Kind.JOINT_MEETING, number=9)
    assert meeting.date == dt.date(2019, 5, 8)
    assert meeting.agreements.count() == 4
    assert not Agreement.objects.filter(source="").exists()
    assert not Meeting.objects.filter(source="").exists()


def test_demo_users_see_their_own_pairings_only() -> None:
    load_demo()
    ensure_demo_users()
    shanghai = get_user_model().objects.get(username="shanghai")
    assert shanghai.check_password(DEMO_PASSWORD)
    assert agreement_list(user=shanghai, pairing_id=_pairing("dalian_liupanshui").pk).count() == 0
    assert agreement_list(user=shanghai).count() == 4
