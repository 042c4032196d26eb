"""Production settings: the process refuses a missing SECRET_KEY, `check --deploy` is clean with the
environment docs/operations.md gives, and the transport headers (HSTS, Secure cookies, CSP, the HTTPS
redirect) are what those settings promise. Settings are read once per process: each case runs in its own."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
OPERATIONS = ROOT / "docs" / "operations.md"

#: Variables of the test process that would change what the settings read.
SETTINGS_VARIABLES = {
    "DEBUG",
    "SECRET_KEY",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "DATABASE_TEST_NAME",
    "MEDIA_ROOT",
    "CSP_REPORT_ONLY",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser journeys' conftest; `check --deploy` rightly refuses it
}


def documented_production_environment() -> dict[str, str]:
    """The `export NAME=value` lines of the ```sh block under "Production settings" in docs/operations.md,
    a `<placeholder>` replaced by a fresh random value."""
    text = OPERATIONS.read_text(encoding="utf-8")
    section = text.split("## Production settings", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "docs/operations.md has no ```sh block of production settings"
    env = {}
    for line in block.group(1).splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"export (\w+)=(<[^>]*>|\S+)", line)
        assert match, f"not an `export NAME=value` line: {line!r}"
        name, value = match.groups()
        env[name] = secrets.token_urlsafe(50) if value.startswith("<") else value
    return env


def run_django(tmp_path: Path, code: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`code` in a new interpreter with the project's settings, a var dir of its own and only `env` of the
    settings' variables."""
    base = {key: value for key, value in os.environ.items() if key not in SETTINGS_VARIABLES}
    base.update(
        {
            "DJANGO_SETTINGS_MODULE": "counterpart.settings",
            "COUNTERPART_VAR_DIR": str(tmp_path),
            "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        }
    )
    base.update(env)
    return subprocess.run(  # noqa: S603  # our own interpreter and code
        [sys.executable, "-c", code], env=base, capture_output=True, text=True, timeout=120, check=False
    )


SETUP = "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"
CHECK_DEPLOY = (
    "import django; django.setup(); from django.core.management import call_command; "
    "call_command('check', '--deploy', '--fail-level', 'WARNING')"
)


def test_without_secret_key_and_debug_the_process_refuses_to_start(tmp_path: Path) -> None:
    done = run_django(tmp_path, SETUP)
    assert done.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set" in done.stderr
    assert "counterpart-development-key" not in done.stdout


def test_debug_alone_runs_on_the_development_key(tmp_path: Path) -> None:
    done = run_django(tmp_path, SETUP, DEBUG="1")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "counterpart-development-key-not-for-production"


def test_the_key_file_of_the_installation_is_read(tmp_path: Path) -> None:
    key = secrets.token_urlsafe(50)
    (tmp_path / "secret.key").write_text(key + "\n")
    done = run_django(tmp_path, SETUP)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == key


def test_the_environment_wins_over_the_key_file(tmp_path: Path) -> None:
    (tmp_path / "secret.key").write_text("from-the-file")
    done = run_django(tmp_path, SETUP, SECRET_KEY="from-the-environment")
    assert done.stdout.strip() == "from-the-environment"


def test_check_deploy_is_clean_with_the_documented_production_environment(tmp_path: Path) -> None:
    env = documented_production_environment()
    assert set(env) >= {"SECRET_KEY", "ALLOWED_HOSTS"}
    done = run_django(tmp_path, CHECK_DEPLOY, **env)
    assert done.returncode == 0, done.stderr
    assert "System check identified no issues" in done.stdout + done.stderr


def test_check_deploy_fails_where_a_production_default_is_turned_off(tmp_path: Path) -> None:
    """The test above can fail: the same check with HSTS and the Secure cookie turned off warns."""
    env = documented_production_environment() | {"SECURE_HSTS_SECONDS": "0", "SESSION_COOKIE_SECURE": "0"}
    done = run_django(tmp_path, CHECK_DEPLOY, **env)
    assert done.returncode != 0
    assert "security.W004" in done.stderr
    assert "security.W012" in done.stderr


def test_a_malformed_proxy_header_setting_is_refused(tmp_path: Path) -> None:
    done = run_django(tmp_path, SETUP, SECRET_KEY="k", SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO")
    assert done.returncode != 0
    assert "SECURE_PROXY_SSL_HEADER" in done.stderr


# --- the headers, in this process (settings as the tests run them: production but for the redirect) -------


@pytest.mark.django_db
def test_http_is_redirected_to_https(settings: Any) -> None:
    settings.SECURE_SSL_REDIRECT = True
    response = Client().get("/accounts/login/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/accounts/login/"


@pytest.mark.django_db
def test_https_responses_carry_hsts_and_a_strict_csp() -> None:
    response = Client().get("/accounts/login/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    directives = (part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    policy = {words[0]: words[1] if len(words) > 1 else "" for words in directives}
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"  # the login page asks for no nonce
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_secure_and_the_session_cookie_http_only(world: Any) -> None:
    client = Client()
    page = client.get("/accounts/login/", secure=True)
    assert page.cookies["csrftoken"]["secure"]
    response = client.post("/accounts/login/", {"username": "viewer", "password": PASSWORD}, secure=True)
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"]
    assert session["httponly"]


@pytest.mark.django_db
def test_the_evidence_policy_is_not_replaced_by_the_site_policy() -> None:
    """A view that sets its own Content-Security-Policy (the evidence files: `sandbox`) keeps it."""
    from django.http import HttpResponse
    from django.test import RequestFactory

    from counterpart.settings import MIDDLEWARE

    assert "csp.middleware.CSPMiddleware" in MIDDLEWARE
    from csp.middleware import CSPMiddleware

    def view(_request: Any) -> HttpResponse:
        response = HttpResponse(b"%PDF-")
        response["Content-Security-Policy"] = "sandbox"
        return response

    response = CSPMiddleware(view)(RequestFactory().get("/x"))
    assert response["Content-Security-Policy"] == "sandbox"
