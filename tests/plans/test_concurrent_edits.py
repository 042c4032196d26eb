# ruff: noqa: B023  # each race() runs its lambdas within the loop iteration that made them
"""Two people changing one record at the same moment (issue 14 item 2): real concurrency — threads, each with
its own database connection, through the whole request stack — on SQLite (a file database in WAL, as served:
the in-memory test database is copied to one) and on PostgreSQL. Exactly one write wins, the other gets a
409 saying what changed, no request is a 500 and no field is lost."""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from counterpart.agreements.models import Agreement
from counterpart.plans.models import LedgerEntry
from tests.conftest import api_client, login
from tests.factories import AgreementFactory
from tests.plans.conftest import Plans

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 3


@pytest.fixture
def concurrent_db(transactional_db: Any, tmp_path: Path) -> Iterator[None]:
    """On SQLite, the test database as a file (WAL, busy timeout, BEGIN IMMEDIATE: the served settings), so
    each thread's connection is a connection of its own; the in-memory database is kept alive meanwhile."""
    if connection.vendor != "sqlite":
        yield
        return
    settings_dict = connections.settings["default"]
    memory_name = settings_dict["NAME"]
    keeper = sqlite3.connect(connection.settings_dict["NAME"], uri=True)
    path = tmp_path / "concurrent.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)  # type: ignore[union-attr]
    target.close()
    BaseDatabaseWrapper.close(connection)  # SQLite's own close() keeps an in-memory database's connection
    settings_dict["NAME"] = connection.settings_dict["NAME"] = str(path)
    try:
        yield
    finally:
        connection.close()
        settings_dict["NAME"] = connection.settings_dict["NAME"] = memory_name
        connection.ensure_connection()  # holds the in-memory database before the keeper lets it go
        keeper.close()


