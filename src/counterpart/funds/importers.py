"""The import of an allocation or project table into the project library: `funds.tables` reads the file,
this module resolves its places and units and writes it.

Two passes. The first (`check_projects`) reads every row and resolves, collecting every error and warning
with its row and column:

* **Places** against the national region tree under the pairing's helped region, through the one name
  resolver (`core.names.NameIndex` with geo's `short_forms`, so 民和县 and 民和 are 民和回族土族自治县):
  a county column, a town column, a village column and a 建设地点 cell (a list of towns, "全县6个乡镇", a
  town and village run together: 官亭镇喇家村) are resolved within each other, most specific first. A
  collective place is the region it speaks for (the county, or the helped region) and stays as written in
  `Project.places_text`. A place found only outside the helped region is a **warning** (the region is still
  recorded: the supervision flags an allocation to a county that is not in the pairing); a place no region
  has, or several regions equally, is an error naming the candidates.
* **Units** (责任单位, 实施单位) by the same resolver as the county writes them (扶贫办 in a table of
  民和县 is 民和县扶贫办, 交通局 海东市交通局: `NameIndex.resolve_within`); a unit no organization has is a
  warning and the project is written without one — never invented.
* **The year** is given (--year, the form); a title naming another year is a warning. A project already in
  the library (same pairing, year, title and places as written) is an error: a table imported twice.

The second (`write_projects`) writes only a file without errors, in one transaction, in bulk with its
history rows (`simple_history`'s `bulk_create_with_history`). What each amount column becomes:

* 投资(规模) / 总投资 → the project's **budget** (what the project costs, all sources).
* 东西部协作资金, 整合资金, 社会帮扶资金, 企业投资, 群众自筹 → one `ProjectFunding` per source.
* 资金金额 / 资金分配额 / 安排资金 (the money the table allocates: the cooperation funds of the helping side)
  → the cooperation `ProjectFunding` when no 东西部协作资金 column gives it, and the budget when no
  investment column does.
* The cooperation funds of each project are also recorded as a **commitment** (IATI type 2) dated the day
  given (default 1 January of the year: allocation tables are decided before the year's work), to the
  project's county (`Transaction.recipient_region`): the table is the decision to allocate
  (资金分配下达), not a receipt; receipts, disbursements and spending are recorded as they happen.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from counterpart.core.inputs import MAX_YEAR, MIN_YEAR
from counterpart.core.names import NameIndex
from counterpart.core.services import Actor, acting_user
from counterpart.core.tabular import RowError
from counterpart.funds.models import (
    FundingSource,
    Project,
    ProjectFunding,
    ProjectPlace,
    Sector,
    Stage,
    Transaction,
)
from counterpart.funds.tables import UNIT_CHOICES, ReadTable, TableRow, read_table, split_places
from counterpart.geo.models import Region
from counterpart.geo.national import short_forms
from counterpart.geo.selectors import code_prefix_q, region_prefix
from counterpart.orgs.models import Organization
from counterpart.pairings.models import Pairing
from counterpart.pairings.scope import actor_scope

Progress = Callable[[int, int, str], None]

#: Table columns → funding source.
SOURCE_OF_COLUMN = {
    "fund_cooperation": FundingSource.COOPERATION,
    "fund_pooled": FundingSource.POOLED,
    "fund_social": FundingSource.SOCIAL,
    "fund_enterprise": FundingSource.ENTERPRISE,
    "fund_own": FundingSource.FARMERS,
}
LEVEL_ORDER = {"province": 5, "prefecture": 4, "county": 3, "town": 2, "village": 1}
#: The level a written ending names (川口镇: a town).
LEVEL_OF_ENDING = (
    (("自治县", "县", "区", "旗", "市"), "county"),
    (("镇", "乡", "街道"), "town"),
    (("村", "社区", "居委会", "村委会"), "village"),
)
#: A collective place: 全县, 全市24个镇, 各乡镇, 全县6个乡镇（街道）.
COLLECTIVE = re.compile(
    r"^(?:全|各|所有)(?:省|市|州|县|縣|区|區|旗|镇|乡)?(?:\d+|[一二三四五六七八九十百]+)?个?"
)
#: Where a town's name ends inside "官亭镇喇家村".
TOWN_END = re.compile(r"镇|乡|街道")
UNIT_SPLIT = re.compile(r"\s*[、，,；;／/\n\r]+\s*")
#: A collective unit kept as written without a warning (各乡镇, 相关部门).
COLLECTIVE_UNIT = re.compile(r"^(?:[省市州县区]直)?(?:各|相关|有关|其他)")
#: Sector by words of the title and content, first match wins.
SECTOR_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("饮水", "供水", "自来水", "水窖", "管网"), Sector.WATER),
    (("搬迁", "安置", "危房", "住房"), Sector.HOUSING),
    (("学校", "幼儿园", "教育", "助学", "校舍"), Sector.EDUCATION),
    (("卫生", "医院", "医疗", "诊所"), Sector.HEALTH),
    (("培训", "劳务", "就业", "务工"), Sector.LABOUR),
    (("消费", "销售", "直播"), Sector.CONSUMPTION),
    (("道路", "产业路", "公路", "桥", "硬化", "通村", "光伏", "电站"), Sector.INFRASTRUCTURE),
    (("种植", "养殖", "大棚", "蔬菜", "果园", "水果", "基地", "肉牛", "牦牛", "藜麦", "花椒", "灌溉"),
     Sector.AGRICULTURE),
    (("车间", "园区", "冷库", "加工", "产业", "贴息", "信贷"), Sector.INDUSTRY),
)  # fmt: skip


@dataclass
class Draft:
    """A project as it will be written: from one table row, its places and unit resolved."""

    row: TableRow
    title: str
    places: list[int] = field(default_factory=list)
    places_text: str = ""
    county_id: int | None = None
    org_id: int | None = None
    sector: str = Sector.OTHER
    budget: Decimal | None = None
    fundings: dict[str, Decimal] = field(default_factory=dict)
    commitment: Decimal | None = None


@dataclass
class ImportCheck:
    """The first pass: the table read, the projects drafted, every error and warning."""

    table: ReadTable
    year: int
    drafts: list[Draft] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.drafts)

    @property
    def total(self) -> Decimal:
        """The yuan the table allocates: the sum of the rows' own amounts."""
        return self.table.total()

    @property
    def place_count(self) -> int:
        return len({pk for d in self.drafts for pk in d.places})

    @property
    def totals_ok(self) -> bool:
        return all(t.ok for t in self.table.totals)


