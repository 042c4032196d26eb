from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
import xlsxwriter

from counterpart.households import ids
from counterpart.households.importers import import_registry
from counterpart.households.models import Household, Member, StatusChange, YearlyIncome
from tests.households.conftest import Registry, make_id
from tests.households.files import HEADER, member_rows, write_csv


def _counts() -> tuple[int, int, int]:
    return Household.objects.count(), Member.objects.count(), YearlyIncome.objects.count()


def test_valid_file_is_imported(registry: Registry, tmp_path: Path) -> None:
    before = _counts()
    path = write_csv(tmp_path / "ok.csv", member_rows(4, 3))
    result = import_registry(path, actor=registry.liupanshui_office, year=2019)
    assert result.ok, result.errors
    assert (result.rows, result.households, result.members) == (12, 4, 12)
    assert _counts() == (before[0] + 4, before[1] + 12, before[2] + 4)
    household = Household.objects.get(number="520201100201000001")
    assert household.village == registry.village
    assert household.main_cause == "illness"
    assert household.province_code == "520000"
    head = household.members.get(relation="head")
    assert head.name == "张1-0"
    assert head.birth_date == dt.date(1970, 2, 1)
    assert ids.codec().decrypt(head.id_cipher, head.id_hash) == member_rows(4, 3)[0]["证件号码"]
    assert household.incomes.get(year=2019).per_capita_net_income == 3100.50
    assert (
        StatusChange.objects.filter(household=household, changed_by=registry.liupanshui_office).count() == 1
    )
    # Search by the exact ID works through the keyed hash.
    assert Member.objects.filter(id_hash=ids.lookup_hash(member_rows(4, 3)[0]["证件号码"])).count() == 1


def test_a_file_with_one_bad_row_writes_nothing(registry: Registry, tmp_path: Path) -> None:
    rows = member_rows(4, 3)
    rows[5]["证件号码"] = rows[5]["证件号码"][:17] + ("1" if rows[5]["证件号码"][17] != "1" else "2")
    before = _counts()
    result = import_registry(
        write_csv(tmp_path / "bad.csv", rows), actor=registry.liupanshui_office, year=2019
    )
    assert not result.ok
    assert result.error_count == 1
    error = result.errors[0]
    assert (error.row, error.column) == (3 + 6, "证件号码")  # title, blank, header, then the sixth member
    assert "check character" in error.reason
    assert "*" in error.value
    assert _counts() == before
    report = list(csv.reader(Path(result.error_report).read_text(encoding="utf-8-sig").splitlines()))
    assert report[0] == ["row", "column", "value", "reason"]
    assert report[1][0] == "9"


def test_a_nul_character_in_a_cell_is_a_row_error_not_a_database_error(
    registry: Registry, tmp_path: Path
) -> None:
    rows = member_rows(2, 2)
    rows[1]["乡(镇)"] = "大湾\x00镇"
    before = _counts()
    result = import_registry(
        write_csv(tmp_path / "nul.csv", rows), actor=registry.liupanshui_office, year=2019
    )
    assert not result.ok
    assert any("NUL" in error.reason and error.column == "乡(镇)" for error in result.errors)
    assert _counts() == before


def test_every_kind_of_row_error_is_reported(registry: Registry, tmp_path: Path) -> None:
    rows = member_rows(5, 2)
    existing = registry.household.members.get(relation="head")
    rows[1]["证件号码"] = rows[0]["证件号码"]  # twice in the file
    rows[3]["证件号码"] = ids.codec().decrypt(existing.id_cipher, existing.id_hash)  # already registered
    rows[4]["行政村"] = "无此村"  # unknown village
    rows[6]["人均纯收入"] = "三千"  # not a number
    rows[8]["与户主关系"] = "配偶"  # household 5 loses its head
    result = import_registry(
        write_csv(tmp_path / "bad.csv", rows), actor=registry.liupanshui_office, year=2019
    )
    reasons = sorted((e.row, e.reason) for e in result.errors)
    assert [r for r, _ in reasons] == [5, 7, 8, 10, 12]
    text = " ".join(r for _, r in reasons)
    for phrase in (
        "same ID number as row 4",
        "already in the registry",
        "Unknown village",
        "Not a number",
        "no head",
    ):
        assert phrase in text
    assert Household.objects.count() == 2


