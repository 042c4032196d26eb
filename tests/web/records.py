"""Records of the standard world that the page tests share: a joint meeting of Dalian → Liupanshui with a
signing ceremony as its part; three agreements — one reported on recently, one stalled by an overdue
milestone, one of the park sub-pairing signed a month ago; and one Shanghai → Zunyi meeting and agreement."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from counterpart.agreements.models import Agreement
from counterpart.meetings.models import Attendance, Meeting
from tests.conftest import World, login
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


@dataclass
class Records:
    meeting: Meeting
    ceremony: Meeting
    agreement: Agreement
    stalled: Agreement
    park_agreement: Agreement
    sz_meeting: Meeting
    sz_agreement: Agreement
    orgs: list[Any]


def make_records(world: World) -> Records:
    dl = world.dalian_liupanshui
    meeting = MeetingFactory(
        pairing=dl,
        title="大连市·六盘水市东西部扶贫协作联席会议",
        number=3,
        date=dt.date(2018, 9, 12),
        place="六盘水",
    )
    ceremony = MeetingFactory(
        pairing=dl, parent=meeting, kind=Meeting.Kind.SIGNING, title="签约仪式", date=dt.date(2018, 9, 12)
    )
    AttendanceFactory(
        meeting=meeting,
        person=PersonFactory(name="谭作钧", name_en="Tan Zuojun"),
        role=Attendance.Role.SPEAKER,
        title="大连市委书记",
    )
    DecisionFactory(meeting=meeting, text="共建产业园区")
    orgs = [OrganizationFactory(name=f"企业{i}", name_en=f"Firm {i}") for i in range(3)]
    agreement = AgreementFactory(
        pairing=dl, meeting=ceremony, title="蛋鸡养殖项目合作协议", signed_date=dt.date(2018, 9, 12)
    )
    today = timezone.localdate()
    ProgressReportFactory(agreement=agreement, reported_on=dt.date(2019, 1, 10), text="项目已开工")
    ProgressReportFactory(agreement=agreement, reported_on=today - dt.timedelta(days=10), text="二期投产")
    stalled = AgreementFactory(
        pairing=dl,
        title="茶叶销售协议",
        status=Agreement.Status.IMPLEMENTING,
        signed_date=dt.date(2018, 9, 12),
    )
    MilestoneFactory(agreement=stalled, what="完成一期建设", due_date=dt.date(2019, 3, 1))
    park_agreement = AgreementFactory(
        pairing=world.park, title="共建产业园协议", signed_date=today - dt.timedelta(days=30)
    )
    sz = world.shanghai_zunyi
    sz_meeting = MeetingFactory(pairing=sz, title="沪遵联席会议", date=dt.date(2019, 5, 8))
    sz_agreement = AgreementFactory(pairing=sz, meeting=sz_meeting, title="沪遵合作协议")
    return Records(meeting, ceremony, agreement, stalled, park_agreement, sz_meeting, sz_agreement, orgs)


client_for = login
