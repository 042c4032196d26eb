"""The pairings list. The pairing page reads meetings and agreements too, so it lives in `web` (the apps
below web form a tree: a pairing knows nothing of the meetings and agreements that refer to it)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from counterpart.core.ui import add_service_errors, is_htmx, paginate
from counterpart.pairings import services
from counterpart.pairings.forms import PairingForm, PairingSearchForm
from counterpart.pairings.scope import scope_for
from counterpart.pairings.selectors import pairing_table


@login_required
@require_GET
def pairing_list_view(request: HttpRequest) -> HttpResponse:
    form = PairingSearchForm(request.GET)
    search = form.cleaned_data.get("q", "") if form.is_valid() else ""
    page = paginate(request, pairing_table(user=request.user, search=search))
    context = {"form": form, "page": page, "can_create": scope_for(request.user).can_create()}
    template = "pairings/partials/pairing_table.html" if is_htmx(request) else "pairings/pairing_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
@require_http_methods(["GET", "POST"])
def pairing_create_view(request: HttpRequest) -> HttpResponse:
    """A new pairing between any two regions of the national tree: an assessor's (top level or under any
    pairing), or an office's under a pairing it writes."""
    if not scope_for(request.user).can_create():
        raise PermissionDenied(_("You may not create pairings."))
    if request.method == "POST":
        form = PairingForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                pairing = services.pairing_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The pairing was created."))
                return redirect("pairings:detail", pk=pairing.pk)
    else:
        form = PairingForm(user=request.user, initial={"parent": request.GET.get("parent")})
    return render(request, "pairings/pairing_form.html", {"form": form})
