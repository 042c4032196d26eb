"""Background imports and exports: the web enqueues a `PlansJob`, a django-tasks task runs it and records
progress; the CLI (`import-list`, `export-ledger`) calls the same `responsibility_list_import` and
`export_ledger` in the foreground with its progress bar.

Progress during an import's write pass cannot go through the database on SQLite (the import holds the only
write lock) and would be invisible on PostgreSQL (inside the import's transaction), so it is kept in a small
JSON file beside the job's files that the progress page reads (as in the households import).
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from counterpart.core.services import Actor
from counterpart.orgs.models import Organization
from counterpart.pairings.models import Pairing
from counterpart.plans.exporters import export_ledger
from counterpart.plans.importers import ImportFailed, responsibility_list_import
from counterpart.plans.models import PlansJob, ResponsibilityList
from counterpart.plans.scope import plan_scope_for

IMPORT_SUFFIXES = {".xlsx", ".csv"}


def job_dir() -> Path:
    path = Path(getattr(settings, "PLANS_JOB_DIR", "") or Path(settings.MEDIA_ROOT) / "plans_jobs")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _progress_path(job: PlansJob) -> Path:
    return job_dir() / f"job-{job.pk}.progress.json"


def job_progress(job: PlansJob) -> dict[str, Any]:
    """{stage, done, total, percent} from the progress file while the job runs, else from the job."""
    if not job.is_finished:
        try:
            data = json.loads(_progress_path(job).read_text())
        except (OSError, ValueError):
            data = None
        if data:
            total = max(int(data.get("total") or 0), 1)
            data["percent"] = min(99, int(100 * int(data.get("done") or 0) / total))
            return data
    return {"stage": job.status, "done": job.rows_done, "total": job.rows_total, "percent": job.percent}


def job_get_for_user(*, user: Any, job_id: int) -> PlansJob:
    """A job of the user's own (a superuser sees every job); else 404."""
    qs = PlansJob.objects.select_related("responsibility_list")
    if not getattr(user, "is_superuser", False):
        qs = qs.filter(created_by_id=getattr(user, "pk", None))
    job = qs.filter(pk=job_id).first()
    if job is None:
        raise Http404(_("No such job."))
    return job


def _enqueue(job: PlansJob) -> None:
    from counterpart.plans.tasks import run_plans_job_task

    transaction.on_commit(lambda: run_plans_job_task.enqueue(job.pk))


@transaction.atomic
def import_job_create(
    *,
    actor: Actor,
    source: File | Path,
    owner: Organization,
    year: int,
    title: str,
    pairing: Pairing | None = None,
) -> PlansJob:
    """Store the file (an upload, or a file already kept since the preview) and queue its import. The scope
    is checked here and again by the importer."""
    probe = ResponsibilityList(pairing=pairing, owner=owner)
    if actor is None or not plan_scope_for(actor).can_write_list(probe):
        raise PermissionDenied(_("You may not import lists for this pairing or owner."))
    name = Path(getattr(source, "name", "") or "list.csv").name
    suffix = Path(name).suffix.lower()
    if suffix not in IMPORT_SUFFIXES:
        raise ValidationError({"file": _("Only .xlsx and .csv files can be imported.")})
    target = job_dir() / f"{uuid.uuid4().hex}{suffix}"
    if isinstance(source, Path):
        target.write_bytes(source.read_bytes())
    else:
        with target.open("wb") as fh:
            for chunk in source.chunks():
                fh.write(chunk)
    job = PlansJob.objects.create(
        kind=PlansJob.Kind.IMPORT,
        created_by=actor,
        original_name=name[:255],
        path=str(target),
        params={
            "owner": owner.pk,
            "year": year,
            "title": title,
            "pairing": pairing.pk if pairing else None,
        },
    )
    _enqueue(job)
    return job


