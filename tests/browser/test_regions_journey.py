"""Journey: an assessor browses the national tree down to a village, then creates a pairing between two
regions found by typing in the region pickers (Guangzhou → Bijie), which only the national tree has."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from counterpart.geo.national import load_national_tree
from counterpart.pairings.models import Pairing, ScopeGrant
from tests.conftest import PASSWORD
from tests.factories import ScopeGrantFactory, UserFactory
from tests.geo.package import write_package

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_browse_to_a_village_and_pair_two_regions_found_by_search(
    live_server: Any, page: Any, tmp_path: Path
) -> None:
    load_national_tree(write_package(tmp_path))
    assessor = UserFactory(username="assessor")
    ScopeGrantFactory(user=assessor, role=ScopeGrant.Role.ASSESSOR, side="")
    base = live_server.url

    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", "assessor")
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login" not in url)

    page.locator("nav.main-nav a", has_text="地区").click()
    page.wait_for_url("**/regions/")
    for name in ("贵州省", "六盘水市", "水城区", "蟠龙镇"):
        page.locator("#region-children a", has_text=name).first.click()
        page.wait_for_url("**/regions/*/")
    page.locator("#region-children a", has_text="新村").click()
    page.wait_for_url("**/regions/520204100200/")
    assert "蟠龙镇" in page.locator("nav.breadcrumbs").inner_text()
    assert page.get_by_text("520204100200").first.is_visible()

    page.goto(f"{base}/pairings/")
    page.get_by_role("link", name="新建结对").click()
    page.wait_for_url("**/pairings/new/")
    for field, typed, label in (
        ("helper_region", "广州", "广东省 › 广州市"),
        ("helped_region", "毕节", "贵州省 › 毕节市"),
    ):
        page.fill(f"input[name={field}__text]", typed)
        page.locator(f"[data-region-picker]:has(input[name={field}]) .region-picker__option").first.click()
        assert page.input_value(f"input[name={field}__text]") == label
    page.select_option("select[name=level]", "city")
    page.select_option("select[name=programme]", "east_west")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url("**/pairings/*/")
    pairing = Pairing.objects.get()
    assert (pairing.helper_region.code, pairing.helped_region.code) == ("440100", "520500")
    assert "毕节市" in page.locator("h1").inner_text()
