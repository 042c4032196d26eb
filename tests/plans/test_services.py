"""The ledger rules: who reports, who reviews, races, evidence, spot checks and findings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models

from counterpart.agreements.models import ProgressReport
from counterpart.plans import services
from counterpart.plans.models import AuditFinding, LedgerEntry, SpotCheckResult
from counterpart.plans.selectors import item_list, spot_check_verify
from tests.factories import AgreementFactory, ProgressReportFactory
from tests.plans.conftest import Plans, fresh
from tests.plans.files import png

pytestmark = pytest.mark.django_db

PNG = png()  # a real image: evidence is decoded and re-encoded
PDF = b"%PDF-1.4\n%fake\n"


def submit(plans: Plans, user: object, item: object = None, **kw: object) -> LedgerEntry:
    args = {"year": 2018, "month": 6, "value": Decimal("40"), "narrative": "已完成40亩"}
    args.update(kw)
    return services.ledger_entry_submit(actor=user, item=item or plans.item_a, **args)  # type: ignore[arg-type]


def test_a_reporter_reports_on_its_units_items(plans: Plans) -> None:
    entry = submit(plans, plans.reporter_a)
    assert entry.status == LedgerEntry.Status.SUBMITTED
    assert entry.reporter == plans.reporter_a


def test_a_reporter_cannot_report_on_another_units_item(plans: Plans) -> None:
    with pytest.raises(PermissionDenied):
        submit(plans, plans.reporter_a, item=plans.item_b)


def test_an_office_of_another_pairing_cannot_report(plans: Plans) -> None:
    with pytest.raises(PermissionDenied):
        submit(plans, plans.world.shanghai_office)


def test_a_reporter_sees_only_its_units_items(plans: Plans) -> None:
    assert list(item_list(user=plans.reporter_a)) == [plans.item_a]
    assert set(item_list(user=plans.world.dalian_office)) == {plans.item_a, plans.item_b}
    assert set(item_list(user=plans.world.viewer)) == {plans.item_a, plans.item_b}
    assert list(item_list(user=plans.world.shanghai_office)) == [plans.shanghai_item]


def test_the_office_returns_and_the_reporter_corrects_then_the_office_accepts(plans: Plans) -> None:
    entry = submit(plans, plans.reporter_a)
    services.ledger_entry_return(actor=plans.world.dalian_office, entry=entry, comment="缺少照片")
    entry.refresh_from_db()
    assert entry.status == LedgerEntry.Status.RETURNED
    assert entry.review_comment == "缺少照片"
    corrected = submit(plans, fresh(plans.reporter_a), value=Decimal("42"))
    assert corrected.pk == entry.pk
    assert corrected.status == LedgerEntry.Status.SUBMITTED
    services.ledger_entry_accept(actor=fresh(plans.world.dalian_office), entry=corrected)
    corrected.refresh_from_db()
    assert corrected.status == LedgerEntry.Status.ACCEPTED
    assert corrected.reviewed_by == plans.world.dalian_office
    # every step kept in history
    assert corrected.history.count() >= 4  # type: ignore[attr-defined]


def test_a_return_needs_a_comment(plans: Plans) -> None:
    entry = submit(plans, plans.reporter_a)
    with pytest.raises(ValidationError):
        services.ledger_entry_return(actor=plans.world.dalian_office, entry=entry, comment=" ")


def test_a_reporter_cannot_review(plans: Plans) -> None:
    entry = submit(plans, plans.reporter_a)
    with pytest.raises(PermissionDenied):
        services.ledger_entry_accept(actor=plans.reporter_a, entry=entry)
    with pytest.raises(PermissionDenied):
        services.ledger_entry_accept(actor=plans.world.viewer, entry=entry)


def test_of_two_concurrent_reviews_only_the_first_wins(plans: Plans) -> None:
    entry = submit(plans, plans.reporter_a)
    stale = LedgerEntry.objects.get(pk=entry.pk)  # a second reviewer loaded the page before the first acted
    services.ledger_entry_accept(actor=plans.world.dalian_office, entry=entry)
    with pytest.raises(ValidationError, match="no longer waiting"):
        services.ledger_entry_return(actor=plans.world.assessor, entry=stale, comment="不对")
    entry.refresh_from_db()
    assert entry.status == LedgerEntry.Status.ACCEPTED


def test_an_accepted_entry_is_final(plans: Plans) -> None:
    entry = submit(plans, plans.reporter_a)
    services.ledger_entry_accept(actor=plans.world.dalian_office, entry=entry)
    with pytest.raises(ValidationError, match="accepted"):
        submit(plans, plans.reporter_a, value=Decimal("60"))


def test_a_cumulative_value_cannot_fall(plans: Plans) -> None:
    entry = submit(plans, plans.reporter_a, month=5, value=Decimal("50"))
    services.ledger_entry_accept(actor=plans.world.dalian_office, entry=entry)
    with pytest.raises(ValidationError, match="cumulative"):
        submit(plans, plans.reporter_a, month=6, value=Decimal("30"))


def test_a_future_period_is_refused(plans: Plans) -> None:
    with pytest.raises(ValidationError):
        submit(plans, plans.reporter_a, year=2100, month=1)


def test_ledger_entries_are_never_deleted(plans: Plans) -> None:
    entry = submit(plans, plans.reporter_a)
    with pytest.raises(models.ProtectedError):
        entry.delete()
    with pytest.raises(models.ProtectedError):
        plans.item_a.delete()
    with pytest.raises(models.ProtectedError):  # nor in bulk, by a queryset or the manager
        LedgerEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(models.ProtectedError):
        LedgerEntry.objects.all().delete()
    assert LedgerEntry.objects.filter(pk=entry.pk).exists()


def test_progress_reports_are_never_deleted(world: Any) -> None:
    report = ProgressReportFactory(agreement=AgreementFactory(pairing=world.dalian_liupanshui))
    with pytest.raises(models.ProtectedError):
        report.delete()
    with pytest.raises(models.ProtectedError):
        ProgressReport.objects.filter(pk=report.pk).delete()
    assert ProgressReport.objects.filter(pk=report.pk).exists()


def test_evidence_is_stored_with_its_checksum(plans: Plans, settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    entry = submit(
        plans, plans.reporter_a, files=[SimpleUploadedFile("现场.png", PNG, content_type="image/png")]
    )
    evidence = entry.evidence.get()  # type: ignore[attr-defined]
    import hashlib

    stored = evidence.file.read()
    assert evidence.sha256 == hashlib.sha256(stored).hexdigest()
    assert evidence.size == len(stored)
    assert evidence.content_type == "image/png"
    assert evidence.original_name == "现场.png"
    assert stored.startswith(b"\x89PNG\r\n\x1a\n")


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("script.exe", b"MZ....", "only PDF"),
        ("fake.pdf", b"<html>", "not really"),
    ],
)
def test_evidence_of_other_types_is_refused(
    plans: Plans, settings: object, tmp_path: object, name: str, content: bytes, reason: str
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    with pytest.raises(ValidationError, match=reason):
        submit(plans, plans.reporter_a, files=[SimpleUploadedFile(name, content)])
    assert not LedgerEntry.objects.exists()  # nothing written partially


def test_evidence_above_the_size_limit_is_refused(plans: Plans, settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    settings.PLANS_EVIDENCE_MAX_BYTES = 10  # type: ignore[attr-defined]
    with pytest.raises(ValidationError, match="larger"):
        submit(plans, plans.reporter_a, files=[SimpleUploadedFile("a.pdf", PDF)])


def test_a_spot_check_draw_can_be_reproduced_from_its_seed(plans: Plans) -> None:
    check = services.spot_check_draw(
        actor=plans.world.dalian_office, responsibility_list=plans.rlist, sample_size=1, seed=12345
    )
    ids = list(plans.rlist.items.values_list("pk", flat=True))
    assert len(check.drawn_item_ids) == 1
    assert spot_check_verify(check=check, item_ids=ids)
    again = services.spot_check_draw(
        actor=plans.world.dalian_office, responsibility_list=plans.rlist, sample_size=1, seed=12345
    )
    assert again.drawn_item_ids == check.drawn_item_ids
    result = check.results.get()  # type: ignore[attr-defined]
    with pytest.raises(ValidationError):
        services.spot_check_record(actor=plans.world.dalian_office, result=result, outcome="discrepancy")
    services.spot_check_record(
        actor=plans.world.dalian_office, result=result, outcome="discrepancy", note="数量不符"
    )
    assert SpotCheckResult.objects.get(pk=result.pk).result == "discrepancy"


def test_a_reporter_cannot_draw_spot_checks(plans: Plans) -> None:
    with pytest.raises(PermissionDenied):
        services.spot_check_draw(actor=plans.reporter_a, responsibility_list=plans.rlist, sample_size=1)


def test_an_audit_finding_closes_with_a_closing_rectification(plans: Plans) -> None:
    finding = services.audit_finding_create(
        actor=plans.world.dalian_office,
        responsibility_list=plans.rlist,
        unit=plans.unit_a,
        text="资金拨付滞后",
        deadline=dt.date(2018, 10, 1),
    )
    services.rectification_add(
        actor=plans.reporter_a, finding=finding, date=dt.date(2018, 9, 1), text="已拨付一半"
    )
    with pytest.raises(PermissionDenied):
        services.rectification_add(
            actor=plans.reporter_b, finding=finding, date=dt.date(2018, 9, 1), text="x"
        )
    services.rectification_add(
        actor=plans.world.dalian_office,
        finding=finding,
        date=dt.date(2018, 9, 20),
        text="全部拨付",
        closes=True,
    )
    assert AuditFinding.objects.get(pk=finding.pk).closed_at is not None
    with pytest.raises(ValidationError):
        services.rectification_add(
            actor=plans.reporter_a, finding=finding, date=dt.date(2018, 9, 21), text="x"
        )


def test_an_item_needs_a_task_and_a_deadline_after_its_start(plans: Plans) -> None:
    office = plans.world.dalian_office
    with pytest.raises(ValidationError):
        services.item_create(
            actor=office,
            responsibility_list=plans.rlist,
            number="3",
            task=" ",
            lead_unit=plans.unit_a,
            deadline=dt.date(2018, 12, 31),
        )
    with pytest.raises(ValidationError):
        services.item_create(
            actor=office,
            responsibility_list=plans.rlist,
            number="3",
            task="x",
            lead_unit=plans.unit_a,
            deadline=dt.date(2017, 12, 31),
        )
    with pytest.raises(ValidationError):
        services.item_create(
            actor=office,
            responsibility_list=plans.rlist,
            number="3",
            task="x",
            lead_unit=plans.unit_a,
            co_units=[plans.unit_a],
            deadline=dt.date(2018, 12, 31),
        )
    with pytest.raises(PermissionDenied):
        services.item_create(
            actor=plans.world.shanghai_office,
            responsibility_list=plans.rlist,
            number="3",
            task="x",
            lead_unit=plans.unit_a,
            deadline=dt.date(2018, 12, 31),
        )
    item = services.item_create(
        actor=office,
        responsibility_list=plans.rlist,
        number="3",
        task="x",
        lead_unit=plans.unit_a,
        co_units=[plans.unit_b],
        deadline=dt.date(2018, 12, 31),
    )
    assert item.start_date == dt.date(2018, 1, 1)
    assert item.co_units == [plans.unit_b]
    assert [u.organization for u in item.lead_units] == [plans.unit_a]


def test_an_office_creates_lists_for_its_own_region_without_a_pairing(plans: Plans) -> None:
    rlist = services.responsibility_list_create(
        actor=plans.world.dalian_office, title="大连市生态环境保护责任清单", owner=plans.owner, year=2021
    )
    assert rlist.pairing is None
    with pytest.raises(PermissionDenied):
        services.responsibility_list_create(
            actor=plans.world.shanghai_office, title="x", owner=plans.owner, year=2021
        )
