"""Pairings: the ones in the user's scope."""

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from counterpart.core.api_auth import request_user
from counterpart.core.api_common import ErrorOut, Id, Pagination, choices_schema
from counterpart.pairings.models import Pairing
from counterpart.pairings.selectors import pairing_children, pairing_get_for_user, pairing_list

router = Router(tags=["pairings"])

PairingLevel = Annotated[Pairing.Level, choices_schema(Pairing.Level)]
PairingProgramme = Annotated[Pairing.Programme, choices_schema(Pairing.Programme)]


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
