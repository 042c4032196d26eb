"""The registry's 2021+ export layouts (issue 15 item 2) and the messages a clerk reads (item 5)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from counterpart.households.importers import import_registry
from counterpart.households.models import Household, ImportJob
from tests.households import layouts
from tests.households.conftest import Registry
from tests.households.files import member_rows
from tests.households.files import write_csv as write_old_csv

ROOT = Path(__file__).resolve().parents[2]

EXITED_TITLES = ["六盘水市钟山区2021年已脱贫人口名单", "单位：人、元"]
EXITED_LAYOUT: layouts.Layout = [
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
    "户类型",
    "脱贫年度",
    "主要致贫原因",
    "人均纯收入（元）",
    ("两不愁三保障", ["不愁吃", "不愁穿", "义务教育有保障", "基本医疗有保障", "住房安全有保障"]),
    "饮水安全",
    "户联系电话",
    "人员联系电话",
    "首次识别时间",
    "数据日期",
]
EXITED_VALUES = {
    "户类型": "脱贫户",
    "脱贫年度": "2019年",
    "主要致贫原因": "因病",
    "人均纯收入（元）": "8,650.00元",
    "不愁吃": "是",
    "不愁穿": "是",
    "义务教育有保障": "是",
    "基本医疗有保障": "是",
    "住房安全有保障": "是",
    "饮水安全": "否",
    "户联系电话": "13800001111",
    "首次识别时间": dt.date(2014, 10, 15),
    "数据日期": dt.date(2022, 1, 5),
}

EDGE_TITLES = ["钟山区边缘易致贫人口名单"]
EDGE_HEADER = [
    "序号",
    "县(市、区、旗)",
    "乡(镇)",
    "行政村",
    "户编号",
    "人编号",
    "姓名",
    "证件号码",
    "人数",
    "与户主关系",
    "户类型",
    "监测对象类别",
    "风险是否消除",
    "风险识别时间",
    "主要致贫原因",
    "人均纯收入",
    "危房户",
    "饮水安全",
    "数据日期",
]
EDGE_VALUES = {
    "户类型": "一般农户",
    "监测对象类别": "边缘易致贫户",
    "风险是否消除": "否",
    "风险识别时间": "2021/6/1",
    "主要致贫原因": "因意外事故",
    "人均纯收入": "5200",
    "危房户": "否",
    "饮水安全": "是",
    "数据日期": "2021-11-30",
}


def test_the_list_of_exited_people_imports_with_its_exit_year_and_guarantees(
    registry: Registry, tmp_path: Path
) -> None:
    path = layouts.write_xlsx(
        tmp_path / "已脱贫人口名单.xlsx", EXITED_TITLES, EXITED_LAYOUT, layouts.households(3, **EXITED_VALUES)
    )
    result = import_registry(path, actor=registry.liupanshui_office, year=None)
    assert result.ok, result.errors or result.file_error
    assert (result.households, result.members) == (3, 9)  # the totals row and the note are not members
    assert result.unknown_columns == []
    ignored = {line.split(":")[0] for line in result.ignored_columns}
    assert ignored == {"序号", "自然村", "人数", "人员联系电话"}
    assert "人数: counted from the member rows" in result.ignored_columns
    assert (result.year, result.year_source) == (2021, "the title “六盘水市钟山区2021年已脱贫人口名单”")
    household = Household.objects.get(number="520201100201900001")
    assert household.status == Household.Status.EXITED
    assert household.household_class == Household.HouseholdClass.EXITED
    assert household.household_type == Household.Type.ORDINARY
    assert household.exit_year == 2019
    assert household.first_identified_on == dt.date(2014, 10, 15)
    assert household.phone == "13800001111"
    assert str(household.incomes.get().per_capita_net_income) == "8650.00"
    assert household.incomes.get().year == 2021
    check = household.guarantees.get(year=2021)
    assert (check.food, check.housing, check.water) == ("met", "met", "not_met")
    changes = list(
        household.status_changes.order_by("id").values_list("from_status", "to_status", "effective_on")
    )
    assert changes == [("", "poor", dt.date(2014, 10, 15)), ("poor", "exited", dt.date(2019, 12, 31))]
    assert "已脱贫人口名单.xlsx" in household.status_changes.latest("id").reason


def test_the_list_of_marginal_households_imports_its_monitoring_and_only_its_guarantees(
    registry: Registry, tmp_path: Path
) -> None:
    path = layouts.write_csv(
        tmp_path / "边缘易致贫人口名单.csv",
        EDGE_TITLES,
        EDGE_HEADER,
        layouts.households(2, **EDGE_VALUES),
        encoding="gb18030",
    )
    result = import_registry(path, actor=registry.liupanshui_office, year=None)
    assert result.ok, result.errors or result.file_error
    assert (result.households, result.members) == (2, 6)
    assert result.year is None
    assert "数据日期" in result.year_source
    household = Household.objects.get(number="520201100201900001")
    assert household.status == Household.Status.MARGINAL
    assert household.household_class == Household.HouseholdClass.ORDINARY
    assert household.monitoring_category == Household.MonitoringCategory.MARGINAL
    assert household.risk_eliminated is False
    assert household.risk_identified_on == dt.date(2021, 6, 1)
    assert household.main_cause == "accident"
    assert household.incomes.get().year == 2021
    # Only 危房户 (safe housing, turned round) and 饮水安全 are in the file: those two are recorded.
    check = household.guarantees.get(year=2021)
    assert (check.housing, check.water) == ("met", "met")
    assert (check.food, check.clothing, check.education, check.medical) == ("", "", "", "")
    assert check.get_food_display() == "not recorded"
    assert "Guarantees recorded: 危房户、饮水安全; the others are not in the file." in result.notes
    changes = list(
        household.status_changes.order_by("id").values_list("from_status", "to_status", "effective_on")
    )
    assert changes == [("", "not_poor", None), ("not_poor", "marginal", dt.date(2021, 6, 1))]


def test_an_eliminated_risk_takes_the_household_out_of_monitoring_on_its_date(
    registry: Registry, tmp_path: Path
) -> None:
    header = [*EDGE_HEADER, "风险消除时间"]
    values = {**EDGE_VALUES, "户类型": "脱贫户", "监测对象类别": "脱贫不稳定户", "风险是否消除": "是"}
    values["风险消除时间"] = "2022年3月1日"
    path = layouts.write_csv(
        tmp_path / "m.csv", EDGE_TITLES, header, layouts.households(1, **values), encoding="utf-8"
    )
    result = import_registry(path, actor=registry.liupanshui_office, year=2021)
    assert result.ok, result.errors
    assert result.year_source == "the year given for the import"
    household = Household.objects.get(number="520201100201900001")
    assert household.status == Household.Status.EXITED
    assert household.risk_eliminated_on == dt.date(2022, 3, 1)
    assert list(household.status_changes.order_by("id").values_list("to_status", "effective_on")) == [
        ("exited", None),
        ("unstable", dt.date(2021, 6, 1)),
        ("exited", dt.date(2022, 3, 1)),
    ]


def test_a_file_that_names_no_year_is_refused_naming_the_option(registry: Registry, tmp_path: Path) -> None:
    path = layouts.write_csv(
        tmp_path / "no-year.csv",
        ["钟山区边缘易致贫人口名单"],
        [c for c in EDGE_HEADER if c != "数据日期"],
        layouts.households(1, **EDGE_VALUES),
        encoding="utf-8",
    )
    result = import_registry(path, actor=registry.liupanshui_office, year=None)
    assert "--year" in result.file_error
    assert "Year of the incomes" in result.file_error
    assert Household.objects.filter(number__startswith="5202011002019").count() == 0


def test_the_income_year_may_come_from_the_income_columns_name(registry: Registry, tmp_path: Path) -> None:
    header = [c if c != "人均纯收入" else "2022年人均纯收入(元)" for c in EDGE_HEADER if c != "数据日期"]
    values = {**EDGE_VALUES, "2022年人均纯收入(元)": "6100.5"}
    path = layouts.write_csv(
        tmp_path / "y.csv", EDGE_TITLES, header, layouts.households(1, **values), encoding="utf-8"
    )
    result = import_registry(path, actor=registry.liupanshui_office, year=None)
    assert result.ok, result.errors or result.file_error
    assert result.year == 2022
    assert "2022年人均纯收入(元)" in result.year_source
    assert (
        str(Household.objects.get(number="520201100201900001").incomes.get(year=2022).per_capita_net_income)
        == "6100.50"
    )


def test_the_2021_import_makes_no_query_per_row(registry: Registry, tmp_path: Path) -> None:
    def queries(count: int, start: int) -> int:
        rows = layouts.households(count, start=start, **EXITED_VALUES)
        path = layouts.write_xlsx(tmp_path / f"q{count}.xlsx", EXITED_TITLES, EXITED_LAYOUT, rows)
        with CaptureQueriesContext(connection) as context:
            result = import_registry(path, actor=registry.liupanshui_office, year=None)
        assert result.ok, result.errors
        assert result.single_pass
        return len(context.captured_queries)

    queries(1, 1)  # the first import of a process fills caches (the ID region codes)
    assert queries(2, 10) == queries(8, 40)


# --- messages (item 5) ------------------------------------------------------------------------------------


def test_an_unknown_value_names_the_accepted_values(registry: Registry, tmp_path: Path) -> None:
    values = {**EDGE_VALUES, "户类型": "困难户", "监测对象类别": "易返贫户", "主要致贫原因": "因懒"}
    path = layouts.write_csv(
        tmp_path / "v.csv", EDGE_TITLES, EDGE_HEADER, layouts.households(1, **values), encoding="utf-8"
    )
    result = import_registry(path, actor=registry.liupanshui_office, year=None)
    reasons = {e.column: e.reason for e in result.errors}
    assert reasons["户类型"] == (
        "Unknown household type; accepted values: 一般贫困户、低保贫困户、特困供养贫困户、脱贫户、一般农户."
    )
    assert reasons["监测对象类别"] == (
        "Unknown monitoring category; accepted values: 脱贫不稳定户、边缘易致贫户、突发严重困难户."
    )
    assert "因意外事故" in reasons["主要致贫原因"]
    assert reasons["主要致贫原因"].startswith("Unknown poverty cause")


def test_a_household_level_error_is_reported_once_per_household(registry: Registry, tmp_path: Path) -> None:
    rows = member_rows(3, 3)
    for row in rows:
        row["脱贫属性"] = "脱了"  # on every member row, as the export repeats household columns
    result = import_registry(
        write_old_csv(tmp_path / "h.csv", rows), actor=registry.liupanshui_office, year=2020
    )
    assert [(e.row, e.column) for e in result.errors] == [(4, "脱贫属性"), (7, "脱贫属性"), (10, "脱贫属性")]
    assert "accepted values: 未脱贫、已脱贫" in result.errors[0].reason


def test_a_missing_file_is_one_line_and_leaves_no_job(registry: Registry, tmp_path: Path) -> None:
    missing = tmp_path / "钟山区名单.xlsx"
    with pytest.raises(CommandError, match="no such file"):
        call_command("import-households", str(missing))
    assert not ImportJob.objects.exists()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(  # noqa: S603  # our own interpreter and command
        [sys.executable, "-m", "counterpart", "import-households", str(missing), "--quiet"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.strip().splitlines() == [f"{missing}：没有该文件。"]


def test_the_command_speaks_the_users_language(registry: Registry, tmp_path: Path) -> None:
    rows = member_rows(1, 2)
    rows[0]["人均纯收入"] = "很多"
    path = write_old_csv(tmp_path / "bad.csv", rows)
    err = StringIO()
    with translation.override("zh-hans"), pytest.raises(CommandError) as refused:
        call_command("import-households", str(path), "--year", "2020", "--quiet", stderr=err)
    text = err.getvalue()
    assert "错误报告：" in text
    assert "Error report" not in text
    assert "未导入的列：" in text
    assert "序号: 行号" in text
    assert "发现 1 处错误" in str(refused.value)


def test_a_totals_row_and_notes_under_an_old_export_are_skipped(registry: Registry, tmp_path: Path) -> None:
    path = write_old_csv(tmp_path / "t.csv", member_rows(2, 2))
    with path.open("a", encoding="utf-8") as fh:
        fh.write("合计,,,,,,,,,4人\n\n注：数据来源全国扶贫开发信息系统\n")
    result = import_registry(path, actor=registry.liupanshui_office, year=2020)
    assert result.ok, result.errors
    assert result.members == 4
