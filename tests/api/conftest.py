"""API test helpers: clients that authenticate with a personal token, and a small Dalian data set."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from counterpart.agreements.models import Agreement, AgreementParty
from counterpart.meetings.models import Attendance, Meeting
from counterpart.orgs.models import Organization
from tests.conftest import World, api_client
from tests.factories import (
    AgreementFactory,
    AttendanceFactory,
    DecisionFactory,
    MeetingFactory,
    MilestoneFactory,
    OrganizationFactory,
    PersonFactory,
    ProgressReportFactory,
)

token_client = api_client


@pytest.fixture
def client_for(world: World) -> Callable[[Any], Client]:
    """`client_for(world.dalian_office)`: a client authenticated with a fresh token of that user."""
    return token_client


@dataclass
class DalianData:
    dalian_gov: Organization
    liupanshui_gov: Organization
    meeting: Meeting
    agreement: Agreement
    park_agreement: Agreement
    shanghai_meeting: Meeting
    shanghai_agreement: Agreement


@pytest.fixture
def dalian(world: World) -> DalianData:
    """A joint meeting of Dalian → Liupanshui with two attendees and a decision, an agreement signed there
    (with a milestone and a progress report), an agreement of the co-built park, and Shanghai's own."""
    dl = world.dalian_liupanshui
    dalian_gov = OrganizationFactory(
        name="大连市人民政府", name_en="Dalian Municipal Government", region=dl.helper_region
    )
    liupanshui_gov = OrganizationFactory(
        name="六盘水市人民政府", name_en="Liupanshui Municipal Government", region=dl.helped_region
    )
    meeting = MeetingFactory(
        pairing=dl, title="大连·六盘水东西部扶贫协作联席会议", date=dt.date(2018, 9, 12), place="六盘水"
    )
    AttendanceFactory(
        meeting=meeting,
        person=PersonFactory(name="谭作钧", name_en="Tan Zuojun"),
        role=Attendance.Role.CHAIR,
        title="大连市委书记",
        order=0,
    )
    AttendanceFactory(meeting=meeting, person=PersonFactory(name="李刚"), title="六盘水市委书记", order=1)
    DecisionFactory(meeting=meeting, text="共建产业园区")
    agreement = AgreementFactory(
        pairing=dl, meeting=meeting, title="东西部扶贫协作框架协议", with_parties=False
    )
    AgreementParty.objects.create(
        agreement=agreement, organization=dalian_gov, role=AgreementParty.Role.HELPING, order=0
    )
    AgreementParty.objects.create(
        agreement=agreement, organization=liupanshui_gov, role=AgreementParty.Role.HELPED, order=1
    )
    MilestoneFactory(agreement=agreement)
    ProgressReportFactory(agreement=agreement, reported_on=dt.date(2019, 1, 10))
    park_agreement = AgreementFactory(pairing=world.park, title="共建产业园合作协议")
    shanghai_meeting = MeetingFactory(pairing=world.shanghai_zunyi, title="沪遵联席会议")
    shanghai_agreement = AgreementFactory(pairing=world.shanghai_zunyi, title="沪遵合作协议")
    return DalianData(
        dalian_gov, liupanshui_gov, meeting, agreement, park_agreement, shanghai_meeting, shanghai_agreement
    )


def agreement_payload(pairing_id: int, *org_ids: int, **extra: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "pairing": pairing_id,
        "title": "蛋鸡养殖项目合作协议",
        "kind": "project",
        "sector": "agriculture",
        "signed_date": "2019-05-08",
        "parties": [{"organization": org_id, "role": "party"} for org_id in org_ids],
    }
    payload.update(extra)
    return payload
