"""Template helpers of the web UI: the user's roles, localized titles, stalled reasons."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from counterpart.agreements.selectors import stall_reason as _stall_reason
from counterpart.pairings.scope import scope_for
from counterpart.pairings.selectors import user_roles as _user_roles

register = template.Library()


@register.simple_tag
def user_roles(user: Any) -> str:
    return " · ".join(_user_roles(user=user))


@register.filter
def localized_title(obj: Any) -> str:
    """`title_en` / `title_ja` in English / Japanese where recorded, else the title as written."""
    lang = (get_language() or "").lower()
    if lang.startswith("en"):
        return getattr(obj, "title_en", "") or obj.title
    if lang.startswith("ja"):
        return getattr(obj, "title_ja", "") or obj.title
    return str(obj.title)


@register.filter
def stall_reason(agreement: Any) -> str:
    return _stall_reason(agreement)


@register.filter
def audits_unmasking(user: Any) -> bool:
    """The user may read the log of ID numbers shown in clear (assessors): the navigation links it."""
    return bool(getattr(user, "is_authenticated", False)) and scope_for(user).audits_unmasking
