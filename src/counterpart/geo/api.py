"""Regions: a read-only lookup for every signed-in user (the national tree: 665k regions)."""

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from counterpart.core.api_common import MAX_PAGE_SIZE, ErrorOut, Pagination, choices_schema
from counterpart.geo.models import Region
from counterpart.geo.selectors import SEARCH_LIMIT, region_chain, region_children, region_list, region_search

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


class RegionStep(Schema):
    code: str
    name: str = Field(description="The name in the request's language (zh-Hans when it has none).")


class RegionHit(RegionOut):
    path: list[RegionStep] = Field(
        description="The chain from the province down to this region (贵州省 › 六盘水市 › 水城区)."
    )
    reason: str = Field("", description="Why it was found (an exact name, an alias …); empty: by code.")
    successor: str | None = Field(None, description="The code that replaced this one (a former code).")

    @staticmethod
    def resolve_path(obj: Any) -> list[RegionStep]:
        return [RegionStep(code=r.code, name=r.display_name) for r in region_chain(obj)]

    @staticmethod
    def resolve_successor(obj: Region) -> str | None:
        return obj.successor.code if obj.successor_id and obj.successor else None


class RegionChildOut(RegionOut):
    child_count: int = Field(description="How many regions lie directly under it.")


class SearchIn(Schema):
    q: str = Field(
        ..., min_length=1, max_length=100, description="A name (any language), alias or code prefix."
    )
    level: RegionLevel | None = None
    limit: int = Field(SEARCH_LIMIT, ge=1, le=100)


@router.get("", response=list[RegionOut], summary="List regions")
@paginate(Pagination)
def list_regions(request: HttpRequest, code: str = "", q: str = "") -> object:
    """Regions by exact `code`, or found by `q` (a name in any language, an alias or a code prefix; the
    best 500 as `/api/regions/search` ranks them)."""
    if q.strip() and not code.strip():
        return [region for region, _c in region_search(q, limit=MAX_PAGE_SIZE)]
    return region_list(code=code.strip(), search=q.strip())


@router.get("/search", response=list[RegionHit], summary="Search regions (for a picker)")
def search_regions(request: HttpRequest, filters: Query[SearchIn]) -> Any:
    """The best `limit` regions for `q`, each with its parent chain, so that two villages named 新村 can be
    told apart: an exact name in any language, an exact alias (a former name, a short form), a name
    starting with `q`, a name or alias containing it; digits are a code prefix. Higher levels first."""
    hits = region_search(filters.q, limit=filters.limit, level=filters.level or "")
    for region, candidate in hits:
        region.reason = candidate.reason if candidate else ""  # type: ignore[attr-defined]
    return [region for region, _c in hits]


@router.get(
    "/{code}/children",
    response={200: list[RegionChildOut], 404: ErrorOut},
    summary="The regions directly under a region",
)
@paginate(Pagination)
def region_children_list(request: HttpRequest, code: str) -> Any:
    """`code` `root` gives the provinces."""
    parent = None if code == "root" else get_object_or_404(Region, code=code)
    return region_children(parent).select_related("parent")
