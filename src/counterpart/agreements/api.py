"""Agreements of the pairings in the user's scope, with parties, milestones and progress reports."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from counterpart.agreements.models import Agreement, AgreementParty, ProgressReport
from counterpart.agreements.selectors import (
    SORTS,
    agreement_get_for_user,
    agreement_list,
    progress_report_list,
    stall_reason,
)
from counterpart.agreements.services import agreement_create, agreement_update, progress_report_submit
from counterpart.core.api_auth import request_user
from counterpart.core.api_common import (
    ConflictOut,
    ErrorOut,
    Id,
    IfMatch,
    InputSchema,
    Pagination,
    ValidationErrorOut,
    ValidationErrors,
    Version,
    Year,
    choices_schema,
    expected_version,
    unchanged,
    with_etag,
)
from counterpart.meetings.selectors import meeting_get_for_user
from counterpart.orgs.selectors import organization_in_bulk
from counterpart.pairings.selectors import pairing_get_for_user

router = Router(tags=["agreements"])

PartyRole = Annotated[AgreementParty.Role, choices_schema(AgreementParty.Role)]
AgreementKind = Annotated[Agreement.Kind, choices_schema(Agreement.Kind)]
AgreementSector = Annotated[Agreement.Sector, choices_schema(Agreement.Sector)]
AgreementStatus = Annotated[Agreement.Status, choices_schema(Agreement.Status)]

WRITE_RESPONSES: dict[int, Any] = {403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ValidationErrorOut}


class PartyOut(Schema):
    organization: int
    name: str
    name_en: str
    role: PartyRole

    @staticmethod
    def resolve_organization(obj: AgreementParty) -> int:
        return obj.organization_id

    @staticmethod
    def resolve_name(obj: AgreementParty) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_name_en(obj: AgreementParty) -> str:
        return obj.organization.name_en


class AgreementOut(Schema):
    id: int
    version: int = Field(description="Counts the agreement's writes; a PATCH may name it (or `If-Match`).")
    title: str
    title_en: str
    title_ja: str
    kind: AgreementKind
    sector: AgreementSector
    status: AgreementStatus
    is_stalled: bool = Field(
        description="Marked stalled, or still active with an overdue milestone or no recent progress report."
    )
    last_report_date: dt.date | None
    pairing: int
    meeting: int | None = Field(description="The meeting it was signed at.")
    signed_date: dt.date | None
    start_date: dt.date | None
    end_date: dt.date | None
    value: Decimal | None
    currency: str
    parties: list[PartyOut]

    @staticmethod
    def resolve_pairing(obj: Agreement) -> int:
        return obj.pairing_id

    @staticmethod
    def resolve_meeting(obj: Agreement) -> int | None:
        return obj.meeting_id


class MilestoneOut(Schema):
    id: int
    version: int
    what: str
    due_date: dt.date
    done_date: dt.date | None


class ProgressReportOut(Schema):
    """A dated report (no period, value or review) or a report of the agreement's ledger for a period."""

    id: int
    version: int
    agreement: int
    reported_on: dt.date = Field(description="The report's date; for a period report, when last submitted.")
    text: str
    status_after: str = Field(description="The status the report moved the agreement to, if any.")
    reporter: str | None = Field(description="The reporting user's username.")
    created_at: dt.datetime
    year: int | None = Field(description="The period reported on (empty for a dated report).")
    month: int | None
    value: Decimal | None = Field(description="Percent complete at the period's end (cumulative).")
    review_status: str = Field(description="submitted, accepted or returned; empty for a dated report.")
    review_comment: str
    submitted_at: dt.datetime | None
    reviewed_at: dt.datetime | None
    generated: bool

    @staticmethod
    def resolve_agreement(obj: ProgressReport) -> int:
        return obj.agreement_id

    @staticmethod
    def resolve_reporter(obj: ProgressReport) -> str | None:
        return obj.reporter.get_username() if obj.reporter_id and obj.reporter else None


class AgreementDetailOut(AgreementOut):
    summary: str
    source: str
    stall_reason: str = Field(description="Why it is flagged stalled; empty when it is not.")
    milestones: list[MilestoneOut]
    progress_reports: list[ProgressReportOut]

    @staticmethod
    def resolve_stall_reason(obj: Agreement) -> str:
        return stall_reason(obj)

    @staticmethod
    def resolve_progress_reports(obj: Agreement) -> list[ProgressReport]:
        return list(progress_report_list(agreement=obj))


