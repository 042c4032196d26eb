from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from counterpart.meetings.models import Attendance, Meeting
from counterpart.pairings.scope import Scope, scope_for


def meeting_scope_q(scope: Scope, *, write: bool = False) -> Q:
    """Meetings of pairings in scope, plus meetings of one side alone (no pairing) hosted in a home region
    of the user's office grants."""
    if scope.everything:
        return Q()
    q = scope.pairing_q("pairing__", write=write)
    if scope.home_regions:
        q |= Q(pairing__isnull=True, host__region__in=scope.home_regions)
    return q


def meeting_list(
    *, user: Any, pairing_id: int | None = None, kind: str = "", year: int | None = None, search: str = ""
) -> QuerySet[Meeting]:
    qs = (
        Meeting.objects.filter(meeting_scope_q(scope_for(user)))
        .select_related(
            "pairing__helper_region",
            "pairing__helped_region",
            "pairing__helper_org",
            "pairing__helped_org",
            "host",
            "parent",
            "place_region",
        )
        .annotate(agreement_count=Count("agreements", distinct=True))
        .order_by("-date", "id")
    )
    if pairing_id is not None:
        qs = qs.filter(pairing_id=pairing_id)
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(date__year=year)
    if search:
        qs = qs.filter(
            Q(title__icontains=search) | Q(title_en__icontains=search) | Q(place__icontains=search)
        )
    return qs


def meeting_get_for_user(*, user: Any, meeting_id: int) -> Meeting:
    try:
        return (
            meeting_list(user=user)
            .prefetch_related(
                Prefetch(
                    "attendances",
                    queryset=Attendance.objects.select_related("person").order_by("order", "id"),
                ),
                "decisions",
                "figures",
                "parts",
            )
            .get(pk=meeting_id)
        )
    except Meeting.DoesNotExist as exc:
        raise Http404("No such meeting.") from exc


def meeting_can_write(*, user: Any, meeting: Meeting) -> bool:
    """Whether the user may change the meeting (the rule `meetings.services` enforces)."""
    scope = scope_for(user)
    if scope.everything:
        return True
    if meeting.pairing_id is not None:
        return scope.can_write(meeting.pairing)
    return bool(meeting.host and meeting.host.region_id in scope.home_regions)


def meeting_choices(
    *, user: Any, write: bool = False, pairing_ids: list[int] | None = None
) -> QuerySet[Meeting]:
    """Meetings for a select box (e.g. "part of" or "signed at"), without counts; newest first."""
    qs = Meeting.objects.filter(meeting_scope_q(scope_for(user), write=write))
    if pairing_ids is not None:
        qs = qs.filter(pairing_id__in=pairing_ids)
    return qs.order_by("-date", "id")
