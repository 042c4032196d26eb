"""Meeting pages: list, page, create, edit. Every write goes through `meetings.services`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from counterpart.core.extensions import contributions
from counterpart.core.ui import add_service_errors, is_htmx, paginate, show_stale_write
from counterpart.core.versions import StaleWrite
from counterpart.meetings import services
from counterpart.meetings.forms import AttendeeForm, DecisionForm, MeetingFilterForm, MeetingForm
from counterpart.meetings.selectors import meeting_can_write, meeting_get_for_user, meeting_list
from counterpart.pairings.scope import scope_for
from counterpart.pairings.ui import check_posted_pairing


@login_required
@require_GET
def meeting_list_view(request: HttpRequest) -> HttpResponse:
    form = MeetingFilterForm(request.GET, user=request.user)
    page = paginate(request, meeting_list(user=request.user, **form.filters()))
    context = {"form": form, "page": page, "can_create": scope_for(request.user).can_create()}
    template = "meetings/partials/meeting_table.html" if is_htmx(request) else "meetings/meeting_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
@require_GET
def meeting_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_get_for_user(user=request.user, meeting_id=pk)
    return _render_detail(request, meeting, attendee_form=AttendeeForm(), decision_form=DecisionForm())


def _render_detail(request: HttpRequest, meeting: Any, **forms_context: Any) -> HttpResponse:
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "agreements": (),
            # The agreements signed there (the agreements app adds them: it sits above meetings).
            **contributions("meeting", user=request.user, meeting=meeting),
            "can_write": meeting_can_write(user=request.user, meeting=meeting),
            **forms_context,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create_view(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        check_posted_pairing(request, message=_("You may not change meetings of this pairing."))
        form = MeetingForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                meeting = services.meeting_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The meeting was recorded."))
                return redirect("meetings:detail", pk=meeting.pk)
    else:
        form = MeetingForm(user=request.user, initial={"pairing": request.GET.get("pairing")})
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": None})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_get_for_user(user=request.user, meeting_id=pk)
    if not meeting_can_write(user=request.user, meeting=meeting):
        raise PermissionDenied(_("You may not change this meeting."))
    status = 200
    if request.method == "POST":
        check_posted_pairing(request, message=_("You may not change meetings of this pairing."))
        form = MeetingForm(request.POST, user=request.user, meeting=meeting)
        if form.is_valid():
            try:
                services.meeting_update(actor=request.user, meeting=meeting, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            except StaleWrite as exc:
                show_stale_write(form, exc)
                status = 409
            else:
                messages.success(request, _("The meeting was saved."))
                return redirect("meetings:detail", pk=meeting.pk)
    else:
        form = MeetingForm(initial=MeetingForm.initial_from(meeting), user=request.user, meeting=meeting)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting}, status=status)


def _meeting_form_post(
    request: HttpRequest, pk: int, form_class: type[forms.Form], save: Any, success: str
) -> HttpResponse:
    """POST of a small form on the meeting page: back to the page on success, else the page with errors."""
    meeting = meeting_get_for_user(user=request.user, meeting_id=pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            save(meeting, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect("meetings:detail", pk=meeting.pk)
    forms_context: dict[str, forms.Form] = {"attendee_form": AttendeeForm(), "decision_form": DecisionForm()}
    forms_context["attendee_form" if form_class is AttendeeForm else "decision_form"] = form
    response = _render_detail(request, meeting, **forms_context)
    response.status_code = 422
    return response


@login_required
@require_POST
def meeting_attendee_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_form_post(
        request,
        pk,
        AttendeeForm,
        lambda meeting, data: services.attendance_add_by_name(actor=request.user, meeting=meeting, **data),
        _("The attendee was added."),
    )


@login_required
@require_POST
def meeting_decision_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_form_post(
        request,
        pk,
        DecisionForm,
        lambda meeting, data: services.decision_add(actor=request.user, meeting=meeting, text=data["text"]),
        _("The decision was added."),
    )
