"""Background work of the plans app through `core.jobs`: a list file is checked (its preview), then, once
confirmed, imported; a ledger is exported. The web queues a `PlansJob` and a django-tasks task runs it;
the CLI (`import-list`, `export-ledger`) calls the same `responsibility_list_import` and `export_ledger` in
the foreground with its progress bar. Every parse of an upload runs in the worker, never in a request.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from counterpart.core import jobs as core_jobs
from counterpart.core.files import new_private_file
from counterpart.core.jobs import Progress
from counterpart.core.names import NameIndex
from counterpart.core.services import Actor, acting_user
from counterpart.orgs.models import Organization
from counterpart.pairings.models import Pairing
from counterpart.pairings.scope import scope_for
from counterpart.plans.exporters import export_ledger
from counterpart.plans.importers import (
    ImportFailed,
    ImportPreview,
    ParsedRow,
    parse_list_file,
    responsibility_list_import,
)
from counterpart.plans.models import Item, ItemUnit, PlansJob, ResponsibilityList

IMPORT_SUFFIXES = {".xlsx", ".csv"}
#: Rows of a checked file shown before the import is confirmed.
PREVIEW_ROWS = 200


def job_dir() -> Path:
    return core_jobs.files_dir(PlansJob)


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
    year: int | None,
    title: str,
    pairing: Pairing | None = None,
    preview: bool = False,
) -> PlansJob:
    """Store the file (mode 0600) and queue its import, or with `preview` its check, whose result waits
    for `import_job_confirm`. The scope is checked here, at the confirmation and again by the importer."""
    probe = ResponsibilityList(pairing=pairing, owner=owner)
    if actor is None or not scope_for(actor).lists.can_write_list(probe):
        raise PermissionDenied(_("You may not import lists for this pairing or owner."))
    name = Path(getattr(source, "name", "") or "list.csv").name
    suffix = Path(name).suffix.lower()
    if suffix not in IMPORT_SUFFIXES:
        raise ValidationError({"file": _("Only .xlsx and .csv files can be imported.")})
    target = core_jobs.store_upload(source, directory=job_dir(), suffix=suffix)
    job = PlansJob.objects.create(
        kind=PlansJob.Kind.PREVIEW if preview else PlansJob.Kind.IMPORT,
        created_by=acting_user(actor),
        original_name=name[:255],
        path=core_jobs.job_file_name(PlansJob, target),
        params={
            "owner": owner.pk,
            "year": year,
            "title": title,
            "pairing": pairing.pk if pairing else None,
        },
    )
    _enqueue(job)
    return job


def _unit_choices(job: PlansJob, choices: dict[str, dict[str, Any]] | None) -> dict[str, dict[str, Any]]:
    """The review step's answer for every unknown unit of the checked file: an existing organization
    ({"organization": id}) or one to create ({"create": full name}). Refuses a unit left without one."""
    unknown = job.preview.get("unknown_units") or []
    choices = choices or {}
    settled: dict[str, dict[str, Any]] = {}
    missing = []
    ids = {int(c["organization"]) for c in choices.values() if str(c.get("organization") or "").isdigit()}
    existing = set(Organization.objects.filter(pk__in=ids).values_list("pk", flat=True))
    for unit in unknown:
        choice = choices.get(unit["name"]) or {}
        pk = int(choice["organization"]) if str(choice.get("organization") or "").isdigit() else None
        if pk in existing:
            settled[unit["name"]] = {"organization": pk}
        elif str(choice.get("create") or "").strip():
            settled[unit["name"]] = {"create": str(choice["create"]).strip()[:300]}
        else:
            missing.append(unit["name"])
    if missing:
        raise ValidationError(
            _("Choose an organization for, or create, every unknown unit: %(names)s")
            % {"names": "、".join(missing)}
        )
    return settled


@transaction.atomic
def import_job_confirm(
    *, actor: Actor, job: PlansJob, unit_choices: dict[str, dict[str, Any]] | None = None
) -> PlansJob:
    """Queue the import of a checked file (a job waiting for confirmation): one conditional UPDATE, so a
    job is confirmed once. `unit_choices` answer the review step: each unknown unit (name as written) is
    matched to an organization or created in the owner's region when the list is written."""
    owner = Organization.objects.filter(pk=job.params.get("owner")).first()
    pairing = (
        Pairing.objects.filter(pk=job.params.get("pairing")).first() if job.params.get("pairing") else None
    )
    probe = ResponsibilityList(pairing=pairing, owner=owner)
    if actor is None or owner is None or not scope_for(actor).lists.can_write_list(probe):
        raise PermissionDenied(_("You may not import lists for this pairing or owner."))
    params = {**job.params, "units": _unit_choices(job, unit_choices)}
    confirmed = PlansJob.objects.filter(
        pk=job.pk, kind=PlansJob.Kind.PREVIEW, status=PlansJob.Status.PREVIEWED
    ).update(kind=PlansJob.Kind.IMPORT, status=PlansJob.Status.QUEUED, params=params)
    if not confirmed:
        raise PermissionDenied(_("This import was already confirmed or has expired; upload the file again."))
    job.refresh_from_db()
    _enqueue(job)
    return job


