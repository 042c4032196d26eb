"""The IATI 2.03 activity export (issue 16, item 8): one `iati-activity` per project of a pairing and year,
written with lxml's incremental writer (`etree.xmlfile`), so a province's library streams to the file
instead of being built in memory. Three queries, whatever the number of projects: the projects with their
organizations; their places; the transactions, read in chunks (selected by a subquery, not a list of ids).

What goes in, and the choices made where the standard asks for something the platform does not record:

- iati-identifier: the reporting organization's ref, the pairing and the project's id
  (`CN-DIV-210200-3-17`): never changed once published, since ids are never reused.
- reporting-org: the helping side (the pairing's helping organization, else its region), its ref from the
  IATI_REPORTING_ORG_REF setting or, unset, the helping region's division code under "CN-DIV-".
- participating-org: 1 funding and 3 extending the helping side, 2 accountable the helped side, 4
  implementing the project's implementing organization. Names in every language the record has one for
  (zh by default, en and ja where given: IATI's language list has no Traditional Chinese code).
- activity-status from the stage: reserve to tendered 1 (pipeline), started 2, completed 3 (finalisation:
  built, accounts not closed), accepted 4 (closed).
- sector twice: the DAC 5-digit code (vocabulary 1) the project's sector maps to (SECTOR_DAC, a choice made
  here and written down), and the platform's own list as vocabulary 99 with its narrative; 100 % each.
- recipient-country CN (100 %) and each place as a location (the division code as its ref, its name).
- a budget for the funds year (1 January – 31 December: one year, as the rules allow) when the project has
  a year and a budget; the transactions with their IATI type, date, value in CNY, provider and receiver.

Beyond the schema, the standard's rules need a start date and dates in order. A project without either is
left out and named with its reason (`IatiExport.skipped`), rather than exported with a date the county
never wrote; the command prints them, and the file names them in a comment at its top.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from lxml import etree

from counterpart.funds.models import Project, ProjectPlace, Sector, Stage, Transaction
from counterpart.orgs.models import Organization
from counterpart.pairings.models import Pairing
from counterpart.pairings.scope import actor_scope
from counterpart.pairings.selectors import pairing_subtree_q

VERSION = "2.03"
#: The activity's default language (the platform's records are written in simplified Chinese).
DEFAULT_LANGUAGE = "zh"
#: The other name columns a record may have, by IATI language code (ISO 639-1).
OTHER_LANGUAGES = (("en", "name_en"), ("ja", "name_ja"))

#: The platform's sectors as DAC 5-digit purpose codes (IATI vocabulary 1). A choice made here: the nearest
#: purpose of the CRS list to what county projects of each sector build.
SECTOR_DAC: dict[str, str] = {
    Sector.INDUSTRY: "32130",  # small and medium-sized enterprises (SME) development
    Sector.AGRICULTURE: "31120",  # agricultural development
    Sector.INFRASTRUCTURE: "43040",  # rural development (village roads, bridges, public works)
    Sector.HOUSING: "16040",  # low-cost housing (relocation sites)
    Sector.WATER: "14031",  # basic drinking water supply
    Sector.EDUCATION: "11120",  # education facilities and training
    Sector.HEALTH: "12220",  # basic health care
    Sector.LABOUR: "16020",  # employment creation
    Sector.CONSUMPTION: "33120",  # trade facilitation (selling the helped region's produce)
    Sector.OTHER: "43010",  # multisector aid
}

#: Stages as IATI activity status codes.
STAGE_STATUS: dict[str, str] = {
    Stage.RESERVE: "1",
    Stage.PLANNED: "1",
    Stage.APPROVED: "1",
    Stage.TENDERED: "1",
    Stage.STARTED: "2",
    Stage.COMPLETED: "3",
    Stage.ACCEPTED: "4",
}

#: Organization kinds as IATI organisation type codes.
ORG_TYPE: dict[str, str] = {
    Organization.Kind.GOVERNMENT: "11",  # local government (cities, counties)
    Organization.Kind.PARTY_COMMITTEE: "11",
    Organization.Kind.DEPARTMENT: "11",
    Organization.Kind.ZONE: "15",  # other public sector
    Organization.Kind.HOSPITAL: "15",
    Organization.Kind.ENTERPRISE: "70",  # private sector
    Organization.Kind.COOPERATIVE: "70",
    Organization.Kind.UNIVERSITY: "80",  # academic, training and research
    Organization.Kind.SCHOOL: "80",
    Organization.Kind.EXCHANGE: "90",
    Organization.Kind.OTHER: "90",
}


@dataclass
class IatiExport:
    """What an export wrote: the number of activities, and the projects left out with their reason."""

    activities: int = 0
    skipped: list[tuple[Project, str]] = field(default_factory=list)


def reporting_ref(pairing: Pairing) -> str:
    """The reporting organization's identifier (see the module's docstring)."""
    if settings.IATI_REPORTING_ORG_REF:
        return str(settings.IATI_REPORTING_ORG_REF)
    region = pairing.helper_region or (pairing.helper_org.region if pairing.helper_org else None)
    return f"CN-DIV-{region.code}" if region else f"CN-DIV-PAIRING-{pairing.pk}"


def date_problem(project: Project, today: dt.date) -> str:
    """Why the project cannot be an IATI activity (its dates), or ""."""
    start = project.actual_start or project.planned_start
    if start is None:
        return _("no planned or actual start date")
    if project.planned_start and project.planned_end and project.planned_end < project.planned_start:
        return _("the planned end is before the planned start")
    if project.actual_start and project.actual_end and project.actual_end < project.actual_start:
        return _("the actual end is before the actual start")
    if (project.actual_start and project.actual_start > today) or (
        project.actual_end and project.actual_end > today
    ):
        return _("an actual date is in the future")
    return ""


def iati_projects(*, actor: Any, pairing: Pairing, year: int) -> QuerySet[Project]:
    """The projects of `pairing` (and the pairings under it) for the funds `year` that `actor` reads
    (`actor=None`: system work, as a command run without --user), with what the export reads."""
    qs = Project.objects.filter(
        actor_scope(actor).pairing_q("pairing__"), pairing_subtree_q(pairing, "pairing__"), year=year
    )
    return (
        qs.select_related("implementing_org", "pairing__helper_org", "pairing__helped_org")
        .select_related("pairing__helper_region", "pairing__helped_region")
        .prefetch_related(
            Prefetch(
                "project_places",
                queryset=ProjectPlace.objects.select_related("region").order_by("region__code"),
            ),
        )
        .order_by("id")
    )


def _iso(value: dt.date) -> str:
    return value.isoformat()


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


class _Writer:
    """Adds the children of one activity's element (written whole to the file once built)."""

    def __init__(self, parent: Any) -> None:
        self.parent = parent

    def element(self, tag: str, attrib: dict[str, str] | None = None, text: str | None = None) -> Any:
        el = etree.SubElement(self.parent, tag, {k: v for k, v in (attrib or {}).items() if v})
        if text is not None:
            el.text = text
        return el

    def narratives(
        self, tag: str, names: Iterable[tuple[str, str]], attrib: dict[str, str] | None = None
    ) -> None:
        _add_narratives(self.element(tag, attrib), names)


