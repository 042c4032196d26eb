"""Shared write helpers: validation before save and the history author."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)

#: The user on whose behalf a service acts (a User, AnonymousUser or None for system work such as the demo
#: loader); services check its scope and record it as the author of history entries.
Actor = Any


def validated_save(obj: M, *, actor: Actor, exclude: list[str] | None = None) -> M:
    """`full_clean()` then save, recording `actor` as the author of the history entry."""
    obj.full_clean(exclude=exclude)
    if actor is not None and getattr(actor, "is_authenticated", False):
        obj._history_user = actor  # type: ignore[attr-defined]  # read by django-simple-history
    obj.save()
    return obj


def apply_changes(obj: M, changes: dict[str, Any], *, allowed: set[str]) -> list[str]:
    """Set the allowed fields from `changes` on `obj`; returns the names of the fields that changed."""
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"Fields not editable here: {sorted(unknown)}")
    changed = []
    for field, value in changes.items():
        if getattr(obj, field) != value:
            setattr(obj, field, value)
            changed.append(field)
    return changed
