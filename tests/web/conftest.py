from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

LOCALE_DIR = Path(__file__).resolve().parents[2] / "src" / "counterpart" / "locale"


@pytest.fixture(scope="session", autouse=True)
def compiled_messages(django_db_blocker: Any) -> None:
    """The page tests read translated text: compile the catalogues when a .po is newer than its .mo."""
    if shutil.which("msgfmt") is None:
        return
    stale = [
        po
        for po in LOCALE_DIR.glob("*/LC_MESSAGES/django.po")
        if not po.with_suffix(".mo").exists() or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]
    if stale:
        call_command("compilemessages", locale=[po.parts[-3] for po in stale], verbosity=0)
