from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from counterpart.web.selectors import agreement_status_chart, dashboard_pairings


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The dashboard: pairings in scope with their counts, and agreements by status."""
    pairings = dashboard_pairings(user=request.user)
    return render(
        request,
        "web/home.html",
        {
            "pairings": pairings,
            "chart_options": agreement_status_chart(user=request.user),
            "totals": {
                "meetings": sum(p.meeting_count for p in pairings),  # type: ignore[attr-defined]
                "agreements": sum(p.agreement_count for p in pairings),  # type: ignore[attr-defined]
                "stalled": sum(p.stalled_count for p in pairings),  # type: ignore[attr-defined]
            },
        },
    )


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
