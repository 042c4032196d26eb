"""`counterpart import-projects` and `funds.importers` on the layouts of `fixtures/layouts.py`: places
resolved under the helped region (short county names, lists of towns, collective places, a town and village
run together; outside it a warning), short unit names by the name resolver, amounts in yuan, the totals
checked, every error with its row and column and nothing written unless the whole table is valid."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from counterpart.funds.models import Project, ProjectFunding, ProjectPlace, Transaction
from tests.funds.fixtures import layouts, regions
from tests.funds.fixtures.regions import Haidong

hd = regions.hd  # the fixture

pytestmark = pytest.mark.django_db


def run(path: Path, hd: Haidong, *args: str) -> tuple[str, str]:
    """The command's output in English (the messages these tests read)."""
    out, err = StringIO(), StringIO()
    with translation.override("en"):
        call_command(
            "import-projects", str(path), "--pairing", str(hd.pairing.pk), "--year", "2021", "--no-progress",
            *args, stdout=out, stderr=err,
        )  # fmt: skip
    return out.getvalue(), err.getvalue()


def test_dry_run_prints_and_writes_nothing(tmp_path: Path, hd: Haidong) -> None:
    out, _err = run(layouts.project_plan(tmp_path / "plan.xlsx"), hd, "--dry-run")
    assert Project.objects.count() == 0
    assert Transaction.objects.count() == 0
    assert "6 rows, 6 projects, 7 places, 6,497,500.00 元 (649.75 万元) for 2021." in out
    assert (
        "row 9: 合计 of 资金分配额(万元) 6,497,500.00 元 — the 6 rows sum to 6,497,500.00 元: agrees" in out
    )
    assert "row 5\t产业路\t川口镇、古鄯镇、马营镇、官亭镇\t3,000,000.00 元" in out


def test_project_plan_is_written_with_places_units_and_commitments(tmp_path: Path, hd: Haidong) -> None:
    out, err = run(layouts.project_plan(tmp_path / "plan.xlsx"), hd)
    assert "Imported 6 projects" in out
    projects = {p.title: p for p in Project.objects.filter(pairing=hd.pairing, year=2021)}
    assert len(projects) == 6
    r = hd.regions

    def places(title: str) -> set[str]:
        return set(
            ProjectPlace.objects.filter(project=projects[title]).values_list("region__name", flat=True)
        )

    assert places("蔬菜大棚") == places("冷库") == {"川口镇"}  # 建设地点 merged over both rows
    assert places("产业路") == {"川口镇", "古鄯镇", "马营镇", "官亭镇"}  # 川口、古鄯、马营、官亭
    assert places("劳务培训") == {"民和回族土族自治县"}  # 全县6个乡镇: the county of the title
    assert projects["劳务培训"].places_text == "全县6个乡镇"
    assert places("饮水工程") == {"喇家村"}  # 官亭镇喇家村, run together
    assert places("光伏电站") == {"大通回族土族自治县"}  # outside: recorded, with a warning
    assert "大通县" in err
    assert "outside the helped region" in err
    # 扶贫办 in a table of 民和县 is 民和县扶贫办 (an alias of the county's 扶贫开发局); 交通局 海东市交通局.
    assert projects["蔬菜大棚"].implementing_org == hd.poverty_office
    assert projects["产业路"].implementing_org == hd.transport
    assert projects["冷库"].implementing_org == hd.agriculture
    assert projects["劳务培训"].implementing_org is None  # 人社局: reported, not invented
    assert "人社局" in err
    assert projects["冷库"].budget == Decimal("735000.00")  # 73.5 万元
    assert projects["饮水工程"].budget == Decimal("862500.00")
    commitment = Transaction.objects.get(project=projects["冷库"])
    assert (commitment.kind, commitment.amount, commitment.date.isoformat()) == (
        Transaction.Kind.COMMITMENT,
        Decimal("735000.00"),
        "2021-01-01",
    )
    assert commitment.recipient_region == hd.minhe
    assert Transaction.objects.get(project=projects["光伏电站"]).recipient_region == r["大通回族土族自治县"]
    assert ProjectFunding.objects.get(project=projects["冷库"]).amount == Decimal("735000.00")
    assert projects["冷库"].history.count() == 1  # history rows written with the bulk insert
    assert commitment.history.count() == 1


