"""The web upload of allocation and project tables through `core.jobs`: the file is stored (0600) and
checked in the worker (its preview: every error and warning with its row and column, or the projects,
places and totals it would write), the check waits for the user's confirmation, and the confirmation
queues the same job as the import — which checks the file again and writes it in one transaction
(`funds.importers.projects_import`), or writes nothing. The CLI runs the same functions in the foreground.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from counterpart.core import jobs as core_jobs
from counterpart.core.jobs import Progress
from counterpart.core.services import Actor, acting_user
from counterpart.core.tabular import RowError
from counterpart.funds.importers import (
    ImportCheck,
    ImportFailed,
    check_projects,
    draft_regions,
    projects_import,
    summary_lines,
)
from counterpart.funds.models import ProjectImportJob
from counterpart.pairings.models import Pairing
from counterpart.pairings.scope import scope_for

IMPORT_SUFFIXES = {".xlsx", ".csv"}
#: Projects of a checked table shown before the import is confirmed.
PREVIEW_ROWS = 200


def job_get_for_user(*, user: Any, job_id: int) -> ProjectImportJob:
    """A job of the user's own (a superuser sees every job); else 404."""
    qs = ProjectImportJob.objects.select_related("pairing")
    if not getattr(user, "is_superuser", False):
        qs = qs.filter(created_by_id=getattr(user, "pk", None))
    job = qs.filter(pk=job_id).first()
    if job is None:
        raise Http404(_("No such job."))
    return job


def _enqueue(job: ProjectImportJob) -> None:
    from counterpart.funds.tasks import run_project_import_task

    transaction.on_commit(lambda: run_project_import_task.enqueue(job.pk))


@transaction.atomic
def project_import_job_create(
    *,
    actor: Actor,
    source: File | Path,
    pairing: Pairing,
    year: int,
    unit: str = "",
    date: dt.date | None = None,
) -> ProjectImportJob:
    """Store the table and queue its check; the import waits for `project_import_job_confirm`. The scope
    is checked here, at the confirmation and again by the importer."""
    if actor is None or not scope_for(actor).can_write(pairing):
        raise PermissionDenied(_("You may not import projects for this pairing."))
    name = Path(getattr(source, "name", "") or "projects.csv").name
    suffix = Path(name).suffix.lower()
    if suffix not in IMPORT_SUFFIXES:
        raise ValidationError({"file": _("Only .xlsx and .csv files can be imported.")})
    if date is not None and date.year != year:
        raise ValidationError(
            {"date": _("The date of the allocation lies outside %(year)s.") % {"year": year}}
        )
    target = core_jobs.store_upload(source, directory=core_jobs.files_dir(ProjectImportJob), suffix=suffix)
    job = ProjectImportJob.objects.create(
        kind=ProjectImportJob.Kind.PREVIEW,
        created_by=acting_user(actor),
        pairing=pairing,
        original_name=name[:255],
        path=core_jobs.job_file_name(ProjectImportJob, target),
        params={"year": year, "unit": unit, "date": date.isoformat() if date else None},
    )
    _enqueue(job)
    return job


@transaction.atomic
def project_import_job_confirm(*, actor: Actor, job: ProjectImportJob) -> ProjectImportJob:
    """Queue the import of a checked table: one conditional UPDATE, so a check is confirmed once."""
    if actor is None or not scope_for(actor).can_write(job.pairing):
        raise PermissionDenied(_("You may not import projects for this pairing."))
    confirmed = ProjectImportJob.objects.filter(
        pk=job.pk, kind=ProjectImportJob.Kind.PREVIEW, status=ProjectImportJob.Status.PREVIEWED
    ).update(kind=ProjectImportJob.Kind.IMPORT, status=ProjectImportJob.Status.QUEUED)
    if not confirmed:
        raise PermissionDenied(_("This import was already confirmed or has expired; upload the file again."))
    job.refresh_from_db()
    _enqueue(job)
    return job


def run_job(job_id: int, *, progress: Progress | None = None) -> ProjectImportJob:
    """Run a queued job (from the task worker) and record its outcome (`core.jobs.run`)."""
    return core_jobs.run(
        ProjectImportJob, job_id, _work, progress=progress, select_related=("created_by", "pairing")
    )


def _rows(errors: list[RowError]) -> list[dict[str, Any]]:
    return [{"row": e.row, "column": e.column, "value": e.value, "reason": str(e.reason)} for e in errors]


def error_rows(job: ProjectImportJob) -> list[tuple[Any, ...]]:
    """A checked table's errors, then its warnings, as the error report's rows."""
    return [
        (e.get("row"), e.get("column"), e.get("value"), e.get("reason")) for e in [*job.errors, *job.warnings]
    ]


def _params(job: ProjectImportJob) -> dict[str, Any]:
    raw = job.params.get("date")
    return {
        "year": int(job.params["year"]),
        "unit": job.params.get("unit") or "",
        "date": dt.date.fromisoformat(raw) if raw else None,
    }


def _preview(check: ImportCheck) -> dict[str, Any]:
    regions = draft_regions(check)
    return {
        "count": len(check.drafts),
        "places": check.place_count,
        "total": f"{check.total:,.2f}",
        "unit": check.table.unit,
        "title": check.table.title,
        "summary": [str(line) for line in summary_lines(check, regions=regions)],
        "unknown_columns": list(check.table.unknown_columns),
        "rows": [
            {
                "row": d.row.row,
                "title": d.title,
                "places": "、".join(regions.get(pk, "") for pk in d.places) or d.places_text,
                "written": d.places_text,
                "amount": f"{d.row.amount or 0:,.2f}",
                "budget": f"{d.budget:,.2f}" if d.budget is not None else "",
            }
            for d in check.drafts[:PREVIEW_ROWS]
        ],
    }


def _work(job: ProjectImportJob, report: Progress) -> dict[str, Any]:
    params = _params(job)
    source = core_jobs.upload_path(job)
    if job.kind == ProjectImportJob.Kind.PREVIEW:
        check = check_projects(
            source,
            pairing=job.pairing,
            year=params["year"],
            unit=params["unit"],
            filename=job.original_name,
            progress=report,
        )
        if not check.ok:
            return {
                "status": ProjectImportJob.Status.INVALID,
                "message": ImportFailed(check).messages[0],
                "errors": _rows(check.errors),
                "warnings": _rows(check.warnings),
            }
        return {
            "status": ProjectImportJob.Status.PREVIEWED,
            "rows_total": len(check.drafts),
            "warnings": _rows(check.warnings),
            "preview": _preview(check),
        }
    try:
        check, created = projects_import(
            actor=job.created_by,
            source=source,
            pairing=job.pairing,
            filename=job.original_name,
            progress=report,
            **params,
        )
    except ImportFailed as failure:
        return {
            "status": ProjectImportJob.Status.INVALID,
            "message": failure.messages[0],
            "errors": _rows(failure.check.errors),
            "warnings": _rows(failure.check.warnings),
        }
    except (PermissionDenied, ValidationError) as exc:
        text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        return {"status": ProjectImportJob.Status.FAILED, "message": text}
    return {
        "status": ProjectImportJob.Status.DONE,
        "rows_total": len(created),
        "rows_done": len(created),
        "message": _("%(n)s projects were imported into the library of %(year)s.")
        % {"n": len(created), "year": check.year},
    }
