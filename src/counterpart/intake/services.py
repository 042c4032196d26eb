"""Saving a reviewed intake draft into the ledger, through the other apps' services.

Rules kept here:
- nothing is saved that the reviewer did not accept (the review is the only way in);
- a meeting the registry already has (recognized duplicate) is not created again: accepted items are
  added to it, and an attendee or an agreement it already has is skipped, never duplicated;
- every ticked item is saved, or skipped because the meeting already has it (named in the result), or
  refused with the reason next to it; the same parties sign several agreements at one meeting, so an
  agreement is a duplicate only when its parties and its title are;
- a name the registry does not know becomes a new person or organization, its surface form stored in the
  column of the report's language (once per save, however many items name it);
- all or nothing: one transaction, and the meeting, attendance and agreement services check the actor's
  scope and validate every record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from counterpart.agreements.models import Agreement, AgreementParty
from counterpart.agreements.services import agreement_create
from counterpart.core.services import Actor
from counterpart.intake.lexicon import KIND_VALUES
from counterpart.intake.selectors import (
    meeting_agreements_recorded,
    meeting_figures_recorded,
    meeting_recorded,
)
from counterpart.intake.text import comparable, to_simplified
from counterpart.meetings.models import Attendance, Meeting
from counterpart.meetings.selectors import meeting_get_for_user
from counterpart.meetings.services import attendance_add, figure_add, meeting_create
from counterpart.orgs.models import Organization, Person
from counterpart.orgs.services import organization_create, person_create
from counterpart.pairings.models import Pairing
from counterpart.pairings.selectors import pairing_get_for_user


@dataclass
class ReviewedAttendee:
    name: str
    role: str = Attendance.Role.ATTENDEE
    title: str = ""
    person_id: int | None = None
    span: tuple[int, int] | None = None
    index: int = 0  # its place in the draft (the review form's field names and messages)
    recorded: bool = False  # the review found it in the recognized meeting


@dataclass
class ReviewedAgreement:
    parties: list[str]
    organization_ids: list[int | None]
    subject: str
    kind: str = Agreement.Kind.COOPERATION
    span: tuple[int, int] | None = None
    index: int = 0
    recorded: bool = False


@dataclass
class ReviewedFigure:
    what: str
    value: Decimal
    unit: str = ""
    span: tuple[int, int] | None = None
    index: int = 0


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
    figures: list[ReviewedFigure] = field(default_factory=list)
    #: Items the review showed as already in the recognized meeting (they cannot be ticked): skipped.
    known_items: list[str] = field(default_factory=list)


@dataclass
class IntakeResult:
    meeting: Meeting
    created_meeting: bool
    attendances: int = 0
    agreements: int = 0
    figures: int = 0
    people_created: int = 0
    organizations_created: int = 0
    #: What was ticked or shown but not added because the meeting (or the report itself) already has it.
    skipped_items: list[str] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return len(self.skipped_items)


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


class _Saver:
    """One save: the meeting, what it had before, and the records this save created (a party named in four
    agreements is one new organization, not four)."""

    def __init__(
        self, *, actor: Actor, draft: ReviewedDraft, pairing: Pairing, meeting: Meeting, result: IntakeResult
    ) -> None:
        self.actor, self.draft, self.meeting, self.result = actor, draft, meeting, result
        self.pairing = pairing
        self.errors: dict[str, list[str]] = {}
        self.person_ids, _party_sets = meeting_recorded(meeting.pk)
        self.agreements_before = meeting_agreements_recorded(meeting.pk)
        self.figures_before = meeting_figures_recorded(meeting.pk)
        self.new_people: dict[str, Person] = {}
        self.new_orgs: dict[str, Organization] = {}

    def error(self, key: str, message: str) -> None:
        self.errors.setdefault(key, []).append(message)

    def skip(self, what: str, why: str) -> None:
        self.result.skipped_items.append(_("%(what)s (%(why)s)") % {"what": what, "why": why})

    def _new_record(
        self, cache: dict[str, Any], create: Any, surface: str, span: tuple[int, int] | None
    ) -> Any:
        key = comparable(surface)
        if key not in cache:
            name, zh_hant, en, ja = _name_columns(surface, self.draft.language)
            cache[key] = create(
                actor=self.actor,
                name=name,
                name_zh_hant=zh_hant,
                name_en=en,
                name_ja=ja,
                source=_source(self.draft, span),
            )
        return cache[key]

    def attendees(self) -> None:
        people = Person.objects.in_bulk([a.person_id for a in self.draft.attendees if a.person_id])
        for attendee in self.draft.attendees:
            label = attendee.name.strip()
            if not label:
                self.error(f"attendee-{attendee.index}", _("Give the person's name."))
                continue
            if attendee.recorded:
                self.skip(label, _("already listed for this meeting"))
                continue
            person = people.get(attendee.person_id) if attendee.person_id else None
            if person is None:
                before = len(self.new_people)
                person = self._new_record(self.new_people, person_create, label, attendee.span)
                self.result.people_created += len(self.new_people) - before
            if person.pk in self.person_ids:
                self.skip(label, _("already listed for this meeting"))
                continue
            try:
                attendance_add(
                    actor=self.actor,
                    meeting=self.meeting,
                    person=person,
                    role=attendee.role
                    if attendee.role in Attendance.Role.values
                    else Attendance.Role.ATTENDEE,
                    title=attendee.title[:300],
                    source=_source(self.draft, attendee.span),
                )
            except ValidationError as exc:
                for message in exc.messages:
                    self.error(f"attendee-{attendee.index}", message)
                continue
            self.person_ids.add(person.pk)
            self.result.attendances += 1

    def agreements(self) -> None:
        known_orgs = Organization.objects.in_bulk(
            [org_id for item in self.draft.agreements for org_id in item.organization_ids if org_id]
        )
        saved: list[tuple[set[int], str]] = []
        for item in self.draft.agreements:
            title = item.subject.strip()[:300]
            key = f"agreement-{item.index}"
            if not title:
                self.error(key, _("Give the agreement's subject."))
                continue
            if item.recorded:
                self.skip(title, _("already signed at this meeting"))
                continue
            organizations: list[Organization] = []
            for position, party in enumerate(item.parties):
                if not party.strip():
                    continue
                org_id = item.organization_ids[position] if position < len(item.organization_ids) else None
                org = known_orgs.get(org_id) if org_id else None
                if org is None:
                    before = len(self.new_orgs)
                    org = self._new_record(self.new_orgs, organization_create, party.strip(), item.span)
                    self.result.organizations_created += len(self.new_orgs) - before
                organizations.append(org)
            ids = {org.pk for org in organizations}
            if len(ids) < 2:
                self.error(key, _("An agreement has at least two different parties."))
                continue
            # The same parties sign several agreements at one meeting: an agreement is already there only
            # when its parties and its title are.
            if any(
                ids <= parties and comparable(title) == existing
                for parties, existing in self.agreements_before
            ):
                self.skip(title, _("already signed at this meeting"))
                continue
            if (ids, comparable(title)) in saved:
                self.skip(title, _("ticked twice"))
                continue
            try:
                agreement_create(
                    actor=self.actor,
                    pairing=self.pairing,
                    meeting=self.meeting,
                    kind=item.kind if item.kind in Agreement.Kind.values else Agreement.Kind.OTHER,
                    parties=[(org, AgreementParty.Role.PARTY) for org in organizations],
                    source=_source(self.draft, item.span),
                    title=title,
                    title_en=title if self.draft.language == "en" else "",
                    title_ja=title if self.draft.language == "ja" else "",
                )
            except ValidationError as exc:
                for message in exc.messages:
                    self.error(key, message)
                continue
            saved.append((ids, comparable(title)))
            self.result.agreements += 1

    def figures(self) -> None:
        seen = set(self.figures_before)
        for item in self.draft.figures:
            label = f"{item.what} {item.value.normalize():f} {item.unit}".strip()
            signature = (comparable(item.what), item.value, comparable(item.unit))
            if signature in seen:
                self.skip(label, _("already recorded for this meeting"))
                continue
            try:
                figure_add(
                    actor=self.actor,
                    meeting=self.meeting,
                    what=item.what[:300],
                    value=item.value,
                    unit=item.unit[:40],
                    span=item.span,
                    source=_source(self.draft, item.span),
                )
            except ValidationError as exc:
                for message in exc.messages:
                    self.error(f"figure-{item.index}", message)
                continue
            seen.add(signature)
            self.result.figures += 1


@transaction.atomic
def intake_draft_save(*, actor: Actor, draft: ReviewedDraft) -> IntakeResult:
    """Save what the reviewer accepted: the meeting (or the recognized existing one), its attendances, the
    agreements signed there and the figures it states. Every ticked item is saved, or skipped because the
    meeting already has it (the result names each), or refused: then nothing is written and the
    ValidationError names each refused item by its review field (`attendee-3`, `agreement-0`, `figure-2`)."""
    pairing = pairing_get_for_user(user=actor, pairing_id=draft.pairing_id)
    kind = KIND_VALUES.get(draft.kind, draft.kind)
    if draft.meeting_id is not None:
        meeting = meeting_get_for_user(user=actor, meeting_id=draft.meeting_id)
        if meeting.pairing_id != pairing.pk:
            raise ValidationError({"meeting": _("The recognized meeting belongs to another pairing.")})
        result = IntakeResult(meeting=meeting, created_meeting=False)
        for label in draft.known_items:
            result.skipped_items.append(
                _("%(what)s (%(why)s)") % {"what": label, "why": _("already recorded")}
            )
    else:
        if not draft.title.strip():
            raise ValidationError({"title": _("Give the meeting's title.")})
        meeting = meeting_create(
            actor=actor,
            kind=kind,
            title=draft.title.strip()[:300],
            date=draft.date,
            pairing=pairing,
            number=draft.number,
            place=draft.place[:200],
            source=_source(draft, None),
        )
        result = IntakeResult(meeting=meeting, created_meeting=True)
    saver = _Saver(actor=actor, draft=draft, pairing=pairing, meeting=meeting, result=result)
    saver.attendees()
    saver.agreements()
    saver.figures()
    if saver.errors:
        raise ValidationError(saver.errors)
    return result
