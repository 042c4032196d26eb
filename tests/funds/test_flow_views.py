"""The fund-flow views of the dashboard (issue 16 item 7): the committed funds from the helping side to the
helped county and on to the sector (a Sankey diagram), and the counties ranked by spending rate; each
county's money counted once, whatever the places of its projects; the same figures in the tables."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from counterpart.funds import selectors, services
from counterpart.funds.models import Project, Sector, Stage, Transaction
from tests.conftest import World, login
from tests.factories import RegionFactory
from tests.funds.conftest import record

K = Transaction.Kind


def _project(world: World, title: str, places: list[Any], sector: str, year: int = 2024) -> Project:
    return services.project_create(
        actor=None,
        pairing=world.dalian_liupanshui,
        title=title,
        sector=sector,
        year=year,
        places=places,
        stage=Stage.STARTED,
        planned_start=dt.date(year, 1, 1),
        planned_end=dt.date(year, 12, 31),
        actual_start=dt.date(year, 1, 5),
    )


@pytest.fixture
def flows(world: World, county: Any) -> dict[str, Any]:
    town = RegionFactory(code="520201001", name="荷城街道", level="town", parent=county)
    liuzhi = RegionFactory(code="520203", name="六枝特区", level="county", parent=county.parent)
    fish = _project(world, "冷水鱼养殖", [county], Sector.AGRICULTURE)
    record(fish, K.COMMITMENT, "1000000")
    record(fish, K.INCOMING_FUNDS, "800000")
    record(fish, K.DISBURSEMENT, "800000")
    record(fish, K.EXPENDITURE, "400000")
    clinic = _project(world, "村卫生室", [town], Sector.HEALTH)
    record(clinic, K.COMMITMENT, "500000")
    record(clinic, K.INCOMING_FUNDS, "500000")
    record(clinic, K.DISBURSEMENT, "500000")
    record(clinic, K.EXPENDITURE, "500000")
    road = _project(world, "产业路", [county, liuzhi], Sector.INFRASTRUCTURE)  # two counties: counted once
    record(road, K.COMMITMENT, "300000")
    loans = _project(world, "小额信贷贴息", [], Sector.OTHER)
    record(loans, K.COMMITMENT, "100000")
    old = _project(world, "去年的大棚", [liuzhi], Sector.AGRICULTURE, year=2023)
    record(old, K.COMMITMENT, "200000", date=dt.date(2023, 3, 1))
    return {"county": county, "liuzhi": liuzhi}


def test_each_projects_money_counts_once_for_its_county_and_sector(
    world: World, flows: dict[str, Any]
) -> None:
    rows = selectors.fund_flow_by_county(user=world.dalian_office, year=2024)
    got = {(r["county_name"], r["sector"]): (r["committed"], r["received"], r["spent"]) for r in rows}
    assert got == {
        ("钟山区", "agriculture"): (Decimal("1000000"), Decimal("800000"), Decimal("400000")),
        ("钟山区", "health"): (Decimal("500000"), Decimal("500000"), Decimal("500000")),
        ("跨县项目", "infrastructure"): (Decimal("300000"), Decimal(0), Decimal(0)),
        ("未填地点", "other"): (Decimal("100000"), Decimal(0), Decimal(0)),
    }
    assert {r["helper"] for r in rows} == {world.dalian_liupanshui.helper_region.name}
    # all years: 2023's greenhouse in 六枝特区 too; the totals equal the fund flow by year
    every = selectors.fund_flow_by_county(user=world.dalian_office)
    assert sum(r["committed"] for r in every) == sum(
        r["committed"] for r in selectors.fund_flow_by_year(user=world.dalian_office)
    )
    assert ("六枝特区", "agriculture") in {(r["county_name"], r["sector"]) for r in every}
    assert selectors.fund_flow_by_county(user=world.shanghai_office) == []


def test_the_counties_are_ranked_by_spending_rate(world: World, flows: dict[str, Any]) -> None:
    ranking = selectors.county_spending_ranking(
        selectors.fund_flow_by_county(user=world.dalian_office, year=2024)
    )
    assert next((c["name"], c["rate"]) for c in ranking) == ("钟山区", Decimal("69.2"))  # 90 of 130 万元
    assert all(c["rate"] is None for c in ranking[1:])  # nothing received: no rate, ranked last
    chart = selectors.county_ranking_chart(ranking)
    assert chart["yAxis"]["data"] == ["钟山区"]
    assert chart["series"][0]["data"] == [69.2]


def test_the_sankey_links_add_up_and_its_nodes_are_unique(world: World, flows: dict[str, Any]) -> None:
    chart = selectors.fund_sankey_chart(selectors.fund_flow_by_county(user=world.dalian_office, year=2024))
    series = chart["series"][0]
    names = [n["name"] for n in series["data"]]
    assert len(names) == len(set(names))
    links = {(link["source"], link["target"]): link["value"] for link in series["links"]}
    helper = world.dalian_liupanshui.helper_region.name
    assert links[(helper, "钟山区")] == 150.0
    assert links[("钟山区", "农业")] == 100.0
    assert links[("钟山区", "医疗卫生")] == 50.0
    assert links[(helper, "跨县项目")] == 30.0
    # what flows into a county flows out of it
    for county in ("钟山区", "跨县项目", "未填地点"):
        inflow = sum(v for (s, t), v in links.items() if t == county)
        outflow = sum(v for (s, t), v in links.items() if s == county)
        assert inflow == outflow


def test_a_name_two_levels_share_is_told_apart() -> None:
    rows = [
        {"helper": "其他", "county": "520201", "county_name": "其他", "sector": "other",
         "committed": Decimal("10000"), "received": Decimal(0), "spent": Decimal(0)},
    ]  # fmt: skip
    names = [n["name"] for n in selectors.fund_sankey_chart(rows)["series"][0]["data"]]
    assert len(names) == len(set(names)) == 3


def test_the_dashboard_shows_both_views_with_a_constant_number_of_queries(
    world: World, flows: dict[str, Any], county: Any
) -> None:
    client = login(world.dalian_office)
    page = client.get("/funds/?year=2024").content.decode()
    assert 'id="chart-fund-sankey"' in page
    assert 'id="chart-county-ranking"' in page
    assert "69.2%" in page
    assert '<option value="2024" selected>' in page
    table = page[page.index('id="fund-by-county"') :].split("</table>")[0]
    assert "钟山区" in table
    assert "六枝特区" not in table  # its only project with money in one county is of 2023
    with CaptureQueriesContext(connection) as before:
        client.get("/funds/?year=2024")
    for n in range(5):
        record(_project(world, f"新项目{n}", [county], Sector.EDUCATION), K.COMMITMENT, "10000")
    with CaptureQueriesContext(connection) as after:
        client.get("/funds/?year=2024")
    assert len(after.captured_queries) == len(before.captured_queries)
    empty = login(world.shanghai_office).get("/funds/").content.decode()
    assert "尚未登记承诺资金。" in empty
