"""Pages: scope (a reporter sees only its unit's items), the report → return → correct → accept cycle,
import with preview and row errors, dispatch, dashboard, pinned query counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from counterpart.core.jobs import job_file
from counterpart.plans import jobs
from counterpart.plans.models import EvidenceFile, Item, ItemUnit, LedgerEntry, PlansJob, ResponsibilityList
from tests.conftest import login
from tests.plans.conftest import Plans
from tests.plans.factories import ItemFactory, LedgerEntryFactory
from tests.plans.files import png

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PNG = png()  # a real image: evidence is decoded and re-encoded


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


def this_month() -> str:
    today = timezone.localdate()
    return f"{today.year}-{today.month:02d}"


def current_items(plans: Plans) -> None:
    """Make the fixture's items run through this year so the current month can be reported."""
    year = timezone.localdate().year
    Item.objects.filter(pk__in=[plans.item_a.pk, plans.item_b.pk]).update(
        start_date=dt.date(year, 1, 1), deadline=dt.date(year, 12, 31)
    )


def test_a_reporter_sees_only_its_units_items(plans: Plans) -> None:
    client = login(plans.reporter_a)
    page = client.get(reverse("plans:my_items")).content.decode()
    assert plans.item_a.task in page
    assert plans.item_b.task not in page
    page = client.get(reverse("plans:list", args=[plans.rlist.pk])).content.decode()
    assert plans.item_a.task in page
    assert plans.item_b.task not in page
    assert client.get(reverse("plans:item", args=[plans.item_b.pk])).status_code == 404
    assert client.get(reverse("plans:item", args=[plans.item_a.pk])).status_code == 200
    assert client.get(reverse("plans:list", args=[plans.shanghai_list.pk])).status_code == 404


def test_a_reporter_cannot_read_or_write_another_units_entries_through_pages(plans: Plans) -> None:
    current_items(plans)
    other = LedgerEntryFactory(
        item=plans.item_b,
        status=LedgerEntry.Status.SUBMITTED,
        month=1,
        year=timezone.localdate().year,
        narrative="乙单位的报告",
    )
    evidence = EvidenceFile.objects.create(
        entry=other,
        file=SimpleUploadedFile("b.png", PNG),
        original_name="b.png",
        content_type="image/png",
        size=len(PNG),
        sha256="0" * 64,
    )
    client = login(plans.reporter_a)
    assert (
        client.post(
            reverse("plans:report", args=[plans.item_b.pk]), {"period": this_month(), "value": "5"}
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("plans:entry_review", args=[other.pk]), {"decision": "accept"}).status_code == 404
    )
    assert client.get(reverse("plans:evidence", args=[evidence.pk])).status_code == 404
    assert "乙单位的报告" not in client.get(reverse("plans:dispatch", args=[plans.rlist.pk])).content.decode()
    assert "乙单位的报告" not in client.get(reverse("plans:review")).content.decode()
    other.refresh_from_db()
    assert other.status == LedgerEntry.Status.SUBMITTED
    assert not LedgerEntry.objects.filter(item=plans.item_b).exclude(pk=other.pk).exists()


def test_report_return_correct_accept_through_the_pages(plans: Plans) -> None:
    current_items(plans)
    reporter = login(plans.reporter_a)
    response = reporter.post(
        reverse("plans:report", args=[plans.item_a.pk]),
        {
            "period": this_month(),
            "value": "30",
            "narrative": "完成30亩",
            "evidence": [SimpleUploadedFile("现场.png", PNG)],
        },
    )
    assert response.status_code == 302
    entry = LedgerEntry.objects.get(item=plans.item_a)
    assert entry.evidence.count() == 1  # type: ignore[attr-defined]
    evidence = entry.evidence.get()  # type: ignore[attr-defined]
    image = reporter.get(reverse("plans:evidence", args=[evidence.pk]))
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    assert "inline" in image["Content-Disposition"]
    office = login(plans.world.dalian_office)
    assert b'data-status="submitted"' in office.get(reverse("plans:review")).content
    office.post(
        reverse("plans:entry_review", args=[entry.pk]), {"decision": "return", "comment": "请补充照片"}
    )
    entry.refresh_from_db()
    assert entry.status == LedgerEntry.Status.RETURNED
    assert "请补充照片" in reporter.get(reverse("plans:item", args=[plans.item_a.pk])).content.decode()
    reporter.post(
        reverse("plans:report", args=[plans.item_a.pk]),
        {"period": this_month(), "value": "35", "narrative": "完成35亩"},
    )
    entry.refresh_from_db()
    assert (entry.status, entry.value) == (LedgerEntry.Status.SUBMITTED, Decimal("35"))
    office.post(reverse("plans:entry_review", args=[entry.pk]), {"decision": "accept"})
    entry.refresh_from_db()
    assert entry.status == LedgerEntry.Status.ACCEPTED


