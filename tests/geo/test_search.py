"""Region search (selector, page, picker, API) and the tree browser over the small national tree."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import translation

from counterpart.core.models import Alias
from counterpart.core.names import EXACT_ALIAS, EXACT_NAME, PARTIAL_NAME, PREFIX_NAME
from counterpart.geo.forms import chain_label
from counterpart.geo.models import Region
from counterpart.geo.selectors import region_search
from tests.conftest import api_client, login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def alias(code: str, text: str, kind: str = "former") -> None:
    Alias.objects.create(
        content_type=ContentType.objects.get_for_model(Region),
        object_id=Region.objects.get(code=code).pk,
        language="zh-hans",
        text=text,
        kind=kind,
    )


def found(text: str, **kwargs: Any) -> list[tuple[str, int | None]]:
    return [(r.code, c.rank if c else None) for r, c in region_search(text, **kwargs)]


def test_two_villages_of_one_name_are_told_apart_by_their_chain(tree: Any) -> None:
    hits = region_search("新村")
    assert [r.code for r, _c in hits] == ["520201101201", "520204100200"]
    assert [chain_label(r) for r, _c in hits] == [
        "贵州省 › 六盘水市 › 钟山区 › 大河镇 › 新村",
        "贵州省 › 六盘水市 › 水城区 › 蟠龙镇 › 新村",
    ]


def test_exact_names_come_before_prefixes_and_partial_matches(tree: Any) -> None:
    Region.objects.filter(code="520204").update(name_en="Shuicheng District")
    assert found("水城区") == [("520204", EXACT_NAME)]
    assert found("钟山") == [("520201", PREFIX_NAME)]
    hits = found("山")
    assert ("520201", PARTIAL_NAME) in hits
    assert found("shuicheng district") == [("520204", EXACT_NAME)]


def test_higher_levels_come_first_among_equals(tree: Any) -> None:
    assert found("中山市") == [("442000", EXACT_NAME)]
    assert [code for code, _r in found("5202")][:3] == ["520200", "520201", "520204"]
    assert found("520204100") == [("520204100", None), ("520204100200", None), ("520204100201", None)]


def test_former_names_and_short_forms_are_found_through_aliases(tree: Any) -> None:
    alias("520281", "盘县")
    alias("520000", "黔", kind="short")
    assert found("盘县") == [("520281", EXACT_ALIAS)]
    assert found("黔")[0] == ("520000", EXACT_ALIAS)


def test_a_committees_full_name_finds_its_village(tree: Any) -> None:
    assert found("渔塘村村民委员会") == [("520201101200", EXACT_NAME)]
    assert found("海坝村委会") == [("520204100201", EXACT_NAME)]


def test_results_are_limited_and_filtered_by_level(tree: Any) -> None:
    assert len(region_search("5", limit=3)) == 3
    assert {code for code, _r in found("52", level="town")} == {"520201101", "520204100", "520281001"}
    assert found("   ") == []
    assert found("不存在的地方") == []


def test_a_search_costs_a_few_queries_whatever_it_finds(
    tree: Any, django_assert_max_num_queries: Any
) -> None:
    # Each step is one query (the three other-language columns one each), run only while room is left.
    with django_assert_max_num_queries(13):
        hits = region_search("村")
        labels = [chain_label(r) for r, _c in hits]
    assert len(labels) == 4  # 渔塘村, two 新村, 海坝村


# --- pages ------------------------------------------------------------------------------------------------


@pytest.fixture
def client(tree: Any) -> Client:
    return login(UserFactory(username="reader"))


def test_the_tree_starts_at_the_provinces_with_their_counts(client: Client) -> None:
    html = client.get("/regions/").content.decode()
    assert "贵州省" in html
    assert "广东省" in html
    guizhou = Region.objects.get(code="520000")
    assert guizhou.children.count() == 2
    assert 'href="/regions/520000/"' in html


def test_a_town_lists_its_villages_under_its_chain(client: Client) -> None:
    html = client.get("/regions/520204100/").content.decode()
    assert "新村" in html
    assert "海坝村" in html
    assert 'href="/regions/520204/"' in html  # the chain above it
    assert (
        client.get("/regions/520204100/", headers={"HX-Request": "true"}).content.decode().count("<tr>") == 3
    )


def test_a_code_not_in_the_tree_is_404(client: Client) -> None:
    assert client.get("/regions/999999/").status_code == 404
    assert client.get("/regions/abc/").status_code == 404


def test_the_tree_and_search_need_a_login(tree: Any) -> None:
    assert Client().get("/regions/").status_code == 302
    assert Client().get("/regions/search/?q=新村").status_code == 302


def test_the_search_page_shows_chains_and_why(client: Client) -> None:
    with translation.override("en"):
        html = client.get("/regions/search/?q=新村", headers={"Accept-Language": "en"}).content.decode()
    assert html.count("/regions/520204100200/") == 1
    assert "大河镇" in html
    assert "蟠龙镇" in html


def test_the_picker_lists_options_with_code_and_chain(client: Client) -> None:
    html = client.get("/regions/search/?q=水城&pick=1").content.decode()
    assert 'data-code="520204"' in html
    assert 'data-label="贵州省 › 六盘水市 › 水城区"' in html
    assert "<html" not in html


# --- API --------------------------------------------------------------------------------------------------


def test_the_api_search_gives_the_chain_and_reason(tree: Any) -> None:
    client = api_client(UserFactory(username="api-reader"))
    with translation.override("en"):
        body = client.get("/api/regions/search", {"q": "新村"}, headers={"Accept-Language": "en"}).json()
    assert [[step["name"] for step in hit["path"]] for hit in body] == [
        ["贵州省", "六盘水市", "钟山区", "大河镇", "新村"],
        ["贵州省", "六盘水市", "水城区", "蟠龙镇", "新村"],
    ]
    assert body[0]["reason"]
    assert client.get("/api/regions/search", {"q": ""}).status_code == 422
    assert client.get("/api/regions", {"q": "水城区"}).json()["items"][0]["code"] == "520204"


def test_the_api_lists_children_with_counts(tree: Any) -> None:
    client = api_client(UserFactory(username="api-reader"))
    body = client.get("/api/regions/520200/children").json()
    assert [(r["code"], r["child_count"]) for r in body["items"]] == [
        ("520201", 1),
        ("520204", 1),
        ("520281", 1),
    ]
    assert [r["code"] for r in client.get("/api/regions/root/children").json()["items"]] == [
        "440000",
        "520000",
    ]
    assert client.get("/api/regions/999999/children").status_code == 404