@transaction.atomic
def export_job_create(
    *, actor: Actor, responsibility_list: ResponsibilityList, period: tuple[int, int] | None = None
) -> PlansJob:
    """Queue the ledger export of a list the actor reads; the workbook holds what the actor may read."""
    scope = scope_for(actor).lists
    if actor is None or not (
        scope.can_read_list(responsibility_list)
        or responsibility_list.items.filter(lead_unit_id__in=scope.units).exists()
    ):
        raise PermissionDenied(_("You may not export this list."))
    job = PlansJob.objects.create(
        kind=PlansJob.Kind.EXPORT,
        created_by=acting_user(actor),
        responsibility_list=responsibility_list,
        params={"period": list(period) if period else None},
    )
    _enqueue(job)
    return job


def run_job(job_id: int, *, progress: Progress | None = None) -> PlansJob:
    """Run a queued job (from the task worker) and record its outcome (`core.jobs.run`)."""
    return core_jobs.run(
        PlansJob, job_id, _work, progress=progress, select_related=("created_by", "responsibility_list")
    )


def _work(job: PlansJob, report: Progress) -> dict[str, Any]:
    if job.kind == PlansJob.Kind.PREVIEW:
        return _run_preview(job, report)
    if job.kind == PlansJob.Kind.IMPORT:
        return _run_import(job, report)
    return _run_export(job, report)


def error_rows(job: PlansJob) -> list[tuple[Any, ...]]:
    """A checked file's errors as the error report's rows (row, column, value, reason)."""
    return [(e.get("row"), e.get("column"), e.get("value"), e.get("reason")) for e in job.errors]


def _errors(preview: ImportPreview) -> list[dict[str, Any]]:
    return [
        {"row": e.row, "column": e.column, "value": e.value, "reason": str(e.reason)} for e in preview.errors
    ]


def _deadline_shown(row: ParsedRow) -> str:
    kind = row.deadline_kind
    if kind == Item.DeadlineKind.DATE and row.deadline:
        return row.deadline.isoformat()
    if kind == Item.DeadlineKind.START and row.start_date:
        return _("from %(date)s") % {"date": row.start_date.isoformat()}
    return str(Item.DeadlineKind(kind).label)