class PartyIn(InputSchema):
    organization: Id = Field(description="The organization's id.")
    role: PartyRole = AgreementParty.Role.PARTY


class MilestoneIn(InputSchema):
    what: str = Field(min_length=1)
    due_date: dt.date


class AgreementIn(InputSchema):
    pairing: Id = Field(description="The pairing's id.")
    title: str = Field(min_length=1)
    parties: list[PartyIn] = Field(description="Two or more distinct organizations with their roles.")
    kind: AgreementKind = Agreement.Kind.COOPERATION
    sector: AgreementSector = Agreement.Sector.GENERAL
    meeting: Id | None = Field(None, description="The id of the meeting it was signed at.")
    signed_date: dt.date | None = Field(None, description="Defaults to the meeting's date.")
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    value: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=2)
    currency: str = "CNY"
    status: AgreementStatus = Agreement.Status.SIGNED
    summary: str = ""
    title_en: str = ""
    title_ja: str = ""
    milestones: list[MilestoneIn] = Field(default_factory=list)
    source: str = ""


class AgreementPatch(InputSchema):
    """The fields to change; fields left out stay as they are. `parties`, when given, replaces the list.
    Only the fields an agreement may lack take `null` (to clear them)."""

    version: Version = unchanged()
    title: str = unchanged(min_length=1)
    parties: list[PartyIn] = unchanged()
    kind: AgreementKind = unchanged()
    sector: AgreementSector = unchanged()
    meeting: Id | None = unchanged()
    signed_date: dt.date | None = unchanged()
    start_date: dt.date | None = unchanged()
    end_date: dt.date | None = unchanged()
    value: Decimal | None = unchanged(ge=0, max_digits=16, decimal_places=2)
    currency: str = unchanged()
    status: AgreementStatus = unchanged()
    summary: str = unchanged()
    title_en: str = unchanged()
    title_ja: str = unchanged()
    source: str = unchanged()


class ProgressReportIn(InputSchema):
    reported_on: dt.date
    text: str = Field(min_length=1)
    status_after: AgreementStatus | None = Field(None, description="Move the agreement to this status.")


class AgreementFilters(Schema):
    pairing: Id | None = Field(None, description="A pairing's id; its direct sub-pairings are included.")
    subpairings: bool = Field(True, description="Include the agreements of the pairing's sub-pairings.")
    meeting: Id | None = Field(None, description="A meeting's id; agreements signed at its parts too.")
    kind: AgreementKind | None = None
    sector: AgreementSector | None = None
    status: AgreementStatus | None = Field(
        None, description="`stalled` selects the computed flag (marked stalled or overdue)."
    )
    stalled: bool | None = None
    year: Year | None = Field(None, description="The year of signing.")
    q: str = Field("", description="Searches titles, summary and the parties' names.")
    sort: str = Field("-signed", description=f"One of {', '.join(SORTS)}.")


