"""Assistance pages: totals by pairing and year with the lists behind them, and the fragment of what one
household received (loaded into the household page, so the registry app does not depend on this one)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from counterpart.assistance import selectors
from counterpart.households.selectors import household_get_for_user
from counterpart.pairings.selectors import pairing_choices, pairing_get_for_user


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@login_required
@require_GET
def assistance_overview_view(request: HttpRequest) -> HttpResponse:
    pairing_id = _int(request.GET.get("pairing"))
    pairing = pairing_get_for_user(user=request.user, pairing_id=pairing_id) if pairing_id else None
    year = _int(request.GET.get("year"))
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
    context = selectors.household_assistance(user=request.user, household=household)
    return render(request, "assistance/partials/household_assistance.html", context)
