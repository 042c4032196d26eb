"""The IATI 2.03 export (issue 16 item 8): valid against the official schema in ../shared/iati-2.03, and
against the standard's rules beyond it (a start date, a sector with percentages summing to 100 per
vocabulary, dates in order, a budget of at most a year), from the service, the command and the page."""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from lxml import etree

from counterpart.funds import services
from counterpart.funds.iati import SECTOR_DAC, write_iati
from counterpart.funds.models import Project, Sector, Transaction
from counterpart.orgs.models import Organization
from tests.conftest import SEEDS_DIR, World, login
from tests.funds.conftest import record

SCHEMA = SEEDS_DIR.parent / "iati-2.03" / "iati-activities-schema.xsd"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TODAY = dt.date(2024, 10, 15)


@pytest.fixture(scope="module")
def schema() -> Any:
    if not SCHEMA.is_file():
        pytest.skip(f"the IATI 2.03 schemas are not available at {SCHEMA.parent}")
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def rule_problems(doc: Any, today: dt.date = TODAY) -> list[str]:
    """The IATI rules beyond the schema that the export must keep (DOMAIN.md, "IATI 2.03 beyond the
    schema"); each broken rule as a sentence naming the activity."""
    problems = []
    for act in doc.getroot().iter("iati-activity"):
        ident = act.findtext("iati-identifier")
        dates = {d.get("type"): dt.date.fromisoformat(d.get("iso-date")) for d in act.iter("activity-date")}
        if not ({"1", "2"} & set(dates)):
            problems.append(f"{ident}: no start date")
        for start, end in (("1", "3"), ("2", "4")):
            if start in dates and end in dates and dates[end] < dates[start]:
                problems.append(f"{ident}: end {end} before start {start}")
        problems += [
            f"{ident}: actual date {k} in the future" for k in ("2", "4") if k in dates and dates[k] > today
        ]
        problems += sector_problems(act, ident)
        transactions = act.findall("transaction")
        countries = sum(Decimal(c.get("percentage", "100")) for c in act.findall("recipient-country"))
        if countries != 100:
            problems.append(f"{ident}: recipient countries sum to {countries}")
        for budget in act.findall("budget"):
            start = dt.date.fromisoformat(budget.find("period-start").get("iso-date"))
            end = dt.date.fromisoformat(budget.find("period-end").get("iso-date"))
            if not start < end or (end - start).days > 366:
                problems.append(f"{ident}: budget period {start}–{end}")
        for t in transactions:
            if dt.date.fromisoformat(t.find("transaction-date").get("iso-date")) > today:
                problems.append(f"{ident}: a transaction in the future")
    return problems


def sector_problems(act: Any, ident: str) -> list[str]:
    """Sector at activity level or on every transaction, not both; 100 % per vocabulary; 98/99 named."""
    problems = []
    activity_sectors = act.findall("sector")
    transactions = act.findall("transaction")
    if activity_sectors and any(t.find("sector") is not None for t in transactions):
        problems.append(f"{ident}: sector both on the activity and on transactions")
    if not activity_sectors and not all(t.find("sector") is not None for t in transactions):
        problems.append(f"{ident}: no sector")
    shares: dict[str, Decimal] = defaultdict(Decimal)
    for s in activity_sectors:
        shares[s.get("vocabulary", "1")] += Decimal(s.get("percentage", "100"))
        if s.get("vocabulary") in {"98", "99"} and s.find("narrative") is None:
            problems.append(f"{ident}: sector vocabulary {s.get('vocabulary')} without a narrative")
    problems += [f"{ident}: sectors of vocabulary {v} sum to {p}" for v, p in shares.items() if p != 100]
    return problems


def export(world: World, year: int = 2024, user: Any = None, today: dt.date = TODAY) -> tuple[Any, Any]:
    buffer = io.BytesIO()
    actor = user or world.assessor
    result = write_iati(buffer, actor=actor, pairing=world.dalian_liupanshui, year=year, today=today)
    return etree.fromstring(buffer.getvalue()).getroottree(), result


@pytest.fixture
def full_project(project: Project) -> Project:
    """The conftest's project with an implementing unit, a content and four kinds of flow."""
    org = Organization.objects.create(
        name="钟山区农业农村局", name_en="Zhongshan Agriculture Bureau", kind=Organization.Kind.DEPARTMENT
    )
    services.project_update(
        actor=None, project=project, content="建设冷水鱼养殖池 20 个", implementing_org=org
    )
    record(project, Transaction.Kind.INCOMING_COMMITMENT, "1000000", dt.date(2024, 1, 5))
    record(project, Transaction.Kind.INCOMING_FUNDS, "800000", dt.date(2024, 2, 1), provider_org=org)
    record(project, Transaction.Kind.DISBURSEMENT, "500000", dt.date(2024, 3, 1), description="首批拨付")
    record(project, Transaction.Kind.EXPENDITURE, "200000.50", dt.date(2024, 4, 1))
    return project


