"""The named metric functions a scheme's indicators are written over (`placements`, `agreements(stalled=no)`).

A metric is one function of the year (and its keyword arguments) returning a `Source`: the records it counts
or sums, the aggregate, and the field naming whose records they are. From that one declaration the runner
computes the metric for every subject of the period in one grouped query (`compute`), and the drill-down lists
the records behind one subject's value (`evidence`) — the same rows, so a number and its records agree.

- `by="pairing"`: records of a pairing count for it and every pairing above it (a county pairing's
  placements are also the city pairing's): one query grouped by pairing, rolled up along the pairings' paths.
- `by="village"`: registry records, counted for the pairings whose helped region holds the village (the
  registry's own scope rule: region-code prefixes).
- `by="unit"`: records of a responsibility-list unit (an organization).

A metric whose data does not exist yet raises `MetricUnavailable` with the reason shown on screen; a later
session adds it by writing its function (the funds metrics below). Never return a zero for "not known".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from counterpart.agreements.models import Agreement
from counterpart.agreements.selectors import with_stall_flags
from counterpart.assistance.models import Dispatch, Placement, Purchase, Training
from counterpart.geo.selectors import region_prefix
from counterpart.households.models import Household, StatusChange
from counterpart.meetings.models import Meeting
from counterpart.pairings.models import Pairing
from counterpart.plans.models import AccountabilityRecord, AuditFinding, Item, LedgerEntry, SpotCheckResult
from counterpart.plans.status import ItemStatus, with_item_status

PAIRING = "pairing"
UNIT = "unit"
SUBJECT_KINDS = (PAIRING, UNIT)


class MetricUnavailable(Exception):
    """The metric cannot be computed yet; the message says why (shown on screen instead of a value)."""


@dataclass(frozen=True)
class Source:
    """The records a metric reads and how they are added up. `field` is the lookup path to the pairing
    (`by="pairing"`, "" for pairings themselves), the village (`by="village"`) or the unit (`by="unit"`)."""

    queryset: QuerySet[Any]
    value: Any = field(default_factory=lambda: Count("pk"))
    by: str = "pairing"
    field: str = "pairing"

    def group_field(self) -> str:
        if self.by == "village":
            return f"{self.field}__code"
        return f"{self.field}_id" if self.field else "pk"

    def subject_q(self, subject: Any) -> Q:
        if self.by == "unit":
            return Q(**{f"{self.field}_id": subject.pk})
        if self.by == "village":
            code = subject.helped_region.code if subject.helped_region_id else None
            if code is None:
                return Q(pk__in=[])
            return Q(**{f"{self.field}__code__startswith": region_prefix(code)})
        lookup = f"{self.field}__path" if self.field else "path"
        return Q(**{f"{lookup}__startswith": subject.path})


@dataclass(frozen=True)
class Metric:
    name: str
    subject: str
    label: Promise
    unit: Promise
    function: Callable[..., Source]
    #: allowed keyword arguments and their values
    args: dict[str, tuple[str, ...]]
    #: an evidence record's page, if it has one
    link: Callable[[Any], str | None]
    #: an evidence record in a line
    describe: Callable[[Any], str]


REGISTRY: dict[str, Metric] = {}


def metric(
    name: str,
    *,
    label: Promise,
    unit: Promise,
    subject: str = PAIRING,
    args: dict[str, tuple[str, ...]] | None = None,
    link: Callable[[Any], str | None] | None = None,
    describe: Callable[[Any], str] | None = None,
) -> Callable[[Callable[..., Source]], Callable[..., Source]]:
    """Register a metric function `f(year, **args) -> Source` under `name`."""

    def register(function: Callable[..., Source]) -> Callable[..., Source]:
        REGISTRY[name] = Metric(
            name=name,
            subject=subject,
            label=label,
            unit=unit,
            function=function,
            args=args or {},
            link=link or (lambda _obj: None),
            describe=describe or str,
        )
        return function

    return register


# --- computing ----------------------------------------------------------------------------------------------


def source_for(name: str, year: int, args: dict[str, str]) -> Source:
    return REGISTRY[name].function(year, **args)


def compute(
    name: str,
    year: int,
    args: dict[str, str],
    subjects: Iterable[Any],
    *,
    paths: dict[int, str] | None = None,
) -> dict[int, tuple[Decimal, int]]:
    """The metric's value and the number of records behind it for every subject (pairings or units),
    {subject id: (value, records)}; one query (and one for the pairings' paths unless `paths` is given). A
    subject without records has 0 (a count of nothing is a real zero; an unknown raises
    `MetricUnavailable`)."""
    source = source_for(name, year, args)
    subjects = list(subjects)
    key = source.group_field()
    rows = list(
        source.queryset.order_by()
        .values(key)
        .annotate(_v=source.value, _n=Count("pk"))
        .values_list(key, "_v", "_n")
    )
    totals: dict[int, list[Any]] = {s.pk: [Decimal(0), 0] for s in subjects}

    def add(pk: int, value: Any, count: int) -> None:
        entry = totals.get(pk)
        if entry is not None:
            entry[0] += Decimal(value or 0)
            entry[1] += count

    if source.by == "unit":
        for unit_id, value, count in rows:
            add(unit_id, value, count)
    elif source.by == "village":
        prefixes: dict[str, list[int]] = {}
        for s in subjects:
            if s.helped_region_id:
                prefixes.setdefault(region_prefix(s.helped_region.code), []).append(s.pk)
        lengths = sorted({len(p) for p in prefixes})
        for code, value, count in rows:
            for length in lengths:
                for pk in prefixes.get((code or "")[:length], ()):
                    add(pk, value, count)
    else:  # by pairing: a record's pairing adds to itself and every ancestor (the ids on its path)
        if paths is None:
            paths = pairing_paths() if rows else {}
        for pairing_id, value, count in rows:
            for ancestor in _path_ids(paths.get(pairing_id, "")):
                add(ancestor, value, count)
    return {pk: (v, n) for pk, (v, n) in totals.items()}


def pairing_paths() -> dict[int, str]:
    """Every pairing's path, read once per run."""
    return dict(Pairing.objects.values_list("pk", "path"))


def _path_ids(path: str) -> list[int]:
    return [int(part) for part in path.strip("/").split("/") if part.isdigit()]


def evidence(name: str, year: int, args: dict[str, str], subject: Any) -> QuerySet[Any]:
    """The records behind one subject's value, the same rows `compute` adds up."""
    source = source_for(name, year, args)
    return source.queryset.filter(source.subject_q(subject))


# --- helpers ------------------------------------------------------------------------------------------------


def year_span(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def as_of(year: int) -> dt.date:
    """The day a year's status is judged: its last day, or today within the year."""
    return min(timezone.localdate(), dt.date(year, 12, 31))


def _yes(value: str) -> bool:
    return value in ("yes", "true", "1")


def _side_q(prefix: str, side: str) -> Q:
    """The organization at `prefix` (a lookup path to it) is of the pairing's `side` (helper / helped): in
    the side's region or a region directly under it."""
    region = f"pairing__{side}_region_id"
    return Q(**{f"{prefix}__region_id": F(region)}) | Q(**{f"{prefix}__region__parent_id": F(region)})


def _direction_q(prefix: str, direction: str) -> Q:
    if direction == "east_to_west":
        return _side_q(prefix, "helper")
    if direction == "west_to_east":
        return _side_q(prefix, "helped")
    return Q()


DIRECTIONS = ("any", "east_to_west", "west_to_east")


# --- assistance ---------------------------------------------------------------------------------------------


def _household_link(obj: Any) -> str | None:
    return reverse("assistance:household", args=[obj.household_id])


@metric(
    "placements",
    label=_("poor labourers placed in jobs"),
    unit=_("people"),
    link=_household_link,
    describe=lambda p: f"{p.start_date:%Y-%m-%d} · {p.employer} · {p.monthly_wage}",
)
def placements(year: int) -> Source:
    start, end = year_span(year)
    qs = Placement.objects.filter(start_date__range=(start, end)).select_related("employer")
    return Source(qs)


@metric(
    "people_trained",
    label=_("people trained"),
    unit=_("people"),
    describe=lambda t: f"{t.date:%Y-%m-%d} · {t.topic} · {t.trainees}",
)
def people_trained(year: int) -> Source:
    return Source(Training.objects.filter(date__year=year), value=Sum("trainees"))


@metric(
    "trainings",
    label=_("training classes held"),
    unit=_("classes"),
    describe=lambda t: f"{t.date:%Y-%m-%d} · {t.topic} · {t.trainees}",
)
def trainings(year: int) -> Source:
    return Source(Training.objects.filter(date__year=year))


@metric(
    "purchases",
    label=_("consumption-assistance purchases"),
    unit=_("yuan"),
    describe=lambda p: f"{p.date:%Y-%m-%d} · {p.buyer} · {p.product} · {p.amount}",
)
def purchases(year: int) -> Source:
    return Source(Purchase.objects.filter(date__year=year).select_related("buyer"), value=Sum("amount"))


@metric(
    "dispatches",
    label=_("cadres and professionals dispatched"),
    unit=_("person-times"),
    args={"kind": ("any", *Dispatch.Kind.values), "direction": DIRECTIONS},
    describe=lambda d: (
        f"{d.person} · {d.get_kind_display()} · {d.from_org} → {d.to_org} · {d.start_date:%Y-%m-%d}"
    ),
)
def dispatches(year: int, kind: str = "any", direction: str = "any") -> Source:
    """People on a term that overlaps the year (person-times), by kind and direction (east → west: sent by
    an organization of the helping side)."""
    start, end = year_span(year)
    qs = Dispatch.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=start), start_date__lte=end)
    if kind != "any":
        qs = qs.filter(kind=kind)
    qs = qs.filter(_direction_q("from_org", direction))
    return Source(qs.select_related("person", "from_org", "to_org"))


