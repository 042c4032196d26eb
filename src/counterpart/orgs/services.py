"""Writes of organizations, people and positions."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from counterpart.core.services import Actor, validated_save
from counterpart.geo.models import Region
from counterpart.orgs.models import Organization, Person, Position


@transaction.atomic
def organization_create(
    *,
    actor: Actor,
    name: str,
    kind: str = Organization.Kind.OTHER,
    region: Region | None = None,
    parent: Organization | None = None,
    name_zh_hant: str = "",
    name_en: str = "",
    name_ja: str = "",
    note: str = "",
    source: str = "",
) -> Organization:
    org = Organization(
        name=name,
        kind=kind,
        region=region,
        parent=parent,
        name_zh_hant=name_zh_hant,
        name_en=name_en,
        name_ja=name_ja,
        note=note,
        source=source,
    )
    return validated_save(org, actor=actor)


@transaction.atomic
def person_create(
    *, actor: Actor, name: str, name_zh_hant: str = "", name_en: str = "", name_ja: str = "", source: str = ""
) -> Person:
    person = Person(name=name, name_zh_hant=name_zh_hant, name_en=name_en, name_ja=name_ja, source=source)
    return validated_save(person, actor=actor)


@transaction.atomic
def position_create(
    *,
    actor: Actor,
    person: Person,
    title: str,
    organization: Organization | None = None,
    title_en: str = "",
    start_date: date | None = None,
    end_date: date | None = None,
    source: str = "",
) -> Position:
    position = Position(
        person=person,
        title=title,
        organization=organization,
        title_en=title_en,
        start_date=start_date,
        end_date=end_date,
        source=source,
    )
    return validated_save(position, actor=actor)