class ImportFailed(ValidationError):
    """The table has errors; `check.errors` lists every one. Nothing was written."""

    def __init__(self, check: ImportCheck) -> None:
        self.check = check
        if check.errors:
            message = _("%(n)s errors in the table; nothing was imported.") % {"n": len(check.errors)}
        else:
            message = _("The table holds no projects; nothing was imported.")
        super().__init__(message)


# --- places ------------------------------------------------------------------------------------------------


def _level_written(text: str) -> str:
    for endings, level in LEVEL_OF_ENDING:
        if text.endswith(endings):
            return level
    return ""


@dataclass
class PlaceFound:
    region_id: int | None = None
    collective: bool = False
    outside: bool = False
    problem: str = ""


class RegionTree:
    """The regions under the helped region, read once (names and aliases by `NameIndex`, with their short
    forms; parents and levels in one more query), and the lookups of a table's places within them."""

    def __init__(self, helped: Region) -> None:
        self.helped = helped
        subtree = Region.objects.filter(code_prefix_q(region_prefix(helped.code)))
        self.index = NameIndex(subtree, forms=short_forms)
        self.info: dict[int, tuple[int | None, str, str]] = {
            pk: (parent, level, name)
            for pk, parent, level, name in subtree.values_list("pk", "parent_id", "level", "name")
        }
        self.outside: dict[str, PlaceFound] = {}
        chain: list[str] = []
        node: Region | None = helped.parent if helped.parent_id else None
        while node is not None and len(chain) < 4:
            chain.append(node.name)
            node = node.parent if node.parent_id else None
        self.above = chain

    def named_in(self, title: str) -> int | None:
        """The one county of the tree a table's title names (民和县2021年…计划表: 民和回族土族自治县), the
        places of its rows are looked up in first."""
        if not title:
            return None
        found = {
            pk
            for pk, (_parent, level, name) in self.info.items()
            if level == "county"
            and (name in title or any(form + name[-1] in title for form in short_forms(name)))
        }
        return found.pop() if len(found) == 1 else None

    def name(self, pk: int) -> str:
        return self.info[pk][2] if pk in self.info else self.index.names.get(pk, "")

    def under(self, pk: int, ancestor: int) -> bool:
        node: int | None = pk
        for _i in range(8):
            if node is None:
                return False
            if node == ancestor:
                return True
            node = self.info.get(node, (None, "", ""))[0]
        return False

    def county_of(self, pk: int) -> int | None:
        node: int | None = pk
        for _i in range(8):
            if node is None or node not in self.info:
                return None
            if self.info[node][1] == "county":
                return node
            node = self.info[node][0]
        return None

    def places_of(self, pk: int | None) -> list[str]:
        """The names a unit of this region is written under, nearest first (民和回族土族自治县, 民和县,
        海东市, 青海省)."""
        names: list[str] = []
        node = pk
        for _i in range(8):
            if node is None or node not in self.info:
                break
            parent, level, name = self.info[node]
            if level in ("county", "prefecture", "province"):
                names.append(name)
                if level == "county":
                    names += [form + "县" for form in short_forms(name) if not name.endswith("区")]
            node = parent
        return list(dict.fromkeys([*names, *self.above]))

    def find(self, text: str, within: int) -> PlaceFound:
        """The region `text` names under `within` (a region of the tree): a collective place is `within`
        itself; then the text as a region (its level as written preferred, higher levels first); then a
        town and a village run together; else a region of that name outside the helped region."""
        text = text.strip()
        if COLLECTIVE.match(text):
            return PlaceFound(within, collective=True)
        for scope in dict.fromkeys([within, self.helped.pk]):
            found = self._in(text, scope)
            if found.region_id is not None or found.problem:
                return found
        return self._outside(text)

    def _in(self, text: str, within: int) -> PlaceFound:
        found = self._within(text, within)
        if found.region_id is not None or found.problem:
            return found
        for match in TOWN_END.finditer(text):
            town, village = text[: match.end()], text[match.end() :]
            if not village or len(town) < 2:
                continue
            at = self._within(town, within)
            if at.region_id is not None:
                inner = self._within(village, at.region_id)
                if inner.region_id is not None or inner.problem:
                    return inner
        return PlaceFound()

    def _within(self, text: str, within: int) -> PlaceFound:
        candidates = [c for c in self.index.candidates(text) if self.under(c.pk, within) and c.pk != within]
        if not candidates:
            return PlaceFound()
        written = _level_written(text)
        if written and any(self.info[c.pk][1] == written for c in candidates):
            candidates = [c for c in candidates if self.info[c.pk][1] == written]
        best = max((LEVEL_ORDER.get(self.info[c.pk][1], 0), c.rank) for c in candidates)
        top = [c for c in candidates if (LEVEL_ORDER.get(self.info[c.pk][1], 0), c.rank) == best]
        if len(top) == 1:
            return PlaceFound(top[0].pk)
        names = "、".join(self._path(c.pk) for c in top[:5])
        return PlaceFound(
            problem=_("several regions have this name: %(names)s; write the town too") % {"names": names}
        )

    def _path(self, pk: int) -> str:
        parts: list[str] = []
        node: int | None = pk
        while node is not None and node in self.info and node != self.helped.pk:
            parts.append(self.info[node][2])
            node = self.info[node][0]
        return "›".join(reversed(parts))

    def _outside(self, text: str) -> PlaceFound:
        """A region of this name elsewhere in the national tree (one query per name, cached): its exact
        name or alias, else a county whose short form it is (大通县 → 大通回族土族自治县)."""
        if text in self.outside:
            return self.outside[text]
        from counterpart.core.names import name_exact_q

        rows = list(Region.objects.filter(name_exact_q(Region, text)).values_list("pk", "name", "level")[:5])
        if not rows:
            forms = short_forms(text) or [text]
            level = _level_written(text) or "county"
            rows = [
                row
                for row in Region.objects.filter(name__startswith=forms[0], level=level).values_list(
                    "pk", "name", "level"
                )[:20]
                if forms[0] in short_forms(row[1])
            ]
        if len(rows) == 1:
            found = PlaceFound(rows[0][0], outside=True)
            self.index.names.setdefault(rows[0][0], rows[0][1])
        elif rows:
            found = PlaceFound(
                problem=_("not under %(region)s, and several regions elsewhere have this name: %(names)s")
                % {"region": self.helped.name, "names": "、".join(r[1] for r in rows)}
            )
        else:
            found = PlaceFound(
                problem=_("no region of this name, under %(region)s or elsewhere")
                % {"region": self.helped.name}
            )
        self.outside[text] = found
        return found


