"""Registry files in the national export's layout, for importer tests."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from tests.households.conftest import make_id

HEADER = [
    "序号",
    "县(市、区、旗)",
    "乡(镇)",
    "行政村",
    "自然村",
    "户编号",
    "人编号",
    "姓名",
    "证件号码",
    "人数",
    "与户主关系",
    "民族",
    "人均纯收入",
    "脱贫属性",
    "主要致贫原因",
]


def member_rows(
    households: int = 3, members: int = 3, *, start: int = 1, seq0: int = 0
) -> list[dict[str, Any]]:
    rows = []
    for h in range(start, start + households):
        number = f"52020110020100{h:04d}"
        for m in range(members):
            rows.append(  # noqa: PERF401  # readable as a loop
                {
                    "县(市、区、旗)": "钟山区",
                    "乡(镇)": "大湾镇",
                    "行政村": "海嘎村" if h % 2 else "新营村",
                    "自然村": "一组",
                    "户编号": number,
                    "人编号": f"{number}{m + 1:02d}",
                    "姓名": f"张{h}-{m}",
                    "证件号码": make_id(
                        "520201", dt.date(1970 + m * 15, 1 + h % 12, 1 + m), seq0 + h * 10 + m
                    ),
                    "人数": str(members),
                    "与户主关系": "户主" if m == 0 else ("配偶" if m == 1 else "之子"),
                    "民族": "苗族",
                    "人均纯收入": f"{3000 + h * 100}.50",
                    "脱贫属性": "未脱贫",
                    "主要致贫原因": "因病",
                }
            )
    return rows


def write_csv(
    path: Path,
    rows: list[dict[str, Any]],
    *,
    header: list[str] | None = None,
    title: bool = True,
    encoding: str = "utf-8",
) -> Path:
    header = header or HEADER
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        if title:
            writer.writerow(["钟山区建档立卡贫困人口明细表"])
            writer.writerow([])
        writer.writerow(header)
        for i, row in enumerate(rows, 1):
            writer.writerow([row.get(col, str(i) if col == "序号" else "") for col in header])
    return path
