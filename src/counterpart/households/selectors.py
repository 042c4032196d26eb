"""Reads of the registry, filtered by what the user may see.

Scope: a user sees the households of villages under the helped regions of the pairings it reads (an
assessor everything). Villages are matched by region-code prefix (520200 → "5202…"), one indexed
`LIKE 'p%'` per region rather than a walk of the region tree. ID numbers in clear are for the office of the
helped side (its home region) and assessors only, and so are full birth dates and searches by ID number
(docs/roles.md): what others see of a member cannot be combined back into the number.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce
from operator import or_
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Substr
from django.http import Http404
from django.utils.translation import gettext as _

from counterpart.geo.models import Region
from counterpart.geo.selectors import region_prefix
from counterpart.households import ids
from counterpart.households.models import (
    GUARANTEE_FIELDS,
    GuaranteeCheck,
    Household,
    ImportJob,
    Member,
    MonitoringFlag,
    PovertyLine,
    StatusChange,
    UnmaskLog,
    YearlyIncome,
)
from counterpart.pairings.scope import scope_for


def province_code_of(code: str) -> str:
    return code[:2] + "0000"


# --- households -------------------------------------------------------------------------------------------

HOUSEHOLD_RELATED = ("village", "village__parent", "village__parent__parent")


def household_list(
    *,
    user: Any,
    number: str = "",
    name: str = "",
    village: str = "",
    id_number: str = "",
    status: str = "",
    region_code: str = "",
) -> QuerySet[Household]:
    """Households in scope, filtered; each row carries its village path and its head's name.

    `id_number` is matched exactly through the keyed hash (the clear number is never stored), and only in
    the villages where the user may unmask numbers: a match confirms a whole number, so it is a look-up like
    an unmasking, counted against the same rate limit; a user who may unmask nowhere may not search by ID
    number at all (PermissionDenied). `village` matches a village name or code.
    """
    head = Member.objects.filter(household=OuterRef("pk"), relation=Member.Relation.HEAD).values("name")[:1]
    size = (
        Member.objects.filter(household=OuterRef("pk"))
        .order_by()
        .values("household")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = (
        Household.objects.filter(scope_for(user).registry.household_q())
        .select_related(*HOUSEHOLD_RELATED)
        .annotate(head_name=Subquery(head), size=Subquery(size))
    )
    if number.strip():
        qs = qs.filter(number__startswith=number.strip())
    if name.strip():
        qs = qs.filter(Exists(Member.objects.filter(household=OuterRef("pk"), name__contains=name.strip())))
    if village.strip():
        term = village.strip()
        qs = qs.filter(
            Q(village__code__startswith=term) if term.isdigit() else Q(village__name__contains=term)
        )
    if id_number.strip():
        qs = qs.filter(_id_number_q(user, id_number))
    if status:
        qs = qs.filter(status=status)
    if region_code:
        qs = qs.filter(village__code__startswith=region_prefix(region_code))
    return qs.order_by("number")


def _id_number_q(user: Any, id_number: str) -> Q:
    from counterpart.households.services import id_lookup_count

    registry = scope_for(user).registry
    if not registry.unmasks_any:
        raise PermissionDenied(_("Searching by ID number is for those who may see ID numbers in clear."))
    try:
        number, _birth = ids.validate(id_number)
    except ids.InvalidIdNumber:
        return Q(pk__in=[])  # matches nothing, reveals nothing: not counted
    id_lookup_count(user=user)
    members = Member.objects.filter(household=OuterRef("pk"), id_hash=ids.codec().hash(number))
    return registry.unmask_q() & Q(Exists(members))


def household_get_for_user(*, user: Any, household_id: int) -> Household:
    """The household if the user may read it; 404 otherwise (not 403: do not reveal it exists)."""
    household = (
        (Household.objects.filter(scope_for(user).registry.household_q()).select_related(*HOUSEHOLD_RELATED))
        .filter(pk=household_id)
        .first()
    )
    if household is None:
        raise Http404(_("No such household."))
    return household


def member_get_for_user(*, user: Any, member_id: int) -> Member:
    member = (
        Member.objects.filter(scope_for(user).registry.household_q("household__"))
        .select_related("household", "household__village")
        .filter(pk=member_id)
        .first()
    )
    if member is None:
        raise Http404(_("No such member."))
    return member


def household_members(*, household: Household) -> QuerySet[Member]:
    """The head first, then in the order of the registry."""
    head_first = Case(When(relation=Member.Relation.HEAD, then=Value(0)), default=Value(1))
    return household.members.order_by(head_first, "id")


@dataclass(frozen=True)
class MemberShown:
    """A member as a user may see it (docs/roles.md): the masked ID number, sex and birth year for every
    reader; the full birth date only for a user who may unmask the household's ID numbers (with the
    region code and the year, the month and day would leave only the sequence to guess)."""

    id: int
    person_number: str
    name: str
    relation: str
    relation_display: str
    sex: str
    sex_display: str
    birth_year: int | None
    birth_date: dt.date | None
    id_masked: str
    can_unmask: bool

    @property
    def pk(self) -> int:
        return self.id


def members_shown(*, user: Any, household: Household) -> list[MemberShown]:
    """The household's members (head first) as `user` may see them; one query."""
    full = scope_for(user).registry.can_unmask(household.village.code)
    return [
        MemberShown(
            id=m.pk,
            person_number=m.person_number,
            name=m.name,
            relation=m.relation,
            relation_display=str(m.get_relation_display()),
            sex=m.sex,
            sex_display=str(m.get_sex_display()),
            birth_year=m.birth_date.year if m.birth_date else None,
            birth_date=m.birth_date if full else None,
            id_masked=m.id_masked,
            can_unmask=full,
        )
        for m in household_members(household=household)
    ]