# --- the first pass ----------------------------------------------------------------------------------------


def guess_sector(title: str, content: str) -> str:
    text = f"{title} {content}"
    for words, sector in SECTOR_WORDS:
        if any(word in text for word in words):
            return sector
    return Sector.OTHER


class _Resolver:
    def __init__(self, check: ImportCheck, pairing: Pairing) -> None:
        self.check = check
        self.pairing = pairing
        if pairing.helped_region is None:
            raise ValidationError({"pairing": _("The pairing has no helped region to find the places in.")})
        self.tree = RegionTree(pairing.helped_region)
        self.units = NameIndex(Organization.objects.all())
        self.table = check.table
        self.home = self.tree.named_in(check.table.title) or self.tree.helped.pk

    def error(self, row: int, key: str, value: str, reason: str) -> None:
        self.check.errors.append(RowError(row, self.table.label(key), value, reason))

    def warn(self, row: int, key: str, value: str, reason: str) -> None:
        self.check.warnings.append(RowError(row, self.table.label(key), value, reason))

    def place(self, row: TableRow, key: str, text: str, within: int) -> PlaceFound:
        found = self.tree.find(text, within)
        if found.problem:
            self.error(row.row, key, text, found.problem)
        elif found.outside and found.region_id is not None:
            self.warn(
                row.row,
                key,
                text,
                _("%(name)s is outside the helped region %(region)s; recorded as written")
                % {"name": self.tree.name(found.region_id), "region": self.tree.helped.name},
            )
        return found

    def draft(self, row: TableRow) -> Draft | None:
        errors_before = len(self.check.errors)
        within = self.home
        found: list[int] = []
        county: int | None = None
        collective: list[str] = []
        for key, text in (("county", row.county), ("town", row.town)):
            if not text:
                continue
            hit = self.place(row, key, text, within)
            if hit.region_id is not None:
                found = [hit.region_id]
                if not hit.outside:
                    within = hit.region_id
        for key, text in (("village", row.village), ("place", row.place)):
            parts = split_places(text)
            hits = [self.place(row, key, part, within) for part in parts]
            if hits and all(h.region_id is not None for h in hits):
                found = [h.region_id for h in hits if h.region_id is not None]
                collective += [p for p, h in zip(parts, hits, strict=True) if h.collective]
        if len(self.check.errors) > errors_before:
            return None
        places = list(dict.fromkeys(found))
        county = next((c for c in (self.tree.county_of(pk) for pk in places) if c), None)
        if county is None and places and self.tree.info.get(places[0], (None, "", ""))[1] == "county":
            county = places[0]
        if county is None and places:
            county = places[0]  # a place outside the tree read: its own region
        title = row.title or (f"{self.table.title} · {row.name}" if self.table.title else row.name)
        written = [t for t in (row.county, row.town, row.village, row.place) if t]
        draft = Draft(
            row=row,
            title=title[:300],
            places=places,
            places_text="；".join(written)[:500],
            county_id=county,
            sector=guess_sector(row.title, row.content),
        )
        self._unit(row, draft)
        self._money(row, draft)
        return draft

    def _unit(self, row: TableRow, draft: Draft) -> None:
        names = [n.strip() for n in UNIT_SPLIT.split(row.unit) if n.strip()]
        if not names:
            return
        context = draft.county_id or (draft.places[0] if draft.places else self.tree.helped.pk)
        places = self.tree.places_of(context) or [self.tree.helped.name, *self.tree.above]
        for name in names:
            if COLLECTIVE_UNIT.match(name):
                continue
            pk, candidates, _form = self.units.resolve_within(name, places)
            if pk is not None:
                draft.org_id = draft.org_id or pk
                continue
            if candidates:
                reason = _("several organizations have this name: %(names)s; written without a unit") % {
                    "names": "、".join(self.units.names.get(c.pk, "") for c in candidates[:5])
                }
            else:
                reason = _("no organization has this name; the project is written without its unit")
            self.warn(row.row, "unit", name, reason)

    def _money(self, row: TableRow, draft: Draft) -> None:
        amounts = row.amounts
        fundings: dict[str, Decimal] = {
            str(SOURCE_OF_COLUMN[k]): v for k, v in amounts.items() if k in SOURCE_OF_COLUMN
        }
        if "amount" in amounts and FundingSource.COOPERATION not in fundings:
            fundings[FundingSource.COOPERATION] = amounts["amount"]
        draft.fundings = fundings
        if "investment" in amounts:
            draft.budget = amounts["investment"]
        elif "amount" in amounts:
            draft.budget = amounts["amount"]
        elif fundings:
            draft.budget = sum(fundings.values(), Decimal(0))
        draft.commitment = fundings.get(FundingSource.COOPERATION)
        if (
            draft.budget is not None
            and sum(fundings.values(), Decimal(0)) > draft.budget
            and "investment" in amounts
        ):
            self.error(
                row.row,
                "investment",
                str(draft.budget),
                _("the sources sum to %(sum)s 元, more than the investment (%(budget)s 元)")
                % {"sum": f"{sum(fundings.values(), Decimal(0)):,.2f}", "budget": f"{draft.budget:,.2f}"},
            )


