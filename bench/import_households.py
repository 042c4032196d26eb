"""Benchmark of the registry import on this machine.

    python bench/import_households.py --households 100000                      # SQLite (a fresh temp file)
    python bench/import_households.py --households 100000 \\
        --database-url postgres://postgres@127.0.0.1:5432/counterpart_bench    # PostgreSQL (recreated)

Steps, on one fresh database: generate a GENERATED registry file (N households ≈ 3.5 N member rows); import
it with `counterpart import-households` in a child process (so its peak RSS is measured alone); then, on the
same rows: (1) the raw bulk load of the already-parsed rows — the exact tuples the import wrote, read back
into memory, tables emptied, inserted with COPY (PostgreSQL) or executemany (SQLite) — the limit; and (2) a
naive per-row ORM import (`get_or_create` the household, `Member(...).save()` per row, the same checks and
encryption) timed on a 10,000-row sample. Prints rows/s, peak RSS and both ratios.
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


def import_in_child(path: Path) -> tuple[float, float, str]:
    """Seconds, peak RSS (MB) of the child, its last output line."""
    start = time.perf_counter()
    proc = subprocess.run(  # noqa: S603  # our own interpreter and command
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
        capture_output=True,
        text=True,
        env=os.environ,
        check=False,
    )
    seconds = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"import failed:\n{proc.stdout}\n{proc.stderr}")
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, peak_mb, proc.stdout.strip().splitlines()[-1]


def raw_load() -> tuple[float, int]:
    """Read back the rows the import wrote, empty the tables, insert them again set-wise; seconds."""
    from django.db import connection, transaction

    from counterpart.households.importers import BulkWriter
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
    data = {}
    for model, columns in tables:
        fields = [c.strip() for c in columns.split(",")]
        data[model] = list(model.objects.order_by("pk").values_list(*fields))
    members = len(data[Member])
    with connection.cursor() as cursor:
        for model, _columns in reversed(tables):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
    start = time.perf_counter()
    with transaction.atomic():
        writer = BulkWriter()
        for model, columns in tables:
            rows = data[model]
            for i in range(0, len(rows), 5000):
                writer.insert(model, columns, rows[i : i + 5000])
    return time.perf_counter() - start, members


def orm_per_row(path: Path, sample: int) -> tuple[float, int]:
    """A naive importer: one ORM save per member row (household get_or_create), same checks and crypto."""
    from django.db import transaction

    from counterpart.geo.models import Region
    from counterpart.households import ids
    from counterpart.households.models import Household, Member, YearlyIncome

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
            village_id = villages[row[col["村代码"]]]
            household, created = Household.objects.get_or_create(
                number=number, province_code="520000", defaults={"village_id": village_id, "generated": True}
            )
            if created:
                YearlyIncome(
                    household=household, province_code="520000", year=2020,
                    per_capita_net_income=Decimal(row[col["人均纯收入"]]),
                ).save()  # fmt: skip
            Member(
                household=household, province_code="520000", person_number=row[col["人编号"]],
                name=row[col["姓名"]], birth_date=birth,
                relation=relation.get(row[col["与户主关系"]], "other"),
                id_cipher=codec.encrypt(value), id_hash=codec.hash(value + "o"), id_masked=ids.mask(value),
            ).save()  # fmt: skip
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

    seconds, peak_mb, message = import_in_child(path)
    from counterpart.households.models import Member

    members = Member.objects.count()
    import_rate = members / seconds
    raw_seconds, raw_rows = raw_load()
    raw_rate = raw_rows / raw_seconds
    orm_seconds, orm_rows = orm_per_row(path, args.orm_sample)
    orm_rate = orm_rows / orm_seconds
    print(f"database         {connection.vendor} ({dt.date.today()})")  # noqa: DTZ011
    print(f"file             {args.households:,} households, {members:,} member rows  [{message}]")
    print(
        f"import           {seconds:8.1f} s  {import_rate:10,.0f} rows/s  "
        "(parse, validate, HMAC, AES-GCM, write)"
    )
    print(f"peak RSS         {peak_mb:8.0f} MB  (import process)")
    print(
        f"raw bulk load    {raw_seconds:8.1f} s  {raw_rate:10,.0f} rows/s  "
        "(already-parsed tuples, same tables)"
    )
    print(f"per-row ORM      {orm_seconds:8.1f} s  {orm_rate:10,.0f} rows/s  ({orm_rows:,}-row sample)")
    print(f"ratio vs raw     {import_rate / raw_rate:8.0%}   (goal ≥ 50 %)")
    print(f"ratio vs ORM     {import_rate / orm_rate:8.1f}×  (goal ≥ 50×)")


if __name__ == "__main__":
    main()