def test_city_allocation_with_total_first_and_short_county_names(tmp_path: Path, hd: Haidong) -> None:
    out, _err = run(layouts.city_allocation(tmp_path / "分配表.xlsx"), hd, "--dry-run")
    assert "6 rows, 6 projects, 6 places, 40,000,000.00 元 (4,000 万元)" in out
    assert "合计" in out
    assert "agrees" in out
    run(layouts.city_allocation(tmp_path / "分配表.xlsx"), hd)
    counties = set(ProjectPlace.objects.values_list("region__name", flat=True))
    assert counties == {
        "乐都区",
        "平安区",
        "民和回族土族自治县",
        "互助土族自治县",
        "化隆回族自治县",
        "循化撒拉族自治县",
    }
    minhe = Project.objects.get(project_places__region=hd.minhe)
    assert minhe.title == "海东市2018年东西部扶贫协作资金分配表 · 民和县"
    assert minhe.budget == Decimal("12260000.00")


def test_title_year_other_than_given_is_a_warning(tmp_path: Path, hd: Haidong) -> None:
    _out, err = run(layouts.city_allocation(tmp_path / "分配表.xlsx"), hd, "--dry-run")
    assert "the title names 2018" in err


def test_village_allocation_subtotals_and_leading_figure(tmp_path: Path, hd: Haidong) -> None:
    out, _err = run(layouts.village_allocation(tmp_path / "安排表.csv"), hd, "--dry-run")
    assert "6 rows, 6 projects, 5 places, 1,130,000.00 元 (113 万元)" in out
    assert out.count("agrees") == 3
    run(layouts.village_allocation(tmp_path / "安排表.csv"), hd)
    grape = Project.objects.get(title="葡萄基地")
    assert grape.budget == Decimal("100000.00")  # "10(其中,灾情因素6万元)": its leading figure
    assert set(grape.project_places.values_list("region__name", flat=True)) == {"鲍家村"}
    assert not Project.objects.get(title="小额信贷贴息").project_places.exists()


def test_funding_by_source_with_merged_sub_header(tmp_path: Path, hd: Haidong) -> None:
    run(layouts.funding_by_source(tmp_path / "计划表.xlsx"), hd)
    cattle = Project.objects.get(title="肉牛养殖")
    assert cattle.budget == Decimal("2000000.00")
    assert dict(cattle.fundings.values_list("source", "amount")) == {
        "cooperation": Decimal("1500000.00"),
        "pooled": Decimal("400000.00"),
        "farmers": Decimal("100000.00"),
    }
    assert Transaction.objects.get(project=cattle).amount == Decimal("1500000.00")
    quinoa = Project.objects.get(title="藜麦种植")
    assert quinoa.implementing_org == hd.agriculture  # 责任单位 merged down over both rows
    assert set(quinoa.project_places.values_list("region__name", flat=True)) == {"峡口村"}  # 中川乡峡口村


def test_units_in_cells(tmp_path: Path, hd: Haidong) -> None:
    run(layouts.units_in_cells(tmp_path / "计划.csv"), hd)
    assert sorted(Project.objects.values_list("budget", flat=True)) == [
        Decimal("5000.00"),
        Decimal("200000.00"),
        Decimal("735000.00"),
    ]


def test_no_unit_is_refused_unless_given(tmp_path: Path, hd: Haidong) -> None:
    path = layouts.no_unit(tmp_path / "无单位.csv")
    with pytest.raises(CommandError):
        run(path, hd)
    assert Project.objects.count() == 0
    run(path, hd, "--unit", "万元")
    assert sorted(Project.objects.values_list("budget", flat=True)) == [
        Decimal("200000.00"),
        Decimal("300000.00"),
    ]


def test_no_unit_error_names_row_and_column(tmp_path: Path, hd: Haidong) -> None:
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import-projects", str(layouts.no_unit(tmp_path / "x.csv")), "--pairing", str(hd.pairing.pk),
            "--year", "2021", "--dry-run", stderr=err, stdout=StringIO(),
        )  # fmt: skip
    assert "资金金额" in err.getvalue()
    assert "--unit" in err.getvalue()


