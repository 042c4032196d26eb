"""The web upload of a table: the check runs as a background job (its page shows every error and warning
with its row and column, or the projects to write), nothing is written until the user confirms, then the
same job imports; the project library's .xlsx export reads back through the import's reader."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from counterpart.funds import import_jobs
from counterpart.funds.models import Project, ProjectImportJob, Transaction
from counterpart.funds.tables import read_table
from tests.conftest import login
from tests.funds.fixtures import layouts, regions
from tests.funds.fixtures.regions import Haidong

pytestmark = pytest.mark.django_db
hd = regions.hd  # the fixture


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def upload(client: Any, path: Path, hd: Haidong, **extra: str) -> Any:
    data = {"pairing": str(hd.pairing.pk), "year": "2021", **extra}
    data["file"] = SimpleUploadedFile(path.name, path.read_bytes())  # type: ignore[assignment]
    return client.post(reverse("funds:import"), data)


def test_upload_check_confirm_import(
    tmp_path: Path, hd: Haidong, django_capture_on_commit_callbacks: Any
) -> None:
    client = login(hd.office, language="en")
    assert client.get(reverse("funds:import")).status_code == 200
    with django_capture_on_commit_callbacks(execute=False):
        response = upload(client, layouts.village_allocation(tmp_path / "安排表.csv"), hd)
    job = ProjectImportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("funds:import_job", args=[job.pk])
    import_jobs.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == ProjectImportJob.Status.PREVIEWED
    assert Project.objects.count() == 0  # nothing written before the confirmation
    page = client.get(reverse("funds:import_job", args=[job.pk])).content.decode()
    assert "6 projects ready to import" in page
    assert "1,130,000.00 元" in page
    assert "葡萄基地" in page
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("funds:import_confirm", args=[job.pk]))
    import_jobs.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == ProjectImportJob.Status.DONE, job.message
    assert Project.objects.filter(pairing=hd.pairing, year=2021, recorded_by=hd.office).count() == 6
    assert Transaction.objects.count() == 6
    # confirmed once: a second confirmation is refused
    assert client.post(reverse("funds:import_confirm", args=[job.pk])).status_code == 403


def test_errors_shown_with_row_and_column_and_nothing_written(
    tmp_path: Path, hd: Haidong, django_capture_on_commit_callbacks: Any
) -> None:
    client = login(hd.office, language="en")
    with django_capture_on_commit_callbacks(execute=False):
        upload(client, layouts.totals_mismatch(tmp_path / "x.csv"), hd)
    job = ProjectImportJob.objects.get()
    import_jobs.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == ProjectImportJob.Status.INVALID
    assert [(e["row"], e["column"]) for e in job.errors] == [(9, "资金金额"), (14, "资金金额")]
    page = client.get(reverse("funds:import_job", args=[job.pk])).content.decode()
    assert "700,000.00" in page
    report = client.get(reverse("funds:import_errors", args=[job.pk]))
    assert "1,080,000.00" in report.content.decode("utf-8-sig")
    assert Project.objects.count() == 0


def test_no_unit_form_gives_it(tmp_path: Path, hd: Haidong, django_capture_on_commit_callbacks: Any) -> None:
    client = login(hd.office, language="en")
    with django_capture_on_commit_callbacks(execute=False):
        upload(client, layouts.no_unit(tmp_path / "x.csv"), hd, unit="万元")
    job = ProjectImportJob.objects.get()
    import_jobs.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == ProjectImportJob.Status.PREVIEWED


def test_another_pairing_office_cannot_choose_the_pairing(tmp_path: Path, hd: Haidong) -> None:
    client = login(hd.outsider, language="en")
    response = upload(client, layouts.no_unit(tmp_path / "x.csv"), hd)
    assert response.status_code == 200  # the form again: the pairing is not among its choices
    assert ProjectImportJob.objects.count() == 0


def test_viewer_may_not_upload(hd: Haidong) -> None:
    assert login(hd.viewer).get(reverse("funds:import")).status_code == 403


def test_job_of_another_user_is_404(
    tmp_path: Path, hd: Haidong, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        upload(login(hd.office), layouts.no_unit(tmp_path / "x.csv"), hd)
    job = ProjectImportJob.objects.get()
    assert login(hd.outsider).get(reverse("funds:import_job", args=[job.pk])).status_code == 404


def test_export_reads_back_in_the_same_columns(tmp_path: Path, hd: Haidong) -> None:
    from django.core.management import call_command

    call_command(
        "import-projects", str(layouts.funding_by_source(tmp_path / "x.xlsx")), "--pairing",
        str(hd.pairing.pk), "--year", "2022", "--no-progress", stdout=io.StringIO(), stderr=io.StringIO(),
    )  # fmt: skip
    response = login(hd.office).get(reverse("funds:export"), {"pairing": hd.pairing.pk, "year": 2022})
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    exported = tmp_path / "export.xlsx"
    exported.write_bytes(content)
    table = read_table(exported)
    assert table.errors == []
    rows = {r.title: r for r in table.rows}
    assert set(rows) == {"肉牛养殖", "藜麦种植"}
    assert rows["肉牛养殖"].amounts["investment"] == Decimal("2000000.00")
    assert rows["肉牛养殖"].sources == {
        "fund_cooperation": Decimal("1500000.00"),
        "fund_pooled": Decimal("400000.00"),
        "fund_own": Decimal("100000.00"),
    }
    assert rows["藜麦种植"].place == "峡口村"
    assert rows["藜麦种植"].unit == "民和回族土族自治县农业农村局"
    # another pairing's office gets a workbook without them
    other = login(hd.outsider).get(reverse("funds:export"), {"year": 2022})
    (tmp_path / "other.xlsx").write_bytes(other.content)
    assert read_table(tmp_path / "other.xlsx").rows == []
