"""A small region package in the layout of `china-division`'s dist/ CSV files (codes of 2, 4, 6, 9 and 12
digits with their parents' codes), for loader, search and pairing tests."""

from __future__ import annotations

import csv
from pathlib import Path

PROVINCES = [("44", "广东省"), ("52", "贵州省")]
CITIES = [
    ("4401", "广州市", "44"),
    ("4420", "中山市", "44"),
    ("5202", "六盘水市", "52"),
    ("5205", "毕节市", "52"),
]
AREAS = [
    ("440106", "天河区", "4401", "44"),
    ("442000", "中山市", "4420", "44"),  # a prefecture-level city without counties: listed again
    ("520201", "钟山区", "5202", "52"),
    ("520204", "水城区", "5202", "52"),
    ("520281", "盘州市", "5202", "52"),
    ("520502", "七星关区", "5205", "52"),
]
STREETS = [
    ("440106001", "五山街道", "440106", "44", "4401"),
    ("442000001", "石岐街道", "442000", "44", "4420"),
    ("520201101", "大河镇", "520201", "52", "5202"),
    ("520204100", "蟠龙镇", "520204", "52", "5202"),
    ("520281001", "亦资街道", "520281", "52", "5202"),
]
VILLAGES = [
    ("440106001001", "五山社区居委会", "440106001", "44", "4401", "440106"),
    ("442000001001", "莲峰社区居民委员会", "442000001", "44", "4420", "442000"),
    ("520201101200", "渔塘村村民委员会", "520201101", "52", "5202", "520201"),
    ("520201101201", "新村村委会", "520201101", "52", "5202", "520201"),
    ("520204100200", "新村村民委员会", "520204100", "52", "5202", "520204"),
    ("520204100201", "海坝村委会", "520204100", "52", "5202", "520204"),
    ("520281001001", "南关社区居委会", "520281001", "52", "5202", "520281"),
]
#: Regions the fixture yields: Zhongshan's county row is its prefecture.
COUNTS = {"province": 2, "prefecture": 4, "county": 5, "town": 5, "village": 7}


def write_package(directory: Path, *, extra_villages: list[tuple[str, ...]] = ()) -> Path:
    """dist/provinces.csv … dist/villages.csv under `directory`; returns `directory`."""
    dist = directory / "dist"
    dist.mkdir(parents=True, exist_ok=True)
    files = {
        "provinces.csv": (["code", "name"], PROVINCES),
        "cities.csv": (["code", "name", "provinceCode"], CITIES),
        "areas.csv": (["code", "name", "cityCode", "provinceCode"], AREAS),
        "streets.csv": (["code", "name", "areaCode", "provinceCode", "cityCode"], STREETS),
        "villages.csv": (
            ["code", "name", "streetCode", "provinceCode", "cityCode", "areaCode"],
            [*VILLAGES, *extra_villages],
        ),
    }
    for name, (header, rows) in files.items():
        with (dist / name).open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, quoting=csv.QUOTE_MINIMAL)
            writer.writerow(header)
            writer.writerows(rows)
    return directory
