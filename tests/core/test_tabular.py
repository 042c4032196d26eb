"""Limits before reading (`core.tabular`): a cell far away, a zip bomb and an oversized CSV are refused in
under 2 s with under 200 MB, before any reader parses them, and the importers write nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from counterpart.core.tabular import Limits, TabularFileError, check_before_reading
from counterpart.households.importers import import_registry
from counterpart.households.models import Household
from counterpart.plans.importers import parse_list_file

SRC = Path(__file__).resolve().parents[2] / "src"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
    'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
    '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
    '2006/main"><sheetData>'
)
SHEET_TAIL = "</sheetData></worksheet>"


def write_workbook(path: Path, sheet_chunks: Any) -> Path:
    """A minimal .xlsx written part by part (the sheet streamed from `sheet_chunks`), as a hostile file
    would be: no spreadsheet library in the way."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", ROOT_RELS)
        package.writestr("xl/workbook.xml", WORKBOOK)
        package.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with package.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for chunk in sheet_chunks:
                sheet.write(chunk.encode())
    return path


def far_cell(path: Path) -> Path:
    cell = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    sheet = f"{SHEET_HEAD}{cell}{SHEET_TAIL}"
    return write_workbook(path, [sheet])


def zip_bomb(path: Path, unpacked: int = 300 << 20, *, cells: bool = False) -> Path:
    """`unpacked` bytes of sheet: one cell of zeros (about 300 KB on disk for 300 MB), or with `cells`
    as many one-cell rows."""
    row = '<row><c t="inlineStr"><is><t>0</t></is></c></row>'
    block = row * ((1 << 20) // len(row)) if cells else "0" * (1 << 20)

    def chunks() -> Any:
        yield SHEET_HEAD
        if not cells:
            yield '<row r="1"><c r="A1" t="inlineStr"><is><t>'
        written = 0
        while written < unpacked:
            yield block
            written += len(block)
        if not cells:
            yield "</t></is></c></row>"
        yield SHEET_TAIL

    return write_workbook(path, chunks())


def big_csv(path: Path, size: int = 100 << 20) -> Path:
    with path.open("wb") as fh:
        fh.write("序号,任务,牵头单位\n".encode())
        fh.truncate(size)  # sparse: as large as a real one to the size check, instant to make
    return path


def measured_check(path: Path) -> dict[str, Any]:
    """Run the check in a fresh process; its verdict, seconds and peak RSS (MB)."""
    code = f"""
import json, time
import django

def peak_rss_mb():
    # VmHWM: this process's own peak (ru_maxrss would carry the forking parent's over execve).
    with open("/proc/self/status") as status:
        line = next(l for l in status if l.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024

django.setup()
from django.utils import translation
translation.activate("en")
from counterpart.core.tabular import Limits, TabularFileError, check_before_reading
started = time.perf_counter()
try:
    check_before_reading({str(path)!r}, limits=Limits())
    verdict = "accepted"
except TabularFileError as exc:
    verdict = "refused: " + str(exc)
print(json.dumps({{"verdict": verdict, "seconds": time.perf_counter() - started,
                   "rss_mb": peak_rss_mb()}}))
"""
    env = {**os.environ, "PYTHONPATH": str(SRC), "DJANGO_SETTINGS_MODULE": "counterpart.settings"}
    done = subprocess.run(  # noqa: S603  # our own interpreter and code
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("make", "says"),
    [(far_cell, "cells"), (zip_bomb, "unpacks"), (big_csv, "at most 96 MB")],
    ids=["cell-at-XFD1048576", "zip-bomb-300MB", "csv-100MB"],
)
def test_hostile_files_are_refused_fast_with_flat_memory(tmp_path: Path, make: Any, says: str) -> None:
    suffix = ".csv" if make is big_csv else ".xlsx"
    path = make(tmp_path / f"hostile{suffix}")
    if make is far_cell:
        assert path.stat().st_size < 2_000  # the 1.5 KB file of the issue
    if make is zip_bomb:
        assert path.stat().st_size < 400_000  # about 300 KB on disk
    result = measured_check(path)
    assert result["verdict"].startswith("refused"), result
    assert says in result["verdict"]
    assert result["seconds"] < 2, result
    assert result["rss_mb"] < 200, result


def test_a_bomb_that_lies_about_its_size_is_stopped_while_scanning(tmp_path: Path) -> None:
    path = zip_bomb(tmp_path / "bomb.xlsx", unpacked=8 << 20, cells=True)
    with translation.override("en"), pytest.raises(TabularFileError, match="cells"):
        check_before_reading(path, limits=Limits(unpacked_bytes=64 << 20, cells=100_000))


def test_an_ordinary_workbook_and_csv_pass(tmp_path: Path) -> None:
    rows = "".join(
        f'<row><c t="inlineStr"><is><t>{i}</t></is></c><c><v>{i}</v></c></row>' for i in range(2000)
    )
    check_before_reading(write_workbook(tmp_path / "ok.xlsx", [SHEET_HEAD, rows, SHEET_TAIL]))
    (tmp_path / "ok.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    check_before_reading(tmp_path / "ok.csv")


@pytest.mark.django_db
def test_the_importers_refuse_them_and_write_nothing(tmp_path: Path, world: Any) -> None:
    far = far_cell(tmp_path / "far.xlsx")
    with translation.override("en"):
        _check_importers(far)
    with translation.override("zh-hans"):
        assert "个单元格" in parse_list_file(far, filename="far.xlsx", year=2019).errors[0].reason


def _check_importers(far: Path) -> None:
    preview = parse_list_file(far, filename="far.xlsx", year=2019)
    assert not preview.ok
    assert preview.errors[0].row == 0
    assert "cells" in preview.errors[0].reason
    before = Household.objects.count()
    result = import_registry(far, actor=None, year=2019)
    assert not result.ok
    assert "cells" in result.file_error
    assert Household.objects.count() == before


def test_a_header_merged_over_two_columns_is_completed_by_the_row_under_it() -> None:
    from counterpart.core.tabular import HeaderMap

    headers = HeaderMap({"task": ("任务",), "lead": ("牵头单位",), "units": ("责任单位",), "due": ("时限",)})
    rows = iter(
        [
            (1, ["某县2019年分工方案", "", "", "", ""]),
            (2, ["任务", "责任单位", "", "时限", "责任领导"]),
            (3, ["", "牵头单位", "责任单位", "", ""]),
            (4, ["甲", "县环保局", "各镇", "年底前", "张三"]),
        ]
    )
    header = headers.find(rows, is_header=lambda keys: "task" in keys, scan_rows=5, sub_header=True)
    assert header is not None
    assert header.columns == {"task": 0, "lead": 1, "units": 2, "due": 3}
    assert (header.label("lead"), header.label("units"), header.unknown) == (
        "牵头单位",
        "责任单位",
        ["责任领导"],
    )
    assert header.above == ["某县2019年分工方案"]
    assert header.pending is None
    assert list(header.rows_after(rows)) == [(4, ["甲", "县环保局", "各镇", "年底前", "张三"])]
    # A first data row under a one-row header is not taken for a sub-header: it is read first.
    rows = iter([(1, ["任务", "责任单位"]), (2, ["甲", "县环保局"])])
    header = headers.find(rows, is_header=lambda keys: "task" in keys, scan_rows=5, sub_header=True)
    assert header is not None
    assert list(header.rows_after(rows)) == [(2, ["甲", "县环保局"])]
