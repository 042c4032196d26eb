"""Demo data of the plans app, loaded after `load_demo()` (it needs the demo pairings and organizations).

- Real, from the seeds: the Dalian–Liupanshui three-year action plan and its 2018 responsibility list, whose
  signing seed reports 000/003 record ("签订三年行动计划（2018年度责任清单）协议"). The reports give none of
  its items, so the list is an empty frame.
- Generated, never presented as real: seed 001 says Dalian's ecological responsibility list names 232 items
  for 50 units, without listing them. A demonstration list of 232 invented items for 50 invented units is
  generated, with invented ledgers; every record carries `generated=True` and "生成"/"generated" in its
  title, name or note. The generation is seeded, so it gives the same data every time.

Idempotent: every record made is remembered by a key in `DemoRecord`; loading again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from counterpart.demo.records import demo_object, demo_remember
from counterpart.orgs import services as org_services
from counterpart.orgs.models import Organization
from counterpart.pairings.models import Pairing
from counterpart.plans import services
from counterpart.plans.models import Item, ItemUnit, LedgerEntry, Plan, ResponsibilityList
from counterpart.plans.status import month_end

PLAN_TITLE = "大连市与六盘水市扶贫协作三年行动计划"
LIST_2018_TITLE = "大连市与六盘水市扶贫协作三年行动计划（2018年度责任清单）"
LIST_2018_SOURCE = "000_24c8201ea03fd8b9.txt:266-326; 003_a5b5d013e731d761.txt:726-910"
ECO_TITLE = "大连市生态环境保护责任清单（生成的演示数据，非真实清单）"
ECO_SOURCE = "generated; counts from 001_19c1fe233f7b33f6.txt:2009-2055 (232 items, 50 units)"
ECO_ITEMS = 232
ECO_UNITS = 50
SEED = 20210121  # the date of the standing committee meeting that reviewed the real list

TASKS = (
    "开展大气污染防治专项行动",
    "推进入海河流水质达标整治",
    "完成黑臭水体排查整治",
    "实施山体生态修复",
    "推进垃圾分类设施建设",
    "开展工业固废规范化管理检查",
    "推进近岸海域污染防治",
    "实施农业面源污染治理",
    "建设城市绿道",
    "推进重点企业清洁生产审核",
    "开展生态环境执法检查",
    "推进饮用水水源地保护",
)
#: (the unit the target is written in, the unit progress is counted in): always the same unit (a target
#: "170米" counted in 公里 read "170 / 170 公里"); `services.check_target_units` refuses the difference.
UNITS = (
    ("公里", "公里"),
    ("亩", "亩"),
    ("个", "个"),
    ("次", "次"),
    ("家", "家"),
)


@transaction.atomic
def load_plans_demo(log: Any = None) -> int:
    """Load the plans demo; returns how many records were created (0 when already loaded)."""
    log = log or (lambda _msg: None)
    created = 0
    pairing = demo_object("pairing-dalian_liupanshui", Pairing)
    dalian_gov = demo_object("org-dalian_gov", Organization)
    cpc_dalian = demo_object("org-cpc_dalian", Organization) or dalian_gov
    if pairing is None or dalian_gov is None:
        log("plans demo: the demo pairings are not loaded; skipped")
        return 0
    plan = demo_object("plans-plan-dl_lps_2018_2020", Plan)
    if plan is None:
        plan = services.plan_create(
            actor=None,
            title=PLAN_TITLE,
            owner=dalian_gov,
            pairing=pairing,
            start_year=2018,
            end_year=2020,
            source=LIST_2018_SOURCE,
        )
        demo_remember("plans-plan-dl_lps_2018_2020", plan)
        created += 1
    if demo_object("plans-list-dl_lps_2018", ResponsibilityList) is None:
        rlist = services.responsibility_list_create(
            actor=None, title=LIST_2018_TITLE, owner=dalian_gov, year=2018, plan=plan, source=LIST_2018_SOURCE
        )
        demo_remember("plans-list-dl_lps_2018", rlist)
        created += 1
    if demo_object("plans-list-dalian_eco_generated", ResponsibilityList) is None:
        created += _load_generated_eco_list(owner=cpc_dalian, region=dalian_gov.region)
    log(f"plans demo: {created} records created")
    return created


def _load_generated_eco_list(*, owner: Organization, region: Any) -> int:
    rng = random.Random(SEED)  # noqa: S311  # demonstration data, not security
    units = []
    for n in range(1, ECO_UNITS + 1):
        key = f"plans-generated-unit-{n:02d}"
        unit = demo_object(key, Organization)
        if unit is None:
            unit = org_services.organization_create(
                actor=None,
                name=f"演示单位{n:02d}（生成）",
                name_en=f"Demo unit {n:02d} (generated)",
                kind=Organization.Kind.DEPARTMENT,
                region=region,
                note="生成的演示单位，非真实单位",
                source="generated",
            )
            demo_remember(key, unit)
        units.append(unit)
    decision = demo_object("decision-dl_2021_standing_committee-3", _decision_model())
    rlist = services.responsibility_list_create(
        actor=None, title=ECO_TITLE, owner=owner, year=2021, generated=True, source=ECO_SOURCE
    )
    demo_remember("plans-list-dalian_eco_generated", rlist)
    items = []
    for n in range(ECO_ITEMS):
        # every unit leads at least four items; the rest go to units drawn at random
        lead = units[n] if n < ECO_UNITS else units[rng.randrange(ECO_UNITS)]
        deliverable = rng.random() < 0.3
        word, unit_name = rng.choice(UNITS)
        quantity = None if deliverable else Decimal(rng.randrange(2, 60) * 5)
        deadline = month_end(2021, rng.choice((6, 9, 10, 11, 12, 12, 12)))
        items.append(
            Item(
                responsibility_list=rlist,
                number=str(n + 1),
                position=n + 1,
                task=f"（生成）{rng.choice(TASKS)}（第{n + 1}项）",
                category=Item.Category.ENVIRONMENT,
                lead_unit=lead,
                target_text="按期完成" if deliverable else f"{quantity}{word}",
                target_quantity=quantity,
                target_unit="" if deliverable else unit_name,
                start_date=dt.date(2021, 1, 1),
                deadline=deadline,
                note="生成的演示任务，非真实任务",
                decision=decision,
                generated=True,
            )
        )
    for item in items:  # written in bulk: the rule item_create keeps, checked here
        services.check_target_units(
            target_text=item.target_text, target_quantity=item.target_quantity, target_unit=item.target_unit
        )
    items = Item.objects.bulk_create(items)
    links: list[Any] = []
    for item in items:
        links.append(
            ItemUnit(item=item, organization_id=item.lead_unit_id, role=ItemUnit.Role.LEAD, position=1)
        )
        drawn = rng.sample(units, rng.choice((0, 0, 1, 2)))
        links.extend(
            ItemUnit(item=item, organization_id=u.pk, role=ItemUnit.Role.SUPPORTING, position=i)
            for i, u in enumerate((u for u in drawn if u.pk != item.lead_unit_id), start=1)
        )
    ItemUnit.objects.bulk_create(links)
    entries = []
    for item in items:
        target = item.target_quantity or Decimal(100)
        months = rng.randrange(0, 13)
        pace = rng.uniform(0.3, 1.3)  # some units run ahead, some lag
        value = Decimal(0)
        for month in range(1, months + 1):
            value = min(
                target,
                max(value, (target * Decimal(str(round(pace * month / 12, 3)))).quantize(Decimal("1"))),
            )
            last = month == months
            status = LedgerEntry.Status.ACCEPTED
            if last and rng.random() < 0.2:
                status = rng.choice((LedgerEntry.Status.SUBMITTED, LedgerEntry.Status.RETURNED))
            entries.append(
                LedgerEntry(
                    item=item,
                    year=2021,
                    month=month,
                    value=value,
                    narrative=f"（生成）{month}月累计完成{value}",
                    status=status,
                    review_comment="（生成）请补充佐证材料" if status == LedgerEntry.Status.RETURNED else "",
                    # reported on the month's last day, reviewed the next (the ledger's 最近报告日期)
                    submitted_at=_at(month_end(2021, month), 17),
                    reviewed_at=(
                        None
                        if status == LedgerEntry.Status.SUBMITTED
                        else _at(month_end(2021, month) + dt.timedelta(days=1), 10)
                    ),
                    generated=True,
                )
            )
    LedgerEntry.objects.bulk_create(entries, batch_size=2000)
    return 1 + len(items) + len(entries)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _decision_model() -> type[models.Model]:
    from counterpart.meetings.models import Decision

    return Decision
