"""A 2021+ export uploaded in the web UI without a year: the job page lists the columns not imported and
the year's source; the household page shows the class, the exit year and the dated status history."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from counterpart.households.models import Household, ImportJob
from tests.households import layouts
from tests.households.conftest import Registry
from tests.households.test_layouts import EXITED_LAYOUT, EXITED_TITLES, EXITED_VALUES
from tests.households.test_views import login

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


@override_settings(TASKS=IMMEDIATE)
def test_a_2021_export_uploaded_without_a_year_shows_its_columns_and_dated_history(
    registry: Registry, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    path = layouts.write_xlsx(
        tmp_path / "已脱贫人口名单.xlsx", EXITED_TITLES, EXITED_LAYOUT, layouts.households(2, **EXITED_VALUES)
    )
    client = login(registry.liupanshui_office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("households:import"), {"file": path.open("rb"), "year": ""})
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.DONE, job.message
    assert job.year is None
    assert "已脱贫人口名单" in job.year_source
    page = client.get(response["Location"]).content.decode()
    assert "Columns not imported:" in page
    assert "人员联系电话: the registry keeps the household&#x27;s phone only" in page
    assert "Incomes and guarantees filed under 2021" in page
    household = Household.objects.get(number="520201100201900001")
    detail = client.get(reverse("households:detail", args=[household.pk])).content.decode()
    assert "household lifted out of poverty" in detail
    assert "effective 2019-12-31" in detail
    assert "Exited in 2019 (脱贫年度); imported from 已脱贫人口名单.xlsx." in detail
