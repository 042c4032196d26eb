"""The one reader (`core.tabular.open_table`), header map and error report both importers use: rows
numbered as a spreadsheet numbers them, CSVs streamed in UTF-8 or GB18030, a column named twice refused,
and a file's units and villages resolved by the one name resolver."""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from counterpart.core.models import Alias
from counterpart.core.names import EXACT_ALIAS, EXACT_NAME, NameIndex
from counterpart.core.tabular import (
    HeaderMap,
    TabularFileError,
    open_table,
    write_error_report,
)
from counterpart.orgs.models import Organization
from counterpart.plans.importers import parse_list_file
from tests.factories import OrganizationFactory

SRC = Path(__file__).resolve().parents[2] / "src"
MAP = HeaderMap({"name": ("姓名", "name", "氏名"), "id": ("证件号码", "ID number")}, ignored=("序号",))


def rows_of(source: Any, **kwargs: Any) -> list[tuple[int, list[Any]]]:
    table = open_table(source, **kwargs)
    return [(n, list(cells)) for n, cells in table.rows]


def test_a_csv_record_with_a_line_break_inside_quotes_is_one_row(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text('姓名,备注\n张三,"第一行\n第二行"\n李四,x\n', encoding="utf-8")
    assert rows_of(path) == [(1, ["姓名", "备注"]), (2, ["张三", "第一行\n第二行"]), (3, ["李四", "x"])]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_encodings_and_delimiters_are_found_from_a_file_object(encoding: str) -> None:
    body = "姓名;证件号码\n张三;520201\n".encode(encoding)
    assert rows_of(io.BytesIO(body), filename="x.csv") == [(1, ["姓名", "证件号码"]), (2, ["张三", "520201"])]


def test_a_csv_that_changes_encoding_midway_names_the_row(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    # Valid UTF-8 for the first megabyte (the sample), then a GB18030 line.
    path.write_bytes(("姓名\n" + "张三\n" * 200_000).encode() + "李四\n".encode("gb18030"))
    table = open_table(path)
    with translation.override("en"), pytest.raises(TabularFileError, match="changes text encoding"):
        for _row in table.rows:
            pass


def test_a_sheet_that_starts_below_a1_is_numbered_as_the_spreadsheet_shows(tmp_path: Path) -> None:
    path = tmp_path / "offset.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    sheet.write_row(3, 1, ["姓名", "证件号码"])  # B4
    sheet.write_row(4, 1, ["张三", 2.0])
    workbook.close()
    table = open_table(path, text=True)
    rows = [row for row in table.rows if any(row[1])]
    assert rows == [(4, ["姓名", "证件号码"]), (5, ["张三", "2"])]
    assert table.first_column == 1  # B
    header = MAP.find(iter(rows), is_header=lambda keys: "name" in keys, scan_rows=5, first_column=1)
    assert header is not None
    assert header.columns == {"name": 0, "id": 1}
    twice = iter([(4, ["姓名", "name"])])
    with translation.override("en"), pytest.raises(TabularFileError, match="columns B and C"):
        MAP.find(twice, is_header=lambda keys: "name" in keys, scan_rows=5, first_column=1)


def test_an_unsupported_type_is_refused_in_words() -> None:
    with translation.override("en"), pytest.raises(TabularFileError, match=r"“\.pdf”"):
        open_table(io.BytesIO(b"%PDF"), filename="list.pdf")


def test_the_header_map_skips_title_rows_reports_unknown_columns_and_refuses_a_column_named_twice() -> None:
    rows = iter([(1, ["2021年名单"]), (2, ["序号", "* 姓 名 *", "ID Number", "备注"]), (3, ["1", "张三"])])
    header = MAP.find(rows, is_header=lambda keys: "name" in keys, scan_rows=5)
    assert header is not None
    assert (header.row, header.columns, header.unknown) == (2, {"name": 1, "id": 2}, ["备注"])
    assert header.label("id") == "ID Number"
    assert next(rows) == (3, ["1", "张三"])  # the rows below the header are left to the importer
    twice = iter([(1, ["姓名", "氏名"])])
    with translation.override("en"), pytest.raises(TabularFileError, match="columns A and B"):
        MAP.find(twice, is_header=lambda keys: "name" in keys, scan_rows=5)
    assert MAP.find(iter([(1, ["x"])] * 3), is_header=lambda keys: "name" in keys, scan_rows=2) is None


def test_the_error_report_is_a_spreadsheet_csv_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = write_error_report(tmp_path / "r" / "errors.csv", [(3, "姓名", "", "missing")])
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with translation.override("en"):
        path = write_error_report(tmp_path / "r" / "errors.csv", [(3, "姓名", "", "missing")])
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert path.read_text(encoding="utf-8-sig").splitlines() == ["row,column,value,reason", "3,姓名,,missing"]


# --- the plans importer through the one reader -----------------------------------------------------------


@pytest.mark.django_db
def test_a_list_with_a_column_named_twice_is_refused_before_any_row(world: Any) -> None:
    body = "序号,任务,任务内容,责任单位,完成时限\n1,x,y,z,2018-12-31\n".encode()
    with translation.override("en"):
        preview = parse_list_file(io.BytesIO(body), filename="l.csv", year=2018)
    assert preview.errors[0].row == 0
    assert "appears twice (columns B and C)" in preview.errors[0].reason


@pytest.mark.django_db
def test_list_units_resolve_by_alias_and_full_width_and_errors_carry_spreadsheet_rows(world: Any) -> None:
    unit = OrganizationFactory(name="大连市农业农村局", name_en="Dalian Agriculture Bureau")
    Alias.objects.create(
        content_type=ContentType.objects.get_for_model(Organization),
        object_id=unit.pk,
        language="zh-hans",
        text="市农业农村局",
    )
    body = (
        "2018年度责任清单\n\n序号,任务,责任单位,完成时限\n"
        "1,甲,市农业农村局,2018-12-31\n"
        "2,乙,ＤＡＬＩＡＮ  agriculture bureau,2018-12-31\n"
        '3,"丙\n（续）",无此单位,2018-12-31\n'
    ).encode("gb18030")
    with translation.override("en"):
        preview = parse_list_file(io.BytesIO(body), filename="l.csv", year=2018)
    assert preview.header_row == 3
    leads = [(r.row, [u.organization_id for u in r.units]) for r in preview.rows]
    assert leads == [(4, [unit.pk]), (5, [unit.pk]), (6, [None])]
    assert preview.errors == []
    assert [(u.name, u.rows) for u in preview.unknown_units.values()] == [("无此单位", [6])]


@pytest.mark.django_db
def test_the_name_index_ranks_a_name_above_an_alias_and_reports_a_tie(world: Any) -> None:
    first = OrganizationFactory(name="扶贫办")
    second = OrganizationFactory(name="协作办")
    Alias.objects.create(
        content_type=ContentType.objects.get_for_model(Organization),
        object_id=second.pk,
        language="zh-hans",
        text="扶贫办",
    )
    OrganizationFactory(name="同名局")
    OrganizationFactory(name="同名局")
    index = NameIndex(Organization.objects.all())
    pk, candidates = index.resolve(" 扶贫办 ")
    assert pk == first.pk
    assert [(c.pk, c.rank) for c in candidates] == [(first.pk, EXACT_NAME), (second.pk, EXACT_ALIAS)]
    assert index.resolve("同名局")[0] is None
    assert len(index.resolve("同名局")[1]) == 2
    assert index.resolve("没有") == (None, [])


# --- streaming --------------------------------------------------------------------------------------------


def test_a_large_list_csv_is_streamed_not_read_whole(tmp_path: Path) -> None:
    """A 64 MB list file of (blank) rows is checked with the memory of a small one: the file is never held
    whole, neither as bytes nor as text (before: the whole file was read and decoded, about 3× its size)."""
    path = tmp_path / "big.csv"
    line = b" " * 62 + b",\n"
    with path.open("wb") as fh:
        fh.write("序号,任务,责任单位,完成时限\n".encode())
        block = line * 16_384
        for _i in range((64 << 20) // len(block)):
            fh.write(block)
    code = f"""
import json, django
django.setup()
from counterpart.plans.importers import iter_file_rows
table = iter_file_rows({str(path)!r})
count = sum(1 for _row in table.rows)
with open("/proc/self/status") as status:
    peak = int(next(l for l in status if l.startswith("VmHWM:")).split()[1]) / 1024
print(json.dumps({{"rows": count, "rss_mb": peak}}))
"""
    env = {**os.environ, "PYTHONPATH": str(SRC), "DJANGO_SETTINGS_MODULE": "counterpart.settings"}
    done = subprocess.run(  # noqa: S603  # our own interpreter and code
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120, check=True
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["rows"] > 1_000_000
    assert result["rss_mb"] < 110, result  # Django itself: about 60 MB; the file: 64 MB
