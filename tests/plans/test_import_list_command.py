"""`counterpart import-list` refuses what it cannot find instead of silently importing without it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import xlsxwriter
from django.core.management import call_command
from django.core.management.base import CommandError

from counterpart.plans.models import ResponsibilityList
from tests.plans.conftest import Plans
from tests.plans.test_importers import write_xlsx

ROWS = [["序号", "任务", "牵头单位"], [1, "劳务协作", "大连市人社局"]]


@pytest.mark.parametrize(
    ("option", "message"), [("--pairing", "no such pairing"), ("--list", "no such list")]
)
def test_an_unknown_pairing_or_list_is_an_error(
    plans: Plans, tmp_path: Path, option: str, message: str
) -> None:
    path = write_xlsx(tmp_path / "list.xlsx", ROWS)
    before = ResponsibilityList.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command(
            "import-list",
            str(path),
            "--owner",
            str(plans.owner.pk),
            option,
            "999999",
            "--no-progress",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    assert ResponsibilityList.objects.count() == before


def test_a_mistyped_path_is_one_translated_line_and_leaves_no_job(plans: Plans, tmp_path: Path) -> None:
    from django.utils import translation

    from counterpart.plans.models import PlansJob

    with translation.override("zh-hans"), pytest.raises(CommandError) as failure:
        call_command("import-list", str(tmp_path / "没有.xlsx"), "--owner", str(plans.owner.pk))
    assert str(failure.value) == f"{tmp_path / '没有.xlsx'}：没有该文件。"
    assert not PlansJob.objects.exists()


def test_unknown_units_are_listed_then_matched_or_created_in_the_users_language(
    plans: Plans, tmp_path: Path
) -> None:
    from django.utils import translation

    from counterpart.orgs.models import Organization

    rows = [
        ["序号", "重点任务", "牵头单位", "责任单位", "完成时限", "责任领导"],
        [1, "劳务协作", plans.unit_a.name, "新单位甲", "2018年底前", "张三"],
        [2, "消费扶贫", "新单位乙", "", "长期坚持", ""],
    ]
    path = tmp_path / "list.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write(0, 0, "2018年度劳务协作责任清单")
    for r, row in enumerate(rows, start=2):
        sheet.write_row(r, 0, row)
    book.close()
    err = io.StringIO()
    with translation.override("zh-hans"), pytest.raises(CommandError):
        call_command("import-list", str(path), "--owner", str(plans.owner.pk), "--no-progress", stderr=err)
    text = err.getvalue()
    assert "未登记的单位“新单位甲”（第 4 行）" in text
    assert "--create-units" in text
    assert "not" not in text  # no English in the Chinese output
    out, err = io.StringIO(), io.StringIO()
    with translation.override("zh-hans"):
        call_command(
            "import-list",
            str(path),
            "--owner",
            str(plans.owner.pk),
            "--unit",
            f"新单位甲={plans.unit_b.pk}",
            "--create-units",
            "--no-progress",
            stdout=out,
            stderr=err,
        )
    assert err.getvalue().strip() == "未识别的列（已忽略）：责任领导"
    assert "已将 2 项任务导入清单" in out.getvalue()
    assert "取自表格上方的标题" in out.getvalue()  # the year 2018 of the title row
    created = Organization.objects.get(name="新单位乙")
    assert created.region == plans.owner.region
    rlist = ResponsibilityList.objects.get(title="list")
    assert rlist.year == 2018
    assert [item.lead_unit for item in rlist.items.order_by("position")] == [plans.unit_a, created]
    first = rlist.items.get(number="1")
    assert [u.organization for u in first.responsible_units] == [plans.unit_b]
