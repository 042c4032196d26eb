"""The public notice of a county's projects of a year (issue 16 item 5): the page, the .xlsx and the .pdf
show the same rows and the same figures; numbers only, no household read; the user's scope; choices that
cannot make a notice refused beside their field."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from counterpart.funds import notice as notices
from counterpart.funds import services
from counterpart.funds.models import FundingSource, Project, Sector, Stage
from counterpart.orgs.models import Organization
from tests.conftest import World, login
from tests.factories import RegionFactory

QUERY = "county=520201&year=2024&published=2024-11-01&days=10&phone=0858-1234567&publisher=钟山区乡村振兴局"


@pytest.fixture
def notice_projects(world: World, county: Any) -> dict[str, Project]:
    """Two published projects of the county in 2024 (one in a town under it), and three that are not in
    its notice: one in the reserve, one of 2023, one of another county."""
    town = RegionFactory(code="520201001", name="荷城街道", level="town", parent=county)
    other = RegionFactory(code="520203", name="六枝特区", level="county", parent=county.parent)
    org = Organization.objects.create(
        name="钟山区农业农村局", kind=Organization.Kind.GOVERNMENT, region=county
    )
    pairing = world.dalian_liupanshui
    made = {
        "fish": services.project_create(
            actor=None,
            pairing=pairing,
            title="冷水鱼养殖",
            sector=Sector.AGRICULTURE,
            content="新建养殖池20亩",
            year=2024,
            places=[county],
            implementing_org=org,
            budget=Decimal("1234500"),
            stage=Stage.STARTED,
            planned_start=dt.date(2024, 3, 1),
            planned_end=dt.date(2024, 12, 31),
            villages=3,
            households=120,
            people=450,
            poor_people=80,
            fundings={
                FundingSource.COOPERATION: Decimal("1000000"),
                FundingSource.POOLED: Decimal("200000"),
                FundingSource.FARMERS: Decimal("34500"),
            },
        ),
        "greenhouse": services.project_create(
            actor=None,
            pairing=pairing,
            title="蔬菜大棚",
            year=2024,
            places=[town],
            stage=Stage.PLANNED,
            households=30,
            fundings={FundingSource.COOPERATION: Decimal("500000"), FundingSource.SOCIAL: Decimal("50000")},
        ),
        "reserve": services.project_create(
            actor=None, pairing=pairing, title="储备项目", year=2024, places=[county], stage=Stage.RESERVE
        ),
        "last_year": services.project_create(
            actor=None, pairing=pairing, title="去年的项目", year=2023, places=[county], stage=Stage.STARTED
        ),
        "elsewhere": services.project_create(
            actor=None, pairing=pairing, title="别县的项目", year=2024, places=[other], stage=Stage.STARTED
        ),
    }
    return made


def test_the_notice_holds_the_countys_published_projects_with_their_totals(
    world: World, county: Any, notice_projects: dict[str, Project]
) -> None:
    with CaptureQueriesContext(connection) as queries:
        notice = notices.public_notice(user=world.dalian_office, county=county, year=2024)
    assert [row.title for row in notice.rows] == ["冷水鱼养殖", "蔬菜大棚"]
    fish, greenhouse = notice.rows
    assert fish.places == "钟山区"
    assert greenhouse.places == "荷城街道"
    assert fish.implementing == "钟山区农业农村局"
    assert fish.stage == "已开工"
    assert fish.money == {
        "total": Decimal("1234500"),
        "cooperation": Decimal("1000000"),
        "pooled": Decimal("200000"),
        "farmers": Decimal("34500"),
        "other": None,
    }
    # no budget: the total is the sum of the sources; social donations in the "other" column
    assert greenhouse.money["total"] == Decimal("550000")
    assert greenhouse.money["other"] == Decimal("50000")
    assert notice.money_totals["total"] == Decimal("1784500")
    assert notice.money_totals["cooperation"] == Decimal("1500000")
    assert notice.money_totals["other"] == Decimal("50000")
    assert notice.count_totals == {"villages": 3, "households": 150, "people": 450, "poor_people": 80}
    # numbers only: not one query reads the registry, whatever the projects reach
    assert not [q["sql"] for q in queries.captured_queries if "households_" in q["sql"]]
    assert len(queries.captured_queries) <= 4


def test_another_pairings_office_gets_an_empty_notice(
    world: World, county: Any, notice_projects: dict[str, Project]
) -> None:
    assert notices.public_notice(user=world.shanghai_office, county=county, year=2024).rows == []
    page = login(world.shanghai_office).get(f"/funds/notice/?{QUERY}").content.decode()
    assert "冷水鱼养殖" not in page
    assert 'id="notice-empty"' in page


def _page_total(page: str) -> list[str]:
    """The cells of the page's totals row."""
    row = re.search(r'<tr class="total-row">(.*?)</tr>', page, re.S)
    assert row is not None
    return [cell.strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)]


