"""The third 2021+ layout, 监测对象名单 (the list of monitoring objects), kept unseen while the importer was
written for the other two (issue 15 item 2): its fixture is shaped from DOMAIN.md alone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from counterpart.households.importers import import_registry
from counterpart.households.models import Household
from tests.households import layouts
from tests.households.conftest import Registry

TITLES = ["钟山区2022年防返贫监测对象名单", "导出时间：2023-02-10"]
LAYOUT: layouts.Layout = [
    "序号",
    "县",
    "乡",
    "村",
    "户编号",
    "人编号",
    "姓名",
    "证件号码",
    "与户主关系",
    "民族",
    "文化程度",
    "健康状况",
    "劳动技能",
    "务工状况",
    "务工时间",
    "家庭人口数",
    "户类型",
    ("监测信息", ["监测对象类别", "识别监测时间", "致贫返贫风险", "风险是否消除", "风险消除时间"]),
    "人均纯收入",
    "户联系电话",
    "人联系电话",
    "数据日期",
]
UNSTABLE = {
    "县": "钟山区",
    "乡": "大湾镇",
    "村": "海嘎村",
    "户类型": "脱贫户",
    "监测对象类别": "脱贫不稳定户",
    "识别监测时间": "2021.08.12",
    "致贫返贫风险": "因病",
    "风险是否消除": "否",
    "风险消除时间": "",
    "人均纯收入": "4,800元",
    "户联系电话": "13900002222",
    "数据日期": "2022-12-31",
    "文化程度": "小学",
    "健康状况": "健康",
    "劳动技能": "普通劳动力",
    "务工状况": "省外务工",
    "务工时间": "10",
    "家庭人口数": "3",
}
HARDSHIP = {
    **UNSTABLE,
    "户类型": "一般农户",
    "监测对象类别": "突发严重困难户",
    "致贫返贫风险": "因意外事故",
    "风险是否消除": "是",
    "风险消除时间": "2022.11.30",
}


def test_the_list_of_monitoring_objects_imports(registry: Registry, tmp_path: Path) -> None:
    rows = layouts.households(2, **UNSTABLE) + layouts.households(1, start=3, **HARDSHIP)
    path = layouts.write_xlsx(tmp_path / "监测对象名单.xlsx", TITLES, LAYOUT, rows)
    result = import_registry(path, actor=registry.liupanshui_office, year=None)
    assert result.ok, result.errors or result.file_error
    assert (result.households, result.members) == (3, 9)
    assert result.unknown_columns == []
    ignored = {line.split(":")[0] for line in result.ignored_columns}
    assert ignored == {"序号", "劳动技能", "务工状况", "家庭人口数", "人联系电话"}
    assert result.year == 2022
    unstable = Household.objects.get(number="520201100201900001")
    assert unstable.status == Household.Status.UNSTABLE
    assert unstable.main_cause == "illness"
    assert unstable.risk_identified_on == dt.date(2021, 8, 12)
    assert unstable.phone == "13900002222"
    assert unstable.incomes.get(year=2022).per_capita_net_income == 4800
    assert unstable.members.get(relation="head").migrant_work_months == 10
    hardship = Household.objects.get(number="520201100201900003")
    assert hardship.status == Household.Status.NOT_POOR
    assert hardship.main_cause == "accident"
    assert list(hardship.status_changes.order_by("id").values_list("to_status", "effective_on")) == [
        ("not_poor", None),
        ("hardship", dt.date(2021, 8, 12)),
        ("not_poor", dt.date(2022, 11, 30)),
    ]
