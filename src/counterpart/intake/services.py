"""Saving a reviewed intake draft into the ledger, through the other apps' services.

Rules kept here:
- nothing is saved that the reviewer did not accept (the review is the only way in);
- a meeting the registry already has (recognized duplicate) is not created again: accepted items are
  added to it, and an attendee or an agreement it already has is skipped, never duplicated;
- a name the registry does not know becomes a new person or organization, its surface form stored in the
  column of the report's language;
- all or nothing: one transaction, and the meeting, attendance and agreement services check the actor's
  scope and validate every record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from counterpart.agreements.models import Agreement, AgreementParty
from counterpart.agreements.services import agreement_create
from counterpart.core.services import Actor
from counterpart.intake.lexicon import KIND_VALUES
from counterpart.intake.selectors import meeting_recorded
from counterpart.intake.text import to_simplified
from counterpart.meetings.models import Attendance, Meeting
from counterpart.meetings.selectors import meeting_get_for_user
from counterpart.meetings.services import attendance_add, meeting_create
from counterpart.orgs.models import Organization, Person
from counterpart.orgs.services import organization_create, person_create
from counterpart.pairings.selectors import pairing_get_for_user


@dataclass
class ReviewedAttendee:
    name: str
    role: str = Attendance.Role.ATTENDEE
    title: str = ""
    person_id: int | None = None
    span: tuple[int, int] | None = None


@dataclass
class ReviewedAgreement:
    parties: list[str]
    organization_ids: list[int | None]
    subject: str
    kind: str = Agreement.Kind.COOPERATION
    span: tuple[int, int] | None = None


@dataclass
class ReviewedDraft:
    """The draft as the reviewer accepted it: only the accepted items, with the reviewer's edits."""

    language: str
    kind: str  # a §6 kind name ("joint meeting") or a model value ("joint_meeting")
    title: str
    date: dt.date
    pairing_id: int
    number: int | None = None
    place: str = ""
    meeting_id: int | None = None  # the recognized existing meeting, if the reviewer kept the match
    source: str = ""
    attendees: list[ReviewedAttendee] = field(default_factory=list)
    agreements: list[ReviewedAgreement] = field(default_factory=list)


@dataclass
class IntakeResult:
    meeting: Meeting
    created_meeting: bool
    attendances: int = 0
    agreements: int = 0
    skipped: int = 0
    people_created: int = 0
    organizations_created: int = 0


def _name_columns(surface: str, language: str) -> tuple[str, str, str, str]:
    """Where a new record keeps the name as the report wrote it: (name, name_zh_hant, name_en, name_ja).
    `name` (zh-Hans) is required: for zh-Hant and Japanese it is the character-by-character simplified form,
    for English the English name itself until someone records the Chinese one."""
    surface = surface.strip()
    if language == "zh-Hant":
        return to_simplified(surface), surface, "", ""
    if language == "ja":
        return to_simplified(surface), "", "", surface
    if language == "en":
        return surface, "", surface, ""
    return surface, "", "", ""


def _source(draft: ReviewedDraft, span: tuple[int, int] | None) -> str:
    where = f":{span[0]}-{span[1]}" if span else ""
    return f"{draft.source or 'intake'}{where}"[:200]


@transaction.atomic
def intake_draft_save(*, actor: Actor, draft: ReviewedDraft) -> IntakeResult:
    """Save what the reviewer accepted: the meeting (or the recognized existing one), its attendances and
    the agreements signed there. Raises ValidationError (nothing written) when an item cannot be saved."""
    pairing = pairing_get_for_user(user=actor, pairing_id=draft.pairing_id)
    kind = KIND_VALUES.get(draft.kind, draft.kind)
    if draft.meeting_id is not None:
        meeting = meeting_get_for_user(user=actor, meeting_id=draft.meeting_id)
        if meeting.pairing_id != pairing.pk:
            raise ValidationError({"meeting": _("The recognized meeting belongs to another pairing.")})
        result = IntakeResult(meeting=meeting, created_meeting=False)
    else:
        meeting = meeting_create(
            actor=actor,
            kind=kind,
            title=(draft.title or _("Meeting"))[:300],
            date=draft.date,
            pairing=pairing,
            number=draft.number,
            place=draft.place[:200],
            source=_source(draft, None),
        )
        result = IntakeResult(meeting=meeting, created_meeting=True)
    person_ids, party_sets = meeting_recorded(meeting.pk)
    errors: list[str] = []

    # The people and organizations the draft matched, read in one query each (not one per line).
    people = Person.objects.in_bulk([a.person_id for a in draft.attendees if a.person_id])
    known_orgs = Organization.objects.in_bulk(
        [org_id for item in draft.agreements for org_id in item.organization_ids if org_id]
    )
    for attendee in draft.attendees:
        person = people.get(attendee.person_id) if attendee.person_id else None
        if person is None:
            name, zh_hant, en, ja = _name_columns(attendee.name, draft.language)
            person = person_create(
                actor=actor,
                name=name,
                name_zh_hant=zh_hant,
                name_en=en,
                name_ja=ja,
                source=_source(draft, attendee.span),
            )
            result.people_created += 1
        if person.pk in person_ids:
            result.skipped += 1
            continue
        attendance_add(
            actor=actor,
            meeting=meeting,
            person=person,
            role=attendee.role if attendee.role in Attendance.Role.values else Attendance.Role.ATTENDEE,
            title=attendee.title[:300],
            source=_source(draft, attendee.span),
        )
        person_ids.add(person.pk)
        result.attendances += 1

    for index, item in enumerate(draft.agreements, start=1):
        organizations: list[Organization] = []
        for position, party in enumerate(item.parties):
            org_id = item.organization_ids[position] if position < len(item.organization_ids) else None
            org = known_orgs.get(org_id) if org_id else None
            if org is None:
                name, zh_hant, en, ja = _name_columns(party, draft.language)
                org = organization_create(
                    actor=actor,
                    name=name,
                    name_zh_hant=zh_hant,
                    name_en=en,
                    name_ja=ja,
                    source=_source(draft, item.span),
                )
                result.organizations_created += 1
            organizations.append(org)
        ids = {org.pk for org in organizations}
        if len(ids) < 2:
            errors.append(
                _("Agreement %(n)d: an agreement has at least two different parties.") % {"n": index}
            )
            continue
        if any(ids <= existing for existing in party_sets):
            result.skipped += 1
            continue
        title = item.subject[:300]
        agreement_create(
            actor=actor,
            pairing=pairing,
            meeting=meeting,
            kind=item.kind if item.kind in Agreement.Kind.values else Agreement.Kind.OTHER,
            parties=[(org, AgreementParty.Role.PARTY) for org in organizations],
            source=_source(draft, item.span),
            title=title,
            title_en=title if draft.language == "en" else "",
            title_ja=title if draft.language == "ja" else "",
        )
        party_sets.append(ids)
        result.agreements += 1
    if errors:
        raise ValidationError(errors)
    return result
