"""Who reads and writes what in the plans app.

- An assessor (or superuser) reads and writes everything.
- An office user reads and writes the lists of its pairings (and their sub-pairings), and the lists without a
  pairing whose owner organization lies in the office's home region (Dalian's own ecological list).
- A viewer reads the lists of its pairings.
- A unit reporter (a `reporter` grant naming an organization) reads only the items its unit leads, their
  lists by title, and reports on those items. Its grant's pairing, if any, gives it no further reach here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q

from counterpart.pairings.selectors import scope_for


@dataclass(frozen=True)
class PlanScope:
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

    def _paths_q(self, prefix: str, paths: tuple[str, ...]) -> Q:
        if not paths:
            return Q(pk__in=[])
        return reduce(or_, (Q(**{f"{prefix}pairing__path__startswith": p}) for p in paths))

    def list_q(self, prefix: str = "", *, write: bool = False) -> Q:
        """Lists read (or written) in full; `prefix` is the lookup path to the list."""
        if self.everything:
            return Q()
        paths = self.write_paths if write else self.read_paths
        q = self._paths_q(prefix, paths)
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
        return self._paths_q(prefix, self.write_paths if write else self.read_paths)

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


def plan_scope_for(user: Any) -> PlanScope:
    """The user's plans scope, derived from its pairing scope (one query, cached for the request)."""
    scope = scope_for(user)
    if scope.everything:
        return PlanScope(everything=True)
    return PlanScope(
        read_paths=scope.full_read_paths,
        write_paths=scope.write_paths,
        home_regions=scope.home_regions,
        units=scope.organizations,
    )
