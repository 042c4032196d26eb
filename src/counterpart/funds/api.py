"""Projects, their transactions and the supervision alerts, for the pairings in the user's scope. Amounts are
yuan (CNY) with two decimals; totals are derived from the transactions."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from counterpart.agreements.selectors import agreement_get_for_user
from counterpart.core.api_auth import request_user
from counterpart.core.api_common import (
    MAX_NUMBER,
    ErrorOut,
    Id,
    InputSchema,
    Pagination,
    ValidationErrorOut,
    ValidationErrors,
    Year,
    choices_schema,
    unchanged,
)
from counterpart.funds import selectors, services
from counterpart.funds.models import FundingSource, Project, Sector, Stage, Transaction
from counterpart.geo.models import Region
from counterpart.orgs.models import Organization
from counterpart.pairings.selectors import pairing_get_for_user
from counterpart.plans.models import Item

router = Router(tags=["funds"])

SectorField = Annotated[Sector, choices_schema(Sector)]
StageField = Annotated[Stage, choices_schema(Stage)]
SourceField = Annotated[FundingSource, choices_schema(FundingSource)]
KindField = Literal[1, 2, 3, 4, 11]
Money = Annotated[Decimal, Field(max_digits=16, decimal_places=2)]
Count = Annotated[int, Field(ge=0, le=MAX_NUMBER)]
RegionCode = Annotated[str, Field(pattern=r"^[0-9]{6}([0-9]{3}){0,2}$", description="A region's code.")]

WRITE_RESPONSES: dict[int, Any] = {403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
KIND_HELP = (
    "IATI transaction type: 1 incoming funds, 2 commitment, 3 disbursement, 4 expenditure, "
    "11 incoming commitment."
)


class PlaceOut(Schema):
    code: str
    name: str


class FundingOut(Schema):
    source: SourceField
    amount: Decimal


class OutputOut(Schema):
    what: str
    value: Decimal
    unit: str


class ProjectOut(Schema):
    id: int
    title: str
    pairing: int
    sector: SectorField
    stage: StageField
    year: int | None
    places: list[PlaceOut]
    places_text: str
    implementing_org: int | None
    budget: Decimal | None
    committed: Decimal = Field(description="Commitments and incoming commitments, in yuan.")
    received: Decimal = Field(description="Incoming funds, in yuan.")
    disbursed: Decimal
    spent: Decimal = Field(description="Expenditure, in yuan.")
    has_alerts: bool
    generated: bool

    @staticmethod
    def resolve_pairing(obj: Project) -> int:
        return obj.pairing_id

    @staticmethod
    def resolve_implementing_org(obj: Project) -> int | None:
        return obj.implementing_org_id

    @staticmethod
    def resolve_places(obj: Project) -> list[dict[str, str]]:
        return [{"code": p.region.code, "name": p.region.name} for p in obj.project_places.all()]

    @staticmethod
    def resolve_has_alerts(obj: Project) -> bool:
        return any(getattr(obj, f"alert_{kind}", False) for kind in selectors.ALERT_KINDS)


class AlertOut(Schema):
    kind: str = Field(description=f"One of {', '.join(selectors.ALERT_KINDS)}.")
    project: int
    project_title: str
    pairing: int
    reason: str
    threshold: str
    url: str

    @staticmethod
    def resolve_project(obj: selectors.Alert) -> int:
        return obj.project_id

    @staticmethod
    def resolve_pairing(obj: selectors.Alert) -> int:
        return obj.pairing_id


class ProjectDetailOut(ProjectOut):
    content: str
    agreement: int | None
    item: int | None
    planned_start: dt.date | None
    planned_end: dt.date | None
    actual_start: dt.date | None
    actual_end: dt.date | None
    villages: int | None
    households: int | None
    people: int | None
    poor_people: int | None
    fundings: list[FundingOut]
    outputs: list[OutputOut]
    alerts: list[AlertOut]
    source: str

    @staticmethod
    def resolve_agreement(obj: Project) -> int | None:
        return obj.agreement_id

    @staticmethod
    def resolve_item(obj: Project) -> int | None:
        return obj.item_id

    @staticmethod
    def resolve_fundings(obj: Project) -> list[Any]:
        return list(obj.fundings.all())

    @staticmethod
    def resolve_outputs(obj: Project) -> list[Any]:
        return list(obj.outputs.all())

    @staticmethod
    def resolve_alerts(obj: Project) -> list[selectors.Alert]:
        return selectors.alerts_of(obj)


class TransactionOut(Schema):
    id: int
    project: int
    kind: int = Field(description=KIND_HELP)
    date: dt.date
    amount: Decimal
    currency: str
    provider_org: int | None
    receiver_org: int | None
    funding_source: str
    recipient_region: str | None = Field(description="The code of the region an allocation goes to.")
    description: str
    generated: bool

    @staticmethod
    def resolve_project(obj: Transaction) -> int:
        return obj.project_id

    @staticmethod
    def resolve_provider_org(obj: Transaction) -> int | None:
        return obj.provider_org_id

    @staticmethod
    def resolve_receiver_org(obj: Transaction) -> int | None:
        return obj.receiver_org_id

    @staticmethod
    def resolve_recipient_region(obj: Transaction) -> str | None:
        return obj.recipient_region.code if obj.recipient_region_id and obj.recipient_region else None


class OutputIn(InputSchema):
    what: str = Field(min_length=1, max_length=200)
    value: Money
    unit: str = Field("", max_length=30)


class ProjectIn(InputSchema):
    pairing: Id = Field(description="The pairing's id.")
    title: str = Field(min_length=1, max_length=300)
    sector: SectorField = Sector.OTHER
    stage: StageField = Stage.RESERVE
    year: Year | None = None
    content: str = ""
    places: list[RegionCode] = Field(
        default_factory=list, description="Codes of regions of the national tree."
    )
    places_text: str = Field("", max_length=500)
    implementing_org: Id | None = None
    agreement: Id | None = None
    item: Id | None = Field(None, description="A responsibility item's id.")
    budget: Money | None = None
    planned_start: dt.date | None = None
    planned_end: dt.date | None = None
    actual_start: dt.date | None = None
    actual_end: dt.date | None = None
    villages: Count | None = None
    households: Count | None = None
    people: Count | None = None
    poor_people: Count | None = None
    fundings: dict[SourceField, Money] = Field(default_factory=dict, description="Amount in yuan by source.")
    outputs: list[OutputIn] = Field(default_factory=list)
    source: str = Field("", max_length=200)


class ProjectPatch(InputSchema):
    """The fields to change; left out they stay. `places` and `outputs`, when given, replace the lists;
    `fundings` sets the sources named (`null` removes one)."""

    title: str = unchanged(min_length=1, max_length=300)
    sector: SectorField = unchanged()
    stage: StageField = unchanged()
    year: Year | None = unchanged()
    content: str = unchanged()
    places: list[RegionCode] = unchanged()
    places_text: str = unchanged(max_length=500)
    implementing_org: Id | None = unchanged()
    agreement: Id | None = unchanged()
    item: Id | None = unchanged()
    budget: Money | None = unchanged()
    planned_start: dt.date | None = unchanged()
    planned_end: dt.date | None = unchanged()
    actual_start: dt.date | None = unchanged()
    actual_end: dt.date | None = unchanged()
    villages: Count | None = unchanged()
    households: Count | None = unchanged()
    people: Count | None = unchanged()
    poor_people: Count | None = unchanged()
    fundings: dict[SourceField, Money | None] = unchanged()
    outputs: list[OutputIn] = unchanged()
    source: str = unchanged(max_length=200)


class TransactionIn(InputSchema):
    kind: KindField = Field(description=KIND_HELP)
    date: dt.date
    amount: Money = Field(description="Yuan, above zero.")
    currency: str = Field("CNY", max_length=3, description="CNY: the only currency recorded.")
    provider_org: Id | None = None
    receiver_org: Id | None = None
    funding_source: SourceField | Literal[""] = ""
    recipient_region: RegionCode | None = None
    description: str = Field("", max_length=300)


class ProjectFilters(Schema):
    pairing: Id | None = Field(None, description="A pairing's id; its sub-pairings are included.")
    county: RegionCode | None = Field(None, description="A region's code: projects with a place under it.")
    sector: SectorField | None = None
    stage: StageField | None = None
    year: Year | None = None
    alerts: bool = Field(False, description="Only projects with a supervision alert.")
    q: str = Field("", max_length=100, description="Searches titles, content and places as written.")
    sort: str = Field("-year", description=f"One of {', '.join(selectors.SORTS)}.")


def _organization(errors: ValidationErrors, field: str, org_id: int | None) -> Organization | None:
    if org_id is None:
        return None
    org = Organization.objects.filter(pk=org_id).first()
    if org is None:
        errors.add(field, _("No organization with id %(id)s.") % {"id": org_id})
    return org


def _resolve(user: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Ids and codes to objects; an unknown one is a 422 naming its field. Nothing is written yet."""
    errors = ValidationErrors()
    if data.get("pairing") is not None:
        data["pairing"] = pairing_get_for_user(user=user, pairing_id=data["pairing"])
    if "implementing_org" in data:
        data["implementing_org"] = _organization(errors, "implementing_org", data["implementing_org"])
    if data.get("agreement") is not None:
        try:
            data["agreement"] = agreement_get_for_user(user=user, agreement_id=data["agreement"])
        except Http404:
            errors.add("agreement", _("No agreement with id %(id)s.") % {"id": data["agreement"]})
    if data.get("item") is not None:
        item = Item.objects.filter(pk=data["item"]).first()
        if item is None:
            errors.add("item", _("No responsibility item with id %(id)s.") % {"id": data["item"]})
        data["item"] = item
    if data.get("places") is not None:
        regions = {r.code: r for r in Region.objects.filter(code__in=data["places"])}
        for code in data["places"]:
            if code not in regions:
                errors.add("places", _("Unknown region code “%(code)s”.") % {"code": code})
        data["places"] = [regions[c] for c in dict.fromkeys(data["places"]) if c in regions]
    if data.get("outputs") is not None:
        data["outputs"] = [(o["what"], o["value"], o["unit"]) for o in data["outputs"]]
    if data.get("fundings") is not None:
        data["fundings"] = {str(FundingSource(k).value): v for k, v in data["fundings"].items()}
    errors.raise_if_any()
    return data


