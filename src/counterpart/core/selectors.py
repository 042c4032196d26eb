"""Shared reads: API tokens, source documents. (Names are resolved in `core.names`.)"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from counterpart.core.models import ApiToken, SourceDocument


def api_token_get_active(*, key_hash: str) -> ApiToken | None:
    """The unrevoked token of an active user with this key hash (with its user), or None."""
    return (
        ApiToken.objects.select_related("user")
        .filter(key_hash=key_hash, revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def source_document_get(*, document_id: int) -> SourceDocument:
    """A source document (the published reports records were read from: every signed-in user reads them);
    404 when there is none."""
    document = SourceDocument.objects.filter(pk=document_id).first()
    if document is None:
        raise Http404(_("No such source document."))
    return document