def _duplicates(check: ImportCheck, pairing: Pairing) -> None:
    """A project already in the library (pairing, year, title and places as written): the table, or part
    of it, was imported before."""
    existing = {
        (title, places): pk
        for pk, title, places in Project.objects.filter(pairing=pairing, year=check.year).values_list(
            "pk", "title", "places_text"
        )
    }
    label = check.table.label("title")
    for draft in check.drafts:
        pk = existing.get((draft.title, draft.places_text))
        if pk is not None:
            check.errors.append(
                RowError(
                    draft.row.row,
                    label,
                    draft.title,
                    _(
                        "already in the project library for %(year)s (project %(id)s): the table was "
                        "imported before"
                    )
                    % {"year": check.year, "id": pk},
                )
            )


def check_projects(
    source: str | Path | IO[bytes],
    *,
    pairing: Pairing,
    year: int,
    unit: str = "",
    filename: str = "",
    progress: Progress | None = None,
) -> ImportCheck:
    """The first pass over a table: read, resolve, check; nothing is written."""
    if unit and unit not in UNIT_CHOICES:
        raise ValidationError({"unit": _("The unit is 元 or 万元.")})
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            {"year": _("The year is between %(min)s and %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}}
        )
    table = read_table(source, filename=filename, unit=unit)
    check = ImportCheck(table=table, year=year, errors=list(table.errors), warnings=list(table.warnings))
    if table.header is None:
        return check
    if table.year is not None and table.year != year:
        check.warnings.append(
            RowError(
                0,
                "",
                table.title,
                _("the title names %(title)s; the projects are recorded for %(year)s as given")
                % {"title": table.year, "year": year},
            )
        )
    resolver = _Resolver(check, pairing)
    total = len(table.rows)
    for i, row in enumerate(table.rows, start=1):
        draft = resolver.draft(row)
        if draft is not None:
            check.drafts.append(draft)
        if progress and i % 500 == 0:
            progress(i, total, "check")
    _duplicates(check, pairing)
    check.errors.sort(key=lambda e: e.row)
    check.warnings.sort(key=lambda e: e.row)
    return check


# --- the second pass ---------------------------------------------------------------------------------------

CHUNK = 2000


@transaction.atomic
def write_projects(
    *, actor: Actor, check: ImportCheck, pairing: Pairing, date: dt.date, generated: bool = False
) -> list[Project]:
    """Write a checked table in one transaction: the projects, their places, their funding by source and
    the commitment of their cooperation funds, each in bulk with its history rows."""
    user = acting_user(actor)
    stamp = _("Imported from the table “%(title)s”") % {"title": check.table.title or _("(untitled)")}
    projects = [
        Project(
            title=d.title,
            content=d.row.content,
            sector=d.sector,
            year=check.year,
            pairing=pairing,
            implementing_org_id=d.org_id,
            places_text=d.places_text,
            budget=d.budget,
            stage=Stage.PLANNED,
            recorded_by=user,
            generated=generated,
            source=stamp[:200],
        )
        for d in check.drafts
    ]
    fk = ["pairing", "implementing_org", "agreement", "item", "recorded_by"]
    for project in projects:
        project.full_clean(exclude=fk, validate_unique=False, validate_constraints=False)
    created = bulk_create_with_history(projects, Project, batch_size=CHUNK, default_user=user)
    places = [
        ProjectPlace(project_id=p.pk, region_id=region)
        for p, d in zip(created, check.drafts, strict=True)
        for region in d.places
    ]
    bulk_create_with_history(places, ProjectPlace, batch_size=CHUNK, default_user=user)
    fundings = [
        ProjectFunding(project_id=p.pk, source=source, amount=amount)
        for p, d in zip(created, check.drafts, strict=True)
        for source, amount in d.fundings.items()
    ]
    bulk_create_with_history(fundings, ProjectFunding, batch_size=CHUNK, default_user=user)
    transactions = [
        Transaction(
            project_id=p.pk,
            kind=Transaction.Kind.COMMITMENT,
            date=date,
            amount=d.commitment,
            currency="CNY",
            description=_("Allocated by the table “%(title)s”, row %(row)s")
            % {"title": check.table.title or _("(untitled)"), "row": d.row.row},
            funding_source=FundingSource.COOPERATION,
            recipient_region_id=d.county_id,
            recorded_by=user,
            generated=generated,
            source=stamp[:200],
        )
        for p, d in zip(created, check.drafts, strict=True)
        if d.commitment
    ]
    bulk_create_with_history(transactions, Transaction, batch_size=CHUNK, default_user=user)
    return created


def projects_import(
    *,
    actor: Actor,
    source: str | Path | IO[bytes],
    pairing: Pairing,
    year: int,
    unit: str = "",
    filename: str = "",
    date: dt.date | None = None,
    dry_run: bool = False,
    generated: bool = False,
    progress: Progress | None = None,
) -> tuple[ImportCheck, list[Project]]:
    """Import an allocation or project table into the pairing's project library for `year`. Checks the
    actor may write the pairing; raises `ImportFailed` with every error and writes nothing unless the whole
    table is valid; with `dry_run`, checks only. The commitments are dated `date` (default 1 January of
    `year`), which must lie in `year`."""
    if not actor_scope(actor).can_write(pairing):
        raise PermissionDenied(_("You may not import projects for this pairing."))
    date = date or dt.date(year, 1, 1)
    if date.year != year:
        raise ValidationError(
            {"date": _("The date of the allocation lies outside %(year)s.") % {"year": year}}
        )
    check = check_projects(
        source, pairing=pairing, year=year, unit=unit, filename=filename, progress=progress
    )
    if not check.ok:
        raise ImportFailed(check)
    if dry_run:
        return check, []
    created = write_projects(actor=actor, check=check, pairing=pairing, date=date, generated=generated)
    if progress:
        progress(len(created), len(created), "write")
    return check, created


def draft_regions(check: ImportCheck) -> dict[int, str]:
    """The names of the regions the drafts name (for the dry run and the preview): one query."""
    ids = {pk for d in check.drafts for pk in d.places}
    return dict(Region.objects.filter(pk__in=ids).values_list("pk", "name"))


def summary_lines(check: ImportCheck, *, regions: dict[int, str] | None = None) -> Sequence[str]:
    """What the import writes, as the dry run prints it."""
    regions = regions if regions is not None else draft_regions(check)
    total = check.total
    lines = [
        _(
            "%(rows)s rows, %(projects)s projects, %(places)s places, %(total)s 元 (%(wan)s 万元) for "
            "%(year)s."
        )
        % {
            "rows": len(check.table.rows),
            "projects": len(check.drafts),
            "places": check.place_count,
            "total": f"{total:,.2f}",
            "wan": f"{total / 10000:,.4f}".rstrip("0").rstrip("."),
            "year": check.year,
        }
    ]
    lines.extend(_total_line(t) for t in check.table.totals)
    if not check.table.totals:
        lines.append(_("The table has no 合计 or 小计 row to check."))
    return lines


def _total_line(t: Any) -> str:
    return _(
        "row %(row)s: %(label)s of %(column)s %(written)s 元 — the %(rows)s rows sum to %(summed)s 元: %(ok)s"
    ) % {
        "row": t.row,
        "label": t.label,
        "column": t.column,
        "written": f"{t.written:,.2f}",
        "summed": f"{t.summed:,.2f}",
        "rows": t.rows,
        "ok": _("agrees") if t.ok else _("does not agree"),
    }
