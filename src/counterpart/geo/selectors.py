from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from counterpart.geo.models import Region


def region_list(*, search: str = "", code: str = "") -> QuerySet[Region]:
    qs = Region.objects.select_related("parent")
    if code:
        qs = qs.filter(code=code)
    if search:
        qs = qs.filter(
            Q(name__icontains=search)
            | Q(name_en__icontains=search)
            | Q(name_ja__icontains=search)
            | Q(name_zh_hant__icontains=search)
            | Q(code__startswith=search)
        )
    return qs.order_by("code")


def region_by_code(code: str, *, field: str = "region") -> Region:
    """The region with this code, or a ValidationError naming `field` ("Unknown region code 999999")."""
    try:
        return Region.objects.get(code=(code or "").strip())
    except Region.DoesNotExist as exc:
        raise ValidationError({field: _("Unknown region code “%(code)s”.") % {"code": code}}) from exc
