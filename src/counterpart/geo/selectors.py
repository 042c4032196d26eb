from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from counterpart.core.names import name_search_q
from counterpart.geo.models import Region


def region_list(*, search: str = "", code: str = "") -> QuerySet[Region]:
    qs = Region.objects.select_related("parent")
    if code:
        qs = qs.filter(code=code)
    if search:
        qs = qs.filter(name_search_q(Region, search) | Q(code__startswith=search.strip()))
    return qs.order_by("code")


def region_by_code(code: str, *, field: str = "region") -> Region:
    """The region with this code, or a ValidationError naming `field` ("Unknown region code 999999")."""
    try:
        return Region.objects.get(code=(code or "").strip())
    except Region.DoesNotExist as exc:
        raise ValidationError({field: _("Unknown region code “%(code)s”.") % {"code": code}}) from exc


def region_prefix(code: str) -> str:
    """The code prefix every region under `code` starts with: 520000 → "52", 520200 → "5202"; a 6-digit
    county code, a 9-digit town code and a 12-digit village code are their own prefix."""
    if len(code) == 6:
        for cut in (2, 4):
            if code[cut:] == "0" * (6 - cut):
                return code[:cut]
    return code
