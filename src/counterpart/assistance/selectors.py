"""Reads of assistance records, filtered by the pairings in the user's scope; totals by pairing and year are
single aggregate queries per kind of record."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear

from counterpart.assistance.models import Award, Dispatch, Placement, Purchase, Training, TrainingAttendance
from counterpart.households.models import Household
from counterpart.pairings.models import Pairing
from counterpart.pairings.scope import scope_for


def _scoped(
    qs: QuerySet[Any], user: Any, pairing: Pairing | None, year: int | None, date_field: str
) -> QuerySet[Any]:
    qs = qs.filter(scope_for(user).pairing_q("pairing__"))
    if pairing is not None:
        qs = qs.filter(pairing__path__startswith=pairing.path)
    if year:
        qs = qs.filter(**{f"{date_field}__year": year})
    return qs


def placement_list(
    *, user: Any, pairing: Pairing | None = None, year: int | None = None
) -> QuerySet[Placement]:
    return _scoped(Placement.objects.all(), user, pairing, year, "start_date").select_related(
        "member", "employer", "work_region", "pairing__helper_region", "pairing__helped_region"
    )


def training_list(
    *, user: Any, pairing: Pairing | None = None, year: int | None = None
) -> QuerySet[Training]:
    return _scoped(Training.objects.all(), user, pairing, year, "date").select_related(
        "organizer", "region", "pairing__helper_region", "pairing__helped_region"
    )


def purchase_list(
    *, user: Any, pairing: Pairing | None = None, year: int | None = None
) -> QuerySet[Purchase]:
    return _scoped(Purchase.objects.all(), user, pairing, year, "date").select_related(
        "buyer", "seller", "seller_region", "pairing__helper_region", "pairing__helped_region"
    )


def dispatch_list(
    *, user: Any, pairing: Pairing | None = None, year: int | None = None
) -> QuerySet[Dispatch]:
    return _scoped(Dispatch.objects.all(), user, pairing, year, "start_date").select_related(
        "person", "from_org", "to_org", "pairing__helper_region", "pairing__helped_region"
    )


def award_list(*, user: Any, pairing: Pairing | None = None, year: int | None = None) -> QuerySet[Award]:
    return _scoped(Award.objects.all(), user, pairing, year, "date").select_related(
        "awarded_by", "recipient_org", "recipient_person", "pairing__helper_region", "pairing__helped_region"
    )


def assistance_totals(
    *, user: Any, pairing: Pairing | None = None, year: int | None = None
) -> list[dict[str, Any]]:
    """One row per (pairing, year): placements and their average monthly wage, trainings and trainees,
    purchases and their amount, dispatched people by kind, awards. Five aggregate queries in all, plus one
    for the pairings' names."""
    rows: dict[tuple[int, int], dict[str, Any]] = defaultdict(
        lambda: {
            "placements": 0,
            "average_wage": None,
            "trainings": 0,
            "trainees": 0,
            "purchases": 0,
            "purchase_amount": Decimal("0"),
            "dispatches": 0,
            **{f"dispatch_{k}": 0 for k in Dispatch.Kind.values},
            "awards": 0,
        }
    )

    def grouped(qs: QuerySet[Any], date_field: str, **aggregates: Any) -> list[dict[str, Any]]:
        return list(
            _scoped(qs, user, pairing, year, date_field)
            .annotate(year=ExtractYear(date_field))
            .values("pairing_id", "year")
            .annotate(**aggregates)
            .order_by()
        )

    for r in grouped(Placement.objects.all(), "start_date", n=Count("pk"), wage=Avg("monthly_wage")):
        rows[(r["pairing_id"], r["year"])].update(placements=r["n"], average_wage=r["wage"])
    for r in grouped(Training.objects.all(), "date", n=Count("pk"), people=Sum("trainees")):
        rows[(r["pairing_id"], r["year"])].update(trainings=r["n"], trainees=r["people"] or 0)
    for r in grouped(Purchase.objects.all(), "date", n=Count("pk"), amount=Sum("amount")):
        rows[(r["pairing_id"], r["year"])].update(
            purchases=r["n"], purchase_amount=r["amount"] or Decimal("0")
        )
    kinds = {f"dispatch_{k}": Count("pk", filter=Q(kind=k)) for k in Dispatch.Kind.values}
    for r in grouped(Dispatch.objects.all(), "start_date", n=Count("pk"), **kinds):
        rows[(r["pairing_id"], r["year"])].update(dispatches=r["n"], **{k: r[k] for k in kinds})
    for r in grouped(Award.objects.all(), "date", n=Count("pk")):
        rows[(r["pairing_id"], r["year"])].update(awards=r["n"])
    pairings: dict[int, Pairing] = {}
    if rows:
        pairings = {
            p.pk: p
            for p in Pairing.objects.filter(pk__in={key[0] for key in rows}).select_related(
                "helper_region", "helped_region", "helper_org", "helped_org"
            )
        }
    result = []
    for (pairing_id, row_year), values in sorted(rows.items(), key=lambda kv: (kv[0][0], -kv[0][1])):
        result.append(
            {"pairing": pairings.get(pairing_id), "pairing_id": pairing_id, "year": row_year, **values}
        )
    return result


def household_assistance(*, user: Any, household: Household) -> dict[str, Any]:
    """What one household received: job placements of its members and trainings they attended (the
    household itself was already checked against the user's registry scope by the caller)."""
    scope_q = scope_for(user).pairing_q("pairing__")
    placements = (
        Placement.objects.filter(scope_q, household_id=household.pk, province_code=household.province_code)
        .select_related("member", "employer", "work_region")
        .order_by("-start_date")
    )
    trainings = (
        TrainingAttendance.objects.filter(
            household_id=household.pk,
            province_code=household.province_code,
            training__in=Training.objects.filter(scope_q),
        )
        .select_related("member", "training", "training__organizer")
        .order_by("-training__date")
    )
    return {"placements": placements, "trainings": trainings}