def test_a_project_with_its_money_is_a_valid_activity(
    world: World, full_project: Project, schema: Any
) -> None:
    doc, result = export(world)
    schema.assertValid(doc)
    assert rule_problems(doc) == []
    assert result.activities == 1
    assert result.skipped == []
    (act,) = doc.getroot().findall("iati-activity")
    assert act.findtext("iati-identifier") == f"CN-DIV-210200-{world.dalian_liupanshui.pk}-{full_project.pk}"
    assert act.find("reporting-org").get("ref") == "CN-DIV-210200"
    assert [n.text for n in act.find("reporting-org")] == ["大连市", "Dalian"]
    assert act.find("reporting-org").findall("narrative")[1].get(XML_LANG) == "en"
    assert act.findtext("title/narrative") == "冷水鱼养殖"
    assert act.findtext("description/narrative") == "建设冷水鱼养殖池 20 个"
    roles = {o.get("role"): o.findtext("narrative") for o in act.findall("participating-org")}
    assert roles == {"1": "大连市", "2": "六盘水市", "3": "大连市", "4": "钟山区农业农村局"}
    assert act.find("activity-status").get("code") == "2"
    dates = {d.get("type"): d.get("iso-date") for d in act.findall("activity-date")}
    assert dates == {"1": "2024-01-01", "2": "2024-01-10", "3": "2024-12-31"}
    sectors = {s.get("vocabulary"): s.get("code") for s in act.findall("sector")}
    assert sectors == {"1": SECTOR_DAC[Sector.AGRICULTURE], "99": "agriculture"}
    assert act.find("location").get("ref") == "520201"
    assert act.findtext("location/name/narrative") == "钟山区"
    assert act.findtext("budget/value") == "1000000.00"
    flows = [
        (
            t.find("transaction-type").get("code"),
            t.find("transaction-date").get("iso-date"),
            t.findtext("value"),
        )
        for t in act.findall("transaction")
    ]
    assert flows == [
        ("11", "2024-01-05", "1000000.00"),
        ("1", "2024-02-01", "800000.00"),
        ("3", "2024-03-01", "500000.00"),
        ("4", "2024-04-01", "200000.50"),
    ]
    assert act.find("transaction[2]/provider-org").get("type") == "11"
    assert act.findtext("transaction[3]/description/narrative") == "首批拨付"


def test_the_reporting_ref_comes_from_the_setting(world: World, full_project: Project, settings: Any) -> None:
    settings.IATI_REPORTING_ORG_REF = "CN-USC-91210200MA0XXXXXXX"
    doc, _ = export(world)
    act = doc.getroot().find("iati-activity")
    assert act.find("reporting-org").get("ref") == "CN-USC-91210200MA0XXXXXXX"
    assert act.findtext("iati-identifier").startswith("CN-USC-91210200MA0XXXXXXX-")


def test_projects_the_rules_refuse_are_left_out_and_named(
    world: World, county: Any, full_project: Project, schema: Any
) -> None:
    undated = services.project_create(
        actor=None, pairing=world.dalian_liupanshui, title="无日期项目", year=2024, places=[county]
    )
    future = services.project_create(
        actor=None,
        pairing=world.dalian_liupanshui,
        title="尚未开工",
        year=2024,
        places=[county],
        planned_start=dt.date(2024, 11, 1),
        actual_start=dt.date(2024, 11, 2),
    )
    other_year = services.project_create(
        actor=None,
        pairing=world.dalian_liupanshui,
        title="上一年的项目",
        year=2023,
        places=[county],
        planned_start=dt.date(2023, 3, 1),
    )
    doc, result = export(world)
    schema.assertValid(doc)
    assert rule_problems(doc) == []
    assert [a.findtext("title/narrative") for a in doc.getroot().iter("iati-activity")] == ["冷水鱼养殖"]
    comments = [c.text for c in doc.getroot().iter(etree.Comment)]
    assert len(comments) == 2
    assert any("无日期项目" in c and "没有计划或实际开工日期" in c for c in comments)
    assert {p.pk: reason for p, reason in result.skipped} == {
        undated.pk: "没有计划或实际开工日期",
        future.pk: "实际日期晚于今天",
    }
    assert other_year.pk not in {p.pk for p, _ in result.skipped}


