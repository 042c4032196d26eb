"""Agreement pages: list (htmx-filtered), page, create, edit, progress reports and milestones. Every write
goes through `agreements.services`; the services check scope again."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from counterpart.agreements import services
from counterpart.agreements.forms import (
    AgreementFilterForm,
    AgreementForm,
    MilestoneAddForm,
    MilestoneDoneForm,
    MilestoneFormSet,
    PartyFormSet,
    ProgressReportForm,
)
from counterpart.agreements.models import Agreement, AgreementParty
from counterpart.agreements.selectors import (
    SORTS,
    agreement_change_log,
    agreement_get_for_user,
    agreement_list,
    milestone_get_for_user,
    progress_report_list,
)
from counterpart.core.ui import add_service_errors, is_htmx, paginate, show_stale_write
from counterpart.core.versions import StaleWrite
from counterpart.orgs.selectors import organization_in_bulk, organization_list
from counterpart.pairings.scope import scope_for
from counterpart.pairings.ui import check_posted_pairing

NOT_ALLOWED = gettext_lazy("You may not change agreements of this pairing.")

#: The sortable columns of the list: (column, ascending sort key); the descending key is "-" + key.
SORT_COLUMNS = ("title", "status", "signed", "last_report")


@login_required
@require_GET
def agreement_list_view(request: HttpRequest) -> HttpResponse:
    form = AgreementFilterForm(request.GET, user=request.user)
    filters = form.filters()
    page = paginate(request, agreement_list(user=request.user, **filters))
    current = filters["sort"]
    sort_links = {
        column: {
            "key": f"-{column}" if current == column else column,
            "active": current.lstrip("-") == column,
            "descending": current == f"-{column}",
        }
        for column in SORT_COLUMNS
        if column in SORTS
    }
    scope = scope_for(request.user)
    context = {
        "form": form,
        "page": page,
        "sort": current,
        "sort_links": sort_links,
        "can_create": scope.can_create(),
    }
    template = (
        "agreements/partials/agreement_table.html" if is_htmx(request) else "agreements/agreement_list.html"
    )
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _detail_context(request: HttpRequest, agreement: Agreement, **forms: Any) -> dict[str, Any]:
    can_write = scope_for(request.user).can_write(agreement.pairing)
    context: dict[str, Any] = {
        "agreement": agreement,
        "reports": progress_report_list(agreement=agreement),
        "history": agreement_change_log(agreement=agreement),
        "can_write": can_write,
    }
    if can_write:
        context["report_form"] = forms.get("report_form") or ProgressReportForm()
        context["milestone_form"] = forms.get("milestone_form") or MilestoneAddForm()
        context["done_form"] = MilestoneDoneForm()
    return context


@login_required
@require_GET
def agreement_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_get_for_user(user=request.user, agreement_id=pk)
    return render(request, "agreements/agreement_detail.html", _detail_context(request, agreement))


def _organization_choices() -> list[tuple[Any, str]]:
    return [("", "—"), *((org.pk, str(org)) for org in organization_list())]


def _parties(formset: Any) -> list[tuple[Any, str]]:
    """(organization, role) of the filled rows, the organizations read in one query."""
    rows = [f.cleaned_data for f in formset.forms if f.cleaned_data.get("organization")]
    orgs = organization_in_bulk(ids=[row["organization"] for row in rows])
    return [(orgs[row["organization"]], row["role"]) for row in rows if row["organization"] in orgs]


def _render_form(request: HttpRequest, context: dict[str, Any], *, status: int = 200) -> HttpResponse:
    return render(request, "agreements/agreement_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def agreement_create_view(request: HttpRequest) -> HttpResponse:
    org_choices = _organization_choices()
    party_kwargs: dict[str, Any] = {"prefix": "parties", "form_kwargs": {"organization_choices": org_choices}}
    parties_errors: list[str] = []
    if request.method == "POST":
        check_posted_pairing(request, message=str(NOT_ALLOWED))
        form = AgreementForm(request.POST, user=request.user)
        party_formset = PartyFormSet(request.POST, **party_kwargs)
        milestone_formset = MilestoneFormSet(request.POST, prefix="milestones")
        if form.is_valid() and party_formset.is_valid() and milestone_formset.is_valid():
            milestones = [
                (f.cleaned_data["what"], f.cleaned_data["due_date"])
                for f in milestone_formset.forms
                if f.cleaned_data.get("what")
            ]
            try:
                agreement = services.agreement_create(
                    actor=request.user,
                    parties=_parties(party_formset),
                    milestones=milestones,
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                add_service_errors(form, exc, elsewhere={"parties": parties_errors})
            else:
                messages.success(request, _("The agreement was recorded."))
                return redirect("agreements:detail", pk=agreement.pk)
    else:
        form = AgreementForm(
            user=request.user,
            initial={"pairing": request.GET.get("pairing"), "meeting": request.GET.get("meeting")},
        )
        party_formset = PartyFormSet(
            initial=[{"role": AgreementParty.Role.HELPING}, {"role": AgreementParty.Role.HELPED}],
            **party_kwargs,
        )
        milestone_formset = MilestoneFormSet(prefix="milestones")
    return _render_form(
        request,
        {
            "form": form,
            "party_formset": party_formset,
            "milestone_formset": milestone_formset,
            "parties_errors": parties_errors,
            "agreement": None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_get_for_user(user=request.user, agreement_id=pk)
    if not scope_for(request.user).can_write(agreement.pairing):
        raise PermissionDenied(str(NOT_ALLOWED))
    org_choices = _organization_choices()
    party_kwargs: dict[str, Any] = {"prefix": "parties", "form_kwargs": {"organization_choices": org_choices}}
    parties_errors: list[str] = []
    status = 200
    if request.method == "POST":
        form = AgreementForm(request.POST, user=request.user, agreement=agreement)
        party_formset = PartyFormSet(request.POST, **party_kwargs)
        if form.is_valid() and party_formset.is_valid():
            try:
                services.agreement_update(
                    actor=request.user,
                    agreement=agreement,
                    parties=_parties(party_formset),
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                add_service_errors(form, exc, elsewhere={"parties": parties_errors})
            except StaleWrite as exc:
                show_stale_write(form, exc)
                status = 409
            else:
                messages.success(request, _("The agreement was saved."))
                return redirect("agreements:detail", pk=agreement.pk)
    else:
        form = AgreementForm(
            initial=AgreementForm.initial_from(agreement), user=request.user, agreement=agreement
        )
        party_formset = PartyFormSet(
            initial=[{"organization": p.organization_id, "role": p.role} for p in agreement.parties.all()],
            **party_kwargs,
        )
    return _render_form(
        request,
        {
            "form": form,
            "party_formset": party_formset,
            "milestone_formset": None,
            "parties_errors": parties_errors,
            "agreement": agreement,
        },
        status=status,
    )


@login_required
@require_POST
def progress_report_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Adds a progress report. With htmx the answer is the reports-and-history fragment (the form again,
    with its errors if any); without, a redirect to the agreement page (or the page with the errors)."""
    agreement = agreement_get_for_user(user=request.user, agreement_id=pk)
    form = ProgressReportForm(request.POST)
    saved = False
    if form.is_valid():
        try:
            services.progress_report_submit(actor=request.user, agreement=agreement, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            saved = True
    if saved and not is_htmx(request):
        messages.success(request, _("The progress report was added."))
        return redirect("agreements:detail", pk=agreement.pk)
    if saved:
        # Re-read: the report may have moved the status and the stalled flag.
        agreement = agreement_get_for_user(user=request.user, agreement_id=pk)
        form = ProgressReportForm()
    context = _detail_context(request, agreement, report_form=form)
    if is_htmx(request):
        context["oob_status"] = True
        return render(request, "agreements/partials/reports_and_history.html", context)
    return render(request, "agreements/agreement_detail.html", context)


@login_required
@require_POST
def milestone_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_get_for_user(user=request.user, agreement_id=pk)
    form = MilestoneAddForm(request.POST)
    if form.is_valid():
        try:
            services.milestone_add(actor=request.user, agreement=agreement, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The milestone was added."))
            return redirect("agreements:detail", pk=agreement.pk)
    return render(
        request, "agreements/agreement_detail.html", _detail_context(request, agreement, milestone_form=form)
    )


@login_required
@require_POST
def milestone_done_view(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = milestone_get_for_user(user=request.user, milestone_id=pk)
    form = MilestoneDoneForm(request.POST)
    if form.is_valid():
        try:
            services.milestone_mark_done(actor=request.user, milestone=milestone, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The milestone was marked done."))
    else:
        for field_errors in form.errors.values():
            for error in field_errors:
                messages.error(request, str(error))
    return redirect("agreements:detail", pk=milestone.agreement_id)
