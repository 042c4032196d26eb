"""The one job runner (`core.jobs`): atomic claim, progress, uploads, the recovery when a worker starts."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from counterpart.core import jobs
from counterpart.core.cli import ProgressBar
from counterpart.core.models import JobStatus
from counterpart.households.models import ImportJob
from counterpart.households.tasks import import_registry_task
from counterpart.plans.models import PlansJob
from tests.web.conftest import compiled_messages

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _dead_identity() -> str:
    """The identity of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])  # our own interpreter
    identity = jobs.process_identity(child.pid)
    child.wait()
    return identity


def _stored(job_model: type[Any]) -> Path:
    return jobs.store_upload(
        SimpleUploadedFile("r.csv", b"id\n1\n"), directory=jobs.files_dir(job_model), suffix=".csv"
    )


def test_an_upload_is_stored_for_this_user_only_in_a_private_folder() -> None:
    path = _stored(ImportJob)
    assert path.read_bytes() == b"id\n1\n"
    assert path.suffix == ".csv"
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700


def test_a_job_is_claimed_once() -> None:
    job = ImportJob.objects.create(original_name="x.csv", path="/nonexistent", year=2020)
    assert jobs.claim(ImportJob, job.pk) is True
    assert jobs.claim(ImportJob, job.pk) is False  # a second worker, or the task run twice
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING
    assert job.worker == jobs.process_identity()
    assert jobs.process_alive(job.worker) is True


def test_run_records_the_outcome_and_deletes_the_upload_whatever_happens() -> None:
    seen: list[tuple[int, int, str]] = []
    done = ImportJob.objects.create(original_name="a.csv", path=str(_stored(ImportJob)), year=2020)

    def work(job: ImportJob, progress: jobs.Progress) -> dict[str, Any]:
        progress(5, 10, "check")
        assert jobs.job_progress(ImportJob.objects.get(pk=job.pk))["percent"] == 50
        return {"status": JobStatus.DONE, "message": "ok", "rows_total": 10, "rows_done": 10}

    result = jobs.run(ImportJob, done.pk, work, progress=lambda *args: seen.append(args))
    assert seen == [(5, 10, "check")]
    assert result.status == JobStatus.DONE
    assert result.finished_at is not None
    assert result.percent == 100
    assert not Path(done.path).exists()
    assert not jobs.progress_path(done).exists()
    assert jobs.run(ImportJob, done.pk, work).status == JobStatus.DONE  # not run again

    failing = ImportJob.objects.create(original_name="b.csv", path=str(_stored(ImportJob)), year=2020)

    def broken(job: ImportJob, progress: jobs.Progress) -> dict[str, Any]:
        progress(1, 10, "check")
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        jobs.run(ImportJob, failing.pk, broken)
    failing.refresh_from_db()
    assert failing.status == JobStatus.FAILED
    assert failing.message == "RuntimeError: disk on fire"
    assert not Path(failing.path).exists()
    assert not jobs.progress_path(failing).exists()


def test_a_file_given_to_the_cli_is_left_alone(tmp_path: Path) -> None:
    own = tmp_path / "mine.csv"
    own.write_text("id\n")
    job = ImportJob.objects.create(original_name="mine.csv", path=str(own), year=2020)
    jobs.run(ImportJob, job.pk, lambda _job, _progress: {"status": JobStatus.DONE})
    assert own.exists()


@pytest.mark.usefixtures(compiled_messages.__name__)
def test_the_stage_labels_are_translated_once_for_pages_and_the_bar(settings: Any) -> None:
    settings.LOCALE_PATHS = list(settings.LOCALE_PATHS)  # reloads the catalogues, compiled just now
    job = ImportJob.objects.create(original_name="x.csv", path="", year=2020, status=JobStatus.RUNNING)
    jobs.reporter(job)(1, 4, "members")
    with translation.override("zh-hans"):
        label = jobs.job_progress(job)["stage_label"]
    with translation.override("en"):
        assert jobs.job_progress(job)["stage_label"] == "writing members"
    assert label
    assert label != "writing members"

    class Stream:
        text = ""

        def write(self, text: str) -> None:
            self.text += text

        def flush(self) -> None:
            pass

    stream = Stream()
    with translation.override("en"):
        ProgressBar(stream)(4, 4, "members")
    assert "writing members" in stream.text
    assert "100.0%" in stream.text


