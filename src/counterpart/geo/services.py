"""Writes of regions."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from counterpart.core.services import Actor, validated_save
from counterpart.geo.models import Region


@transaction.atomic
def region_create(
    *,
    actor: Actor,
    code: str,
    name: str,
    level: str,
    parent: Region | None = None,
    name_zh_hant: str = "",
    name_en: str = "",
    name_ja: str = "",
    valid_from: date | None = None,
    valid_to: date | None = None,
    successor: Region | None = None,
    source: str = "",
) -> Region:
    """A region code is unique; a child's code starts with its parent's prefix (province 2 digits,
    prefecture 4) so the tree and the codes tell one story."""
    if parent is not None:
        prefix = parent.code[:2] if parent.level == Region.Level.PROVINCE else parent.code[:4]
        if not code.startswith(prefix):
            raise ValidationError(
                {
                    "code": _("Code %(code)s does not lie under %(parent)s.")
                    % {"code": code, "parent": parent.code}
                }
            )
    if valid_from and valid_to and valid_to < valid_from:
        raise ValidationError({"valid_to": _("The end date is before the start date.")})
    region = Region(
        code=code,
        name=name,
        level=level,
        parent=parent,
        name_zh_hant=name_zh_hant,
        name_en=name_en,
        name_ja=name_ja,
        valid_from=valid_from,
        valid_to=valid_to,
        successor=successor,
        source=source,
    )
    return validated_save(region, actor=actor)


@transaction.atomic
def region_fill(*, actor: Actor, region: Region, source: str = "", **values: Any) -> Region:
    """Fill the empty fields of an existing region (names in other languages, validity dates) from a
    second source, never overwriting what it has: the demo meeting a region the national tree loaded first.
    `source` is added when the region has none of its own beyond the package's."""
    changed = False
    for name, value in values.items():
        if name not in FILLABLE:
            raise ValueError(name)
        if value not in (None, "") and getattr(region, name) in (None, ""):
            setattr(region, name, value)
            changed = True
    if source and source not in region.source:
        region.source = "; ".join(s for s in (source, region.source) if s)[:200]
        changed = True
    if changed:
        validated_save(region, actor=actor)
    return region


#: What `region_fill` may fill.
FILLABLE = frozenset({"name_zh_hant", "name_en", "name_ja", "valid_from", "valid_to", "successor", "parent"})
