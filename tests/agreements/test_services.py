from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from counterpart.agreements import services
from counterpart.agreements.models import Agreement, ProgressReport
from counterpart.agreements.selectors import agreement_get_for_user, agreement_history, agreement_list
from tests.conftest import World
from tests.factories import AgreementFactory, MilestoneFactory, OrganizationFactory, ProgressReportFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2019, 6, 1)


def _create(world: World, **overrides: object) -> Agreement:
    kwargs: dict = {
        "actor": world.dalian_office,
        "pairing": world.dalian_liupanshui,
        "title": "蛋鸡养殖项目合作协议",
        "parties": [(OrganizationFactory(), "helping"), (OrganizationFactory(), "helped")],
        "signed_date": dt.date(2018, 9, 12),
    }
    kwargs.update(overrides)
    return services.agreement_create(**kwargs)


def test_agreement_with_one_party_is_refused_and_nothing_is_written(world: World) -> None:
    with pytest.raises(ValidationError) as excinfo:
        _create(world, parties=[(OrganizationFactory(), "helping")])
    assert "parties" in excinfo.value.message_dict
    assert Agreement.objects.count() == 0


def test_agreement_with_end_before_start_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as excinfo:
        _create(world, start_date=dt.date(2019, 1, 1), end_date=dt.date(2018, 1, 1))
    assert "end_date" in excinfo.value.message_dict


def test_negative_value_and_unknown_currency_are_refused(world: World) -> None:
    with pytest.raises(ValidationError) as excinfo:
        _create(world, value=Decimal("-1"), currency="XXX")
    assert {"value", "currency"} <= set(excinfo.value.message_dict)


def test_office_of_another_pairing_cannot_create(world: World) -> None:
    with pytest.raises(PermissionDenied):
        _create(world, actor=world.shanghai_office)
    assert Agreement.objects.count() == 0


def test_viewer_cannot_report_progress(world: World) -> None:
    agreement = _create(world)
    with pytest.raises(PermissionDenied):
        services.progress_report_submit(
            actor=world.viewer, agreement=agreement, reported_on=dt.date(2019, 1, 1), text="进展"
        )
    assert ProgressReport.objects.count() == 0


def test_progress_report_moves_a_signed_agreement_to_implementing_and_is_in_history(world: World) -> None:
    agreement = _create(world)
    services.progress_report_submit(
        actor=world.dalian_office, agreement=agreement, reported_on=dt.date(2019, 1, 1), text="已投产"
    )
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.IMPLEMENTING
    history = agreement_history(agreement=agreement)
    assert any(
        getattr(h, "text", None) == "已投产" and h.history_user == world.dalian_office for h in history
    )


def test_progress_report_before_signing_or_in_the_future_is_refused(world: World) -> None:
    agreement = _create(world)
    for day in (dt.date(2018, 1, 1), dt.date(2999, 1, 1)):
        with pytest.raises(ValidationError) as excinfo:
            services.progress_report_submit(
                actor=world.dalian_office, agreement=agreement, reported_on=day, text="x"
            )
        assert "reported_on" in excinfo.value.message_dict


@override_settings(AGREEMENT_STALL_DAYS=90)
def test_agreement_without_report_for_90_days_is_stalled(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *_a, **_k: TODAY)
    quiet = AgreementFactory(pairing=world.dalian_liupanshui, signed_date=dt.date(2018, 9, 12))
    recent = AgreementFactory(pairing=world.dalian_liupanshui, signed_date=dt.date(2018, 9, 12))
    ProgressReportFactory(agreement=recent, reported_on=TODAY - dt.timedelta(days=30))
    done = AgreementFactory(
        pairing=world.dalian_liupanshui, signed_date=dt.date(2018, 9, 12), status=Agreement.Status.COMPLETED
    )
    flags = dict(agreement_list(user=world.assessor).values_list("pk", "is_stalled"))
    assert flags == {quiet.pk: True, recent.pk: False, done.pk: False}


def test_overdue_milestone_stalls_an_agreement_with_recent_reports(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *_a, **_k: TODAY)
    agreement = AgreementFactory(pairing=world.dalian_liupanshui, signed_date=dt.date(2019, 5, 1))
    ProgressReportFactory(agreement=agreement, reported_on=dt.date(2019, 5, 20))
    assert not agreement_get_for_user(user=world.assessor, agreement_id=agreement.pk).is_stalled
    MilestoneFactory(agreement=agreement, due_date=dt.date(2019, 5, 31))
    fetched = agreement_get_for_user(user=world.assessor, agreement_id=agreement.pk)
    assert fetched.is_stalled
    assert fetched.has_overdue_milestone


def test_list_of_a_pairing_includes_its_sub_pairings_and_nothing_of_others(world: World) -> None:
    own = AgreementFactory(pairing=world.dalian_liupanshui)
    park = AgreementFactory(pairing=world.park)
    AgreementFactory(pairing=world.shanghai_zunyi)
    ids = set(
        agreement_list(user=world.dalian_office, pairing_id=world.dalian_liupanshui.pk).values_list(
            "pk", flat=True
        )
    )
    assert ids == {own.pk, park.pk}
    assert agreement_list(user=world.shanghai_office, pairing_id=world.dalian_liupanshui.pk).count() == 0


def test_search_finds_an_agreement_by_a_partys_english_name(world: World) -> None:
    agreement = AgreementFactory(pairing=world.dalian_liupanshui, with_parties=False)
    org = OrganizationFactory(name="大连韩伟集团", name_en="Dalian Hanwei Group")
    services.agreement_update(
        actor=world.dalian_office,
        agreement=agreement,
        parties=[(org, "helping"), (OrganizationFactory(), "helped")],
    )
    assert list(agreement_list(user=world.viewer, search="hanwei").values_list("pk", flat=True)) == [
        agreement.pk
    ]


def test_list_query_count_does_not_grow_with_rows(world: World, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        AgreementFactory(pairing=world.dalian_liupanshui)
    with django_assert_max_num_queries(3):
        rows = list(agreement_list(user=world.dalian_office))
        [p.organization.name for a in rows for p in a.parties.all()]
    for _ in range(27):
        AgreementFactory(pairing=world.dalian_liupanshui)
    with django_assert_max_num_queries(3):
        rows = list(agreement_list(user=world.dalian_office))
        [p.organization.name for a in rows for p in a.parties.all()]
    assert len(rows) == 30


def test_list_of_a_pairing_includes_pairings_two_levels_down(world: World) -> None:
    from tests.factories import PairingFactory

    grandchild = PairingFactory(parent=world.park, level="enterprise_village")
    deep = AgreementFactory(pairing=grandchild)
    ids = set(
        agreement_list(user=world.dalian_office, pairing_id=world.dalian_liupanshui.pk).values_list(
            "pk", flat=True
        )
    )
    assert deep.pk in ids
