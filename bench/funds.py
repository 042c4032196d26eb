"""Benchmark of the funds app on GENERATED data (invented projects and transactions), PostgreSQL only.

    .venv/bin/python bench/funds.py             # 100,000 projects, 1,000,000 transactions
    .venv/bin/python bench/funds.py --projects 10000 --per-project 10

Uses the PostgreSQL server of BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bench_funds;
created and filled once with INSERT … SELECT generate_series, then reused). Times, side by side, the fund-flow
summary (`funds.selectors.fund_flow_by_year`) and the alert scan (`funds.selectors.alert_list`) against one
hand-written SQL query computing the same figures, and prints the ratio and the number of SQL queries
(goal: under 1 s, at most 1.5× the hand-written query, query count constant).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/bench_funds"
TODAY = dt.date(2025, 10, 15)

FLOW_SQL = """
SELECT p.year,
       COALESCE(SUM(t.amount) FILTER (WHERE t.kind IN (2, 11)), 0),
       COALESCE(SUM(t.amount) FILTER (WHERE t.kind = 1), 0),
       COALESCE(SUM(t.amount) FILTER (WHERE t.kind = 3), 0),
       COALESCE(SUM(t.amount) FILTER (WHERE t.kind = 4), 0)
FROM funds_transaction t JOIN funds_project p ON p.id = t.project_id
GROUP BY p.year ORDER BY p.year
"""

# The idle-funds and past-the-end alerts, the two the generated data triggers, computed by hand.
ALERT_SQL = """
SELECT p.id, p.title FROM funds_project p
LEFT JOIN LATERAL (
  SELECT COALESCE(SUM(amount) FILTER (WHERE kind = 1), 0) AS received,
         COALESCE(SUM(amount) FILTER (WHERE kind = 3), 0) AS disbursed,
         COALESCE(SUM(amount) FILTER (WHERE kind = 4), 0) AS spent,
         MAX(date) FILTER (WHERE kind IN (1, 3, 4)) AS last_flow
  FROM funds_transaction t WHERE t.project_id = p.id) m ON true
WHERE (CASE WHEN m.disbursed > 0 THEN m.disbursed - m.spent ELSE m.received - m.spent END > 0
       AND m.last_flow < %(idle)s)
   OR (p.planned_end < %(today)s AND p.stage NOT IN ('completed', 'accepted'))
ORDER BY p.pairing_id, p.title, p.id
"""


class _System:
    is_authenticated = True
    is_active = True

    def __init__(self) -> None:
        from counterpart.pairings.scope import SYSTEM_SCOPE

        self._counterpart_scope = SYSTEM_SCOPE


def _setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "counterpart.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _fill(projects: int, per_project: int) -> None:
    """Generated projects of one pairing, `per_project` transactions each; a quarter idle, a quarter late."""
    from django.db import connection

    from counterpart.funds.models import Project
    from counterpart.geo.models import Region
    from counterpart.pairings.models import Pairing

    if Project.objects.count() == projects:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE funds_transaction, funds_projectplace, funds_project RESTART IDENTITY CASCADE"
        )
    helped, _ = Region.objects.get_or_create(
        code="520200", defaults={"name": "六盘水市（基准）", "level": "prefecture"}
    )
    helper, _ = Region.objects.get_or_create(
        code="210200", defaults={"name": "大连市（基准）", "level": "prefecture"}
    )
    pairing = Pairing.objects.filter(helper_region=helper, helped_region=helped).first()
    if pairing is None:
        pairing = Pairing.objects.create(helper_region=helper, helped_region=helped, level="city")
        pairing.path = f"/{pairing.pk}/"
        pairing.save(update_fields=["path"])
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO funds_project (created_at, updated_at, source, title, content, sector, year,
              pairing_id, places_text, budget, stage, planned_start, planned_end, generated)
            SELECT now(), now(), 'generated', '生成项目' || n, '', 'industry', 2020 + n %% 6, %s, '',
              1000000, CASE WHEN n %% 4 = 0 THEN 'accepted' ELSE 'started' END,
              make_date(2020 + n %% 6, 3, 1),
              CASE WHEN n %% 4 = 3 THEN make_date(2020 + n %% 6, 12, 31)
                ELSE make_date(2030, 12, 31) END, true
            FROM generate_series(1, %s) AS n
            """,
            [pairing.pk, projects],
        )
        cursor.execute(
            """
            INSERT INTO funds_transaction (created_at, updated_at, source, project_id, kind, date, amount,
              currency, description, funding_source, generated)
            SELECT now(), now(), 'generated', p.id,
              CASE WHEN k = 1 THEN 11 WHEN k = 2 THEN 1 WHEN k = 3 THEN 3 ELSE
                CASE WHEN p.id %% 4 = 1 THEN 1 ELSE 4 END END,
              make_date(p.year, 1 + k %% 12, 1), 1000000.0 / %s, 'CNY', '', '', true
            FROM funds_project p, generate_series(1, %s) AS k
            """,
            [per_project, per_project],
        )
        cursor.execute("ANALYZE funds_project; ANALYZE funds_transaction")
    took = time.perf_counter() - started
    print(f"filled {projects:,} projects, {projects * per_project:,} transactions in {took:.1f} s")


def _time(runs: int, call: Callable[[], Any]) -> tuple[float, int, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, counts, result = [], [], None
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = call()
            times.append(time.perf_counter() - started)
        counts.append(len(queries.captured_queries))
    return statistics.median(times), max(counts), result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--per-project", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    url = os.environ.get("BENCH_DATABASE_URL") or PG_DEFAULT
    _ensure_database(url)
    _setup(url)
    from django.conf import settings
    from django.db import connection

    from counterpart.funds import selectors

    if connection.vendor != "postgresql":
        sys.exit("bench/funds.py needs PostgreSQL")
    _fill(args.projects, args.per_project)
    user = _System()
    idle = TODAY - dt.timedelta(days=settings.FUNDS_IDLE_DAYS)

    def raw(sql: str, params: dict[str, Any] | None = None) -> list[Any]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params or {})
            return cursor.fetchall()

    flow_t, flow_q, flow = _time(args.runs, lambda: selectors.fund_flow_by_year(user=user))
    flow_raw_t, _, flow_raw = _time(args.runs, lambda: raw(FLOW_SQL))
    assert [(r["year"], r["committed"], r["received"], r["disbursed"], r["spent"]) for r in flow] == [
        tuple(row) for row in flow_raw
    ]
    alert_t, alert_q, alerts = _time(args.runs, lambda: selectors.alert_list(user=user, kind="", today=TODAY))
    alert_raw_t, _, alert_raw = _time(args.runs, lambda: raw(ALERT_SQL, {"idle": idle, "today": TODAY}))
    flagged = {a.project_id for a in alerts if a.kind in ("idle", "overdue")}
    assert flagged == {row[0] for row in alert_raw}, (len(flagged), len(alert_raw))
    n = f"{args.projects:,} projects, {args.projects * args.per_project:,} transactions"
    print(
        f"fund flow  ({n}): {flow_t:.3f} s, {flow_q} query; hand-written SQL {flow_raw_t:.3f} s; "
        f"ratio {flow_t / flow_raw_t:.2f}"
    )
    print(
        f"alert scan ({n}): {alert_t:.3f} s, {alert_q} query, {len(alerts):,} alerts; hand-written SQL "
        f"{alert_raw_t:.3f} s; ratio {alert_t / alert_raw_t:.2f}"
    )


if __name__ == "__main__":
    main()
