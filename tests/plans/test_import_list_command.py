"""`counterpart import-list` refuses what it cannot find instead of silently importing without it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from counterpart.plans.models import ResponsibilityList
from tests.plans.conftest import Plans
from tests.plans.test_importers import write_xlsx

ROWS = [["序号", "任务", "牵头单位"], [1, "劳务协作", "大连市人社局"]]


@pytest.mark.parametrize(
    ("option", "message"), [("--pairing", "no such pairing"), ("--list", "no such list")]
)
def test_an_unknown_pairing_or_list_is_an_error(
    plans: Plans, tmp_path: Path, option: str, message: str
) -> None:
    path = write_xlsx(tmp_path / "list.xlsx", ROWS)
    before = ResponsibilityList.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command(
            "import-list",
            str(path),
            "--owner",
            str(plans.owner.pk),
            option,
            "999999",
            "--no-progress",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    assert ResponsibilityList.objects.count() == before
