"""View helpers about pairings that every app's views share (apps above pairings import this; it imports
no view, form or app above it)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from counterpart.pairings.scope import scope_for
from counterpart.pairings.selectors import pairing_get_for_user


def check_posted_pairing(request: Any, *, message: str) -> None:
    """A pairing named in a POST that the user may not read is a 404, one it may not write a 403 with
    `message` (the form would only say "not a valid choice"; the services refuse it anyway)."""
    raw = request.POST.get("pairing", "")
    if raw.isdigit():
        pairing = pairing_get_for_user(user=request.user, pairing_id=int(raw))
        if not scope_for(request.user).can_write(pairing):
            raise PermissionDenied(message)
