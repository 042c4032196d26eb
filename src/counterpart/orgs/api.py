"""Organizations: a read-only lookup for every signed-in user."""

from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from counterpart.core.api_common import Pagination, choices_schema
from counterpart.orgs.models import Organization
from counterpart.orgs.selectors import organization_list

router = Router(tags=["organizations"])

OrganizationKind = Annotated[Organization.Kind, choices_schema(Organization.Kind)]


class OrganizationOut(Schema):
    id: int
    name: str
    name_zh_hant: str
    name_en: str
    name_ja: str
    kind: OrganizationKind
    region: str | None = Field(None, description="The region's code.")
    parent: int | None = Field(None, description="The parent organization's id.")

    @staticmethod
    def resolve_region(obj: Organization) -> str | None:
        return obj.region.code if obj.region_id and obj.region else None

    @staticmethod
    def resolve_parent(obj: Organization) -> int | None:
        return obj.parent_id


@router.get("", response=list[OrganizationOut], summary="List organizations")
@paginate(Pagination)
def list_organizations(request: HttpRequest, q: str = "", kind: str = "") -> object:
    """Organizations whose name in any language, or an alias, contains `q`."""
    return organization_list(search=q, kind=kind)