def test_a_worker_that_starts_fails_the_jobs_and_tasks_of_dead_processes() -> None:
    dead = _dead_identity()
    orphan = ImportJob.objects.create(
        original_name="a.csv", path=str(_stored(ImportJob)), year=2020, status=JobStatus.RUNNING, worker=dead
    )
    jobs.reporter(orphan)(50, 200, "import")
    alive = PlansJob.objects.create(
        kind=PlansJob.Kind.IMPORT,
        path=str(_stored(PlansJob)),
        status=JobStatus.RUNNING,
        worker=jobs.process_identity(),
    )
    elsewhere = PlansJob.objects.create(
        kind=PlansJob.Kind.IMPORT, status=JobStatus.RUNNING, worker="another-host:1:1"
    )
    result = import_registry_task.enqueue(orphan.pk)
    task = DBTaskResult.objects.get(pk=result.id)
    task.claim(dead)
    with translation.override("en"):
        assert jobs.recover_dead_jobs() == 1
    orphan.refresh_from_db()
    assert orphan.status == JobStatus.FAILED
    assert "stopped before it ended" in orphan.message
    assert orphan.finished_at is not None
    assert not Path(orphan.path).exists()
    assert not jobs.progress_path(orphan).exists()
    task.refresh_from_db()
    assert task.status == "FAILED"
    assert task.exception_class_path.endswith("WorkerDied")
    for job in (alive, elsewhere):  # still running, or not this host's to judge
        job.refresh_from_db()
        assert job.status == JobStatus.RUNNING
    assert Path(alive.path).exists()


def test_a_check_never_confirmed_expires_with_its_file() -> None:
    stale = PlansJob.objects.create(
        kind=PlansJob.Kind.PREVIEW, path=str(_stored(PlansJob)), status=JobStatus.PREVIEWED
    )
    fresh = PlansJob.objects.create(
        kind=PlansJob.Kind.PREVIEW, path=str(_stored(PlansJob)), status=JobStatus.PREVIEWED
    )
    PlansJob.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - jobs.PREVIEW_KEPT - dt.timedelta(minutes=1)
    )
    assert jobs.recover_dead_jobs() == 1
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == JobStatus.FAILED
    assert not Path(stale.path).exists()
    assert fresh.status == JobStatus.PREVIEWED
    assert Path(fresh.path).exists()


def test_the_db_worker_command_is_cores_and_names_itself_by_its_process() -> None:
    from django.core.management import get_commands, load_command_class

    assert get_commands()["db_worker"] == "counterpart.core"
    command = load_command_class("counterpart.core", "db_worker")
    parser = command.create_parser("counterpart", "db_worker")
    assert parser.parse_args([]).worker_id is None  # filled in by handle with process_identity()


# --- stored names ---------------------------------------------------------------------------------------


def test_job_files_are_named_relative_to_their_folder_and_nothing_outside_is_read(tmp_path: Path) -> None:
    root = jobs.files_dir(ImportJob)
    inside = root / "report.csv"
    inside.write_text("x")
    outside = tmp_path / "elsewhere.csv"
    outside.write_text("secret")
    assert jobs.stored_name(root, inside) == "report.csv"
    assert jobs.stored_name(root, outside) == str(outside)  # a file given to the CLI stays absolute
    assert jobs.resolve_stored(root, "report.csv") == inside.resolve()
    assert jobs.resolve_stored(root, str(inside)) == inside.resolve()  # an older release's absolute path
    (root / "link.csv").symlink_to(outside)
    for refused in (str(outside), "../elsewhere.csv", "link.csv", "", ".", "/etc/passwd"):
        assert jobs.resolve_stored(root, refused) is None, refused
    job = ImportJob.objects.create(original_name="r.csv", path=str(outside), year=2020)
    assert jobs.upload_path(job) == outside  # the CLI's own file is read, and never deleted
    jobs.discard_upload(job)
    assert outside.exists()
    job.path = ""
    with pytest.raises(FileNotFoundError):
        jobs.upload_path(job)


def test_the_migration_makes_absolute_paths_under_the_folder_relative(tmp_path: Path) -> None:
    import importlib

    from django.apps import apps

    migration = importlib.import_module("counterpart.households.migrations.0010_job_paths_relative")
    root = jobs.files_dir(ImportJob)
    old = ImportJob.objects.create(
        original_name="a.csv", path=str(root / "up.csv"), error_report=str(root / "sub" / "e.csv"), year=2020
    )
    cli = ImportJob.objects.create(original_name="b.csv", path=str(tmp_path / "mine.csv"), year=2020)
    new = ImportJob.objects.create(original_name="c.csv", path="up2.csv", error_report="e2.csv", year=2020)
    migration.forwards(apps, None)
    old.refresh_from_db()
    cli.refresh_from_db()
    new.refresh_from_db()
    assert (old.path, old.error_report) == ("up.csv", "sub/e.csv")
    assert cli.path == str(tmp_path / "mine.csv")
    assert (new.path, new.error_report) == ("up2.csv", "e2.csv")
    assert (
        jobs.relative_job_paths(ImportJob, root, ("path", "error_report")) == 1
    )  # only the CLI row is looked at
