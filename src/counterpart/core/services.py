"""Shared write helpers: validation before save and the history author."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any, TypeAlias, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from counterpart.core.models import ApiToken, SourceDocument

M = TypeVar("M", bound=models.Model)

#: Keys start with this, so a leaked key is recognisable (secret scanners, logs).
API_TOKEN_PREFIX = "cpt_"  # noqa: S105  # a public marker, not a secret

#: The user on whose behalf a service acts (a User, AnonymousUser or None for system work such as the demo
#: loader); services check its scope and record it as the author of history entries.
Actor: TypeAlias = AbstractBaseUser | AnonymousUser | None


def acting_user(actor: Actor) -> User | None:
    """The user to record as the author of a row (`created_by`, `reporter`, …): the actor if a signed-in
    user, None for system work or an anonymous caller."""
    return actor if isinstance(actor, User) and actor.is_authenticated else None


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


def alias_add(*, actor: Actor, target: models.Model, language: str, text: str, kind: str = "variant") -> Any:
    """Record another form of a name; adding the same form twice changes nothing."""
    from django.contrib.contenttypes.models import ContentType

    from counterpart.core.models import Alias

    content_type = ContentType.objects.get_for_model(target)
    existing = Alias.objects.filter(
        content_type=content_type, object_id=target.pk, language=language, text=text
    ).first()
    if existing is not None:
        return existing
    alias = Alias(content_type=content_type, object_id=target.pk, language=language, text=text, kind=kind)
    return validated_save(alias, actor=actor)


# --- API tokens -------------------------------------------------------------------------------------------

#: `last_used_at` is written at most this often: one conditional UPDATE a minute per token, not per request.
API_TOKEN_TOUCH_INTERVAL = dt.timedelta(minutes=1)


def api_token_hash(key: str) -> str:
    """The stored form of a key: its SHA-256 (hex). The key itself is shown once and never stored."""
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, actor: Actor, user: Any, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`; returns the token and its key, which cannot be recovered later.

    A user creates tokens for themselves; a superuser, or system work (`actor=None`: the CLI), for anyone.
    """
    if actor is not None and not (actor.pk == user.pk or getattr(actor, "is_superuser", False)):
        raise PermissionDenied(gettext("You may create API tokens only for yourself."))
    if not getattr(user, "is_active", False):
        raise ValidationError({"user": gettext("This user is not active.")})
    key = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = validated_save(ApiToken(user=user, name=name.strip(), key_hash=api_token_hash(key)), actor=actor)
    return token, key


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    """Revoke a token (kept, with the time of revocation). Its owner or a superuser may revoke it; revoking
    twice keeps the first time (a conditional update, so two concurrent revocations agree)."""
    if actor is not None and not (actor.pk == token.user_id or getattr(actor, "is_superuser", False)):
        raise PermissionDenied(gettext("You may revoke only your own API tokens."))
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db(fields=["revoked_at"])
    return token


def api_token_touch(*, token: ApiToken) -> None:
    """Record that the token was used, at most once per API_TOKEN_TOUCH_INTERVAL.

    The conditional UPDATE lets concurrent requests race safely: only one of them writes in a given minute.
    """
    now = timezone.now()
    cutoff = now - API_TOKEN_TOUCH_INTERVAL
    if token.last_used_at is not None and token.last_used_at >= cutoff:
        return
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=cutoff)
    ).update(last_used_at=now)


@transaction.atomic
def source_document_record(
    *,
    actor: Actor,
    file_name: str,
    kind: str,
    language: str,
    title: str,
    published: dt.date | None = None,
    publisher: str = "",
    text: str | None = None,
) -> SourceDocument:
    """Record (or update) the document records name by `file_name` in their source: what users are shown
    of it instead of the file name. `text` None keeps the stored text."""
    document = SourceDocument.objects.filter(file_name=file_name).first() or SourceDocument(
        file_name=file_name
    )
    document.kind, document.language, document.title = kind, language, title
    document.published, document.publisher = published, publisher
    if text is not None:
        document.text = text
    return validated_save(document, actor=actor)
