"""Passwords: Django's four standard validators (similarity to the user, at least 12 characters, not a common
password, not all digits) on every password the platform sets; the demo password passes them, and the demo
users exist only where `ensure_demo_login` was run."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import translation

from counterpart.demo import users as demo_users
from counterpart.demo.loader import load_demo
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("12345678", "too short"),
        ("password", "too short"),
        ("short-Pw1", "too short"),
        ("123456789012345", "entirely numeric"),
        ("qwerty123456", "too common"),
        ("1qaz2wsx3edc", "too common"),
        ("liupanshui-office", "too similar"),
    ],
)
def test_weak_passwords_are_refused(password: str, why: str) -> None:
    user = UserFactory.build(username="liupanshui-office", email="office@liupanshui.example")
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    assert why in " ".join(refused.value.messages)


def test_a_long_uncommon_password_is_accepted() -> None:
    user = UserFactory.build(username="liupanshui-office")
    validate_password("spring-tea-terraces-1987", user)


def test_the_admin_refuses_a_weak_password_for_a_new_user() -> None:
    UserFactory(username="root", is_staff=True, is_superuser=True)
    admin = Client()
    response = admin.post("/admin/login/", {"username": "root", "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302
    response = admin.post(
        "/admin/auth/user/add/",
        {"username": "newbie", "password1": "12345678", "password2": "12345678", "usable_password": "true"},
    )
    assert response.status_code == 200  # the form again, with the validators' messages
    assert not get_user_model().objects.filter(username="newbie").exists()


def test_the_demo_password_passes_the_validators_for_every_demo_user() -> None:
    for username, *_rest in demo_users.DEMO_USERS:
        validate_password(demo_users.DEMO_PASSWORD, get_user_model()(username=username))


def test_a_weak_demo_password_is_refused_by_ensure_demo_login(monkeypatch: Any) -> None:
    load_demo()
    monkeypatch.setattr(demo_users, "DEMO_PASSWORD", "password")
    with pytest.raises(CommandError, match="DEMO_PASSWORD is refused"):
        call_command("ensure_demo_login", stdout=io.StringIO())
    assert not get_user_model().objects.exists()


def test_migrations_and_the_demo_data_create_no_user() -> None:
    """The test database is built by the migrations; `load_demo` adds the data and still no login: the
    demo users (with their published password) come only from `ensure_demo_login`."""
    assert not get_user_model().objects.exists()
    load_demo()
    assert not get_user_model().objects.exists()
    out = io.StringIO()
    call_command("ensure_demo_login", stdout=out)
    demo = get_user_model().objects.get(username="demo")
    assert demo.is_superuser
    assert demo.check_password(demo_users.DEMO_PASSWORD)
    assert demo_users.DEMO_PASSWORD in out.getvalue()
