"""Writes of assistance records. Rules: the pairing must be one the actor writes; a placement's member is a
registry member of a village under the pairing's helped region; amounts and wages are not negative."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from counterpart.assistance.models import Award, Dispatch, Placement, Purchase, Training, TrainingAttendance
from counterpart.core.services import Actor, validated_save
from counterpart.geo.models import Region
from counterpart.geo.selectors import region_prefix
from counterpart.households.models import Member
from counterpart.orgs.models import Organization, Person
from counterpart.pairings.models import Pairing
from counterpart.pairings.scope import scope_for


def _check_pairing(actor: Actor, pairing: Pairing) -> None:
    if actor is not None and not scope_for(actor).can_write(pairing):
        raise PermissionDenied(_("You may not record assistance for this pairing."))


def _user(actor: Actor) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _check_member_in_pairing(member: Member, pairing: Pairing) -> None:
    helped = pairing.helped_region
    if helped is None or not member.household.village.code.startswith(region_prefix(helped.code)):
        raise ValidationError({"member": _("This member does not live in the helped region of the pairing.")})


@transaction.atomic
def placement_record(
    *,
    actor: Actor,
    pairing: Pairing,
    member: Member,
    employer: Organization,
    work_region: Region,
    start_date: dt.date,
    monthly_wage: Decimal,
    generated: bool = False,
) -> Placement:
    """Record a job placement of a registry member, helped by `pairing`."""
    _check_pairing(actor, pairing)
    _check_member_in_pairing(member, pairing)
    if monthly_wage < 0:
        raise ValidationError({"monthly_wage": _("A wage cannot be negative.")})
    return validated_save(
        Placement(
            pairing=pairing,
            member=member,
            household_id=member.household_id,
            province_code=member.province_code,
            employer=employer,
            work_region=work_region,
            start_date=start_date,
            monthly_wage=monthly_wage,
            recorded_by=_user(actor),
            generated=generated,
        ),
        actor=actor,
    )


@transaction.atomic
def training_record(
    *,
    actor: Actor,
    pairing: Pairing,
    topic: str,
    date: dt.date,
    trainees: int = 0,
    organizer: Organization | None = None,
    region: Region | None = None,
    members: list[Member] | None = None,
    generated: bool = False,
) -> Training:
    """Record a training; `trainees` is at least the number of registry members named as attending."""
    _check_pairing(actor, pairing)
    members = members or []
    for member in members:
        _check_member_in_pairing(member, pairing)
    training = validated_save(
        Training(
            pairing=pairing,
            topic=topic.strip(),
            date=date,
            trainees=max(trainees, len(members)),
            organizer=organizer,
            region=region,
            recorded_by=_user(actor),
            generated=generated,
        ),
        actor=actor,
    )
    TrainingAttendance.objects.bulk_create(
        [
            TrainingAttendance(
                training=training, member=m, household_id=m.household_id, province_code=m.province_code
            )
            for m in members
        ]
    )
    return training


@transaction.atomic
def purchase_record(
    *,
    actor: Actor,
    pairing: Pairing,
    buyer: Organization,
    product: str,
    seller_region: Region,
    amount: Decimal,
    date: dt.date,
    channel: str = Purchase.Channel.OTHER,
    seller: Organization | None = None,
    currency: str = "CNY",
    generated: bool = False,
) -> Purchase:
    """Record a purchase of the helped side's products (consumption assistance)."""
    _check_pairing(actor, pairing)
    if amount < 0:
        raise ValidationError({"amount": _("An amount cannot be negative.")})
    return validated_save(
        Purchase(
            pairing=pairing,
            buyer=buyer,
            product=product.strip(),
            seller=seller,
            seller_region=seller_region,
            amount=amount,
            currency=currency,
            date=date,
            channel=channel,
            recorded_by=_user(actor),
            generated=generated,
        ),
        actor=actor,
    )


@transaction.atomic
def dispatch_record(
    *,
    actor: Actor,
    pairing: Pairing,
    person: Person,
    kind: str,
    from_org: Organization,
    to_org: Organization,
    start_date: dt.date,
    end_date: dt.date | None = None,
    generated: bool = False,
) -> Dispatch:
    """Record a cadre, teacher, doctor or technician sent from one organization to another."""
    _check_pairing(actor, pairing)
    if end_date is not None and end_date < start_date:
        raise ValidationError({"end_date": _("The term cannot end before it starts.")})
    return validated_save(
        Dispatch(
            pairing=pairing,
            person=person,
            kind=kind,
            from_org=from_org,
            to_org=to_org,
            start_date=start_date,
            end_date=end_date,
            recorded_by=_user(actor),
            generated=generated,
        ),
        actor=actor,
    )


@transaction.atomic
def award_record(
    *,
    actor: Actor,
    pairing: Pairing,
    title: str,
    date: dt.date,
    awarded_by: Organization | None = None,
    recipient_org: Organization | None = None,
    recipient_person: Person | None = None,
    generated: bool = False,
) -> Award:
    """Record an award to a group or an individual."""
    _check_pairing(actor, pairing)
    if recipient_org is None and recipient_person is None:
        raise ValidationError({"recipient_org": _("Name the group or the person awarded.")})
    return validated_save(
        Award(
            pairing=pairing,
            title=title.strip(),
            date=date,
            awarded_by=awarded_by,
            recipient_org=recipient_org,
            recipient_person=recipient_person,
            recorded_by=_user(actor),
            generated=generated,
        ),
        actor=actor,
    )
