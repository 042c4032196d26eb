from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Length
from django.utils.translation import gettext as _

from counterpart.core.names import Candidate, name_search_q, ranked_search
from counterpart.geo.models import Region
from counterpart.geo.national import short_name

#: What a region picker shows at most.
SEARCH_LIMIT = 20
#: The parent chain a search result carries (village → town → county → prefecture → province).
CHAIN = "parent__parent__parent__parent"


def region_list(*, search: str = "", code: str = "") -> QuerySet[Region]:
    qs = Region.objects.select_related("parent")
    if code:
        qs = qs.filter(code=code)
    if search:
        qs = qs.filter(name_search_q(Region, search) | Q(code__startswith=search.strip()))
    return qs.order_by("code")


def code_prefix_q(prefix: str) -> Q:
    """Codes starting with `prefix` (digits) as a range on the unique code index (`startswith` is a LIKE
    that SQLite's index cannot answer)."""
    return Q(code__gte=prefix, code__lt=prefix + ":")  # ":" follows "9"


def search_text(text: str) -> str:
    """The text a region is searched by: trimmed, NFKC (full-width digits), a village committee's name
    shortened as the tree stores it (渔塘村村民委员会 → 渔塘村)."""
    return short_name(unicodedata.normalize("NFKC", text or "").strip())


def region_search(
    text: str, *, limit: int = SEARCH_LIMIT, level: str = ""
) -> list[tuple[Region, Candidate | None]]:
    """Regions for a picker, best first, at most `limit`, each with its parent chain loaded (one join) and
    why it was found (None: by its code): digits are a code prefix (5202 → 六盘水市 and everything under it,
    higher levels first); other text goes through `core.names.ranked_search` (an exact name in any language,
    an exact alias — a former name, a short form such as 黔 — then a name starting with the text, then a
    name or alias containing it); among equals, higher levels first, then by code."""
    text = search_text(text)
    if not text:
        return []
    qs = Region.objects.all()
    if level:
        qs = qs.filter(level=level)
    by_level = (Length("code"), "code")
    if text.isascii() and text.isdigit():
        if len(text) > 12:
            return []
        rows = list(
            qs.filter(code_prefix_q(text)).select_related(CHAIN, "successor").order_by(*by_level)[:limit]
        )
        return [(region, None) for region in rows]
    candidates = ranked_search(qs, text, limit=limit, order_by=by_level, scan_name=not text.isascii())
    regions = Region.objects.select_related(CHAIN, "successor").in_bulk([c.pk for c in candidates])
    return [(regions[c.pk], c) for c in candidates if c.pk in regions]


def region_chain(region: Region) -> list[Region]:
    """The region's ancestors and itself, from the province down (what `select_related(CHAIN)` loaded;
    further parents are read one by one, which a tree of five levels never needs)."""
    chain: list[Region] = []
    node: Region | None = region
    while node is not None and len(chain) < 8:
        chain.append(node)
        node = node.parent if node.parent_id else None
    return chain[::-1]


def region_children(region: Region | None) -> QuerySet[Region]:
    """The regions directly under `region` (the provinces when None), by code, each with the number of its
    own children (`child_count`)."""
    qs = (
        Region.objects.filter(parent=region)
        if region is not None
        else Region.objects.filter(parent__isnull=True)
    )
    return qs.annotate(child_count=Count("children")).order_by("code")


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
