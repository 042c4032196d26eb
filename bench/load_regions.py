"""Load the whole national region tree (china-division 2.7.0: 665,273 regions) into a fresh database and
print the time, rows per second and the loader's peak RSS; then load again (the idempotent run).

    python bench/load_regions.py                                  # SQLite, a temporary file
    python bench/load_regions.py --database-url postgres://postgres@127.0.0.1:5432/bench_regions

The PostgreSQL database named in the URL is dropped and created again. The package is the tarball
`make regions-data` fetched (var/regions/), or `--source`. Each load runs `counterpart load-regions` in a
child process, so its peak RSS is the loader's alone (`wait4`).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
COUNTERPART = [sys.executable, "-m", "counterpart"]


def recreate_postgres(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def run(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, stdout) of one child process."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # noqa: S603
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    out = proc.stdout.read() if proc.stdout else ""
    err = proc.stderr.read() if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{err}")
    return seconds, usage.ru_maxrss / 1024, out.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="", help="PostgreSQL (recreated); default: a SQLite file.")
    parser.add_argument("--source", type=Path, default=None, help="The package tarball or its CSV directory.")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-regions-"))
    url = args.database_url or f"sqlite:///{workdir / 'regions.sqlite3'}"
    if url.startswith("postgres"):
        recreate_postgres(url)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "COUNTERPART_VAR_DIR": os.environ.get("COUNTERPART_VAR_DIR", str(ROOT / "var")),
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-not-a-secret"),
        "PYTHONPATH": str(ROOT / "src"),
    }
    run([*COUNTERPART, "migrate", "-v", "0"], env)
    load = [*COUNTERPART, "load-regions", "--quiet"] + (["--source", str(args.source)] if args.source else [])
    first, first_rss, message = run(load, env)
    again, again_rss, second = run(load, env)
    rows = 665_273
    vendor = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    print(f"database     {vendor}")
    print(
        f"first load   {first:7.1f} s  {rows / first:9,.0f} rows/s  peak RSS {first_rss:5.0f} MB  [{message}]"
    )
    print(
        f"second load  {again:7.1f} s  {rows / again:9,.0f} rows/s  peak RSS {again_rss:5.0f} MB  [{second}]"
    )
    print("(times include starting Django in the child process; the loader's own time is in brackets)")


if __name__ == "__main__":
    main()
