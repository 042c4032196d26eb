"""The pages of the table import (upload → a background check whose page shows every error and warning,
or the projects to write → confirm → the import) and the .xlsx export of the project library. The file
is read in the worker, never in a request; the writes are `funds.import_jobs`'."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from counterpart.core.files import set_download_headers
from counterpart.core.inputs import parse_id, parse_year
from counterpart.core.jobs import job_progress
from counterpart.core.tabular import error_report_filename, write_error_report
from counterpart.core.ui import add_service_errors, bad_request, is_htmx
from counterpart.funds import import_jobs, selectors
from counterpart.funds.exporters import export_projects
from counterpart.funds.forms import ProjectFilterForm
from counterpart.funds.iati import write_iati
from counterpart.funds.import_forms import ProjectImportForm
from counterpart.pairings.selectors import pairing_choices, pairing_get_for_user

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_http_methods(["GET", "POST"])
def project_import_view(request: HttpRequest) -> HttpResponse:
    pairings = list(pairing_choices(user=request.user, write=True))
    if not pairings:
        raise PermissionDenied(_("You may not import projects for any pairing."))
    form = ProjectImportForm(request.POST or None, request.FILES or None, pairings=pairings)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        pairing = next(p for p in pairings if str(p.pk) == data["pairing"])
        try:
            job = import_jobs.project_import_job_create(
                actor=request.user,
                source=data["file"],
                pairing=pairing,
                year=data["year"],
                unit=data["unit"] or "",
                date=data["date"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("funds:import_job", pk=job.pk)
    return render(request, "funds/import.html", {"form": form})


@login_required
@require_GET
def project_import_job_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A check's or an import's progress page; htmx polls the partial every second until it is finished."""
    job = import_jobs.job_get_for_user(user=request.user, job_id=pk)
    context = {"job": job, "progress": job_progress(job)}
    if is_htmx(request):
        return render(request, "funds/partials/import_progress.html", context)
    return render(request, "funds/import_job.html", context)


@login_required
@require_POST
def project_import_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = import_jobs.job_get_for_user(user=request.user, job_id=pk)
    job = import_jobs.project_import_job_confirm(actor=request.user, job=job)
    return redirect("funds:import_job", pk=job.pk)


@login_required
@require_GET
def project_import_errors_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Every error and warning of a checked table as a CSV (the rows the job page shows)."""
    job = import_jobs.job_get_for_user(user=request.user, job_id=pk)
    if not job.errors and not job.warnings:
        raise Http404(_("This import has no error report."))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    set_download_headers(response, filename=error_report_filename(job.original_name))
    write_error_report(response, import_jobs.error_rows(job))
    return response


@login_required
@require_GET
def project_export_view(request: HttpRequest) -> HttpResponse:
    """The project library as the list shows it (the same filters and order) as .xlsx, in the import's
    columns."""
    try:
        pairing_id = parse_id(request.GET.get("pairing"), field="pairing")
    except ValidationError as exc:
        return bad_request(request, exc)
    if pairing_id is not None:
        pairing_get_for_user(user=request.user, pairing_id=pairing_id)  # 404 outside the scope
    filters = ProjectFilterForm(request.GET, user=request.user).filters()  # what the list applies
    year = filters["year"]
    projects = selectors.project_list(user=request.user, **filters)
    buffer = io.BytesIO()
    export_projects(buffer, projects)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    name = _("project library") + (f"-{year}" if year else "") + ".xlsx"
    set_download_headers(response, filename=name)
    return response


@login_required
@require_GET
def project_iati_view(request: HttpRequest) -> HttpResponse:
    """A pairing's projects of a year as an IATI 2.03 activity file (`funds.iati`); the projects the IATI
    rules refuse are named in a comment at the top of the file."""
    try:
        pairing_id = parse_id(request.GET.get("pairing"), field="pairing")
        year = parse_year(request.GET.get("year"), field="year")
    except ValidationError as exc:
        return bad_request(request, exc)
    if pairing_id is None or year is None:
        return bad_request(request, ValidationError(_("Choose a pairing and a year for the IATI file.")))
    pairing = pairing_get_for_user(user=request.user, pairing_id=pairing_id)  # 404 outside the scope
    buffer = io.BytesIO()
    write_iati(buffer, actor=request.user, pairing=pairing, year=year)
    response = HttpResponse(buffer.getvalue(), content_type="application/xml; charset=utf-8")
    set_download_headers(response, filename=f"iati-{pairing.pk}-{year}.xml")
    return response
