"""Registry import jobs: an upload becomes an `ImportJob`, a background task (django-tasks) runs the
importer through `core.jobs.run`; the CLI runs the same `import_job_run` in the foreground with its bar.

The uploaded copy of the file (it holds ID numbers in clear) is stored readable by this user only and
deleted once the job has run, or when a worker finds its process dead (`core.jobs`); the error report
keeps the numbers masked.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from counterpart.core import jobs as core_jobs
from counterpart.core.jobs import Progress
from counterpart.core.services import Actor, acting_user
from counterpart.households.importers import import_registry
from counterpart.households.models import ImportJob
from counterpart.pairings.scope import scope_for

ALLOWED_SUFFIXES = {".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".xls", ".ods"}


def import_dir() -> Path:
    return core_jobs.files_dir(ImportJob)


@transaction.atomic
def import_job_create(
    *, actor: Actor, upload: UploadedFile, year: int | None, generated: bool = False
) -> ImportJob:
    """Store the upload and queue its import. Only the office of the helped side or an assessor may import;
    the importer then checks every row's village against the same scope."""
    if actor is None or not scope_for(actor).registry.manages_any:
        raise PermissionDenied(_("Only the cooperation office of the helped side or an assessor may import."))
    name = os.path.basename(upload.name or "registry.csv")
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise ValidationError({"file": _("Upload a .csv or .xlsx file.")})
    target = core_jobs.store_upload(upload, directory=import_dir(), suffix=suffix)
    job = ImportJob.objects.create(
        created_by=acting_user(actor),
        original_name=name[:255],
        path=core_jobs.job_file_name(ImportJob, target),
        year=year,
        generated=generated,
    )
    from counterpart.households.tasks import import_registry_task

    transaction.on_commit(lambda: import_registry_task.enqueue(job.pk))
    return job


def import_job_run(job_id: int, *, progress: Progress | None = None) -> ImportJob:
    """Run the import of a queued job (from the task worker or the CLI, which passes its bar as
    `progress`) and record the outcome."""
    return core_jobs.run(ImportJob, job_id, _import, progress=progress)


def _import(job: ImportJob, report: Progress) -> dict[str, Any]:
    def progress(done: int, total: int, stage: str) -> None:
        report(done, total, stage)
        if stage == "check":  # the check pass writes nothing: the job row can carry it too
            ImportJob.objects.filter(pk=job.pk).update(rows_done=done, rows_total=total)

    result = import_registry(
        core_jobs.upload_path(job),
        actor=job.created_by,
        year=job.year,
        generated=job.generated,
        import_job_id=job.pk,
        progress=progress,
        report_dir=import_dir(),
        source_name=job.original_name,
    )
    if result.file_error:
        status, message = ImportJob.Status.INVALID, result.file_error
    elif result.error_count:
        status = ImportJob.Status.INVALID
        message = _(
            "%(n)d errors found; nothing was written. "
            "Download the error report, fix the file and upload it again."
        ) % {"n": result.error_count}
    else:
        status = ImportJob.Status.DONE
        message = _("%(h)d households and %(m)d members written.") % {
            "h": result.households,
            "m": result.members,
        }
    if result.notes:
        message = " ".join([message, *result.notes])
    return {
        "status": status,
        "message": message,
        "rows_total": result.rows,
        "rows_done": result.rows if status == ImportJob.Status.DONE else 0,
        "error_count": result.error_count,
        "households_created": result.households,
        "members_created": result.members,
        "unknown_columns": "\n".join(result.unknown_columns),
        "ignored_columns": "\n".join(result.ignored_columns),
        "year_source": result.year_source[:300],
        "error_report": core_jobs.job_file_name(ImportJob, result.error_report),
    }


def import_job_for_file(*, actor: Actor, path: str, year: int | None, generated: bool = False) -> ImportJob:
    """A job for a file already on disk (the CLI): not copied, run in the foreground by the caller."""
    return ImportJob.objects.create(
        created_by=acting_user(actor),
        original_name=os.path.basename(path),
        path=str(Path(path).absolute()),  # the user's own file, outside the job folder: never deleted
        year=year,
        generated=generated,
    )
