"""Writes of pairings and of scope grants."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from counterpart.core.services import Actor, validated_save
from counterpart.geo.models import Region
from counterpart.orgs.models import Organization
from counterpart.pairings.models import Pairing, ScopeGrant
from counterpart.pairings.scope import scope_for


def _check_sides(pairing: Pairing) -> None:
    errors: dict[str, str] = {}
    if not (pairing.helper_region_id or pairing.helper_org_id):
        errors["helper_region"] = _("Name the helping side: a region or an organization.")
    if not (pairing.helped_region_id or pairing.helped_org_id):
        errors["helped_region"] = _("Name the helped side: a region or an organization.")
    if pairing.start_date and pairing.end_date and pairing.end_date < pairing.start_date:
        errors["end_date"] = _("The end date is before the start date.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def pairing_create(
    *,
    actor: Actor,
    level: str,
    programme: str,
    helper_region: Region | None = None,
    helped_region: Region | None = None,
    helper_org: Organization | None = None,
    helped_org: Organization | None = None,
    parent: Pairing | None = None,
    start_date: date | None = None,
    start_precision: str = "day",
    end_date: date | None = None,
    note: str = "",
    source: str = "",
    check_scope: bool = True,
) -> Pairing:
    """A pairing names both sides; a sub-pairing may be created only by someone who writes its parent, a
    top-level one only by an assessor."""
    if check_scope:
        scope = scope_for(actor)
        if not (scope.everything or (parent is not None and scope.can_write(parent))):
            raise PermissionDenied(_("You may not create pairings here."))
    pairing = Pairing(
        level=level,
        programme=programme,
        helper_region=helper_region,
        helped_region=helped_region,
        helper_org=helper_org,
        helped_org=helped_org,
        parent=parent,
        start_date=start_date,
        start_precision=start_precision,
        end_date=end_date,
        note=note,
        source=source,
    )
    _check_sides(pairing)
    validated_save(pairing, actor=actor, exclude=["path"])
    pairing.path = f"{parent.path if parent else '/'}{pairing.pk}/"
    Pairing.objects.filter(pk=pairing.pk).update(path=pairing.path)
    return pairing


@transaction.atomic
def scope_grant_create(
    *,
    actor: Actor,
    user: Any,
    role: str,
    pairing: Pairing | None = None,
    side: str = "",
    organization: Organization | None = None,
    check_scope: bool = True,
) -> ScopeGrant:
    """Only an assessor grants access. An office or viewer grant needs a pairing; an office grant a side."""
    if check_scope and not scope_for(actor).everything:
        raise PermissionDenied(_("Only a national assessor may grant access."))
    errors = {}
    if role in (ScopeGrant.Role.OFFICE, ScopeGrant.Role.VIEWER, ScopeGrant.Role.REPORTER) and pairing is None:
        errors["pairing"] = _("This role needs a pairing.")
    if role == ScopeGrant.Role.OFFICE and side not in ("helping", "helped"):
        errors["side"] = _("Say which side's office this is.")
    if role == ScopeGrant.Role.REPORTER and organization is None:
        errors["organization"] = _("A unit reporter needs a unit.")
    if errors:
        raise ValidationError(errors)
    grant = ScopeGrant(user=user, role=role, pairing=pairing, side=side, organization=organization)
    validated_save(grant, actor=actor)
    if hasattr(user, "_counterpart_scope"):
        delattr(user, "_counterpart_scope")
    return grant
