"""Benchmark of the registry import on this machine.

    python bench/import_households.py --households 100000                      # SQLite (a fresh temp file)
    python bench/import_households.py --households 100000 \\
        --database-url postgres://postgres@127.0.0.1:5432/counterpart_bench    # PostgreSQL (recreated)

Steps, on one fresh database: generate a GENERATED registry file (N households ≈ 3.5 N member rows); import
it with `counterpart import-households` in a child process (so its peak RSS is measured alone; its time
includes the process start); then, on the same rows: (1) the raw bulk load of the already-parsed rows — the
exact tuples the import wrote to the same four tables with the same indexes, read back into memory and
adapted to what the database takes (ISO text, decimal strings) before the clock starts, tables emptied as
the import found them (TRUNCATE on PostgreSQL), inserted with COPY (PostgreSQL) or executemany (SQLite) in
chunks of 5,000 in one transaction — the limit; and (2) a naive per-row ORM import timed on a 10,000-row
sample in one transaction: per row the ID validated, hashed and encrypted, one query for the ID in the
registry, one for the household by number, then `save()` of the household, its income and status change
(first member only) and of the member — the same rows the import writes, without simple_history rows (the
import writes none); printed again with the history rows `save()` writes by default, for reference.
Prints rows/s, peak RSS (of the import process, and of it and its forked reader process together, sampled
from /proc: an upper bound, as pages shared after the fork count twice) and both ratios (against the ORM
run without history rows).
Goals: ≥ 50 % of raw, ≥ 50 × per-row ORM, peak RSS < 400 MB.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("HOUSEHOLD_ID_KEY", "bench-only-key")  # the bench's own throwaway key
    os.environ["DJANGO_SETTINGS_MODULE"] = "counterpart.settings"
    if database_url.startswith("postgres"):
        import psycopg

        base, _sep, name = database_url.rpartition("/")
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    else:
        path = Path(database_url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and its descendants (MB), from /proc; pages shared after fork are
    counted once per process, so this is an upper bound."""
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
        pending.extend(int(c) for c in children)
    return total / 1024


