"""`counterpart backup` / `counterpart restore` (`core.backup`) on the database the suite runs on (SQLite:
the online backup API into a new file; PostgreSQL: pg_dump into a new database), with a new MEDIA_ROOT:
every list's ledger export (its cell values, `tests/core/backup_probe.py`) and every evidence, exported
workbook and error report download give back what the original gave."""

from __future__ import annotations

import io
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from counterpart.core import backup as core_backup
from counterpart.households.jobs import import_job_create, import_job_run
from counterpart.households.models import ImportJob
from counterpart.plans import jobs as plans_jobs
from counterpart.plans import services
from counterpart.plans.models import PlansJob
from tests.core.backup_probe import probe
from tests.households.conftest import Registry
from tests.households.files import member_rows, write_csv
from tests.plans import files
from tests.plans.conftest import Plans

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def new_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The DATABASE_URL of a new, empty database on the suite's engine; dropped afterwards."""
    conf = connection.settings_dict
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('restored') / 'restored.sqlite3'}"
        return
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("the PostgreSQL client (pg_dump, pg_restore) is not installed")
    import psycopg

    name = f"test_h_backup_{secrets.token_hex(4)}"
    params = {
        k: conf.get(K) or None
        for k, K in (("user", "USER"), ("password", "PASSWORD"), ("host", "HOST"), ("port", "PORT"))
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    auth = conf.get("USER") or ""
    if conf.get("PASSWORD"):
        auth += f":{conf['PASSWORD']}"
    yield f"postgres://{auth}@{conf.get('HOST') or '127.0.0.1'}:{conf.get('PORT') or 5432}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _elsewhere(database_url: str, var: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_TEST_NAME", "HOUSEHOLD_IMPORT_DIR", "PLANS_JOB_DIR"}
    }
    env.update(
        DATABASE_URL=database_url,
        COUNTERPART_VAR_DIR=str(var),
        MEDIA_ROOT=str(var / "media"),
        PYTHONPATH=os.pathsep.join([str(REPO / "src"), str(REPO)]),
        DJANGO_SETTINGS_MODULE="counterpart.settings",
    )
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=300
    )


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_elsewhere_gives_back_every_list_and_file(
    plans: Plans,
    registry: Registry,
    settings: Any,
    tmp_path: Path,
    new_database: str,
) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    for name, data, month in (("现场.png", files.png(), 5), ("scan.pdf", files.pdf(), 6)):
        services.ledger_entry_submit(
            actor=plans.reporter_a,
            item=plans.item_a,
            year=2018,
            month=month,
            value=Decimal(10 * month),
            files=[SimpleUploadedFile(name, data)],
        )
    export = plans_jobs.export_job_create(actor=plans.world.dalian_office, responsibility_list=plans.rlist)
    assert plans_jobs.run_job(export.pk).status == PlansJob.Status.DONE
    rows = member_rows(3, 2)
    rows[2]["人均纯收入"] = "abc"
    upload = write_csv(tmp_path / "bad.csv", rows)
    job = import_job_create(
        actor=registry.liupanshui_office, upload=SimpleUploadedFile("bad.csv", upload.read_bytes()), year=2020
    )
    job = import_job_run(job.pk)
    assert job.status == ImportJob.Status.INVALID
    assert job.error_report
    assert not Path(job.error_report).is_absolute()
    (tmp_path / "media" / "household_id.key").write_text("never copied")

    original = probe()
    counts = {kind: len(found) for kind, found in original.items()}
    assert counts == {"lists": 2, "evidence": 2, "exports": 1, "reports": 1}
    downloads = [*original["evidence"].values(), *original["exports"].values(), *original["reports"].values()]
    assert not any(d.startswith("HTTP") for d in downloads)

    out = io.StringIO()
    call_command("backup", str(tmp_path / "backup"), "--quiet", stdout=out)
    assert core_backup.KEY_REMINDER in out.getvalue()
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["database"]["engine"] == connection.vendor
    assert manifest["tables"]["plans_evidencefile"] == 2
    assert sorted(f["root"] for f in manifest["files"]) == [
        "households.importjob",
        "media",
        "media",
        "plans.plansjob",
    ]
    assert not any("key" in f["name"] for f in manifest["files"])
    for path in (tmp_path / "backup").rglob("*"):
        assert path.stat().st_mode & 0o777 == (0o700 if path.is_dir() else 0o600), path

    env = _elsewhere(new_database, tmp_path / "elsewhere")
    restored = _run(["-m", "counterpart", "restore", str(tmp_path / "backup"), "--quiet"], env)
    assert restored.returncode == 0, restored.stderr
    assert "plans_evidencefile" in restored.stdout
    assert core_backup.KEY_REMINDER in restored.stdout
    assert not (tmp_path / "elsewhere" / "media" / "household_id.key").exists()

    result = tmp_path / "probe.json"
    probed = _run(["-m", "tests.core.backup_probe", str(result)], env)
    assert probed.returncode == 0, probed.stderr
    assert json.loads(result.read_text()) == original

    again = _run(["-m", "counterpart", "restore", str(tmp_path / "backup"), "--quiet"], env)
    assert again.returncode != 0
    assert "not empty" in again.stderr


def test_restore_checks_every_checksum_before_anything(tmp_path: Path) -> None:
    folder = tmp_path / "backup"
    (folder / "files" / "media").mkdir(parents=True)
    (folder / "database.sqlite3").write_bytes(b"db")
    (folder / "files" / "media" / "a.txt").write_bytes(b"evidence")
    manifest = {
        "format": core_backup.FORMAT,
        "version": core_backup.VERSION,
        "database": {
            "engine": "sqlite",
            "file": "database.sqlite3",
            "sha256": core_backup._sha256(folder / "database.sqlite3"),
        },
        "tables": {},
        "files": [
            {
                "root": "media",
                "name": "a.txt",
                "size": 8,
                "sha256": core_backup._sha256(folder / "files/media/a.txt"),
            }
        ],
    }
    core_backup.verify(folder, manifest)
    (folder / "files" / "media" / "a.txt").write_bytes(b"altered!")
    with pytest.raises(
        core_backup.BackupError,
        match=re.escape("1 files of the backup are missing or altered: files/media/a.txt."),
    ):
        core_backup.verify(folder, manifest)
    manifest["files"][0]["name"] = "../../etc/passwd"
    with pytest.raises(core_backup.BackupError, match="outside the backup"):
        core_backup.verify(folder, manifest)
    with pytest.raises(core_backup.BackupError, match=re.escape("no manifest.json")):
        core_backup.read_manifest(folder)
