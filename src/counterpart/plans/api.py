"""Responsibility lists, items and their ledger. The same scope as the pages: what the user may not read is a
404; a write the user may not make is a 403."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import WithJsonSchema

from counterpart.core.api_auth import request_user
from counterpart.core.api_common import ErrorOut, Pagination, ValidationErrorOut, choices_schema
from counterpart.plans import services
from counterpart.plans.models import Item, LedgerEntry, ResponsibilityList
from counterpart.plans.selectors import (
    entry_get_for_user,
    entry_list,
    item_get_for_user,
    item_list,
    responsibility_list_get_for_user,
    responsibility_list_list,
)
from counterpart.plans.status import ItemStatus

router = Router(tags=["plans"])

WRITE_RESPONSES: dict[int, Any] = {403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
ItemCategory = Annotated[Item.Category, choices_schema(Item.Category)]
EntryStatus = Annotated[LedgerEntry.Status, choices_schema(LedgerEntry.Status)]
StatusValue = Annotated[
    str,
    WithJsonSchema(
        {
            "type": "string",
            "enum": list(ItemStatus.values),
            "description": "Derived from the accepted ledger.",
        }
    ),
]


class ListOut(Schema):
    id: int
    title: str
    year: int
    owner: int
    owner_name: str
    pairing: int | None
    plan: int | None
    generated: bool
    item_count: int = Field(description="Items the caller can read.")

    @staticmethod
    def resolve_owner(obj: ResponsibilityList) -> int:
        return obj.owner_id

    @staticmethod
    def resolve_owner_name(obj: ResponsibilityList) -> str:
        return obj.owner.name

    @staticmethod
    def resolve_pairing(obj: ResponsibilityList) -> int | None:
        return obj.pairing_id

    @staticmethod
    def resolve_plan(obj: ResponsibilityList) -> int | None:
        return obj.plan_id


class ItemOut(Schema):
    id: int
    list_id: int
    number: str
    task: str
    category: ItemCategory
    lead_unit: int
    lead_unit_name: str
    co_units: list[int]
    target_text: str
    target_quantity: Decimal | None = Field(
        description="Empty for a yes/no deliverable (reported in percent)."
    )
    target_unit: str
    start_date: dt.date
    deadline: dt.date
    status: StatusValue
    current_value: Decimal | None = Field(description="The latest accepted cumulative value.")
    generated: bool

    @staticmethod
    def resolve_list_id(obj: Item) -> int:
        return obj.responsibility_list_id

    @staticmethod
    def resolve_lead_unit(obj: Item) -> int:
        return obj.lead_unit_id

    @staticmethod
    def resolve_lead_unit_name(obj: Item) -> str:
        return obj.lead_unit.name

    @staticmethod
    def resolve_co_units(obj: Item) -> list[int]:
        return [unit.pk for unit in obj.co_units.all()]


class EvidenceOut(Schema):
    id: int
    original_name: str
    content_type: str
    size: int
    sha256: str


class EntryOut(Schema):
    id: int
    item: int
    year: int
    month: int
    value: Decimal = Field(description="Cumulative: the total achieved from the start to the period's end.")
    narrative: str
    status: EntryStatus
    review_comment: str
    reporter: str | None
    submitted_at: dt.datetime | None
    reviewed_at: dt.datetime | None
    evidence: list[EvidenceOut]
    generated: bool

    @staticmethod
    def resolve_item(obj: LedgerEntry) -> int:
        return obj.item_id

    @staticmethod
    def resolve_reporter(obj: LedgerEntry) -> str | None:
        return obj.reporter.get_username() if obj.reporter else None

    @staticmethod
    def resolve_evidence(obj: LedgerEntry) -> list[Any]:
        return list(obj.evidence.all())  # type: ignore[attr-defined]


class EntryIn(Schema):
    year: int = Field(ge=1990, le=2100)
    month: int = Field(ge=1, le=12)
    value: Decimal = Field(ge=0, description="Cumulative value up to the end of the month.")
    narrative: str = ""


class ReviewIn(Schema):
    comment: str = ""


class ItemFilters(Schema):
    unit: int | None = None
    status: str = ""
    category: str = ""
    deadline_before: dt.date | None = None
    search: str = ""
    mine: bool = Field(False, description="Only the items of the units the caller reports for.")


@router.get("/lists", response=list[ListOut], summary="Responsibility lists the caller reads")
@paginate(Pagination)
def lists(request: HttpRequest) -> Any:
    return responsibility_list_list(user=request_user(request))


@router.get("/lists/{list_id}", response={200: ListOut, 404: ErrorOut}, summary="A responsibility list")
def list_detail(request: HttpRequest, list_id: int) -> Any:
    user = request_user(request)
    rlist = responsibility_list_get_for_user(user=user, list_id=list_id)
    return responsibility_list_list(user=user).get(pk=rlist.pk)


@router.get(
    "/lists/{list_id}/items",
    response={200: list[ItemOut], 404: ErrorOut},
    summary="Items of a list with status",
)
@paginate(Pagination)
def list_items(request: HttpRequest, list_id: int, filters: Query[ItemFilters]) -> Any:
    user = request_user(request)
    rlist = responsibility_list_get_for_user(user=user, list_id=list_id)
    return item_list(
        user=user,
        responsibility_list=rlist,
        unit_id=filters.unit,
        status=filters.status,
        category=filters.category,
        deadline_before=filters.deadline_before,
        search=filters.search,
        mine=filters.mine,
    )


@router.get("/items", response=list[ItemOut], summary="Items the caller reads (a reporter: its unit's)")
@paginate(Pagination)
def items(request: HttpRequest, filters: Query[ItemFilters]) -> Any:
    return item_list(
        user=request_user(request),
        unit_id=filters.unit,
        status=filters.status,
        category=filters.category,
        deadline_before=filters.deadline_before,
        search=filters.search,
        mine=filters.mine,
    )


@router.get("/items/{item_id}", response={200: ItemOut, 404: ErrorOut}, summary="An item with its status")
def item_detail(request: HttpRequest, item_id: int) -> Any:
    return item_get_for_user(user=request_user(request), item_id=item_id)


@router.get(
    "/items/{item_id}/entries", response={200: list[EntryOut], 404: ErrorOut}, summary="An item's ledger"
)
def item_entries(request: HttpRequest, item_id: int) -> Any:
    item = item_get_for_user(user=request_user(request), item_id=item_id)
    return list(entry_list(item=item))


@router.post(
    "/items/{item_id}/entries",
    response={201: EntryOut, **WRITE_RESPONSES},
    summary="Report progress on an item (its unit's reporter or the office)",
)
def entry_submit(request: HttpRequest, item_id: int, payload: EntryIn) -> Any:
    user = request_user(request)
    item = item_get_for_user(user=user, item_id=item_id)
    entry = services.ledger_entry_submit(
        actor=user,
        item=item,
        year=payload.year,
        month=payload.month,
        value=payload.value,
        narrative=payload.narrative,
    )
    return Status(201, entry_list(item=item).get(pk=entry.pk))


@router.get("/entries/{entry_id}", response={200: EntryOut, 404: ErrorOut}, summary="A ledger entry")
def entry_detail(request: HttpRequest, entry_id: int) -> Any:
    entry = entry_get_for_user(user=request_user(request), entry_id=entry_id)
    return entry_list(item=entry.item).get(pk=entry.pk)


@router.post(
    "/entries/{entry_id}/accept", response={200: EntryOut, **WRITE_RESPONSES}, summary="Accept an entry"
)
def entry_accept(request: HttpRequest, entry_id: int, payload: ReviewIn) -> Any:
    user = request_user(request)
    entry = entry_get_for_user(user=user, entry_id=entry_id)
    services.ledger_entry_accept(actor=user, entry=entry, comment=payload.comment)
    return entry_list(item=entry.item).get(pk=entry.pk)


@router.post(
    "/entries/{entry_id}/return",
    response={200: EntryOut, **WRITE_RESPONSES},
    summary="Return an entry with a comment",
)
def entry_return(request: HttpRequest, entry_id: int, payload: ReviewIn) -> Any:
    user = request_user(request)
    entry = entry_get_for_user(user=user, entry_id=entry_id)
    services.ledger_entry_return(actor=user, entry=entry, comment=payload.comment)
    return entry_list(item=entry.item).get(pk=entry.pk)