def import_in_child(path: Path) -> tuple[float, float, float, str]:
    """Seconds, peak RSS (MB) of the import process alone, peak RSS of it and its reader process together
    (sampled every 50 ms), its last output line."""
    start = time.perf_counter()
    proc = subprocess.Popen(  # noqa: S603  # our own interpreter and command
        [
            sys.executable,
            "-m",
            "counterpart",
            "import-households",
            str(path),
            "--generated",
            "--quiet",
            "--year",
            "2020",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ,
    )
    peak_tree = 0.0

    def sample() -> None:
        nonlocal peak_tree
        while proc.poll() is None:
            peak_tree = max(peak_tree, _tree_rss_mb(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - start
    sampler.join()
    if proc.returncode:
        raise SystemExit(f"import failed:\n{stdout}\n{stderr}")
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, peak_mb, peak_tree, stdout.strip().splitlines()[-1]


def raw_load() -> tuple[float, int]:
    """Read back the rows the import wrote, empty the tables, insert them again set-wise; seconds."""
    from django.db import connection, transaction

    from counterpart.core.bulk import BulkWriter
    from counterpart.households.models import Household, Member, StatusChange, YearlyIncome

    tables = [
        (Household, "id, created_at, updated_at, number, village_id, province_code, household_type, "
                    "standard, status, main_cause, other_causes, phone, generated, import_job_id"),
        (YearlyIncome, "household_id, province_code, year, per_capita_net_income"),
        (StatusChange, "household_id, from_status, to_status, changed_at, changed_by_id, reason"),
        (Member, "created_at, updated_at, household_id, province_code, person_number, name, sex, "
                 "birth_date, relation, ethnicity, education, health, migrant_work_months, id_cipher, "
                 "id_hash, id_masked"),
    ]  # fmt: skip
    writer = BulkWriter()
    data = {}
    for model, columns in tables:
        fields = [c.strip() for c in columns.split(",")]
        # Adapted to what the database takes before the clock starts (as the import hands them over: ISO
        # text for dates and timestamps, decimal strings), so the raw load times only the insert itself.
        data[model] = [
            tuple(_raw_value(writer, v) for v in row)
            for row in model.objects.order_by("pk").values_list(*fields).iterator(chunk_size=10_000)
        ]
    members = len(data[Member])
    # Emptied the way the import found them (fresh): TRUNCATE on PostgreSQL, where DELETE would leave dead
    # rows and bloated indexes that slow the raw load down; SQLite's unconditional DELETE truncates.
    names = ", ".join(connection.ops.quote_name(model._meta.db_table) for model, _c in reversed(tables))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {names} CASCADE")  # the other referencing tables are empty here
        else:
            for model, _columns in reversed(tables):
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
    start = time.perf_counter()
    with transaction.atomic():
        for model, columns in tables:
            rows = data[model]
            for i in range(0, len(rows), 5000):
                writer.insert(model, columns, rows[i : i + 5000], adapt=False)
    return time.perf_counter() - start, members


def _raw_value(writer: object, value: object) -> object:
    from counterpart.core.bulk import adapt_value as _adapt

    if isinstance(value, dt.datetime):
        return writer.timestamp(value)  # type: ignore[attr-defined]
    return _adapt(value)


def orm_per_row(path: Path, sample: int, *, history: bool = False) -> tuple[float, int]:
    """A naive importer: one ORM `save()` per record in one transaction, writing the same rows as the
    import (household, its income and initial status change, the member; no simple_history rows — the
    import writes none either) after the same per-row checks (ID validated, hashed, encrypted; the ID
    looked up in the registry; the household by number). With `history`, `save()` also writes the
    simple_history rows it writes by default (the import writes none: more work than the import does)."""
    from django.db import transaction
    from django.utils import timezone

    from counterpart.geo.models import Region
    from counterpart.households import ids
    from counterpart.households.models import Household, Member, StatusChange, YearlyIncome

    codec = ids.codec()
    villages = dict(Region.objects.filter(level="village").values_list("code", "pk"))
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        header = next(reader)
        col = {name: i for i, name in enumerate(header)}
        rows = [next(reader) for _ in range(sample)]
    relation = {
        "户主": "head",
        "配偶": "spouse",
        "之子": "child",
        "之女": "child",
        "之父": "parent",
        "之母": "parent",
    }
    start = time.perf_counter()
    with transaction.atomic():
        for row in rows:
            number = "O" + row[col["户编号"]]
            value, birth = ids.validate(row[col["证件号码"]])
            id_hash = codec.hash(value + "o")
            if Member.objects.filter(id_hash=id_hash).exists():
                raise SystemExit("unexpected: ID already registered")
            village_id = villages[row[col["村代码"]]]
            household = Household.objects.filter(number=number).first()
            if household is None:
                household = Household(
                    number=number, province_code="520000", village_id=village_id, generated=True
                )
                if not history:  # simple_history skips an instance that has this attribute at all
                    household.skip_history_when_saving = True  # type: ignore[attr-defined]
                household.save()
                income = YearlyIncome(
                    household=household, province_code="520000", year=2020,
                    per_capita_net_income=Decimal(row[col["人均纯收入"]]),
                )  # fmt: skip
                if not history:  # simple_history skips an instance that has this attribute at all
                    income.skip_history_when_saving = True  # type: ignore[attr-defined]
                income.save()
                StatusChange(
                    household=household, from_status="", to_status=household.status,
                    changed_at=timezone.now(), reason="imported",
                ).save()  # fmt: skip
            member = Member(
                household=household, province_code="520000", person_number=row[col["人编号"]],
                name=row[col["姓名"]], birth_date=birth,
                relation=relation.get(row[col["与户主关系"]], "other"),
                id_cipher=codec.encrypt(value, id_hash), id_hash=id_hash, id_masked=ids.mask(value),
            )  # fmt: skip
            if not history:  # simple_history skips an instance that has this attribute at all
                member.skip_history_when_saving = True  # type: ignore[attr-defined]
            member.save()
        transaction.set_rollback(True)
    return time.perf_counter() - start, len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description="Registry import benchmark.")
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--orm-sample", type=int, default=10_000)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "counterpart-bench")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    url = args.database_url or f"sqlite:///{args.workdir / 'bench.sqlite3'}"
    setup(url)
    from django.db import connection

    from counterpart.demo.households_demo import ensure_villages, write

    ensure_villages()
    path = args.workdir / f"registry-{args.households}-{args.seed}.csv"
    if not path.exists():
        t = time.perf_counter()
        write(path, args.households, args.seed)
        print(f"generated {path} in {time.perf_counter() - t:.1f}s ({path.stat().st_size / 1e6:.0f} MB)")
    connection.close()

    seconds, peak_mb, peak_tree, message = import_in_child(path)
    from counterpart.households.models import Member

    members = Member.objects.count()
    import_rate = members / seconds
    raw_seconds, raw_rows = raw_load()
    raw_rate = raw_rows / raw_seconds
    orm_seconds, orm_rows = orm_per_row(path, args.orm_sample)
    orm_rate = orm_rows / orm_seconds
    history_seconds, history_rows = orm_per_row(path, args.orm_sample, history=True)
    print(f"database         {connection.vendor} ({dt.date.today()})")  # noqa: DTZ011
    print(f"file             {args.households:,} households, {members:,} member rows  [{message}]")
    print(
        f"import           {seconds:8.1f} s  {import_rate:10,.0f} rows/s  "
        "(parse, validate, HMAC, AES-GCM, write)"
    )
    print(f"peak RSS         {peak_mb:8.0f} MB  (largest single process: the import or its reader)")
    print(f"                 {peak_tree:8.0f} MB  (import and its reader process together, sampled)")
    print(
        f"raw bulk load    {raw_seconds:8.1f} s  {raw_rate:10,.0f} rows/s  "
        "(already-parsed tuples, same tables)"
    )
    print(
        f"per-row ORM      {orm_seconds:8.1f} s  {orm_rate:10,.0f} rows/s  "
        f"({orm_rows:,}-row sample, same rows as the import)"
    )
    print(
        f"  + history      {history_seconds:8.1f} s  {history_rows / history_seconds:10,.0f} rows/s  "
        "(save() also writing its simple_history rows)"
    )
    print(f"ratio vs raw     {import_rate / raw_rate:8.0%}   (goal ≥ 50 %)")
    print(f"ratio vs ORM     {import_rate / orm_rate:8.1f}×  (goal ≥ 50×)")


if __name__ == "__main__":
    main()
