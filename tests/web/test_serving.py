"""`make run`'s way of serving, end to end: collectstatic, then gunicorn with the project's config and DEBUG
off, answering over HTTP on a local port; pages link static files under hashed names that WhiteNoise serves
compressed with a year's cache."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(url: str, **headers: str) -> Any:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - a local test URL
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - a local test URL
        return response.status, dict(response.headers), response.read()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Any:
    tmp_path = tmp_path_factory.mktemp("served")
    if shutil.which("gunicorn", path=str(BIN)) is None:
        pytest.skip("gunicorn is not installed in this environment")
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "0",
        "STATIC_MANIFEST": "1",
        "STATIC_ROOT": str(tmp_path / "static"),
        "COUNTERPART_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "WEB_BIND": f"127.0.0.1:{port}",
        "WEB_WORKERS": "2",
        "PYTHONPATH": str(ROOT / "src"),
    }
    counterpart = [sys.executable, "-m", "counterpart"]
    subprocess.run([*counterpart, "migrate", "--noinput", "-v", "0"], env=env, check=True, timeout=300)  # noqa: S603
    subprocess.run(  # noqa: S603 - our own commands
        [*counterpart, "collectstatic", "--noinput", "-v", "0"], env=env, check=True, timeout=300
    )
    server = subprocess.Popen(  # noqa: S603 - our own server
        [str(BIN / "gunicorn"), "-c", "python:counterpart.gunicorn_config", "counterpart.wsgi"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                get(f"{base}/healthz")
                break
            except (urllib.error.URLError, ConnectionError):
                if server.poll() is not None or time.monotonic() > deadline:
                    output = server.stdout.read().decode() if server.stdout else ""
                    pytest.fail(f"gunicorn did not start:\n{output}")
                time.sleep(0.3)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_gunicorn_serves_pages_and_hashed_compressed_static_files(served: str) -> None:
    status, headers, body = get(f"{served}/accounts/login/")
    assert status == 200
    assert "WSGIServer" not in headers.get("Server", "")  # not Django's development server
    assert "Content-Security-Policy" in headers
    page = body.decode()
    css = re.search(r'href="(/static/web/app\.[0-9a-f]{12}\.css)"', page)
    assert css, "the page does not link the hashed name of app.css"

    status, headers, body = get(f"{served}{css.group(1)}", **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers.get("Content-Encoding") == "gzip"
    assert "immutable" in headers.get("Cache-Control", "")
    assert "max-age=315360000" in headers.get("Cache-Control", "")

    status, _headers, body = get(f"{served}/healthz")
    assert (status, body) == (200, b'{"status": "ok", "database": "sqlite"}')


def test_a_stored_file_is_not_served_as_a_static_file(served: str) -> None:
    """WhiteNoise serves STATIC_ROOT only: nothing under /media/ or outside the static files."""
    for path in ("/media/", "/static/../settings.py", "/static/web/missing.css"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            get(f"{served}{path}")
        assert refused.value.code in (400, 404), path
