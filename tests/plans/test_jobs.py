"""Import and export as background tasks from the web: enqueue, a progress page polled with htmx, the result
(the imported list, or the workbook to download); only the job's creator sees it."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from python_calamine import CalamineWorkbook

from counterpart.core.jobs import job_file
from counterpart.plans import jobs
from counterpart.plans.models import PlansJob, ResponsibilityList
from tests.plans.conftest import Plans
from tests.plans.test_views import IMMEDIATE, login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _csv(plans: Plans, *, bad: bool = False) -> SimpleUploadedFile:
    a, b = plans.unit_a.name, plans.unit_b.name
    rows = f"1,甲,{a},2018-12-31\n2,乙,{'不存在' if bad else b},{'2018-13-40' if bad else '2018-11-30'}\n"
    return SimpleUploadedFile("list.csv", ("序号,工作任务,责任单位,完成时限\n" + rows).encode())


@override_settings(TASKS=IMMEDIATE)
def test_a_checked_files_errors_download_as_the_same_csv_report_the_registry_gives(
    plans: Plans, django_capture_on_commit_callbacks: Any
) -> None:
    office = plans.world.dalian_office
    # The job is written in the language of whoever started it (here the default), not the worker's.
    with translation.override("zh-hans"), django_capture_on_commit_callbacks(execute=True):
        job = jobs.import_job_create(
            actor=office, source=_csv(plans, bad=True), owner=plans.owner, year=2018, title="x", preview=True
        )
    job.refresh_from_db()
    page = login(office).get(reverse("plans:job", args=[job.pk])).content.decode()
    assert reverse("plans:job_errors", args=[job.pk]) in page
    response = login(office).get(reverse("plans:job_errors", args=[job.pk]))
    # Named after the user's file, in the user's language (RFC 5987), never after the job.
    assert (
        response["Content-Disposition"]
        == "attachment; filename*=utf-8''list%20-%20%E9%94%99%E8%AF%AF%E6%8A%A5%E5%91%8A.csv"
    )
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "行,列,值,原因"  # translated headers (zh-Hans)
    assert any(line.startswith("3,完成时限,2018-13-40,") and "不是日期" in line for line in lines)
    assert len(lines) == len(job.errors) + 1
    assert job.language == "zh-hans"
    # The creator's only, and only when there are errors.
    assert (
        login(plans.world.shanghai_office).get(reverse("plans:job_errors", args=[job.pk])).status_code == 404
    )
    job.errors = []
    job.save(update_fields=["errors"])
    assert login(office).get(reverse("plans:job_errors", args=[job.pk])).status_code == 404


def test_a_queued_job_shows_progress_polled_by_htmx(plans: Plans) -> None:
    office = plans.world.dalian_office
    job = jobs.import_job_create(
        actor=office, source=_csv(plans), owner=plans.owner, year=2018, title="后台导入"
    )  # not run: the on-commit enqueue is not executed here
    client = login(office)
    page = client.get(reverse("plans:job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert 'data-status="queued"' in page
    partial = client.get(reverse("plans:job", args=[job.pk]), headers={"HX-Request": "true"})
    assert partial.content.decode().lstrip().startswith("<section")
    assert "every 1s" in partial.content.decode()
    # Only its creator (or a superuser) sees a job.
    assert login(plans.world.shanghai_office).get(reverse("plans:job", args=[job.pk])).status_code == 404
    assert login(plans.world.assessor).get(reverse("plans:job", args=[job.pk])).status_code == 404


@override_settings(TASKS=IMMEDIATE)
def test_the_task_imports_or_lists_every_row_error(
    plans: Plans, django_capture_on_commit_callbacks: Any
) -> None:
    office = plans.world.dalian_office
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.import_job_create(
            actor=office, source=_csv(plans, bad=True), owner=plans.owner, year=2018, title="坏文件"
        )
    job.refresh_from_db()
    assert job.status == PlansJob.Status.INVALID
    assert len(job.errors) >= 2
    assert not ResponsibilityList.objects.filter(title="坏文件").exists()
    page = login(office).get(reverse("plans:job", args=[job.pk])).content.decode()
    assert "import-errors" in page
    assert "2018-13-40" in page
    assert "every 1s" not in page
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.import_job_create(
            actor=office,
            source=_csv(plans),
            owner=plans.owner,
            year=2018,
            title="好文件",
            pairing=plans.world.dalian_liupanshui,
        )
    job.refresh_from_db()
    assert job.status == PlansJob.Status.DONE
    assert job.responsibility_list is not None
    assert job.responsibility_list.items.count() == 2
    assert job.percent == 100
    assert not job_file(job, job.path).exists()  # the upload is removed once imported


def test_only_an_office_may_queue_an_import(plans: Plans) -> None:
    for user in (plans.reporter_a, plans.world.viewer, plans.world.shanghai_office):
        with pytest.raises(PermissionDenied):
            jobs.import_job_create(
                actor=user,
                source=_csv(plans),
                owner=plans.owner,
                year=2018,
                title="x",
                pairing=plans.world.dalian_liupanshui,
            )
    assert not PlansJob.objects.exists()


@override_settings(TASKS=IMMEDIATE)
def test_the_export_task_and_the_download(plans: Plans, django_capture_on_commit_callbacks: Any) -> None:
    client = login(plans.world.dalian_office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("plans:export_job", args=[plans.rlist.pk]), {"period": "2018-06"})
    job = PlansJob.objects.get()
    assert response["Location"] == reverse("plans:job", args=[job.pk])
    assert job.status == PlansJob.Status.DONE
    assert job.kind == PlansJob.Kind.EXPORT
    page = client.get(response["Location"]).content.decode()
    assert "job-download" in page
    assert "every 1s" not in page
    download = client.get(reverse("plans:job_download", args=[job.pk]))
    content = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    assert download.status_code == 200
    assert content[:2] == b"PK"
    assert f"ledger-{plans.rlist.pk}-2018-06.xlsx" in download["Content-Disposition"]
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    assert [str(r[1]) for r in rows[1:-1]] == ["建设扶贫车间", "劳务输出培训"]
    assert str(rows[-1][0]).startswith("注：")
    # Another user cannot fetch it; a reporter's export holds only its unit's items.
    assert login(plans.reporter_b).get(reverse("plans:job_download", args=[job.pk])).status_code == 404
    reporter = login(plans.reporter_a)
    with django_capture_on_commit_callbacks(execute=True):
        reporter.post(reverse("plans:export_job", args=[plans.rlist.pk]), {"period": "2018-06"})
    mine = PlansJob.objects.get(created_by=plans.reporter_a)
    content = b"".join(reporter.get(reverse("plans:job_download", args=[mine.pk])).streaming_content)  # type: ignore[attr-defined]
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    assert [str(r[1]) for r in rows[1:-1]] == ["建设扶贫车间"]
    assert (
        login(plans.world.shanghai_office)
        .post(reverse("plans:export_job", args=[plans.rlist.pk]))
        .status_code
        == 404
    )