# --- pairings, meetings, agreements -------------------------------------------------------------------------


@metric(
    "paired_units",
    label=_("units paired"),
    unit=_("pairings"),
    args={"level": tuple(Pairing.Level.values)},
    link=lambda p: reverse("pairings:detail", args=[p.pk]),
)
def paired_units(year: int, level: str = "town") -> Source:
    """Pairings of a level in force during the year, under the subject (a town, village, enterprise, school
    or hospital paired)."""
    start, end = year_span(year)
    qs = Pairing.objects.filter(
        Q(start_date__isnull=True) | Q(start_date__lte=end),
        Q(end_date__isnull=True) | Q(end_date__gte=start),
        level=level,
    ).select_related("helper_region", "helped_region", "helper_org", "helped_org")
    return Source(qs, field="")


def _meeting_describe(m: Any) -> str:
    return f"{m.date:%Y-%m-%d} · {m.title}"


def _meeting_link(m: Any) -> str | None:
    return reverse("meetings:detail", args=[m.pk])


@metric(
    "joint_meetings",
    label=_("high-level joint meetings held"),
    unit=_("meetings"),
    link=_meeting_link,
    describe=_meeting_describe,
)
def joint_meetings(year: int) -> Source:
    return Source(Meeting.objects.filter(kind=Meeting.Kind.JOINT_MEETING, date__year=year))


