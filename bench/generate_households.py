"""Write a GENERATED registry file in the national export's layout (one row per member).

    python bench/generate_households.py --households 100000 --seed 1 --out var/bench/registry.csv

The households live in the real villages of the demo counties when the database (`DATABASE_URL`, or the
installation's SQLite file) holds the national region tree (`counterpart load-regions`); otherwise, or with
`--invented-villages`, in invented ones. The generator lives in `counterpart.demo.households_demo` (the demo
loader uses it too); see its docstring for what is real (county codes, villages, check characters) and what
is invented (people).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from counterpart.demo.households_demo import Place, write


def tree_places() -> list[Place]:
    """The real villages of the demo counties from the database, or [] when it has none (or no tables)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "counterpart.settings")
    os.environ.setdefault("HOUSEHOLD_ID_KEY", "bench-only-key")  # the bench's own throwaway key
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    import django
    from django.db import DatabaseError

    django.setup()
    from counterpart.demo.households_demo import tree_villages

    try:
        return tree_villages()
    except DatabaseError:
        return []


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write a generated registry file (one row per member).")
    parser.add_argument("--households", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("var/bench/registry.csv"))
    parser.add_argument(
        "--invented-villages", action="store_true", help="Do not read the region tree: invented villages."
    )
    args = parser.parse_args(argv)
    where = [] if args.invented_villages else tree_places()
    count = write(args.out, args.households, args.seed, where or None)
    villages = f"{len(where):,} real villages" if where else "invented villages"
    print(
        f"{args.out}: {args.households:,} generated households, {count:,} member rows ({villages})",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
