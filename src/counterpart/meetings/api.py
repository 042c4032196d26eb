"""Meetings of the pairings in the user's scope, with attendees, decisions and the agreements signed there."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from counterpart.core.api_auth import request_user
from counterpart.core.api_common import (
    MAX_NUMBER,
    ConflictOut,
    ErrorOut,
    Id,
    IfMatch,
    InputSchema,
    NamedRef,
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
from counterpart.core.extensions import contributions
from counterpart.geo.selectors import region_by_code
from counterpart.meetings.models import Attendance, Figure, Meeting
from counterpart.meetings.selectors import meeting_get_for_user, meeting_list
from counterpart.meetings.services import meeting_create, meeting_update
from counterpart.orgs.selectors import organization_in_bulk
from counterpart.pairings.selectors import pairing_get_for_user

router = Router(tags=["meetings"])

MeetingKind = Annotated[Meeting.Kind, choices_schema(Meeting.Kind)]
AttendanceRole = Annotated[Attendance.Role, choices_schema(Attendance.Role)]

WRITE_RESPONSES: dict[int, Any] = {403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ValidationErrorOut}


class MeetingOut(Schema):
    id: int
    version: int = Field(description="Counts the meeting's writes; a PATCH may name it (or `If-Match`).")
    kind: MeetingKind
    number: int | None = Field(description="The ordinal of a numbered meeting (9 for the 9th).")
    title: str
    title_en: str
    pairing: int | None = Field(description="The pairing's id; null for a meeting of one side.")
    host: NamedRef | None
    parent: int | None = Field(description="The meeting this one is part of.")
    date: dt.date
    end_date: dt.date | None
    place: str
    place_region: str | None = Field(description="The region code of the place.")
    agreement_count: int = Field(description="Agreements signed at this meeting itself.")

    @staticmethod
    def resolve_pairing(obj: Meeting) -> int | None:
        return obj.pairing_id

    @staticmethod
    def resolve_parent(obj: Meeting) -> int | None:
        return obj.parent_id

    @staticmethod
    def resolve_place_region(obj: Meeting) -> str | None:
        return obj.place_region.code if obj.place_region_id and obj.place_region else None


class AttendeeOut(Schema):
    person: int
    name: str
    name_en: str
    role: AttendanceRole
    title: str = Field(description="The title at the meeting, as written.")

    @staticmethod
    def resolve_person(obj: Attendance) -> int:
        return obj.person_id

    @staticmethod
    def resolve_name(obj: Attendance) -> str:
        return obj.person.name

    @staticmethod
    def resolve_name_en(obj: Attendance) -> str:
        return obj.person.name_en


class DecisionOut(Schema):
    id: int
    text: str
    order: int


class FigureOut(Schema):
    id: int
    what: str
    value: Decimal = Field(description="The value as stated, without its multiplier (340 for 340 万).")
    unit: str = Field(description="The unit as written, with its multiplier (万元, billion yuan).")
    span: list[int] | None = Field(description="[start, end) of the source sentence in the report read.")

    @staticmethod
    def resolve_span(obj: Figure) -> list[int] | None:
        if obj.span_start is None or obj.span_end is None:
            return None
        return [obj.span_start, obj.span_end]


class MeetingDetailOut(MeetingOut):
    summary: str
    source: str
    attendees: list[AttendeeOut]
    decisions: list[DecisionOut]
    figures: list[FigureOut]
    parts: list[int] = Field(description="Ids of the meetings that are part of this one.")
    agreements: list[int] = Field(description="Ids of the agreements signed at this meeting or its parts.")

    @staticmethod
    def resolve_attendees(obj: Meeting) -> list[Attendance]:
        return list(obj.attendances.all())

    @staticmethod
    def resolve_figures(obj: Meeting) -> list[Figure]:
        return list(obj.figures.all())

    @staticmethod
    def resolve_parts(obj: Meeting) -> list[int]:
        return [part.pk for part in obj.parts.all()]

    @staticmethod
    def resolve_agreements(obj: Meeting, context: dict[str, Any]) -> list[int]:
        user = request_user(context["request"])
        agreements = contributions("meeting", user=user, meeting=obj).get("agreements")
        return [] if agreements is None else list(agreements.values_list("pk", flat=True))


class MeetingIn(InputSchema):
    kind: MeetingKind
    title: str = Field(min_length=1)
    date: dt.date
    pairing: Id | None = Field(None, description="The pairing's id; omit for a meeting of one side.")
    host: Id | None = Field(None, description="The host organization's id.")
    parent: Id | None = Field(None, description="The id of the meeting this one is part of.")
    number: int | None = Field(None, ge=1, le=MAX_NUMBER)
    title_en: str = ""
    end_date: dt.date | None = None
    place: str = ""
    place_region: str | None = Field(None, description="The region code of the place (GB/T 2260).")
    summary: str = ""
    source: str = ""


class MeetingPatch(InputSchema):
    """The fields to change; fields left out stay as they are. Only the fields a meeting may lack take
    `null` (to clear them)."""

    version: Version = unchanged()
    kind: MeetingKind = unchanged()
    title: str = unchanged(min_length=1)
    date: dt.date = unchanged()
    pairing: Id | None = unchanged()
    host: Id | None = unchanged()
    parent: Id | None = unchanged()
    number: int | None = unchanged(ge=1, le=MAX_NUMBER)
    title_en: str = unchanged()
    end_date: dt.date | None = unchanged()
    place: str = unchanged()
    place_region: str | None = unchanged()
    summary: str = unchanged()
    source: str = unchanged()


def _resolve_references(user: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Replace ids and codes by objects. The pairing must be readable (404 otherwise, as for a URL); an
    unknown host, parent meeting or region code is a 422 naming the field. Nothing has been written yet."""
    errors = ValidationErrors()
    if data.get("pairing") is not None:
        data["pairing"] = pairing_get_for_user(user=user, pairing_id=data["pairing"])
    if data.get("host") is not None:
        host = organization_in_bulk(ids=[data["host"]]).get(data["host"])
        if host is None:
            errors.add("host", _("No organization with id %(id)s.") % {"id": data["host"]})
        data["host"] = host
    if data.get("parent") is not None:
        try:
            data["parent"] = meeting_get_for_user(user=user, meeting_id=data["parent"])
        except Http404:
            errors.add("parent", _("No meeting with id %(id)s.") % {"id": data["parent"]})
    if data.get("place_region") is not None:
        try:
            data["place_region"] = region_by_code(data["place_region"], field="place_region")
        except ValidationError as exc:
            for message in exc.message_dict.get("place_region", exc.messages):
                errors.add("place_region", message)
    errors.raise_if_any()
    return data


