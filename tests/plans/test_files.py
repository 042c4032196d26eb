"""Every file the plans pages hand out goes through `core.files.serve_stored_file` (stored: evidence, the
export job's workbook) or its headers (built for the request: a checked file's error CSV, the dispatch and
ledger workbooks): who may fetch each, with which headers, from which stored name and mode."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from counterpart.core.files import SANDBOX_CSP
from counterpart.core.jobs import job_file
from counterpart.plans import jobs, services
from counterpart.plans.models import EvidenceFile, PlansJob
from tests.conftest import login
from tests.factories import AgreementFactory
from tests.plans import files
from tests.plans.conftest import Plans

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def assert_anonymous_is_sent_to_login(url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


def content(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def evidence_of(plans: Plans, name: str, data: bytes) -> EvidenceFile:
    entry = services.ledger_entry_submit(
        actor=plans.reporter_a,
        item=plans.item_a,
        year=2018,
        month=6,
        value=Decimal("40"),
        files=[SimpleUploadedFile(name, data)],
    )
    return entry.evidence.get()  # type: ignore[attr-defined,no-any-return]


EVIDENCE = [
    ("现场.png", files.png(), "image/png", "inline; filename*=utf-8''%E7%8E%B0%E5%9C%BA.png"),
    ("scan.pdf", files.pdf(), "application/pdf", 'inline; filename="scan.pdf"'),
    (
        "会议纪要.docx",
        files.docx_file(),
        None,
        "attachment; filename*=utf-8''%E4%BC%9A%E8%AE%AE%E7%BA%AA%E8%A6%81.docx",
    ),
]


@pytest.mark.parametrize(
    ("name", "data", "content_type", "disposition"), EVIDENCE, ids=[e[0] for e in EVIDENCE]
)
def test_evidence_is_served_to_its_readers_only(
    plans: Plans, name: str, data: bytes, content_type: str | None, disposition: str
) -> None:
    evidence = evidence_of(plans, name, data)
    stored = Path(evidence.file.path)
    assert re.fullmatch(r"[0-9a-f]{48}\.\w+", stored.name)
    assert stored.stat().st_mode & 0o777 == 0o600
    assert stored.parent.stat().st_mode & 0o777 == 0o700
    url = reverse("plans:evidence", args=[evidence.pk])
    for reader in (plans.reporter_a, plans.world.dalian_office, plans.world.viewer, plans.world.assessor):
        response = login(reader).get(url)
        assert response.status_code == 200, reader
        assert response["Content-Disposition"] == disposition
        assert response["Content-Type"] == (content_type or evidence.content_type)
        assert response["Content-Security-Policy"] == SANDBOX_CSP
        assert response["X-Content-Type-Options"] == "nosniff"
        assert stored.name not in str(response.headers)
        assert content(response) == stored.read_bytes()
    # Another pairing's office and another unit's reporter do not learn it exists.
    for other in (plans.world.shanghai_office, plans.reporter_b):
        assert login(other).get(url).status_code == 404
    assert_anonymous_is_sent_to_login(url)
    stored.unlink()
    assert login(plans.reporter_a).get(url).status_code == 404


def test_evidence_of_an_agreement_report_is_served_the_same_way(plans: Plans) -> None:
    agreement = AgreementFactory(pairing=plans.world.dalian_liupanshui, title="产业合作协议")
    services.agreement_entry_submit(
        actor=plans.world.dalian_office,
        agreement=agreement,
        year=2018,
        month=6,
        value=Decimal("20"),
        files=[SimpleUploadedFile("签约.pdf", files.pdf())],
    )
    url = reverse("plans:evidence", args=[EvidenceFile.objects.get().pk])
    response = login(plans.world.dalian_office).get(url)
    assert (response.status_code, response["Content-Security-Policy"]) == (200, SANDBOX_CSP)
    assert response["Content-Disposition"].startswith("inline;")
    assert login(plans.world.shanghai_office).get(url).status_code == 404
    assert_anonymous_is_sent_to_login(url)


def test_evidence_stored_by_an_older_release_under_its_checksum_is_still_served(
    plans: Plans, media: Path
) -> None:
    evidence = evidence_of(plans, "现场.png", files.png())
    legacy = f"plans/evidence/{evidence.sha256[:2]}/{evidence.sha256}.png"
    (media / legacy).parent.mkdir(parents=True, exist_ok=True)
    Path(evidence.file.path).rename(media / legacy)
    EvidenceFile.objects.filter(pk=evidence.pk).update(file=legacy)
    response = login(plans.reporter_a).get(reverse("plans:evidence", args=[evidence.pk]))
    assert response.status_code == 200
    assert content(response)[:8] == b"\x89PNG\r\n\x1a\n"


@override_settings(TASKS=IMMEDIATE)
def test_the_exported_workbook_is_its_creators_only(
    plans: Plans, django_capture_on_commit_callbacks: Any
) -> None:
    office = login(plans.world.dalian_office)
    with django_capture_on_commit_callbacks(execute=True):
        office.post(reverse("plans:export_job", args=[plans.rlist.pk]), {"period": "2018-06"})
    job = PlansJob.objects.get()
    stored = job_file(job, job.result_path)
    assert re.fullmatch(r"[0-9a-f]{48}\.xlsx", stored.name)
    assert stored.stat().st_mode & 0o777 == 0o600
    assert stored.parent.stat().st_mode & 0o777 == 0o700
    url = reverse("plans:job_download", args=[job.pk])
    response = office.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == f'attachment; filename="{jobs.export_file_name(job)}"'
    assert response["Content-Security-Policy"] == SANDBOX_CSP
    assert content(response)[:2] == b"PK"
    for other in (plans.world.shanghai_office, plans.world.viewer, plans.reporter_a):
        assert login(other).get(url).status_code == 404
    assert_anonymous_is_sent_to_login(url)
    # Recorded relative to the job folder; the absolute path an older release stored is still served from
    # inside the folder, and a path leading out of it is refused.
    assert job.result_path == stored.name
    PlansJob.objects.filter(pk=job.pk).update(result_path=str(stored))
    assert office.get(url).status_code == 200
    outside = stored.parents[2] / "outside.xlsx"
    outside.write_bytes(stored.read_bytes())
    for leading_out in (str(outside), "../../outside.xlsx"):
        PlansJob.objects.filter(pk=job.pk).update(result_path=leading_out)
        assert office.get(url).status_code == 404
    PlansJob.objects.filter(pk=job.pk).update(result_path=stored.name)
    stored.unlink()
    assert office.get(url).status_code == 404


@override_settings(TASKS=IMMEDIATE)
def test_a_list_upload_is_deleted_when_its_check_is_refused_or_its_import_ends(
    plans: Plans, django_capture_on_commit_callbacks: Any
) -> None:
    def upload(body: str) -> PlansJob:
        source = SimpleUploadedFile("清单.csv", ("序号,工作任务,责任单位,完成时限\n" + body).encode())
        with django_capture_on_commit_callbacks(execute=True):
            job = jobs.import_job_create(
                actor=plans.world.dalian_office,
                source=source,
                owner=plans.owner,
                year=2018,
                title="清单",
                preview=True,
            )
        assert re.fullmatch(r"[0-9a-f]{48}\.csv", job_file(job, job.path).name)
        job.refresh_from_db()
        return job

    refused = upload(f"1,甲,{plans.unit_a.name},不知道\n")  # a deadline in no form the importer reads
    assert refused.status == PlansJob.Status.INVALID
    assert not job_file(refused, refused.path).exists()
    checked = upload(f"1,甲,{plans.unit_a.name},2018-12-31\n")
    assert checked.status == PlansJob.Status.PREVIEWED
    assert job_file(checked, checked.path).stat().st_mode & 0o777 == 0o600  # kept for the confirmation only
    with django_capture_on_commit_callbacks(execute=True):
        jobs.import_job_confirm(actor=plans.world.dalian_office, job=checked)
    checked.refresh_from_db()
    assert checked.status == PlansJob.Status.DONE
    assert not job_file(checked, checked.path).exists()
    errors = reverse("plans:job_errors", args=[refused.pk])
    response = login(plans.world.dalian_office).get(errors)
    assert response["Content-Disposition"].startswith(
        "attachment; filename*=utf-8''%E6%B8%85%E5%8D%95%20-%20"
    )
    assert response["Content-Security-Policy"] == SANDBOX_CSP
    assert login(plans.world.shanghai_office).get(errors).status_code == 404
    assert_anonymous_is_sent_to_login(errors)


def test_workbooks_built_for_the_request_carry_the_same_headers(plans: Plans) -> None:
    office = login(plans.world.dalian_office)
    for url in (
        reverse("plans:export", args=[plans.rlist.pk]) + "?period=2018-06",
        reverse("plans:dispatch", args=[plans.rlist.pk]) + "?period=2018-06&format=xlsx",
    ):
        response = office.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == XLSX, url
        assert response["Content-Disposition"].startswith("attachment; filename=")
        assert response["Content-Security-Policy"] == SANDBOX_CSP
        assert response["X-Content-Type-Options"] == "nosniff"
        assert login(plans.world.shanghai_office).get(url).status_code == 404
        assert_anonymous_is_sent_to_login(url)
