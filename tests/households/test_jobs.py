from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from counterpart.core.jobs import job_file
from counterpart.households.jobs import import_job_create
from counterpart.households.models import Household, ImportJob
from tests.households.conftest import Registry
from tests.households.files import member_rows, write_csv
from tests.households.test_views import login

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


@override_settings(TASKS=IMMEDIATE)
def test_upload_runs_the_task_and_reports_errors_then_success(
    registry: Registry, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    rows = member_rows(3, 2)
    rows[2]["人均纯收入"] = "abc"
    client = login(registry.liupanshui_office)
    bad = write_csv(tmp_path / "bad.csv", rows)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("households:import"), {"file": bad.open("rb"), "year": 2020})
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("households:import_job", args=[job.pk])
    assert job.status == ImportJob.Status.INVALID
    assert job.error_count == 1
    page = client.get(response["Location"]).content.decode()
    assert "error-report" in page
    assert "every 1s" not in page
    report = client.get(reverse("households:import_errors", args=[job.pk]))
    assert b"".join(report.streaming_content).decode("utf-8-sig").count("\n") == 2
    assert Household.objects.count() == 2
    rows[2]["人均纯收入"] = "3000"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("households:import"),
            {"file": write_csv(tmp_path / "ok.csv", rows).open("rb"), "year": 2020},
        )
    job = ImportJob.objects.order_by("-pk").first()
    assert job is not None
    assert job.status == ImportJob.Status.DONE
    assert job.households_created == 3
    assert Household.objects.count() == 5
    # The uploaded copies (ID numbers in clear) are gone once read; the masked error report stays.
    assert not any(job_file(j, j.path).exists() for j in ImportJob.objects.all())
    invalid = ImportJob.objects.get(status=ImportJob.Status.INVALID)
    assert not Path(invalid.error_report).is_absolute()  # relative to the job folder: a restore finds it
    assert job_file(invalid, invalid.error_report).exists()


def test_only_the_helped_office_may_import(registry: Registry) -> None:
    upload = SimpleUploadedFile("r.csv", b"x")
    for user in (registry.world.dalian_office, registry.world.viewer):
        with pytest.raises(Exception, match="helped side"):
            import_job_create(actor=user, upload=upload, year=2020)
    assert login(registry.world.dalian_office).get(reverse("households:import")).status_code == 403


def test_other_users_cannot_see_an_import(registry: Registry, tmp_path: Path) -> None:
    job = ImportJob.objects.create(
        created_by=registry.liupanshui_office, original_name="x.csv", path="/nonexistent", year=2020
    )
    assert (
        login(registry.zunyi_office).get(reverse("households:import_job", args=[job.pk])).status_code == 404
    )


def test_cli_imports_with_a_progress_bar(registry: Registry, tmp_path: Path, capsys: Any) -> None:
    from django.core.management import call_command

    path = write_csv(tmp_path / "cli.csv", member_rows(2, 2))
    call_command("import-households", str(path), "--year", "2019")
    captured = capsys.readouterr()
    assert "2" in captured.out
    assert "rows" in captured.err
    assert Household.objects.count() == 4
    assert path.exists()  # the user's own file is left alone


def test_progress_page_says_what_the_import_is_doing(registry: Registry) -> None:
    from counterpart.core import jobs

    job = ImportJob.objects.create(
        created_by=registry.liupanshui_office,
        original_name="x.csv",
        path="/nonexistent",
        year=2020,
        status=ImportJob.Status.RUNNING,
    )
    jobs.reporter(job)(50, 200, "import")
    progress = jobs.job_progress(job)
    assert progress["percent"] == 25
    assert str(progress["stage_label"]) == "checking and writing rows"
    page = login(registry.liupanshui_office).get(reverse("households:import_job", args=[job.pk]))
    assert 'id="import-stage"' in page.content.decode()
    assert 'value="25"' in page.content.decode()