@router.get("/projects", response=list[ProjectOut], summary="List projects")
@paginate(Pagination)
def list_projects(request: HttpRequest, filters: Query[ProjectFilters]) -> Any:
    """Projects in the user's scope with their totals; a `pairing` outside the scope is a 404."""
    user = request_user(request)
    if filters.sort not in selectors.SORTS:
        errors = ValidationErrors()
        errors.add("sort", _("Unknown sort; use one of %(sorts)s.") % {"sorts": ", ".join(selectors.SORTS)})
        errors.raise_if_any()
    if filters.pairing is not None:
        pairing_get_for_user(user=user, pairing_id=filters.pairing)
    return selectors.project_list(
        user=user,
        pairing_id=filters.pairing,
        county_code=filters.county or "",
        sector=filters.sector or "",
        stage=filters.stage or "",
        year=filters.year,
        search=filters.q.strip(),
        alerts_only=filters.alerts,
        sort=filters.sort,
    )


@router.get(
    "/projects/{project_id}", response={200: ProjectDetailOut, 404: ErrorOut}, summary="Get a project"
)
def get_project(request: HttpRequest, project_id: Id) -> Any:
    """The project with its places, funding by source, outputs, totals and alerts."""
    return selectors.project_get_for_user(user=request_user(request), project_id=project_id)


