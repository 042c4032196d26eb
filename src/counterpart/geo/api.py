"""Regions: a read-only lookup for every signed-in user."""

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from counterpart.core.api_common import Pagination, choices_schema
from counterpart.geo.models import Region
from counterpart.geo.selectors import region_list

router = Router(tags=["regions"])

RegionLevel = Annotated[Region.Level, choices_schema(Region.Level)]


class RegionOut(Schema):
    id: int
    code: str
    name: str
    name_zh_hant: str
    name_en: str
    name_ja: str
    level: RegionLevel
    parent: str | None = Field(None, description="The parent region's code.")
    valid_from: dt.date | None
    valid_to: dt.date | None

    @staticmethod
    def resolve_parent(obj: Region) -> str | None:
        return obj.parent.code if obj.parent_id and obj.parent else None


@router.get("", response=list[RegionOut], summary="List regions")
@paginate(Pagination)
def list_regions(request: HttpRequest, code: str = "", q: str = "") -> object:
    """Regions by exact `code`, or whose name (any language) contains `q` or whose code starts with it."""
    return region_list(code=code.strip(), search=q.strip())
