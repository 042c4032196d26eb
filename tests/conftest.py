"""The standard cast reused everywhere: two pairings and their users.

- `assessor`: a national assessor (sees and changes everything);
- `dalian_office`: the helping-side office of Dalian → Liupanshui (reads and writes it and its sub-pairings);
- `shanghai_office`: the helping-side office of Shanghai → Zunyi (must see nothing of Dalian's);
- `viewer`: reads Dalian → Liupanshui only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.http import HttpRequest
from django.test import Client, RequestFactory

from counterpart.pairings.models import Pairing, ScopeGrant
from tests.factories import PairingFactory, RegionFactory, ScopeGrantFactory, UserFactory

SEEDS_DIR = Path(__file__).resolve().parents[2] / "shared" / "seeds"
PASSWORD = "pw-Secret-123"


# --- the test helpers every test module uses (defined once, here) ------------------------------------------


def login_request() -> HttpRequest:
    """The request `Client.login(request=...)` must pass: django-axes judges every password against the
    request it came with (its address), and the test client's login has none of its own."""
    return RequestFactory().post("/accounts/login/")


def login(user: Any, *, language: str | None = None) -> Client:
    """A web client signed in as `user` (password `PASSWORD`), asking for `language` if given."""
    client = Client(headers={"Accept-Language": language}) if language else Client()
    assert client.login(request=login_request(), username=user.username, password=PASSWORD)
    return client


def api_client(user: Any) -> Client:
    """An API client authenticated with a fresh personal token of `user`."""
    from counterpart.core.services import api_token_create

    _token, key = api_token_create(actor=None, user=user, name="tests")
    return Client(headers={"Authorization": f"Bearer {key}"})


@dataclass
class World:
    dalian_liupanshui: Pairing
    park: Pairing
    shanghai_zunyi: Pairing
    assessor: Any
    dalian_office: Any
    shanghai_office: Any
    viewer: Any


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """PBKDF2 at production strength costs about half a second per user; tests need no strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Any:
    """Rate limits (`core.ratelimit`) count in the cache, which outlives a test's database."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"the seed reports are not available at {SEEDS_DIR}")
    return SEEDS_DIR


@pytest.fixture
def world(db: Any) -> World:
    liaoning = RegionFactory(code="210000", name="辽宁省", name_en="Liaoning", level="province")
    dalian = RegionFactory(code="210200", name="大连市", name_en="Dalian", parent=liaoning)
    guizhou = RegionFactory(code="520000", name="贵州省", name_en="Guizhou", level="province")
    liupanshui = RegionFactory(code="520200", name="六盘水市", name_en="Liupanshui", parent=guizhou)
    shanghai = RegionFactory(code="310000", name="上海市", name_en="Shanghai", level="province")
    zunyi = RegionFactory(code="520300", name="遵义市", name_en="Zunyi", parent=guizhou)
    dl = PairingFactory(helper_region=dalian, helped_region=liupanshui)
    park = PairingFactory(helper_region=dalian, helped_region=liupanshui, parent=dl, level=Pairing.Level.PARK)
    sz = PairingFactory(helper_region=shanghai, helped_region=zunyi)
    assessor = UserFactory(username="assessor")
    ScopeGrantFactory(user=assessor, role=ScopeGrant.Role.ASSESSOR, side="")
    dalian_office = UserFactory(username="dalian")
    ScopeGrantFactory(user=dalian_office, pairing=dl)
    shanghai_office = UserFactory(username="shanghai")
    ScopeGrantFactory(user=shanghai_office, pairing=sz)
    viewer = UserFactory(username="viewer")
    ScopeGrantFactory(user=viewer, pairing=dl, role=ScopeGrant.Role.VIEWER, side="")
    return World(dl, park, sz, assessor, dalian_office, shanghai_office, viewer)