@metric(
    "visits",
    label=_("visits"),
    unit=_("visits"),
    args={"direction": DIRECTIONS},
    link=_meeting_link,
    describe=_meeting_describe,
)
def visits(year: int, direction: str = "any") -> Source:
    """Visits of the year; east → west: hosted on the helped side (the helpers came), west → east: hosted on
    the helping side."""
    qs = Meeting.objects.filter(kind=Meeting.Kind.VISIT, date__year=year)
    if direction == "east_to_west":
        qs = qs.filter(_side_q("host", "helped"))
    elif direction == "west_to_east":
        qs = qs.filter(_side_q("host", "helper"))
    return Source(qs)


@metric(
    "agreements",
    label=_("agreements in force"),
    unit=_("agreements"),
    args={"stalled": ("any", "yes", "no")},
    link=lambda a: reverse("agreements:detail", args=[a.pk]),
    describe=lambda a: (
        f"{a.signed_date or ''} · {a.title}" + (" · ⚠" if getattr(a, "is_stalled", False) else "")
    ),
)
def agreements(year: int, stalled: str = "any") -> Source:
    """Agreements signed by the end of the year and not terminated nor completed before it, with the stall
    flag as of the year's end (`agreements.selectors.with_stall_flags`)."""
    _start, end = year_span(year)
    qs = with_stall_flags(
        Agreement.objects.filter(Q(signed_date__isnull=True) | Q(signed_date__lte=end)).exclude(
            status=Agreement.Status.TERMINATED
        ),
        today=as_of(year),
    )
    if stalled != "any":
        qs = qs.filter(is_stalled=_yes(stalled))  # type: ignore[misc]  # annotated by with_stall_flags
    return Source(qs)


