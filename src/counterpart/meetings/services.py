"""Writes of meetings, their attendees and decisions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from counterpart.core.names import resolve_name
from counterpart.core.services import Actor, apply_changes, validated_save
from counterpart.core.versions import lock_for_write
from counterpart.meetings.models import Attendance, Decision, Figure, Meeting
from counterpart.meetings.selectors import meeting_scope_q
from counterpart.orgs.models import Organization, Person
from counterpart.pairings.models import Pairing
from counterpart.pairings.scope import scope_for

MEETING_EDITABLE = {
    "kind",
    "number",
    "title",
    "title_en",
    "pairing",
    "host",
    "parent",
    "date",
    "end_date",
    "place",
    "place_region",
    "summary",
    "source",
}


def _check_can_write(actor: Actor, meeting: Meeting) -> None:
    scope = scope_for(actor)
    if scope.everything:
        return
    if meeting.pairing_id is not None:
        if not scope.can_write(meeting.pairing):
            raise PermissionDenied(_("You may not change meetings of this pairing."))
    elif not (meeting.host and meeting.host.region_id in scope.home_regions):
        raise PermissionDenied(_("You may not change this meeting."))


def _check_dates(meeting: Meeting) -> None:
    errors = {}
    if meeting.end_date and meeting.date and meeting.end_date < meeting.date:
        errors["end_date"] = _("The end date is before the start date.")
    if meeting.pairing_id is None and meeting.host_id is None:
        errors["pairing"] = _("A meeting belongs to a pairing or, for a meeting of one side, to a host.")
    if meeting.parent_id and meeting.parent and meeting.pairing_id != meeting.parent.pairing_id:
        errors["parent"] = _("A part of a meeting belongs to the same pairing as the meeting.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def meeting_create(
    *,
    actor: Actor,
    kind: str,
    title: str,
    date: date,
    pairing: Pairing | None = None,
    host: Organization | None = None,
    parent: Meeting | None = None,
    number: int | None = None,
    title_en: str = "",
    end_date: date | None = None,
    place: str = "",
    place_region: Any = None,
    summary: str = "",
    source: str = "",
    check_scope: bool = True,
) -> Meeting:
    """A meeting belongs to a pairing the actor writes (or to a host in the actor's home region)."""
    meeting = Meeting(
        kind=kind,
        title=title,
        date=date,
        pairing=pairing,
        host=host,
        parent=parent,
        number=number,
        title_en=title_en,
        end_date=end_date,
        place=place,
        place_region=place_region,
        summary=summary,
        source=source,
    )
    _check_dates(meeting)  # first: "belongs to a pairing or host" is more useful than a refusal
    if check_scope:
        _check_can_write(actor, meeting)
    return validated_save(meeting, actor=actor)


@transaction.atomic
def meeting_update(*, actor: Actor, meeting: Meeting, version: int | None = None, **changes: Any) -> Meeting:
    """The actor must write the meeting both before and after the change (no moving it out of scope). With
    `version` (the one the user opened), a meeting saved since is refused (`core.versions.StaleWrite`)."""
    _check_can_write(actor, meeting)
    lock_for_write(meeting, expected_version=version, yours=changes)
    changed = apply_changes(meeting, changes, allowed=MEETING_EDITABLE)
    if not changed:
        return meeting
    _check_can_write(actor, meeting)
    _check_dates(meeting)
    return validated_save(meeting, actor=actor)


@transaction.atomic
def attendance_add(
    *,
    actor: Actor,
    meeting: Meeting,
    person: Person,
    role: str = Attendance.Role.ATTENDEE,
    title: str = "",
    order: int | None = None,
    source: str = "",
    check_scope: bool = True,
) -> Attendance:
    if check_scope:
        _check_can_write(actor, meeting)
    if order is None:
        order = meeting.attendances.count()
    if meeting.attendances.filter(person=person).exists():
        raise ValidationError({"person": _("This person is already listed for this meeting.")})
    attendance = Attendance(
        meeting=meeting, person=person, role=role, title=title, order=order, source=source
    )
    return validated_save(attendance, actor=actor)


@transaction.atomic
def decision_add(
    *,
    actor: Actor,
    meeting: Meeting,
    text: str,
    order: int | None = None,
    source: str = "",
    check_scope: bool = True,
) -> Decision:
    if check_scope:
        _check_can_write(actor, meeting)
    if order is None:
        order = meeting.decisions.count()
    return validated_save(Decision(meeting=meeting, text=text, order=order, source=source), actor=actor)


@transaction.atomic
def figure_add(
    *,
    actor: Actor,
    meeting: Meeting,
    what: str,
    value: Decimal,
    unit: str = "",
    span: tuple[int, int] | None = None,
    order: int | None = None,
    source: str = "",
    check_scope: bool = True,
) -> Figure:
    """A figure the meeting's report states; a span, when given, runs forward."""
    if check_scope:
        _check_can_write(actor, meeting)
    what = (what or "").strip()
    if span is not None and not 0 <= span[0] < span[1]:
        raise ValidationError({"span": _("The span of the source sentence is not a range of the text.")})
    if order is None:
        order = meeting.figures.count()
    figure = Figure(
        meeting=meeting,
        what=what,
        value=value,
        unit=(unit or "").strip(),
        span_start=span[0] if span else None,
        span_end=span[1] if span else None,
        order=order,
        source=source,
    )
    return validated_save(figure, actor=actor)


def meeting_writable_ids(*, actor: Actor) -> Any:
    return Meeting.objects.filter(meeting_scope_q(scope_for(actor), write=True)).values("pk")


@transaction.atomic
def attendance_add_by_name(
    *, actor: Actor, meeting: Meeting, name: str, role: str = Attendance.Role.ATTENDEE, title: str = ""
) -> Attendance:
    """Add an attendee named as a report writes the name: the registry's person of that name (in any of its
    languages, or an alias) when exactly one is named so (`core.names`), a new person otherwise. Two people
    of the same name are not guessed between: the caller is asked to pick in the admin."""
    _check_can_write(actor, meeting)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the person's name.")})
    if role not in Attendance.Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    person, candidates = resolve_name(Person.objects.all(), name)
    if person is None and candidates:
        raise ValidationError(
            {"name": _("Several people are named “%(name)s”; add this one in the admin.") % {"name": name}}
        )
    if person is None:
        from counterpart.orgs.services import person_create

        person = person_create(actor=actor, name=name)
    try:
        return attendance_add(actor=actor, meeting=meeting, person=person, role=role, title=title.strip())
    except ValidationError as exc:  # the person is what the caller named: report it on "name"
        errors = exc.message_dict
        errors["name"] = errors.pop("person", []) + errors.get("name", [])
        raise ValidationError({k: v for k, v in errors.items() if v}) from exc
