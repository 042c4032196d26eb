"""An agreement's ledger is its progress reports: a report for a period (percent complete, reviewed) is an
`agreements.ProgressReport` like a dated one, so the stall flag, the ledger page, the agreement page and both
APIs see the same reports. Scope by the agreement's pairing (its office reports and reviews, its readers
read, others get a 404), through the services, the pages and the API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone

from counterpart.agreements.models import Agreement, ProgressReport
from counterpart.agreements.selectors import agreement_change_log, agreement_list
from counterpart.agreements.services import progress_report_submit
from counterpart.plans import services
from counterpart.plans.models import EvidenceFile, LedgerEntry
from tests.factories import AgreementFactory
from tests.plans.conftest import Plans, fresh
from tests.plans.files import png
from tests.plans.test_api import client_for
from tests.plans.test_views import login

pytestmark = pytest.mark.django_db

API = "/api/plans"
PNG = png()  # a real image: evidence is decoded and re-encoded
Status = ProgressReport.ReviewStatus


@pytest.fixture
def agreement(plans: Plans) -> Any:
    return AgreementFactory(pairing=plans.world.dalian_liupanshui, title="大连六盘水产业合作协议")


def test_a_report_is_dated_or_for_a_period_one_per_period(agreement: Any) -> None:
    today = timezone.localdate()
    shapes = (
        {"year": 2018, "month": 6},  # a period without its value and review
        {"year": 2018, "month": 6, "value": Decimal("1")},  # without its review
        {"value": Decimal("1"), "review_status": Status.SUBMITTED},  # a value without a period
        {"review_status": Status.ACCEPTED},  # a dated report is not reviewed
    )
    for fields in shapes:
        with pytest.raises(IntegrityError), transaction.atomic():
            ProgressReport.objects.create(agreement=agreement, reported_on=today, **fields)
    period = {"year": 2018, "month": 6, "value": Decimal("1"), "review_status": Status.SUBMITTED}
    ProgressReport.objects.create(agreement=agreement, reported_on=today, **period)
    ProgressReport.objects.create(agreement=agreement, reported_on=today, text="dated")
    ProgressReport.objects.create(agreement=agreement, reported_on=today, text="dated again")
    with pytest.raises(IntegrityError), transaction.atomic():  # one report per agreement and period
        ProgressReport.objects.create(agreement=agreement, reported_on=today, **period)
    with pytest.raises(models.ProtectedError):
        ProgressReport.objects.first().delete()  # type: ignore[union-attr]


def test_the_office_reports_and_reviews_an_agreement(plans: Plans, agreement: Any) -> None:
    office = plans.world.dalian_office
    report = services.agreement_entry_submit(
        actor=office, agreement=agreement, year=2018, month=6, value=Decimal("40"), narrative="签约落地"
    )
    assert isinstance(report, ProgressReport)
    assert report.agreement == agreement
    assert report.reported_on == timezone.localdate()
    assert report.text == "签约落地"
    assert report.review_status == Status.SUBMITTED
    assert report.is_period_report
    assert not LedgerEntry.objects.exists()
    services.ledger_entry_return(actor=fresh(office), entry=report, comment="请补充材料")
    report = services.agreement_entry_submit(
        actor=fresh(office), agreement=agreement, year=2018, month=6, value=Decimal("45")
    )
    assert report.review_status == Status.SUBMITTED
    assert report.value == Decimal("45")
    services.ledger_entry_accept(actor=fresh(office), entry=report)
    report.refresh_from_db()
    assert report.review_status == Status.ACCEPTED
    assert report.reviewed_by == office
    assert [h.history_change_reason for h in report.history.order_by("history_date", "history_id")] == [  # type: ignore[attr-defined]
        None,
        "returned",
        None,
        "accepted",
    ]
    with pytest.raises(ValidationError, match="accepted already"):
        services.agreement_entry_submit(
            actor=fresh(office), agreement=agreement, year=2018, month=6, value=Decimal("50")
        )
    with pytest.raises(ValidationError, match="cumulative"):
        services.agreement_entry_submit(
            actor=fresh(office), agreement=agreement, year=2018, month=7, value=Decimal("30")
        )
    with pytest.raises(ValidationError, match="0 to 100"):
        services.agreement_entry_submit(
            actor=fresh(office), agreement=agreement, year=2018, month=7, value=Decimal("101")
        )


def test_a_dated_report_is_not_reviewed(plans: Plans, agreement: Any) -> None:
    office = plans.world.dalian_office
    report = progress_report_submit(
        actor=office, agreement=agreement, reported_on=dt.date(2019, 1, 10), text="项目已开工"
    )
    with pytest.raises(ValidationError, match="no longer waiting"):
        services.ledger_entry_accept(actor=fresh(office), entry=report)


@pytest.mark.parametrize("who", ["reporter", "viewer", "shanghai"])
def test_others_may_not_report_or_review(plans: Plans, agreement: Any, who: str) -> None:
    user = {
        "reporter": plans.reporter_a,
        "viewer": plans.world.viewer,
        "shanghai": plans.world.shanghai_office,
    }[who]
    with pytest.raises(PermissionDenied):
        services.agreement_entry_submit(
            actor=user, agreement=agreement, year=2018, month=6, value=Decimal("1")
        )
    report = services.agreement_entry_submit(
        actor=None, agreement=agreement, year=2018, month=6, value=Decimal("1")
    )
    with pytest.raises(PermissionDenied):
        services.ledger_entry_accept(actor=fresh(user), entry=report)


def test_an_agreement_reported_only_through_its_ledger_is_not_stalled(
    plans: Plans, agreement: Any, settings: Any
) -> None:
    today = timezone.localdate()
    agreement.signed_date = today - dt.timedelta(days=django_settings.AGREEMENT_STALL_DAYS + 30)
    agreement.status = Agreement.Status.IMPLEMENTING
    agreement.save()
    office = plans.world.dalian_office

    def flagged() -> Any:
        return agreement_list(user=fresh(office)).get(pk=agreement.pk)

    assert flagged().is_stalled
    assert flagged().last_report_date is None
    services.agreement_entry_submit(
        actor=office, agreement=agreement, year=today.year, month=today.month, value=Decimal("10")
    )
    row = flagged()
    assert not row.is_stalled
    assert row.last_report_date == today
    stalled_ids = agreement_list(user=fresh(office), stalled=True).values_list("pk", flat=True)
    assert agreement.pk not in stalled_ids


def test_the_ledger_page_and_the_agreement_page_show_the_same_reports(plans: Plans, agreement: Any) -> None:
    url = reverse("plans:agreement_ledger", args=[agreement.pk])
    office = login(plans.world.dalian_office)
    response = office.post(url, {"period": "2018-06", "value": "30", "narrative": "首批资金到位"})
    assert response.status_code == 302
    report = ProgressReport.objects.get(agreement=agreement)
    progress_report_submit(
        actor=plans.world.dalian_office,
        agreement=agreement,
        reported_on=dt.date(2019, 1, 10),
        text="项目已开工",
    )
    page = office.get(url).content.decode()
    assert "首批资金到位" in page
    assert "项目已开工" in page
    assert "agreement-entry-form" in page
    assert "review-form" in page
    detail = office.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert "首批资金到位" in detail
    assert "项目已开工" in detail
    assert "2018-06" in detail
    review = reverse("plans:agreement_report_review", args=[report.pk])
    response = office.post(review, {"decision": "accept"})
    # Back to the ledger, at the report just reviewed, where its message is shown.
    assert response["Location"] == f"{url}#report-{report.pk}"
    report.refresh_from_db()
    assert report.review_status == Status.ACCEPTED
    assert office.post(url, {"period": "2018-07", "value": "130"}).status_code == 400
    # A reporter of a unit and another pairing's office: 404; a reader of the pairing: read only.
    assert login(plans.reporter_a).get(url).status_code == 404
    assert login(plans.world.shanghai_office).get(url).status_code == 404
    assert login(plans.world.shanghai_office).post(review, {"decision": "return"}).status_code == 404
    viewer = login(plans.world.viewer)
    page = viewer.get(url).content.decode()
    assert "首批资金到位" in page
    assert "agreement-entry-form" not in page
    assert "review-form" not in page
    assert viewer.post(url, {"period": "2018-06", "value": "50"}).status_code == 403


def test_the_api(plans: Plans, agreement: Any) -> None:
    url = f"{API}/agreements/{agreement.pk}/entries"
    office = client_for(plans.world.dalian_office)
    response = office.post(url, {"year": 2018, "month": 6, "value": "20"}, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["agreement"] == agreement.pk
    assert body["year"] == 2018
    assert body["review_status"] == "submitted"
    assert ProgressReport.objects.filter(pk=body["id"], agreement=agreement).exists()
    assert office.get(f"{API}/agreement-reports/{body['id']}").json()["agreement"] == agreement.pk
    response = office.post(
        f"{API}/agreement-reports/{body['id']}/accept", {}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["review_status"] == "accepted"
    progress_report_submit(
        actor=plans.world.dalian_office,
        agreement=agreement,
        reported_on=dt.date(2019, 1, 10),
        text="项目已开工",
    )
    ledger = office.get(url).json()
    reports = office.get(f"/api/agreements/{agreement.pk}/progress-reports").json()["items"]
    assert [row["id"] for row in ledger] == [row["id"] for row in reports]
    assert len(ledger) == 2
    assert {row["year"] for row in reports} == {2018, None}
    detail = office.get(f"/api/agreements/{agreement.pk}").json()
    assert [row["id"] for row in detail["progress_reports"]] == [row["id"] for row in ledger]
    for user in (plans.reporter_a, plans.world.shanghai_office):
        other = client_for(user)
        assert other.get(url).status_code == 404
        assert other.get(f"{API}/agreement-reports/{body['id']}").status_code == 404
        payload = {"year": 2018, "month": 7, "value": "30"}
        assert other.post(url, payload, content_type="application/json").status_code == 404
    response = office.post(url, {"year": 2018, "month": 7, "value": "10"}, content_type="application/json")
    assert response.status_code == 422
    returned = office.post(
        f"{API}/agreement-reports/{body['id']}/return", {"comment": "x"}, content_type="application/json"
    )
    assert returned.status_code == 422  # accepted already: no longer waiting for review


def test_evidence_of_an_agreement_report(plans: Plans, agreement: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    report = services.agreement_entry_submit(
        actor=plans.world.dalian_office,
        agreement=agreement,
        year=2018,
        month=6,
        value=Decimal("20"),
        files=[SimpleUploadedFile("签约.png", PNG, content_type="image/png")],
    )
    evidence = EvidenceFile.objects.get()
    assert evidence.report == report
    assert evidence.entry is None
    href = reverse("plans:evidence", args=[evidence.pk])
    assert login(plans.world.dalian_office).get(href).status_code == 200
    assert login(plans.world.shanghai_office).get(href).status_code == 404
    assert (
        href
        in login(plans.world.viewer)
        .get(reverse("plans:agreement_ledger", args=[agreement.pk]))
        .content.decode()
    )
    body = client_for(plans.world.dalian_office).get(f"{API}/agreement-reports/{report.pk}").json()
    assert [row["id"] for row in body["evidence"]] == [evidence.pk]
    with pytest.raises(IntegrityError), transaction.atomic():  # on an entry or a report, never both
        EvidenceFile.objects.filter(pk=evidence.pk).update(entry=None, report=None)


def test_the_change_log_shows_a_ledger_report_by_its_period(plans: Plans, agreement: Any) -> None:
    services.agreement_entry_submit(
        actor=plans.world.dalian_office,
        agreement=agreement,
        year=2018,
        month=6,
        value=Decimal("20"),
        narrative="到位",
    )
    labels = [entry.label for entry in agreement_change_log(agreement=agreement)]
    assert "2018-06 到位" in labels


def test_the_item_ledger_is_unchanged_by_agreement_reports(plans: Plans, agreement: Any) -> None:
    services.agreement_entry_submit(actor=None, agreement=agreement, year=2018, month=6, value=Decimal("1"))
    body = client_for(plans.world.dalian_office).get(f"{API}/items/{plans.item_a.pk}/entries").json()
    assert body == []
    page = login(plans.world.dalian_office).get(reverse("plans:review")).content.decode()
    assert "大连六盘水产业合作协议" not in page