def household_years(*, household: Household) -> list[dict[str, Any]]:
    """Per year: income, the line and the monitoring line, and the guarantees (newest first); two queries."""
    from counterpart.households.services import monitoring_multiple

    incomes = {i.year: i.per_capita_net_income for i in household.incomes.all()}
    checks = {g.year: g for g in household.guarantees.all()}
    years = sorted(set(incomes) | set(checks), reverse=True)
    lines = {p.year: p for p in PovertyLine.objects.filter(year__in=years)}
    multiple = monitoring_multiple()
    rows = []
    for year in years:
        line = lines.get(year)
        income = incomes.get(year)
        rows.append(
            {
                "year": year,
                "income": income,
                "line": line,
                "monitoring_line": (line.amount * multiple).quantize(Decimal("0.01")) if line else None,
                "below_line": income is not None and line is not None and income < line.amount,
                "check": checks.get(year),
                "guarantees": [
                    (
                        checks[year]._meta.get_field(f).verbose_name,  # type: ignore[union-attr]
                        getattr(checks[year], f"get_{f}_display")(),
                        getattr(checks[year], f),
                    )
                    for f in GUARANTEE_FIELDS
                ]
                if year in checks
                else [],
                "guarantee_values": [(f, "", getattr(checks[year], f)) for f in GUARANTEE_FIELDS]
                if year in checks
                else [],
            }
        )
    return rows


def status_history(*, household: Household) -> QuerySet[StatusChange]:
    return household.status_changes.select_related("changed_by").order_by("-changed_at", "-id")


def record_history(*, user: Any, household: Household, limit: int = 50) -> list[Any]:
    """The household record's own history (django-simple-history): edits and every unmasking of a member's
    ID number (who, when), newest first; for those who may unmask its numbers, empty for others."""
    if not scope_for(user).registry.can_unmask(household.village.code):
        return []
    return list(household.history.select_related("history_user").order_by("-history_date", "-pk")[:limit])


def household_flags(*, household: Household) -> QuerySet[MonitoringFlag]:
    return household.flags.select_related("reviewed_by").order_by("-year", "reason")


def flag_list(*, user: Any, outcome: str = MonitoringFlag.Outcome.OPEN) -> QuerySet[MonitoringFlag]:
    return (
        MonitoringFlag.objects.filter(scope_for(user).registry.household_q("household__"), outcome=outcome)
        .select_related("household", "household__village")
        .order_by("-year", "household__number")
    )


