"""Reads of organizations and people: lookups open to every signed-in user (names are not scoped data)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from counterpart.core.names import name_search_q
from counterpart.orgs.models import Organization


def organization_list(*, search: str = "", kind: str = "") -> QuerySet[Organization]:
    """Organizations by name in any language or alias, with their region."""
    qs = Organization.objects.select_related("region")
    if search.strip():
        qs = qs.filter(name_search_q(Organization, search))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("name", "id")


def organization_in_bulk(*, ids: Iterable[int]) -> dict[int, Organization]:
    """The organizations with these ids, by id, in one query (missing ids are simply absent)."""
    return Organization.objects.in_bulk(list(set(ids)))
