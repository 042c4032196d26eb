"""The reader's cells and the tabular layer's extensions it needs: amounts as written in county tables,
units in headers with full- or half-width brackets and line breaks, merged cells, places split, the short
forms of region names."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterpart.core.tabular import HeaderMap, header_unit, open_table, stated_unit
from counterpart.funds.tables import read_amount, read_table, split_places
from counterpart.geo.national import short_forms
from tests.funds.fixtures import layouts


@pytest.mark.parametrize(
    ("cell", "figure", "unit"),
    [
        (20, Decimal(20), ""),
        (73.5, Decimal("73.5"), ""),
        (0.1, Decimal("0.1"), ""),
        ("20万元", Decimal(20), "万元"),
        ("73.5万元", Decimal("73.5"), "万元"),
        ("５０００元", Decimal(5000), "元"),  # full-width digits
        ("8,190,000", Decimal(8190000), ""),
        ("10(其中,灾情因素6万元)", Decimal(10), ""),
        ("25（其中，灾情因素6万元）", Decimal(25), ""),
        ("¥12.5", Decimal("12.5"), ""),
        (" 30 万 ", Decimal(30), "万元"),
    ],
)
def test_amounts_as_written(cell: object, figure: Decimal, unit: str) -> None:
    amount = read_amount(cell)
    assert (amount.figure, amount.unit, amount.problem) == (figure, unit, "")


@pytest.mark.parametrize("cell", ["-20", "三十", "30美元", "USD 30", "20万元左右", "1,2"])
def test_not_amounts(cell: str) -> None:
    assert read_amount(cell).problem


@pytest.mark.parametrize("cell", [None, "", "-", "—", "/"])
def test_no_amount(cell: object) -> None:
    assert read_amount(cell) == read_amount(None)
    assert read_amount(cell).figure is None


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_any_figure_reads_back(value: Decimal) -> None:
    assert read_amount(f"{value:,}万元").figure == value
    assert read_amount(str(value)).figure == value


def test_header_units() -> None:
    assert header_unit("资金分配额（万元）") == ("资金分配额", "万元")
    assert header_unit("资金分配额\n(万元)") == ("资金分配额", "万元")
    assert header_unit("投资【单位：元】") == ("投资", "元")
    assert header_unit("投资(规模)") == ("投资(规模)", "")
    headers = HeaderMap({"amount": ("资金分配额",), "investment": ("投资(规模)",)})
    assert headers.key("资金分配额\n（万元）") == "amount"
    assert headers.key("投资（规模）") == "investment"
    assert stated_unit(["附件1", "单位：万元"]) == "万元"
    assert stated_unit(["（单位:元）"]) == "元"
    assert stated_unit(["海东市2018年分配表"]) == ""


def test_places_split() -> None:
    assert split_places("左权、沩山、茶山、官庄") == ["左权", "沩山", "茶山", "官庄"]
    assert split_places("史纳村，川垣村") == ["史纳村", "川垣村"]
    assert split_places("全市24个镇") == ["全市24个镇"]


def test_short_forms_of_regions() -> None:
    assert short_forms("民和回族土族自治县") == ["民和"]
    assert short_forms("循化撒拉族自治县") == ["循化"]
    assert short_forms("川口镇") == ["川口"]
    assert short_forms("新村") == []  # one character would remain


def test_merged_cells_filled_only_when_asked(tmp_path: Path) -> None:
    path = layouts.project_plan(tmp_path / "plan.xlsx")
    plain = open_table(path, text=True)
    rows = dict(plain.rows)
    assert rows[4][2] == ""  # the default (other importers) is unchanged
    filled = dict(open_table(path, text=True, fill_merged=True).rows)
    assert filled[4][2] == "川口镇"


def test_a_file_that_is_not_a_table_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"not a zip")
    table = read_table(path)
    assert [e.row for e in table.errors] == [0]