def flag_get_for_user(*, user: Any, flag_id: int) -> MonitoringFlag:
    """A flag of a household in the user's scope, or 404."""
    from django.http import Http404

    flag = (
        MonitoringFlag.objects.filter(scope_for(user).registry.household_q("household__"), pk=flag_id)
        .select_related("household", "household__village")
        .first()
    )
    if flag is None:
        raise Http404
    return flag


def poverty_line_for(year: int) -> PovertyLine | None:
    return PovertyLine.objects.filter(year=year).first()


def poverty_lines() -> QuerySet[PovertyLine]:
    return PovertyLine.objects.order_by("-year")


# --- summaries --------------------------------------------------------------------------------------------


def _summary_region(code: str) -> Region | None:
    return Region.objects.filter(code=code).select_related("parent").first() if code else None


def registry_summary(*, user: Any, region_code: str, year: int) -> dict[str, Any]:
    """Counts by status, households with a guarantee not met in `year`, monitored and flagged households,
    grouped by village (for a county or a town) or by county (for a prefecture or a province), computed in
    one aggregate query; names of the groups read in one more. Also the ECharts options of the chart."""
    region = _summary_region(region_code)
    qs = Household.objects.filter(scope_for(user).registry.household_q())
    if region is not None:
        qs = qs.filter(village__code__startswith=region_prefix(region.code))
    by_village = region is not None and region.level in (Region.Level.COUNTY, Region.Level.TOWN)
    group = F("village__code") if by_village else Substr("village__code", 1, 6)
    unmet = GuaranteeCheck.objects.filter(GuaranteeCheck.any_unmet_q(), household=OuterRef("pk"), year=year)
    open_flag = MonitoringFlag.objects.filter(household=OuterRef("pk"), outcome=MonitoringFlag.Outcome.OPEN)
    counts = {f"status_{value}": Count("pk", filter=Q(status=value)) for value in Household.Status.values}
    rows = list(
        qs.annotate(group_code=group, unmet=Exists(unmet), flagged=Exists(open_flag))
        .values("group_code")
        .annotate(
            total=Count("pk"),
            unmet_count=Count("pk", filter=Q(unmet=True)),
            flagged_count=Count("pk", filter=Q(flagged=True)),
            monitored=Count("pk", filter=Q(status__in=Household.MONITORED)),
            **counts,
        )
        .order_by("group_code")
    )
    names = dict(Region.objects.filter(code__in=[r["group_code"] for r in rows]).values_list("code", "name"))
    for row in rows:
        row["name"] = names.get(row["group_code"], row["group_code"])
        row["statuses"] = [row[f"status_{value}"] for value in Household.Status.values]
    totals: dict[str, Any] = {
        key: sum(r[key] for r in rows)
        for key in ("total", "unmet_count", "flagged_count", "monitored", *counts)
    }
    totals["statuses"] = [totals[f"status_{value}"] for value in Household.Status.values]
    return {
        "region": region,
        "year": year,
        "by_village": by_village,
        "rows": rows,
        "totals": totals,
        "statuses": [str(label) for label in Household.Status.labels],
        "chart": summary_chart_options(rows),
    }


def summary_chart_options(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """A stacked bar per group: households by status (ECharts options, JSON-safe)."""
    return {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"type": "scroll"},
        "grid": {"left": 48, "right": 16, "bottom": 64, "containLabel": True},
        "xAxis": {"type": "category", "data": [r["name"] for r in rows], "axisLabel": {"rotate": 30}},
        "yAxis": {"type": "value", "name": _("households")},
        "series": [
            {
                "name": str(label),
                "type": "bar",
                "stack": "status",
                "data": [r[f"status_{value}"] for r in rows],
            }
            for value, label in Household.Status.choices
        ],
    }


