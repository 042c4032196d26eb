"""Reads of plans, lists, items and the ledger, every one filtered by the user's plans scope.

Item status is derived in SQL (`plans.status.with_item_status`); lists, the monthly dispatch and the
supervision summary use a fixed number of queries whatever the number of items.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from counterpart.agreements.models import Agreement, ProgressReport
from counterpart.agreements.selectors import progress_report_list
from counterpart.orgs.models import Organization
from counterpart.pairings.scope import ListsFacet, scope_for
from counterpart.plans.models import (
    AccountabilityRecord,
    AuditFinding,
    EvidenceFile,
    Item,
    ItemUnit,
    LedgerEntry,
    Plan,
    RectificationEntry,
    ResponsibilityList,
    SpotCheck,
    SpotCheckResult,
)
from counterpart.plans.services import spot_check_sample
from counterpart.plans.status import ItemStatus, month_end, previous_period, with_item_status

# --- lists ---------------------------------------------------------


def _list_read_q(scope: ListsFacet) -> Q:
    """Lists read in full, and for a reporter the lists holding items its unit leads (shown by title)."""
    q = scope.list_q()
    if scope.units and not scope.everything:
        q |= Q(Exists(Item.objects.filter(responsibility_list=OuterRef("pk"), lead_unit_id__in=scope.units)))
    return q


def plan_list(*, user: Any) -> QuerySet[Plan]:
    scope = scope_for(user).lists
    lists = ResponsibilityList.objects.filter(_list_read_q(scope))
    q = Q() if scope.everything else Q(Exists(lists.filter(plan=OuterRef("pk"))))
    if not scope.everything and scope.read_paths:
        q |= scope.pairing_q()
    return Plan.objects.filter(q).select_related("owner", "pairing").order_by("-start_year", "title")


def responsibility_list_list(
    *, user: Any, year: int | None = None, search: str = ""
) -> QuerySet[ResponsibilityList]:
    scope = scope_for(user).lists
    qs = (
        ResponsibilityList.objects.filter(_list_read_q(scope))
        .select_related("owner", "plan", "pairing__helper_region", "pairing__helped_region")
        .annotate(item_count=Count("items", filter=scope.item_q("items__")))
    )
    if year:
        qs = qs.filter(year=year)
    if search.strip():
        qs = qs.filter(title__icontains=search.strip())
    return qs.order_by("-year", "title", "id")


def responsibility_list_get_for_user(*, user: Any, list_id: int) -> ResponsibilityList:
    """The list if the user reads it (a reporter: if its unit leads an item of it); 404 otherwise."""
    scope = scope_for(user).lists
    rlist = (
        ResponsibilityList.objects.filter(_list_read_q(scope))
        .select_related("owner", "plan", "pairing")
        .filter(pk=list_id)
        .first()
    )
    if rlist is None:
        raise Http404(_("No such responsibility list."))
    return rlist


def writable_lists(*, user: Any) -> QuerySet[ResponsibilityList]:
    return ResponsibilityList.objects.filter(scope_for(user).lists.list_q(write=True)).order_by(
        "-year", "title"
    )


# --- items ---------------------------------------------------------

ITEM_SORTS = {
    "number": ("responsibility_list_id", "position", "id"),
    "deadline": ("deadline", "position", "id"),
    "-deadline": ("-deadline", "position", "id"),
    "unit": ("lead_unit__name", "position", "id"),
}


def item_list(
    *,
    user: Any,
    responsibility_list: ResponsibilityList | None = None,
    unit_id: int | None = None,
    status: str = "",
    category: str = "",
    deadline_before: dt.date | None = None,
    deadline_after: dt.date | None = None,
    search: str = "",
    mine: bool = False,
    as_of: dt.date | None = None,
    sort: str = "number",
) -> QuerySet[Item]:
    """Items the user reads, with `status`, `current_value` and `last_report_at` (all three of the latest
    accepted entry) computed in the query, their list and lead unit joined and co-units prefetched (a fixed
    number of queries for any number of rows). `mine` keeps the items of the units the user reports for."""
    scope = scope_for(user).lists
    qs = Item.objects.filter(scope.item_q())
    if responsibility_list is not None:
        qs = qs.filter(responsibility_list=responsibility_list)
    if mine:
        qs = qs.filter(lead_unit_id__in=scope.units)
    if unit_id:
        qs = qs.filter(
            Q(lead_unit_id=unit_id)
            | Q(Exists(ItemUnit.objects.filter(item=OuterRef("pk"), organization_id=unit_id)))
        )
    if category:
        qs = qs.filter(category=category)
    if deadline_before:
        qs = qs.filter(deadline__lte=deadline_before)
    if deadline_after:
        qs = qs.filter(deadline__gte=deadline_after)
    if search.strip():
        qs = qs.filter(Q(task__icontains=search.strip()) | Q(number=search.strip()))
    qs = with_item_status(qs, as_of=as_of or timezone.localdate(), report_name="last_report_at")
    if status:
        qs = qs.filter(status=status)  # type: ignore[misc]  # annotated by with_item_status
    return (
        qs.select_related("lead_unit", "responsibility_list")
        .prefetch_related(unit_links_prefetch())
        .order_by(*ITEM_SORTS.get(sort, ITEM_SORTS["number"]))
    )


def unit_links_prefetch(prefix: str = "") -> Prefetch:
    """An item's units in their roles and order, each with its organization (one query for any number of
    items): `Item.lead_units`, `responsible_units`, `supporting_units` read them."""
    return Prefetch(
        f"{prefix}unit_links",
        queryset=ItemUnit.objects.select_related("organization").order_by("role", "position", "id"),
    )


def item_get_for_user(*, user: Any, item_id: int, as_of: dt.date | None = None) -> Item:
    """The item with its status if the user reads it; 404 otherwise (a reporter of another unit included)."""
    item = (
        item_list(user=user, as_of=as_of)
        .select_related("responsibility_list__owner", "responsibility_list__pairing")
        .filter(pk=item_id)
        .first()
    )
    if item is None:
        raise Http404(_("No such item."))
    return item


def item_units(*, user: Any, responsibility_list: ResponsibilityList | None = None) -> QuerySet[Organization]:
    """The units of the items the user reads, in any role (for a filter)."""
    items = Item.objects.filter(scope_for(user).lists.item_q())
    if responsibility_list is not None:
        items = items.filter(responsibility_list=responsibility_list)
    linked = ItemUnit.objects.filter(item__in=items, organization__isnull=False).values("organization_id")
    return Organization.objects.filter(Q(pk__in=items.values("lead_unit_id")) | Q(pk__in=linked)).order_by(
        "name"
    )


# --- ledger ---------------------------------------------------------


def entry_list(*, item: Item) -> QuerySet[LedgerEntry]:
    """An item's ledger, newest period first, with reporter, reviewer and evidence (three queries)."""
    return (
        LedgerEntry.objects.filter(item=item)
        .select_related("reporter", "reviewed_by")
        .prefetch_related(Prefetch("evidence", queryset=EvidenceFile.objects.order_by("id")))
        .order_by("-year", "-month", "-id")
    )