def test_a_member_rows_income_that_is_not_a_number_is_an_error(registry: Registry, tmp_path: Path) -> None:
    rows = member_rows(2, 2)
    rows[1]["人均纯收入"] = "三千"  # a member's row, not the head's
    before = _counts()
    result = import_registry(write_csv(tmp_path / "m.csv", rows), actor=registry.liupanshui_office, year=2019)
    assert [(e.row, e.column, e.value) for e in result.errors] == [(5, "人均纯收入", "三千")]
    assert _counts() == before
    rows[1]["人均纯收入"] = "3,100.50元"  # a member's copy in another spelling is fine
    result = import_registry(
        write_csv(tmp_path / "ok.csv", rows), actor=registry.liupanshui_office, year=2019
    )
    assert result.ok, result.errors


def test_village_outside_the_users_regions_is_refused(registry: Registry, tmp_path: Path) -> None:
    result = import_registry(
        write_csv(tmp_path / "f.csv", member_rows(1, 1)), actor=registry.zunyi_office, year=2019
    )
    assert result.error_count == 1
    assert "outside" in result.errors[0].reason


def test_headers_in_other_languages_and_a_code_column(registry: Registry, tmp_path: Path) -> None:
    header = [
        "Village code",
        "Household number",
        "Name",
        "ID number",
        "Relation to head",
        "Per-capita net income",
    ]
    path = tmp_path / "en.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([*header, "Favourite colour"])
        w.writerow(["520201100202", "H-EN-1", "Li", make_id(), "head", "5000", "blue"])
        w.writerow(["520201100202", "H-EN-1", "Wang", make_id(), "spouse", "5000", "red"])
    result = import_registry(path, actor=None, year=2020)
    assert result.ok
    assert result.members == 2
    assert result.unknown_columns == ["Favourite colour"]
    assert Household.objects.get(number="H-EN-1").village == registry.village2


def test_traditional_chinese_gb18030_and_xlsx(registry: Registry, tmp_path: Path) -> None:
    hant = ["縣", "鄉(鎮)", "行政村", "戶編號", "姓名", "證件號碼", "與戶主關係", "人均純收入"]
    rows = [
        {
            "縣": "钟山区",
            "鄉(鎮)": "大湾镇",
            "行政村": "海嘎村",
            "戶編號": "H-T-1",
            "姓名": "陳",
            "證件號碼": make_id(),
            "與戶主關係": "戶主",
            "人均純收入": "4100",
        },
    ]
    result = import_registry(
        write_csv(tmp_path / "hant.csv", rows, header=hant, encoding="gb18030"), actor=None, year=2020
    )
    assert result.ok, (result.file_error, result.errors)
    xlsx = tmp_path / "reg.xlsx"
    wb = xlsxwriter.Workbook(str(xlsx))
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["钟山区贫困人口"])
    ws.write_row(2, 0, ["行政村", "户编号", "姓名", "证件号码", "与户主关系", "人均纯收入"])
    ws.write_row(3, 0, ["新营村", "H-X-1", "赵", make_id(), "户主", 3999.5])
    ws.write_row(4, 0, ["新营村", "H-X-1", "钱", make_id(), "之女", 3999.5])
    wb.close()
    result = import_registry(xlsx, actor=None, year=2020)
    assert result.ok, (result.file_error, result.errors)
    assert Household.objects.get(number="H-X-1").incomes.get().per_capita_net_income == 3999.5


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "No header"),
        ("标题\n序号,姓名\n1,张\n".encode(), "No header"),
        ("户编号,姓名,证件号码,与户主关系,户编号\n".encode(), "appears twice"),
        ("户编号,姓名,证件号码,与户主关系\n1,a,b,户主\n".encode(), "lacks the columns"),
    ],
)
def test_file_errors_are_clear(registry: Registry, tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(content)
    result = import_registry(path, actor=None, year=2020)
    assert message in result.file_error
    assert Household.objects.count() == 2


def test_header_columns_are_known(registry: Registry) -> None:
    from counterpart.households.importers import HEADERS

    assert all(HEADERS.knows(h) for h in HEADER)
