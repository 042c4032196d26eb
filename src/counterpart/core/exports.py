"""Every spreadsheet and CSV the product writes goes through here, so no cell it writes can become a formula.

* Workbooks (`workbook`, `write_xlsx`): XlsxWriter with `strings_to_formulas`, `strings_to_urls` and
  `strings_to_numbers` off, so a text value is always written as a string cell, whatever it starts with
  (`=HYPERLINK(...)` stays the text a user typed). Numbers and dates stay numbers and dates.
* CSV (`csv_cell`, `csv_writer`, `write_csv`): a spreadsheet opening the file evaluates a cell that starts
  with ``= + - @``, a tab or a carriage return (OWASP's list), so such a text cell is written with a leading
  ``'``, which the spreadsheet shows as text. A number is a number: an `int`, `float` or `Decimal` (negative
  or not) and a string that is nothing but a plain decimal number (``-12.5``) are written as they are.

Core imports no other app: every exporter (plans' ledger, households' error reports…) uses this module.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from xlsxwriter import Workbook

#: What a spreadsheet takes as the start of a formula in a CSV cell (OWASP, CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")

#: XlsxWriter options no exporter may turn back on: text is written as text.
SAFE_WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}

Sheet = tuple[str, Sequence[str], Iterable[Sequence[Any]]]


class TextSink(Protocol):
    """Anything text can be written to: an open text file, an HttpResponse."""

    def write(self, text: str, /) -> object: ...


def csv_cell(value: Any) -> Any:
    """`value` as a CSV cell no spreadsheet evaluates: a text starting with a formula trigger gets a
    leading ``'``; numbers, plain numeric text, dates (ISO) and None (empty) are written as they are."""
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


class _SafeWriter:
    """`csv.writer` whose every cell goes through `csv_cell`."""

    def __init__(self, target: TextSink, **fmtparams: Any) -> None:
        self._writer = csv.writer(target, **fmtparams)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(target: TextSink, **fmtparams: Any) -> _SafeWriter:
    """A `csv.writer` on `target` that neutralises formula-like text cells."""
    return _SafeWriter(target, **fmtparams)


def write_csv(target: IO[str], headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    writer = csv_writer(target)
    writer.writerow(headers)
    writer.writerows(rows)


def workbook(target: str | Path | IO[bytes], options: dict[str, Any] | None = None) -> Workbook:
    """An XlsxWriter workbook that writes text as text (`SAFE_WORKBOOK_OPTIONS` win over `options`)."""
    import xlsxwriter

    return xlsxwriter.Workbook(
        str(target) if isinstance(target, Path) else target, {**(options or {}), **SAFE_WORKBOOK_OPTIONS}
    )


def write_xlsx(target: str | Path | IO[bytes], sheets: Iterable[Sheet]) -> None:
    """Write (sheet name, headers, rows) to a workbook in constant_memory mode: text as string cells,
    numbers as numbers, dates as dates, None and "" as empty cells."""
    book = workbook(target, {"constant_memory": True, "in_memory": not isinstance(target, (str, Path))})
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    for name, headers, rows in sheets:
        sheet = book.add_worksheet(name[:31])
        for c, header in enumerate(headers):
            sheet.write_string(0, c, str(header), bold)
        sheet.freeze_panes(1, 0)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                if isinstance(value, dt.date):
                    sheet.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), date)  # noqa: DTZ001
                elif value is None or value == "":
                    continue
                elif isinstance(value, str):
                    sheet.write_string(r, c, value)
                else:
                    sheet.write(r, c, value)
        sheet.set_column(1, 1, 50)
        sheet.set_column(2, 4, 20)
    book.close()