@router.get("", response=list[MeetingOut], summary="List meetings")
@paginate(Pagination)
def list_meetings(
    request: HttpRequest,
    pairing: Id | None = None,
    kind: MeetingKind | None = None,
    year: Year | None = None,
    q: str = "",
) -> Any:
    """Meetings in the user's scope, newest first; `pairing` (404 outside the scope) selects one pairing's,
    `q` searches titles and places."""
    user = request_user(request)
    if pairing is not None:
        pairing_get_for_user(user=user, pairing_id=pairing)
    return meeting_list(user=user, pairing_id=pairing, kind=kind or "", year=year, search=q.strip())


@router.get("/{meeting_id}", response={200: MeetingDetailOut, 404: ErrorOut}, summary="Get a meeting")
def get_meeting(request: HttpRequest, meeting_id: Id, response: HttpResponse) -> Any:
    """The meeting with its attendees, decisions and agreements; its `ETag` is its version."""
    return with_etag(response, meeting_get_for_user(user=request_user(request), meeting_id=meeting_id))


@router.post("", response={201: MeetingDetailOut, **WRITE_RESPONSES}, summary="Record a meeting")
def create_meeting(request: HttpRequest, payload: MeetingIn) -> Any:
    """A meeting of a pairing the user writes (403 when it only reads it)."""
    user = request_user(request)
    data = _resolve_references(user, payload.model_dump())
    meeting = meeting_create(actor=user, **data)
    return Status(201, meeting_get_for_user(user=user, meeting_id=meeting.pk))


@router.patch(
    "/{meeting_id}", response={200: MeetingDetailOut, **WRITE_RESPONSES}, summary="Change a meeting"
)
def update_meeting(
    request: HttpRequest,
    meeting_id: Id,
    payload: MeetingPatch,
    response: HttpResponse,
    if_match: IfMatch = None,
) -> Any:
    """Change the fields sent; with `If-Match` (or the body's `version`) older than the meeting's, a 409
    with what changed since."""
    user = request_user(request)
    meeting = meeting_get_for_user(user=user, meeting_id=meeting_id)
    changes = payload.model_dump(exclude_unset=True)
    version = expected_version(if_match, changes.pop("version", None))
    changes = _resolve_references(user, changes)
    meeting_update(actor=user, meeting=meeting, version=version, **changes)
    return with_etag(response, meeting_get_for_user(user=user, meeting_id=meeting.pk))
