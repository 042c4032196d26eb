"""Journey: the helped side's office uploads a registry file with three bad rows → downloads the error report
→ fixes the file → uploads again and sees the progress finish → finds a household by ID number → sees the ID
masked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from counterpart.households.models import Household, ImportJob
from tests.conftest import PASSWORD
from tests.households.conftest import english, registry  # noqa: F401  # fixtures
from tests.households.files import member_rows, write_csv

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@override_settings(TASKS=IMMEDIATE)
@pytest.mark.usefixtures("registry")
def test_office_imports_a_registry_fixes_errors_and_finds_a_household(
    live_server: Any, page: Any, tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    rows = member_rows(4, 3)
    good = [dict(r) for r in rows]
    rows[1]["证件号码"] = rows[1]["证件号码"][:17] + ("1" if rows[1]["证件号码"][17] != "1" else "2")
    rows[3]["人均纯收入"] = "三千元"  # household 2 (its head row carries the household's figures)
    rows[7]["行政村"] = "无此村"
    bad_file = write_csv(tmp_path / "registry.csv", rows)

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "liupanshui")
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login" not in url)

    page.goto(f"{live_server.url}/households/import/")
    page.set_input_files("input[name=file]", str(bad_file))
    page.fill("input[name=year]", "2019")  # the file names no year of its incomes
    page.click("#import-form button[type=submit]")
    page.wait_for_selector("#import-status[data-status=invalid]")
    assert "3" in page.inner_text("#import-message")
    with page.expect_download() as download_info:
        page.click("#error-report")
    report = Path(download_info.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert len(report) == 4  # header + three errors
    assert Household.objects.count() == 2  # the fixture's two; nothing written

    fixed_file = write_csv(tmp_path / "registry.csv", good)
    page.goto(f"{live_server.url}/households/import/")
    page.set_input_files("input[name=file]", str(fixed_file))
    page.fill("input[name=year]", "2019")
    page.click("#import-form button[type=submit]")
    page.wait_for_selector("#import-status[data-status=done]")
    assert page.get_attribute("#import-bar", "value") == "100"
    assert ImportJob.objects.filter(status="done").count() == 1
    assert Household.objects.count() == 6

    wanted = good[3]["证件号码"]  # the head of the second household
    page.goto(f"{live_server.url}/households/")
    page.fill("input[name=id_number]", wanted)
    page.click("#household-search button[type=submit]")
    page.wait_for_selector(f"#household-table >> text={good[3]['户编号']}")
    page.click(f"#household-table a:has-text('{good[3]['户编号']}')")
    page.wait_for_url("**/households/*/")
    members = page.inner_text("#members")
    assert wanted[:6] + "*" * 12 in members  # the mask keeps the region code only (docs/roles.md)
    assert wanted not in members
