"""Registry pages: search, household page (ID unmasking for the allowed role), summaries with a chart,
registry import with progress. Reads through `selectors`, writes through `services` and `jobs`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from counterpart.core.files import serve_stored_file, set_download_headers
from counterpart.core.jobs import job_file, job_progress
from counterpart.core.tabular import error_report_filename
from counterpart.core.ui import add_service_errors, is_htmx, paginate
from counterpart.households import exports, jobs, selectors, services
from counterpart.households.forms import (
    FlagReviewForm,
    HouseholdSearchForm,
    ImportForm,
    StatusChangeForm,
    SummaryForm,
    UnmaskLogFilterForm,
)
from counterpart.pairings.scope import scope_for


@login_required
@require_GET
def household_list_view(request: HttpRequest) -> HttpResponse:
    form = HouseholdSearchForm(request.GET, id_search=scope_for(request.user).registry.unmasks_any)
    filters = form.filters()
    status = 200
    try:
        households = selectors.household_list(user=request.user, **filters)
    except services.IdLookupRateLimited as exc:
        messages.error(request, str(exc.args[0]))
        households, status = selectors.household_list(user=request.user).none(), 429
    if form.errors:
        households, status = households.none(), 400
    page = paginate(request, households)
    context = {"form": form, "page": page, "searched": bool(filters)}
    template = (
        "households/partials/household_table.html" if is_htmx(request) else "households/household_list.html"
    )
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _detail_context(request: HttpRequest, household_id: int, **extra: object) -> dict[str, object]:
    household = selectors.household_get_for_user(user=request.user, household_id=household_id)
    scope = scope_for(request.user).registry
    return {
        "household": household,
        "members": selectors.members_shown(user=request.user, household=household),
        "record_history": selectors.record_history(user=request.user, household=household),
        "years": selectors.household_years(household=household),
        "history": selectors.status_history(household=household),
        "flags": selectors.household_flags(household=household),
        "can_manage": scope.can_manage(household.village.code),
        "status_form": extra.get("status_form") or StatusChangeForm(),
    }


@login_required
@require_GET
def household_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "households/household_detail.html", _detail_context(request, pk))


@login_required
@require_POST
def household_status_view(request: HttpRequest, pk: int) -> HttpResponse:
    household = selectors.household_get_for_user(user=request.user, household_id=pk)
    form = StatusChangeForm(request.POST)
    if form.is_valid():
        try:
            services.household_status_change(actor=request.user, household=household, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The status was changed."))
            return redirect("households:detail", pk=pk)
    return render(request, "households/household_detail.html", _detail_context(request, pk, status_form=form))


def _flags_context(request: HttpRequest, **extra: object) -> dict[str, object]:
    outcome = request.GET.get("outcome") or "open"
    if outcome not in {"open", "monitored", "dismissed"}:
        outcome = "open"
    return {
        "page": paginate(request, selectors.flag_list(user=request.user, outcome=outcome)),
        "outcome": outcome,
        "can_review": scope_for(request.user).registry.manages_any,
        "form": FlagReviewForm(),
        **extra,
    }


@login_required
@require_GET
def flag_list_view(request: HttpRequest) -> HttpResponse:
    """Monitoring flags to review (or already reviewed), in the user's scope."""
    return render(request, "households/flags.html", _flags_context(request))


@login_required
@require_POST
def flag_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    flag = selectors.flag_get_for_user(user=request.user, flag_id=pk)
    form = FlagReviewForm(request.POST)
    if form.is_valid():
        try:
            services.flag_review(actor=request.user, flag=flag, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The flag was reviewed."))
            return redirect("households:flags")
    context = _flags_context(request, form=form, failed_flag=flag.pk)
    return render(request, "households/flags.html", context, status=400)


@login_required
@require_POST
def member_unmask_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The ID number in clear (an htmx fragment); refused unless allowed, and logged."""
    member = selectors.member_get_for_user(user=request.user, member_id=pk)
    context: dict[str, object] = {"member": member}
    status = 200
    try:
        context["clear"] = services.member_unmask(
            actor=request.user, member=member, ip=request.META.get("REMOTE_ADDR")
        )
    except services.IdLookupRateLimited as exc:
        context["refusal"], status = exc.args[0], 429
        response = render(request, "households/partials/id_clear.html", context, status=status)
        response["Retry-After"] = str(exc.retry_after)
        return response
    except ValidationError as exc:
        context["refusal"], status = " ".join(exc.messages), 409
    response = render(request, "households/partials/id_clear.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _filtered_unmask_log(request: HttpRequest) -> tuple[UnmaskLogFilterForm, Any]:
    """The filter form of the query and the log it selects: the page and its export show the same rows."""
    form = UnmaskLogFilterForm(request.GET)
    return form, selectors.unmask_log(user=request.user, **form.filters())


@login_required
@require_GET
def unmask_log_view(request: HttpRequest) -> HttpResponse:
    """Assessors: who unmasked whose ID number, when and from where, filtered and paginated."""
    form, log = _filtered_unmask_log(request)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "households/unmask_log.html",
        {"form": form, "page": paginate(request, log), "query": query.urlencode()},
    )


@login_required
@require_GET
def unmask_log_export_view(request: HttpRequest) -> HttpResponse:
    """The filtered unmask log as an Excel workbook (assessors)."""
    _form, log = _filtered_unmask_log(request)
    response = HttpResponse(
        exports.unmask_log_xlsx(log.iterator(chunk_size=2000)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    set_download_headers(response, filename="id-unmask-log.xlsx")
    return response


@login_required
@require_GET
def summary_view(request: HttpRequest) -> HttpResponse:
    form = SummaryForm(request.GET)
    region_code, year = "", 2020
    if form.is_valid():
        region_code = form.cleaned_data["region"] or ""
        year = form.cleaned_data["year"] or 2020
    summary = selectors.registry_summary(user=request.user, region_code=region_code, year=year)
    return render(
        request,
        "households/summary.html",
        {
            "form": form,
            "summary": summary,
            "regions": selectors.summary_region_choices(user=request.user),
            "line": selectors.poverty_line_for(year),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user).registry
    if not scope.manages_any:
        raise PermissionDenied(_("Only the cooperation office of the helped side or an assessor may import."))
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = jobs.import_job_create(
                actor=request.user, upload=form.cleaned_data["file"], year=form.cleaned_data["year"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("households:import_job", pk=job.pk)
    return render(
        request,
        "households/import.html",
        {"form": form, "jobs": selectors.import_job_list(user=request.user)[:10]},
    )


@login_required
@require_GET
def import_job_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.import_job_get_for_user(user=request.user, job_id=pk)
    context = {"job": job, "progress": job_progress(job)}
    if is_htmx(request):
        return render(request, "households/partials/import_progress.html", context)
    return render(request, "households/import_job.html", context)


@login_required
@require_GET
def import_errors_view(request: HttpRequest, pk: int) -> FileResponse:
    job = selectors.import_job_get_for_user(user=request.user, job_id=pk)
    if not job.error_report:
        raise Http404(_("This import has no error report."))
    return serve_stored_file(
        request,
        job_file(job, job.error_report),
        filename=error_report_filename(job.original_name),
        content_type="text/csv; charset=utf-8",
    )
