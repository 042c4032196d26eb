from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django.utils.crypto import get_random_string

from counterpart.core.models import ApiToken
from counterpart.core.services import api_token_create, api_token_revoke
from tests.api.conftest import DalianData
from tests.conftest import PASSWORD, World, login_request

pytestmark = pytest.mark.django_db

URL = "/api/pairings"


def bearer(key: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {key}"})


def test_a_token_authenticates_its_user(world: World) -> None:
    _token, key = api_token_create(actor=None, user=world.dalian_office, name="script")
    response = bearer(key).get(URL)
    assert response.status_code == 200
    assert {p["id"] for p in response.json()["items"]} == {world.dalian_liupanshui.pk, world.park.pk}


def test_only_the_sha256_of_the_key_is_stored(world: World) -> None:
    token, key = api_token_create(actor=None, user=world.viewer, name="script")
    token.refresh_from_db()
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert not ApiToken.objects.filter(key_hash=key).exists()


def test_a_revoked_token_is_refused_with_401(world: World) -> None:
    token, key = api_token_create(actor=None, user=world.dalian_office, name="script")
    api_token_revoke(actor=world.dalian_office, token=token)
    response = bearer(key).get(URL)
    assert response.status_code == 401
    body = response.json()
    assert list(body) == ["detail"]
    assert body["detail"] not in {"", "Unauthorized"}  # the user's language, not ninja's English


def test_an_unknown_token_is_refused_with_401(world: World) -> None:
    assert bearer("cpt_not-a-real-key").get(URL).status_code == 401


def test_a_request_without_credentials_is_refused_with_401(world: World) -> None:
    assert Client().get(URL).status_code == 401


def test_an_unknown_token_on_a_write_is_401_not_a_csrf_error(world: World) -> None:
    client = Client(enforce_csrf_checks=True, headers={"Authorization": "Bearer cpt_wrong"})
    response = client.post("/api/meetings", {}, content_type="application/json")
    assert response.status_code == 401


def test_a_token_of_an_inactive_user_is_refused(world: World) -> None:
    _token, key = api_token_create(actor=None, user=world.dalian_office, name="script")
    world.dalian_office.is_active = False
    world.dalian_office.save()
    assert bearer(key).get(URL).status_code == 401


def test_a_user_may_not_create_a_token_for_someone_else(world: World) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        api_token_create(actor=world.viewer, user=world.dalian_office, name="x")


def test_a_user_may_not_revoke_someone_elses_token(world: World) -> None:
    from django.core.exceptions import PermissionDenied

    token, _key = api_token_create(actor=None, user=world.dalian_office, name="x")
    with pytest.raises(PermissionDenied):
        api_token_revoke(actor=world.viewer, token=token)
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoking_twice_keeps_the_first_time(world: World) -> None:
    token, _key = api_token_create(actor=None, user=world.dalian_office, name="x")
    first = api_token_revoke(actor=None, token=token).revoked_at
    assert api_token_revoke(actor=None, token=token).revoked_at == first


def test_last_used_is_written_at_most_once_a_minute(world: World, django_assert_num_queries: object) -> None:
    token, key = api_token_create(actor=None, user=world.dalian_office, name="script")
    client = bearer(key)
    assert client.get(URL).status_code == 200
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    assert client.get(URL).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at == first  # a second request within the minute writes nothing

    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - dt.timedelta(minutes=2))
    assert client.get(URL).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert token.last_used_at > first


def test_session_auth_reads(world: World) -> None:
    client = Client()
    assert client.login(request=login_request(), username="viewer", password=PASSWORD)
    assert client.get(URL).status_code == 200


def test_session_auth_needs_the_csrf_token_on_writes(world: World, dalian: DalianData) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.login(request=login_request(), username="dalian", password=PASSWORD)
    url = f"/api/agreements/{dalian.agreement.pk}"
    response = client.patch(url, {"summary": "改"}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]

    csrf = get_random_string(32)  # an unmasked CSRF secret, as the cookie would carry it
    client.cookies["csrftoken"] = csrf
    response = client.patch(
        url, {"summary": "改"}, content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert response.status_code == 200
    assert response.json()["summary"] == "改"


def test_the_command_prints_the_key_once_and_stores_its_hash(world: World) -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_token", "dalian", "--name", "monthly export", stdout=out, stderr=err)
    key = out.getvalue().strip()
    token = ApiToken.objects.get(user=world.dalian_office)
    assert token.name == "monthly export"
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in err.getvalue()
    assert bearer(key).get(URL).status_code == 200


def test_the_command_refuses_an_unknown_user(world: World) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="nobody"):
        call_command("create_api_token", "nobody", "--name", "x", stdout=io.StringIO())