def test_totals_mismatch_is_refused_with_both_figures(tmp_path: Path, hd: Haidong) -> None:
    report = tmp_path / "errors.csv"
    with pytest.raises(CommandError):
        run(layouts.totals_mismatch(tmp_path / "x.csv"), hd, "--error-report", str(report))
    text = report.read_text(encoding="utf-8-sig")
    assert "\n9,资金金额,75," in text
    assert "\n14,资金金额,113," in text
    assert "750,000.00" in text
    assert "700,000.00" in text
    assert "1,130,000.00" in text
    assert "1,080,000.00" in text
    assert Project.objects.count() == 0


def test_bad_values_refused_with_field_named_and_nothing_written(tmp_path: Path, hd: Haidong) -> None:
    report = tmp_path / "errors.csv"
    with pytest.raises(CommandError):
        run(layouts.bad_values(tmp_path / "x.csv"), hd, "--error-report", str(report))
    text = report.read_text(encoding="utf-8-sig")
    assert "3,资金金额,-20," in text  # a negative amount
    assert "4,资金金额,三十," in text
    assert "5,资金金额,30美元," in text  # another currency
    assert "6,项目名称,," in text  # the project name empty
    assert Project.objects.count() == 0
    assert Transaction.objects.count() == 0


def test_unknown_and_ambiguous_places_are_errors(tmp_path: Path, hd: Haidong) -> None:
    path = layouts.write_csv(
        tmp_path / "x.csv",
        [
            ["序号", "项目名称", "建设地点", "资金金额（万元）"],
            ["1", "养殖", "新村", "10"],  # 古鄯镇新村 or 马营镇新村
            ["2", "种植", "火星镇", "10"],
            ["3", "种植", "马营镇新村", "10"],  # settled by its town
        ],
    )
    report = tmp_path / "errors.csv"
    with pytest.raises(CommandError):
        run(path, hd, "--error-report", str(report))
    text = report.read_text(encoding="utf-8-sig")
    assert "2,建设地点,新村," in text
    assert "古鄯镇›新村" in text
    assert "3,建设地点,火星镇," in text
    assert ",4," not in text


def test_second_import_of_the_same_table_is_refused(tmp_path: Path, hd: Haidong) -> None:
    path = layouts.village_allocation(tmp_path / "安排表.csv")
    run(path, hd)
    with pytest.raises(CommandError):
        run(path, hd)
    assert Project.objects.count() == 6


def test_dry_run_exits_zero_with_warnings(tmp_path: Path, hd: Haidong) -> None:
    out, err = run(layouts.project_plan(tmp_path / "plan.xlsx"), hd, "--dry-run")
    assert "warning" in err
    assert "Dry run" in out


def test_user_outside_the_pairing_may_not_import(tmp_path: Path, hd: Haidong) -> None:
    with pytest.raises(CommandError):
        run(layouts.village_allocation(tmp_path / "x.csv"), hd, "--user", "xining")
    assert Project.objects.count() == 0
    run(layouts.village_allocation(tmp_path / "x.csv"), hd, "--user", "haidong")
    assert Project.objects.filter(recorded_by=hd.office).count() == 6


def test_date_outside_the_year_is_refused(tmp_path: Path, hd: Haidong) -> None:
    with pytest.raises(CommandError):
        run(layouts.village_allocation(tmp_path / "x.csv"), hd, "--date", "2020-12-31")
    assert Project.objects.count() == 0


def test_dry_run_speaks_chinese(tmp_path: Path, hd: Haidong) -> None:
    out, err = StringIO(), StringIO()
    with translation.override("zh-hans"):
        call_command(
            "import-projects", str(layouts.project_plan(tmp_path / "plan.xlsx")), "--pairing",
            str(hd.pairing.pk), "--year", "2021", "--dry-run", stdout=out, stderr=err,
        )  # fmt: skip
    assert "6 行，6 个项目，7 个地点，2021年共 6,497,500.00 元（649.75 万元）。" in out.getvalue()
    assert "试运行：未写入任何内容。" in out.getvalue()
    assert "不在受援地区海东市范围内" in err.getvalue()
