"""Write a GENERATED registry file in the national export's layout (one row per member).

    python bench/generate_households.py --households 100000 --seed 1 --out var/bench/registry.csv

The generator lives in `counterpart.demo.households_demo` (the demo loader uses it too); see its docstring
for what is real (county codes, check characters) and what is invented (villages, people).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from counterpart.demo.households_demo import write


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write a generated registry file (one row per member).")
    parser.add_argument("--households", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("var/bench/registry.csv"))
    args = parser.parse_args(argv)
    count = write(args.out, args.households, args.seed)
    print(f"{args.out}: {args.households:,} generated households, {count:,} member rows", file=sys.stderr)


if __name__ == "__main__":
    main()