def entry_get_for_user(*, user: Any, entry_id: int) -> LedgerEntry:
    scope = scope_for(user).lists
    entry = (
        LedgerEntry.objects.filter(scope.item_q("item__"))
        .select_related(
            "item__responsibility_list__owner",
            "item__responsibility_list__pairing",
            "item__lead_unit",
        )
        .filter(pk=entry_id)
        .first()
    )
    if entry is None:
        raise Http404(_("No such ledger entry."))
    return entry


def agreement_get_for_ledger(*, user: Any, agreement_id: int) -> Agreement:
    """An agreement whose ledger the user reads (by the agreement's pairing), else 404."""
    agreement = (
        Agreement.objects.filter(scope_for(user).lists.agreement_q())
        .select_related("pairing")
        .filter(pk=agreement_id)
        .first()
    )
    if agreement is None:
        raise Http404(_("No such agreement."))
    return agreement


def agreement_entry_list(*, agreement: Agreement) -> QuerySet[ProgressReport]:
    """An agreement's ledger: all its progress reports (those for a period, reviewed, and the dated ones of
    the agreement page), as `agreements.selectors.progress_report_list` orders them, with reviewer and
    evidence (three queries)."""
    return (
        progress_report_list(agreement=agreement)
        .select_related("reviewed_by")
        .prefetch_related(Prefetch("evidence", queryset=EvidenceFile.objects.order_by("id")))
    )


