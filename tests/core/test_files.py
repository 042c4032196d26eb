"""Stored files (`core.files`): no URL serves MEDIA_ROOT in any mode; the one helper that hands a stored
file out (download or sandboxed inline, readable name, 404 naming no path); random names; modes 0600/0700.
The views' scope checks are tested per app (tests/households/test_files.py, tests/plans/test_files.py)."""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import RequestFactory, override_settings
from django.urls import Resolver404, clear_url_caches, get_resolver

from counterpart.core import files, jobs
from counterpart.core.models import JobStatus
from counterpart.core.tabular import write_error_report
from counterpart.households.models import ImportJob

RANDOM = re.compile(r"[0-9a-f]{48}")


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def done(response: Any) -> None:
    """Close the served file (without `response.close()`, which signals the end of a request)."""
    response.file_to_stream.close()


def body(response: Any) -> bytes:
    try:
        return b"".join(response.streaming_content)
    finally:
        done(response)


# --- no /media/ route ----------------------------------------------------------------------------------


@pytest.fixture
def debug_urlconf(settings: Any) -> Iterator[Any]:
    """The URLconf as `make run` builds it (DEBUG on), put back as it was afterwards."""
    import counterpart.urls

    settings.DEBUG = True
    try:
        clear_url_caches()
        yield importlib.reload(counterpart.urls)
    finally:
        settings.DEBUG = False
        importlib.reload(counterpart.urls)
        clear_url_caches()


@pytest.mark.django_db
def test_no_url_serves_a_stored_file_even_with_debug(debug_urlconf: Any, media: Path, client: Any) -> None:
    from tests.conftest import login
    from tests.factories import UserFactory

    stored = [
        jobs.store_upload(
            SimpleUploadedFile("r.csv", b"id\n1\n"), directory=jobs.files_dir(ImportJob), suffix=".csv"
        ),
        write_error_report(media / "household_imports" / "import-1-errors.csv", [(1, "a", "b", "c")]),
    ]
    resolver = get_resolver()
    assert resolver.urlconf_name == "counterpart.urls"
    superuser = login(UserFactory(username="root", is_superuser=True, is_staff=True))
    for path in stored:
        url = "/media/" + path.relative_to(media).as_posix()
        with pytest.raises(Resolver404):
            resolver.resolve(url)
        assert client.get(url).status_code == 404  # anonymous
        assert superuser.get(url).status_code == 404  # nor anyone signed in
    assert all(
        "static" not in str(p.pattern) and "media" not in str(p.pattern) for p in resolver.url_patterns
    )


# --- the helper ----------------------------------------------------------------------------------------


def serve(stored: Any, **kwargs: Any) -> Any:
    return files.serve_stored_file(RequestFactory().get("/x"), stored, **kwargs)


def test_a_stored_file_is_a_download_under_the_users_name_never_the_storage_name(tmp_path: Path) -> None:
    stored = files.new_private_file(tmp_path / "jobs", suffix=".xlsx")
    stored.write_bytes(b"PK\x03\x04workbook")
    response = serve(stored, filename="六盘水 台账.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E5%85%AD%E7%9B%98%E6%B0%B4%20%E5%8F%B0%E8%B4%A6.xlsx"  # RFC 5987
    )
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Security-Policy"] == files.SANDBOX_CSP
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert all(stored.name not in value and str(tmp_path) not in value for value in response.headers.values())
    assert body(response) == b"PK\x03\x04workbook"


@pytest.mark.parametrize(
    ("name", "content_type", "inline"),
    [
        ("photo.png", "image/png", True),
        ("photo.jpg", "image/jpeg", True),
        ("scan.pdf", "application/pdf", True),
        ("page.html", "text/html", False),  # never rendered on the site's origin
        ("drawing.svg", "image/svg+xml", False),  # an image that can carry scripts
        ("minutes.docx", "", False),
        ("errors.csv", "text/csv; charset=utf-8", False),
    ],
)
def test_only_images_and_pdf_are_shown_inline_and_always_sandboxed(
    tmp_path: Path, name: str, content_type: str, inline: bool
) -> None:
    stored = files.new_private_file(tmp_path, suffix=Path(name).suffix)
    stored.write_bytes(b"x")
    response = serve(stored, filename=name, content_type=content_type)
    disposition = response["Content-Disposition"]
    assert disposition == f'{"inline" if inline else "attachment"}; filename="{name}"'
    assert response["Content-Security-Policy"].startswith("sandbox;")
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    done(response)


