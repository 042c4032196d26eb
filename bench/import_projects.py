"""Import a generated project table of N rows (default 100,000) with `counterpart import-projects` into a
fresh database and print the time, rows per second and the command's peak RSS, for the dry run (read,
resolve, check) and the import (the same, then the bulk write with history rows).

    python bench/import_projects.py                       # SQLite, a temporary file
    python bench/import_projects.py --rows 20000 --database-url postgres://postgres@127.0.0.1:5432/bench_funds

The PostgreSQL database named in the URL is dropped and created again. The table has the columns of a
county's project plan (序号, 项目名称, 建设地点, 建设内容, 资金金额, 责任单位), places cycling over the
towns and villages of the test tree (`tests/funds/fixtures/regions.py`), a "单位：万元" row and a 合计 row.
Each command runs in a child process, so its peak RSS is its own (`wait4`).
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from load_regions import COUNTERPART, recreate_postgres, run  # noqa: E402

SETUP = """
import django; django.setup()
from tests.funds.fixtures.regions import haidong
print(haidong().pairing.pk)
"""
PLACES = ("川口镇", "古鄯镇史纳村", "马营镇新村", "官亭镇喇家村", "中川乡峡口村", "巴州镇")
UNITS = ("扶贫办", "交通局", "农业农村局")


def write_table(path: Path, rows: int) -> Decimal:
    total = Decimal(0)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["民和县东西部协作项目计划表"])
        out.writerow(["单位：万元"])
        out.writerow(["序号", "项目名称", "建设地点", "建设内容", "资金金额", "责任单位"])
        for i in range(1, rows + 1):
            amount = Decimal(i % 500 + 1) / 4
            total += amount
            out.writerow([i, f"项目{i}", PLACES[i % len(PLACES)], "建设内容", f"{amount}", UNITS[i % 3]])
        out.writerow(["合计", "", "", "", f"{total}", ""])
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", default="", help="PostgreSQL (recreated); default: a SQLite file.")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-funds-"))
    url = args.database_url or f"sqlite:///{workdir / 'funds.sqlite3'}"
    if url.startswith("postgres"):
        recreate_postgres(url)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "counterpart.settings",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-not-a-secret"),
        "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}",
    }
    run([*COUNTERPART, "migrate", "-v", "0"], env)
    _s, _r, pairing = run([sys.executable, "-c", SETUP], env)
    table = workdir / "projects.csv"
    write_table(table, args.rows)
    base = [*COUNTERPART, "import-projects", str(table), "--pairing", pairing, "--year", "2021"]
    base.append("--no-progress")
    dry, dry_rss, _out = run([*base, "--dry-run"], env)
    real, real_rss, message = run(base, env)
    vendor = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    print(f"database  {vendor}, {args.rows:,} rows ({table.stat().st_size / 1e6:.1f} MB CSV)")
    print(f"dry run   {dry:7.1f} s  {args.rows / dry:8,.0f} rows/s  peak RSS {dry_rss:5.0f} MB")
    print(f"import    {real:7.1f} s  {args.rows / real:8,.0f} rows/s  peak RSS {real_rss:5.0f} MB")
    print(f"          [{message}]")
    print("(times include starting Django in the child process)")


if __name__ == "__main__":
    main()
