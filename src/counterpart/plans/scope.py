"""Who reads and writes what in the plans app: the lists facet of the one scope (`pairings.scope`)."""

from __future__ import annotations

from typing import Any

from counterpart.pairings.scope import ListsFacet, scope_for

PlanScope = ListsFacet


def plan_scope_for(user: Any) -> ListsFacet:
    """The lists facet of the user's scope (one query, cached for the request)."""
    return scope_for(user).lists
