"""Assistance totals by pairing and year (placements, trainings, purchases, dispatched personnel, awards)."""

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from counterpart.assistance.selectors import assistance_totals
from counterpart.core.api_auth import request_user
from counterpart.core.api_common import Id, Year
from counterpart.pairings.selectors import pairing_get_for_user

router = Router(tags=["assistance"])


class TotalsOut(Schema):
    pairing: int
    year: int
    placements: int
    average_wage: Decimal | None
    trainings: int
    trainees: int
    purchases: int
    purchase_amount: Decimal
    dispatches: int
    dispatches_by_kind: dict[str, int]
    awards: int


@router.get("/totals", response=list[TotalsOut], summary="Totals by pairing and year")
def totals(request: HttpRequest, pairing: Id | None = None, year: Year | None = None) -> Any:
    """One row per pairing and year in the user's scope; `pairing` includes its sub-pairings."""
    user = request_user(request)
    chosen = pairing_get_for_user(user=user, pairing_id=pairing) if pairing else None
    return [
        {
            **row,
            "pairing": row["pairing_id"],
            "dispatches_by_kind": {
                key.removeprefix("dispatch_"): value
                for key, value in row.items()
                if key.startswith("dispatch_")
            },
        }
        for row in assistance_totals(user=user, pairing=chosen, year=year)
    ]
