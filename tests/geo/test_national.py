"""The national tree loader on a small package in the real layout, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
import io
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from counterpart.geo import package
from counterpart.geo.models import Region
from counterpart.geo.national import load_national_tree, normal_code, short_name
from tests.geo.package import COUNTS, write_package

pytestmark = pytest.mark.django_db


def chain(code: str) -> list[str]:
    region: Region | None = Region.objects.get(code=code)
    codes = []
    while region is not None:
        codes.append(region.code)
        region = region.parent
    return codes


@pytest.mark.parametrize(
    ("raw", "code"),
    [("52", "520000"), ("5202", "520200"), ("520204", "520204"), ("520204100", "520204100"),
     ("520204100200", "520204100200")],
)  # fmt: skip
def test_codes_are_stored_as_region_code_takes_them(raw: str, code: str) -> None:
    assert normal_code(raw) == code
    Region(code=code, name="x", level="county").full_clean(validate_unique=False, exclude=["parent"])


@pytest.mark.parametrize("raw", ["", "5", "52020", "52a000", "５２"])
def test_other_codes_are_refused(raw: str) -> None:
    with pytest.raises(ValueError, match="not a region code"):
        normal_code(raw)


@pytest.mark.parametrize(
    ("committee", "village"),
    [("渔塘村村民委员会", "渔塘村"), ("大田村民委员会", "大田村"), ("海坝村委会", "海坝村"),
     ("多福巷社区居委会", "多福巷社区"), ("莲峰社区居民委员会", "莲峰社区"), ("东街居委会", "东街居委会"),
     ("某某生活区", "某某生活区"), ("村民委员会", "村民委员会")],
)  # fmt: skip
def test_a_village_goes_by_its_name_not_its_committees(committee: str, village: str) -> None:
    assert short_name(committee) == village


def test_the_package_is_loaded_level_by_level_under_its_parents(package_dir: Path) -> None:
    result = load_national_tree(package_dir)
    assert result.inserted == COUNTS
    assert result.merged == 1
    assert not result.refused
    for level, count in COUNTS.items():
        assert Region.objects.filter(level=level).count() == count
    assert chain("520204100200") == ["520204100200", "520204100", "520204", "520200", "520000"]
    assert Region.objects.get(code="520204100200").name == "新村"
    # Zhongshan has no counties: its towns hang under the prefecture, which is one region.
    assert chain("442000001001") == ["442000001001", "442000001", "442000", "440000"]
    assert Region.objects.get(code="442000").level == Region.Level.PREFECTURE
    assert set(Region.objects.values_list("source", flat=True)) == {package.SOURCE}
    # A bulk load writes no history rows: the source says where each row comes from.
    assert not Region.history.exists()


def test_a_second_load_inserts_nothing_and_changes_nothing(package_dir: Path) -> None:
    load_national_tree(package_dir)
    before = list(Region.objects.order_by("pk").values())
    again = load_national_tree(package_dir)
    assert again.total_inserted == 0
    assert again.existing == sum(COUNTS.values())
    assert again.renamed == 0
    assert not again.changes
    assert list(Region.objects.order_by("pk").values()) == before


def test_existing_codes_keep_their_rows_and_translations(package_dir: Path) -> None:
    guizhou = Region.objects.create(
        code="520000",
        name="贵州省",
        name_en="Guizhou",
        name_ja="貴州省",
        level="province",
        source="GB/T 2260",
    )
    shuicheng = Region.objects.create(
        code="520204", name="水城区", name_en="Shuicheng District", level="county", parent=None
    )
    load_national_tree(package_dir)
    guizhou.refresh_from_db()
    shuicheng.refresh_from_db()
    assert (guizhou.name_en, guizhou.name_ja, guizhou.source) == ("Guizhou", "貴州省", "GB/T 2260")
    assert shuicheng.name_en == "Shuicheng District"
    assert Region.objects.get(code="520200").parent_id == guizhou.pk
    assert Region.objects.get(code="520204100").parent_id == shuicheng.pk
    assert Region.objects.count() == sum(COUNTS.values())


def test_a_generated_placeholder_with_a_real_code_takes_the_real_name(package_dir: Path) -> None:
    town = Region.objects.create(code="520201101", name="生成钟山镇02", level="town", source="generated")
    fake = Region.objects.create(
        code="520201101200", name="生成村0201", level="village", parent=town, source="generated"
    )
    result = load_national_tree(package_dir)
    fake.refresh_from_db()
    town.refresh_from_db()
    assert (fake.name, fake.source) == ("渔塘村", package.SOURCE)
    assert (town.name, town.source) == ("大河镇", package.SOURCE)
    assert result.renamed == 2
    assert load_national_tree(package_dir).renamed == 0


def test_known_code_changes_set_successor_and_end_on_the_old_codes(package_dir: Path) -> None:
    load_national_tree(package_dir)
    liupanshui = Region.objects.get(code="520200")
    old = Region.objects.create(code="520221", name="水城县", level="county", parent=liupanshui)
    pan = Region.objects.create(
        code="520222", name="盘县", level="county", parent=liupanshui, valid_to=dt.date(2017, 4, 1)
    )
    result = load_national_tree(package_dir)
    assert {c.old for c in result.changes} == {"520221", "520222"}
    old.refresh_from_db()
    pan.refresh_from_db()
    assert old.successor == Region.objects.get(code="520204")
    assert old.valid_to == dt.date(2019, 12, 31)
    assert old.history.first().history_change_reason == "国函〔2020〕83号"
    # A date already known is kept.
    assert (pan.successor.code, pan.valid_to) == ("520281", dt.date(2017, 4, 1))
    assert load_national_tree(package_dir).changes == []


def test_a_row_whose_parent_is_unknown_is_refused_and_reported(tmp_path: Path) -> None:
    directory = write_package(
        tmp_path, extra_villages=[("520299999200", "孤村村委会", "520299999", "52", "5202", "520299")]
    )
    result = load_national_tree(directory)
    assert [(f, row) for f, row, _reason in result.refused] == [("villages.csv", 9)]
    assert result.refused_count == 1
    assert not Region.objects.filter(code="520299999200").exists()


def test_batches_resolve_parents_across_batch_boundaries(package_dir: Path) -> None:
    from counterpart.geo.national import NationalLoader

    with package.csv_directory(package_dir) as directory:
        NationalLoader(batch=2).load(directory)
    assert Region.objects.count() == sum(COUNTS.values())
    assert chain("520281001001")[-1] == "520000"


def test_the_command_reports_what_it_did(package_dir: Path) -> None:
    out = io.StringIO()
    call_command("load-regions", "--source", str(package_dir), "--quiet", stdout=out)
    assert "23" in out.getvalue()
    out = io.StringIO()
    call_command("load_regions", "--source", str(package_dir), "--quiet", stdout=out)
    assert Region.objects.count() == 23


def test_a_tarball_that_is_not_the_pinned_one_is_refused(tmp_path: Path) -> None:
    directory = write_package(tmp_path / "src")
    tarball = tmp_path / "china-division-2.7.0.tgz"
    with tarfile.open(tarball, "w:gz") as tar:
        for name in package.CSV_FILES:
            tar.add(directory / "dist" / name, arcname=f"package/dist/{name}")
    with pytest.raises(package.PackageError), package.csv_directory(tarball):
        pass
    assert not Region.objects.exists()


def test_a_missing_package_says_how_to_fetch_it(tmp_path: Path, settings: Any) -> None:
    settings.REGIONS_PACKAGE = tmp_path / "absent.tgz"
    with pytest.raises(package.PackageError, match="regions-data"), package.csv_directory(None):
        pass


def test_fetch_keeps_a_present_tarball_and_checks_it(tmp_path: Path) -> None:
    bad = tmp_path / "china-division-2.7.0.tgz"
    bad.write_bytes(b"not the package")
    with pytest.raises(package.PackageError):
        package.fetch(bad, url="http://127.0.0.1:9/never-used")
    assert bad.read_bytes() == b"not the package"


def test_the_demo_adopts_the_regions_the_tree_loaded_first(package_dir: Path) -> None:
    from counterpart.demo import facts
    from counterpart.demo.loader import DemoLoader
    from counterpart.demo.records import demo_object

    load_national_tree(package_dir)
    guizhou = Region.objects.get(code="520000")
    DemoLoader().load_regions(facts.REGIONS)
    adopted = Region.objects.get(code="520000")
    assert adopted.pk == guizhou.pk
    assert (adopted.name_en, adopted.name_ja) == ("Guizhou", "貴州省")
    assert package.SOURCE in adopted.source
    assert demo_object("region-520000", Region) == adopted
    old = Region.objects.get(code="520221")  # not in the package: the demo adds it, the table dates it
    assert (old.successor.code, old.valid_to) == ("520204", dt.date(2019, 12, 31))
    assert Region.objects.get(code="520204100").parent.code == "520204"
