"""Shared reads: API tokens, and name search over the name columns and the alias table."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef, Q

from counterpart.core.models import Alias, ApiToken


def api_token_get_active(*, key_hash: str) -> ApiToken | None:
    """The unrevoked token of an active user with this key hash (with its user), or None."""
    return (
        ApiToken.objects.select_related("user")
        .filter(key_hash=key_hash, revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def name_search_q(model: type[models.Model], term: str) -> Q:
    """Rows of a `NamedModel` whose name in any language, or any alias, contains `term`."""
    term = term.strip()
    alias = Alias.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id=OuterRef("pk"),
        text__icontains=term,
    )
    return (
        Q(name__icontains=term)
        | Q(name_zh_hant__icontains=term)
        | Q(name_en__icontains=term)
        | Q(name_ja__icontains=term)
        | Q(Exists(alias))
    )