def test_a_viewer_cannot_review(plans: Plans) -> None:
    current_items(plans)
    entry = LedgerEntryFactory(
        item=plans.item_a, status=LedgerEntry.Status.SUBMITTED, year=timezone.localdate().year, month=1
    )
    viewer = login(plans.world.viewer)
    viewer.post(reverse("plans:entry_review", args=[entry.pk]), {"decision": "accept"})
    entry.refresh_from_db()
    assert entry.status == LedgerEntry.Status.SUBMITTED
    assert (
        viewer.post(
            reverse("plans:report", args=[plans.item_a.pk]), {"period": this_month(), "value": "1"}
        ).status_code
        == 403
    )


@override_settings(TASKS=IMMEDIATE)
def test_import_page_shows_every_row_error_then_imports_a_valid_file(
    plans: Plans, django_capture_on_commit_callbacks: Any
) -> None:
    office = login(plans.world.dalian_office)
    bad = f"序号,工作任务,责任单位,完成时限\n1,甲,不存在,按要求\n2,,{plans.unit_a.name},2018-13-40\n"
    data = {
        "owner": plans.owner.pk,
        "target": plans.world.dalian_liupanshui.pk,
        "year": 2018,
        "title": "导入清单",
    }
    # The request only stores the file and queues its check: the worker parses it.
    response = office.post(
        reverse("plans:import"), {**data, "file": SimpleUploadedFile("a.csv", bad.encode())}
    )
    checked = PlansJob.objects.get()
    assert checked.kind == PlansJob.Kind.PREVIEW
    assert checked.status == PlansJob.Status.QUEUED
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:job", args=[checked.pk])
    page = office.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert "import-errors" not in page
    jobs.run_job(checked.pk)
    page = office.get(response["Location"]).content.decode()
    assert "import-errors" in page
    assert "按要求" in page
    assert "2018-13-40" in page
    assert "every 1s" not in page
    assert not ResponsibilityList.objects.filter(title="导入清单").exists()
    assert not job_file(checked, checked.path).exists()  # a refused file is not kept
    a, b = plans.unit_a.name, plans.unit_b.name
    good = f"序号,工作任务,责任单位,完成时限\n1,甲,{a},2018-12-31\n2,乙,{b},2018年底\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(
            reverse("plans:import"), {**data, "file": SimpleUploadedFile("a.csv", good.encode())}
        )
    job = PlansJob.objects.exclude(pk=checked.pk).get()
    assert job.status == PlansJob.Status.PREVIEWED
    assert job.preview["count"] == 2
    assert job_file(job, job.path).stat().st_mode & 0o777 == 0o600  # kept for the import, readable by us only
    page = office.get(response["Location"]).content.decode()
    assert "import-preview" in page
    assert "every 1s" not in page
    assert reverse("plans:job_confirm", args=[job.pk]) in page
    assert not ResponsibilityList.objects.filter(title="导入清单").exists()  # a preview writes nothing
    assert (
        login(plans.world.shanghai_office).post(reverse("plans:job_confirm", args=[job.pk])).status_code
        == 404
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(reverse("plans:job_confirm", args=[job.pk]))
    job.refresh_from_db()  # the confirmed import runs as a background task
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:job", args=[job.pk])
    rlist = ResponsibilityList.objects.get(title="导入清单")
    assert rlist.items.count() == 2
    assert job.status == PlansJob.Status.DONE
    assert job.responsibility_list == rlist
    assert job.kind == PlansJob.Kind.IMPORT
    assert not job_file(job, job.path).exists()
    page = office.get(response["Location"]).content.decode()
    assert "job-list" in page
    assert "every 1s" not in page
    assert office.post(reverse("plans:job_confirm", args=[job.pk])).status_code == 403  # used once


def test_a_reporter_cannot_import(plans: Plans) -> None:
    assert login(plans.reporter_a).get(reverse("plans:import")).status_code == 403


def test_dispatch_and_dashboard_render_and_export(plans: Plans) -> None:
    LedgerEntryFactory(item=plans.item_a, year=2018, month=6, value=Decimal("100"), narrative="全部完成")
    office = login(plans.world.dalian_office)
    page = office.get(reverse("plans:dispatch", args=[plans.rlist.pk]) + "?period=2018-06").content.decode()
    assert "全部完成" in page
    assert plans.unit_b.name in page
    export = office.get(reverse("plans:dispatch", args=[plans.rlist.pk]) + "?period=2018-06&format=xlsx")
    assert export.status_code == 200
    assert export.content[:2] == b"PK"
    page = office.get(reverse("plans:list_dashboard", args=[plans.rlist.pk])).content.decode()
    assert "chart-completion-options" in page
    assert "web/vendor/echarts.min.js" in page
    assert office.get(reverse("plans:export", args=[plans.rlist.pk]) + "?period=2018-06").content[:2] == b"PK"
    assert office.get(reverse("plans:dashboard")).status_code == 200


def test_spot_check_pages(plans: Plans) -> None:
    office = login(plans.world.dalian_office)
    office.post(reverse("plans:spot_check_draw", args=[plans.rlist.pk]), {"sample_size": 2, "seed": 7})
    check = plans.rlist.spot_checks.get()  # type: ignore[attr-defined]
    assert sorted(check.drawn_item_ids) == sorted([plans.item_a.pk, plans.item_b.pk])
    result = check.results.first()
    office.post(reverse("plans:spot_check_record", args=[result.pk]), {"result": "confirmed"})
    assert office.get(reverse("plans:spot_check", args=[check.pk])).status_code == 200
    assert login(plans.reporter_a).get(reverse("plans:spot_check", args=[check.pk])).status_code == 404


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["list", "my_items", "dashboard", "dispatch"])
def test_pages_use_the_same_number_of_queries_for_3_and_30_items(
    plans: Plans, settings: Any, page: str
) -> None:
    settings.PAGE_SIZE = 100
    user = plans.reporter_a if page == "my_items" else plans.world.dalian_office
    client = login(user)
    url = {
        "list": reverse("plans:list", args=[plans.rlist.pk]),
        "my_items": reverse("plans:my_items"),
        "dashboard": reverse("plans:list_dashboard", args=[plans.rlist.pk]),
        "dispatch": reverse("plans:dispatch", args=[plans.rlist.pk]) + "?period=2018-06",
    }[page]

    def add(n: int) -> None:
        for _ in range(n):
            item = ItemFactory(responsibility_list=plans.rlist, lead_unit=plans.unit_a)
            ItemUnit.objects.create(item=item, organization=plans.unit_a, role=ItemUnit.Role.LEAD, position=1)
            ItemUnit.objects.create(item=item, collective="各镇", role=ItemUnit.Role.RESPONSIBLE, position=1)
            ItemUnit.objects.create(
                item=item, organization=plans.unit_b, role=ItemUnit.Role.SUPPORTING, position=1
            )
            LedgerEntryFactory(item=item, month=6)

    add(1)  # 3 items in all
    small = _queries(client, url)
    add(27)  # 30
    large = _queries(client, url)
    assert small == large
    assert large <= 14
