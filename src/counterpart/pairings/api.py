"""Pairings: the ones in the user's scope."""

import datetime as dt
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from counterpart.core.api_auth import request_user
from counterpart.core.api_common import (
    ErrorOut,
    Id,
    InputSchema,
    Pagination,
    ValidationErrorOut,
    ValidationErrors,
    choices_schema,
)
from counterpart.geo.selectors import region_by_code
from counterpart.orgs.selectors import organization_in_bulk
from counterpart.pairings.models import Pairing
from counterpart.pairings.selectors import pairing_children, pairing_get_for_user, pairing_list
from counterpart.pairings.services import pairing_create

router = Router(tags=["pairings"])

PairingLevel = Annotated[Pairing.Level, choices_schema(Pairing.Level)]
PairingProgramme = Annotated[Pairing.Programme, choices_schema(Pairing.Programme)]
WRITE_RESPONSES: dict[int, Any] = {403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}


class PairingSide(Schema):
    """One side of a pairing: a region (with its code) or an organization."""

    type: str = Field(description="`region` or `organization`.")
    id: int
    code: str | None = Field(None, description="The region code (regions only).")
    name: str
    name_en: str


def _side(region: Any, org: Any) -> PairingSide | None:
    if org is not None:
        return PairingSide(type="organization", id=org.pk, code=None, name=org.name, name_en=org.name_en)
    if region is not None:
        return PairingSide(
            type="region", id=region.pk, code=region.code, name=region.name, name_en=region.name_en
        )
    return None


class PairingOut(Schema):
    id: int
    level: PairingLevel
    programme: PairingProgramme
    helper: PairingSide | None
    helped: PairingSide | None
    parent: int | None = Field(None, description="The id of the pairing this one sits under.")
    start_date: dt.date | None
    end_date: dt.date | None
    meeting_count: int = Field(description="Meetings of this pairing itself.")
    agreement_count: int = Field(description="Agreements of this pairing itself.")

    @staticmethod
    def resolve_helper(obj: Pairing) -> PairingSide | None:
        return _side(obj.helper_region, obj.helper_org)

    @staticmethod
    def resolve_helped(obj: Pairing) -> PairingSide | None:
        return _side(obj.helped_region, obj.helped_org)

    @staticmethod
    def resolve_parent(obj: Pairing) -> int | None:
        return obj.parent_id


class PairingDetailOut(PairingOut):
    note: str
    children: list[int] = Field(description="Ids of the sub-pairings the user may read.")

    @staticmethod
    def resolve_children(obj: Pairing, context: dict[str, Any]) -> list[int]:
        user = request_user(context["request"])
        return list(pairing_children(user=user, pairing=obj).values_list("pk", flat=True))


@router.get("", response=list[PairingOut], summary="List pairings")
@paginate(Pagination)
def list_pairings(request: HttpRequest, q: str = "") -> Any:
    """The pairings in the user's scope; `q` searches the names of both sides."""
    return pairing_list(user=request_user(request), search=q)


@router.get("/{pairing_id}", response={200: PairingDetailOut, 404: ErrorOut}, summary="Get a pairing")
def get_pairing(request: HttpRequest, pairing_id: Id) -> Any:
    """The pairing with the ids of its sub-pairings; 404 when it is outside the user's scope."""
    return pairing_get_for_user(user=request_user(request), pairing_id=pairing_id)


class PairingIn(InputSchema):
    """Each side is a region (its code: any region of the national tree, `GET /api/regions/search`) or an
    organization (its id)."""

    level: PairingLevel
    programme: PairingProgramme
    helper_region: str | None = Field(None, max_length=12, description="The helping region's code.")
    helped_region: str | None = Field(None, max_length=12, description="The helped region's code.")
    helper_org: Id | None = Field(None, description="The helping organization's id.")
    helped_org: Id | None = Field(None, description="The helped organization's id.")
    parent: Id | None = Field(None, description="The pairing this one sits under (one you write).")
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    note: str = ""


def _resolve_sides(user: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Codes and ids → objects; an unknown one is a 422 naming its field, a parent outside the scope a 404."""
    errors = ValidationErrors()
    if data.get("parent") is not None:  # as for a URL: 404 outside the scope
        data["parent"] = pairing_get_for_user(user=user, pairing_id=data["parent"])
    for name in ("helper_region", "helped_region"):
        if data.get(name):
            try:
                data[name] = region_by_code(data[name], field=name)
            except ValidationError as exc:
                for message in exc.message_dict.get(name, exc.messages):
                    errors.add(name, message)
        else:
            data[name] = None
    orgs = organization_in_bulk(ids=[data[n] for n in ("helper_org", "helped_org") if data.get(n)])
    for name in ("helper_org", "helped_org"):
        if data.get(name) is not None:
            if data[name] not in orgs:
                errors.add(name, _("No organization with id %(id)s.") % {"id": data[name]})
            data[name] = orgs.get(data[name])
    errors.raise_if_any()
    return data


@router.post("", response={201: PairingDetailOut, **WRITE_RESPONSES}, summary="Create a pairing")
def create_pairing(request: HttpRequest, payload: PairingIn) -> Any:
    """A top-level pairing (assessors), or a sub-pairing under one the user writes (403 otherwise)."""
    user = request_user(request)
    pairing = pairing_create(actor=user, **_resolve_sides(user, payload.model_dump()))
    return Status(201, pairing_get_for_user(user=user, pairing_id=pairing.pk))
