"""Import jobs: an upload becomes an `ImportJob`, a background task (django-tasks) runs the importer and
records progress; the CLI runs the same function in the foreground.

The uploaded copy of the file is deleted once the job has run (it holds ID numbers in clear); the error
report keeps them masked.

Progress during the write pass cannot go through the database on SQLite (the import holds the only write
lock) and would be invisible on PostgreSQL (inside the import's transaction), so it is also kept in a small
JSON file beside the upload that the progress page reads.
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from counterpart.core.services import Actor
from counterpart.households.importers import Progress, import_registry
from counterpart.households.models import ImportJob
from counterpart.households.selectors import registry_scope

ALLOWED_SUFFIXES = {".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".xls", ".ods"}


def import_dir() -> Path:
    path = Path(
        getattr(settings, "HOUSEHOLD_IMPORT_DIR", "") or Path(settings.MEDIA_ROOT) / "household_imports"
    )
    path.mkdir(parents=True, exist_ok=True)
    return path


def _progress_path(job: ImportJob | int) -> Path:
    pk = job if isinstance(job, int) else job.pk
    return import_dir() / f"import-{pk}.progress.json"


#: What the importer is doing, by the stage its progress reports.
STAGE_LABELS = {
    "import": gettext_lazy("checking and writing rows"),
    "check": gettext_lazy("checking rows"),
    "households": gettext_lazy("writing households"),
    "members": gettext_lazy("writing members"),
}


def job_progress(job: ImportJob) -> dict[str, Any]:
    """{stage, stage_label, done, total, percent} from the progress file, or from the job when there is
    none."""
    if not job.is_finished:
        try:
            data = json.loads(_progress_path(job).read_text())
        except (OSError, ValueError):
            data = None
        if isinstance(data, dict):
            total = max(int(data.get("total") or 0), 1)
            data["percent"] = min(99, int(100 * int(data.get("done") or 0) / total))
            data["stage_label"] = STAGE_LABELS.get(str(data.get("stage")), "")
            return data
    return {"stage": job.status, "done": job.rows_done, "total": job.rows_total, "percent": job.percent}


@transaction.atomic
def import_job_create(*, actor: Actor, upload: UploadedFile, year: int, generated: bool = False) -> ImportJob:
    """Store the upload and queue its import. Only the office of the helped side or an assessor may import;
    the importer then checks every row's village against the same scope."""
    if actor is None or not registry_scope(actor).manages_any:
        raise PermissionDenied(_("Only the cooperation office of the helped side or an assessor may import."))
    name = os.path.basename(upload.name or "registry.csv")
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise ValidationError({"file": _("Upload a .csv or .xlsx file.")})
    target = import_dir() / f"{uuid.uuid4().hex}{suffix}"
    with target.open("wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    job = ImportJob.objects.create(
        created_by=actor, original_name=name[:255], path=str(target), year=year, generated=generated
    )
    from counterpart.households.tasks import import_registry_task

    transaction.on_commit(lambda: import_registry_task.enqueue(job.pk))
    return job


def import_job_run(job_id: int, *, progress: Progress | None = None) -> ImportJob:
    """Run the import of a queued job (from the task worker or the CLI) and record the outcome."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status != ImportJob.Status.QUEUED:
        return job
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.VALIDATING)
    progress_file = _progress_path(job)
    # Write-stage progress goes only to the file: the job row is updated once the transaction is over.

    def report(stage: str, done: int, total: int) -> None:
        if progress is not None:
            progress(stage, done, total)
        progress_file.write_text(json.dumps({"stage": stage, "done": done, "total": total}))
        if stage == "check":
            ImportJob.objects.filter(pk=job.pk).update(rows_done=done, rows_total=total)

    try:
        result = import_registry(
            job.path,
            actor=job.created_by,
            year=job.year,
            generated=job.generated,
            import_job_id=job.pk,
            progress=report,
            report_dir=import_dir(),
            source_name=job.original_name,
        )
    except Exception as exc:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED,
            message=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
        raise
    finally:
        progress_file.unlink(missing_ok=True)
        _discard_upload(job)
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
    ImportJob.objects.filter(pk=job.pk).update(
        status=status,
        message=message,
        rows_total=result.rows,
        rows_done=result.rows if status == ImportJob.Status.DONE else 0,
        error_count=result.error_count,
        households_created=result.households,
        members_created=result.members,
        unknown_columns="\n".join(result.unknown_columns),
        error_report=result.error_report,
        finished_at=timezone.now(),
    )
    job.refresh_from_db()
    return job


def _discard_upload(job: ImportJob) -> None:
    """Delete the uploaded copy once it has been read: it holds ID numbers in clear, and a refused file is
    fixed and uploaded again (the error report, with the numbers masked, stays). A file the CLI was given
    is the user's own and is left alone."""
    path = Path(job.path)
    if path.parent.resolve() == import_dir().resolve():
        path.unlink(missing_ok=True)


def import_job_for_file(*, actor: Actor, path: str, year: int, generated: bool = False) -> ImportJob:
    """A job for a file already on disk (the CLI): not copied, run in the foreground by the caller."""
    return ImportJob.objects.create(
        created_by=actor, original_name=os.path.basename(path), path=str(path), year=year, generated=generated
    )