def _run_preview(job: PlansJob, report: Progress) -> dict[str, Any]:
    """Check the file: every row error, or the first rows, the year and where it came from, and the units
    to review (each unknown unit with its rows and the organizations it may be); the file is kept for the
    import if valid."""
    owner = Organization.objects.select_related("region").filter(pk=job.params.get("owner")).first()
    preview = parse_list_file(
        core_jobs.upload_path(job),
        filename=job.original_name,
        year=job.params.get("year"),
        owner=owner,
        progress=report,
    )
    if not preview.ok:
        return {
            "status": PlansJob.Status.INVALID,
            "message": ImportFailed(preview).messages[0],
            "errors": _errors(preview),
        }
    n = len(preview.rows)
    index = NameIndex(
        Organization.objects.filter(
            pk__in={
                u.organization_id for r in preview.rows[:PREVIEW_ROWS] for u in r.units if u.organization_id
            }
        )
    )
    rows = [
        {
            "row": row.row,
            "number": row.number,
            "task": row.task,
            "leads": row.names(ItemUnit.Role.LEAD, index),
            "responsible": row.names(ItemUnit.Role.RESPONSIBLE, index),
            "supporting": row.names(ItemUnit.Role.SUPPORTING, index),
            "target_text": row.target_text,
            "deadline": _deadline_shown(row),
            "category": row.category_text,
        }
        for row in preview.rows[:PREVIEW_ROWS]
    ]
    units = [
        {
            "name": u.name,
            "proposed": u.proposed,
            "rows": u.rows[:10],
            "ambiguous": u.ambiguous,
            "candidates": u.candidates,
        }
        for u in preview.unknown_units.values()
    ]
    return {
        "status": PlansJob.Status.PREVIEWED,
        "rows_total": n,
        "preview": {
            "count": n,
            "rows": rows,
            "unknown_columns": list(preview.unknown_columns),
            "unknown_units": units,
            "year": preview.year,
            "year_source": preview.year_source_label,
            "region": owner.region.display_name if owner is not None and owner.region is not None else "",
        },
    }


def _run_import(job: PlansJob, report: Progress) -> dict[str, Any]:
    params = job.params
    owner = Organization.objects.get(pk=params["owner"])
    pairing = Pairing.objects.filter(pk=params.get("pairing")).first() if params.get("pairing") else None
    try:
        rlist, preview = responsibility_list_import(
            actor=job.created_by,
            source=core_jobs.upload_path(job),
            filename=job.original_name,
            owner=owner,
            year=params.get("year"),
            title=params.get("title") or Path(job.original_name).stem,
            pairing=pairing,
            unit_choices=params.get("units") or {},
            progress=report,
        )
    except ImportFailed as failure:
        return {
            "status": PlansJob.Status.INVALID,
            "message": failure.messages[0],
            "errors": _errors(failure.preview),
        }
    except PermissionDenied as exc:
        return {"status": PlansJob.Status.FAILED, "message": str(exc)}
    n = len(preview.rows)
    return {
        "status": PlansJob.Status.DONE,
        "responsibility_list": rlist,
        "rows_total": n,
        "rows_done": n,
        "message": _("%(n)s items were imported into the list of %(year)s (the year %(source)s).")
        % {"n": n, "year": preview.year, "source": preview.year_source_label},
    }


def _run_export(job: PlansJob, report: Progress) -> dict[str, Any]:
    rlist = job.responsibility_list
    if rlist is None:
        return {"status": PlansJob.Status.FAILED, "message": _("The list no longer exists.")}
    raw = job.params.get("period")
    period = (int(raw[0]), int(raw[1])) if raw else None
    target = new_private_file(job_dir(), suffix=".xlsx")  # a random name, 0600 while XlsxWriter writes
    export_ledger(str(target), user=job.created_by, responsibility_list=rlist, period=period, progress=report)
    return {
        "status": PlansJob.Status.DONE,
        "result_path": core_jobs.job_file_name(PlansJob, target),
        "message": _("The ledger workbook is ready."),
    }


def export_file_name(job: PlansJob) -> str:
    raw = job.params.get("period")
    period = f"{int(raw[0])}-{int(raw[1]):02d}" if raw else "now"
    return f"ledger-{job.responsibility_list_id}-{period}.xlsx"
