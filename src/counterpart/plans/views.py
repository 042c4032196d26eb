"""Pages of responsibility lists, items, the ledger, review, import, monthly dispatch and supervision.
Thin: parse input, call a selector or a service (which check scope again), render."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from counterpart.agreements.models import ProgressReport
from counterpart.core import inputs
from counterpart.core.files import serve_stored_file, set_download_headers
from counterpart.core.jobs import job_file, job_progress
from counterpart.core.tabular import error_report_filename, write_error_report
from counterpart.core.ui import add_service_errors, bad_request, inline_tag, is_htmx, paginate, query_value
from counterpart.core.versions import StaleWrite
from counterpart.pairings.scope import scope_for
from counterpart.pairings.selectors import pairing_choices
from counterpart.plans import jobs, services
from counterpart.plans.exporters import export_dispatch, export_ledger
from counterpart.plans.forms import (
    AccountabilityForm,
    AgreementEntryForm,
    AuditFindingForm,
    ExposeForm,
    ImportForm,
    ItemFilterForm,
    LedgerEntryForm,
    RectificationForm,
    ReviewForm,
    SpotCheckForm,
    SpotCheckResultForm,
    UnitReviewForm,
    parse_period,
)
from counterpart.plans.models import Item, PlansJob, ResponsibilityList
from counterpart.plans.selectors import (
    accountability_list,
    agreement_entry_list,
    agreement_get_for_ledger,
    agreement_report_get_for_user,
    audit_finding_get_for_user,
    audit_finding_list,
    dashboard_charts,
    discrepancy_list,
    entry_get_for_user,
    entry_list,
    evidence_get_for_user,
    item_checks,
    item_get_for_user,
    item_list,
    item_units,
    monthly_dispatch,
    monthly_trend,
    overdue_items,
    rectification_list,
    responsibility_list_get_for_user,
    responsibility_list_list,
    review_queue,
    spot_check_get_for_user,
    spot_check_list,
    spot_check_result_get_for_user,
    supervision_summary,
)
from counterpart.plans.status import ItemStatus

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _period_from(request: HttpRequest) -> tuple[int, int]:
    """The `period` asked for, or this month (a period outside the years taken is said in a message)."""
    today = timezone.localdate()
    return query_value(request, "period", inputs.parse_period, default=(today.year, today.month))


# --- lists and items ---------------------------------------------------------


@login_required
@require_GET
def list_index_view(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user).lists
    context = {
        "lists": responsibility_list_list(user=request.user, search=request.GET.get("q", "")),
        "can_import": scope.can_create(),
        "is_reporter": scope.is_reporter,
        "review_count": review_queue(user=request.user).count() if scope.can_create() else 0,
    }
    return render(request, "plans/list_index.html", context)


def _item_table(request: HttpRequest, template: str, context: dict[str, Any], **filters: Any) -> HttpResponse:
    form = ItemFilterForm(
        request.GET,
        units=item_units(user=request.user, responsibility_list=filters.get("responsibility_list")),
    )
    page = paginate(request, item_list(user=request.user, **filters, **form.filters()))
    context.update({"form": form, "page": page, "status_labels": ItemStatus.labels})
    response = render(request, "plans/partials/item_table.html" if is_htmx(request) else template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
@require_GET
def list_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    rlist = responsibility_list_get_for_user(user=request.user, list_id=pk)
    scope = scope_for(request.user).lists
    can_write = scope.can_write_list(rlist)
    context: dict[str, Any] = {
        "rlist": rlist,
        "can_write": can_write,
        "can_read_all": scope.can_read_list(rlist),
    }
    if can_write and not is_htmx(request):
        context["spot_check_form"] = SpotCheckForm(assessor=scope.everything)
        context["spot_checks"] = spot_check_list(responsibility_list=rlist)[:5]
        context["accountability"] = accountability_list(responsibility_list=rlist)[:20]
        context["findings"] = audit_finding_list(responsibility_list=rlist)[:20]
    return _item_table(request, "plans/list_detail.html", context, responsibility_list=rlist)


@login_required
@require_GET
def my_items_view(request: HttpRequest) -> HttpResponse:
    return _item_table(request, "plans/my_items.html", {}, mine=True)


@login_required
@require_GET
def item_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_get_for_user(user=request.user, item_id=pk)
    return render(request, "plans/item_detail.html", _item_context(request, item))


def _item_context(
    request: HttpRequest, item: Any, entry_form: LedgerEntryForm | None = None
) -> dict[str, Any]:
    scope = scope_for(request.user).lists
    can_report = scope.can_report(item)
    return {
        "item": item,
        "entries": entry_list(item=item),
        "checks": item_checks(item=item),
        "can_report": can_report,
        "can_review": scope.can_write_list(item.responsibility_list),
        "entry_form": (entry_form or LedgerEntryForm()) if can_report else None,
        "review_form": ReviewForm(),
        "status_label": ItemStatus.labels.get(item.status, ""),
    }


@login_required
@require_POST
def entry_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_get_for_user(user=request.user, item_id=pk)
    if not scope_for(request.user).lists.can_report(item):
        raise PermissionDenied(_("You may not report on this item."))
    form = LedgerEntryForm(request.POST, request.FILES)
    if form.is_valid():
        year, month = form.cleaned_data["period"]
        try:
            services.ledger_entry_submit(
                actor=request.user,
                item=item,
                year=year,
                month=month,
                value=form.cleaned_data["value"],
                narrative=form.cleaned_data["narrative"],
                files=form.cleaned_data["evidence"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your report was submitted for review."))
            return redirect("plans:item", pk=item.pk)
    return render(request, "plans/item_detail.html", _item_context(request, item, form), status=400)


def _review_anchor(entry: Any) -> str:
    """The id of the entry's element on its page (plans/partials/entry.html, agreement_report.html)."""
    return f"report-{entry.pk}" if isinstance(entry, ProgressReport) else f"entry-{entry.pk}"