def agreement_report_get_for_user(*, user: Any, report_id: int) -> ProgressReport:
    """A progress report of an agreement whose ledger the user reads (by its pairing), else 404."""
    report = (
        ProgressReport.objects.filter(scope_for(user).lists.agreement_q("agreement__"))
        .select_related("agreement__pairing")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        raise Http404(_("No such progress report."))
    return report


def evidence_get_for_user(*, user: Any, evidence_id: int) -> EvidenceFile:
    scope = scope_for(user).lists
    evidence = (
        EvidenceFile.objects.filter(
            Q(entry__isnull=False) & scope.item_q("entry__item__")
            | Q(report__isnull=False) & scope.agreement_q("report__agreement__")
        )
        .filter(pk=evidence_id)
        .first()
    )
    if evidence is None:
        raise Http404(_("No such file."))
    return evidence


def review_queue(
    *, user: Any, responsibility_list: ResponsibilityList | None = None
) -> QuerySet[LedgerEntry]:
    """Submitted entries of the lists the user writes, oldest first."""
    scope = scope_for(user).lists
    qs = LedgerEntry.objects.filter(
        scope.list_q("item__responsibility_list__", write=True), status=LedgerEntry.Status.SUBMITTED
    )
    if responsibility_list is not None:
        qs = qs.filter(item__responsibility_list=responsibility_list)
    return (
        qs.select_related("item__lead_unit", "item__responsibility_list", "reporter")
        .prefetch_related("evidence")
        .order_by("submitted_at", "id")
    )


# --- monthly dispatch ---------------------------------------------------------


@dataclass
class UnitReport:
    unit_id: int
    unit_name: str
    items: int
    reported: int


@dataclass
class MonthlyDispatch:
    """What a monthly dispatch (月度调度) says about one list and one month."""

    responsibility_list: ResponsibilityList
    year: int
    month: int
    reported_units: list[UnitReport] = field(default_factory=list)
    missing_units: list[UnitReport] = field(default_factory=list)
    status_changes: list[Item] = field(default_factory=list)
    status_counts: dict[str, int] = field(default_factory=dict)
    entries: list[LedgerEntry] = field(default_factory=list)
    entry_counts: dict[str, int] = field(default_factory=dict)

    @property
    def expected_units(self) -> int:
        return len(self.reported_units) + len(self.missing_units)

    @property
    def status_rows(self) -> list[tuple[str, Any, int]]:
        return [
            (value, ItemStatus.labels[value], self.status_counts.get(value, 0)) for value in ItemStatus.values
        ]


def monthly_dispatch(
    *, user: Any, responsibility_list: ResponsibilityList, year: int, month: int
) -> MonthlyDispatch:
    """Units expected to report in the month (lead units of items started by the month's end and not done
    at the end of the previous month), which reported (any entry of the period) and which did not, the items
    whose status changed during the month, status counts at the month's end and the month's entries.
    Two queries."""
    end = month_end(year, month)
    prev = previous_period(year, month)
    prev_end = month_end(*prev)
    scope = scope_for(user).lists
    items = Item.objects.filter(scope.item_q(), responsibility_list=responsibility_list)
    items = with_item_status(
        items, as_of=prev_end, period=prev, name="status_before", value_name="value_before"
    )
    items = with_item_status(items, as_of=end, period=(year, month))
    reported_q = Exists(LedgerEntry.objects.filter(item=OuterRef("pk"), year=year, month=month))
    rows = list(
        items.annotate(reported=reported_q)
        .select_related("lead_unit")
        .only(
            "id",
            "number",
            "task",
            "position",
            "start_date",
            "deadline",
            "target_quantity",
            "lead_unit__name",
            "lead_unit__name_en",
            "lead_unit__name_ja",
            "lead_unit__name_zh_hant",
        )
        .order_by("position", "id")
    )
    dispatch = MonthlyDispatch(responsibility_list=responsibility_list, year=year, month=month)
    per_unit: dict[int, UnitReport] = {}
    counts: dict[str, int] = defaultdict(int)
    for item in rows:
        status_now = item.status  # type: ignore[attr-defined]
        status_before = item.status_before  # type: ignore[attr-defined]
        counts[status_now] += 1
        if status_now != status_before and item.start_date <= end:
            item.status_label = ItemStatus.labels[status_now]  # type: ignore[attr-defined]
            item.status_before_label = ItemStatus.labels[status_before]  # type: ignore[attr-defined]
            dispatch.status_changes.append(item)
        expected = item.start_date <= end and status_before != ItemStatus.DONE
        if not expected and not item.reported:
            continue
        unit = per_unit.setdefault(
            item.lead_unit_id, UnitReport(item.lead_unit_id, item.lead_unit.display_name, 0, 0)
        )
        unit.items += 1
        unit.reported += int(bool(item.reported))
    for unit in sorted(per_unit.values(), key=lambda u: u.unit_name):
        (dispatch.reported_units if unit.reported else dispatch.missing_units).append(unit)
    dispatch.status_counts = dict(counts)
    dispatch.entries = list(
        LedgerEntry.objects.filter(
            scope.item_q("item__"), item__responsibility_list=responsibility_list, year=year, month=month
        )
        .select_related("item__lead_unit", "reporter")
        .order_by("item__lead_unit__name", "item__position", "id")
    )
    entry_counts: dict[str, int] = defaultdict(int)
    for entry in dispatch.entries:
        entry_counts[entry.status] += 1
    dispatch.entry_counts = dict(entry_counts)
    return dispatch


# --- supervision ---------------------------------------------------------


@dataclass
class UnitSummary:
    unit_id: int
    unit_name: str
    total: int = 0
    by_status: dict[str, int] = field(default_factory=dict)

    @property
    def done(self) -> int:
        return self.by_status.get(ItemStatus.DONE, 0)

    @property
    def overdue(self) -> int:
        return self.by_status.get(ItemStatus.OVERDUE, 0)

    @property
    def at_risk(self) -> int:
        return self.by_status.get(ItemStatus.AT_RISK, 0)

    @property
    def completion(self) -> float:
        return round(100 * self.done / self.total, 1) if self.total else 0.0


def supervision_summary(
    *,
    user: Any,
    responsibility_list: ResponsibilityList | None = None,
    as_of: dt.date | None = None,
    period: tuple[int, int] | None = None,
) -> list[UnitSummary]:
    """Items by lead unit and status, counted in the database: one query (GROUP BY unit, status). With
    `period`, as of the end of that month counting the entries up to it."""
    if period is not None and as_of is None:
        as_of = month_end(*period)
    items = Item.objects.filter(scope_for(user).lists.item_q())
    if responsibility_list is not None:
        items = items.filter(responsibility_list=responsibility_list)
    rows = (
        with_item_status(items, as_of=as_of or timezone.localdate(), period=period, value_name=None)
        .values("lead_unit_id", "lead_unit__name", "status")  # type: ignore[misc]  # annotated
        .annotate(n=Count("pk"))
        .order_by()
    )
    units: dict[int, UnitSummary] = {}
    for row in rows:
        unit = units.setdefault(row["lead_unit_id"], UnitSummary(row["lead_unit_id"], row["lead_unit__name"]))
        unit.by_status[row["status"]] = row["n"]
        unit.total += row["n"]
    return sorted(units.values(), key=lambda u: (-u.total, u.unit_name))


def overdue_items(
    *, user: Any, responsibility_list: ResponsibilityList | None = None, limit: int = 20
) -> list[Item]:
    return list(
        item_list(
            user=user, responsibility_list=responsibility_list, status=ItemStatus.OVERDUE, sort="deadline"
        )[:limit]
    )


def monthly_trend(
    *, user: Any, responsibility_list: ResponsibilityList | None = None
) -> list[dict[str, Any]]:
    """Per period: entries reported, accepted, and units that reported (one query)."""
    qs = LedgerEntry.objects.filter(scope_for(user).lists.item_q("item__"))
    if responsibility_list is not None:
        qs = qs.filter(item__responsibility_list=responsibility_list)
    return list(
        qs.values("year", "month")
        .annotate(
            reported=Count("pk"),
            accepted=Count("pk", filter=Q(status=LedgerEntry.Status.ACCEPTED)),
            units=Count("item__lead_unit_id", distinct=True),
        )
        .order_by("year", "month")
    )


STATUS_COLOURS = {
    ItemStatus.NOT_STARTED: "#9ca3af",
    ItemStatus.ON_TRACK: "#3b82f6",
    ItemStatus.AT_RISK: "#f59e0b",
    ItemStatus.OVERDUE: "#dc2626",
    ItemStatus.DONE: "#16a34a",
}


def dashboard_charts(
    summary: list[UnitSummary], trend: list[dict[str, Any]], *, top: int = 30
) -> dict[str, Any]:
    """ECharts options (plain dicts, passed to the page with json_script): completion by unit (the `top`
    units, highest completion first, every bar labelled with its unit), status mix (the donut above its
    legend, labels kept apart), monthly trend."""
    units = sorted(summary, key=lambda u: (-u.completion, u.unit_name))[:top]
    totals = {value: sum(u.by_status.get(value, 0) for u in summary) for value in ItemStatus.values}
    periods = [f"{row['year']}-{row['month']:02d}" for row in trend]
    return {
        "completion": {
            "tooltip": {"trigger": "axis"},
            "legend": {"top": 0},
            "grid": {"left": 8, "right": 16, "bottom": 8, "top": 32, "containLabel": True},
            "xAxis": {"type": "value", "max": 100, "name": "%"},
            "yAxis": {
                "type": "category",
                "inverse": True,
                "axisLabel": {"interval": 0},  # every bar named, not one in two
                "data": [u.unit_name for u in units],
            },
            "series": [
                {
                    "type": "bar",
                    "name": str(_("completion %")),
                    "data": [u.completion for u in units],
                    "itemStyle": {"color": STATUS_COLOURS[ItemStatus.DONE]},
                },
            ],
        },
        "status_mix": {
            "tooltip": {"trigger": "item"},
            "legend": {"bottom": 0},
            "series": [
                {
                    "type": "pie",
                    # the donut and its outside labels stay above the legend's row
                    "center": ["50%", "44%"],
                    "radius": ["32%", "56%"],
                    "avoidLabelOverlap": True,
                    "bottom": 36,
                    "data": [
                        {
                            "name": str(ItemStatus.labels[value]),
                            "value": totals[value],
                            "itemStyle": {"color": STATUS_COLOURS[value]},
                        }
                        for value in ItemStatus.values
                    ],
                }
            ],
        },
        "trend": {
            "tooltip": {"trigger": "axis"},
            "legend": {"top": 0},
            "grid": {"left": 8, "right": 16, "bottom": 8, "top": 32, "containLabel": True},
            "xAxis": {"type": "category", "data": periods},
            "yAxis": {"type": "value"},
            "series": [
                {
                    "type": "line",
                    "name": str(_("entries reported")),
                    "data": [row["reported"] for row in trend],
                },
                {
                    "type": "line",
                    "name": str(_("entries accepted")),
                    "data": [row["accepted"] for row in trend],
                },
                {"type": "line", "name": str(_("units reporting")), "data": [row["units"] for row in trend]},
            ],
        },
    }


# --- checks and findings ---------------------------------------------------------


def spot_check_list(*, responsibility_list: ResponsibilityList) -> QuerySet[SpotCheck]:
    return (
        SpotCheck.objects.filter(responsibility_list=responsibility_list)
        .select_related("drawn_by")
        .prefetch_related(
            Prefetch(
                "results", queryset=SpotCheckResult.objects.select_related("item__lead_unit", "checked_by")
            )
        )
        .order_by("-created_at", "-id")
    )


def spot_check_get_for_user(*, user: Any, check_id: int) -> SpotCheck:
    check = (
        SpotCheck.objects.filter(scope_for(user).lists.list_q("responsibility_list__"))
        .select_related("responsibility_list__owner", "responsibility_list__pairing")
        .filter(pk=check_id)
        .first()
    )
    if check is None:
        raise Http404(_("No such spot check."))
    return check


def spot_check_result_get_for_user(*, user: Any, result_id: int) -> SpotCheckResult:
    result = (
        SpotCheckResult.objects.filter(scope_for(user).lists.list_q("spot_check__responsibility_list__"))
        .select_related(
            "spot_check__responsibility_list__owner", "spot_check__responsibility_list__pairing", "item"
        )
        .filter(pk=result_id)
        .first()
    )
    if result is None:
        raise Http404(_("No such spot check result."))
    return result


def spot_check_verify(*, check: SpotCheck, item_ids: list[int]) -> bool:
    """Does re-drawing with the stored seed over `item_ids` give the stored sample?"""
    return spot_check_sample(item_ids=item_ids, seed=check.seed, size=check.sample_size) == sorted(
        check.drawn_item_ids
    )


def item_checks(*, item: Item) -> QuerySet[SpotCheckResult]:
    return (
        SpotCheckResult.objects.filter(item=item)
        .select_related("spot_check", "checked_by")
        .order_by("-spot_check__created_at")
    )


def accountability_list(*, responsibility_list: ResponsibilityList) -> QuerySet[AccountabilityRecord]:
    return (
        AccountabilityRecord.objects.filter(responsibility_list=responsibility_list)
        .select_related("unit", "item", "recorded_by")
        .order_by("-created_at", "-id")
    )


def audit_finding_list(
    *,
    responsibility_list: ResponsibilityList | None = None,
    user: Any = None,
    overdue_only: bool = False,
    as_of: dt.date | None = None,
) -> QuerySet[AuditFinding]:
    """Findings with `is_overdue` (open past the deadline) and the number of rectification entries: of one
    list, or (given `user`) of every list the user reads in full. One query."""
    today = as_of or timezone.localdate()
    from django.db.models import BooleanField, Case, Value, When

    qs = AuditFinding.objects.all()
    if user is not None:
        qs = qs.filter(scope_for(user).lists.list_q("responsibility_list__"))
    if responsibility_list is not None:
        qs = qs.filter(responsibility_list=responsibility_list)
    if overdue_only:
        qs = qs.filter(closed_at__isnull=True, deadline__lt=today)
    return (
        qs.select_related("unit", "responsibility_list")
        .annotate(
            rectification_count=Count("rectifications"),
            is_overdue=Case(
                When(closed_at__isnull=True, deadline__lt=today, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .order_by("closed_at", "deadline", "id")
    )


def audit_finding_get_for_user(*, user: Any, finding_id: int) -> AuditFinding:
    """A finding of a list the user reads in full, or of the user's own unit; else 404."""
    scope = scope_for(user).lists
    q = scope.list_q("responsibility_list__")
    if scope.units and not scope.everything:
        q |= Q(unit_id__in=scope.units)
    finding = (
        AuditFinding.objects.filter(q)
        .select_related("unit", "responsibility_list__owner", "responsibility_list__pairing")
        .filter(pk=finding_id)
        .first()
    )
    if finding is None:
        raise Http404(_("No such audit finding."))
    return finding


def rectification_list(*, finding: AuditFinding) -> QuerySet[RectificationEntry]:
    return (
        RectificationEntry.objects.filter(finding=finding).select_related("reporter").order_by("date", "id")
    )


def discrepancy_list(*, responsibility_list: ResponsibilityList) -> QuerySet[SpotCheckResult]:
    """Spot-check discrepancies of a list, for exposing them on the accountability list."""
    return (
        SpotCheckResult.objects.filter(
            spot_check__responsibility_list=responsibility_list, result=SpotCheckResult.Result.DISCREPANCY
        )
        .select_related("item__lead_unit", "spot_check")
        .order_by("-checked_at", "-id")
    )