@transaction.atomic
def export_job_create(
    *, actor: Actor, responsibility_list: ResponsibilityList, period: tuple[int, int] | None = None
) -> PlansJob:
    """Queue the ledger export of a list the actor reads; the workbook holds what the actor may read."""
    scope = plan_scope_for(actor)
    if actor is None or not (
        scope.can_read_list(responsibility_list)
        or responsibility_list.items.filter(lead_unit_id__in=scope.units).exists()
    ):
        raise PermissionDenied(_("You may not export this list."))
    job = PlansJob.objects.create(
        kind=PlansJob.Kind.EXPORT,
        created_by=actor,
        responsibility_list=responsibility_list,
        params={"period": list(period) if period else None},
    )
    _enqueue(job)
    return job


def run_job(job_id: int) -> PlansJob:
    """Run a queued job (from the task worker) and record its outcome."""
    job = PlansJob.objects.select_related("created_by", "responsibility_list").get(pk=job_id)
    if job.status != PlansJob.Status.QUEUED:
        return job
    PlansJob.objects.filter(pk=job.pk).update(status=PlansJob.Status.RUNNING)
    progress_file = _progress_path(job)

    def report(done: int, total: int, stage: str) -> None:
        progress_file.write_text(json.dumps({"stage": str(stage), "done": done, "total": total}))

    runner = _run_import if job.kind == PlansJob.Kind.IMPORT else _run_export
    try:
        fields = runner(job, report)
    except Exception as exc:
        PlansJob.objects.filter(pk=job.pk).update(
            status=PlansJob.Status.FAILED,
            message=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
        progress_file.unlink(missing_ok=True)
        raise
    progress_file.unlink(missing_ok=True)
    PlansJob.objects.filter(pk=job.pk).update(finished_at=timezone.now(), **fields)
    job.refresh_from_db()
    return job


def _run_import(job: PlansJob, report: Any) -> dict[str, Any]:
    params = job.params
    owner = Organization.objects.get(pk=params["owner"])
    pairing = Pairing.objects.filter(pk=params.get("pairing")).first() if params.get("pairing") else None
    try:
        rlist, preview = responsibility_list_import(
            actor=job.created_by,
            source=job.path,
            filename=job.original_name,
            owner=owner,
            year=params["year"],
            title=params.get("title") or Path(job.original_name).stem,
            pairing=pairing,
            progress=report,
        )
    except ImportFailed as failure:
        errors = [
            {"row": e.row, "column": e.column, "value": e.value, "reason": str(e.reason)}
            for e in failure.preview.errors
        ]
        return {"status": PlansJob.Status.INVALID, "message": failure.messages[0], "errors": errors}
    except PermissionDenied as exc:
        return {"status": PlansJob.Status.FAILED, "message": str(exc)}
    finally:
        Path(job.path).unlink(missing_ok=True)
    n = len(preview.rows)
    return {
        "status": PlansJob.Status.DONE,
        "responsibility_list": rlist,
        "rows_total": n,
        "rows_done": n,
        "message": _("%(n)s items were imported.") % {"n": n},
    }


def _run_export(job: PlansJob, report: Any) -> dict[str, Any]:
    rlist = job.responsibility_list
    if rlist is None:
        return {"status": PlansJob.Status.FAILED, "message": _("The list no longer exists.")}
    raw = job.params.get("period")
    period = (int(raw[0]), int(raw[1])) if raw else None
    target = job_dir() / f"{uuid.uuid4().hex}.xlsx"
    export_ledger(str(target), user=job.created_by, responsibility_list=rlist, period=period, progress=report)
    return {
        "status": PlansJob.Status.DONE,
        "result_path": str(target),
        "message": _("The ledger workbook is ready."),
    }


def export_file_name(job: PlansJob) -> str:
    raw = job.params.get("period")
    period = f"{int(raw[0])}-{int(raw[1]):02d}" if raw else "now"
    return f"ledger-{job.responsibility_list_id}-{period}.xlsx"
