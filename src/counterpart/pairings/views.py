"""Pairing pages. The pairing page composes the meetings and agreements selectors (views are the top of
the import graph; the domain apps below them stay a tree)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from counterpart.agreements.selectors import agreement_list, progress_report_list_for_pairing
from counterpart.meetings.selectors import meeting_list
from counterpart.pairings.forms import PairingSearchForm
from counterpart.pairings.selectors import pairing_children, pairing_get_for_user, pairing_table, scope_for
from counterpart.web.forms import is_htmx, paginate
from counterpart.web.selectors import pairing_timeline


@login_required
@require_GET
def pairing_list_view(request: HttpRequest) -> HttpResponse:
    form = PairingSearchForm(request.GET)
    search = form.cleaned_data.get("q", "") if form.is_valid() else ""
    page = paginate(request, pairing_table(user=request.user, search=search))
    context = {"form": form, "page": page}
    template = "pairings/partials/pairing_table.html" if is_htmx(request) else "pairings/pairing_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
@require_GET
def pairing_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = pairing_get_for_user(user=request.user, pairing_id=pk)
    meetings = list(meeting_list(user=request.user, pairing_id=pairing.pk))
    agreements = list(agreement_list(user=request.user, pairing_id=pairing.pk))
    reports = progress_report_list_for_pairing(user=request.user, pairing_id=pairing.pk)
    return render(
        request,
        "pairings/pairing_detail.html",
        {
            "pairing": pairing,
            "children": pairing_children(user=request.user, pairing=pairing),
            "meetings": meetings,
            "agreements": agreements,
            "stalled_count": len([a for a in agreements if getattr(a, "is_stalled", False)]),
            "timeline": pairing_timeline(meetings=meetings, agreements=agreements, reports=reports),
            "can_write": scope_for(request.user).can_write(pairing),
        },
    )