def _review_decision(request: HttpRequest, entry: Any, *, beside_entry: bool = True) -> str:
    """Accept or return a submitted entry (an item's, or an agreement's period report) as the form says; a
    refusal is shown beside the entry (`beside_entry`: on pages that list the entry whatever its status),
    not at the top of a long page. Returns the entry's anchor, for the redirect to land on it."""
    anchor = _review_anchor(entry)
    beside = inline_tag(anchor) if beside_entry else ""
    form = ReviewForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error), extra_tags=beside)
        return anchor
    comment = form.cleaned_data["comment"]
    version = form.cleaned_data["version"]
    try:
        if form.cleaned_data["decision"] == "accept":
            services.ledger_entry_accept(actor=request.user, entry=entry, comment=comment, version=version)
            messages.success(request, _("The entry was accepted."))
        else:
            services.ledger_entry_return(actor=request.user, entry=entry, comment=comment, version=version)
            messages.success(request, _("The entry was returned to the reporter."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message, extra_tags=beside)
    except StaleWrite as exc:
        # The page is shown again with the entry as it is now; the message says what changed since and keeps
        # the reviewer's comment.
        messages.error(request, exc.message, extra_tags=beside)
        for change in exc.changes:
            messages.error(request, f"{change.label}: {change.note}", extra_tags=beside)
        if comment:
            messages.info(
                request, _("Your comment, not saved: %(comment)s") % {"comment": comment}, extra_tags=beside
            )
    return anchor


@login_required
@require_POST
def entry_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    entry = entry_get_for_user(user=request.user, entry_id=pk)
    if request.POST.get("next") == "queue":
        # the queue lists only what waits for review: an entry reviewed meanwhile is no longer there
        _review_decision(request, entry, beside_entry=False)
        return redirect("plans:review")
    anchor = _review_decision(request, entry)
    return redirect(f"{reverse('plans:item', args=[entry.item_id])}#{anchor}")


@login_required
@require_POST
def agreement_report_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Review an agreement's period progress report (the office of the agreement's pairing)."""
    report = agreement_report_get_for_user(user=request.user, report_id=pk)
    anchor = _review_decision(request, report)
    return redirect(f"{reverse('plans:agreement_ledger', args=[report.agreement_id])}#{anchor}")


@login_required
@require_GET
def review_queue_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "plans/review_queue.html",
        {"entries": review_queue(user=request.user), "review_form": ReviewForm()},
    )


@login_required
@require_GET
@xframe_options_sameorigin
def evidence_view(request: HttpRequest, pk: int) -> FileResponse:
    """The file, if the user reads its item: inline for images and PDF, a download otherwise."""
    evidence = evidence_get_for_user(user=request.user, evidence_id=pk)
    return serve_stored_file(
        request, evidence.file, filename=evidence.original_name, content_type=evidence.content_type
    )


# --- import ---------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request: HttpRequest) -> HttpResponse:
    """Upload → a background check of the file (its progress page then shows every row error, or the rows
    to be written) → confirm → the import. The file is read in the worker, never in this request."""
    scope = scope_for(request.user).lists
    if not scope.can_create():
        raise PermissionDenied(_("You may not import responsibility lists."))
    pairings = pairing_choices(user=request.user, write=True)
    form = ImportForm(request.POST or None, request.FILES or None, pairings=pairings)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            job = jobs.import_job_create(
                actor=request.user,
                source=data["file"],
                owner=data["owner"],
                year=data["year"],
                title=data["title"],
                pairing=next((p for p in pairings if str(p.pk) == data.get("target")), None),
                preview=True,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("plans:job", pk=job.pk)
    return render(request, "plans/import.html", {"form": form})


# --- background jobs ---------------------------------------------------------


def _review_form(job: PlansJob, data: Any = None) -> UnitReviewForm | None:
    preview = job.preview or {}
    if job.status != PlansJob.Status.PREVIEWED:
        return None
    return UnitReviewForm(data, units=preview.get("unknown_units") or [], region=preview.get("region", ""))


@login_required
@require_GET
def job_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A job's progress page; htmx polls the partial every second until the job is finished. A checked
    list shows its rows and the review of its unknown units."""
    job = jobs.job_get_for_user(user=request.user, job_id=pk)
    context = {"job": job, "progress": job_progress(job), "review": _review_form(job)}
    if is_htmx(request):
        return render(request, "plans/partials/job_progress.html", context)
    return render(request, "plans/job.html", context)