def _add_narratives(parent: Any, names: Iterable[tuple[str, str]]) -> None:
    for language, text in names:
        if not text:
            continue
        narrative = etree.SubElement(parent, "narrative")
        if language != DEFAULT_LANGUAGE:
            narrative.set("{http://www.w3.org/XML/1998/namespace}lang", language)
        narrative.text = text


def _names(record: Any) -> list[tuple[str, str]]:
    """A named record's names: zh first, then the other languages it has."""
    if record is None:
        return []
    names = [(DEFAULT_LANGUAGE, record.name)]
    names += [(code, getattr(record, column, "")) for code, column in OTHER_LANGUAGES]
    return [(code, text) for code, text in names if text]


def _org_attrib(record: Any, role: str = "") -> dict[str, str]:
    attrib = {"role": role} if role else {}
    if isinstance(record, Organization):
        attrib["type"] = ORG_TYPE.get(record.kind, "90")
    else:  # a region standing for its government
        attrib["type"] = "11"
    return attrib


def _description(project: Project) -> str:
    if project.content.strip():
        return project.content.strip()
    places = project.places_label()
    sector = project.get_sector_display()
    return f"{project.title}（{sector}{'，' + places if places else ''}）"


def _transactions(projects: QuerySet[Project]) -> Iterator[tuple[int, list[Transaction]]]:
    """The projects' transactions grouped by project (in the projects' id order), in date order: one
    query read in chunks."""
    qs = (
        Transaction.objects.filter(project__in=projects.values("pk"))
        .select_related("provider_org", "receiver_org")
        .order_by("project_id", "date", "id")
    )
    current: int | None = None
    group: list[Transaction] = []
    for t in qs.iterator(chunk_size=2000):
        if t.project_id != current:
            if current is not None:
                yield current, group
            current, group = t.project_id, []
        group.append(t)
    if current is not None:
        yield current, group


