"""Demo registry: a small GENERATED registry for villages of the demo counties, and the generator the
benchmark uses (`bench/generate_households.py` is its command line).

Everything here is invented and marked so: a title row in the file, household numbers starting with "G",
`Household.generated = True`. The villages are the real ones of the demo counties when the national tree is
loaded (`counterpart load-regions`: Liupanshui's four counties have 1,152); without it (the tests, a bare
database) they are invented, named 生成村… with 12-digit codes *under* the real county codes (towns 1NN,
villages 2NN) and marked `source="generated"`. `places()` chooses. ID numbers have valid check characters
and the real county codes as issuing office. Streams to disk: memory does not grow with N (one dict of
(code, birth date) → next sequence number).
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

#: Demo counties (DOMAIN.md): code, name.
COUNTIES = [
    ("520201", "钟山区"),
    ("520203", "六枝特区"),
    ("520204", "水城区"),
    ("520281", "盘州市"),
    ("520303", "汇川区"),
    ("520324", "正安县"),
]
TOWNS_PER_COUNTY = 10
VILLAGES_PER_TOWN = 20

HEADER = [
    "序号", "县(市、区、旗)", "乡(镇)", "行政村", "村代码", "户编号", "人编号", "姓名", "证件号码", "人数",
    "与户主关系", "民族", "文化程度", "健康状况", "务工时间（月）", "脱贫属性", "贫困户属性", "主要致贫原因",
    "人均纯收入",
]  # fmt: skip
GENERATED_TITLE = "【生成数据 GENERATED — 非真实户，仅供测试 / invented test data, not real households】"

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
GIVEN = "明华建国英秀兰芳军平伟强丽红云海霞金玉春梅桂珍福荣成德志刚文杰勇敏静燕鹏飞超波涛琴娟"
ETHNIC = ["汉族"] * 6 + ["苗族", "彝族", "布依族", "仡佬族"]
EDUCATION = ["文盲或半文盲", "小学", "初中", "高中", "大专及以上", "学龄前儿童"]
HEALTH = ["健康"] * 6 + ["长期慢性病", "患有大病", "残疾"]
CAUSES = [
    "因病",
    "因残",
    "因学",
    "因灾",
    "缺土地",
    "缺水",
    "缺技术",
    "缺劳力",
    "缺资金",
    "交通条件落后",
    "自身发展动力不足",
]
STATUS = ["已脱贫"] * 7 + ["未脱贫"] * 2 + ["边缘易致贫户"]
TYPES = ["一般贫困户"] * 7 + ["低保贫困户"] * 2 + ["特困供养贫困户"]
_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))


def check_character(first17: str) -> str:
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True)) % 11]


Place = tuple[str, str, str, str, str]


def _tree_villages() -> Any:
    from counterpart.geo.models import Region

    return Region.objects.filter(
        level=Region.Level.VILLAGE,
        parent__level=Region.Level.TOWN,
        parent__parent__code__in=[code for code, _name in COUNTIES],
    ).exclude(source="generated")


def tree_villages() -> list[Place]:
    """(county code, county, town, village, village code) of every real village of the demo counties in the
    loaded region tree, by code; empty when the national tree is not loaded. One query."""
    return list(
        _tree_villages()
        .order_by("code")
        .values_list("parent__parent__code", "parent__parent__name", "parent__name", "name", "code")
    )


def places() -> list[Place]:
    """The villages the generated households live in: the real ones when the tree has them, else invented."""
    return tree_villages() or villages()


def villages() -> list[Place]:
    """(county code, county, town name, village name, village code) of every generated village."""
    result = []
    for county_code, county in COUNTIES:
        for t in range(TOWNS_PER_COUNTY):
            town = f"生成{county[:2]}镇{t + 1:02d}"
            for v in range(VILLAGES_PER_TOWN):
                code = f"{county_code}{100 + t:03d}{200 + v:03d}"
                result.append((county_code, county, town, f"生成村{t + 1:02d}{v + 1:02d}", code))
    return result


class IdMaker:
    """Unique, valid ID numbers: a counter per (issuing code, birth date) gives the sequence digits."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.next_seq: dict[tuple[str, int], int] = {}

    def make(self, prefix: str, first_year: int, last_year: int, male: bool) -> tuple[str, dt.date]:
        start = dt.date(first_year, 1, 1).toordinal()
        end = dt.date(last_year, 12, 31).toordinal()
        while True:
            day = self.rng.randint(start, end)
            seq = self.next_seq.get((prefix, day), 0)
            if seq < 998:
                break
        # The last sequence digit's parity is the sex (odd: male).
        seq = seq + (1 if (seq % 2 == 0) == male else 0)
        self.next_seq[(prefix, day)] = seq + 1
        birth = dt.date.fromordinal(day)
        body = f"{prefix}{birth:%Y%m%d}{seq:03d}"
        return body + check_character(body), birth


