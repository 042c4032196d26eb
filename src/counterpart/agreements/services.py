"""Writes of agreements, their parties, milestones and progress reports."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from counterpart.agreements.models import Agreement, AgreementParty, Milestone, ProgressReport
from counterpart.core.services import Actor, acting_user, apply_changes, validated_save
from counterpart.core.versions import lock_for_write
from counterpart.meetings.models import Meeting
from counterpart.orgs.models import Organization
from counterpart.pairings.models import Pairing
from counterpart.pairings.scope import scope_for

#: ISO 4217 codes accepted for agreement values.
CURRENCIES = ("CNY", "USD", "EUR", "JPY", "HKD", "GBP", "KRW", "TWD", "MOP")

AGREEMENT_EDITABLE = {
    "title",
    "title_en",
    "title_ja",
    "kind",
    "sector",
    "meeting",
    "signed_date",
    "start_date",
    "end_date",
    "value",
    "currency",
    "status",
    "summary",
    "source",
}

PartySpec = tuple[Organization, str]


def _check_can_write(actor: Actor, pairing: Pairing) -> None:
    if not scope_for(actor).can_write(pairing):
        raise PermissionDenied(_("You may not change agreements of this pairing."))


def _check_agreement(agreement: Agreement) -> None:
    errors: dict[str, str] = {}
    if agreement.start_date and agreement.end_date and agreement.end_date < agreement.start_date:
        errors["end_date"] = _("The end date is before the start date.")
    if agreement.currency not in CURRENCIES:
        errors["currency"] = _("Unknown currency “%(code)s”; use one of %(codes)s.") % {
            "code": agreement.currency,
            "codes": ", ".join(CURRENCIES),
        }
    if agreement.value is not None and agreement.value < Decimal("0"):
        errors["value"] = _("The value cannot be negative.")
    if (
        agreement.meeting_id
        and agreement.meeting
        and agreement.meeting.pairing_id
        not in (agreement.pairing_id, agreement.pairing.parent_id if agreement.pairing_id else None)
    ):
        errors["meeting"] = _("The meeting belongs to another pairing.")
    if errors:
        raise ValidationError(errors)


def _check_parties(parties: Sequence[PartySpec]) -> None:
    org_ids = [org.pk for org, _role in parties if org is not None]
    if len(org_ids) < 2:
        raise ValidationError({"parties": _("An agreement has at least two parties.")})
    if len(set(org_ids)) != len(org_ids):
        raise ValidationError({"parties": _("The same organization is listed twice as a party.")})
    roles = {value for value, _label in AgreementParty.Role.choices}
    for _org, role in parties:
        if role not in roles:
            raise ValidationError({"parties": _("Unknown party role “%(role)s”.") % {"role": role}})


@transaction.atomic
def agreement_create(
    *,
    actor: Actor,
    pairing: Pairing,
    title: str,
    parties: Sequence[PartySpec],
    kind: str = Agreement.Kind.COOPERATION,
    sector: str = Agreement.Sector.GENERAL,
    meeting: Meeting | None = None,
    signed_date: date | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
    value: Decimal | None = None,
    currency: str = "CNY",
    status: str = Agreement.Status.SIGNED,
    summary: str = "",
    title_en: str = "",
    title_ja: str = "",
    milestones: Sequence[tuple[str, date]] = (),
    source: str = "",
    check_scope: bool = True,
) -> Agreement:
    """An agreement of a pairing the actor writes, with two or more distinct parties. Signed at a meeting,
    it takes the meeting's date unless another is given."""
    if check_scope:
        _check_can_write(actor, pairing)
    if meeting is not None and signed_date is None:
        signed_date = meeting.date
    agreement = Agreement(
        pairing=pairing,
        title=title,
        kind=kind,
        sector=sector,
        meeting=meeting,
        signed_date=signed_date,
        start_date=start_date,
        end_date=end_date,
        value=value,
        currency=currency,
        status=status,
        summary=summary,
        title_en=title_en,
        title_ja=title_ja,
        source=source,
    )
    _check_agreement(agreement)
    _check_parties(parties)
    validated_save(agreement, actor=actor)
    for order, (organization, role) in enumerate(parties):
        validated_save(
            AgreementParty(
                agreement=agreement, organization=organization, role=role, order=order, source=source
            ),
            actor=actor,
        )
    for what, due in milestones:
        validated_save(Milestone(agreement=agreement, what=what, due_date=due), actor=actor)
    return agreement


