"""What a user may see and do: one `Scope` per user and request, built from its grants with one query.

Every list in the project is filtered through it and every permission question is one of its methods; views
ask it, never compute it. It has three facets:

- the **pairings** (the scope itself): the pairings, as path prefixes, the user reads and writes. An
  assessor (or superuser) reads and writes everything; an office user its pairings and their sub-pairings;
  a viewer reads its pairings.
- `scope.lists` (**responsibility lists and ledgers**): an office user reads and writes the lists of its
  pairings, and the lists without a pairing whose owner organization lies in the office's home region
  (Dalian's own ecological list); a viewer reads the lists of its pairings; a unit reporter (a `reporter`
  grant naming an organization) reads only the items its unit leads, their lists by title, and reports on
  those items — its grant's pairing gives it no further reach there.
- `scope.registry` (**the filed-and-carded registry**): a user sees the households of villages under the
  helped regions of the pairings it reads. Villages are matched by region-code prefix (520200 → "5202…"),
  one indexed `LIKE 'p%'` per region rather than a walk of the region tree. Recording households, importing
  files and seeing ID numbers in clear are for the office of the helped side (its home region) and
  assessors only. Built on first use (one query).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, reduce
from operator import or_
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q

from counterpart.geo.selectors import region_prefix
from counterpart.pairings.models import Pairing, ScopeGrant


def _paths_q(lookup: str, paths: tuple[str, ...]) -> Q:
    """Rows whose `lookup` (a path) starts with one of `paths`; nothing when there are none."""
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{lookup}__startswith": p}) for p in paths))


@dataclass(frozen=True)
class ListsFacet:
    """Responsibility lists, their items and the agreement ledgers (see the module's docstring)."""

    everything: bool = False
    read_paths: tuple[str, ...] = ()
    write_paths: tuple[str, ...] = ()
    #: regions of the user's office grants: lists without a pairing owned by an organization there.
    home_regions: frozenset[int] = field(default_factory=frozenset)
    #: units the user reports for.
    units: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_reporter_only(self) -> bool:
        return not self.everything and not self.read_paths and not self.home_regions and bool(self.units)

    @property
    def is_reporter(self) -> bool:
        """The user reports for a unit (it may also read lists in full)."""
        return bool(self.units)

    def can_create(self) -> bool:
        """Create (or import) a list: an assessor, or an office of some pairing or home region."""
        return self.everything or bool(self.write_paths) or bool(self.home_regions)

    def pairing_q(self, prefix: str = "", *, write: bool = False) -> Q:
        """Rows (plans, lists, agreements) by their pairing alone; `prefix`: the lookup path to the row."""
        return _paths_q(f"{prefix}pairing__path", self.write_paths if write else self.read_paths)

    def list_q(self, prefix: str = "", *, write: bool = False) -> Q:
        """Lists read (or written) in full; `prefix` is the lookup path to the list."""
        if self.everything:
            return Q()
        q = self.pairing_q(prefix, write=write)
        if self.home_regions:
            q |= Q(**{f"{prefix}pairing__isnull": True, f"{prefix}owner__region_id__in": self.home_regions})
        return q

    def item_q(self, prefix: str = "") -> Q:
        """Items the user reads: every item of a list read in full, plus the items its units lead."""
        q = self.list_q(f"{prefix}responsibility_list__")
        if self.units and not self.everything:
            q |= Q(**{f"{prefix}lead_unit_id__in": self.units})
        return q

    def _list_matches(self, rlist: Any, paths: tuple[str, ...]) -> bool:
        if rlist.pairing_id is not None:
            return bool(paths) and rlist.pairing.path.startswith(paths)
        return rlist.owner.region_id is not None and rlist.owner.region_id in self.home_regions

    def can_read_list(self, rlist: Any) -> bool:
        return self.everything or self._list_matches(rlist, self.read_paths)

    def can_write_list(self, rlist: Any) -> bool:
        return self.everything or self._list_matches(rlist, self.write_paths)

    def can_read_item(self, item: Any) -> bool:
        return self.can_read_list(item.responsibility_list) or item.lead_unit_id in self.units

    def agreement_q(self, prefix: str = "", *, write: bool = False) -> Q:
        """Agreements whose ledger the user reads (or writes): by the agreement's pairing."""
        if self.everything:
            return Q()
        return self.pairing_q(prefix, write=write)

    def can_read_agreement(self, agreement: Any) -> bool:
        return self.everything or (
            bool(self.read_paths) and agreement.pairing.path.startswith(self.read_paths)
        )

    def can_write_agreement(self, agreement: Any) -> bool:
        """The office of the agreement's pairing reports on it and reviews its ledger."""
        return self.everything or (
            bool(self.write_paths) and agreement.pairing.path.startswith(self.write_paths)
        )

    def can_write_entry(self, entry: Any) -> bool:
        """Review an entry: the office of the item's list, or (an agreement's progress report) of the
        agreement's pairing."""
        if getattr(entry, "item_id", None) is None:
            return self.can_write_agreement(entry.agreement)
        return self.can_write_list(entry.item.responsibility_list)

    def can_report_entry(self, entry: Any) -> bool:
        if getattr(entry, "item_id", None) is None:
            return self.can_write_agreement(entry.agreement)
        return self.can_report(entry.item)

    def can_report(self, item: Any) -> bool:
        """A unit reporter reports on the items its unit leads; the office may record on a unit's behalf."""
        return item.lead_unit_id in self.units or self.can_write_list(item.responsibility_list)


@dataclass(frozen=True)
class RegistryFacet:
    """The registry: villages by region-code prefix (see the module's docstring)."""

    everything: bool = False
    read_prefixes: tuple[str, ...] = ()
    manage_prefixes: tuple[str, ...] = ()

    def household_q(self, prefix: str = "") -> Q:
        """Households in scope; `prefix` is the lookup path to the household ("household__")."""
        return self._q(self.read_prefixes, prefix)

    def manage_q(self, prefix: str = "") -> Q:
        return self._q(self.manage_prefixes, prefix)

    def _q(self, prefixes: tuple[str, ...], prefix: str) -> Q:
        if self.everything:
            return Q()
        return _paths_q(f"{prefix}village__code", prefixes)

    def can_read(self, village_code: str) -> bool:
        return self.everything or village_code.startswith(self.read_prefixes or ("\0",))

    def can_manage(self, village_code: str) -> bool:
        """Record households, change their status, import files and see ID numbers in clear."""
        return self.everything or village_code.startswith(self.manage_prefixes or ("\0",))

    def can_unmask(self, village_code: str) -> bool:
        """See the ID numbers of a village's members in clear (every unmasking is logged), their full birth
        dates, and find them by ID number (docs/roles.md)."""
        return self.can_manage(village_code)

    def unmask_q(self, prefix: str = "") -> Q:
        """Households whose members' ID numbers the user may unmask (see `can_unmask`)."""
        return self.manage_q(prefix)

    @property
    def unmasks_any(self) -> bool:
        """The user may unmask the ID numbers of some village (and so search by ID number)."""
        return self.manages_any

    @property
    def manages_any(self) -> bool:
        """Import registry files and review monitoring flags: the office of some helped side."""
        return self.everything or bool(self.manage_prefixes)

    def can_import(self) -> bool:
        return self.manages_any


@dataclass(frozen=True)
class Scope:
    """The pairings (as path prefixes) a user reads and writes, the home regions of its office grants and the
    units it reports for, with the lists and registry facets. An assessor's scope is everything."""

    everything: bool = False
    read_paths: tuple[str, ...] = ()
    write_paths: tuple[str, ...] = ()
    home_regions: frozenset[int] = field(default_factory=frozenset)
    organizations: frozenset[int] = field(default_factory=frozenset)
    #: the read paths given by office and viewer grants, without those of reporter grants (a reporter reads
    #: its pairing, but in the ledgers only the items of its unit).
    full_read_paths: tuple[str, ...] = ()
    #: region-code prefixes of the helped regions of the user's helped-side office grants.
    manage_prefixes: tuple[str, ...] = ()

    def pairing_q(self, prefix: str = "", *, write: bool = False) -> Q:
        """A filter on pairings in scope; `prefix` is the lookup path to the pairing ("pairing__")."""
        if self.everything:
            return Q()
        return _paths_q(f"{prefix}path", self.write_paths if write else self.read_paths)

    def can_read(self, pairing: Pairing | None) -> bool:
        return self.everything or (pairing is not None and pairing.path.startswith(self.read_paths))

    def can_write(self, pairing: Pairing | None) -> bool:
        return self.everything or (
            pairing is not None and bool(self.write_paths) and pairing.path.startswith(self.write_paths)
        )

    def can_create(self) -> bool:
        """Create a meeting or an agreement: an assessor, or the office of some pairing."""
        return self.everything or bool(self.write_paths)

    @property
    def audits_unmasking(self) -> bool:
        """Read the log of who unmasked whose ID number: assessors (no query: every page asks)."""
        return self.everything

    @cached_property
    def lists(self) -> ListsFacet:
        if self.everything:
            return ListsFacet(everything=True)
        return ListsFacet(
            read_paths=self.full_read_paths,
            write_paths=self.write_paths,
            home_regions=self.home_regions,
            units=self.organizations,
        )

    @cached_property
    def registry(self) -> RegistryFacet:
        """Built on first use: one query for the helped regions of the pairings read (sub-pairings too)."""
        if self.everything:
            return RegistryFacet(everything=True)
        if not self.read_paths:
            return RegistryFacet()
        read = Pairing.objects.filter(self.pairing_q(), helped_region__isnull=False).values_list(
            "helped_region__code", flat=True
        )
        return RegistryFacet(
            read_prefixes=tuple(sorted({region_prefix(code) for code in read})),
            manage_prefixes=self.manage_prefixes,
        )


NO_SCOPE = Scope()
#: The scope of system work (the demo loader, a command run without --user): no limit.
SYSTEM_SCOPE = Scope(everything=True)
_CACHE_ATTR = "_counterpart_scope"


def actor_scope(actor: AbstractBaseUser | AnonymousUser | None) -> Scope:
    """The scope a service checks: `actor=None` is system work (no limit), anyone else its own scope."""
    return SYSTEM_SCOPE if actor is None else scope_for(actor)


def scope_for(user: Any) -> Scope:
    """The user's scope, computed with one query and cached on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", True):
        return NO_SCOPE
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    scope = Scope(everything=True) if user.is_superuser else _scope_of_grants(user)
    setattr(user, _CACHE_ATTR, scope)
    return scope


def _scope_of_grants(user: Any) -> Scope:
    grants = list(ScopeGrant.objects.filter(user=user).select_related("pairing__helped_region"))
    if any(g.role == ScopeGrant.Role.ASSESSOR for g in grants):
        return Scope(everything=True)
    read, full_read, write, regions, orgs, manage = set(), set(), set(), set(), set(), set()
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
            if g.side == ScopeGrant.Side.HELPED and g.pairing.helped_region is not None:
                manage.add(region_prefix(g.pairing.helped_region.code))
    return Scope(
        read_paths=tuple(sorted(read)),
        write_paths=tuple(sorted(write)),
        home_regions=frozenset(regions),
        organizations=frozenset(orgs),
        full_read_paths=tuple(sorted(full_read)),
        manage_prefixes=tuple(sorted(manage)),
    )
