"""The reader of allocation and project tables as counties publish them (资金分配表, 项目计划表), on the one
tabular layer (`core.tabular`): it turns a file into rows of cells understood — amounts as Decimal yuan,
places and units as written — and checks the table's own totals. It knows no model: names are resolved
against the region tree and the organizations by `funds.importers`, which also writes.

What it reads:

* **Above the header**, one to four rows (and more, up to `MAX_HEADER_SCAN`): 附件1, a title in one or
  two rows, a "单位：万元" row or the unit beside the title. The header is the first row naming a project,
  a place or a county and an amount (`HeaderMap`, synonyms in zh-Hans, zh-Hant, en and ja; a header broken
  over lines or written with full-width brackets is the same header); a second header row under merged
  cells (投资 | 其中: 东西部协作资金 | 整合资金 | 群众自筹) is merged into it.
* **Merged cells** (.xlsx): a range's top-left value applies to all of it (`open_table(fill_merged=True)`).
  python-calamine over openpyxl: it is already the layer's reader, it hands rows over one by one from its
  compact grid (openpyxl's streaming read-only mode does not give the merged ranges at all; its full mode
  builds a Python object per cell), and it reads the sheet's merged ranges itself.
* **The unit** of an amount: its own ("20万元", "5000元"), else its column's header (资金分配额（万元）), else
  the table's (单位：万元), else the one the caller gives (`unit`: --unit or the upload form); none at all is
  an error saying so. Amounts become Decimal yuan, 2 places; "10(其中,灾情因素6万元)" is its leading figure,
  "8,190,000" a figure with separators; a negative figure, a currency other than yuan or text is an error.
* **合计 / 总计 / 小计 rows** are not projects: each 小计 is checked against the rows since the last 小计,
  each 合计 against every row of the table (above it, or — written first, as some cities do — below it),
  per amount column; a mismatch is an error with its row, column and both figures.
* **Section rows** (一、产业发展类) name the rows under them (`TableRow.section`); notes under the table
  (注：…, 制表人：…) are skipped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from counterpart.core.tabular import (
    Header,
    HeaderMap,
    RowError,
    TabularFileError,
    cell_text,
    open_table,
    stated_unit,
)

MAX_HEADER_SCAN = 12
CHUNK = 2000

#: Field → header names in zh-Hans, zh-Hant, en and ja (compared after NFKC, without spaces or case, and
#: without a unit in brackets).
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "number": ("序号", "序號", "编号", "編號", "项目编号", "no", "no.", "#", "番号"),
    "title": (
        "项目名称", "项目", "项目名", "项目名称及编号", "项 目 名 称", "項目名稱", "項目",
        "project", "project name", "project title", "title", "プロジェクト名", "事業名", "案件名",
    ),
    "place": (
        "建设地点", "实施地点", "项目地点", "项目实施地点", "项目建设地点", "地点", "实施地点及范围",
        "建設地點", "實施地點", "項目地點", "location", "place", "site", "建設地点", "実施場所", "所在地",
    ),
    "county": (
        "县区名称", "县区", "县(区)", "县(市、区)", "县(市区)", "县市区", "县(市)", "区县", "县名", "县别",
        "县", "受援县", "县(区)名称", "縣區名稱", "縣區", "縣(區)", "縣(市、區)", "county", "county name",
        "県区名", "県名", "県",
    ),
    "town": (
        "乡镇", "乡(镇)", "镇(乡)", "乡镇名称", "乡镇(街道)", "镇", "鄉鎮", "鄉(鎮)", "town", "township",
        "郷鎮",
    ),
    "village": (
        "村名", "村", "行政村", "村名称", "实施村", "受益村", "村(社区)", "村別", "village", "villages",
        "村名稱",
    ),
    "content": (
        "建设内容", "建设内容及规模", "建设规模及内容", "主要建设内容", "项目内容", "建设任务", "建設內容",
        "項目內容", "content", "scope", "description", "建設内容", "事業内容",
    ),
    "investment": (
        "投资(规模)", "投资规模", "总投资", "项目总投资", "计划总投资", "投资", "投資(規模)", "投資規模",
        "總投資", "total investment", "investment", "総投資", "投資額",
    ),
    "amount": (
        "资金金额", "资金分配额", "分配资金", "安排资金", "补助资金", "资金", "金额", "资金规模",
        "下达资金", "分配金额", "拟安排资金", "计划安排资金", "資金金額", "資金分配額", "分配資金",
        "安排資金",
        "補助資金", "金額", "amount", "allocation", "allocated", "funds", "配分額", "資金額",
    ),
    "fund_cooperation": (
        "东西部协作资金", "东西部扶贫协作资金", "协作资金", "帮扶资金", "财政帮扶资金", "东西部协作",
        "東西部協作資金", "東西部扶貧協作資金", "協作資金", "cooperation funds",
        "east-west cooperation funds",
        "協力資金",
    ),
    "fund_pooled": (
        "整合资金", "部门整合资金", "统筹整合资金", "整合部门资金", "涉农整合资金", "整合資金",
        "部門整合資金",
        "pooled funds", "pooled department funds", "統合資金",
    ),
    "fund_social": (
        "社会帮扶资金", "社会捐赠", "社会捐赠资金", "社会资金", "社會幫扶資金", "社會捐贈",
        "social donations",
        "社会寄付",
    ),
    "fund_enterprise": ("企业投资", "企业资金", "企業投資", "enterprise investment", "企業出資"),
    "fund_own": (
        "群众自筹", "农户自筹", "自筹资金", "自筹", "群眾自籌", "農戶自籌", "自籌資金", "own contribution",
        "farmers' own share", "自己負担",
    ),
    "unit": (
        "责任单位", "实施单位", "项目实施单位", "责任部门", "主管部门", "业主单位", "实施主体",
        "项目主管单位",
        "責任單位", "實施單位", "項目實施單位", "責任部門", "implementing unit", "implementing organization",
        "responsible unit", "実施機関", "責任単位", "実施単位",
    ),
    "note": ("备注", "備註", "说明", "note", "notes", "remarks", "備考"),
}  # fmt: skip
#: Headers known and not read: the 其中 over the sources, counts the project carries anyway.
IGNORED_HEADERS = ("其中", "其中:", "項目個數")

#: The amount columns, in the order a row's own amount is taken (`TableRow.amount`).
AMOUNT_KEYS = (
    "amount", "fund_cooperation", "investment", "fund_pooled", "fund_social", "fund_enterprise", "fund_own",
)  # fmt: skip
SOURCE_KEYS = ("fund_cooperation", "fund_pooled", "fund_social", "fund_enterprise", "fund_own")
NAME_KEYS = ("title", "place", "county", "town", "village")

HEADERS = HeaderMap(HEADER_SYNONYMS, ignored=IGNORED_HEADERS)

#: Yuan per unit.
UNITS = {
    "元": Decimal(1),
    "千元": Decimal(1000),
    "万元": Decimal(10000),
    "万": Decimal(10000),
    "亿元": Decimal(10**8),
}
UNIT_CHOICES = ("元", "万元")
CENT = Decimal("0.01")

#: A 合计 / 小计 row's label, alone or after a place (川口镇小计, 全县合计).
TOTAL = re.compile(r"^(?P<place>.{0,12}?)(?P<label>合计|合計|总计|總計|共计|共計|小计|小計|总合计|累计)$")
SUBTOTAL_LABELS = ("小计", "小計")
#: A heading row of a section (一、产业发展类; （二）基础设施).
SECTION = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|第[一二三四五六七八九十]+[部分类类])"
)
#: Lines under the table: a note, who filled it in, who checked it, a telephone number.
FOOTNOTE = re.compile(
    r"^(?:(?:注|备注|備註|说明|說明)[:：\d]|制表|填表|填报|审核|審核|负责人|联系|監督電話|监督电话)"
)
#: An amount as written: a sign, a figure (separators allowed), its unit, then maybe an explanation in
#: brackets (10(其中,灾情因素6万元)).
_AMOUNT = re.compile(
    r"^(?P<currency>[¥￥]|RMB|CNY)?(?P<sign>[-−])?(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?P<unit>万元|亿元|千元|元|万)?(?P<rest>.*)$",
    re.IGNORECASE,
)
_FOREIGN = re.compile(r"美元|美金|欧元|日元|港币|港元|英镑|usd|eur|jpy|hkd|\$|€|£", re.IGNORECASE)
_EMPTY_AMOUNTS = {"", "-", "—", "——", "/", "无", "無", "0.00-"}
YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年")
#: Separators between places in one cell (左权、沩山、茶山、官庄).
PLACE_SPLIT = re.compile(r"\s*[、，,；;／/\n\r]+\s*|[ \t\u3000]+")


@dataclass(frozen=True)
class TotalCheck:
    """A 合计 or 小计 row's figure in one column, against the sum of the rows it totals (yuan)."""

    row: int
    label: str
    column: str
    written: Decimal
    summed: Decimal
    rows: int

    @property
    def ok(self) -> bool:
        return self.written == self.summed


