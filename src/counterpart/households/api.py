"""The household registry: search, a household with its members (ID numbers masked), summaries.

ID numbers are never returned in clear by the API, and full birth dates only to a user who may unmask them;
exact search by ID number goes through the keyed hash, in the villages where the user may unmask numbers
(docs/roles.md).
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from counterpart.core.api_auth import request_user
from counterpart.core.api_common import ErrorOut, Id, Pagination, Year, choices_schema
from counterpart.households import selectors
from counterpart.households.models import Household, Member

router = Router(tags=["households"])

HouseholdStatus = Annotated[Household.Status, choices_schema(Household.Status)]
Relation = Annotated[Member.Relation, choices_schema(Member.Relation)]


class VillageOut(Schema):
    id: int
    code: str
    name: str
    town: str
    county: str

    @staticmethod
    def resolve_town(obj: Any) -> str:
        return obj.parent.name if obj.parent_id else ""

    @staticmethod
    def resolve_county(obj: Any) -> str:
        return obj.parent.parent.name if obj.parent_id and obj.parent.parent_id else ""


class HouseholdOut(Schema):
    id: int
    number: str
    village: VillageOut
    status: HouseholdStatus
    household_type: str
    head_name: str | None = None
    size: int | None = None
    generated: bool


class MemberOut(Schema):
    id: int
    person_number: str
    name: str
    sex: str
    birth_year: int | None
    birth_date: dt.date | None = Field(
        description="The full birth date, only for a user who may unmask this household's ID numbers "
        "(docs/roles.md); null for others, who see the birth year."
    )
    relation: Relation
    id_masked: str = Field(
        description="The region code (first 6 characters) of the ID number, the rest masked."
    )


class YearOut(Schema):
    year: int
    income: Decimal | None
    line: Decimal | None
    line_confirmed: bool | None
    guarantees: dict[str, str]


class StatusChangeOut(Schema):
    from_status: str
    to_status: str
    changed_at: dt.datetime
    changed_by: str | None
    reason: str

    @staticmethod
    def resolve_changed_by(obj: Any) -> str | None:
        return obj.changed_by.get_username() if obj.changed_by_id else None


class HouseholdDetailOut(HouseholdOut):
    main_cause: str
    other_causes: list[str]
    members: list[MemberOut]
    years: list[YearOut]
    status_history: list[StatusChangeOut]


class HouseholdFilters(Schema):
    number: str = Field("", description="Household number (prefix).")
    name: str = Field("", description="A member's name (part).")
    village: str = Field("", description="Village name (part) or code (prefix).")
    id_number: str = Field(
        "",
        description="A member's ID number, exact (matched through a keyed hash), for users who may unmask "
        "ID numbers, in the villages where they may; counted against their unmask rate limit.",
    )
    status: str = ""


class SummaryRowOut(Schema):
    code: str
    name: str
    total: int
    by_status: dict[str, int]
    guarantee_not_met: int
    monitored: int
    flagged: int


@router.get("", response=list[HouseholdOut], summary="Search households")
@paginate(Pagination)
def list_households(request: HttpRequest, filters: Query[HouseholdFilters]) -> Any:
    """Households of villages under the helped regions of the user's pairings."""
    return selectors.household_list(user=request_user(request), **filters.model_dump())


@router.get("/summary", response=list[SummaryRowOut], summary="Counts by village or county")
def registry_summary(request: HttpRequest, region: str = "", year: Year = 2020) -> Any:
    """By village for a county or town code, by county for a prefecture or province code (or everything in
    scope when no code is given)."""
    summary = selectors.registry_summary(user=request_user(request), region_code=region, year=year)
    return [
        {
            "code": row["group_code"],
            "name": row["name"],
            "total": row["total"],
            "by_status": {value: row[f"status_{value}"] for value in Household.Status.values},
            "guarantee_not_met": row["unmet_count"],
            "monitored": row["monitored"],
            "flagged": row["flagged_count"],
        }
        for row in summary["rows"]
    ]


@router.get("/{household_id}", response={200: HouseholdDetailOut, 404: ErrorOut}, summary="Get a household")
def get_household(request: HttpRequest, household_id: Id) -> Any:
    """The household with its members (ID numbers masked), incomes and guarantees by year, status history."""
    user = request_user(request)
    household = selectors.household_get_for_user(user=user, household_id=household_id)
    years = [
        {
            "year": y["year"],
            "income": y["income"],
            "line": y["line"].amount if y["line"] else None,
            "line_confirmed": y["line"].confirmed if y["line"] else None,
            "guarantees": {name: value for (name, _display, value) in y["guarantee_values"]},
        }
        for y in selectors.household_years(household=household)
    ]
    return {
        "id": household.pk,
        "number": household.number,
        "village": household.village,
        "status": household.status,
        "household_type": household.household_type,
        "generated": household.generated,
        "main_cause": household.main_cause,
        "other_causes": household.other_cause_list,
        "members": selectors.members_shown(user=user, household=household),
        "years": years,
        "status_history": list(selectors.status_history(household=household)),
    }
