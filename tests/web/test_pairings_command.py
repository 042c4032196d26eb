"""The `pairings` command (in web: it reads pairings and agreements) lists what the user sees, with counts."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import AgreementFactory


def test_pairings_command_counts_stalled_agreements_in_scope(world: Any) -> None:
    AgreementFactory(pairing=world.dalian_liupanshui)  # signed in 2018, never reported: stalled
    AgreementFactory(pairing=world.shanghai_zunyi)
    out = io.StringIO()
    call_command("pairings", "--user", "dalian", "--json", stdout=out)
    rows = {row["id"]: row for row in json.loads(out.getvalue())}
    assert set(rows) == {world.dalian_liupanshui.pk, world.park.pk}
    assert rows[world.dalian_liupanshui.pk]["agreements"] == 1
    assert rows[world.dalian_liupanshui.pk]["stalled"] == 1
    assert rows[world.park.pk]["stalled"] == 0


def test_pairings_command_refuses_an_unknown_user(db: Any) -> None:
    with pytest.raises(CommandError):
        call_command("pairings", "--user", "nobody", stdout=io.StringIO())
