"""Responsibility lists as offices really write them: 牵头单位 + 责任单位 under a merged header, several
leads, "县环保局牵头", units written as the county writes them, collective units, the deadline forms of
real lists, no deadline column, free-text 类别, and the list's year from the title or the deadlines."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.utils import translation

from counterpart.orgs.models import Organization
from counterpart.plans.importers import (
    ImportFailed,
    parse_list_file,
    read_deadline,
    responsibility_list_import,
)
from counterpart.plans.models import Item, ItemUnit, Plan
from counterpart.plans.status import ItemStatus, with_item_status
from tests.conftest import World
from tests.plans.layouts import County, county, deadlines_only, division_plan, without_deadlines

pytestmark = pytest.mark.django_db


@pytest.fixture
def changhai(world: World) -> County:
    return county(world.dalian_liupanshui.helper_region)


def units_of(item: Item) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for link in item.unit_links.order_by("role", "position"):
        found.setdefault(link.role, []).append(
            link.organization.name if link.organization else link.collective
        )
    return found


def test_a_division_plan_reads_leads_responsible_units_collectives_and_deadlines(
    changhai: County, tmp_path: Path
) -> None:
    path = division_plan(tmp_path / "分工方案.xlsx")
    preview = parse_list_file(path, year=None, owner=changhai.owner)
    assert preview.errors == []
    assert (preview.header_row, preview.year, preview.year_source) == (2, 2019, "title")
    assert preview.unknown_columns == []
    assert [(r.row, r.number) for r in preview.rows] == [
        (5, "1"),
        (6, "2"),
        (8, "1"),
        (9, "2"),
        (10, "3"),
        (11, "4"),
    ]
    # Two units no organization has go to the review step, with the full names they would be created under.
    assert {u.name: (u.proposed, u.rows) for u in preview.unknown_units.values()} == {
        "县文旅局": ("长海县文旅局", [6]),
        "县供销社": ("长海县供销社", [8]),
    }
    with pytest.raises(ImportFailed):  # not written before every unit is settled
        responsibility_list_import(actor=None, source=path, owner=changhai.owner)
    rlist, preview = responsibility_list_import(
        actor=None,
        source=path,
        owner=changhai.owner,
        unit_choices={
            "县文旅局": {"create": "长海县文化旅游局"},
            "县供销社": {"organization": changhai.env.pk},
        },
    )
    assert rlist.year == 2019
    items = list(rlist.items.order_by("position"))
    assert [units_of(item) for item in items] == [
        {"lead": ["长海县环保局"], "responsible": ["长海县林业局", "各镇"]},
        {"lead": ["长海县发改局", "长海县林业局"], "responsible": ["长海县文化旅游局"]},
        {"lead": ["长海县环保局"], "supporting": ["长海县环保局"]},  # 县供销社 matched to the bureau
        {"lead": ["大连市财政局"], "responsible": ["区直各部门"]},
        {"lead": ["长海县发改局"], "responsible": ["各相关单位"]},
        {"lead": ["长海县林业局"]},
    ]
    assert [item.lead_unit for item in items] == [
        changhai.env, changhai.development, changhai.env, changhai.city_finance, changhai.development,
        changhai.forestry,
    ]  # fmt: skip
    created = Organization.objects.get(name="长海县文化旅游局")
    assert created.region == changhai.county
    assert [(i.deadline_kind, i.deadline, i.start_date) for i in items] == [
        ("date", dt.date(2019, 12, 31), dt.date(2019, 1, 1)),
        ("date", dt.date(2019, 12, 31), dt.date(2019, 1, 1)),
        ("start", None, dt.date(2020, 7, 1)),
        ("ongoing", None, dt.date(2019, 1, 1)),
        ("date", dt.date(2019, 6, 30), dt.date(2019, 1, 1)),
        ("date", dt.date(2020, 7, 31), dt.date(2019, 1, 1)),
    ]
    assert [i.deadline_text for i in items][2:4] == ["2020年7月起", "长期坚持"]
    assert [(i.category, i.category_text) for i in items] == [
        ("industry", "产业合作"),
        ("industry", "特色产业"),
        ("labour", "就业"),
        ("consumption", "消费扶贫专项"),
        ("other", "其他事项"),  # kept as written, not refused
        ("labour", "劳务协作"),  # no 类别: the section heading above it
    ]


def test_units_resolve_under_the_owners_region_county_then_city(changhai: County) -> None:
    body = "序号,工作任务,牵头单位,配合单位,完成时限\n1,甲,县环保局,市财政局、环保局,2019-12-31\n"
    preview = parse_list_file(io.BytesIO(body.encode()), filename="a.csv", year=2019, owner=changhai.owner)
    assert preview.unknown_units == {}
    (row,) = preview.rows
    assert [(u.role, u.organization_id) for u in row.units] == [
        ("lead", changhai.env.pk),
        ("supporting", changhai.city_finance.pk),
        ("supporting", changhai.env.pk),  # 环保局 alone: the county's, before the city's
    ]
    # Under another owner's region the same short names are unknown (no guess across regions).
    other = Organization.objects.create(name="别处政府")
    elsewhere = parse_list_file(io.BytesIO(body.encode()), filename="a.csv", year=2019, owner=other)
    assert set(elsewhere.unknown_units) == {"县环保局", "市财政局", "环保局"}


@pytest.mark.parametrize(
    ("text", "kind", "deadline", "start"),
    [
        ("年底前", "date", dt.date(2019, 12, 31), dt.date(2019, 1, 1)),
        ("2019年12月31日前", "date", dt.date(2019, 12, 31), dt.date(2019, 1, 1)),
        ("2020年7月起", "start", None, dt.date(2020, 7, 1)),
        ("长期坚持", "ongoing", None, dt.date(2019, 1, 1)),
        ("持续推进", "ongoing", None, dt.date(2019, 1, 1)),
        ("长期", "ongoing", None, dt.date(2019, 1, 1)),
        ("2020年7月底前", "date", dt.date(2020, 7, 31), dt.date(2019, 1, 1)),
        ("6月底前", "date", dt.date(2019, 6, 30), dt.date(2019, 1, 1)),
        ("2019年6月底前完成摸底，2020年底前全面完成", "date", dt.date(2020, 12, 31), dt.date(2019, 1, 1)),
        ("三季度末", "date", dt.date(2019, 9, 30), dt.date(2019, 1, 1)),
    ],
)
def test_deadline_forms_of_real_lists(
    changhai: County, text: str, kind: str, deadline: dt.date | None, start: dt.date
) -> None:
    preview = parse_list_file(deadlines_only([text]), filename="a.csv", year=2019, owner=changhai.owner)
    assert preview.errors == []
    (row,) = preview.rows
    assert (row.deadline_kind, row.deadline, row.start_date) == (kind, deadline, start)


def test_a_deadline_not_understood_lists_the_accepted_forms() -> None:
    assert read_deadline("按上级要求") is None
    with translation.override("en"):
        preview = parse_list_file(deadlines_only(["按上级要求"]), filename="a.csv", year=2019)
    (error,) = preview.errors
    assert (error.row, error.column, error.value) == (2, "完成时限", "按上级要求")
    assert "年底前" in error.reason
    assert "长期坚持" in error.reason
    with translation.override("zh-hans"):
        preview = parse_list_file(deadlines_only(["按上级要求"]), filename="a.csv", year=2019)
    assert preview.errors[0].reason.startswith("不是日期")


def test_the_year_comes_from_the_deadlines_and_says_so(changhai: County) -> None:
    # 年底前 takes the year the other deadlines name, not today's.
    preview = parse_list_file(
        deadlines_only(["2018-06-30", "年底前", "2018年9月底前", "2019年3月底前"]),
        filename="a.csv",
        year=None,
        owner=changhai.owner,
    )
    assert (preview.year, preview.year_source) == (2018, "deadlines")
    assert [r.deadline for r in preview.rows][1] == dt.date(2018, 12, 31)
    with translation.override("en"):
        assert preview.year_source_label == "read from the deadlines"


def test_no_year_anywhere_is_refused_and_a_plan_gives_its_first_year(changhai: County) -> None:
    with pytest.raises(ImportFailed) as failure, translation.override("en"):
        responsibility_list_import(
            actor=None, source=without_deadlines(), filename="a.csv", owner=changhai.owner
        )
    assert "year" in failure.value.preview.errors[0].reason
    plan = Plan.objects.create(title="三年行动", owner=changhai.owner, start_year=2018, end_year=2020)
    rlist, preview = responsibility_list_import(
        actor=None, source=without_deadlines(), filename="a.csv", owner=changhai.owner, plan=plan
    )
    assert (rlist.year, preview.year_source) == (2018, "plan")


def test_a_list_without_a_deadline_column_is_ongoing_and_keeps_its_free_text_categories(
    changhai: County,
) -> None:
    rlist, preview = responsibility_list_import(
        actor=None, source=without_deadlines(year_in_title=True), filename="a.csv", owner=changhai.owner
    )
    assert (rlist.year, preview.year_source) == (2021, "title")
    items = list(rlist.items.order_by("position"))
    assert [(i.deadline_kind, i.deadline, i.category, i.category_text) for i in items] == [
        ("ongoing", None, "environment", "生态宜居"),  # mapped when a category matches
        ("ongoing", None, "other", "兜底保障"),
    ]
    assert units_of(items[0]) == {"lead": ["长海县环保局"], "supporting": ["各乡镇"]}
    # An ongoing item is never overdue nor at risk: it is judged by its periodic reports.
    statuses = with_item_status(Item.objects.filter(pk__in=[i.pk for i in items]), as_of=dt.date(2030, 1, 1))
    assert {i.status for i in statuses} == {ItemStatus.NOT_STARTED}  # type: ignore[attr-defined]


def test_a_row_with_only_supporting_units_or_none_is_refused() -> None:
    body = "序号,工作任务,牵头单位,配合单位,完成时限\n1,甲,,某局,2019-12-31\n2,乙,,,2019-12-31\n"
    with translation.override("en"):
        preview = parse_list_file(io.BytesIO(body.encode()), filename="a.csv", year=2019)
    assert [(e.row, e.column) for e in preview.errors] == [(2, "牵头单位"), (3, "牵头单位")]
    assert "only supporting" in preview.errors[0].reason


def test_a_collective_lead_is_kept_and_the_first_organization_reports(changhai: County) -> None:
    body = "序号,工作任务,责任单位,完成时限\n1,农村环境整治,各镇、县环保局,2019-12-31\n"
    rlist, _preview = responsibility_list_import(
        actor=None, source=io.BytesIO(body.encode()), filename="a.csv", owner=changhai.owner
    )
    item = rlist.items.get()
    # 各镇 is written first, so it leads as written; the first organization among the units reports.
    assert units_of(item) == {"lead": ["各镇"], "responsible": ["长海县环保局"]}
    assert item.lead_unit == changhai.env
    assert [u.display_name for u in item.lead_units] == ["各镇"]
    assert ItemUnit.objects.filter(item=item, organization__isnull=True).count() == 1
