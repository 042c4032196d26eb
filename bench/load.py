"""Load benchmark on a national-sized dataset (issue 14): 50 users against the production server, PostgreSQL.

    .venv/bin/pip install -c requirements.lock -e '.[bench]'     # locust, once
    .venv/bin/python bench/load.py                                # fill once (~10 min), then 1 and 50 users
    .venv/bin/python bench/load.py --users 50 --duration 120     # longer run, the data kept
    .venv/bin/python bench/load.py --households 100000 --items 10000 --agreements 1000   # a smaller set

The database (default postgres://postgres@127.0.0.1:5432/bench_load) gets the national region tree
(`counterpart load-regions`; `make regions-data` must have fetched it), the demo data and logins, and
GENERATED records on the demo pairing Dalian → Liupanshui: 1,000,000 households in the real villages of the
demo counties (written by the registry import itself, from `bench/generate_households.py`'s file), a
responsibility list of 100,000 items with 10 monthly ledger entries each (1,000,000 entries), and 10,000
agreements. It is filled once and reused while the counts match.

Then the server runs as `make run` serves (gunicorn with `counterpart.gunicorn_config`, DEBUG off,
WhiteNoise), and locust (bench/locustfile.py) runs twice, headless: one user (the page's own latency) and N
users (default 50) with 1–3 s between requests. Printed per page: requests, failures, p50/p95/p99 in ms, and
the ratio of the loaded p50 to the single user's; then the totals and requests/s.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/bench_load"
SEED = 14


def _env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="counterpart.settings",
        HOUSEHOLD_ID_KEY=env.get("HOUSEHOLD_ID_KEY", "bench-only-key"),  # the bench's own throwaway key
        SECRET_KEY=env.get("SECRET_KEY", "bench-only-not-a-secret-" + "x" * 40),
        PYTHONPATH=str(ROOT / "src"),
        # As `make run` serves on this machine: plain HTTP, so the HTTPS-only settings are off.
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        DEBUG="0",
    )
    return env


def _counterpart(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(BIN / "counterpart"), *args], env=env, check=True, cwd=ROOT)  # noqa: S603


def _ensure_database(url: str) -> None:
    import psycopg

    base, _sep, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _django(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def fill(env: dict[str, str], households: int, items: int, entries_per_item: int, agreements: int) -> None:
    """Create what is missing, once; each part is skipped while its count is already there."""
    _counterpart(env, "migrate", "--noinput", "-v", "0")
    _django(env)
    from counterpart.geo.models import Region

    if Region.objects.filter(level=Region.Level.VILLAGE).count() < 100_000:
        print("loading the national region tree…", file=sys.stderr)
        _counterpart(env, "load-regions")
    # The registry first: the demo loader imports its own 120 generated households only where none are.
    _fill_households(env, households)
    from counterpart.pairings.models import Pairing

    if not Pairing.objects.exists():
        print("loading the demo data…", file=sys.stderr)
        _counterpart(env, "load_demo")
    _counterpart(env, "ensure_demo_login")
    _fill_list(items, entries_per_item)
    _fill_agreements(agreements)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _fill_households(env: dict[str, str], households: int) -> None:
    from counterpart.households.models import Household

    have = Household.objects.filter(generated=True).count()
    if have >= households:
        return
    if have:  # the generator numbers households from the first village again: no top-up
        raise SystemExit(
            f"{have:,} generated households are there, not {households:,}: drop the bench database."
        )
    print(f"importing {households - have:,} generated households (the registry import)…", file=sys.stderr)
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "registry.csv"
        subprocess.run(  # noqa: S603  # our own interpreter and script
            [sys.executable, str(ROOT / "bench" / "generate_households.py"), "--households",
             str(households - have), "--seed", str(SEED + have), "--out", str(path)],
            env=env, check=True, cwd=ROOT,
        )  # fmt: skip
        started = time.perf_counter()
        # One file for the whole province-sized registry: above the 96 MB a county's upload may have.
        big = dict(env, TABULAR_MAX_FILE_BYTES=str(max(96 << 20, path.stat().st_size + 1)))
        _counterpart(big, "import-households", str(path), "--generated", "--quiet")
        elapsed = time.perf_counter() - started
        rate = (households - have) / elapsed
        print(f"  imported in {elapsed:.0f} s ({rate:,.0f} households/s)", file=sys.stderr)


def _big_list_title() -> str:
    return "生成的清单（负载测试，10万项）"


def _fill_list(items: int, entries_per_item: int) -> None:
    from counterpart.demo.records import demo_object
    from counterpart.orgs.models import Organization
    from counterpart.pairings.models import Pairing
    from counterpart.plans.models import Item, ItemUnit, LedgerEntry, ResponsibilityList

    rlist = ResponsibilityList.objects.filter(title=_big_list_title()).first()
    if rlist and rlist.items.count() == items:
        return
    if rlist:
        raise SystemExit(f"The list “{rlist.title}” has another size: drop the bench database to refill.")
    print(f"writing {items:,} items and {items * entries_per_item:,} ledger entries…", file=sys.stderr)
    pairing = demo_object("pairing-dalian_liupanshui", Pairing)
    existing = ResponsibilityList.objects.filter(pairing=pairing).order_by("pk").first()
    owner = pairing.helper_org or (existing.owner if existing else Organization.objects.order_by("pk")[0])
    units = Organization.objects.bulk_create(
        [Organization(name=f"负载测试单位{n:03d}", note="generated") for n in range(500)]
    )
    rlist = ResponsibilityList.objects.create(
        title=_big_list_title(), pairing=pairing, owner=owner, year=2021, generated=True
    )
    rng = random.Random(SEED)
    batch = 5_000
    for start in range(0, items, batch):
        rows = []
        for n in range(start, min(items, start + batch)):
            quantity = rng.randrange(10, 1000)
            rows.append(
                Item(
                    responsibility_list=rlist, number=str(n + 1), position=n + 1, task=f"生成任务{n + 1}",
                    category="industry", lead_unit=units[n % len(units)], target_text=f"{quantity}亩",
                    target_quantity=quantity, target_unit="亩", start_date=dt.date(2021, 1, 1),
                    deadline=dt.date(2021, rng.randrange(3, 13), 28), pairing=pairing, generated=True,
                    note="generated",
                )
            )  # fmt: skip
        made = Item.objects.bulk_create(rows)
        ItemUnit.objects.bulk_create(
            [ItemUnit(item=item, role=ItemUnit.Role.LEAD, organization=item.lead_unit) for item in made]
        )
        entries = []
        for item in made:
            pace = rng.uniform(0.3, 1.3)
            for month in range(1, entries_per_item + 1):
                reached = Decimal(round(float(item.target_quantity) * pace * month / 12))
                value = min(item.target_quantity, reached)
                accepted = month < entries_per_item or rng.random() < 0.7
                entries.append(
                    LedgerEntry(
                        item=item, year=2021, month=month, value=value, narrative="生成", generated=True,
                        status=LedgerEntry.Status.ACCEPTED if accepted else LedgerEntry.Status.SUBMITTED,
                    )
                )  # fmt: skip
        LedgerEntry.objects.bulk_create(entries, batch_size=batch)
        print(f"  {min(items, start + batch):,} items", file=sys.stderr, end="\r")
    print(file=sys.stderr)


def _fill_agreements(agreements: int) -> None:
    from counterpart.agreements.models import Agreement
    from counterpart.demo.records import demo_object
    from counterpart.pairings.models import Pairing

    pairing = demo_object("pairing-dalian_liupanshui", Pairing)
    have = Agreement.objects.filter(title__startswith="生成协议").count()
    if have >= agreements:
        return
    print(f"writing {agreements - have:,} agreements…", file=sys.stderr)
    rng = random.Random(SEED + 1)
    statuses = [s for s, _label in Agreement.Status.choices]
    Agreement.objects.bulk_create(
        [
            Agreement(
                title=f"生成协议{n + 1}", pairing=pairing, status=rng.choice(statuses),
                signed_date=dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(1400)),
                value=Decimal(rng.randrange(1, 5000)) * 10_000, source="generated",
            )
            for n in range(have, agreements)
        ],
        batch_size=5_000,
    )  # fmt: skip


def targets() -> dict:
    """The ids the users open: read once from the filled database."""
    from counterpart.agreements.models import Agreement
    from counterpart.demo.records import demo_object
    from counterpart.households.models import Household, Member
    from counterpart.meetings.models import Meeting
    from counterpart.pairings.models import Pairing
    from counterpart.plans.models import Item, ResponsibilityList

    pairing = demo_object("pairing-dalian_liupanshui", Pairing)
    big = ResponsibilityList.objects.get(title=_big_list_title())
    demo_list = ResponsibilityList.objects.filter(pairing=pairing, generated=False).order_by("pk").first()
    demo_list = demo_list or ResponsibilityList.objects.exclude(pk=big.pk).order_by("pk").first()
    households = list(Household.objects.order_by("?").values_list("pk", "number")[:200])
    items = Item.objects.filter(responsibility_list=big).order_by("?").values_list("pk", flat=True)
    meetings = Meeting.objects.filter(pairing=pairing).order_by("pk").values_list("pk", flat=True)
    agreements = Agreement.objects.filter(pairing=pairing).order_by("?").values_list("pk", flat=True)
    names = Member.objects.order_by("?").values_list("name", flat=True)
    return {
        "pairing": pairing.pk,
        "big_list": big.pk,
        "demo_list": demo_list.pk if demo_list else big.pk,
        "items": list(items[:200]),
        "meeting": meetings.first(),
        "agreements": list(agreements[:200]),
        "households": [pk for pk, _number in households],
        "household_numbers": [number for _pk, number in households],
        "names": sorted({name[:2] for name in names[:50]}),
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(env: dict[str, str], workers: int, threads: int) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    server_env = dict(env, WEB_BIND=f"127.0.0.1:{port}", WEB_WORKERS=str(workers), WEB_THREADS=str(threads))
    _counterpart(env, "collectstatic", "--noinput", "-v", "0")
    # The server's log goes to a file: a pipe nobody reads would fill and stop the server.
    log = open(Path(tempfile.gettempdir()) / "counterpart-bench-load-gunicorn.log", "wb")  # noqa: SIM115
    server = subprocess.Popen(  # noqa: S603  # the venv's gunicorn
        [str(BIN / "gunicorn"), "-c", "python:counterpart.gunicorn_config", "counterpart.wsgi"],
        env=server_env, cwd=ROOT, stdout=log, stderr=log,
    )  # fmt: skip
    host = f"http://127.0.0.1:{port}"
    for _attempt in range(100):
        if server.poll() is not None:
            break
        try:
            urllib.request.urlopen(host + "/accounts/login/", timeout=2)  # noqa: S310 (our own server)
            return server, host
        except OSError:
            time.sleep(0.3)
    server.kill()
    server.wait()
    raise SystemExit(f"gunicorn did not answer: see {log.name}")


def swarm(
    env: dict[str, str],
    host: str,
    users: int,
    seconds: int,
    load_targets: dict,
    classes: tuple[str, ...] = (),
) -> dict[str, dict]:
    """One headless locust run; its statistics by request name (and "Aggregated")."""
    with tempfile.TemporaryDirectory() as work:
        prefix = Path(work) / "stats"
        log = Path(work) / "locust.log"
        command = [
            str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "--host", host,
            "-u", str(users), "-r", str(min(users, 10)), "-t", f"{seconds}s", "--csv", str(prefix),
            "--only-summary", "--logfile", str(log), "--loglevel", "WARNING", *classes,
        ]  # fmt: skip
        subprocess.run(  # noqa: S603  # the venv's locust
            command, env=dict(env, LOAD_TARGETS=json.dumps(load_targets)), check=False, cwd=ROOT,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        errors = log.read_text(encoding="utf-8") if log.exists() else ""
        if errors.strip():
            print(errors[-3000:], file=sys.stderr)
        with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as handle:
            return {row["Name"]: row for row in csv.DictReader(handle)}


def baseline(env: dict[str, str], host: str, seconds: int, load_targets: dict) -> dict[str, dict]:
    """Each role alone, one user at a time: the pages' own latency."""
    result: dict[str, dict] = {}
    for role in ("HelpingOffice", "HelpedOffice", "Viewer", "Assessor", "Reporter"):
        for name, row in swarm(env, host, 1, seconds, load_targets, (role,)).items():
            if name != "Aggregated":
                result.setdefault(name, row)
    return result


