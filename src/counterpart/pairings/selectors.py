"""Reads of pairings and of what a user may see: every list in the project is filtered through `Scope`."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Count, Q, QuerySet, Subquery
from django.http import Http404

from counterpart.pairings.models import Pairing, ScopeGrant


@dataclass(frozen=True)
class Scope:
    """The pairings (as path prefixes) a user reads and writes, the home regions of its office grants and the
    units it reports for. An assessor's scope is everything."""

    everything: bool = False
    read_paths: tuple[str, ...] = ()
    write_paths: tuple[str, ...] = ()
    home_regions: frozenset[int] = field(default_factory=frozenset)
    organizations: frozenset[int] = field(default_factory=frozenset)
    #: the read paths given by office and viewer grants, without those of reporter grants (a reporter reads
    #: its pairing, but in the ledgers only the items of its unit).
    full_read_paths: tuple[str, ...] = ()

    def pairing_q(self, prefix: str = "", *, write: bool = False) -> Q:
        """A filter on pairings in scope; `prefix` is the lookup path to the pairing ("pairing__")."""
        if self.everything:
            return Q()
        paths = self.write_paths if write else self.read_paths
        if not paths:
            return Q(pk__in=[])
        return reduce(or_, (Q(**{f"{prefix}path__startswith": p}) for p in paths))

    def can_read(self, pairing: Pairing | None) -> bool:
        return self.everything or (pairing is not None and pairing.path.startswith(self.read_paths))

    def can_write(self, pairing: Pairing | None) -> bool:
        return self.everything or (
            pairing is not None and bool(self.write_paths) and pairing.path.startswith(self.write_paths)
        )


NO_SCOPE = Scope()
_CACHE_ATTR = "_counterpart_scope"


def scope_for(user: Any) -> Scope:
    """The user's scope, computed with one query and cached on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", True):
        return NO_SCOPE
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    if user.is_superuser:
        scope = Scope(everything=True)
    else:
        grants = list(ScopeGrant.objects.filter(user=user).select_related("pairing"))
        if any(g.role == ScopeGrant.Role.ASSESSOR for g in grants):
            scope = Scope(everything=True)
        else:
            read, full_read, write, regions, orgs = set(), set(), set(), set(), set()
            for g in grants:
                if g.role == ScopeGrant.Role.REPORTER and g.organization_id:
                    orgs.add(g.organization_id)
                if g.pairing is None:
                    continue
                read.add(g.pairing.path)
                if g.role != ScopeGrant.Role.REPORTER:
                    full_read.add(g.pairing.path)
                if g.role == ScopeGrant.Role.OFFICE:
                    write.add(g.pairing.path)
                    region = g.pairing.helped_region_id if g.side == "helped" else g.pairing.helper_region_id
                    if region:
                        regions.add(region)
            scope = Scope(
                read_paths=tuple(sorted(read)),
                write_paths=tuple(sorted(write)),
                home_regions=frozenset(regions),
                organizations=frozenset(orgs),
                full_read_paths=tuple(sorted(full_read)),
            )
    setattr(user, _CACHE_ATTR, scope)
    return scope


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
        term = search.strip()
        qs = qs.filter(
            Q(helper_region__name__icontains=term)
            | Q(helped_region__name__icontains=term)
            | Q(helper_region__name_en__icontains=term)
            | Q(helped_region__name_en__icontains=term)
            | Q(helper_org__name__icontains=term)
            | Q(helped_org__name__icontains=term)
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
