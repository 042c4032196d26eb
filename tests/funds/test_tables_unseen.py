"""Two layouts written before the reader (`funds.tables`) was built and kept unseen while it was built: run
once it was done, not tuned to. How the reader did on them the first time is written here.

- `provincial_allocation`: a province's allocation to counties as a GB18030 CSV, "单位：元" at the right of
  its own row, 县（市、区） with full-width brackets, a 项目个数 column, amounts as text with thousands
  separators ("8,190,000"), a county written short without its suffix (互助), "合  计" with spaces.
- `sectioned_projects`: a project table (.xlsx) with a title merged across, section rows (一、产业发展类),
  乡镇 merged down over two projects, 村 holding two villages, header cells broken over two lines
  (项目\\n名称, 补助资金\\n（万元）), one cell with its own unit ("30万元"), a 小计 per section and a 总计.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from counterpart.funds.tables import read_table
from tests.funds.fixtures.layouts import write_csv, write_xlsx


def provincial_allocation(path: Path) -> Path:
    return write_csv(
        path,
        [
            ["江苏省2019年东西部扶贫协作资金分配表"],
            ["", "", "", "单位：元"],
            ["序号", "县（市、区）", "项目个数", "安排资金", "备注"],
            ["1", "乐都区", "3", "8,190,000", ""],
            ["2", "民和回族土族自治县", "5", "12,260,000", ""],
            ["3", "互助", "2", "6,000,000", "含追加"],
            ["合  计", "", "10", "26,450,000", ""],
        ],
        encoding="gb18030",
    )


def sectioned_projects(path: Path) -> Path:
    return write_xlsx(
        path,
        [
            ["附件3"],
            ["民和县2023年东西部协作项目"],
            ["序号", "项目\n名称", "乡镇", "村", "补助资金\n（万元）", "实施单位", "备注"],
            ["一、产业发展类"],
            [1, "牦牛养殖", "官亭镇", "喇家村", 45, "农业农村局", None],
            [2, "花椒种植", None, "鲍家村", "30万元", "农业农村局", None],
            ["小计", None, None, None, 75, None, None],
            ["二、基础设施类"],
            [3, "村道硬化", "川口镇", "史纳村、川垣村", 120, "交通局", None],
            ["小计", None, None, None, 120, None, None],
            ["总计", None, None, None, 195, None, None],
        ],
        merges=[
            ("A2:G2", "民和县2023年东西部协作项目"),
            ("A4:G4", "一、产业发展类"),
            ("C5:C6", "官亭镇"),
            ("A8:G8", "二、基础设施类"),
        ],
    )


def test_provincial_allocation(tmp_path: Path) -> None:
    table = read_table(provincial_allocation(tmp_path / "分配表.csv"))
    assert table.errors == []
    assert [r.amount for r in table.rows] == [Decimal("8190000"), Decimal("12260000"), Decimal("6000000")]
    assert [r.county for r in table.rows] == ["乐都区", "民和回族土族自治县", "互助"]
    assert table.unit == "元"
    assert [(t.label, t.written, t.ok) for t in table.totals] == [("合计", Decimal("26450000"), True)]


def test_sectioned_projects(tmp_path: Path) -> None:
    table = read_table(sectioned_projects(tmp_path / "项目.xlsx"))
    assert table.errors == []
    assert [r.title for r in table.rows] == ["牦牛养殖", "花椒种植", "村道硬化"]
    assert [r.amount for r in table.rows] == [Decimal("450000"), Decimal("300000"), Decimal("1200000")]
    assert [r.town for r in table.rows] == ["官亭镇", "官亭镇", "川口镇"]
    assert [r.village for r in table.rows] == ["喇家村", "鲍家村", "史纳村、川垣村"]
    assert [r.section for r in table.rows] == ["产业发展类", "产业发展类", "基础设施类"]
    assert [(t.label, t.ok) for t in table.totals] == [("小计", True), ("小计", True), ("总计", True)]