# --- responsibility lists -----------------------------------------------------------------------------------


def _on_time_entry() -> Exists:
    """An accepted ledger entry reaching the item's target in the deadline's month or before."""
    reached = LedgerEntry.objects.filter(
        item=OuterRef("pk"), status=LedgerEntry.Status.ACCEPTED, value__gte=OuterRef("target_or_100")
    ).filter(
        Q(year__lt=ExtractYear(OuterRef("deadline")))
        | Q(year=ExtractYear(OuterRef("deadline")), month__lte=ExtractMonth(OuterRef("deadline")))
    )
    return Exists(reached)


def _items(year: int, status: str) -> QuerySet[Item]:
    from django.db.models import DecimalField, Value
    from django.db.models.functions import Coalesce

    qs = with_item_status(
        Item.objects.filter(responsibility_list__year=year), as_of=as_of(year), period=(year, 12)
    ).select_related("lead_unit")
    if status == "done":
        qs = qs.filter(status=ItemStatus.DONE)  # type: ignore[misc]  # annotated by with_item_status
    elif status == "done_on_time":
        qs = (
            qs.filter(status=ItemStatus.DONE)  # type: ignore[misc]
            .annotate(
                target_or_100=Coalesce("target_quantity", Value(Decimal(100)), output_field=DecimalField())
            )
            .filter(Q(deadline__isnull=True) | Q(_on_time_entry()))
        )
    return qs


def _item_link(i: Any) -> str | None:
    return reverse("plans:item", args=[i.pk])


def _item_describe(i: Any) -> str:
    return f"{i.number}. {i.task[:60]} · {i.lead_unit or ''}"


ITEM_STATUSES = ("any", "done", "done_on_time")


@metric(
    "items",
    label=_("responsibility items"),
    unit=_("items"),
    args={"status": ITEM_STATUSES},
    link=_item_link,
    describe=_item_describe,
)
def items(year: int, status: str = "any") -> Source:
    """Items of the year's lists of the pairing; `done`: its ledger reached the target by the year's end;
    `done_on_time`: reached by the deadline's month."""
    return Source(_items(year, status), field="responsibility_list__pairing")


@metric(
    "item_targets",
    label=_("targets of the responsibility items"),
    unit=_("as the items state"),
    args={"category": tuple(Item.Category.values)},
    link=_item_link,
    describe=lambda i: f"{i.number}. {i.task[:60]} · {i.target_quantity} {i.target_unit}",
)
def item_targets(year: int, category: str = "labour") -> Source:
    """The sum of the targets of the year's items of a category (the plan's target for an indicator)."""
    qs = Item.objects.filter(responsibility_list__year=year, category=category, target_quantity__isnull=False)
    return Source(qs, value=Sum("target_quantity"), field="responsibility_list__pairing")


def _finding_link(f: Any) -> str | None:
    return reverse("plans:finding", args=[f.pk])


@metric(
    "audit_findings",
    label=_("audit findings"),
    unit=_("findings"),
    args={"rectified": ("any", "yes", "no")},
    link=_finding_link,
    describe=lambda f: f"{f.deadline:%Y-%m-%d} · {f.text[:60]}",
)
def audit_findings(year: int, rectified: str = "any") -> Source:
    """Findings whose rectification was due in the year; rectified: closed by the deadline."""
    qs = AuditFinding.objects.filter(deadline__year=year)
    on_time = Q(closed_at__isnull=False, closed_at__date__lte=F("deadline"))
    if rectified == "yes":
        qs = qs.filter(on_time)
    elif rectified == "no":
        qs = qs.exclude(on_time)
    return Source(qs, field="responsibility_list__pairing")