@login_required
@require_POST
def job_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm the import of a checked file with the review's answers (each unknown unit matched or to be
    created): the same job, queued again as the import."""
    job = jobs.job_get_for_user(user=request.user, job_id=pk)
    review = _review_form(job, request.POST)
    if review is not None and review.is_valid():
        try:
            job = jobs.import_job_confirm(actor=request.user, job=job, unit_choices=review.choices())
        except ValidationError as exc:
            add_service_errors(review, exc)
        else:
            return redirect("plans:job", pk=job.pk)
    elif review is None:
        job = jobs.import_job_confirm(actor=request.user, job=job)  # refuses: not waiting
        return redirect("plans:job", pk=job.pk)
    context = {"job": job, "progress": job_progress(job), "review": review}
    return render(request, "plans/job.html", context, status=400)


@login_required
@require_GET
def job_download_view(request: HttpRequest, pk: int) -> FileResponse:
    job = jobs.job_get_for_user(user=request.user, job_id=pk)
    if job.kind != PlansJob.Kind.EXPORT or job.status != PlansJob.Status.DONE or not job.result_path:
        raise Http404(_("This job has no file to download."))
    stored = job_file(job, job.result_path)
    return serve_stored_file(request, stored, filename=jobs.export_file_name(job), content_type=XLSX)


@login_required
@require_GET
def job_errors_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Every error of a checked list file as a CSV (the same rows the job page shows)."""
    job = jobs.job_get_for_user(user=request.user, job_id=pk)
    if not job.errors:
        raise Http404(_("This import has no error report."))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    set_download_headers(response, filename=error_report_filename(job.original_name))
    write_error_report(response, jobs.error_rows(job))
    return response


