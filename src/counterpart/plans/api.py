"""Responsibility lists, items and their ledger. The same scope as the pages: what the user may not read is a
404; a write the user may not make is a 403."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import WithJsonSchema

from counterpart.agreements.api import ProgressReportOut
from counterpart.agreements.models import ProgressReport
from counterpart.core.api_auth import request_user
from counterpart.core.api_common import (
    MAX_ID,
    ConflictOut,
    ErrorOut,
    Id,
    IfMatch,
    InputSchema,
    Pagination,
    ValidationErrorOut,
    Version,
    Year,
    choices_schema,
    expected_version,
    with_etag,
)
from counterpart.orgs.models import Organization
from counterpart.pairings.scope import scope_for
from counterpart.plans import services
from counterpart.plans.models import (
    AuditFinding,
    EvidenceFile,
    Item,
    ItemUnit,
    LedgerEntry,
    RectificationEntry,
    ResponsibilityList,
    SpotCheck,
    SpotCheckResult,
)
from counterpart.plans.selectors import (
    agreement_entry_list,
    agreement_get_for_ledger,
    agreement_report_get_for_user,
    audit_finding_get_for_user,
    audit_finding_list,
    entry_get_for_user,
    entry_list,
    item_get_for_user,
    item_list,
    responsibility_list_get_for_user,
    responsibility_list_list,
    spot_check_get_for_user,
    spot_check_list,
    spot_check_result_get_for_user,
)
from counterpart.plans.status import ItemStatus

router = Router(tags=["plans"])

WRITE_RESPONSES: dict[int, Any] = {403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ValidationErrorOut}
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


class ItemUnitOut(Schema):
    organization: int | None = Field(description="Empty for a collective unit (各镇, 各相关单位).")
    name: str = Field(description="The organization's name, or the collective unit as the list writes it.")
    collective: bool

    @staticmethod
    def resolve_organization(obj: ItemUnit) -> int | None:
        return obj.organization_id

    @staticmethod
    def resolve_name(obj: ItemUnit) -> str:
        return obj.organization.name if obj.organization is not None else obj.collective

    @staticmethod
    def resolve_collective(obj: ItemUnit) -> bool:
        return obj.is_collective


DeadlineKindValue = Annotated[Item.DeadlineKind, choices_schema(Item.DeadlineKind)]


class ItemOut(Schema):
    id: int
    version: int
    list_id: int
    number: str
    task: str
    category: ItemCategory
    category_text: str = Field(description="The category as the list writes it.")
    lead_unit: int = Field(description="The first lead unit that is an organization: it reports.")
    lead_unit_name: str
    lead_units: list[ItemUnitOut] = Field(description="The units that coordinate (牵头), in order.")
    responsible_units: list[ItemUnitOut] = Field(description="The units that carry it out (责任), in order.")
    supporting_units: list[ItemUnitOut] = Field(description="The units that support it (配合), in order.")
    co_units: list[int] = Field(description="The supporting units that are organizations.")
    target_text: str
    target_quantity: Decimal | None = Field(
        description="Empty for a yes/no deliverable (reported in percent)."
    )
    target_unit: str
    start_date: dt.date
    deadline: dt.date | None = Field(description="Empty for an ongoing item or one with only a start.")
    deadline_kind: DeadlineKindValue
    deadline_text: str = Field(description="The deadline as the list writes it.")
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
    def resolve_lead_units(obj: Item) -> list[ItemUnit]:
        return obj.lead_units

    @staticmethod
    def resolve_responsible_units(obj: Item) -> list[ItemUnit]:
        return obj.responsible_units

    @staticmethod
    def resolve_supporting_units(obj: Item) -> list[ItemUnit]:
        return obj.supporting_units

    @staticmethod
    def resolve_co_units(obj: Item) -> list[int]:
        return [unit.pk for unit in obj.co_units]


class EvidenceOut(Schema):
    id: int
    original_name: str
    content_type: str
    size: int
    sha256: str


class EntryOut(Schema):
    id: int
    version: int = Field(description="Counts the entry's writes; a correction or a review may name it.")
    item: int = Field(description="The item reported on.")
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
        return list(obj.evidence.all())


class AgreementReportOut(ProgressReportOut):
    """A progress report of an agreement as its ledger shows it: the report with its evidence files."""

    evidence: list[EvidenceOut]

    @staticmethod
    def resolve_evidence(obj: ProgressReport) -> list[Any]:
        return list(obj.evidence.all())


class EntryIn(InputSchema):
    year: Year
    month: int = Field(ge=1, le=12)
    value: Decimal = Field(ge=0, description="Cumulative value up to the end of the month.")
    narrative: str = ""
    version: Version | None = Field(
        None,
        description="Correcting the period's entry: the version read (or `If-Match`); 409 if written since.",
    )


class ReviewIn(InputSchema):
    comment: str = ""
    version: Version | None = Field(
        None, description="The version reviewed (or `If-Match`): an entry corrected since is a 409."
    )


class ItemFilters(Schema):
    unit: Id | None = None
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
def list_detail(request: HttpRequest, list_id: Id) -> Any:
    user = request_user(request)
    rlist = responsibility_list_get_for_user(user=user, list_id=list_id)
    return responsibility_list_list(user=user).get(pk=rlist.pk)


@router.get(
    "/lists/{list_id}/items",
    response={200: list[ItemOut], 404: ErrorOut},
    summary="Items of a list with status",
)
@paginate(Pagination)
def list_items(request: HttpRequest, list_id: Id, filters: Query[ItemFilters]) -> Any:
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
def item_detail(request: HttpRequest, item_id: Id) -> Any:
    return item_get_for_user(user=request_user(request), item_id=item_id)


@router.get(
    "/items/{item_id}/entries", response={200: list[EntryOut], 404: ErrorOut}, summary="An item's ledger"
)
def item_entries(request: HttpRequest, item_id: Id) -> Any:
    item = item_get_for_user(user=request_user(request), item_id=item_id)
    return list(entry_list(item=item))


@router.post(
    "/items/{item_id}/entries",
    response={201: EntryOut, **WRITE_RESPONSES},
    summary="Report progress on an item (its unit's reporter or the office)",
)
def entry_submit(request: HttpRequest, item_id: Id, payload: EntryIn, if_match: IfMatch = None) -> Any:
    """A new entry for the period, or a correction of its entry (submitted or returned)."""
    user = request_user(request)
    item = item_get_for_user(user=user, item_id=item_id)
    entry = services.ledger_entry_submit(
        version=expected_version(if_match, payload.version),
        actor=user,
        item=item,
        year=payload.year,
        month=payload.month,
        value=payload.value,
        narrative=payload.narrative,
    )
    return Status(201, entry_list(item=item).get(pk=entry.pk))


@router.get("/entries/{entry_id}", response={200: EntryOut, 404: ErrorOut}, summary="A ledger entry")
def entry_detail(request: HttpRequest, entry_id: Id, response: HttpResponse) -> Any:
    """The entry; its `ETag` is its version."""
    entry = entry_get_for_user(user=request_user(request), entry_id=entry_id)
    return with_etag(response, _entry_out(entry))


@router.post(
    "/entries/{entry_id}/accept", response={200: EntryOut, **WRITE_RESPONSES}, summary="Accept an entry"
)
def entry_accept(
    request: HttpRequest, entry_id: Id, payload: ReviewIn, response: HttpResponse, if_match: IfMatch = None
) -> Any:
    """Accept a submitted entry; with `If-Match` (or the body's `version`) only the version reviewed."""
    user = request_user(request)
    entry = entry_get_for_user(user=user, entry_id=entry_id)
    version = expected_version(if_match, payload.version)
    services.ledger_entry_accept(actor=user, entry=entry, comment=payload.comment, version=version)
    return with_etag(response, _entry_out(entry))


@router.post(
    "/entries/{entry_id}/return",
    response={200: EntryOut, **WRITE_RESPONSES},
    summary="Return an entry with a comment",
)
def entry_return(
    request: HttpRequest, entry_id: Id, payload: ReviewIn, response: HttpResponse, if_match: IfMatch = None
) -> Any:
    user = request_user(request)
    entry = entry_get_for_user(user=user, entry_id=entry_id)
    version = expected_version(if_match, payload.version)
    services.ledger_entry_return(actor=user, entry=entry, comment=payload.comment, version=version)
    return with_etag(response, _entry_out(entry))


def _entry_out(entry: LedgerEntry) -> LedgerEntry:
    """The entry re-read with its reporter and evidence."""
    return (
        LedgerEntry.objects.filter(pk=entry.pk)
        .select_related("reporter", "reviewed_by")
        .prefetch_related(Prefetch("evidence", queryset=EvidenceFile.objects.order_by("id")))
        .get()
    )


# --- the ledger of an agreement ---------------------------------------------------------


@router.get(
    "/agreements/{agreement_id}/entries",
    response={200: list[AgreementReportOut], 404: ErrorOut},
    summary="An agreement's ledger: all its progress reports (readers of its pairing)",
)
def agreement_entries(request: HttpRequest, agreement_id: Id) -> Any:
    """The reports for a period (percent complete, reviewed) and the dated reports of the agreement page,
    newest first: the same rows as `GET /api/agreements/{id}/progress-reports`."""
    agreement = agreement_get_for_ledger(user=request_user(request), agreement_id=agreement_id)
    return list(agreement_entry_list(agreement=agreement))


@router.post(
    "/agreements/{agreement_id}/entries",
    response={201: AgreementReportOut, **WRITE_RESPONSES},
    summary="Report an agreement's progress (percent complete, cumulative; the office of its pairing)",
)
def agreement_entry_submit(
    request: HttpRequest, agreement_id: Id, payload: EntryIn, if_match: IfMatch = None
) -> Any:
    user = request_user(request)
    agreement = agreement_get_for_ledger(user=user, agreement_id=agreement_id)
    report = services.agreement_entry_submit(
        version=expected_version(if_match, payload.version),
        actor=user,
        agreement=agreement,
        year=payload.year,
        month=payload.month,
        value=payload.value,
        narrative=payload.narrative,
    )
    return Status(201, _agreement_report_out(report))


@router.get(
    "/agreement-reports/{report_id}",
    response={200: AgreementReportOut, 404: ErrorOut},
    summary="A progress report of an agreement's ledger",
)
def agreement_report_detail(request: HttpRequest, report_id: Id, response: HttpResponse) -> Any:
    """The report; its `ETag` is its version."""
    report = agreement_report_get_for_user(user=request_user(request), report_id=report_id)
    return with_etag(response, _agreement_report_out(report))


@router.post(
    "/agreement-reports/{report_id}/accept",
    response={200: AgreementReportOut, **WRITE_RESPONSES},
    summary="Accept an agreement's period report (the office of its pairing)",
)
def agreement_report_accept(
    request: HttpRequest, report_id: Id, payload: ReviewIn, response: HttpResponse, if_match: IfMatch = None
) -> Any:
    user = request_user(request)
    report = agreement_report_get_for_user(user=user, report_id=report_id)
    version = expected_version(if_match, payload.version)
    services.ledger_entry_accept(actor=user, entry=report, comment=payload.comment, version=version)
    return with_etag(response, _agreement_report_out(report))


@router.post(
    "/agreement-reports/{report_id}/return",
    response={200: AgreementReportOut, **WRITE_RESPONSES},
    summary="Return an agreement's period report with a comment",
)
def agreement_report_return(
    request: HttpRequest, report_id: Id, payload: ReviewIn, response: HttpResponse, if_match: IfMatch = None
) -> Any:
    user = request_user(request)
    report = agreement_report_get_for_user(user=user, report_id=report_id)
    version = expected_version(if_match, payload.version)
    services.ledger_entry_return(actor=user, entry=report, comment=payload.comment, version=version)
    return with_etag(response, _agreement_report_out(report))


def _agreement_report_out(report: ProgressReport) -> ProgressReport:
    return agreement_entry_list(agreement=report.agreement).get(pk=report.pk)


# --- spot checks ---------------------------------------------------------

SpotResult = Annotated[SpotCheckResult.Result, choices_schema(SpotCheckResult.Result)]
Severity = Annotated[AuditFinding.Severity, choices_schema(AuditFinding.Severity)]


class SpotCheckResultOut(Schema):
    id: int
    item: int
    item_number: str
    lead_unit: int
    result: SpotResult
    note: str
    checked_at: dt.datetime | None

    @staticmethod
    def resolve_item(obj: SpotCheckResult) -> int:
        return obj.item_id

    @staticmethod
    def resolve_item_number(obj: SpotCheckResult) -> str:
        return obj.item.number

    @staticmethod
    def resolve_lead_unit(obj: SpotCheckResult) -> int:
        return obj.item.lead_unit_id


class SpotCheckOut(Schema):
    id: int
    list_id: int
    seed: int = Field(description="Re-drawing with this seed over the list's item ids gives the same sample.")
    sample_size: int
    drawn_item_ids: list[int]
    note: str
    created_at: dt.datetime
    results: list[SpotCheckResultOut]

    @staticmethod
    def resolve_list_id(obj: SpotCheck) -> int:
        return obj.responsibility_list_id

    @staticmethod
    def resolve_results(obj: SpotCheck) -> list[Any]:
        return list(obj.results.all())


class SpotCheckIn(InputSchema):
    sample_size: int = Field(ge=1, le=1000)
    seed: int | None = Field(None, ge=0, le=MAX_ID, description="Empty: a random seed (stored).")
    note: str = ""


class SpotCheckResultIn(InputSchema):
    result: SpotResult
    note: str = ""


def _full_list(request: HttpRequest, list_id: Id, *, write: bool = False) -> ResponsibilityList:
    """A list the caller reads in full (else 404); with `write`, one it writes (else 403)."""
    user = request_user(request)
    rlist = responsibility_list_get_for_user(user=user, list_id=list_id)
    scope = scope_for(user).lists
    if not scope.can_read_list(rlist):
        raise Http404(_("No such responsibility list."))
    if write and not scope.can_write_list(rlist):
        raise PermissionDenied(_("You may not change this responsibility list."))
    return rlist


def _spot_check_out(check: SpotCheck) -> SpotCheck:
    return spot_check_list(responsibility_list=check.responsibility_list).get(pk=check.pk)


@router.get(
    "/lists/{list_id}/spot-checks",
    response={200: list[SpotCheckOut], 404: ErrorOut},
    summary="Spot checks of a list, newest first",
)
@paginate(Pagination)
def spot_checks(request: HttpRequest, list_id: Id) -> Any:
    return spot_check_list(responsibility_list=_full_list(request, list_id))


@router.post(
    "/lists/{list_id}/spot-checks",
    response={201: SpotCheckOut, **WRITE_RESPONSES},
    summary="Draw items at random (the seed is stored)",
)
def spot_check_draw(request: HttpRequest, list_id: Id, payload: SpotCheckIn) -> Any:
    rlist = _full_list(request, list_id)
    check = services.spot_check_draw(
        actor=request_user(request),
        responsibility_list=rlist,
        sample_size=payload.sample_size,
        seed=payload.seed,
        note=payload.note,
    )
    return Status(201, _spot_check_out(check))


@router.get("/spot-checks/{check_id}", response={200: SpotCheckOut, 404: ErrorOut}, summary="A spot check")
def spot_check_detail(request: HttpRequest, check_id: Id) -> Any:
    return _spot_check_out(spot_check_get_for_user(user=request_user(request), check_id=check_id))


@router.post(
    "/spot-check-results/{result_id}",
    response={200: SpotCheckResultOut, **WRITE_RESPONSES},
    summary="Record a checked item: confirmed, or a discrepancy with a note",
)
def spot_check_record(request: HttpRequest, result_id: Id, payload: SpotCheckResultIn) -> Any:
    user = request_user(request)
    result = spot_check_result_get_for_user(user=user, result_id=result_id)
    services.spot_check_record(actor=user, result=result, outcome=payload.result, note=payload.note)
    return SpotCheckResult.objects.select_related("item").get(pk=result.pk)


# --- audit findings ---------------------------------------------------------


class RectificationOut(Schema):
    id: int
    date: dt.date
    text: str
    closes: bool
    reporter: str | None

    @staticmethod
    def resolve_reporter(obj: RectificationEntry) -> str | None:
        return obj.reporter.get_username() if obj.reporter else None


class FindingOut(Schema):
    id: int
    version: int
    list_id: int
    unit: int
    unit_name: str
    text: str
    severity: Severity
    deadline: dt.date
    closed_at: dt.datetime | None
    is_overdue: bool = Field(description="Open past its deadline.")
    rectification_count: int

    @staticmethod
    def resolve_list_id(obj: AuditFinding) -> int:
        return obj.responsibility_list_id

    @staticmethod
    def resolve_unit(obj: AuditFinding) -> int:
        return obj.unit_id

    @staticmethod
    def resolve_unit_name(obj: AuditFinding) -> str:
        return obj.unit.name


class FindingDetailOut(FindingOut):
    rectifications: list[RectificationOut]

    @staticmethod
    def resolve_rectifications(obj: AuditFinding) -> list[Any]:
        return list(obj.rectifications.select_related("reporter").order_by("date", "id"))


class FindingIn(InputSchema):
    unit: Id
    text: str
    severity: Severity = AuditFinding.Severity.MEDIUM
    deadline: dt.date


class RectificationIn(InputSchema):
    date: dt.date
    text: str


def _finding_out(finding: AuditFinding) -> AuditFinding:
    return audit_finding_list(responsibility_list=finding.responsibility_list).get(pk=finding.pk)


@router.get(
    "/lists/{list_id}/findings",
    response={200: list[FindingOut], 404: ErrorOut},
    summary="Audit findings of a list (overdue flagged)",
)
@paginate(Pagination)
def findings(request: HttpRequest, list_id: Id, overdue: bool = False) -> Any:
    return audit_finding_list(responsibility_list=_full_list(request, list_id), overdue_only=overdue)


@router.post(
    "/lists/{list_id}/findings",
    response={201: FindingDetailOut, **WRITE_RESPONSES},
    summary="Record an audit finding on a unit (the office)",
)
def finding_create(request: HttpRequest, list_id: Id, payload: FindingIn) -> Any:
    rlist = _full_list(request, list_id, write=True)
    unit = Organization.objects.filter(pk=payload.unit).first()
    if unit is None:
        raise ValidationError({"unit": _("No such organization.")})
    finding = services.audit_finding_create(
        actor=request_user(request),
        responsibility_list=rlist,
        unit=unit,
        text=payload.text,
        severity=payload.severity,
        deadline=payload.deadline,
    )
    return Status(201, _finding_out(finding))


@router.get("/findings/{finding_id}", response={200: FindingDetailOut, 404: ErrorOut}, summary="A finding")
def finding_detail(request: HttpRequest, finding_id: Id) -> Any:
    return _finding_out(audit_finding_get_for_user(user=request_user(request), finding_id=finding_id))


@router.post(
    "/findings/{finding_id}/rectifications",
    response={201: FindingDetailOut, **WRITE_RESPONSES},
    summary="Add a rectification entry (the office, or the finding's unit)",
)
def finding_rectify(request: HttpRequest, finding_id: Id, payload: RectificationIn) -> Any:
    user = request_user(request)
    finding = audit_finding_get_for_user(user=user, finding_id=finding_id)
    services.rectification_add(actor=user, finding=finding, date=payload.date, text=payload.text)
    return Status(201, _finding_out(finding))


@router.post(
    "/findings/{finding_id}/close",
    response={200: FindingDetailOut, **WRITE_RESPONSES},
    summary="Close a finding with a last rectification entry (the office)",
)
def finding_close(request: HttpRequest, finding_id: Id, payload: RectificationIn) -> Any:
    user = request_user(request)
    finding = audit_finding_get_for_user(user=user, finding_id=finding_id)
    services.audit_finding_close(actor=user, finding=finding, date=payload.date, text=payload.text)
    return _finding_out(finding)