@router.post("/projects", response={201: ProjectDetailOut, **WRITE_RESPONSES}, summary="Record a project")
def create_project(request: HttpRequest, payload: ProjectIn) -> Any:
    """A project of a pairing the user writes (403 when it only reads it)."""
    user = request_user(request)
    data = _resolve(user, payload.model_dump())
    project = services.project_create(actor=user, **data)
    return Status(201, selectors.project_get_for_user(user=user, project_id=project.pk))


@router.patch(
    "/projects/{project_id}", response={200: ProjectDetailOut, **WRITE_RESPONSES}, summary="Change a project"
)
def update_project(request: HttpRequest, project_id: Id, payload: ProjectPatch) -> Any:
    user = request_user(request)
    project = selectors.project_get_for_user(user=user, project_id=project_id)
    data = _resolve(user, payload.model_dump(exclude_unset=True))
    services.project_update(actor=user, project=project, **data)
    return selectors.project_get_for_user(user=user, project_id=project.pk)


@router.get("/projects/{project_id}/transactions", response=list[TransactionOut], summary="List transactions")
@paginate(Pagination)
def list_transactions(request: HttpRequest, project_id: Id) -> Any:
    user = request_user(request)
    project = selectors.project_get_for_user(user=user, project_id=project_id)
    return selectors.transaction_list(user=user, project=project)


@router.post(
    "/projects/{project_id}/transactions",
    response={201: TransactionOut, **WRITE_RESPONSES},
    summary="Record a transaction",
)
def record_transaction(request: HttpRequest, project_id: Id, payload: TransactionIn) -> Any:
    """A disbursement above the funds received, spending above the budget, a negative amount, a currency
    other than CNY or a date out of range is a 422 naming the field; nothing is written."""
    user = request_user(request)
    project = selectors.project_get_for_user(user=user, project_id=project_id)
    data = payload.model_dump()
    errors = ValidationErrors()
    data["provider_org"] = _organization(errors, "provider_org", data["provider_org"])
    data["receiver_org"] = _organization(errors, "receiver_org", data["receiver_org"])
    if data["recipient_region"]:
        region = Region.objects.filter(code=data["recipient_region"]).first()
        if region is None:
            errors.add(
                "recipient_region", _("Unknown region code “%(code)s”.") % {"code": data["recipient_region"]}
            )
        data["recipient_region"] = region
    errors.raise_if_any()
    data["funding_source"] = str(data["funding_source"].value) if data["funding_source"] else ""
    return Status(201, services.transaction_record(actor=user, project=project, **data))


@router.get("/alerts", response=list[AlertOut], summary="List supervision alerts")
def list_alerts(
    request: HttpRequest,
    pairing: Id | None = None,
    kind: Literal["idle", "spending", "not_started", "overdue", "outside", "dates"] | None = None,
) -> Any:
    """The alerts of the projects in the user's scope (of `pairing` and its sub-pairings), each with its
    reason, threshold and the project's page. Derived from the data: an alert whose cause is gone is not
    listed."""
    user = request_user(request)
    chosen = pairing_get_for_user(user=user, pairing_id=pairing) if pairing else None
    return selectors.alert_list(user=user, pairing=chosen, kind=kind or "")
