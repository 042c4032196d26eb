"""The registry's stored files: the error report of an import is served only through its scoped view
(`core.files`), under the user's file name, from a random name, mode 0600; the upload (ID numbers in clear)
is gone once the job has ended, whatever the end."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from counterpart.core.files import SANDBOX_CSP
from counterpart.core.jobs import job_file
from counterpart.households.jobs import import_job_create, import_job_run
from counterpart.households.models import ImportJob
from tests.households.conftest import Registry
from tests.households.files import member_rows, write_csv
from tests.households.test_views import login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # run by hand below
    return tmp_path / "media"


def imported(registry: Registry, tmp_path: Path, *, bad: bool) -> ImportJob:
    rows = member_rows(2, 2)
    if bad:
        rows[0]["人均纯收入"] = "abc"  # the head's row: household values are read there
    source = write_csv(tmp_path / "钟山区名单.csv", rows)
    job = import_job_create(
        actor=registry.liupanshui_office,
        upload=SimpleUploadedFile(source.name, source.read_bytes()),
        year=2020,
    )
    upload = job_file(job, job.path)
    assert upload.exists()
    assert re.fullmatch(r"[0-9a-f]{48}\.csv", upload.name)  # not the job's number, not the user's name
    assert upload.stat().st_mode & 0o777 == 0o600
    assert upload.parent.stat().st_mode & 0o777 == 0o700
    return import_job_run(job.pk)


def test_the_error_report_is_served_to_its_importer_only(registry: Registry, tmp_path: Path) -> None:
    job = imported(registry, tmp_path, bad=True)
    assert job.status == ImportJob.Status.INVALID
    assert not job_file(job, job.path).exists()  # refused: the upload is gone all the same
    report = job_file(job, job.error_report)
    assert re.fullmatch(r"[0-9a-f]{48}\.csv", report.name)  # no "import-{job}-errors.csv" to guess
    assert report.stat().st_mode & 0o777 == 0o600
    assert report.parent.stat().st_mode & 0o777 == 0o700
    url = reverse("households:import_errors", args=[job.pk])

    response = login(registry.liupanshui_office).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E9%92%9F%E5%B1%B1%E5%8C%BA%E5%90%8D%E5%8D%95%20-%20error%20report.csv"
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Security-Policy"] == SANDBOX_CSP
    assert response["X-Content-Type-Options"] == "nosniff"
    assert report.name not in str(response.headers)
    assert "abc" in b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]

    # The office of another pairing, and a reader of the same pairing, do not learn it exists.
    for other in (registry.zunyi_office, registry.world.dalian_office, registry.world.viewer):
        assert login(other).get(url).status_code == 404
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login") + "?next=")

    report.unlink()
    assert login(registry.liupanshui_office).get(url).status_code == 404


def test_a_successful_import_deletes_its_upload_and_has_no_report(registry: Registry, tmp_path: Path) -> None:
    job = imported(registry, tmp_path, bad=False)
    assert job.status == ImportJob.Status.DONE
    assert not job_file(job, job.path).exists()
    assert job.error_report == ""
    url = reverse("households:import_errors", args=[job.pk])
    assert login(registry.liupanshui_office).get(url).status_code == 404


def test_a_failed_import_deletes_its_upload(registry: Registry, tmp_path: Path, monkeypatch: Any) -> None:
    from counterpart.households import jobs as household_jobs

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("disk full")

    monkeypatch.setattr(household_jobs, "import_registry", broken)
    with pytest.raises(RuntimeError):
        imported(registry, tmp_path, bad=False)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert not job_file(job, job.path).exists()


def test_an_error_report_of_an_older_release_is_still_served(registry: Registry, media: Path) -> None:
    legacy = media / "household_imports" / "import-7-errors.csv"  # the former, predictable name
    legacy.parent.mkdir(parents=True, exist_ok=True)
    legacy.write_text("行,列,值,原因\n2,a,b,c\n", encoding="utf-8-sig")
    job = ImportJob.objects.create(
        created_by=registry.liupanshui_office,
        original_name="old.xlsx",
        year=2020,
        status=ImportJob.Status.INVALID,
        error_report=str(legacy),
    )
    response = login(registry.liupanshui_office).get(reverse("households:import_errors", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="old - error report.csv"'