def report(single: dict[str, dict], loaded: dict[str, dict], users: int) -> None:
    print(
        f"{'page':<34} {'1 user p50':>10} | {users} users: {'requests':>8} {'fail':>5} "
        f"{'p50':>6} {'p95':>6} {'p99':>6} {'p50 ×':>6}"
    )
    for name in sorted(loaded, key=lambda n: (n == "Aggregated", n)):
        row = loaded[name]
        one = single.get(name, {}).get("50%", "")
        ratio = f"{float(row['50%']) / float(one):.1f}" if one and float(one) else "–"
        print(
            f"{name[:34]:<34} {one:>10} | {'':>{len(str(users)) + 7}} {row['Request Count']:>8} "
            f"{row['Failure Count']:>5} {row['50%']:>6} {row['95%']:>6} {row['99%']:>6} {ratio:>6}"
        )
    total = loaded.get("Aggregated", {})
    print(f"requests/s with {users} users: {float(total.get('Requests/s', 0)):.1f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Load benchmark: N users against gunicorn on PostgreSQL.")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", PG_DEFAULT))
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--entries-per-item", type=int, default=10)
    parser.add_argument("--agreements", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=60, help="Seconds of each run.")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--fill-only", action="store_true")
    args = parser.parse_args(argv)
    if not args.database_url.startswith("postgres"):
        raise SystemExit("The load benchmark runs on PostgreSQL (--database-url postgres://…).")
    env = _env(args.database_url)
    _ensure_database(args.database_url)
    started = time.perf_counter()
    fill(env, args.households, args.items, args.entries_per_item, args.agreements)
    print(f"data ready in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    if args.fill_only:
        return
    load_targets = targets()
    server, host = serve(env, args.workers, args.threads)
    try:
        cores = os.cpu_count()
        print(f"gunicorn: {args.workers} workers × {args.threads} threads, {cores} cores", file=sys.stderr)
        single = baseline(env, host, max(20, args.duration // 3), load_targets)
        loaded = swarm(env, host, args.users, args.duration, load_targets)
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
    report(single, loaded, args.users)


if __name__ == "__main__":
    main()