def test_a_missing_file_is_a_404_that_names_no_path(tmp_path: Path) -> None:
    from counterpart.plans.models import EvidenceFile

    gone = tmp_path / "secret-folder" / "f3a9.csv"
    field = EvidenceFile(original_name="a.png").file
    field.name = "plans/evidence/ab/abcdef.png"  # a record whose file left the storage
    empty = EvidenceFile().file
    for stored in (gone, str(gone), "", None, field, empty):
        with pytest.raises(Http404) as missing:
            serve(stored, filename="a.csv")
        assert "secret-folder" not in str(missing.value)
        assert "abcdef" not in str(missing.value)


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\台账.xlsx", "台账.xlsx"),
        ('a"b\r\n.csv', "a_b_.csv"),
        ("", "download"),
        ("...", "download"),
    ],
)
def test_the_download_name_is_the_last_component_without_control_characters(given: str, shown: str) -> None:
    assert files.download_name(given) == shown


# --- names and modes -----------------------------------------------------------------------------------


def test_new_files_get_random_names_and_are_this_users_only(tmp_path: Path) -> None:
    directory = tmp_path / "new" / "folder"
    made = {files.new_private_file(directory, suffix=".csv") for _ in range(20)}
    assert len(made) == 20
    for path in made:
        assert RANDOM.fullmatch(path.stem)
        assert path.suffix == ".csv"
        assert mode(path) == 0o600
    assert mode(directory) == 0o700
    directory.chmod(0o755)  # left open by an older release
    files.new_private_file(directory)
    assert mode(directory) == 0o700


@pytest.mark.django_db
def test_uploads_error_reports_and_progress_files_are_written_0600_under_random_names(
    settings: Any, media: Path
) -> None:
    upload = jobs.store_upload(
        SimpleUploadedFile("510-名单.csv", b"id\n1\n"), directory=jobs.files_dir(ImportJob), suffix=".csv"
    )
    assert RANDOM.fullmatch(upload.stem)
    assert upload.suffix == ".csv"
    assert mode(upload) == 0o600
    assert mode(upload.parent) == 0o700
    report = write_error_report(
        files.new_private_file(media / "reports", suffix=".csv"), [(2, "a", "b", "c")]
    )
    assert isinstance(report, Path)
    assert mode(report) == 0o600
    assert mode(report.parent) == 0o700
    job = ImportJob.objects.create(original_name="r.csv", path=str(upload), year=2020)
    jobs.reporter(job)(1, 2, "check")
    assert mode(jobs.progress_path(job)) == 0o600
    # Django's storage (the evidence) writes with the same modes.
    assert settings.FILE_UPLOAD_PERMISSIONS == 0o600
    assert settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS == 0o700


@pytest.mark.django_db
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_a_job_queued_and_never_run_expires_with_its_upload() -> None:
    import datetime as dt

    from django.utils import timezone

    def queued() -> ImportJob:
        upload = jobs.store_upload(
            SimpleUploadedFile("r.csv", b"id\n1\n"), directory=jobs.files_dir(ImportJob), suffix=".csv"
        )
        return ImportJob.objects.create(original_name="r.csv", path=str(upload), year=2020)

    lost, waiting = queued(), queued()
    ImportJob.objects.filter(pk=lost.pk).update(
        created_at=timezone.now() - jobs.QUEUED_KEPT - dt.timedelta(minutes=1)
    )
    assert jobs.recover_dead_jobs() == 1
    lost.refresh_from_db()
    waiting.refresh_from_db()
    assert lost.status == JobStatus.FAILED
    assert lost.finished_at is not None
    assert not Path(lost.path).exists()
    assert waiting.status == JobStatus.QUEUED
    assert Path(waiting.path).exists()
