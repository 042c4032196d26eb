"""The review step of a list import: the worker's check lists every unit no organization has; the office
matches each to an organization (a candidate, or by its exact name) or creates it in the owner's region;
only then is the list written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from counterpart.orgs.models import Organization
from counterpart.plans import jobs
from counterpart.plans.models import PlansJob, ResponsibilityList
from tests.plans.conftest import Plans
from tests.plans.layouts import county, division_plan
from tests.plans.test_views import IMMEDIATE, login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


@override_settings(TASKS=IMMEDIATE)
def test_the_office_matches_one_unknown_unit_creates_the_other_then_the_list_is_written(
    plans: Plans, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    changhai = county(plans.world.dalian_liupanshui.helper_region)
    office = login(plans.world.dalian_office)
    path = division_plan(tmp_path / "分工方案.xlsx")
    data = {
        "owner": changhai.owner.pk,
        "target": plans.world.dalian_liupanshui.pk,
        "year": "",
        "title": "分工方案",
    }
    with django_capture_on_commit_callbacks(execute=True), path.open("rb") as fh:
        response = office.post(
            reverse("plans:import"), {**data, "file": SimpleUploadedFile(path.name, fh.read())}
        )
    job = PlansJob.objects.get()
    assert job.status == PlansJob.Status.PREVIEWED
    assert [u["name"] for u in job.preview["unknown_units"]] == ["县文旅局", "县供销社"]
    assert job.preview["year"] == 2019
    page = office.get(response["Location"]).content.decode()
    assert 'id="unit-review"' in page
    assert "长海县文旅局" in page  # proposed as the new organization's name
    assert "2019" in page
    assert "取自表格上方的标题" in page  # where the year came from, in the user's language
    # Nothing is written before every unknown unit has an answer.
    with translation.override("en"), pytest.raises(ValidationError, match="every unknown unit"):
        jobs.import_job_confirm(actor=plans.world.dalian_office, job=job, unit_choices={})
    url = reverse("plans:job_confirm", args=[job.pk])
    refused = office.post(url, {"unit-0-action": "create", "unit-0-name": "", "unit-1-action": "match"})
    assert refused.status_code == 400
    assert not ResponsibilityList.objects.filter(title="分工方案").exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(
            url,
            {
                "unit-0-action": "create",
                "unit-0-name": "长海县文化和旅游局",
                "unit-1-action": "match",
                "unit-1-search": "长海县环保局",  # found by its exact name
            },
        )
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == PlansJob.Status.DONE
    rlist = ResponsibilityList.objects.get(title="分工方案")
    assert rlist.year == 2019
    created = Organization.objects.get(name="长海县文化和旅游局")
    assert created.region == changhai.county
    assert created.kind == Organization.Kind.DEPARTMENT
    second = rlist.items.get(position=2)
    assert [u.organization for u in second.responsible_units] == [created]
    third = rlist.items.get(position=3)
    assert [u.organization for u in third.supporting_units] == [changhai.env]
    page = office.get(reverse("plans:list", args=[rlist.pk])).content.decode()
    assert "长海县文化和旅游局" in page
    assert "各镇" in page  # a collective unit, shown as written


@override_settings(TASKS=IMMEDIATE)
def test_a_file_whose_units_are_all_known_needs_no_review(
    plans: Plans, django_capture_on_commit_callbacks: Any
) -> None:
    body = f"序号,工作任务,牵头单位,责任单位,完成时限\n1,甲,{plans.unit_a.name},{plans.unit_b.name},年底前\n"
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.import_job_create(
            actor=plans.world.dalian_office,
            source=SimpleUploadedFile("a.csv", body.encode()),
            owner=plans.owner,
            year=2018,
            title="无需核对",
            pairing=plans.world.dalian_liupanshui,
            preview=True,
        )
    job.refresh_from_db()
    assert job.preview["unknown_units"] == []
    assert job.preview["rows"][0]["leads"] == [plans.unit_a.name]
    assert job.preview["rows"][0]["responsible"] == [plans.unit_b.name]
    with django_capture_on_commit_callbacks(execute=True):
        login(plans.world.dalian_office).post(reverse("plans:job_confirm", args=[job.pk]))
    item = ResponsibilityList.objects.get(title="无需核对").items.get()
    assert (item.lead_unit, item.deadline.isoformat()) == (plans.unit_a, "2018-12-31")
