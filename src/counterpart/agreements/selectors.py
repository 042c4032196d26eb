"""Reads of agreements. `is_stalled` and `last_report_date` are computed in the database for every row."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.http import Http404
from django.utils import timezone

from counterpart.agreements.models import Agreement, AgreementParty, Milestone, ProgressReport
from counterpart.pairings.scope import scope_for
from counterpart.pairings.selectors import pairing_subtree_q

ACTIVE_STATUSES = (Agreement.Status.SIGNED, Agreement.Status.IMPLEMENTING)

SORTS = {
    "signed": ("signed_date", "id"),
    "-signed": ("-signed_date", "-id"),
    "title": ("title", "id"),
    "-title": ("-title", "-id"),
    "status": ("status", "id"),
    "-status": ("-status", "-id"),
    "last_report": ("last_report_date", "id"),
    "-last_report": ("-last_report_date", "-id"),
}


def stall_cutoff(today: dt.date | None = None) -> dt.date:
    return (today or timezone.localdate()) - dt.timedelta(days=settings.AGREEMENT_STALL_DAYS)


def with_stall_flags(qs: QuerySet[Agreement], *, today: dt.date | None = None) -> QuerySet[Agreement]:
    """Annotate `last_report_date`, `has_overdue_milestone` and `is_stalled`.

    Stalled: marked so by a person, or still active (signed / implementing) with a milestone past due and not
    done, or with no progress report for AGREEMENT_STALL_DAYS days (counted from signing when none exists).
    Every progress report counts, a dated one or one for a period of the agreement's ledger (dated the day
    it was last submitted), whatever its review.
    """
    today = today or timezone.localdate()
    last_report = (
        ProgressReport.objects.filter(agreement=OuterRef("pk"))
        .order_by("-reported_on")
        .values("reported_on")[:1]
    )
    overdue = Milestone.objects.filter(agreement=OuterRef("pk"), due_date__lt=today, done_date__isnull=True)
    return qs.annotate(
        last_report_date=Subquery(last_report, output_field=DateField()),
        has_overdue_milestone=Exists(overdue),
        activity_date=Coalesce(
            Subquery(last_report, output_field=DateField()),
            F("signed_date"),
            TruncDate("created_at"),
            output_field=DateField(),
        ),
    ).annotate(
        is_stalled=Case(
            When(status=Agreement.Status.STALLED, then=Value(True)),
            When(Q(status__in=ACTIVE_STATUSES) & Q(has_overdue_milestone=True), then=Value(True)),
            When(Q(status__in=ACTIVE_STATUSES) & Q(activity_date__lt=stall_cutoff(today)), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def agreement_list(
    *,
    user: Any,
    pairing_id: int | None = None,
    include_subpairings: bool = True,
    meeting_id: int | None = None,
    kind: str = "",
    sector: str = "",
    status: str = "",
    stalled: bool | None = None,
    year: int | None = None,
    search: str = "",
    sort: str = "-signed",
) -> QuerySet[Agreement]:
    """Agreements in the user's scope with their parties, filtered and sorted; `status="stalled"` selects
    the computed flag rather than the stored status."""
    qs = with_stall_flags(
        Agreement.objects.filter(scope_for(user).pairing_q("pairing__")).select_related(
            "pairing__helper_region",
            "pairing__helped_region",
            "pairing__helper_org",
            "pairing__helped_org",
            "meeting",
        )
    ).prefetch_related(
        Prefetch(
            "parties", queryset=AgreementParty.objects.select_related("organization").order_by("order", "id")
        )
    )
    if pairing_id is not None:
        if include_subpairings:
            qs = qs.filter(pairing_subtree_q(pairing_id, "pairing__"))
        else:
            qs = qs.filter(pairing_id=pairing_id)
    if meeting_id is not None:
        qs = qs.filter(Q(meeting_id=meeting_id) | Q(meeting__parent_id=meeting_id))
    if kind:
        qs = qs.filter(kind=kind)
    if sector:
        qs = qs.filter(sector=sector)
    if status == "stalled":
        stalled = True
    elif status:
        qs = qs.filter(status=status)
    if stalled is not None:
        qs = qs.filter(is_stalled=stalled)  # type: ignore[misc]  # annotated by with_stall_flags
    if year:
        qs = qs.filter(signed_date__year=year)
    if search:
        term = search.strip()
        party_match = AgreementParty.objects.filter(agreement=OuterRef("pk")).filter(
            Q(organization__name__icontains=term)
            | Q(organization__name_en__icontains=term)
            | Q(organization__name_ja__icontains=term)
            | Q(organization__name_zh_hant__icontains=term)
        )
        qs = qs.filter(
            Q(title__icontains=term)
            | Q(title_en__icontains=term)
            | Q(title_ja__icontains=term)
            | Q(summary__icontains=term)
            | Exists(party_match)
        )
    return qs.order_by(*SORTS.get(sort, SORTS["-signed"]))


def agreement_get_for_user(*, user: Any, agreement_id: int) -> Agreement:
    try:
        return agreement_list(user=user).prefetch_related("milestones").get(pk=agreement_id)
    except Agreement.DoesNotExist as exc:
        raise Http404("No such agreement.") from exc


def progress_report_list(*, agreement: Agreement) -> QuerySet[ProgressReport]:
    return agreement.progress_reports.select_related("reporter").order_by("-reported_on", "-id")


def agreement_history(*, agreement: Agreement) -> list[Any]:
    """Every recorded change of the agreement, its parties, milestones and reports, newest first."""
    entries: list[Any] = []
    entries.extend(agreement.history.select_related("history_user").all())
    for model in (AgreementParty, Milestone, ProgressReport):
        entries.extend(model.history.filter(agreement_id=agreement.pk).select_related("history_user"))
    entries.sort(key=lambda h: h.history_date, reverse=True)
    return entries


def stalled_count_by_pairing(*, user: Any) -> dict[int, int]:
    rows = (
        agreement_list(user=user, stalled=True)
        .order_by()
        .values("pairing_id")
        .annotate(n=Count("id"))
        .values_list("pairing_id", "n")
    )
    return dict(rows)


def agreement_status_counts(*, user: Any, pairing_id: int | None = None) -> dict[str, int]:
    """Agreements in scope by the status they are in: an agreement flagged stalled (`is_stalled`: marked,
    or an overdue milestone, or no report for too long) counts under stalled, not under the status stored,
    so the stalled bar and "n flagged stalled" tell the same number."""
    shown = Case(
        When(is_stalled=True, then=Value(Agreement.Status.STALLED.value)),
        default=F("status"),
        output_field=CharField(),
    )
    qs = agreement_list(user=user, pairing_id=pairing_id).order_by().annotate(shown_status=shown)
    return dict(qs.values("shown_status").annotate(n=Count("id")).values_list("shown_status", "n"))


def progress_report_list_for_pairing(*, user: Any, pairing_id: int) -> QuerySet[ProgressReport]:
    """Progress reports of the agreements of a pairing and of its sub-pairings (as `agreement_list`)."""
    return (
        ProgressReport.objects.filter(scope_for(user).pairing_q("agreement__pairing__"))
        .filter(pairing_subtree_q(pairing_id, "agreement__pairing__"))
        .select_related("agreement", "reporter")
        .order_by("-reported_on", "-id")
    )


def milestone_get_for_user(*, user: Any, milestone_id: int) -> Milestone:
    try:
        return (
            Milestone.objects.filter(scope_for(user).pairing_q("agreement__pairing__"))
            .select_related("agreement__pairing")
            .get(pk=milestone_id)
        )
    except Milestone.DoesNotExist as exc:
        raise Http404("No such milestone.") from exc


def stall_reason(agreement: Agreement, *, today: dt.date | None = None) -> str:
    """Why an agreement annotated by `with_stall_flags` is flagged stalled ("" when it is not)."""
    from django.utils.translation import gettext

    if not getattr(agreement, "is_stalled", False):
        return ""
    if agreement.status == Agreement.Status.STALLED:
        return gettext("Marked stalled.")
    if getattr(agreement, "has_overdue_milestone", False):
        return gettext("A milestone is overdue.")
    since = getattr(agreement, "activity_date", None)
    if since is None:
        return gettext("No progress report.")
    days = ((today or timezone.localdate()) - since).days
    return gettext("No progress report for %(days)s days.") % {"days": days}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class ChangeEntry:
    """One recorded change: who, when, what (the object and, for an update, the fields that changed)."""

    when: dt.datetime
    who: Any
    action: str  # "+" created, "~" changed, "-" deleted (as django-simple-history records it)
    subject: str
    label: str
    changes: list[FieldChange] = field(default_factory=list)


def _history_label(record: Any, organizations: dict[int, Any]) -> str:
    if isinstance(record, AgreementParty.history.model):
        org = organizations.get(record.organization_id)
        return f"{org if org is not None else record.organization_id} ({record.get_role_display()})"
    if isinstance(record, Milestone.history.model):
        return f"{record.what} ({record.due_date:%Y-%m-%d})"
    if isinstance(record, ProgressReport.history.model):
        when = f"{record.year}-{record.month:02d}" if record.year else f"{record.reported_on:%Y-%m-%d}"
        return f"{when} {record.text[:60]}"
    return str(record.title)


def agreement_change_log(*, agreement: Agreement) -> list[ChangeEntry]:  # noqa: C901  # to split (issue 12)
    """`agreement_history` as readable entries, newest first: each update diffed against the previous
    record of the same object (choice values shown by label, foreign keys by name, in two queries at most)."""
    from collections import defaultdict

    from counterpart.meetings.models import Meeting
    from counterpart.orgs.models import Organization

    records = agreement_history(agreement=agreement)
    previous: dict[int, Any] = {}
    by_object: dict[tuple[type, int], list[Any]] = defaultdict(list)
    for record in records:
        by_object[(type(record), record.id)].append(record)
    for chain in by_object.values():
        chain.sort(key=lambda r: (r.history_date, r.history_id))
        for older, newer in itertools.pairwise(chain):
            previous[id(newer)] = older

    deltas: dict[int, Any] = {}
    related_ids: dict[Any, set[int]] = defaultdict(set)
    for record in records:
        if hasattr(record, "organization_id"):
            related_ids[Organization].add(record.organization_id)
        older = previous.get(id(record))
        if older is None or record.history_type != "~":
            continue
        delta = record.diff_against(older)
        deltas[id(record)] = delta
        for change in delta.changes:
            model_field = record.instance_type._meta.get_field(change.field)
            if model_field.is_relation and model_field.related_model in (Organization, Meeting):
                related_ids[model_field.related_model].update(
                    v for v in (change.old, change.new) if v is not None
                )
    names = {model: model.objects.in_bulk(list(ids)) for model, ids in related_ids.items() if ids}

    def show(model_field: Any, value: Any) -> str:
        if value is None or value == "":
            return "—"
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if model_field.is_relation:
            obj = names.get(model_field.related_model, {}).get(value)
            return str(obj) if obj is not None else str(value)
        return str(value)

    entries = []
    for record in records:
        model = record.instance_type
        changes = []
        delta = deltas.get(id(record))
        if delta is not None:
            for change in delta.changes:
                model_field = model._meta.get_field(change.field)
                changes.append(
                    FieldChange(
                        field=str(model_field.verbose_name),
                        old=show(model_field, change.old),
                        new=show(model_field, change.new),
                    )
                )
        entries.append(
            ChangeEntry(
                when=record.history_date,
                who=record.history_user,
                action=record.history_type,
                subject=str(model._meta.verbose_name),
                label=_history_label(record, names.get(Organization, {})),
                changes=changes,
            )
        )
    return entries
