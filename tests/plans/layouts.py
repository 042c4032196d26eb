"""Responsibility lists laid out as county offices write them (分工方案), built in the tests with XlsxWriter
and the csv module from real header names; and the region and units they name (长海县 under 大连市)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xlsxwriter

from counterpart.geo.models import Region
from counterpart.orgs.models import Organization
from tests.factories import OrganizationFactory, RegionFactory

TITLE = "长海县2019年东西部扶贫协作工作分工方案"


@dataclass
class County:
    county: Region
    owner: Organization
    env: Organization  # 长海县环保局: written 县环保局
    forestry: Organization  # 长海县林业局
    development: Organization  # 长海县发改局
    city_finance: Organization  # 大连市财政局: written 市财政局


def county(dalian: Region) -> County:
    region = RegionFactory(code="210224", name="长海县", name_en="Changhai", parent=dalian, level="county")

    def org(name: str, region: Region = region) -> Organization:
        return OrganizationFactory(name=name, region=region, kind=Organization.Kind.DEPARTMENT)

    return County(
        county=region,
        owner=org("长海县人民政府"),
        env=org("长海县环保局"),
        forestry=org("长海县林业局"),
        development=org("长海县发改局"),
        city_finance=org("大连市财政局", dalian),
    )


def division_plan(path: Path) -> Path:
    """A 分工方案: a merged title row; a two-row header whose 责任单位 is merged over 牵头单位 |
    责任单位 (序号, 重点任务, 完成时限 and 类别 merged down both rows); merged section rows (一、产业合作);
    two leads in one cell; "县环保局牵头，县供销社配合" in the responsible column; collective units; the
    deadline forms offices write; free-text 类别; a note under the table. Its units are written as the
    county writes them (县环保局)."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("分工方案")
    merged = book.add_format({"align": "center", "valign": "vcenter", "bold": True})
    sheet.merge_range("A1:F1", TITLE, merged)
    for col, name in ((0, "序号"), (1, "重点任务"), (4, "完成时限"), (5, "类别")):
        sheet.merge_range(1, col, 2, col, name, merged)
    sheet.merge_range("C2:D2", "责任单位", merged)
    sheet.write(2, 2, "牵头单位")
    sheet.write(2, 3, "责任单位")
    rows: list[Any] = [
        "一、产业合作",
        [1, "建设扶贫车间", "县环保局", "县林业局、各镇", "年底前", "产业合作"],
        [2, "发展特色种植", "县发改局、县林业局", "县文旅局", "2019年12月31日前", "特色产业"],
        "二、劳务协作",
        [1, "劳务输出培训", "", "县环保局牵头，县供销社配合", "2020年7月起", "就业"],
        [2, "消费扶贫", "市财政局", "区直各部门", "长期坚持", "消费扶贫专项"],
        [3, "组织保障", "县发改局", "各相关单位", "6月底前", "其他事项"],
        [4, "人才交流", "县林业局", "", "2020年7月底前", ""],
    ]
    r = 3
    for row in rows:
        if isinstance(row, str):
            sheet.merge_range(r, 0, r, 5, row, merged)
        else:
            sheet.write_row(r, 0, row)
        r += 1
    sheet.write(r, 0, "注：排在首位的为牵头单位。")
    book.close()
    return path


def without_deadlines(year_in_title: bool = False) -> io.BytesIO:
    """A CSV with 责任部门 and 配合部门, no deadline column, and free-text 类别."""
    out = io.StringIO()
    writer = csv.writer(out)
    if year_in_title:
        writer.writerow(["长海县2021年乡村振兴重点工作任务清单"])
    writer.writerow(["序号", "工作任务", "责任部门", "配合部门", "类别"])
    writer.writerow([1, "推进人居环境整治", "县环保局", "各乡镇", "生态宜居"])
    writer.writerow([2, "做好防止返贫监测", "县发改局", "", "兜底保障"])
    return io.BytesIO(out.getvalue().encode("utf-8-sig"))


def deadlines_only(deadlines: list[str]) -> io.BytesIO:
    """One row per deadline, no title: the year comes from the deadlines or is given."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["序号", "工作任务", "牵头单位", "完成时限"])
    for n, deadline in enumerate(deadlines, start=1):
        writer.writerow([n, f"任务{n}", "县环保局", deadline])
    return io.BytesIO(out.getvalue().encode())