def _resolve_references(user: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Replace ids by objects. The pairing must be readable (404 otherwise, as for a URL); an unknown
    organization or meeting is a 422 naming the field. Nothing has been written yet."""
    errors = ValidationErrors()
    if data.get("pairing") is not None:
        data["pairing"] = pairing_get_for_user(user=user, pairing_id=data["pairing"])
    if data.get("meeting") is not None:
        try:
            data["meeting"] = meeting_get_for_user(user=user, meeting_id=data["meeting"])
        except Http404:
            errors.add("meeting", _("No meeting with id %(id)s.") % {"id": data["meeting"]})
    if data.get("parties") is not None:
        organizations = organization_in_bulk(ids=[party["organization"] for party in data["parties"]])
        parties = []
        for number, party in enumerate(data["parties"], start=1):
            organization = organizations.get(party["organization"])
            if organization is None:
                errors.add(
                    "parties",
                    _("Party %(number)s: no organization with id %(id)s.")
                    % {"number": number, "id": party["organization"]},
                )
            parties.append((organization, party["role"]))
        data["parties"] = parties
    if "milestones" in data:
        data["milestones"] = [(m["what"], m["due_date"]) for m in data["milestones"]]
    errors.raise_if_any()
    return data


@router.get("", response=list[AgreementOut], summary="List agreements")
@paginate(Pagination)
def list_agreements(request: HttpRequest, filters: Query[AgreementFilters]) -> Any:
    """Agreements in the user's scope with their parties, stall flag and last report date. A `pairing` or
    `meeting` outside the scope is a 404."""
    user = request_user(request)
    if filters.sort not in SORTS:
        errors = ValidationErrors()
        errors.add("sort", _("Unknown sort; use one of %(sorts)s.") % {"sorts": ", ".join(SORTS)})
        errors.raise_if_any()
    if filters.pairing is not None:
        pairing_get_for_user(user=user, pairing_id=filters.pairing)
    if filters.meeting is not None:
        meeting_get_for_user(user=user, meeting_id=filters.meeting)
    return agreement_list(
        user=user,
        pairing_id=filters.pairing,
        include_subpairings=filters.subpairings,
        meeting_id=filters.meeting,
        kind=filters.kind or "",
        sector=filters.sector or "",
        status=filters.status or "",
        stalled=filters.stalled,
        year=filters.year,
        search=filters.q.strip(),
        sort=filters.sort,
    )


@router.get("/{agreement_id}", response={200: AgreementDetailOut, 404: ErrorOut}, summary="Get an agreement")
def get_agreement(request: HttpRequest, agreement_id: Id, response: HttpResponse) -> Any:
    """The agreement with its parties, milestones and progress reports (newest first); its `ETag` is its
    version."""
    return with_etag(response, agreement_get_for_user(user=request_user(request), agreement_id=agreement_id))


@router.post("", response={201: AgreementDetailOut, **WRITE_RESPONSES}, summary="Record an agreement")
def create_agreement(request: HttpRequest, payload: AgreementIn) -> Any:
    """An agreement of a pairing the user writes (403 when it only reads it), with two or more parties."""
    user = request_user(request)
    data = _resolve_references(user, payload.model_dump())
    agreement = agreement_create(actor=user, **data)
    return Status(201, agreement_get_for_user(user=user, agreement_id=agreement.pk))


@router.patch(
    "/{agreement_id}", response={200: AgreementDetailOut, **WRITE_RESPONSES}, summary="Change an agreement"
)
def update_agreement(
    request: HttpRequest,
    agreement_id: Id,
    payload: AgreementPatch,
    response: HttpResponse,
    if_match: IfMatch = None,
) -> Any:
    """Change the fields sent. With `If-Match` (or the body's `version`) naming an older version than the
    agreement's, nothing is changed: 409 with what changed since. Without either, the fields sent are
    changed on the agreement as it is now (a field someone else changed meanwhile stays theirs)."""
    user = request_user(request)
    agreement = agreement_get_for_user(user=user, agreement_id=agreement_id)
    changes = payload.model_dump(exclude_unset=True)
    version = expected_version(if_match, changes.pop("version", None))
    if (
        "parties" in payload.model_fields_set
    ):  # exclude_unset reaches into the parties too: keep their default roles
        changes["parties"] = [party.model_dump() for party in payload.parties]
    changes = _resolve_references(user, changes)
    agreement_update(actor=user, agreement=agreement, version=version, **changes)
    return with_etag(response, agreement_get_for_user(user=user, agreement_id=agreement.pk))


@router.get(
    "/{agreement_id}/progress-reports",
    response=list[ProgressReportOut],
    summary="List progress reports",
)
@paginate(Pagination)
def list_progress_reports(request: HttpRequest, agreement_id: Id) -> Any:
    agreement = agreement_get_for_user(user=request_user(request), agreement_id=agreement_id)
    return progress_report_list(agreement=agreement)


@router.post(
    "/{agreement_id}/progress-reports",
    response={201: ProgressReportOut, **WRITE_RESPONSES},
    summary="Report progress",
)
def submit_progress_report(request: HttpRequest, agreement_id: Id, payload: ProgressReportIn) -> Any:
    """A dated report, no earlier than the signing and not in the future; it may move the status on."""
    user = request_user(request)
    agreement = agreement_get_for_user(user=user, agreement_id=agreement_id)
    report = progress_report_submit(
        actor=user,
        agreement=agreement,
        reported_on=payload.reported_on,
        text=payload.text,
        status_after=payload.status_after or "",
    )
    return Status(201, report)
