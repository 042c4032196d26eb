"""Loads the demo data of `facts.py` through the services, once: every record is remembered by its fact key in
`DemoRecord`, so loading again changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models, transaction

from counterpart.agreements import services as agreement_services
from counterpart.core.models import SourceDocument
from counterpart.core.services import alias_add, source_document_record
from counterpart.demo import facts
from counterpart.demo.records import demo_object, demo_remember
from counterpart.geo import services as geo_services
from counterpart.geo.models import Region
from counterpart.geo.national import apply_code_changes
from counterpart.meetings import services as meeting_services
from counterpart.meetings.models import Meeting
from counterpart.orgs import services as org_services
from counterpart.orgs.models import Organization, Person
from counterpart.pairings import services as pairing_services
from counterpart.pairings.models import Pairing

Fact = Mapping[str, Any]


def _date(value: str | dt.date | None) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def _source(row: Fact) -> str:
    """The record's source span and the further spans of the same fact in other reports (000 and 003)."""
    return "; ".join(s for s in (row.get("source"), *row.get("also", ())) if s)[:200]


class DemoLoader:
    def __init__(self, log: Callable[[str], None] | None = None) -> None:
        self.log = log or (lambda _msg: None)
        self.created = 0
        self.known: dict[str, Any] = {}

    # Keys ------------------------------------------------------------------------------------------------
    def _find(self, key: str, model: type[models.Model]) -> Any:
        if key not in self.known:
            obj = demo_object(key, model)
            if obj is None:
                return None
            self.known[key] = obj
        return self.known[key]

    def _remember(self, key: str, obj: models.Model) -> None:
        demo_remember(key, obj)
        self.known[key] = obj
        self.created += 1

    def region(self, code: str | None) -> Region | None:
        return self._find(f"region-{code}", Region) if code else None

    def org(self, key: str | None) -> Organization | None:
        return self._find(f"org-{key}", Organization) if key else None

    def _org_required(self, key: str) -> Organization:
        org = self.org(key)
        if org is None:
            raise KeyError(f"demo facts: unknown organization key {key!r}")
        return org

    def side(self, ref: str | None) -> tuple[Region | None, Organization | None]:
        """A pairing side is a region code or an organization key."""
        if not ref:
            return None, None
        if ref.isdigit():
            return self.region(ref), None
        return None, self.org(ref)

    # Loading ---------------------------------------------------------------------------------------------
    @transaction.atomic
    def load(self) -> int:
        self.load_sources(facts.PUBLISHED)
        self.load_regions(facts.REGIONS)
        self.load_organizations(facts.ORGANIZATIONS)
        self.load_people(facts.PEOPLE)
        self.load_aliases(getattr(facts, "ALIASES", ()))
        self.load_pairings(facts.PAIRINGS)
        self.load_meetings(facts.MEETINGS)
        self.load_attendances(facts.ATTENDANCES)
        self.load_decisions(getattr(facts, "DECISIONS", ()))
        self.load_agreements(facts.AGREEMENTS)
        return self.created

    def load_sources(self, rows: Iterable[Fact]) -> None:
        """The seed reports as source documents (kind, date, language, title: what `{% cite %}` shows), with
        their text when the seeds are at `DEMO_SEEDS_DIR` (never copied into the repository)."""
        seeds = Path(settings.DEMO_SEEDS_DIR) if settings.DEMO_SEEDS_DIR else None
        for row in rows:
            path = seeds / row["seed"] if seeds else None
            text = path.read_text(encoding="utf-8") if path is not None and path.is_file() else None
            stored = SourceDocument.objects.filter(file_name=row["seed"]).first()
            exists = stored is not None
            if stored is not None and (text is None or stored.text == text):
                continue  # loading again changes nothing
            source_document_record(
                actor=None,
                file_name=row["seed"],
                kind=row["kind"],
                language=row["language"],
                title=row["title"],
                published=_date(row["published"]),
                publisher=row.get("publisher", ""),
                text=text,
            )
            self.created += int(not exists)

    def load_regions(self, rows: Iterable[Fact]) -> None:
        pending = list(rows)
        # Parents first; successors after every region exists.
        for row in sorted(pending, key=lambda r: (r["code"][2:] != "0000", r["code"][4:] != "00", r["code"])):
            key = f"region-{row['code']}"
            existing = None if self._find(key, Region) else Region.objects.filter(code=row["code"]).first()
            if existing is not None:
                # Loaded before the demo (the national tree): keep its row, add the demo's names and dates.
                self._remember(
                    key,
                    geo_services.region_fill(
                        actor=None,
                        region=existing,
                        source=_source(row),
                        name_zh_hant=row.get("name_zh_hant") or "",
                        name_en=row.get("name_en") or "",
                        name_ja=row.get("name_ja") or "",
                        valid_from=_date(row.get("valid_from")),
                        valid_to=_date(row.get("valid_to")),
                        parent=self.region(row.get("parent")),
                    ),
                )
            elif self._find(key, Region) is None:
                self._remember(
                    key,
                    geo_services.region_create(
                        actor=None,
                        code=row["code"],
                        name=row["name"],
                        level=row["level"],
                        parent=self.region(row.get("parent")),
                        name_zh_hant=row.get("name_zh_hant") or "",
                        name_en=row.get("name_en") or "",
                        name_ja=row.get("name_ja") or "",
                        valid_from=_date(row.get("valid_from")),
                        valid_to=_date(row.get("valid_to")),
                        source=_source(row),
                    ),
                )
        for row in pending:
            successor = self.region(row.get("successor"))
            region = self.region(row["code"])
            if successor is not None and region is not None and region.successor_id is None:
                Region.objects.filter(pk=region.pk).update(successor=successor)
        # The known code changes (the national tree's table) on the former codes the demo has just added.
        apply_code_changes()

    def load_organizations(self, rows: Iterable[Fact]) -> None:
        for row in rows:
            key = f"org-{row['key']}"
            if self._find(key, Organization) is None:
                self._remember(
                    key,
                    org_services.organization_create(
                        actor=None,
                        name=row["name"],
                        kind=row.get("kind") or Organization.Kind.OTHER,
                        region=self.region(row.get("region")),
                        name_zh_hant=row.get("name_zh_hant") or "",
                        name_en=row.get("name_en") or "",
                        name_ja=row.get("name_ja") or "",
                        note=row.get("note") or "",
                        source=_source(row),
                    ),
                )

    def load_people(self, rows: Iterable[Fact]) -> None:
        for row in rows:
            key = f"person-{row['key']}"
            if self._find(key, Person) is None:
                self._remember(
                    key,
                    org_services.person_create(
                        actor=None,
                        name=row["name"],
                        name_zh_hant=row.get("name_zh_hant") or "",
                        name_en=row.get("name_en") or "",
                        name_ja=row.get("name_ja") or "",
                        source=_source(row),
                    ),
                )

    def load_aliases(self, rows: Iterable[Fact]) -> None:
        models_by_kind: dict[str, tuple[str, type[models.Model]]] = {
            "region": ("region-", Region),
            "organization": ("org-", Organization),
            "person": ("person-", Person),
        }
        for row in rows:
            prefix, model = models_by_kind[row["target_kind"]]
            target = self._find(f"{prefix}{row['target']}", model)
            if target is not None:
                alias_add(
                    actor=None,
                    target=target,
                    language=row["language"],
                    text=row["text"],
                    kind=row.get("kind") or "variant",
                )

    def load_pairings(self, rows: Iterable[Fact]) -> None:
        for row in rows:
            helper_region, helper_org = self.side(row["helper"])
            helped_region, helped_org = self.side(row["helped"])
            parent = self._find(f"pairing-{row['parent']}", Pairing) if row.get("parent") else None
            key = f"pairing-{row['key']}"
            if self._find(key, Pairing) is None:
                self._remember(
                    key,
                    pairing_services.pairing_create(
                        actor=None,
                        check_scope=False,
                        level=row["level"],
                        programme=row["programme"],
                        helper_region=helper_region,
                        helper_org=helper_org,
                        helped_region=helped_region,
                        helped_org=helped_org,
                        parent=parent,
                        start_date=_date(row.get("start_date")),
                        start_precision=row.get("start_precision") or "day",
                        note=row.get("note") or "",
                        source=_source(row),
                    ),
                )

    def load_meetings(self, rows: Iterable[Fact]) -> None:
        for row in rows:  # parents come before their parts in facts.MEETINGS
            pairing = self._find(f"pairing-{row['pairing']}", Pairing) if row.get("pairing") else None
            parent = self._find(f"meeting-{row['parent']}", Meeting) if row.get("parent") else None
            key = f"meeting-{row['key']}"
            if self._find(key, Meeting) is None:
                self._remember(
                    key,
                    meeting_services.meeting_create(
                        actor=None,
                        check_scope=False,
                        kind=row["kind"],
                        number=row.get("number"),
                        title=row["title"],
                        title_en=row.get("title_en") or "",
                        pairing=pairing,
                        host=self.org(row.get("host")),
                        parent=parent,
                        date=dt.date.fromisoformat(row["date"]),
                        end_date=_date(row.get("end_date")),
                        place=row.get("place") or "",
                        place_region=self.region(row.get("place_region")),
                        summary=row.get("summary") or "",
                        source=_source(row),
                    ),
                )

    def load_attendances(self, rows: Iterable[Fact]) -> None:
        from counterpart.meetings.models import Attendance

        for index, row in enumerate(rows):
            meeting = self._find(f"meeting-{row['meeting']}", Meeting)
            person = self._find(f"person-{row['person']}", Person)
            key = f"attendance-{row['meeting']}-{row['person']}"
            if self._find(key, Attendance) is None:
                self._remember(
                    key,
                    meeting_services.attendance_add(
                        actor=None,
                        check_scope=False,
                        meeting=meeting,
                        person=person,
                        role=row.get("role") or "attendee",
                        title=row.get("title") or "",
                        order=row.get("order", index),
                        source=_source(row),
                    ),
                )

    def load_decisions(self, rows: Iterable[Fact]) -> None:
        from counterpart.meetings.models import Decision

        for index, row in enumerate(rows):
            meeting = self._find(f"meeting-{row['meeting']}", Meeting)
            key = f"decision-{row['meeting']}-{row.get('order', index)}"
            if self._find(key, Decision) is None:
                self._remember(
                    key,
                    meeting_services.decision_add(
                        actor=None,
                        check_scope=False,
                        meeting=meeting,
                        text=row["text"],
                        order=row.get("order", index),
                        source=_source(row),
                    ),
                )

    def load_agreements(self, rows: Iterable[Fact]) -> None:
        from counterpart.agreements.models import Agreement

        for row in rows:
            pairing = self._find(f"pairing-{row['pairing']}", Pairing)
            meeting = self._find(f"meeting-{row['meeting']}", Meeting) if row.get("meeting") else None
            parties = [(self._org_required(org_key), role) for org_key, role in row["parties"]]
            value = row.get("value")
            key = f"agreement-{row['key']}"
            if self._find(key, Agreement) is None:
                self._remember(
                    key,
                    agreement_services.agreement_create(
                        actor=None,
                        check_scope=False,
                        pairing=pairing,
                        meeting=meeting,
                        title=row["title"],
                        title_en=row.get("title_en") or "",
                        title_ja=row.get("title_ja") or "",
                        kind=row.get("kind") or "cooperation",
                        sector=row.get("sector") or "general",
                        signed_date=_date(row.get("signed_date")),
                        value=Decimal(str(value)) if value is not None else None,
                        parties=parties,
                        source=_source(row),
                    ),
                )


def load_demo(log: Callable[[str], None] | None = None) -> int:
    """Load the demo data; returns how many records were created (0 when already loaded)."""
    from counterpart.demo.funds_demo import load_funds_demo
    from counterpart.demo.households_demo import load_households_demo
    from counterpart.demo.plans_demo import load_plans_demo

    created = DemoLoader(log).load()
    created += load_plans_demo(log)
    created += load_funds_demo(log)
    return created + (load_households_demo() or 0)
