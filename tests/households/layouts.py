"""Registry files shaped like the real 2021+ exports (DOMAIN.md): title rows, a header merged over two rows,
units in the cells, a totals row and a note under the table; built here, cell by cell."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import xlsxwriter

from tests.households.conftest import make_id

#: A header of two rows: a top cell over one column (merged down), or over several (merged across) with
#: the sub-headers under it.
Layout = Sequence[str | tuple[str, Sequence[str]]]


def columns(layout: Layout) -> list[str]:
    """The data columns of `layout`, left to right."""
    out: list[str] = []
    for item in layout:
        out.extend(item[1] if isinstance(item, tuple) else [item])
    return out


def households(
    count: int, *, members: int = 3, start: int = 1, seq0: int = 500, **household: Any
) -> list[dict[str, Any]]:
    """Member rows of `count` households of 海嘎村 (钟山区 › 大湾镇), three members each; `household`
    gives each household column's value (the same on every member row, as the exports repeat it)."""
    rows = []
    for h in range(start, start + count):
        number = f"5202011002019{h:05d}"
        for m in range(members):
            rows.append(  # noqa: PERF401  # readable as a loop
                {
                    "县(市、区、旗)": "钟山区",
                    "乡(镇)": "大湾镇",
                    "行政村": "海嘎村",
                    "自然村": "上寨组",
                    "户编号": number,
                    "人编号": f"{number}{m + 1:02d}",
                    "姓名": f"王{h}-{m}",
                    "证件号码": make_id(
                        "520201", dt.date(1968 + m * 17, 1 + h % 12, 2 + m), seq0 + h * 10 + m
                    ),
                    "人数": f"{members}人",
                    "与户主关系": ("户主", "配偶", "之子")[m % 3],
                    "民族": "彝族",
                    "人员联系电话": f"1398{h:03d}{m:04d}",
                    **household,
                }
            )
    return rows


def write_xlsx(path: Path, titles: Sequence[str], layout: Layout, rows: list[dict[str, Any]]) -> Path:
    """A workbook as the system exports it: merged title rows, the two-row header, the rows, 合计, a note."""
    cols = columns(layout)
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("名单")
    bold = book.add_format({"bold": True, "align": "center"})
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    line = 0
    for title in titles:
        sheet.merge_range(line, 0, line, len(cols) - 1, title, bold)
        line += 1
    column = 0
    for item in layout:
        if isinstance(item, tuple):
            top, subs = item
            sheet.merge_range(line, column, line, column + len(subs) - 1, top, bold)
            for i, sub in enumerate(subs):
                sheet.write(line + 1, column + i, sub, bold)
            column += len(subs)
        else:
            sheet.merge_range(line, column, line + 1, column, item, bold)
            column += 1
    line += 2
    for i, row in enumerate(rows, 1):
        for c, name in enumerate(cols):
            value = str(i) if name == "序号" else row.get(name, "")
            if isinstance(value, dt.date):
                sheet.write_datetime(line, c, dt.datetime.combine(value, dt.time()), date_format)
            else:
                sheet.write_string(line, c, str(value))
        line += 1
    sheet.write_string(line, 0, "合计")
    sheet.write_string(line, cols.index("人数") if "人数" in cols else 1, f"{len(rows)}人")
    sheet.write_string(line + 2, 0, "注：本表由全国防返贫监测信息系统导出。")
    book.close()
    return path


def write_csv(
    path: Path, titles: Sequence[str], header: Sequence[str], rows: list[dict[str, Any]], *, encoding: str
) -> Path:
    """A CSV as an office saves the export: title rows, the header, the rows, 合计."""
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        for title in titles:
            writer.writerow([title])
        writer.writerow(header)
        for i, row in enumerate(rows, 1):
            writer.writerow([str(i) if name == "序号" else row.get(name, "") for name in header])
        writer.writerow(["合计", "", "", "", "", f"{len(rows)}人"])
    return path
