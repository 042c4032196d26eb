"""The pairings list. The pairing page reads meetings and agreements too, so it lives in `web` (the apps
below web form a tree: a pairing knows nothing of the meetings and agreements that refer to it)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from counterpart.core.ui import is_htmx, paginate
from counterpart.pairings.forms import PairingSearchForm
from counterpart.pairings.selectors import pairing_table


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