def race(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls at once, one thread each (each with its own connection); their results in order."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except Exception as exc:  # reported to the test, which fails on it
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for result in results:
        if isinstance(result, Exception):
            raise result
    return results


def test_two_concurrent_patches_of_an_agreement_one_wins_the_other_is_told(
    concurrent_db: None, plans: Plans
) -> None:
    world = plans.world
    office, assessor = api_client(world.dalian_office), api_client(world.assessor)
    for round_ in range(ROUNDS):
        agreement = AgreementFactory(pairing=world.dalian_liupanshui, title=f"协议{round_}")
        url = f"/api/agreements/{agreement.pk}"
        opened = office.get(url)
        assert opened["ETag"] == '"1"'
        assert opened.json()["version"] == 1
        answers = race(
            lambda: office.patch(
                url, {"value": "300.00"}, content_type="application/json", headers={"If-Match": '"1"'}
            ),
            lambda: assessor.patch(url, {"summary": "已投产", "version": 1}, content_type="application/json"),
        )
        statuses = sorted(answer.status_code for answer in answers)
        assert statuses == [200, 409], [answer.content for answer in answers]
        loser = next(answer for answer in answers if answer.status_code == 409)
        winner = next(answer for answer in answers if answer.status_code == 200)
        body = loser.json()
        assert body["detail"]
        [change] = body["changed"]
        assert change["field"] in {"value", "summary"}
        assert change["by"] in {"dalian", "assessor"}
        assert change["at"]
        assert change["theirs"] == winner.json()[change["field"]]
        assert loser["ETag"] == '"2"'
        # the loser sends its change again on the version it was told of: nothing is lost
        retry_client = office if change["field"] == "summary" else assessor
        retry_body = {"value": "300.00"} if change["field"] == "summary" else {"summary": "已投产"}
        retried = retry_client.patch(
            url, retry_body, content_type="application/json", headers={"If-Match": loser["ETag"]}
        )
        assert retried.status_code == 200
        row = Agreement.objects.get(pk=agreement.pk)
        assert (row.value, row.summary, row.version) == (Decimal("300.00"), "已投产", 3)


def test_concurrent_patches_without_a_version_both_go_through_and_keep_both_fields(
    concurrent_db: None, plans: Plans
) -> None:
    world = plans.world
    office, assessor = api_client(world.dalian_office), api_client(world.assessor)
    for round_ in range(ROUNDS):
        agreement = AgreementFactory(pairing=world.dalian_liupanshui, title=f"协议{round_}")
        url = f"/api/agreements/{agreement.pk}"
        answers = race(
            lambda: office.patch(url, {"value": "300.00"}, content_type="application/json"),
            lambda: assessor.patch(url, {"summary": "已投产"}, content_type="application/json"),
        )
        assert [answer.status_code for answer in answers] == [200, 200]
        row = Agreement.objects.get(pk=agreement.pk)
        assert (row.value, row.summary, row.version) == (Decimal("300.00"), "已投产", 3)


def _form_data(page: str) -> dict[str, str]:
    """The edit form's fields as the browser would send them back (inputs, selected options, textareas)."""
    data: dict[str, str] = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        if name and 'type="submit"' not in tag:
            value = re.search(r'value="([^"]*)"', tag)
            data[name.group(1)] = value.group(1) if value else ""
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        selected = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = selected.group(1) if selected else ""
    for name, body in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        data[name] = body.strip()
    return data


def test_two_concurrent_saves_of_the_agreement_form_one_wins_the_other_is_shown_what_changed(
    concurrent_db: None, plans: Plans
) -> None:
    world = plans.world
    office, assessor = login(world.dalian_office), login(world.assessor)
    for round_ in range(ROUNDS):
        agreement = AgreementFactory(pairing=world.dalian_liupanshui, title=f"协议{round_}")
        url = f"/agreements/{agreement.pk}/edit/"
        mine, theirs = (
            _form_data(office.get(url).content.decode()),
            _form_data(assessor.get(url).content.decode()),
        )
        assert mine["version"] == theirs["version"] == "1"
        mine["value"] = "300.00"
        theirs["summary"] = "已投产"
        answers = race(lambda: office.post(url, mine), lambda: assessor.post(url, theirs))
        statuses = sorted(answer.status_code for answer in answers)
        assert statuses == [302, 409], [answer.status_code for answer in answers]
        loser = next(answer for answer in answers if answer.status_code == 409)
        page = loser.content.decode()
        assert 'role="alert"' in page
        assert 'name="version" value="2"' in page  # saving again goes onto the version now
        loser_is_office = loser is answers[0]
        if loser_is_office:
            assert 'value="300.00"' in page  # the loser's input is kept
            assert "已投产" in page  # beside the summary: what it is now
        else:
            assert "已投产" in page
            assert "300" in page
        # the winner's change is saved; the loser, having seen it, saves its input again on the new version
        row = Agreement.objects.get(pk=agreement.pk)
        assert row.version == 2
        assert (row.summary == "已投产") if loser_is_office else (row.value == Decimal("300.00"))
        again = _form_data(page)
        resaved = (office if loser_is_office else assessor).post(url, again)
        assert resaved.status_code == 302
        row = Agreement.objects.get(pk=agreement.pk)
        assert row.version == 3
        assert (row.value == Decimal("300.00")) if loser_is_office else (row.summary == "已投产")


def test_an_office_correcting_a_ledger_entry_while_an_assessor_accepts_it(
    concurrent_db: None, plans: Plans
) -> None:
    world = plans.world
    reporter, office, assessor = (
        api_client(plans.reporter_a),
        api_client(world.dalian_office),
        api_client(world.assessor),
    )
    for month in range(1, ROUNDS + 1):
        submitted = reporter.post(
            f"/api/plans/items/{plans.item_a.pk}/entries",
            {"year": 2018, "month": month, "value": "40", "narrative": "四十亩"},
            content_type="application/json",
        )
        assert submitted.status_code == 201, submitted.content
        entry_id = submitted.json()["id"]
        opened = assessor.get(f"/api/plans/entries/{entry_id}")
        version = opened.json()["version"]
        assert opened["ETag"] == f'"{version}"'
        answers = race(
            lambda: office.post(
                f"/api/plans/items/{plans.item_a.pk}/entries",
                {
                    "year": 2018,
                    "month": month,
                    "value": "45",
                    "narrative": "更正：四十五亩",
                    "version": version,
                },
                content_type="application/json",
            ),
            lambda: assessor.post(
                f"/api/plans/entries/{entry_id}/accept",
                {"comment": "同意"},
                content_type="application/json",
                headers={"If-Match": f'"{version}"'},
            ),
        )
        correction, acceptance = answers
        assert sorted([correction.status_code, acceptance.status_code]) in ([201, 409], [200, 409]), [
            answer.content for answer in answers
        ]
        entry = LedgerEntry.objects.get(pk=entry_id)
        assert entry.version == version + 1
        changed = {
            change["field"]
            for change in (correction if correction.status_code == 409 else acceptance).json()["changed"]
        }
        if acceptance.status_code == 200:  # accepted what the assessor saw; the correction is told so
            assert correction.status_code == 409
            assert "status" in changed
            assert (entry.status, entry.value) == (LedgerEntry.Status.ACCEPTED, Decimal("40"))
        else:  # corrected first: the assessor did not accept a value it never saw
            assert correction.status_code == 201
            assert "value" in changed
            assert (entry.status, entry.value) == (LedgerEntry.Status.SUBMITTED, Decimal("45"))
