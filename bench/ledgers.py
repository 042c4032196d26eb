"""Benchmarks of the plans app, on GENERATED data (invented units, items and ledgers).

    .venv/bin/python bench/ledgers.py                 # both parts
    .venv/bin/python bench/ledgers.py --part import   # 10,000 items, 500 units, SQLite (goal < 5 s)
    .venv/bin/python bench/ledgers.py --part summary  # 100,000 items, 1,000,000 entries, PostgreSQL (< 1 s)

The import part uses a fresh SQLite file under var/bench/. The summary part uses the PostgreSQL server of
DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bench_plans; the database is created and filled once
with COPY, then reused). Each part prints its time and the number of SQL queries it used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/bench_plans"


def _setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "counterpart.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


class _System:
    """Reads everything (the bench is system work)."""

    is_authenticated = True
    is_active = True
    is_superuser = True

    def __init__(self) -> None:
        from counterpart.plans.scope import PlanScope

        self._counterpart_plan_scope = PlanScope(everything=True)


def bench_import(items: int, units: int) -> None:
    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    db = bench_dir / "plans-import.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    _setup(f"sqlite:///{db}")
    import xlsxwriter
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from counterpart.orgs.models import Organization
    from counterpart.plans.importers import responsibility_list_import

    orgs = Organization.objects.bulk_create(
        [Organization(name=f"生成单位{n:04d}", note="generated") for n in range(units)]
    )
    rng = random.Random(1)
    path = Path(tempfile.mkdtemp()) / "list.xlsx"
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet()
    date = workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write(0, 0, "生成的责任清单（基准测试）")
    sheet.write_row(2, 0, ["序号", "工作任务", "责任单位", "配合单位", "目标/指标", "完成时限", "备注"])
    for n in range(items):
        co = "、".join(
            sorted(
                {orgs[rng.randrange(units)].name for _ in range(rng.randrange(0, 3))} - {orgs[n % units].name}
            )
        )
        row = [
            n + 1,
            f"生成任务{n + 1}",
            orgs[n % units].name,
            co,
            f"完成{rng.randrange(1, 500)}亩",
            None,
            "生成",
        ]
        sheet.write_row(3 + n, 0, row)
        sheet.write_datetime(3 + n, 5, dt.datetime(2021, rng.randrange(1, 13), 28), date)  # noqa: DTZ001
    workbook.close()
    owner = orgs[0]
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        rlist, _preview = responsibility_list_import(
            actor=None, source=path, owner=owner, year=2021, title="bench"
        )
        elapsed = time.perf_counter() - started
    assert rlist.items.count() == items
    print(
        f"import  SQLite      {items:>9,} items, {units} units: {elapsed:6.2f} s  "
        f"({items / elapsed:,.0f} items/s, {len(queries.captured_queries)} SQL queries; goal < 5 s)"
    )


def _fill_postgres(items: int, entries_per_item: int, units: int) -> None:
    """Create the generated data once with COPY (tens of seconds), then reuse it."""
    from django.db import connection

    from counterpart.orgs.models import Organization
    from counterpart.plans.models import Item, LedgerEntry, ResponsibilityList

    if Item.objects.count() == items and LedgerEntry.objects.count() == items * entries_per_item:
        return
    print(
        f"filling PostgreSQL: {items:,} items, {items * entries_per_item:,} entries (once)…", file=sys.stderr
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE plans_ledgerentry, plans_itemunit, plans_item, plans_historicalitem, "
            "plans_responsibilitylist CASCADE"
        )
    orgs = list(Organization.objects.filter(name__startswith="生成单位").order_by("pk")[:units])
    if len(orgs) < units:
        orgs += Organization.objects.bulk_create(
            [Organization(name=f"生成单位{n:04d}", note="generated") for n in range(len(orgs), units)]
        )
    rlist = ResponsibilityList.objects.create(
        title="生成的清单（基准测试）", owner=orgs[0], year=2021, generated=True
    )
    rng = random.Random(2)
    now = dt.datetime.now(dt.UTC)
    raw = connection.connection  # psycopg 3
    with raw.cursor() as cursor:
        with cursor.copy(
            "COPY plans_item (responsibility_list_id, number, position, task, category, lead_unit_id, "
            "target_text, target_quantity, target_unit, start_date, deadline, deadline_kind, deadline_text, "
            "category_text, note, generated, created_at, updated_at) FROM STDIN"
        ) as copy:
            for n in range(items):
                quantity = rng.randrange(10, 1000)
                copy.write_row(
                    (
                        rlist.pk,
                        str(n + 1),
                        n + 1,
                        f"生成任务{n + 1}",
                        "environment",
                        orgs[n % units].pk,
                        f"{quantity}亩",
                        quantity,
                        "亩",
                        dt.date(2021, 1, 1),
                        dt.date(2021, rng.randrange(3, 13), 28),
                        "date",
                        "",
                        "",
                        "generated",
                        True,
                        now,
                        now,
                    )
                )
        cursor.execute(
            "SELECT id, target_quantity FROM plans_item WHERE responsibility_list_id = %s", [rlist.pk]
        )
        targets = cursor.fetchall()
        with cursor.copy(
            "COPY plans_ledgerentry (item_id, year, month, value, narrative, status, review_comment, "
            "generated, created_at, updated_at, submitted_at) FROM STDIN"
        ) as copy:
            for item_id, target in targets:
                pace = rng.uniform(0.3, 1.3)
                for month in range(1, entries_per_item + 1):
                    value = min(int(target), round(float(target) * pace * month / 12))
                    status = "accepted" if month < entries_per_item or rng.random() < 0.7 else "submitted"
                    copy.write_row((item_id, 2021, month, value, "生成", status, "", True, now, now, now))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE plans_item; ANALYZE plans_ledgerentry")


def bench_summary(items: int, entries_per_item: int, units: int, runs: int) -> None:
    _setup(os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or PG_DEFAULT)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from counterpart.plans.selectors import supervision_summary

    if connection.vendor != "postgresql":
        sys.exit("the summary part needs PostgreSQL (DATABASE_URL)")
    _fill_postgres(items, entries_per_item, units)
    user = _System()
    # PostgreSQL's JIT compiles this query's expressions for ~2 s on a 2-core machine and then saves less than
    # that: measure with the server default and with `jit = off` (settable per connection: OPTIONS
    # {"options": "-c jit=off"} in DATABASES).
    for jit in ("default", "off"):
        if jit == "off":
            with connection.cursor() as cursor:
                cursor.execute("SET jit = off")
        times, query_counts = [], []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                summary = supervision_summary(user=user, as_of=dt.date(2021, 7, 1))
                times.append(time.perf_counter() - started)
            query_counts.append(len(queries.captured_queries))
        total = sum(unit.total for unit in summary)
        assert total == items, total
        print(
            f"summary PostgreSQL {items:>9,} items, {items * entries_per_item:,} entries, "
            f"{len(summary)} units, "
            f"jit {jit}: median {statistics.median(times):.3f} s, best {min(times):.3f} s over {runs} runs "
            f"({max(query_counts)} SQL query; goal < 1 s)"
        )


def _ensure_pg_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--part", choices=("all", "import", "summary"), default="all")
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--summary-items", type=int, default=100_000)
    parser.add_argument("--entries-per-item", type=int, default=10)
    parser.add_argument("--summary-units", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    if args.part == "all":
        # Each part sets up Django against its own database: run them as separate processes.
        base = [sys.executable, __file__]
        command = [*base, "--part", "import", "--items", str(args.items), "--units", str(args.units)]
        subprocess.run(command, check=True)  # noqa: S603  # this same script
        url = os.environ.get("BENCH_DATABASE_URL") or PG_DEFAULT
        _ensure_pg_database(url)
        env = {**os.environ, "BENCH_DATABASE_URL": url}
        subprocess.run(  # noqa: S603
            [
                *base,
                "--part",
                "summary",
                "--summary-items",
                str(args.summary_items),
                "--entries-per-item",
                str(args.entries_per_item),
                "--summary-units",
                str(args.summary_units),
                "--runs",
                str(args.runs),
            ],
            check=True,
            env=env,
        )
    elif args.part == "import":
        bench_import(args.items, args.units)
    else:
        _ensure_pg_database(os.environ.get("BENCH_DATABASE_URL") or PG_DEFAULT)
        bench_summary(args.summary_items, args.entries_per_item, args.summary_units, args.runs)


if __name__ == "__main__":
    main()