def rows(households: int, seed: int, where: list[Place] | None = None) -> Iterator[list[str]]:
    """The member rows of `households` invented households in the villages `where` (default: the
    invented villages, which need no database)."""
    rng = random.Random(seed)  # noqa: S311  # reproducible invented data, not secrets
    ids = IdMaker(rng)
    places = where or villages()
    serial = 0
    for h in range(households):
        county_code, county, town, village, code = places[h % len(places)]
        number = f"G{code}{h // len(places):05d}"
        size = min(max(int(rng.gauss(3.5, 1.3) + 0.5), 1), 8)
        status = rng.choice(STATUS)
        household_type = rng.choice(TYPES)
        cause = rng.choice(CAUSES)
        # Per-capita net income: log-normal around 6,000 yuan; some households under the line.
        income = round(min(max(rng.lognormvariate(8.7, 0.45), 800.0), 60000.0), 2)
        head_male = rng.random() < 0.8
        for m in range(size):
            if m == 0:
                relation, years, male = "户主", (1940, 1990), head_male
            elif m == 1:
                relation, years, male = "配偶", (1942, 1992), not head_male
            elif m < size - 1 or size < 5:
                relation, years, male = rng.choice(["之子", "之女"]), (1995, 2018), rng.random() < 0.5
                male = relation == "之子"
            else:
                relation, years, male = rng.choice(["之父", "之母"]), (1925, 1955), rng.random() < 0.5
                male = relation == "之父"
            id_number, birth = ids.make(county_code, *years, male)
            serial += 1
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
            age = 2020 - birth.year
            education = "学龄前儿童" if age < 6 else rng.choice(EDUCATION[:5])
            months = str(rng.choice([0, 0, 3, 6, 9, 12])) if 16 <= age <= 60 else "0"
            yield [
                str(serial), county, town, village, code, number, f"{number}{m + 1:02d}", name, id_number,
                str(size), relation, rng.choice(ETHNIC), education, rng.choice(HEALTH), months, status,
                household_type, cause, f"{income:.2f}",
            ]  # fmt: skip


def write(path: Path, households: int, seed: int, where: list[Place] | None = None) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([GENERATED_TITLE])
        writer.writerow(HEADER)
        for row in rows(households, seed, where):
            writer.writerow(row)
            count += 1
    return count


def ensure_villages(
    *, towns_per_county: int = TOWNS_PER_COUNTY, villages_per_town: int = VILLAGES_PER_TOWN
) -> int:
    """Create the generated towns and villages (and, when missing, the demo counties and their parents) in
    the region tree; existing regions are left alone, and nothing is invented when the national tree is
    loaded (`tree_villages`). Returns the number of regions created."""
    from counterpart.geo.models import Region

    if _tree_villages().exists():
        return 0

    created = 0
    parents = {
        "520000": ("贵州省", "Guizhou", Region.Level.PROVINCE, None),
        "520200": ("六盘水市", "Liupanshui", Region.Level.PREFECTURE, "520000"),
        "520300": ("遵义市", "Zunyi", Region.Level.PREFECTURE, "520000"),
    }
    by_code = {r.code: r for r in Region.objects.filter(code__in=[*parents, *(c for c, _n in COUNTIES)])}
    for code, (name, name_en, level, parent) in parents.items():
        if code not in by_code:
            by_code[code] = Region.objects.create(
                code=code, name=name, name_en=name_en, level=level, parent=by_code.get(parent or "")
            )
            created += 1
    for code, name in COUNTIES:
        if code not in by_code:
            by_code[code] = Region.objects.create(
                code=code, name=name, level=Region.Level.COUNTY, parent=by_code[code[:4] + "00"]
            )
            created += 1
    existing = set(
        Region.objects.filter(
            level__in=(Region.Level.TOWN, Region.Level.VILLAGE), code__startswith="52"
        ).values_list("code", flat=True)
    )
    towns = []
    for county_code, county in COUNTIES:
        for t in range(towns_per_county):
            code = f"{county_code}{100 + t:03d}"
            if code not in existing:
                towns.append(
                    Region(
                        code=code,
                        name=f"生成{county[:2]}镇{t + 1:02d}",
                        level=Region.Level.TOWN,
                        parent=by_code[county_code],
                        source="generated",
                    )
                )
    Region.objects.bulk_create(towns)
    created += len(towns)
    town_by_code = {
        r.code: r for r in Region.objects.filter(level=Region.Level.TOWN, code__regex=r"^52\d{7}$")
    }
    wanted = [
        v
        for v in villages()
        if int(v[4][6:9]) - 100 < towns_per_county and int(v[4][9:]) - 200 < villages_per_town
    ]
    new = [
        Region(
            code=code,
            name=name,
            level=Region.Level.VILLAGE,
            parent=town_by_code[code[:9]],
            source="generated",
        )
        for _c, _county, _town, name, code in wanted
        if code not in existing
    ]
    Region.objects.bulk_create(new, batch_size=1000)
    return created + len(new)


#: The demo registry: households of the first villages of each demo county.
DEMO_HOUSEHOLDS = 120
DEMO_SEED = 2020


def load_households_demo(*, households: int = DEMO_HOUSEHOLDS) -> int:
    """Idempotent: create the generated villages, then import a generated registry of `households`
    households (year 2020) unless generated households are already there. Returns households written."""
    import tempfile

    from counterpart.households.importers import import_registry
    from counterpart.households.models import Household

    ensure_villages()
    if Household.objects.filter(generated=True).exists():
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo-registry.csv"
        write(path, households, DEMO_SEED, places())
        result = import_registry(path, actor=None, year=2020, generated=True, source_name="生成的演示名册")
    if not result.ok:
        raise RuntimeError(f"demo registry refused: {result.file_error or result.errors[:3]}")
    return result.households
