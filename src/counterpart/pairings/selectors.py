"""Reads of pairings, each filtered by what the user may see (`pairings.scope`)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet, Subquery
from django.http import Http404

from counterpart.core.names import name_search_q
from counterpart.geo.models import Region
from counterpart.orgs.models import Organization
from counterpart.pairings.models import Pairing, ScopeGrant
from counterpart.pairings.scope import scope_for


def pairing_list(*, user: Any, search: str = "") -> QuerySet[Pairing]:
    qs = (
        Pairing.objects.filter(scope_for(user).pairing_q())
        .select_related("helper_region", "helped_region", "helper_org", "helped_org", "parent")
        .annotate(
            meeting_count=Count("meetings", distinct=True),
            agreement_count=Count("agreements", distinct=True),
        )
        .order_by("path")
    )
    if search:
        # Either side's region or organization, by a name in any language or an alias (`core.names`).
        regions = Region.objects.filter(name_search_q(Region, search)).values("pk")
        orgs = Organization.objects.filter(name_search_q(Organization, search)).values("pk")
        qs = qs.filter(
            Q(helper_region__in=regions)
            | Q(helped_region__in=regions)
            | Q(helper_org__in=orgs)
            | Q(helped_org__in=orgs)
        )
    return qs


def pairing_get_for_user(*, user: Any, pairing_id: int) -> Pairing:
    """The pairing if the user may read it; 404 otherwise (not 403: do not reveal it exists)."""
    try:
        return pairing_list(user=user).get(pk=pairing_id)
    except Pairing.DoesNotExist as exc:
        raise Http404("No such pairing.") from exc


def pairing_children(*, user: Any, pairing: Pairing) -> QuerySet[Pairing]:
    return pairing_list(user=user).filter(parent=pairing)


def pairing_subtree_q(pairing: Pairing | int, prefix: str = "") -> Q:
    """Rows of the pairing and of every pairing under it, at any depth (a prefix match on `path`). Given an
    id, the path is read in a subquery, so no extra round trip."""
    if isinstance(pairing, Pairing):
        return Q(**{f"{prefix}path__startswith": pairing.path})
    path = Pairing.objects.filter(pk=pairing).values("path")[:1]
    return Q(**{f"{prefix}path__startswith": Subquery(path)})


_SIDES = ("helper_region", "helped_region", "helper_org", "helped_org")


def pairing_choices(*, user: Any, write: bool = False) -> QuerySet[Pairing]:
    """Pairings the user reads (or, with `write`, writes) for a select box: both sides, no counts."""
    return (
        Pairing.objects.filter(scope_for(user).pairing_q(write=write))
        .select_related(*_SIDES)
        .order_by("path")
    )


_ROLES_ATTR = "_counterpart_roles"


def user_roles(*, user: Any) -> list[str]:
    """The labels of the user's roles (a superuser counts as a national assessor), cached on the user."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, _ROLES_ATTR, None)
    if cached is not None:
        return cached
    labels = dict(ScopeGrant.Role.choices)
    values = set(ScopeGrant.objects.filter(user=user).values_list("role", flat=True).distinct())
    if user.is_superuser:
        values.add(ScopeGrant.Role.ASSESSOR)
    roles = [str(labels[value]) for value in ScopeGrant.Role.values if value in values]
    setattr(user, _ROLES_ATTR, roles)
    return roles


def pairing_table(*, user: Any, search: str = "") -> QuerySet[Pairing]:
    """`pairing_list` with the parent pairing's sides read too, for tables that name the parent."""
    return pairing_list(user=user, search=search).select_related(*(f"parent__{side}" for side in _SIDES))