def test_another_pairings_projects_are_not_exported(world: World, full_project: Project) -> None:
    doc, result = export(world, user=world.shanghai_office)
    assert result.activities == 0
    assert doc.getroot().find("iati-activity") is None


def test_the_demo_pairings_export_validates(db: Any, schema: Any) -> None:
    from counterpart.demo.loader import load_demo
    from counterpart.pairings.models import Pairing

    load_demo()
    exported = 0
    for pairing in Pairing.objects.filter(projects__isnull=False).distinct():
        years = set(Project.objects.filter(pairing=pairing).values_list("year", flat=True)) - {None}
        for year in sorted(years):
            buffer = io.BytesIO()
            result = write_iati(buffer, actor=None, pairing=pairing, year=year)
            doc = etree.fromstring(buffer.getvalue()).getroottree()
            schema.assertValid(doc)
            assert rule_problems(doc, timezone.localdate()) == []
            assert result.activities == len(doc.getroot().findall("iati-activity"))
            exported += result.activities
    assert exported > 0


def test_the_command_writes_the_file_and_names_what_it_left_out(
    world: World, county: Any, full_project: Project, schema: Any, tmp_path: Path
) -> None:
    services.project_create(
        actor=None, pairing=world.dalian_liupanshui, title="无日期项目", year=2024, places=[county]
    )
    out, err = io.StringIO(), io.StringIO()
    target = tmp_path / "dl-2024.xml"
    call_command(
        "export-iati", pairing=world.dalian_liupanshui.pk, year=2024, out=str(target), stdout=out, stderr=err
    )
    doc = etree.parse(str(target))
    schema.assertValid(doc)
    assert len(doc.getroot().findall("iati-activity")) == 1
    assert "1 个活动" in out.getvalue()
    assert "1 个未导出" in out.getvalue()
    assert "无日期项目" in err.getvalue()
    assert "没有计划或实际开工日期" in err.getvalue()
    assert [p.name for p in tmp_path.iterdir()] == ["dl-2024.xml"]  # no partial file left beside it


def test_the_command_refuses_an_unknown_pairing(db: Any, tmp_path: Path) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="999"):
        call_command("export-iati", pairing=999, year=2024, out=str(tmp_path / "x.xml"))
    assert not (tmp_path / "x.xml").exists()


def test_the_download_is_the_users_pairing_and_year(world: World, full_project: Project, schema: Any) -> None:
    client = login(world.dalian_office)
    url = f"/funds/projects/iati.xml?pairing={world.dalian_liupanshui.pk}&year=2024"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert "attachment" in response["Content-Disposition"]
    doc = etree.fromstring(response.content).getroottree()
    schema.assertValid(doc)
    assert len(doc.getroot().findall("iati-activity")) == 1
    # another pairing's office: not found, as for every record outside the scope
    assert login(world.shanghai_office).get(url).status_code == 404
    # the pairing and the year are needed, with the reason beside them
    response = client.get("/funds/projects/iati.xml?pairing=&year=2024")
    assert response.status_code == 400


def test_the_lists_downloads_follow_its_filters(world: World, full_project: Project, county: Any) -> None:
    """The download links are part of the table htmx replaces, so they carry the filters of what is shown;
    the workbook holds the projects the list shows (a sector filter included)."""
    from python_calamine import CalamineWorkbook

    services.project_create(
        actor=None, pairing=world.dalian_liupanshui, title="村卫生室", sector=Sector.HEALTH, year=2024
    )
    client = login(world.dalian_office)
    page = client.get("/funds/projects/").content.decode()
    assert 'id="project-iati-hint"' in page
    assert 'id="project-iati"' not in page
    query = f"pairing={world.dalian_liupanshui.pk}&year=2024&sector=agriculture"
    partial = client.get(f"/funds/projects/?{query}", HTTP_HX_REQUEST="true").content.decode()
    assert f'href="/funds/projects/export.xlsx?{query.replace("&", "&amp;")}"' in partial
    assert f'href="/funds/projects/iati.xml?{query.replace("&", "&amp;")}"' in partial
    workbook = client.get(f"/funds/projects/export.xlsx?{query}").content
    rows = CalamineWorkbook.from_filelike(io.BytesIO(workbook)).get_sheet_by_index(0).to_python()
    titles = [row[1] for row in rows[1:]]
    assert titles == ["冷水鱼养殖"]
