"""Property-based run of schemathesis over the whole OpenAPI document, through the Django WSGI app.

A bounded, deterministic run (hypothesis `derandomize`, no example database, no shrinking): every operation
gets `EXAMPLES` valid and `EXAMPLES` invalid requests (each rolled back, so every case sees the same data
and a database error cannot leak into the next), as an office (`dalian`) with its API token, over the
Dalian data set. Every response must be no server error, carry a status code the operation documents and a
body that matches the documented schema of that status. Failures are collected over every operation and
reported together (operation, check, first message), so one run shows them all.

`schemathesis.pytest.from_fixture` is not used (it crashed under pytest 9): a plain test loops over the
operations and drives hypothesis itself.
"""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

import pytest
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings

from counterpart.api import api
from counterpart.core.services import api_token_create
from tests.api.conftest import DalianData
from tests.conftest import World

schemathesis = pytest.importorskip("schemathesis")
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.core.failures import Failure, FailureGroup  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.django_db

#: Examples per operation and generation mode (positive, negative): 44 operations × 2 × 25 ≈ 2,200 cases.
EXAMPLES = 25
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]


def _settings() -> Any:
    return hypothesis_settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )


def _failures(exc: BaseException) -> list[Failure]:
    if isinstance(exc, FailureGroup):
        return [failure for failure in exc.exceptions if isinstance(failure, Failure)]
    if isinstance(exc, Failure):
        return [exc]
    raise exc


def _fuzz(
    operation: Any,
    mode: Any,
    *,
    app: Any,
    headers: dict[str, str],
    cases: Counter[str],
    statuses: Counter[int],
    found: dict[tuple[str, str, str], str],
) -> None:
    label = operation.label

    @_settings()
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        with transaction.atomic():  # each case sees the same data, and a database error stays its own
            response = case.call(app=app, headers=headers)
            transaction.set_rollback(True)
        cases[label] += 1
        statuses[response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except (Failure, FailureGroup) as exc:
            for failure in _failures(exc):
                key = (label, type(failure).__name__, failure.title)
                found.setdefault(key, f"{response.status_code} {failure.message[:300]}")

    run()


@pytest.fixture
def _connections_kept_open() -> Any:
    """As Django's test client does: a request through the WSGI app must not close the test's connection
    (`close_old_connections` on request_started/finished would, and end its transaction on PostgreSQL)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("_connections_kept_open")
def test_schemathesis_finds_no_server_error_and_no_schema_violation(
    world: World, dalian: DalianData, capsys: pytest.CaptureFixture[str]
) -> None:
    _token, key = api_token_create(actor=None, user=world.dalian_office, name="schemathesis")
    headers = {"Authorization": f"Bearer {key}"}
    app = get_wsgi_application()
    document = api.get_openapi_schema()
    schema = schemathesis.openapi.from_dict(document)

    cases: Counter[str] = Counter()
    statuses: Counter[int] = Counter()
    found: dict[tuple[str, str, str], str] = {}
    started = time.monotonic()

    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _fuzz(operation, mode, app=app, headers=headers, cases=cases, statuses=statuses, found=found)

    elapsed = time.monotonic() - started
    server_errors = sum(1 for (_label, _kind, title) in found if "server error" in title.lower())
    with capsys.disabled():
        print(
            f"\nschemathesis: {sum(cases.values())} cases over {len(cases)} operations in {elapsed:.1f} s; "
            f"statuses {dict(sorted(statuses.items()))}; {len(found)} distinct failures "
            f"({server_errors} server errors)"
        )
        for (label, kind, title), message in sorted(found.items()):
            print(f"  {label}: {kind} {title}: {message}")
    assert not found, f"{len(found)} schemathesis failures (listed above)"
    assert sum(cases.values()) >= 1000  # the run is not empty: most operations were exercised
