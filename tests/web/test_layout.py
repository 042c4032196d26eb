"""The layout, login, dashboard and language switch."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from counterpart.agreements.models import Agreement
from tests.conftest import PASSWORD, World
from tests.factories import AgreementFactory, MeetingFactory
from tests.web.conftest import LOCALE_DIR
from tests.web.records import client_for, make_records

pytestmark = pytest.mark.django_db


def test_anonymous_user_is_sent_to_the_login_page(world: World) -> None:
    response = Client().get(reverse("web:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_extends_the_layout_in_simplified_chinese_by_default(world: World) -> None:
    response = Client().get(reverse("login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in html
    assert "登录" in html
    assert "web/app.css" in html


def test_logging_in_leads_to_the_dashboard(world: World) -> None:
    client = Client()
    response = client.post(reverse("login"), {"username": "dalian", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("web:home")
    assert response.context["user"] == world.dalian_office


def test_dashboard_lists_pairings_in_scope_with_counts_and_stalled(world: World) -> None:
    make_records(world)
    response = client_for(world.dalian_office, language="en").get(reverse("web:home"))
    html = response.content.decode()
    pairings = {p.pk: p for p in response.context["pairings"]}
    assert set(pairings) == {world.dalian_liupanshui.pk, world.park.pk}
    dl = pairings[world.dalian_liupanshui.pk]
    assert (dl.meeting_count, dl.agreement_count, dl.stalled_count) == (2, 2, 1)
    assert response.context["totals"] == {"meetings": 2, "agreements": 3, "stalled": 1}
    assert "沪遵" not in html
    assert "Shanghai" not in html
    assert "Agreements by status" in html


def test_dashboard_chart_options_come_as_json_script(world: World) -> None:
    make_records(world)
    response = client_for(world.dalian_office, language="en").get(reverse("web:home"))
    html = response.content.decode()
    start = html.index('<script id="status-chart-options" type="application/json">') + len(
        '<script id="status-chart-options" type="application/json">'
    )
    options = json.loads(html[start : html.index("</script>", start)])
    assert options["xAxis"]["data"] == [str(label) for _v, label in Agreement.Status.choices]
    values = dict(
        zip(Agreement.Status.values, (d["value"] for d in options["series"][0]["data"]), strict=True)
    )
    # the implementing agreement with an overdue milestone is flagged stalled: it counts under stalled
    assert values["signed"] == 2
    assert values["implementing"] == 0
    assert values["stalled"] == 1
    assert "1 flagged stalled" in options["title"]["text"]
    assert "vendor/echarts.min.js" in html


def test_layout_shows_the_user_its_role_a_logout_form_and_the_languages(world: World) -> None:
    html = client_for(world.viewer, language="en").get(reverse("web:home")).content.decode()
    assert "viewer" in html
    assert f'action="{reverse("logout")}" method="post"' in html
    assert f'action="{reverse("set_language")}"' in html
    for code in ("zh-hans", "zh-hant", "en", "ja"):
        assert f'value="{code}"' in html
    for name in ("pairings:list", "meetings:list", "agreements:list"):
        assert f'href="{reverse(name)}"' in html


def test_logout_is_a_post(world: World) -> None:
    client = client_for(world.viewer)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("web:home")).status_code == 302


def test_dashboard_is_in_simplified_chinese_by_default(world: World) -> None:
    html = client_for(world.dalian_office).get(reverse("web:home")).content.decode()
    assert "各状态的协议" in html
    assert "协作办公室" in html  # the role


def test_switching_the_language_to_english_shows_english(world: World) -> None:
    client = client_for(world.dalian_office)
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("agreements:list")})
    assert response.status_code == 302
    assert response["Location"] == reverse("agreements:list")
    html = client.get(reverse("web:home")).content.decode()
    assert '<html lang="en">' in html
    assert "Agreements by status" in html
    assert "各状态的协议" not in html


@pytest.mark.parametrize(
    ("language", "text"), [("zh-hant", "各狀態的協議"), ("ja", "状態別の協定"), ("zh-hans", "各状态的协议")]
)
def test_switching_to_each_language(world: World, language: str, text: str) -> None:
    client = client_for(world.dalian_office)
    client.post(reverse("set_language"), {"language": language})
    assert text in client.get(reverse("web:home")).content.decode()


def _home_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("web:home")).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("rows", [3, 30])
def test_dashboard_query_count_does_not_grow_with_rows(
    world: World, rows: int, django_assert_max_num_queries: Any
) -> None:
    for i in range(rows):
        meeting = MeetingFactory(pairing=world.park if i % 2 else world.dalian_liupanshui)
        AgreementFactory(pairing=meeting.pairing, meeting=meeting, title=f"协议{i}")
    client = client_for(world.dalian_office)
    with django_assert_max_num_queries(9):
        client.get(reverse("web:home"))


def test_dashboard_query_count_is_the_same_for_3_and_30_rows(world: World) -> None:
    client = client_for(world.dalian_office)
    for i in range(3):
        AgreementFactory(pairing=world.dalian_liupanshui, title=f"协议{i}")
    few = _home_queries(client)
    for i in range(27):
        AgreementFactory(pairing=world.park, title=f"协议{i}")
    assert _home_queries(client) == few


def test_unknown_page_is_a_404_in_the_layout(world: World) -> None:
    response = client_for(world.dalian_office, language="en").get("/no-such-page/")
    assert response.status_code == 404
    assert "Not found" in response.content.decode()


def test_htmx_and_echarts_are_vendored_with_their_licences() -> None:
    for name in ("htmx.min.js", "htmx.LICENSE", "echarts.min.js", "echarts.LICENSE"):
        path = finders.find(f"web/vendor/{name}")
        assert path, name
        assert Path(path).stat().st_size > 100
    assert finders.find("web/app.css")


def test_pages_load_no_assets_from_other_hosts(world: World) -> None:
    html = client_for(world.dalian_office).get(reverse("web:home")).content.decode()
    assert "https://" not in html
    assert "http://" not in html
    assert "//cdn" not in html


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext (msgfmt) is not installed")
@pytest.mark.parametrize("language", ["zh_Hans", "zh_Hant", "ja"])
def test_catalogue_compiles_and_translates_every_message(language: str, tmp_path: Path) -> None:
    po = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(  # noqa: S603 - fixed arguments
        ["msgfmt", "--check", "--statistics", "-o", str(tmp_path / "django.mo"), str(po)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr, result.stderr
    assert "fuzzy" not in result.stderr, result.stderr


def test_languages_are_the_four_of_the_platform() -> None:
    assert [code for code, _name in settings.LANGUAGES] == ["zh-hans", "zh-hant", "en", "ja"]
    assert settings.LANGUAGE_CODE == "zh-hans"
