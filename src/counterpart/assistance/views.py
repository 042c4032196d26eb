"""Assistance pages: totals by pairing and year with the lists behind them, and the fragment of what one
household received (loaded into the household page, so the registry app does not depend on this one)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from counterpart.assistance import selectors, services
from counterpart.assistance.forms import AwardForm, DispatchForm, PlacementForm, PurchaseForm, TrainingForm
from counterpart.core.inputs import parse_id, parse_year
from counterpart.core.ui import add_service_errors, query_value
from counterpart.geo.selectors import region_by_code
from counterpart.households.selectors import household_get_for_user
from counterpart.pairings.selectors import pairing_choices, pairing_get_for_user
from counterpart.pairings.ui import check_posted_pairing

NOT_ALLOWED = gettext_lazy("You may not record assistance for this pairing.")


@login_required
@require_GET
def assistance_overview_view(request: HttpRequest) -> HttpResponse:
    pairing_id = query_value(request, "pairing", parse_id)
    pairing = pairing_get_for_user(user=request.user, pairing_id=pairing_id) if pairing_id else None
    year = query_value(request, "year", parse_year)
    args: dict[str, Any] = {"user": request.user, "pairing": pairing, "year": year}
    context = {
        "pairing": pairing,
        "year": year,
        "pairings": pairing_choices(user=request.user),
        "totals": selectors.assistance_totals(**args),
        "placements": selectors.placement_list(**args)[:50],
        "trainings": selectors.training_list(**args)[:50],
        "purchases": selectors.purchase_list(**args)[:50],
        "dispatches": selectors.dispatch_list(**args)[:50],
        "awards": selectors.award_list(**args)[:50],
    }
    return render(request, "assistance/overview.html", context)


@login_required
@require_GET
def household_assistance_view(request: HttpRequest, pk: int) -> HttpResponse:
    household = household_get_for_user(user=request.user, household_id=pk)
    context = {
        **selectors.household_assistance(user=request.user, household=household),
        "household": household,
    }
    return render(request, "assistance/partials/household_assistance.html", context)


def _record(
    form: Form, write: Any, *, regions: tuple[str, ...] = (), beside: dict[str, str] | None = None
) -> bool:
    """Call the service `write` with the form's data (region codes resolved, a blank optional one is None);
    errors go on the form, those the service names after something else beside the field `beside` maps
    that name to (e.g. "member" → "members")."""
    data = dict(form.cleaned_data)
    try:
        for name in regions:
            data[name] = region_by_code(data[name], field=name) if data[name] else None
        write(**data)
    except ValidationError as exc:
        if beside and hasattr(exc, "error_dict"):
            exc = ValidationError({beside.get(name, name): errors for name, errors in exc.error_dict.items()})
        add_service_errors(form, exc)
        return False
    return True


def _render_record(request: HttpRequest, form: Form, title: str, **extra: Any) -> HttpResponse:
    status = 400 if form.is_bound else 200
    context = {"form": form, "title": title, **extra}
    return render(request, "assistance/record_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def placement_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a job placement of a member of this household (the household must be in the user's scope)."""
    household = household_get_for_user(user=request.user, household_id=pk)
    if request.method == "POST":
        check_posted_pairing(request, message=str(NOT_ALLOWED))
        form = PlacementForm(request.POST, user=request.user, household=household)
        if form.is_valid() and _record(
            form,
            lambda **data: services.placement_record(actor=request.user, **data),
            regions=("work_region",),
        ):
            messages.success(request, _("The placement was recorded."))
            return redirect("households:detail", pk=household.pk)
    else:
        form = PlacementForm(user=request.user, household=household)
    title = _("Record a job placement · household %(number)s") % {"number": household.number}
    return _render_record(request, form, title, household=household)


def _record_page(
    request: HttpRequest,
    form_class: type[Form],
    write: Any,
    *,
    done: str,
    title: str,
    regions: tuple[str, ...] = (),
    beside: dict[str, str] | None = None,
) -> HttpResponse:
    """The page that records one pairing-level assistance record through the service `write` (called with
    the actor and the form's data); back to the overview when it is recorded."""
    if request.method == "POST":
        check_posted_pairing(request, message=str(NOT_ALLOWED))
        form = form_class(request.POST, user=request.user)  # type: ignore[call-arg]
        if form.is_valid() and _record(
            form,
            lambda **data: write(actor=request.user, **data),
            regions=regions,
            beside=beside,
        ):
            messages.success(request, done)
            return redirect("assistance:overview")
    else:
        form = form_class(user=request.user)  # type: ignore[call-arg]
    return _render_record(request, form, title)


@login_required
@require_http_methods(["GET", "POST"])
def training_create_view(request: HttpRequest) -> HttpResponse:
    """Record a training; attendees named by ID number must be registry members the user may read."""
    return _record_page(
        request,
        TrainingForm,
        services.training_record,
        done=_("The training was recorded."),
        title=_("Record a training"),
        regions=("region",),
        beside={"member": "members"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def purchase_create_view(request: HttpRequest) -> HttpResponse:
    return _record_page(
        request,
        PurchaseForm,
        services.purchase_record,
        done=_("The purchase was recorded."),
        title=_("Record a purchase"),
        regions=("seller_region",),
    )


@login_required
@require_http_methods(["GET", "POST"])
def dispatch_create_view(request: HttpRequest) -> HttpResponse:
    return _record_page(
        request,
        DispatchForm,
        services.dispatch_record,
        done=_("The dispatch was recorded."),
        title=_("Record a dispatch of personnel"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def award_create_view(request: HttpRequest) -> HttpResponse:
    return _record_page(
        request,
        AwardForm,
        services.award_record,
        done=_("The award was recorded."),
        title=_("Record an award"),
    )
