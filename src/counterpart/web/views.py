from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from counterpart.agreements.selectors import agreement_list, progress_report_list_for_pairing
from counterpart.core.models import parse_source_span
from counterpart.core.selectors import source_document_get
from counterpart.core.templatetags.core_ui import citation_label
from counterpart.funds.selectors import alert_list
from counterpart.meetings.selectors import meeting_list
from counterpart.pairings.scope import scope_for
from counterpart.pairings.selectors import pairing_children, pairing_get_for_user
from counterpart.web.selectors import agreement_status_chart, dashboard_pairings, pairing_timeline


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


def healthz(_request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})


@login_required
@require_GET
def pairing_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The pairing page: its children, meetings, agreements and their timeline (named `pairings:detail`)."""
    pairing = pairing_get_for_user(user=request.user, pairing_id=pk)
    meetings = list(meeting_list(user=request.user, pairing_id=pairing.pk))
    agreements = list(agreement_list(user=request.user, pairing_id=pairing.pk))
    reports = progress_report_list_for_pairing(user=request.user, pairing_id=pairing.pk)
    return render(
        request,
        "web/pairing_detail.html",
        {
            "pairing": pairing,
            "children": pairing_children(user=request.user, pairing=pairing),
            "meetings": meetings,
            "agreements": agreements,
            "stalled_count": len([a for a in agreements if getattr(a, "is_stalled", False)]),
            "timeline": pairing_timeline(meetings=meetings, agreements=agreements, reports=reports),
            "can_write": scope_for(request.user).can_write(pairing),
            "funds_alerts": alert_list(user=request.user, pairing=pairing),
        },
    )


@login_required
@require_GET
def source_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A source document by its kind, date, language and title, with the passage `span` (start-end, as a
    record's source names it) marked in its text."""
    document = source_document_get(document_id=pk)
    span = parse_source_span(f"{document.file_name}:{request.GET.get('span', '')}")
    before, passage, after = document.passage(span[1], span[2]) if span else ("", "", "")
    return render(
        request,
        "web/source.html",
        {
            "document": document,
            "citation": citation_label(document),
            "before": before,
            "passage": passage,
            "after": after,
        },
    )
