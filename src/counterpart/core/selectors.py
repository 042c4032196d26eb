"""Shared reads: API tokens. (Names are resolved in `core.names`.)"""

from __future__ import annotations

from counterpart.core.models import ApiToken


def api_token_get_active(*, key_hash: str) -> ApiToken | None:
    """The unrevoked token of an active user with this key hash (with its user), or None."""
    return (
        ApiToken.objects.select_related("user")
        .filter(key_hash=key_hash, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