def write_iati(
    target: str | IO[bytes],
    *,
    actor: Any,
    pairing: Pairing,
    year: int,
    today: dt.date | None = None,
) -> IatiExport:
    """Write the IATI 2.03 activities of the projects of `pairing` and `year` that `actor` reads to
    `target`, a path or a binary file. Projects whose dates the rules refuse are left out and named."""
    today = today or timezone.localdate()
    result = IatiExport()
    rows = []
    projects = iati_projects(actor=actor, pairing=pairing, year=year)
    for project in projects:
        problem = date_problem(project, today)
        if problem:
            result.skipped.append((project, problem))
        else:
            rows.append(project)
    notes = [
        _("left out: project %(id)s, %(title)s: %(reason)s")
        % {"id": project.pk, "title": project.title, "reason": reason}
        for project, reason in result.skipped
    ]
    transactions = _transactions(projects)
    pending = next(transactions, None)
    ref = reporting_ref(pairing)
    generated = timezone.now().replace(microsecond=0).isoformat()
    # The narratives are in the activity's language (zh), whatever the language of the one who asks.
    with translation.override("zh-hans"), etree.xmlfile(target, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("iati-activities", {"version": VERSION, "generated-datetime": generated}):
            for note in notes:
                xf.write(etree.Comment(f" {note.replace('--', '—')} "))
            for project in rows:
                flows: list[Transaction] = []
                # the groups of projects left out are passed over
                while pending is not None and pending[0] < project.pk:
                    pending = next(transactions, None)
                if pending is not None and pending[0] == project.pk:
                    flows = pending[1]
                    pending = next(transactions, None)
                xf.write(_activity(project, flows, ref=ref))
                result.activities += 1
    return result


def _activity(project: Project, flows: list[Transaction], *, ref: str) -> Any:
    pairing = project.pairing
    helper = pairing.helper_org or pairing.helper_region
    helped = pairing.helped_org or pairing.helped_region
    attrib = {
        "default-currency": "CNY",
        "{http://www.w3.org/XML/1998/namespace}lang": DEFAULT_LANGUAGE,
        "last-updated-datetime": project.updated_at.replace(microsecond=0).isoformat(),
    }
    activity = etree.Element("iati-activity", attrib)
    w = _Writer(activity)
    w.element("iati-identifier", text=f"{ref}-{pairing.pk}-{project.pk}")
    w.narratives("reporting-org", _names(helper), {"ref": ref, **_org_attrib(helper)})
    w.narratives("title", [(DEFAULT_LANGUAGE, project.title)])
    w.narratives("description", [(DEFAULT_LANGUAGE, _description(project))], {"type": "1"})
    w.narratives("participating-org", _names(helper), _org_attrib(helper, "1"))
    w.narratives("participating-org", _names(helped), _org_attrib(helped, "2"))
    w.narratives("participating-org", _names(helper), _org_attrib(helper, "3"))
    if project.implementing_org:
        org = project.implementing_org
        w.narratives("participating-org", _names(org), _org_attrib(org, "4"))
    w.element("activity-status", {"code": STAGE_STATUS.get(project.stage, "1")})
    for code, value in (
        ("1", project.planned_start),
        ("2", project.actual_start),
        ("3", project.planned_end),
        ("4", project.actual_end),
    ):
        if value:
            w.element("activity-date", {"type": code, "iso-date": _iso(value)})
    w.element("activity-scope", {"code": "6"})  # sub-national: a county or below
    w.element("recipient-country", {"code": "CN", "percentage": "100"})
    for place in project.project_places.all():
        _location(w, place)
    dac = SECTOR_DAC.get(project.sector, "43010")
    w.element("sector", {"vocabulary": "1", "code": dac, "percentage": "100"})
    w.narratives(
        "sector",
        [(DEFAULT_LANGUAGE, project.get_sector_display())],
        {"vocabulary": "99", "code": project.sector, "percentage": "100"},
    )
    w.element("default-flow-type", {"code": "50"})  # other flows: domestic fiscal transfers are not ODA
    if project.budget is not None and project.year:
        _budget(w, project, year=project.year, amount=project.budget)
    for t in flows:
        _transaction(w, t)
    return activity


def _location(w: _Writer, place: ProjectPlace) -> None:
    region = place.region
    el = w.element("location", {"ref": region.code})
    etree.SubElement(el, "location-reach", {"code": "1"})  # the activity happens here
    name = etree.SubElement(el, "name")
    _add_narratives(name, _names(region))
    etree.SubElement(el, "exactness", {"code": "2"})  # approximate: an administrative area
    etree.SubElement(el, "location-class", {"code": "1"})  # administrative region


def _budget(w: _Writer, project: Project, *, year: int, amount: Decimal) -> None:
    start = dt.date(year, 1, 1)
    el = w.element("budget", {"type": "1", "status": "2" if project.stage != Stage.RESERVE else "1"})
    etree.SubElement(el, "period-start", {"iso-date": _iso(start)})
    etree.SubElement(el, "period-end", {"iso-date": _iso(dt.date(year, 12, 31))})
    value = etree.SubElement(el, "value", {"currency": "CNY", "value-date": _iso(start)})
    value.text = _money(amount)


def _transaction(w: _Writer, t: Transaction) -> None:
    el = w.element("transaction")
    etree.SubElement(el, "transaction-type", {"code": str(t.kind)})
    etree.SubElement(el, "transaction-date", {"iso-date": _iso(t.date)})
    value = etree.SubElement(el, "value", {"currency": t.currency or "CNY", "value-date": _iso(t.date)})
    value.text = _money(t.amount)
    if t.description:
        _add_narratives(etree.SubElement(el, "description"), [(DEFAULT_LANGUAGE, t.description)])
    for tag, org in (("provider-org", t.provider_org), ("receiver-org", t.receiver_org)):
        if org is not None:
            _add_narratives(etree.SubElement(el, tag, {"type": ORG_TYPE.get(org.kind, "90")}), _names(org))