def summary_region_choices(*, user: Any) -> QuerySet[Region]:
    """Counties, prefectures and provinces the user may summarize (those under its helped regions)."""
    scope = scope_for(user).registry
    qs = Region.objects.filter(
        level__in=(Region.Level.PROVINCE, Region.Level.PREFECTURE, Region.Level.COUNTY, Region.Level.TOWN)
    )
    if not scope.everything:
        if not scope.read_prefixes:
            return qs.none()
        qs = qs.filter(reduce(or_, (Q(code__startswith=p) for p in scope.read_prefixes)))
    return qs.order_by("code")


# --- imports ----------------------------------------------------------------------------------------------


def import_job_get_for_user(*, user: Any, job_id: int) -> ImportJob:
    """An import is visible to whoever uploaded it (and to assessors)."""
    qs = ImportJob.objects.all()
    if not scope_for(user).registry.everything:
        qs = qs.filter(created_by=user)
    job = qs.filter(pk=job_id).first()
    if job is None:
        raise Http404(_("No such import."))
    return job


def import_job_list(*, user: Any) -> QuerySet[ImportJob]:
    qs = ImportJob.objects.all()
    if not scope_for(user).registry.everything:
        qs = qs.filter(created_by=user)
    return qs.order_by("-created_at", "-id")


def income_totals(*, user: Any, year: int) -> dict[str, Any]:
    agg = YearlyIncome.objects.filter(
        scope_for(user).registry.household_q("household__"), year=year
    ).aggregate(households=Count("pk"), total=Sum("per_capita_net_income"))
    return agg


def chart_json(options: dict[str, Any]) -> str:
    return json.dumps(options, ensure_ascii=False)


# --- members by ID number ---------------------------------------------------------------------------------


def members_by_id_numbers(*, user: Any, numbers: list[str]) -> dict[str, Member]:
    """The registry members the user may read whose ID number is one of `numbers`, keyed by the normalized
    number; one query for all of them (matched through the keyed hash, the clear number is never stored).
    A number missing from the result is unknown or out of the user's scope: callers must not tell which.
    Missing numbers count against the user's miss limit (`services.id_lookup_misses`): telling which lines
    are unknown would otherwise confirm guessed numbers one list at a time."""
    codec = ids.codec()  # one keyed state for all the numbers
    normalized = [ids.normalize(n) for n in numbers]
    by_hash = {codec.hash(n): n for n in normalized if n}
    if not by_hash:
        return {}
    members = (
        Member.objects.filter(scope_for(user).registry.household_q("household__"), id_hash__in=list(by_hash))
        .select_related("household", "household__village")
        .order_by("id")
    )
    found = {by_hash[m.id_hash]: m for m in members}
    if len(found) < len(by_hash):
        from counterpart.households.services import id_lookup_misses

        id_lookup_misses(user=user, misses=len(by_hash) - len(found))
    return found


# --- the unmask log (assessors) ---------------------------------------------------------------------------


def unmask_log(
    *,
    user: Any,
    username: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    household: str = "",
) -> QuerySet[UnmaskLog]:
    """Who unmasked whose ID number, when and from where, newest first, for assessors only; filtered by
    username (exact), a date range (inclusive, in the site's time zone) and household number (prefix). Each
    row carries the member's name and household (soft references: a deleted member leaves its log rows)."""
    if not scope_for(user).audits_unmasking:
        raise PermissionDenied(_("Only an assessor may read the log of ID numbers shown in clear."))
    member = Member.objects.filter(pk=OuterRef("member_id"))
    qs = UnmaskLog.objects.select_related("user").annotate(
        member_name=Subquery(member.values("name")[:1]),
        household_pk=Subquery(member.values("household_id")[:1]),
        household_number=Subquery(member.values("household__number")[:1]),
        village_name=Subquery(member.values("household__village__name")[:1]),
    )
    if username.strip():
        qs = qs.filter(user__username=username.strip())
    if date_from:
        qs = qs.filter(viewed_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(viewed_at__date__lte=date_to)
    if household.strip():
        qs = qs.filter(
            member_id__in=Member.objects.filter(household__number__startswith=household.strip()).values("pk")
        )
    return qs.order_by("-viewed_at", "-id")