def test_the_page_and_its_downloads_show_the_same_figures(
    world: World, county: Any, notice_projects: dict[str, Project]
) -> None:
    from pypdf import PdfReader
    from python_calamine import CalamineWorkbook

    client = login(world.dalian_office)
    page = client.get(f"/funds/notice/?{QUERY}").content.decode()
    assert "钟山区 2024年东西部协作项目公示" in page or "钟山区2024年东西部协作项目公示" in page
    assert "冷水鱼养殖" in page
    assert "蔬菜大棚" in page
    assert "储备项目" not in page
    assert "去年的项目" not in page
    assert "别县的项目" not in page
    totals = _page_total(page)
    assert totals[:2] == ["合计", "2 个项目"]
    assert totals[5:10] == ["178.45", "150", "20", "3.45", "5"]  # total, cooperation, pooled, farmers, other
    assert totals[10:14] == ["3", "150", "450", "80"]
    assert "监督电话：0858-1234567" in page
    assert "2024-11-01至2024-11-10" in page
    assert 'href="/funds/notice/notice.xlsx?county=520201&amp;year=2024&amp;published=2024-11-01' in page

    response = client.get(f"/funds/notice/notice.xlsx?{QUERY}")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    assert "东西部协作项目公示" in rows[0][0]
    assert rows[1][0].startswith("单位：万元")
    assert rows[2][:4] == ["序号", "项目名称", "建设地点", "建设内容"]
    assert [r[1] for r in rows[3:5]] == ["冷水鱼养殖", "蔬菜大棚"]
    assert rows[3][5:10] == [123.45, 100.0, 20.0, 3.45, ""]
    total_row = rows[5]
    assert total_row[0] == "合计"
    assert total_row[5:14] == [
        178.45,
        150.0,
        20.0,
        3.45,
        5.0,
        3.0,
        150.0,
        450.0,
        80.0,
    ]
    assert any("监督电话：0858-1234567" in str(r[0]) for r in rows[6:])

    if not notices.pdf_available():
        pytest.skip("no font with Chinese characters is installed (fonts-noto-cjk): the PDF cannot be made")
    assert 'id="notice-pdf"' in page
    response = client.get(f"/funds/notice/notice.pdf?{QUERY}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    # pypdf reads fpdf2's two-byte codes (an embedded Identity CMap) with a NUL before each character
    text = re.sub(r"[\s\x00]+", "", text)
    assert "东西部协作项目公示" in text
    assert "冷水鱼养殖" in text
    assert "蔬菜大棚" in text
    assert "储备项目" not in text
    assert "合计2个项目" in text
    assert "178.45" in text
    assert "3.45" in text
    assert "监督电话：0858-1234567" in text


def test_the_notice_reads_in_the_users_language(
    world: World, county: Any, notice_projects: dict[str, Project]
) -> None:
    page = login(world.dalian_office, language="ja").get(f"/funds/notice/?{QUERY}").content.decode()
    assert "公示" in page
    assert "合計" in page
    assert "Public notice" not in page
    assert "Total investment" not in page


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("county=520000&year=2024", "county", "请选择区县"),
        ("county=520201", "year", "此项为必填项。"),
        ("county=520201&year=2024&phone=call+me", "phone", "电话号码"),
        ("county=520201&year=2024&days=0", "days", "1"),
    ],
)
def test_choices_that_make_no_notice_are_refused_beside_their_field(
    world: World, county: Any, query: str, field: str, message: str
) -> None:
    client = login(world.dalian_office)
    page = client.get(f"/funds/notice/?{query}").content.decode()
    match = re.search(
        rf'<div class="field field--error" id="field-{field}">(.*?)(?=<div class="field|</form>)', page, re.S
    )
    assert match is not None, page
    assert message in match.group(1)
    assert 'id="notice"' not in page
    for download in ("notice.xlsx", "notice.pdf"):
        response = client.get(f"/funds/notice/{download}?{query}")
        assert response.status_code == 400
        assert message in response.content.decode()


def test_a_pdf_without_a_chinese_font_says_so(
    world: World, county: Any, notice_projects: dict[str, Project], settings: Any
) -> None:
    settings.NOTICE_FONT_CANDIDATES = ["/nonexistent/font.ttc"]
    notices._font_file.cache_clear()
    try:
        client = login(world.dalian_office)
        page = client.get(f"/funds/notice/?{QUERY}").content.decode()
        assert 'id="notice-pdf-missing"' in page
        assert 'id="notice-pdf"' not in page
        response = client.get(f"/funds/notice/notice.pdf?{QUERY}")
        assert response.status_code == 503
        assert "没有可以显示中文的字体" in response.content.decode()
    finally:
        notices._font_file.cache_clear()


def test_a_long_content_is_cut_the_same_everywhere_and_the_pdf_still_renders(
    world: World, county: Any
) -> None:
    """A content of 4,000 characters (the most a form takes) would not fit in one printed row: the notice
    cuts it at CONTENT_MAX with "…" on the page, in the .xlsx and in the .pdf alike."""
    from python_calamine import CalamineWorkbook

    services.project_create(
        actor=None, pairing=world.dalian_liupanshui, title="长内容项目", year=2024, places=[county],
        stage=Stage.PLANNED, content="建设内容" * 1000, places_text="",
    )  # fmt: skip
    notice = notices.public_notice(user=world.dalian_office, county=county, year=2024)
    (row,) = notice.rows
    assert len(row.content) == notices.CONTENT_MAX
    assert row.content.endswith("…")
    client = login(world.dalian_office)
    page = client.get("/funds/notice/?county=520201&year=2024").content.decode()
    assert row.content in page
    book = client.get("/funds/notice/notice.xlsx?county=520201&year=2024").content
    rows = CalamineWorkbook.from_filelike(io.BytesIO(book)).get_sheet_by_index(0).to_python()
    assert rows[3][3] == row.content
    if notices.pdf_available():
        response = client.get("/funds/notice/notice.pdf?county=520201&year=2024")
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF")
