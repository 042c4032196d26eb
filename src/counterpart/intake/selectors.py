"""Reads of the registry for report intake: the table of names, pairings, meetings that may be the same
meeting, and the government organization that stands for a region when a report names a city as a party.

These are intake's own selectors (the other apps' selectors are scope-filtered reads for users; matching
a draft reads names only, and what is saved goes through the other apps' services and their scope checks).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from counterpart.agreements.models import Agreement, AgreementParty
from counterpart.core.models import Alias
from counterpart.geo.models import Region
from counterpart.intake.gazetteer import Entry, Gazetteer, strip_admin_suffix
from counterpart.intake.lexicon import KIND_VALUES
from counterpart.intake.text import comparable
from counterpart.meetings.models import Figure, Meeting
from counterpart.orgs.models import Organization, Person
from counterpart.pairings.models import Pairing
from counterpart.pairings.scope import scope_for

NAME_COLUMNS = ("name", "name_zh_hant", "name_en", "name_ja")

#: Meeting kinds that may be the same meeting when the pairing and the day agree (reports call one meeting
#: a joint meeting in one language and a promotion meeting in another); signing ceremonies and visits are
#: parts of a meeting and match only themselves.
_MEETING_LIKE = {"joint_meeting", "promotion_meeting", "seminar", "monthly_dispatch", "standing_committee"}


def kinds_compatible(a: str, b: str) -> bool:
    return a == b or "other" in (a, b) or (a in _MEETING_LIKE and b in _MEETING_LIKE)


def gazetteer_from_db() -> Gazetteer:
    """The table of names: one query per table (regions, organizations, people, aliases)."""
    names: list[tuple[str, Entry]] = []
    targets: dict[tuple[int, int], Entry] = {}
    for kind, model in (("region", Region), ("organization", Organization), ("person", Person)):
        content_type = ContentType.objects.get_for_model(model)
        for row in model.objects.values_list("id", *NAME_COLUMNS):
            pk, zh = row[0], row[1]
            entry = Entry(kind, pk, zh)
            targets[(content_type.pk, pk)] = entry
            for name in row[1:]:
                if name:
                    names.append((name, entry))
                    if kind == "region":
                        names.append((strip_admin_suffix(name), entry))
    for content_type_id, object_id, text in Alias.objects.values_list("content_type_id", "object_id", "text"):
        target = targets.get((content_type_id, object_id))
        if target is not None:
            names.append((text, target))
    return Gazetteer(names)


def pairing_find(
    helper_regions: list[int], helped_regions: list[int], helper_orgs: list[int], helped_orgs: list[int]
) -> tuple[int | None, bool]:
    """The pairing between the two sides, and whether it runs the other way round than given.
    A top-level pairing (no parent) is preferred."""

    def side_q(prefix: str, regions: list[int], orgs: list[int]) -> Q:
        return Q(**{f"{prefix}_region_id__in": regions}) | Q(**{f"{prefix}_org_id__in": orgs})

    forward = side_q("helper", helper_regions, helper_orgs) & side_q("helped", helped_regions, helped_orgs)
    backward = side_q("helper", helped_regions, helped_orgs) & side_q("helped", helper_regions, helper_orgs)
    rows = list(
        Pairing.objects.filter(forward | backward).values_list(
            "id", "parent_id", "helper_region_id", "helper_org_id"
        )
    )
    if not rows:
        return None, False
    rows.sort(key=lambda r: (r[1] is not None, r[0]))
    pk, _parent, helper_region, helper_org = rows[0]
    reversed_ = (helper_region in helped_regions and helper_region is not None) or (
        helper_org in helped_orgs and helper_org is not None
    )
    return pk, reversed_


def meeting_find_same(
    *, pairing_id: int, kind: str, date: dt.date | None, month_day: tuple[int, int] | None
) -> tuple[int, dt.date] | None:
    """An existing meeting of the pairing on the same day (or, when the report gives no year, on the same
    month and day, if only one) whose kind is compatible; meetings that are not part of another first."""
    qs = Meeting.objects.filter(pairing_id=pairing_id)
    if date is not None:
        qs = qs.filter(date=date)
    elif month_day is not None:
        qs = qs.filter(date__month=month_day[0], date__day=month_day[1])
    else:
        return None
    model_kind = KIND_VALUES.get(kind, "other")
    rows = [
        r for r in qs.values_list("id", "kind", "date", "parent_id") if kinds_compatible(model_kind, r[1])
    ]
    rows.sort(key=lambda r: (r[3] is not None, r[1] != model_kind, r[0]))
    if not rows or (date is None and len({r[2] for r in rows}) > 1):
        return None
    return rows[0][0], rows[0][2]


def governments_of_regions(region_ids: list[int]) -> dict[int, int]:
    """region id → the id of its government organization (a report's "the two cities" as parties)."""
    out: dict[int, int] = {}
    rows = Organization.objects.filter(
        region_id__in=region_ids, kind=Organization.Kind.GOVERNMENT
    ).values_list("region_id", "id")
    for region_id, org_id in sorted(rows, key=lambda r: r[1]):
        out.setdefault(region_id, org_id)
    return out


def meeting_recorded(meeting_id: int) -> tuple[set[int], list[set[int]]]:
    """What a meeting already has: its attendees' person ids and the party sets of the agreements signed at
    it or at one of its parts (a signing ceremony held during the meeting)."""
    person_ids = set(
        Meeting.objects.filter(pk=meeting_id).values_list("attendances__person_id", flat=True)
    ) - {None}
    parties: dict[int, set[int]] = {}
    rows = AgreementParty.objects.filter(
        Q(agreement__meeting_id=meeting_id) | Q(agreement__meeting__parent_id=meeting_id)
    ).values_list("agreement_id", "organization_id")
    for agreement_id, org_id in rows:
        parties.setdefault(agreement_id, set()).add(org_id)
    return person_ids, [parties[k] for k in sorted(parties)]


def meeting_agreements_recorded(meeting_id: int) -> list[tuple[set[int], str]]:
    """The agreements signed at a meeting or its parts: their party ids and their title (`comparable`)."""
    parties: dict[int, set[int]] = {}
    titles: dict[int, str] = {}
    rows = AgreementParty.objects.filter(
        Q(agreement__meeting_id=meeting_id) | Q(agreement__meeting__parent_id=meeting_id)
    ).values_list("agreement_id", "organization_id")
    for agreement_id, org_id in rows:
        parties.setdefault(agreement_id, set()).add(org_id)
    for pk, title in Agreement.objects.filter(pk__in=list(parties)).values_list("pk", "title"):
        titles[pk] = comparable(title)
    return [(parties[k], titles.get(k, "")) for k in sorted(parties)]


def meeting_figures_recorded(meeting_id: int) -> set[tuple[str, Decimal, str]]:
    """The figures a meeting has: (what, value, unit), the texts `comparable`."""
    rows = Figure.objects.filter(meeting_id=meeting_id).values_list("what", "value", "unit")
    return {(comparable(what), value, comparable(unit)) for what, value, unit in rows}


def figure_signature(figure: dict[str, Any]) -> tuple[str, Decimal | None, str]:
    """A draft figure as `meeting_figures_recorded` compares it."""
    try:
        value: Decimal | None = Decimal(str(figure["value"]).replace(",", ""))
    except ArithmeticError:
        value = None
    return comparable(figure["what"]), value, comparable(figure["unit"])


def mark_recorded(draft: dict[str, Any], person_ids: set[int], party_sets: list[set[int]]) -> None:
    """Flag the items of a draft of an already recorded meeting that the registry already has: an attendee
    whose person attends it, an agreement whose known parties all sign one of its agreements (each existing
    agreement accounts for one draft agreement)."""
    for attendee in draft["attendees"]:
        attendee["match"]["recorded"] = attendee["match"].get("person_id") in person_ids
    free = list(range(len(party_sets)))
    for agreement in draft["agreements"]:
        known = {i for i in agreement["match"]["organization_ids"] if i is not None}
        hit = None
        if known:
            candidates = [k for k in free if known <= party_sets[k]]
            # an exact party set first, then the smallest one that holds the known parties
            candidates.sort(key=lambda k: (party_sets[k] != known, len(party_sets[k]), k))
            hit = candidates[0] if candidates else None
        if hit is not None:
            free.remove(hit)
        agreement["match"]["recorded"] = hit is not None


def draft_limit_to_user(draft: dict[str, Any], user: Any) -> dict[str, Any]:
    """Hide registry matches the user may not read: a pairing (and its meeting) outside the user's scope is
    not revealed, the draft then reads as if it matched nothing there."""
    match = draft["meeting"]["match"]
    if match.get("pairing_id") is not None:
        pairing = Pairing.objects.filter(pk=match["pairing_id"]).only("path").first()
        if pairing is None or not scope_for(user).can_read(pairing):
            match["pairing_id"] = None
            match["meeting_id"] = None
            draft["meeting"].pop("date_source", None)
            for item in [*draft["attendees"], *draft["agreements"], *draft["figures"]]:
                item.get("match", {}).pop("recorded", None)
    return draft


class DatabaseRegistry:
    """Matches a draft against the registry: pairing, same meeting, people, parties."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or gazetteer_from_db()

    def _ids(self, name: str, kind: str) -> list[int]:
        return sorted({e.id for e in self.gazetteer.lookup_loose(name, kind) if e.id is not None})

    def match_draft(self, draft: dict[str, Any]) -> None:  # noqa: C901  # to split (issue 12)
        meeting = draft["meeting"]
        pairing = meeting.get("pairing")
        pairing_id = None
        if pairing and len(pairing) == 2:
            a, b = pairing
            pairing_id, reversed_ = pairing_find(
                self._ids(a, "region"),
                self._ids(b, "region"),
                self._ids(a, "organization"),
                self._ids(b, "organization"),
            )
            if pairing_id is not None and reversed_:
                meeting["pairing"] = [b, a]
        meeting["match"]["pairing_id"] = pairing_id
        if pairing_id is not None:
            date = dt.date.fromisoformat(meeting["date"]) if meeting.get("date") else None
            month_day = None
            partial = meeting.get("date_partial") or ""
            if date is None and len(partial) == 7 and partial.startswith("--"):
                month_day = (int(partial[2:4]), int(partial[5:7]))
            same = meeting_find_same(
                pairing_id=pairing_id, kind=meeting["kind"], date=date, month_day=month_day
            )
            if same is not None:
                meeting["match"]["meeting_id"] = same[0]
                if date is None:
                    meeting["date"] = same[1].isoformat()
                    meeting["date_source"] = "registry"
        for attendee in draft["attendees"]:
            ids = self._ids(attendee["name"], "person")
            attendee["match"]["person_id"] = ids[0] if len(ids) == 1 else None
        region_of_party: dict[str, int] = {}
        for agreement in draft["agreements"]:
            for party in agreement["parties"]:
                if not self._ids(party, "organization"):
                    regions = self._ids(party, "region")
                    if len(regions) == 1:
                        region_of_party[party] = regions[0]
        governments = governments_of_regions(sorted(set(region_of_party.values()))) if region_of_party else {}
        for agreement in draft["agreements"]:
            org_ids: list[int | None] = []
            for party in agreement["parties"]:
                ids = self._ids(party, "organization")
                if len(ids) == 1:
                    org_ids.append(ids[0])
                elif party in region_of_party:
                    org_ids.append(governments.get(region_of_party[party]))
                else:
                    org_ids.append(None)
            agreement["match"]["organization_ids"] = org_ids
        if meeting["match"].get("meeting_id") is not None:
            mark_recorded(draft, *meeting_recorded(meeting["match"]["meeting_id"]))
            figures = meeting_figures_recorded(meeting["match"]["meeting_id"])
            for figure in draft["figures"]:
                figure["match"] = {"recorded": figure_signature(figure) in figures}