@transaction.atomic
def agreement_update(
    *,
    actor: Actor,
    agreement: Agreement,
    parties: Sequence[PartySpec] | None = None,
    version: int | None = None,
    **changes: Any,
) -> Agreement:
    """Change fields and, when given, replace the parties (kept in history). With `version` (the one the
    user opened) an agreement saved since is refused (`core.versions.StaleWrite`); without, the changes go
    onto the agreement as it is now. A change of the parties is a new version of the agreement too."""
    _check_can_write(actor, agreement.pairing)
    lock_for_write(agreement, expected_version=version, yours=changes)
    changed = apply_changes(agreement, changes, allowed=AGREEMENT_EDITABLE)
    if parties is not None:
        _check_parties(parties)
        wanted = {org.pk: (order, role) for order, (org, role) in enumerate(parties)}
        for party in list(agreement.parties.all()):
            if party.organization_id not in wanted:
                party._history_user = actor  # type: ignore[attr-defined]
                party.delete()
                changed.append("parties")
            else:
                order, role = wanted.pop(party.organization_id)
                if (party.order, party.role) != (order, role):
                    party.order, party.role = order, role
                    validated_save(party, actor=actor)
                    changed.append("parties")
        orgs = {org.pk: org for org, _role in parties}
        for org_id, (order, role) in wanted.items():
            validated_save(
                AgreementParty(agreement=agreement, organization=orgs[org_id], role=role, order=order),
                actor=actor,
            )
            changed.append("parties")
    if changed:
        _check_agreement(agreement)
        validated_save(agreement, actor=actor)
    return agreement


@transaction.atomic
def milestone_add(*, actor: Actor, agreement: Agreement, what: str, due_date: date) -> Milestone:
    _check_can_write(actor, agreement.pairing)
    return validated_save(Milestone(agreement=agreement, what=what, due_date=due_date), actor=actor)


@transaction.atomic
def milestone_mark_done(
    *, actor: Actor, milestone: Milestone, done_date: date, version: int | None = None
) -> Milestone:
    """Mark a milestone done; with `version`, refused when the milestone was saved since it was opened."""
    _check_can_write(actor, milestone.agreement.pairing)
    lock_for_write(milestone, expected_version=version, yours={"done_date": done_date})
    if done_date < milestone.agreement.signed_date if milestone.agreement.signed_date else False:
        raise ValidationError({"done_date": _("A milestone cannot be done before the agreement was signed.")})
    milestone.done_date = done_date
    return validated_save(milestone, actor=actor)


@transaction.atomic
def progress_report_submit(
    *,
    actor: Actor,
    agreement: Agreement,
    reported_on: date,
    text: str,
    status_after: str = "",
) -> ProgressReport:
    """A progress report is dated no earlier than the signing and not in the future; it may move the
    agreement's status on (signed → implementing → completed, or stalled / terminated)."""
    from django.utils import timezone

    _check_can_write(actor, agreement.pairing)
    errors = {}
    if not text or not text.strip():
        errors["text"] = _("Say what progress was made.")
    if reported_on > timezone.localdate():
        errors["reported_on"] = _("The report date is in the future.")
    elif agreement.signed_date and reported_on < agreement.signed_date:
        errors["reported_on"] = _("The report date is before the agreement was signed.")
    if status_after and status_after not in Agreement.Status.values:
        errors["status_after"] = _("Unknown status.")
    if errors:
        raise ValidationError(errors)
    report = validated_save(
        ProgressReport(
            agreement=agreement,
            reported_on=reported_on,
            text=text.strip(),
            status_after=status_after,
            reporter=acting_user(actor),
        ),
        actor=actor,
    )
    # The status moves on the agreement as it is now, not as the page read it: a field another user saved
    # meanwhile stays.
    lock_for_write(agreement, expected_version=None)
    if status_after and status_after != agreement.status:
        agreement.status = status_after
        validated_save(agreement, actor=actor)
    elif agreement.status == Agreement.Status.SIGNED:
        agreement.status = Agreement.Status.IMPLEMENTING
        validated_save(agreement, actor=actor)
    return report
