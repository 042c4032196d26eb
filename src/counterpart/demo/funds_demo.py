"""Demo data of the funds app, loaded after `load_demo()` (it needs the demo pairings and regions).

- Real, from the seeds: the Zheng'an county projects the Shanghai delegation visited in May 2019 (seed 002):
  the cold-water fish farming and the greenhouses at 谢坝村, the kindergarten built as a support project of
  the relocation (正安县上海艺术实验幼儿园) and the guitar industrial park (正安吉他产业园). The report gives
  no amount, date, stage or beneficiary count: those stay empty (the stage is the model's first, "in the
  reserve", which the content says is not stated) and no transaction is recorded for them.
- Generated, never presented as real: a demonstration set of projects with transactions for the
  Dalian–Liupanshui pairing, every record `generated=True` with "（生成的演示数据）" in its title and
  "generated" in its source; some trigger supervision alerts (idle funds, spending behind plan, past the
  planned end). Seeded: the same data every time.

Idempotent: every record made is remembered by a key in `DemoRecord`; loading again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.db import transaction

from counterpart.demo.facts import SEED_002
from counterpart.demo.records import demo_object, demo_remember
from counterpart.funds import services
from counterpart.funds.models import Project, Sector, Stage, Transaction
from counterpart.geo.models import Region
from counterpart.pairings.models import Pairing

NOT_STATED = "报道未给出金额、日期、阶段和受益人数。"

#: (key, title, sector, places as written, content, source span in seed 002)
SEED_PROJECTS = (
    (
        "xieba_cold_water_fish",
        "谢坝村冷水鱼养殖项目",
        Sector.AGRICULTURE,
        "正安县谢坝村",
        "上海援建的冷水鱼养殖项目，2019年5月上海市代表团实地考察。" + NOT_STATED,
        f"{SEED_002}:453-502",
    ),
    (
        "xieba_greenhouses",
        "谢坝村温室大棚项目",
        Sector.AGRICULTURE,
        "正安县谢坝村",
        "上海援建的温室大棚项目，2019年5月上海市代表团实地考察。" + NOT_STATED,
        f"{SEED_002}:453-502",
    ),
    (
        "zhengan_art_kindergarten",
        "正安县上海艺术实验幼儿园（易地扶贫搬迁配套项目）",
        Sector.EDUCATION,
        "正安县",
        "上海援建的易地扶贫搬迁配套项目。" + NOT_STATED,
        f"{SEED_002}:502-560",
    ),
    (
        "zhengan_guitar_park",
        "正安吉他产业园",
        Sector.INDUSTRY,
        "正安县",
        "代表团到园区内的神曲乐器制造公司了解企业发展和生产经营情况。" + NOT_STATED,
        f"{SEED_002}:560-606",
    ),
)

GENERATED_SUFFIX = "（生成的演示数据）"
GENERATED_SOURCE = "generated demonstration data (funds demo)"
GENERATED_COUNT = 24
SEED = 20190508  # the day of the visit
GENERATED_TITLES = (
    ("食用菌种植基地", Sector.AGRICULTURE),
    ("刺梨加工厂房", Sector.INDUSTRY),
    ("通组公路硬化", Sector.INFRASTRUCTURE),
    ("安置点扶贫车间", Sector.HOUSING),
    ("农村饮水安全巩固提升", Sector.WATER),
    ("乡村小学改扩建", Sector.EDUCATION),
    ("村卫生室标准化建设", Sector.HEALTH),
    ("劳务技能培训", Sector.LABOUR),
    ("农产品东西部消费协作专馆", Sector.CONSUMPTION),
    ("茶园提质增效", Sector.AGRICULTURE),
)


def _seed_projects(log: Any) -> int:
    created = 0
    pairing = demo_object("pairing-shanghai_zunyi", Pairing)
    zhengan = demo_object("region-520324", Region)
    if pairing is None or zhengan is None:
        log("funds demo: the Shanghai–Zunyi pairing or Zheng'an county is not loaded; seed projects skipped")
        return 0
    for key, title, sector, places_text, content, source in SEED_PROJECTS:
        if demo_object(f"funds-project-{key}", Project) is not None:
            continue
        project = services.project_create(
            actor=None,
            pairing=pairing,
            title=title,
            sector=sector,
            places=[zhengan],
            places_text=places_text,
            content=content,
            source=source,
        )
        demo_remember(f"funds-project-{key}", project)
        created += 1
    return created


def _generated_projects(log: Any) -> int:
    pairing = demo_object("pairing-dalian_liupanshui", Pairing)
    if pairing is None:
        log("funds demo: the Dalian–Liupanshui pairing is not loaded; generated projects skipped")
        return 0
    counties = list(Region.objects.filter(code__in=("520201", "520203", "520204", "520281")).order_by("code"))
    if not counties:
        return 0
    rng = random.Random(SEED)  # noqa: S311  # demonstration data, not security
    created = 0
    k = Transaction.Kind
    for n in range(GENERATED_COUNT):
        key = f"funds-generated-{n}"
        if demo_object(key, Project) is not None:
            continue
        name, sector = GENERATED_TITLES[n % len(GENERATED_TITLES)]
        county = counties[n % len(counties)]
        year = 2022 + n % 3
        budget = Decimal(rng.randrange(50, 800) * 10000)
        # the shape of the project's money: 0 all spent, 1 disbursed and idle, 2 spending behind, 3 late
        shape = n % 4
        done = shape == 0
        project = services.project_create(
            actor=None,
            pairing=pairing,
            title=f"{county.name}{name}{GENERATED_SUFFIX}",
            sector=sector,
            year=year,
            places=[county],
            budget=budget,
            stage=Stage.ACCEPTED if done else Stage.STARTED,
            planned_start=dt.date(year, 3, 1),
            planned_end=dt.date(year, 12, 31) if shape == 3 else dt.date(year + 5, 12, 31),
            actual_start=dt.date(year, 3, 15),
            actual_end=dt.date(year, 11, 30) if done else None,
            people=rng.randrange(100, 3000),
            fundings={"cooperation": budget * Decimal("0.8"), "pooled": budget * Decimal("0.2")},
            source=GENERATED_SOURCE,
            generated=True,
        )
        flows = [
            (k.INCOMING_COMMITMENT, dt.date(year, 3, 1), budget),
            (k.INCOMING_FUNDS, dt.date(year, 4, 1), budget),
        ]
        if shape in (0, 1, 3):
            flows.append((k.DISBURSEMENT, dt.date(year, 5, 1), budget))
        if shape == 0:
            flows.append((k.EXPENDITURE, dt.date(year, 10, 1), budget))
        if shape == 2:
            flows.append(
                (k.EXPENDITURE, dt.date(year, 6, 1), (budget * Decimal("0.3")).quantize(Decimal("1")))
            )
        if shape == 3:
            flows.append((k.EXPENDITURE, dt.date(year, 6, 1), budget))
        for kind, date, amount in flows:
            services.transaction_record(
                actor=None,
                project=project,
                kind=kind,
                date=date,
                amount=amount,
                description="生成的演示数据",
                source=GENERATED_SOURCE,
                generated=True,
            )
        demo_remember(key, project)
        created += 1
    return created


@transaction.atomic
def load_funds_demo(log: Any = None) -> int:
    """Load the funds demo; returns how many projects were created (0 when already loaded)."""
    log = log or (lambda _msg: None)
    return _seed_projects(log) + _generated_projects(log)
