"""The review journey without a browser: paste → review (nothing saved) → save through the services →
paste the same meeting in another language → recognized, nothing duplicated. And the API draft."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from counterpart.agreements.models import Agreement
from counterpart.core.services import alias_add
from counterpart.meetings.models import Attendance, Meeting
from counterpart.orgs.models import Organization, Person
from tests.conftest import login_request

pytestmark = pytest.mark.django_db

PASSWORD = "pw-Secret-123"


def _seed(seeds_dir: Path, prefix: str) -> str:
    return next(iter(sorted(seeds_dir.glob(f"{prefix}_*.txt")))).read_text(encoding="utf-8")


def _login(client: Client, user: Any) -> None:
    user.set_password(PASSWORD)
    user.save()
    assert client.login(request=login_request(), username=user.username, password=PASSWORD)


def _review_fields(html: str) -> dict[str, Any]:
    """The review form as a browser would post it: checked boxes, text inputs, selected options."""
    form = html[html.index('id="intake-form"') : html.index("</form>", html.index('id="intake-form"'))]
    data: dict[str, Any] = {}
    for m in re.finditer(r"<input([^>]*)>", form):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', m.group(1)))
        name = attrs.get("name")
        if not name or "disabled" in m.group(1):
            continue
        if attrs.get("type") == "checkbox":
            if " checked" in m.group(1):
                data[name] = attrs.get("value", "on")
        else:
            data[name] = attrs.get("value", "")
    for m in re.finditer(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        selected = re.search(r'<option value="([^"]*)" selected', m.group(2))
        data[m.group(1)] = selected.group(1) if selected else ""
    import html as html_lib

    return {k: html_lib.unescape(v) for k, v in data.items()}


@pytest.fixture
def office(world: Any) -> Any:
    # the registry knows the short forms of the world's regions
    alias_add(actor=None, target=world.dalian_liupanshui.helper_region, language="en", text="Dalian")
    return world


def test_paste_review_save_then_the_same_meeting_in_japanese_adds_nothing(
    office: Any, seeds_dir: Path, client: Client
) -> None:
    _login(client, office.dalian_office)
    response = client.post("/intake/", {"text": _seed(seeds_dir, "003")})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-testid="agreement"') == 13
    assert "Goog Island state guesthouse" in html
    assert Meeting.objects.count() == 0  # nothing is saved before the review
    fields = _review_fields(html)
    assert fields["pairing"] == str(office.dalian_liupanshui.pk)
    assert fields["date"] == ""  # the English page gives no year: the reviewer adds it
    fields["date"] = "2018-09-12"
    response = client.post("/intake/save/", fields)
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = Meeting.objects.get()
    assert (meeting.date.isoformat(), meeting.kind, meeting.pairing_id) == (
        "2018-09-12",
        "promotion_meeting",
        office.dalian_liupanshui.pk,
    )
    assert Attendance.objects.filter(meeting=meeting).count() == 12
    assert Agreement.objects.filter(meeting=meeting).count() == 13
    counts = (Person.objects.count(), Organization.objects.count(), Agreement.objects.count())

    response = client.post("/intake/", {"text": _seed(seeds_dir, "000")})
    html = response.content.decode()
    assert 'data-testid="duplicate"' in html
    fields = _review_fields(html)
    assert fields["keep_meeting_match"] == "1"
    assert not any(k.endswith("-accept") for k in fields)  # a recognized meeting adds only what is ticked
    response = client.post("/intake/save/", fields)
    assert response.status_code == 302
    assert Meeting.objects.count() == 1
    assert (Person.objects.count(), Organization.objects.count(), Agreement.objects.count()) == counts


def test_a_tampered_draft_is_refused(office: Any, client: Client) -> None:
    _login(client, office.dalian_office)
    response = client.post("/intake/save/", {"draft": "forged", "pairing": office.dalian_liupanshui.pk})
    assert response.status_code == 400


def test_an_office_cannot_save_into_another_pairing(office: Any, seeds_dir: Path, client: Client) -> None:
    _login(client, office.shanghai_office)
    html = client.post("/intake/", {"text": _seed(seeds_dir, "003")}).content.decode()
    fields = _review_fields(html)
    assert fields["pairing"] == ""  # the matched pairing is outside the user's scope: not revealed
    fields.update(date="2018-09-12", pairing=str(office.dalian_liupanshui.pk))
    assert client.post("/intake/save/", fields).status_code in {403, 404}
    assert Meeting.objects.count() == 0


def test_unreadable_input_is_answered_on_the_form(office: Any, client: Client) -> None:
    _login(client, office.dalian_office)
    upload = io.BytesIO(b"\x00\x01binary")
    upload.name = "report.txt"
    response = client.post("/intake/", {"file": upload})
    assert response.status_code == 200
    assert Meeting.objects.count() == 0
    assert 'class="form-errors"' in response.content.decode()


def test_api_returns_the_draft(office: Any, seeds_dir: Path, client: Client) -> None:
    _login(client, office.dalian_office)
    response = client.post(
        "/api/intake/draft", {"text": _seed(seeds_dir, "002")}, content_type="application/json"
    )
    assert response.status_code == 200
    draft = response.json()
    assert draft["meeting"]["number"] == 9
    assert draft["meeting"]["pairing"] == ["上海", "遵义"]
    assert draft["meeting"]["match"]["pairing_id"] is None  # outside the Dalian office's scope


def test_api_upload_and_a_clear_error(office: Any, client: Client) -> None:
    _login(client, office.dalian_office)
    upload = io.BytesIO("<p>5月8日，沪遵扶贫协作第九次联席会议在遵义召开。</p>".encode())
    upload.name = "r.html"
    response = client.post("/api/intake/draft/file", {"file": upload, "published": "2019-05-11"})
    assert response.status_code == 200, response.content
    assert response.json()["meeting"]["date"] == "2019-05-08"
    response = client.post("/api/intake/draft", {"text": "!!! 123"}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"]


def test_api_needs_a_signed_in_user(client: Client) -> None:
    response = client.post("/api/intake/draft", {"text": "x"}, content_type="application/json")
    assert response.status_code == 401
