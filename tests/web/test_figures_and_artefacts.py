"""Issue 19 items 1 and 9: amounts in the language's format, charts that count what they say, and no
internals on a page (file names as sources, seeds, Django's "---------", broken sentences, "英语")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation
from lxml import html

from counterpart.agreements.models import Agreement
from counterpart.agreements.selectors import agreement_status_counts
from counterpart.core.formats import format_amount
from counterpart.core.models import SourceDocument, parse_source_span
from counterpart.plans import services as plans_services
from counterpart.web.selectors import agreement_status_chart
from tests.conftest import World, login
from tests.factories import AgreementFactory
from tests.plans.conftest import Plans
from tests.plans.conftest import plans as plans  # the fixture

pytestmark = pytest.mark.django_db

SEED_TEXT = "大連市・六盤水市精確貧困扶助作業推進会はわが市で開催された。両市は協力協議に署名した。"


# --- amounts ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "wan", "expected"),
    [
        ("zh-hans", False, "¥128,000.00"),
        ("zh-hans", True, "12.8万元"),
        ("zh-hant", True, "12.8萬元"),
        ("ja", False, "元128,000.00"),
        ("en", False, "CN¥128,000.00"),
        ("en", True, "CN¥128,000.00"),  # English has no 万: the full amount
    ],
)
def test_amounts_are_written_as_the_language_writes_them(language: str, wan: bool, expected: str) -> None:
    with translation.override(language):
        assert format_amount(Decimal("128000.00"), "CNY", wan=wan) == expected


def test_a_missing_amount_is_a_dash_and_other_currencies_keep_their_sign() -> None:
    with translation.override("zh-hans"):
        assert format_amount(None, "CNY") == "—"
        assert format_amount(Decimal("1500"), "USD") == "US$1,500.00"
        assert Template("{% load core_ui %}{{ v|money_wan }}").render(Context({"v": Decimal("2350000")})) == (
            "235万元"
        )


def test_the_agreements_list_shows_the_value_in_yuan(world: World) -> None:
    AgreementFactory(
        pairing=world.dalian_liupanshui, title="蛋鸡养殖项目", value=Decimal("128000"), currency="CNY"
    )
    page = login(world.dalian_office).get(reverse("agreements:list")).content.decode()
    assert "¥128,000.00" in page
    assert "128000.00 CNY" not in page


# --- charts count what their titles say --------------------------------------------------------------------


def test_an_agreement_flagged_stalled_counts_under_stalled(world: World) -> None:
    dl = world.dalian_liupanshui
    AgreementFactory(pairing=dl, signed_date=timezone.localdate())  # signed today: not stalled
    AgreementFactory(pairing=dl, signed_date=dt.date(2018, 9, 12))  # no report since 2018: flagged
    AgreementFactory(pairing=dl, status=Agreement.Status.STALLED)
    counts = agreement_status_counts(user=world.assessor)
    assert counts == {"signed": 1, "stalled": 2}
    chart = agreement_status_chart(user=world.assessor)
    stalled_bar = chart["series"][0]["data"][Agreement.Status.values.index("stalled")]["value"]
    with translation.override("en"):
        title = agreement_status_chart(user=world.assessor)["title"]["text"]
    assert stalled_bar == 2
    assert title.startswith("2 ")


# --- sources in words, with their passage ----------------------------------------------------------------


@pytest.fixture
def cited(world: World) -> Agreement:
    SourceDocument.objects.create(
        file_name="000_24c8201ea03fd8b9.txt",
        kind=SourceDocument.Kind.NEWS_REPORT,
        published=dt.date(2018, 9, 13),
        language="ja",
        title="大连市·六盘水市精准扶贫协作推进会在我市召开",
        text=SEED_TEXT,
    )
    start = SEED_TEXT.index("両市")
    return AgreementFactory(
        pairing=world.dalian_liupanshui, source=f"000_24c8201ea03fd8b9.txt:{start}-{len(SEED_TEXT)}"
    )


def test_a_source_is_cited_in_words_and_links_to_its_passage(world: World, cited: Agreement) -> None:
    client = login(world.dalian_office)
    page = client.get(reverse("agreements:detail", args=[cited.pk])).content.decode()
    assert "000_24c8201ea03fd8b9" not in page
    tree = html.fromstring(page)
    link = tree.xpath("//*[@data-testid='source']//a")[0]
    assert link.text_content() == "报道（2018-09-13，日文）"
    source = client.get(link.get("href"))
    assert source.status_code == 200
    passage = html.fromstring(source.content.decode()).xpath("//mark[@data-testid='passage']")[0]
    assert passage.text_content() == "両市は協力協議に署名した。"
    assert "000_24c8201ea03fd8b9" not in source.content.decode()


def test_a_generated_record_says_so_in_the_language_of_the_page(world: World) -> None:
    agreement = AgreementFactory(
        pairing=world.dalian_liupanshui, source="generated; counts from 001_x.txt:1-2"
    )
    page = login(world.dalian_office).get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert "生成的演示数据" in page
    assert "001_x.txt" not in page
    assert "generated;" not in page


def test_a_source_span_is_read_only_from_a_passage_reference() -> None:
    assert parse_source_span("000_24c8201ea03fd8b9.txt:2187-2603") == ("000_24c8201ea03fd8b9.txt", 2187, 2603)
    assert parse_source_span("generated") is None
    assert parse_source_span("000.txt:9-3") is None


# --- no internals on a page --------------------------------------------------------------------------------


def test_the_language_switcher_names_each_language_in_itself(world: World) -> None:
    page = login(world.dalian_office).get(reverse("web:home")).content.decode()
    options = [
        o.text_content().strip()
        for o in html.fromstring(page).xpath("//select[@id='language-select']/option")
    ]
    assert options == ["简体中文", "繁體中文", "English", "日本語"]
    assert "英语" not in page


@pytest.mark.parametrize(
    "url_name",
    ["assistance:dispatch_create", "assistance:purchase_create", "meetings:create", "agreements:create"],
)
def test_no_dropdown_shows_django_dashes(world: World, url_name: str) -> None:
    response = login(world.dalian_office).get(reverse(url_name))
    assert response.status_code == 200
    page = response.content.decode()
    assert "---------" not in page
    assert "请选择" in page


def test_filters_offer_all_instead_of_a_dash(world: World) -> None:
    page = login(world.dalian_office).get(reverse("households:list")).content.decode()
    assert "---------" not in page
    status = html.fromstring(page).xpath("//select[@name='status']/option")[0]
    assert status.text_content().strip() == "全部"


def test_a_report_without_a_reporter_reads_as_a_sentence(plans: Plans) -> None:
    entry = plans_services.ledger_entry_submit(
        actor=None, item=plans.item_a, year=2018, month=6, value=Decimal("10"), narrative="已开工"
    )
    page = (
        login(plans.world.dalian_office).get(reverse("plans:item", args=[plans.item_a.pk])).content.decode()
    )
    assert "由 — 于" not in page
    stamp = timezone.localtime(entry.submitted_at).strftime("%Y-%m-%d %H:%M")
    assert f"于 {stamp} 填报" in page


def test_spot_check_seeds_are_for_the_assessor_only(plans: Plans) -> None:
    office = login(plans.world.dalian_office)
    list_page = office.get(reverse("plans:list", args=[plans.rlist.pk])).content.decode()
    assert 'name="seed"' not in list_page
    office.post(
        reverse("plans:spot_check_draw", args=[plans.rlist.pk]), {"sample_size": 1, "seed": 6606242730068939}
    )
    check = plans.rlist.spot_checks.get()  # type: ignore[attr-defined]
    page = office.get(reverse("plans:spot_check", args=[check.pk])).content.decode()
    assert str(check.seed) not in page
    assert "种子" not in page
    assessor = login(plans.world.assessor)
    assert 'name="seed"' in assessor.get(reverse("plans:list", args=[plans.rlist.pk])).content.decode()
    details = html.fromstring(assessor.get(reverse("plans:spot_check", args=[check.pk])).content.decode())
    assert str(check.seed) in details.get_element_by_id("draw-details").text_content()


def test_an_empty_sample_size_says_so(plans: Plans) -> None:
    office = login(plans.world.dalian_office)
    response = office.post(
        reverse("plans:spot_check_draw", args=[plans.rlist.pk]), {"sample_size": "0"}, follow=True
    )
    assert not plans.rlist.spot_checks.exists()  # type: ignore[attr-defined]
    assert "抽取事项数" in response.content.decode()  # the message names the field


def test_the_unit_chart_is_sorted_and_names_every_bar() -> None:
    from counterpart.plans.selectors import UnitSummary, dashboard_charts

    summary = [
        UnitSummary(1, "甲局", 4, {"done": 1}),
        UnitSummary(2, "乙局", 4, {"done": 4}),
        UnitSummary(3, "丙局", 4, {"done": 2}),
    ]
    charts = dashboard_charts(summary, [])
    completion = charts["completion"]
    assert completion["yAxis"]["data"] == ["乙局", "丙局", "甲局"]
    assert completion["series"][0]["data"] == sorted(completion["series"][0]["data"], reverse=True)
    assert completion["yAxis"]["axisLabel"]["interval"] == 0
    donut = charts["status_mix"]["series"][0]
    assert donut["bottom"] > 0