@login_required
@require_POST
def export_job_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue the ledger export of a list (large lists): the progress page offers the file when ready."""
    rlist = responsibility_list_get_for_user(user=request.user, list_id=pk)
    period = parse_period(request.POST.get("period"))
    job = jobs.export_job_create(actor=request.user, responsibility_list=rlist, period=period)
    return redirect("plans:job", pk=job.pk)


# --- dispatch, supervision, export ---------------------------------------------------------


@login_required
@require_GET
def dispatch_view(request: HttpRequest, pk: int) -> HttpResponse:
    rlist = responsibility_list_get_for_user(user=request.user, list_id=pk)
    year, month = _period_from(request)
    dispatch = monthly_dispatch(user=request.user, responsibility_list=rlist, year=year, month=month)
    if request.GET.get("format") == "xlsx":
        return _dispatch_xlsx(dispatch)
    return render(
        request,
        "plans/dispatch.html",
        {"rlist": rlist, "dispatch": dispatch, "period": f"{year}-{month:02d}"},
    )


def _dispatch_xlsx(dispatch: Any) -> HttpResponse:
    buffer = io.BytesIO()
    export_dispatch(buffer, dispatch=dispatch)
    name = f"dispatch-{dispatch.responsibility_list.pk}-{dispatch.year}-{dispatch.month:02d}.xlsx"
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    set_download_headers(response, filename=name)
    return response


@login_required
@require_GET
def dashboard_view(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    rlist: ResponsibilityList | None = (
        responsibility_list_get_for_user(user=request.user, list_id=pk) if pk is not None else None
    )
    summary = supervision_summary(user=request.user, responsibility_list=rlist)
    trend = monthly_trend(user=request.user, responsibility_list=rlist)
    totals = {value: sum(u.by_status.get(value, 0) for u in summary) for value in ItemStatus.values}
    context = {
        "rlist": rlist,
        "summary": summary,
        "totals": [(value, ItemStatus.labels[value], totals[value]) for value in ItemStatus.values],
        "total": sum(totals.values()),
        "overdue": overdue_items(user=request.user, responsibility_list=rlist),
        "charts": dashboard_charts(summary, trend),
    }
    return render(request, "plans/dashboard.html", context)


@login_required
@require_GET
def export_ledger_view(request: HttpRequest, pk: int) -> HttpResponse:
    rlist = responsibility_list_get_for_user(user=request.user, list_id=pk)
    try:  # a download has no page to show a message on: a period it cannot take is a 400
        period = inputs.parse_period(request.GET.get("period"))
    except ValidationError as exc:
        return bad_request(request, exc)
    if period is None:
        today = timezone.localdate()
        period = (today.year, today.month)
    buffer = io.BytesIO()
    export_ledger(buffer, user=request.user, responsibility_list=rlist, period=period)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    set_download_headers(response, filename=f"ledger-{rlist.pk}-{period[0]}-{period[1]:02d}.xlsx")
    return response


# --- spot checks ---------------------------------------------------------


@login_required
@require_POST
def spot_check_draw_view(request: HttpRequest, pk: int) -> HttpResponse:
    rlist = responsibility_list_get_for_user(user=request.user, list_id=pk)
    form = SpotCheckForm(request.POST, assessor=scope_for(request.user).everything)
    if form.is_valid():
        try:
            services.spot_check_draw(
                actor=request.user,
                responsibility_list=rlist,
                sample_size=form.cleaned_data["sample_size"],
                seed=form.cleaned_data.get("seed"),
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The items were drawn."))
    else:
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}：{error}" if label else str(error))
    return redirect("plans:list", pk=rlist.pk)


@login_required
@require_GET
def spot_check_view(request: HttpRequest, pk: int) -> HttpResponse:
    check = spot_check_get_for_user(user=request.user, check_id=pk)
    return render(
        request,
        "plans/spot_check.html",
        {
            "check": check,
            "is_assessor": scope_for(request.user).everything,  # only an assessor is shown the draw's seed
            "results": check.results.select_related("item__lead_unit").order_by("item__position"),
            "form": SpotCheckResultForm(),
        },
    )


@login_required
@require_POST
def spot_check_record_view(request: HttpRequest, pk: int) -> HttpResponse:
    result = spot_check_result_get_for_user(user=request.user, result_id=pk)
    form = SpotCheckResultForm(request.POST)
    if form.is_valid():
        try:
            services.spot_check_record(
                actor=request.user,
                result=result,
                outcome=form.cleaned_data["result"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
    return redirect("plans:spot_check", pk=result.spot_check_id)


@login_required
@require_POST
def spot_check_expose_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Put the item of a discrepancy on the accountability list."""
    result = spot_check_result_get_for_user(user=request.user, result_id=pk)
    form = ExposeForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(m) for errors in form.errors.values() for m in errors))
        return redirect("plans:spot_check", pk=result.spot_check_id)
    try:
        services.accountability_from_discrepancy(
            actor=request.user, result=result, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The item was put on the accountability list."))
    return redirect("plans:spot_check", pk=result.spot_check_id)


# --- accountability and audit findings (office only) ---------------------------------------------


def _office_list(request: HttpRequest, pk: int) -> ResponsibilityList:
    rlist = responsibility_list_get_for_user(user=request.user, list_id=pk)
    if not scope_for(request.user).lists.can_write_list(rlist):
        raise PermissionDenied(_("Only the office of this list may do this."))
    return rlist


@login_required
@require_http_methods(["GET", "POST"])
def accountability_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The accountability list of a list, and a form to expose an item or a unit with a reason."""
    rlist = _office_list(request, pk)
    items = (
        Item.objects.filter(responsibility_list=rlist).select_related("lead_unit").order_by("position", "id")
    )
    units = item_units(user=request.user, responsibility_list=rlist)
    form = AccountabilityForm(request.POST or None, items=items, units=units)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            item = form.cleaned_data["item"]
            try:
                services.accountability_record_add(
                    actor=request.user,
                    responsibility_list=rlist,
                    unit=form.cleaned_data["unit"] or item.lead_unit,
                    item=item,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The record was added to the accountability list."))
                return redirect("plans:accountability", pk=rlist.pk)
        status = 400
    context = {
        "rlist": rlist,
        "form": form,
        "records": accountability_list(responsibility_list=rlist),
        "discrepancies": discrepancy_list(responsibility_list=rlist),
        "expose_form": ExposeForm(),
    }
    return render(request, "plans/accountability.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def findings_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The audit findings of a list (overdue flagged) and a form to record one."""
    rlist = _office_list(request, pk)
    form = AuditFindingForm(
        request.POST or None, units=item_units(user=request.user, responsibility_list=rlist)
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                finding = services.audit_finding_create(
                    actor=request.user,
                    responsibility_list=rlist,
                    unit=data["unit"],
                    text=data["text"],
                    severity=data["severity"],
                    deadline=data["deadline"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The finding was recorded."))
                return redirect("plans:finding", pk=finding.pk)
        status = 400
    context = {"rlist": rlist, "form": form, "findings": audit_finding_list(responsibility_list=rlist)}
    return render(request, "plans/findings.html", context, status=status)


@login_required
@require_GET
def overdue_findings_view(request: HttpRequest) -> HttpResponse:
    """Findings of every list the user reads in full; `?all=1` shows the closed and the not yet due too."""
    show_all = request.GET.get("all") == "1"
    findings = audit_finding_list(user=request.user, overdue_only=not show_all)
    return render(
        request,
        "plans/overdue_findings.html",
        {"page": paginate(request, findings), "show_all": show_all},
    )


@login_required
@require_http_methods(["GET", "POST"])
def finding_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A finding with its rectification entries; the office adds entries and closes it."""
    finding = audit_finding_get_for_user(user=request.user, finding_id=pk)
    can_write = scope_for(request.user).lists.can_write_list(finding.responsibility_list)
    form = RectificationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied(_("Only the office of this list may do this."))
        if form.is_valid():
            data = form.cleaned_data
            try:
                if request.POST.get("action") == "close":
                    services.audit_finding_close(
                        actor=request.user, finding=finding, date=data["date"], text=data["text"]
                    )
                    messages.success(request, _("The finding was closed."))
                else:
                    services.rectification_add(
                        actor=request.user, finding=finding, date=data["date"], text=data["text"]
                    )
                    messages.success(request, _("The rectification was recorded."))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect("plans:finding", pk=finding.pk)
        status = 400
    context = {
        "finding": finding,
        "is_overdue": finding.closed_at is None and finding.deadline < timezone.localdate(),
        "rectifications": rectification_list(finding=finding),
        "form": form if can_write and finding.closed_at is None else None,
    }
    return render(request, "plans/finding_detail.html", context, status=status)


# --- the ledger of an agreement ---------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def agreement_ledger_view(request: HttpRequest, pk: int) -> HttpResponse:
    """An agreement's ledger: read by the readers of its pairing, reported on and reviewed by its office."""
    agreement = agreement_get_for_ledger(user=request.user, agreement_id=pk)
    can_write = scope_for(request.user).lists.can_write_agreement(agreement)
    form = AgreementEntryForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied(_("You may not report on this agreement."))
        if form.is_valid():
            year, month = form.cleaned_data["period"]
            try:
                services.agreement_entry_submit(
                    actor=request.user,
                    agreement=agreement,
                    year=year,
                    month=month,
                    value=form.cleaned_data["value"],
                    narrative=form.cleaned_data["narrative"],
                    files=form.cleaned_data["evidence"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Your report was submitted for review."))
                return redirect("plans:agreement_ledger", pk=agreement.pk)
        status = 400
    context = {
        "agreement": agreement,
        "entries": agreement_entry_list(agreement=agreement),
        "can_review": can_write,
        "entry_form": form if can_write else None,
    }
    return render(request, "plans/agreement_ledger.html", context, status=status)
