"""Killed imports leave nothing behind: a task worker (`counterpart db_worker`) or the CLI import killed with
SIGKILL in the middle of a registry import leaves no reader process; the next worker marks the job failed
with a message, nothing was written and the upload is gone.

These run real processes on a SQLite database of their own (a file in a temporary folder, migrated once for
the module), since the worker and the CLI are separate processes that must share it.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from counterpart.households import ids

ROOT = Path(__file__).resolve().parents[2]
#: Rows of the file: enough for the import to take seconds, so that it is killed half-way.
ROWS = 240_000

pytestmark = [
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc (Linux)"),
    pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="the forked reader needs two cores"),
]

SETUP = """
from counterpart.geo.models import Region
province = Region.objects.create(code="520000", name="贵州省", level="province")
city = Region.objects.create(code="520200", name="六盘水市", level="prefecture", parent=province)
county = Region.objects.create(code="520201", name="钟山区", level="county", parent=city)
town = Region.objects.create(code="520201100", name="大湾镇", level="town", parent=county)
Region.objects.create(code="520201100201", name="海嘎村", level="village", parent=town)
"""

QUEUE = """
from pathlib import Path
from django.db import transaction
from counterpart.core import jobs
from counterpart.households.models import ImportJob
from counterpart.households.tasks import import_registry_task
source = Path({source!r})
stored = jobs.store_upload(source, directory=jobs.files_dir(ImportJob), suffix=".csv")
job = ImportJob.objects.create(original_name=source.name, path=str(stored), year=2020)
import_registry_task.enqueue(job.pk)
print(job.pk)
"""


class Site:
    """The environment of the processes: their settings, database and folders."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "DATABASE_TEST_NAME", "MEDIA_ROOT", "HOUSEHOLD_IMPORT_DIR"}
        }
        self.env.update(
            {
                "DJANGO_SETTINGS_MODULE": "counterpart.settings",
                "COUNTERPART_VAR_DIR": str(root),
                "HOUSEHOLD_ID_KEY": "kill-test-key-" + "0" * 40,
                "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
                "DEBUG": "0",
            }
        )
        self.database = root / "counterpart.sqlite3"
        self.uploads = root / "media" / "household_imports"

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "counterpart", *args]

    def run(self, *args: str, timeout: float = 120) -> str:
        done = subprocess.run(  # noqa: S603  # our own interpreter and arguments
            self.command(*args), env=self.env, capture_output=True, text=True, timeout=timeout, check=False
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def start(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(  # noqa: S603  # our own interpreter and arguments
            self.command(*args),
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            text=True,
        )

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        with sqlite3.connect(self.database) as db:
            return db.execute(sql, params).fetchall()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = Site(tmp_path_factory.mktemp("killed-imports"))
    site.run("migrate", "-v", "0", timeout=300)
    site.run("shell", "-c", SETUP)
    return site


@pytest.fixture(scope="module")
def registry_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid registry file of ROWS one-member households (about 30 MB)."""
    path = tmp_path_factory.mktemp("registry") / "big.csv"
    header = ["县(市、区、旗)", "乡(镇)", "行政村", "户编号", "人编号", "姓名", "证件号码", "与户主关系"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for i in range(ROWS):
            number = f"5202011002{i:08d}"
            birth = dt.date(1940, 1, 1) + dt.timedelta(days=i // 1000)
            body = f"520201{birth:%Y%m%d}{i % 1000:03d}"
            row = ["钟山区", "大湾镇", "海嘎村", number, f"{number}01", f"张{i}"]
            writer.writerow([*row, body + ids.check_character(body), "户主"])
    return path


def _state(pid: int) -> str:
    """The process's state letter, "" when there is none (a zombie, Z, is dead too: it holds nothing)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat[stat.rindex(")") + 2]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat[stat.rindex(")") + 2 :].split()[1]) == pid and _state(int(entry.name)) not in "ZX":
                found.append(int(entry.name))
    return found


def _wait_for(condition: Any, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}")


def _mid_import(site: Site, process: subprocess.Popen[str]) -> list[int]:
    """Wait until the import is under way — rows reported, not all — with its reader forked; its pid."""

    def under_way() -> list[int] | None:
        assert process.poll() is None, "the import process ended early"
        for progress in site.uploads.glob("*.progress.json"):
            try:
                text = progress.read_text()
            except OSError:
                continue
            if '"done": 0,' not in text and f'"done": {ROWS}' not in text:
                return _children(process.pid) or None
        return None

    return _wait_for(under_way, 180, "the import to be under way")


def _kill(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)


def _no_process_left(pids: list[int]) -> None:
    _wait_for(lambda: all(_state(pid) in ("", "Z", "X") for pid in pids), 10, f"processes {pids} to end")


@pytest.fixture
def households_before(site: Site) -> int:
    return site.query("SELECT count(*) FROM households_household")[0][0]


def test_a_worker_killed_mid_import_leaves_a_failed_job_and_nothing_else(
    site: Site, registry_file: Path, households_before: int
) -> None:
    job_id = int(site.run("shell", "-c", QUEUE.format(source=str(registry_file))).split()[-1])
    ((upload,),) = site.query("SELECT path FROM households_importjob WHERE id = ?", job_id)
    assert Path(upload).stat().st_mode & 0o777 == 0o600
    worker = site.start("db_worker", "--no-startup-delay", "--interval", "0.1")
    try:
        readers = _mid_import(site, worker)
    finally:
        _kill(worker)
    _no_process_left(readers)
    # The job and its task still say running: nobody has told them.
    assert site.query("SELECT status FROM households_importjob WHERE id = ?", job_id) == [("running",)]
    # A worker that starts (here one that leaves once nothing is queued) fails them.
    site.run("db_worker", "--batch", "--no-startup-delay")
    ((status, message, finished),) = site.query(
        "SELECT status, message, finished_at FROM households_importjob WHERE id = ?", job_id
    )
    assert status == "failed"
    assert finished is not None
    assert "stopped before it ended" in message or "停止" in message
    assert site.query("SELECT status FROM django_tasks_database_dbtaskresult") == [("FAILED",)]
    assert site.query("SELECT count(*) FROM households_household")[0][0] == households_before == 0
    assert site.query("SELECT count(*) FROM households_member")[0][0] == 0
    assert not Path(upload).exists()
    assert not list(site.uploads.glob("*.progress.json"))


def test_the_cli_killed_mid_import_leaves_no_process(
    site: Site, registry_file: Path, households_before: int
) -> None:
    cli = site.start("import-households", str(registry_file), "--year", "2020")
    try:
        readers = _mid_import(site, cli)
    finally:
        _kill(cli)
    _no_process_left(readers)
    site.run("db_worker", "--batch", "--no-startup-delay")
    assert site.query("SELECT status FROM households_importjob ORDER BY id DESC LIMIT 1") == [("failed",)]
    assert site.query("SELECT count(*) FROM households_household")[0][0] == households_before
    assert registry_file.exists()  # the user's own file is left alone