def _discrepancies(year: int) -> QuerySet[SpotCheckResult]:
    return SpotCheckResult.objects.filter(
        result=SpotCheckResult.Result.DISCREPANCY, spot_check__responsibility_list__year=year
    ).select_related("item")


def _result_link(r: Any) -> str | None:
    return reverse("plans:item", args=[r.item_id])


def _result_describe(r: Any) -> str:
    return f"{r.item.number}. {r.item.task[:50]} · {r.note[:60]}"


@metric(
    "spot_check_discrepancies",
    label=_("spot-check discrepancies"),
    unit=_("items"),
    link=_result_link,
    describe=_result_describe,
)
def spot_check_discrepancies(year: int) -> Source:
    return Source(_discrepancies(year), field="spot_check__responsibility_list__pairing")


# --- the registry -------------------------------------------------------------------------------------------


@metric(
    "risk_eliminated",
    label=_("monitored households whose risk was eliminated"),
    unit=_("households"),
    link=lambda c: reverse("households:detail", args=[c.household_id]),
    describe=lambda c: f"{c.changed_at:%Y-%m-%d} · {c.household.number} · {c.reason[:60]}",
)
def risk_eliminated(year: int) -> Source:
    """Status changes of the year from a monitored status to one that is not (the risk eliminated)."""
    qs = (
        StatusChange.objects.filter(changed_at__year=year, from_status__in=Household.MONITORED)
        .exclude(to_status__in=Household.MONITORED)
        .select_related("household")
    )
    return Source(qs, by="village", field="household__village")


# --- units (the unit-performance scheme) --------------------------------------------------------------------


@metric(
    "unit_items",
    label=_("items the unit leads"),
    unit=_("items"),
    subject=UNIT,
    args={"status": ITEM_STATUSES},
    link=_item_link,
    describe=_item_describe,
)
def unit_items(year: int, status: str = "any") -> Source:
    return Source(_items(year, status), by="unit", field="lead_unit")


@metric(
    "unit_returned_reports",
    label=_("ledger reports returned"),
    unit=_("reports"),
    subject=UNIT,
    link=lambda e: reverse("plans:item", args=[e.item_id]),
    describe=lambda e: f"{e.year}-{e.month:02d} · {e.item.number}. {e.item.task[:50]}",
)
def unit_returned_reports(year: int) -> Source:
    qs = LedgerEntry.objects.filter(status=LedgerEntry.Status.RETURNED, year=year).select_related("item")
    return Source(qs, by="unit", field="item__lead_unit")


@metric(
    "unit_discrepancies",
    label=_("spot-check discrepancies"),
    unit=_("items"),
    subject=UNIT,
    link=_result_link,
    describe=_result_describe,
)
def unit_discrepancies(year: int) -> Source:
    return Source(_discrepancies(year), by="unit", field="item__lead_unit")


@metric(
    "unit_accountability",
    label=_("accountability records"),
    unit=_("records"),
    subject=UNIT,
    describe=lambda r: f"{r.created_at:%Y-%m-%d} · {r.reason[:60]}",
)
def unit_accountability(year: int) -> Source:
    return Source(
        AccountabilityRecord.objects.filter(responsibility_list__year=year), by="unit", field="unit"
    )


# --- funds (issue 16 builds the funds app; until it lands these say so) -------------------------------------

# stored untranslated with the score and translated when shown, in the reader's language
NO_FUNDS = gettext_noop("cannot be computed yet — no funds data")


def _no_funds(_year: int, **_args: str) -> Source:
    raise MetricUnavailable(NO_FUNDS)


for _name, _label, _unit in (
    ("fiscal_aid", _("fiscal aid received"), _("yuan")),
    ("fiscal_aid_spent", _("fiscal aid spent"), _("yuan")),
    ("social_funds", _("social funds raised"), _("yuan")),
    ("enterprise_investment", _("investment actually made by enterprises"), _("yuan")),
):
    metric(_name, label=_label, unit=_unit)(_no_funds)
