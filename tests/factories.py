"""factory-boy factories shared by every test package."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from counterpart.agreements.models import Agreement, AgreementParty, Milestone, ProgressReport
from counterpart.geo.models import Region
from counterpart.meetings.models import Attendance, Decision, Meeting
from counterpart.orgs.models import Organization, Person
from counterpart.pairings.models import Pairing, ScopeGrant


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw-Secret-123")


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{990000 + n}")
    name = factory.Sequence(lambda n: f"测试地区{n}")
    name_en = factory.Sequence(lambda n: f"Region {n}")
    level = Region.Level.PREFECTURE


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"测试单位{n}")
    name_en = factory.Sequence(lambda n: f"Unit {n}")
    kind = Organization.Kind.ENTERPRISE
    region = factory.SubFactory(RegionFactory)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"张{n}")


class PairingFactory(factory.django.DjangoModelFactory):
    """A pairing with its `path` set as the service sets it."""

    class Meta:
        model = Pairing
        skip_postgeneration_save = True

    helper_region = factory.SubFactory(RegionFactory)
    helped_region = factory.SubFactory(RegionFactory)
    level = Pairing.Level.CITY
    programme = Pairing.Programme.EAST_WEST

    @factory.post_generation
    def set_path(obj: Pairing, create: bool, extracted: object, **kwargs: object) -> None:
        obj.path = f"{obj.parent.path if obj.parent else '/'}{obj.pk}/"
        if create:
            Pairing.objects.filter(pk=obj.pk).update(path=obj.path)


class ScopeGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScopeGrant

    user = factory.SubFactory(UserFactory)
    role = ScopeGrant.Role.OFFICE
    side = ScopeGrant.Side.HELPING


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    kind = Meeting.Kind.JOINT_MEETING
    title = factory.Sequence(lambda n: f"联席会议{n}")
    pairing = factory.SubFactory(PairingFactory)
    date = dt.date(2019, 5, 8)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    text = "加强产业合作"


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"合作协议{n}")
    pairing = factory.SubFactory(PairingFactory)
    signed_date = dt.date(2018, 9, 12)
    kind = Agreement.Kind.COOPERATION

    @factory.post_generation
    def with_parties(obj: Agreement, create: bool, extracted: object, **kwargs: object) -> None:
        if create and extracted is not False:
            for order in range(2):
                AgreementParty.objects.create(agreement=obj, organization=OrganizationFactory(), order=order)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    agreement = factory.SubFactory(AgreementFactory)
    what = "完成一期建设"
    due_date = dt.date(2019, 3, 1)


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    agreement = factory.SubFactory(AgreementFactory)
    reported_on = dt.date(2019, 1, 10)
    text = "项目已开工"