@dataclass
class TableRow:
    """One project or allocation row: the cells as written (places and units are resolved later), the
    amounts in yuan by column key (`AMOUNT_KEYS`), the section it stands under."""

    row: int
    number: str = ""
    title: str = ""
    place: str = ""
    county: str = ""
    town: str = ""
    village: str = ""
    content: str = ""
    unit: str = ""
    note: str = ""
    section: str = ""
    amounts: dict[str, Decimal] = field(default_factory=dict)

    @property
    def amount(self) -> Decimal | None:
        """The row's own amount: the allocation column, else the cooperation funds, else the investment."""
        for key in AMOUNT_KEYS[:3]:
            if key in self.amounts:
                return self.amounts[key]
        return None

    @property
    def sources(self) -> dict[str, Decimal]:
        """The funding by source the table gives (东西部协作资金 | 整合资金 | 群众自筹 …)."""
        return {key: self.amounts[key] for key in SOURCE_KEYS if key in self.amounts}

    @property
    def name(self) -> str:
        """What the row is called: its project, else its place (an allocation to a county or village)."""
        return self.title or self.village or self.town or self.county or self.place

    def place_parts(self) -> list[str]:
        return split_places(self.place)


@dataclass
class ReadTable:
    """What the reader found: the rows, every error and warning (row, column, value, reason), the totals
    checked, the header row, the title above it and the unit (and where it was stated)."""

    rows: list[TableRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    totals: list[TotalCheck] = field(default_factory=list)
    header: Header | None = None
    title: str = ""
    year: int | None = None
    #: The unit the table states (header or a row above), or the given one; "" when every cell has its own.
    unit: str = ""
    unit_source: str = ""
    unknown_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    def label(self, key: str) -> str:
        return self.header.label(key) if self.header else key

    @property
    def amount_columns(self) -> list[str]:
        return [key for key in AMOUNT_KEYS if self.header and key in self.header.columns]

    def total(self, key: str = "") -> Decimal:
        """The sum of the rows' own amounts (`TableRow.amount`), or of one amount column."""
        if key:
            return sum((r.amounts.get(key, Decimal(0)) for r in self.rows), Decimal(0))
        return sum((r.amount or Decimal(0) for r in self.rows), Decimal(0))


# --- cells -------------------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    return cell_text(value).strip()


def _compact(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def split_places(text: str) -> list[str]:
    """The places of a cell, as written: 左权、沩山、茶山、官庄 → four; one place stays one."""
    return [part for part in PLACE_SPLIT.split((text or "").strip()) if part]


def to_yuan(value: Decimal, unit: str) -> Decimal:
    return (value * UNITS[unit]).quantize(CENT)


def format_yuan(value: Decimal) -> str:
    return f"{value:,.2f}"


def format_in(value: Decimal, unit: str) -> str:
    """A yuan figure in `unit` (万元: 4000.00 → 0.4), without trailing zeros."""
    return f"{(value / UNITS[unit]).normalize():f}"


@dataclass(frozen=True)
class Amount:
    """A cell read as an amount: its figure as written, the unit written in it ("" if none) and why it is
    not one (`problem`)."""

    figure: Decimal | None = None
    unit: str = ""
    problem: str = ""


def read_amount(value: Any) -> Amount:
    """A cell as an amount: a number (a workbook's float is read as its shortest decimal: 73.5, not
    73.4999…), or text — "20万元", "8,190,000", "¥12.5", "10(其中,灾情因素6万元)" (the leading figure). Empty
    and "-" are no amount; a negative figure, another currency or text are problems."""
    if value is None or isinstance(value, bool):
        return Amount()
    if isinstance(value, int | float):
        figure = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        return Amount(figure) if figure >= 0 else Amount(problem=_("a negative amount"))
    text = _compact(str(value))
    if text in _EMPTY_AMOUNTS:
        return Amount()
    match = _AMOUNT.match(text)
    if match is None or (match["rest"] and not match["rest"].startswith(("(", "["))):
        if _FOREIGN.search(text):
            return Amount(problem=_("an amount in another currency; amounts are in yuan (元 or 万元)"))
        return Amount(problem=_("not an amount; write a figure such as 20, 20万元 or 73.5"))
    if _FOREIGN.search(match["rest"] or "") and not match["rest"].startswith("("):
        return Amount(problem=_("an amount in another currency; amounts are in yuan (元 or 万元)"))
    if match["sign"]:
        return Amount(problem=_("a negative amount"))
    try:
        figure = Decimal(match["number"].replace(",", ""))
    except InvalidOperation:
        return Amount(problem=_("not an amount; write a figure such as 20, 20万元 or 73.5"))
    unit = match["unit"] or ""
    return Amount(figure, "万元" if unit == "万" else unit)


# --- the reader -------------------------------------------------------------------------------------------


def _is_header(keys: set[str]) -> bool:
    return bool(keys & set(NAME_KEYS)) and bool(keys & set(AMOUNT_KEYS))


def _accepted(key: str) -> str:
    return " / ".join(HEADER_SYNONYMS[key][:5])


class _Reader:
    """The pass over the rows under the header: each row a project, a total, a section or a note."""

    def __init__(self, table: ReadTable, header: Header, *, given_unit: str) -> None:
        self.table = table
        self.header = header
        self.stated = stated_unit(header.above)
        self.given = given_unit
        self.amount_keys = [key for key in AMOUNT_KEYS if key in header.columns]
        self.since_subtotal: dict[str, Decimal] = {}
        self.rows_since_subtotal = 0
        #: 合计 rows written before any row (checked against every row at the end).
        self.totals_first: list[tuple[int, str, dict[str, Decimal]]] = []
        self.section = ""
        self.unitless: dict[str, int] = {}  # column key → first row whose amount states no unit

    def column_unit(self, key: str) -> str:
        return self.header.units.get(key) or self.stated or self.given

    def cells(self, row: Sequence[Any]) -> dict[str, Any]:
        return {key: (row[i] if i < len(row) else None) for key, i in self.header.columns.items()}

    def add(self, number: int, row: Sequence[Any]) -> None:
        texts = [_text(v) for v in row]
        filled = [t for t in texts if t]
        if not filled:
            return
        distinct = list(dict.fromkeys(filled))
        cells = self.cells(row)
        if len(distinct) == 1 and self._heading(distinct[0], cells, spread=len(filled)):
            return
        total = self._total_label(cells, texts)
        errors: list[RowError] = []
        amounts = self._amounts(number, cells, errors)
        if total is not None:
            self.table.errors.extend(errors)
            self._check_total(number, total, amounts)
            return
        parsed = TableRow(
            row=number,
            number=_text(cells.get("number"))[:20],
            title=_text(cells.get("title"))[:300],
            place=_text(cells.get("place"))[:300],
            county=_text(cells.get("county"))[:100],
            town=_text(cells.get("town"))[:100],
            village=_text(cells.get("village"))[:300],
            content=_text(cells.get("content")),
            unit=_text(cells.get("unit"))[:300],
            note=_text(cells.get("note")),
            section=self.section[:100],
            amounts=amounts,
        )
        if "title" in self.header.columns and not parsed.title:
            errors.append(RowError(number, self.header.label("title"), "", _("the project name is empty")))
        elif not parsed.name:
            key = next((k for k in NAME_KEYS if k in self.header.columns), "title")
            errors.append(RowError(number, self.header.label(key), "", _("no project and no place named")))
        if not amounts and not errors:
            key = self.amount_keys[0]
            errors.append(RowError(number, self.header.label(key), "", _("no amount")))
        if errors:
            self.table.errors.extend(errors)
            return
        self.table.rows.append(parsed)
        for key, value in amounts.items():
            self.since_subtotal[key] = self.since_subtotal.get(key, Decimal(0)) + value
        self.rows_since_subtotal += 1

    def _heading(self, text: str, cells: dict[str, Any], *, spread: int) -> bool:
        """A row of one text: a line under the table, an empty 合计, or a section heading (numbered, merged
        across the row, or outside the name columns: its text names the rows under it)."""
        compact = _compact(text)
        if FOOTNOTE.match(compact) or TOTAL.match(compact):
            return True
        if read_amount(text).figure is not None:
            return False
        in_names = any(_text(cells.get(k)) == text for k in NAME_KEYS)
        if SECTION.match(compact) or spread > 1 or not in_names:
            self.section = SECTION.sub("", compact).strip() or compact
            return True
        return False

    def _total_label(self, cells: dict[str, Any], texts: list[str]) -> str | None:
        """合计 / 小计 when the row is one (its label in the number, name or first cell)."""
        candidates = [_text(cells.get(k)) for k in ("number", *NAME_KEYS)] + texts[:2]
        for text in candidates:
            if text and (match := TOTAL.match(_compact(text))):
                return match["label"]
        return None

    def _amounts(self, number: int, cells: dict[str, Any], errors: list[RowError]) -> dict[str, Decimal]:
        out: dict[str, Decimal] = {}
        for key in self.amount_keys:
            raw = cells.get(key)
            amount = read_amount(raw)
            if amount.problem:
                errors.append(RowError(number, self.header.label(key), _text(raw), amount.problem))
                continue
            if amount.figure is None:
                continue
            unit = amount.unit or self.column_unit(key)
            if not unit:
                self.unitless.setdefault(key, number)
                unit = "元"  # reported once for the column (`finish`); the figure is kept for the totals
            yuan = amount.figure * UNITS[unit]
            if yuan != yuan.quantize(CENT):
                errors.append(
                    RowError(
                        number, self.header.label(key), _text(raw), _("more precise than a fen (0.01 元)")
                    )
                )
                continue
            out[key] = yuan.quantize(CENT)
        return out

    def _check_total(self, number: int, label: str, amounts: dict[str, Decimal]) -> None:
        if label in SUBTOTAL_LABELS:
            for key, written in amounts.items():
                self._record(number, label, key, written, self.since_subtotal.get(key, Decimal(0)))
            self.since_subtotal = {}
            self.rows_since_subtotal = 0
            return
        if not self.table.rows:
            self.totals_first.append((number, label, amounts))
            return
        for key, written in amounts.items():
            self._record(number, label, key, written, self.table.total(key))

    def _record(self, number: int, label: str, key: str, written: Decimal, summed: Decimal) -> None:
        count = self.rows_since_subtotal if label in SUBTOTAL_LABELS else len(self.table.rows)
        check = TotalCheck(number, label, self.header.label(key), written, summed, count)
        self.table.totals.append(check)
        if not check.ok:
            unit = self.column_unit(key) or "元"
            self.table.errors.append(
                RowError(
                    number,
                    check.column,
                    format_in(written, unit),
                    _(
                        "the %(label)s is %(written)s %(unit)s (%(written_yuan)s 元) but the %(rows)s rows "
                        "it totals sum to %(summed)s %(unit)s (%(summed_yuan)s 元)"
                    )
                    % {
                        "label": label,
                        "written": format_in(written, unit),
                        "summed": format_in(summed, unit),
                        "unit": unit,
                        "written_yuan": format_yuan(written),
                        "summed_yuan": format_yuan(summed),
                        "rows": count,
                    },
                )
            )

    def finish(self) -> None:
        for number, label, amounts in self.totals_first:
            for key, written in amounts.items():
                self._record(number, label, key, written, self.table.total(key))
        self.table.totals.sort(key=lambda t: t.row)
        for key, row in self.unitless.items():
            self.table.errors.append(
                RowError(
                    row,
                    self.header.label(key),
                    "",
                    _(
                        "the table does not state the unit of its amounts (元 or 万元): neither the header, "
                        "a row above it (单位：万元) nor the cells; give the unit (--unit 元 or --unit 万元, "
                        "or the form's unit)"
                    ),
                )
            )
        if self.stated and self.given and self.stated != self.given:
            self.table.warnings.append(
                RowError(
                    0,
                    "",
                    self.given,
                    _("the table states its unit (%(stated)s); the unit given (%(given)s) is not used")
                    % {"stated": self.stated, "given": self.given},
                )
            )
        units = {self.header.units.get(k) or self.stated for k in self.amount_keys} - {""}
        if len(units) == 1:
            self.table.unit = units.pop()
            self.table.unit_source = "header" if self.header.units else "row"
        elif not units and self.given:
            self.table.unit, self.table.unit_source = self.given, "given"
        elif not units:
            self.table.unit_source = "cells"


def read_rows(
    rows: Iterable[tuple[int, Sequence[Any]]], *, unit: str = "", first_column: int = 0
) -> ReadTable:
    """Read a table's rows (numbered as a spreadsheet shows them). `unit` (元 or 万元) applies to amounts
    whose cell, column and table state none."""
    table = ReadTable()
    iterator: Iterator[tuple[int, Sequence[Any]]] = iter(rows)
    header = HEADERS.find(
        iterator, is_header=_is_header, scan_rows=MAX_HEADER_SCAN, first_column=first_column, sub_header=True
    )
    if header is None:
        table.errors.append(
            RowError(
                0,
                "",
                "",
                _(
                    "No header row found in the first %(n)s rows: the table needs a column naming the "
                    "project or the place (%(title)s; %(county)s) and an amount column (%(amount)s)."
                )
                % {
                    "n": MAX_HEADER_SCAN,
                    "title": _accepted("title"),
                    "county": _accepted("county"),
                    "amount": _accepted("amount"),
                },
            )
        )
        return table
    table.header, table.unknown_columns = header, header.unknown
    above = list(dict.fromkeys(header.above))  # a merged title is read once per cell it covers
    table.title = next(
        (t for t in above if not re.match(r"^(附件|附表)\s*\d*$", t) and not stated_unit([t])), ""
    )[:300]
    for text in above:
        if match := YEAR_IN_TITLE.search(unicodedata.normalize("NFKC", text)):
            table.year = int(match[1])
            break
    reader = _Reader(table, header, given_unit=unit)
    for number, row in header.rows_after(iterator):
        reader.add(number, row)
    reader.finish()
    if not table.rows and not table.errors:
        table.errors.append(RowError(header.row + 1, "", "", _("the table holds no rows under its header")))
    table.errors.sort(key=lambda e: e.row)
    return table


def read_table(source: str | Path | IO[bytes], *, filename: str = "", unit: str = "") -> ReadTable:
    """Read an allocation or project table (.xlsx, .xls, .ods or .csv), merged cells filled. A file that
    cannot be read at all is one error at row 0."""
    try:
        opened = open_table(source, filename=filename, fill_merged=True)
        try:
            return read_rows(opened.rows, unit=unit, first_column=opened.first_column)
        finally:
            opened.close()
    except TabularFileError as exc:
        return ReadTable(errors=[RowError(0, "", "", str(exc))])
