"""The tabular import layer's limits: every importer measures its .xlsx or .csv file here before anything
parses it, so a zip bomb, a cell far away or an oversized file is refused in milliseconds with flat memory.

* The file's size (`TABULAR_MAX_FILE_BYTES`, 96 MB by default: a county's registry export of 100,000
  households is about 76 MB).
* For a workbook, from the package itself: the number of parts and their declared unpacked size (zip central
  directory, `TABULAR_MAX_UNPACKED_BYTES`), then each sheet's extent — the `<dimension ref=...>` and a
  streaming scan of the sheet XML for cell and row references, inflated a megabyte at a time and never more
  than the unpacked limit — against `TABULAR_MAX_CELLS` (calamine holds a sheet as a dense grid of its
  extent, so a single cell at XFD1048576 would cost gigabytes).

Then the one reader every importer uses (`open_table`): the first sheet of a workbook through calamine, or
a CSV streamed line by line in UTF-8 (with or without BOM) or GB18030 with its delimiter sniffed, each row
numbered as a spreadsheet shows it; the header mapping (`HeaderMap`: synonyms in any language, compared
after NFKC without spaces and case-folded, title rows above skipped, a column named twice refused); the row
error (`RowError`) and its CSV report (`write_error_report`).

Core imports no other app: every importer may use this module.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import io
import os
import re
import struct
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from counterpart.core.exports import TextSink, csv_writer
from counterpart.core.files import FILE_MODE, private_dir

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
#: What `open_table` reads: workbooks through calamine, text files as CSV.
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
#: The encodings a Chinese office's CSV comes in, tried in this order on the first megabyte.
ENCODINGS = ("utf-8-sig", "gb18030")
#: Lines read to choose the CSV delimiter.
SNIFF_LINES = 30
#: Inflated at a time while a sheet's XML is scanned.
SCAN_CHUNK = 1 << 20
#: Parts of a workbook package: a real one has a few dozen.
MAX_PARTS = 10_000

Source = str | os.PathLike[str] | IO[bytes]


class TabularFileError(Exception):
    """The file as a whole cannot be read (type, size, encoding, no header…): a sentence for users."""


@dataclass(frozen=True)
class RowError:
    """One problem in one cell: the row as a spreadsheet numbers it (0: the file), the column's header as
    written in the file, the value, and why."""

    row: int
    column: str
    value: str
    reason: str


# --- limits -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Limits:
    """What a file may be before it is read (settings `TABULAR_MAX_FILE_BYTES`, `TABULAR_MAX_UNPACKED_BYTES`,
    `TABULAR_MAX_CELLS`; an importer may pass its own)."""

    #: The file as uploaded (CSV or workbook).
    file_bytes: int = 96 << 20
    #: A workbook's parts, unpacked (declared in the package and checked while scanning).
    unpacked_bytes: int = 256 << 20
    #: A sheet's extent, rows × columns from A1: what calamine allocates for it.
    cells: int = 5_000_000

    @classmethod
    def from_settings(cls) -> Limits:
        default = cls()
        return cls(
            file_bytes=getattr(settings, "TABULAR_MAX_FILE_BYTES", default.file_bytes),
            unpacked_bytes=getattr(settings, "TABULAR_MAX_UNPACKED_BYTES", default.unpacked_bytes),
            cells=getattr(settings, "TABULAR_MAX_CELLS", default.cells),
        )


def _megabytes(n: int) -> str:
    return f"{n / (1 << 20):,.0f}"


def _source_size(source: Source) -> int:
    if isinstance(source, (str, os.PathLike)):
        return os.stat(source).st_size
    size = getattr(source, "size", None)  # Django's UploadedFile
    if isinstance(size, int):
        return size
    position = source.tell()
    end = source.seek(0, io.SEEK_END)
    source.seek(position)
    return end


def check_file_size(source: Source, limits: Limits) -> int:
    size = _source_size(source)
    if size > limits.file_bytes:
        raise TabularFileError(
            _("The file is %(size)s MB; at most %(max)s MB can be imported.")
            % {"size": _megabytes(size), "max": _megabytes(limits.file_bytes)}
        )
    return size


def _zip_entry_count(source: Source) -> int | None:
    """The number of parts the zip's end record declares (None when there is no end record), read from
    the file's last bytes before `zipfile` builds its list of them."""
    with _binary(source) as fh:
        end = fh.seek(0, io.SEEK_END)
        tail_start = max(0, end - (1 << 16) - 22)
        fh.seek(tail_start)
        tail = fh.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        return None
    return int(struct.unpack("<H", tail[at + 10 : at + 12])[0])


@contextlib.contextmanager
def _binary(source: Source) -> Iterator[IO[bytes]]:
    """`source` as a binary file positioned at 0 (opened and closed here for a path; rewound for a file)."""
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as fh:
            yield fh
        return
    source.seek(0)
    try:
        yield source
    finally:
        source.seek(0)


_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s[^>]*?ref=\"([A-Z]{1,3})?(\d+)?(?::([A-Z]{1,3})(\d+))?\"")
#: A cell or row element and its reference (`<c r="AB12"`, `<row r="12"`), any namespace prefix.
_REF = re.compile(rb"<(?:\w+:)?(c|row)\b([^>]*)>")
_R_ATTR = re.compile(rb"\sr=\"([A-Z]{0,3})(\d+)\"")


def column_number(letters: bytes | str) -> int:
    """1 for A, 26 for Z, 16384 for XFD."""
    number = 0
    for char in letters.upper() if isinstance(letters, str) else letters.decode().upper():
        number = number * 26 + ord(char) - 64
    return number


def column_letter(index: int) -> str:
    """The letters of a 0-based column index (0 → A)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


class _SheetExtent:
    """The extent of one sheet, from a streaming scan of its XML: the largest row and column referenced,
    and the most cells without a reference in one row (each one column further along its row)."""

    def __init__(self, name: str, limits: Limits) -> None:
        self.name, self.limits = name, limits
        self.rows = self.columns = self.cells = self.unreferenced = self.row_unreferenced = 0

    def refuse_if_too_large(self, rows: int, columns: int) -> None:
        if rows * columns > self.limits.cells or self.cells > self.limits.cells:
            raise TabularFileError(
                _(
                    "The sheet reaches row %(rows)s and column %(col)s (%(cells)s cells); at most %(max)s "
                    "cells can be imported. Delete the empty rows and columns after the data, or save it "
                    "as CSV."
                )
                % {
                    "rows": f"{rows:,}",
                    "col": column_letter(max(columns, 1) - 1),
                    "cells": f"{rows * columns:,}",
                    "max": f"{self.limits.cells:,}",
                }
            )

    def dimension(self, text: bytes) -> None:
        """The sheet's declared `<dimension ref="A1:XFD1048576"/>` (checked before the scan)."""
        if match := _DIMENSION.search(text):
            last_col, last_row = (match[3], match[4]) if match[3] else (match[1], match[2])
            if last_col and last_row:
                self.refuse_if_too_large(int(last_row), column_number(last_col))

    def scan(self, text: bytes) -> None:
        for match in _REF.finditer(text):
            ref = _R_ATTR.search(match[2])
            if match[1] == b"row":
                self.row_unreferenced = 0
                if ref:
                    self.rows = max(self.rows, int(ref[2]))
                else:
                    self.rows += 1
                continue
            self.cells += 1
            if ref and ref[1]:
                self.rows = max(self.rows, int(ref[2]))
                self.columns = max(self.columns, column_number(ref[1]))
            else:
                self.row_unreferenced += 1
                self.unreferenced = max(self.unreferenced, self.row_unreferenced)
        self.refuse_if_too_large(self.rows, max(self.columns, self.unreferenced))


@contextlib.contextmanager
def open_package(source: Source, limits: Limits) -> Iterator[zipfile.ZipFile]:
    """The zip package (.xlsx, .docx…) `source`, opened only once it is within `limits`: its size, the number
    of parts its end record declares (read before `zipfile` lists them) and their declared unpacked size.
    Raises `TabularFileError`; a part read from it stops at its declared size (zipfile checks the CRC)."""
    check_file_size(source, limits)
    entries = _zip_entry_count(source)
    if entries is None:
        raise TabularFileError(_("The file is not a zip package."))
    if entries >= min(MAX_PARTS, 0xFFFF):
        raise TabularFileError(_("The file has too many parts to be an Office document."))
    with _binary(source) as fh:
        try:
            with zipfile.ZipFile(fh) as package:
                unpacked = sum(info.file_size for info in package.infolist())
                if unpacked > limits.unpacked_bytes:
                    raise TabularFileError(
                        _("The file unpacks to %(size)s MB; at most %(max)s MB are accepted.")
                        % {"size": _megabytes(unpacked), "max": _megabytes(limits.unpacked_bytes)}
                    )
                yield package
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError) as exc:
            raise TabularFileError(
                _("The file is damaged and cannot be opened: %(error)s") % {"error": exc}
            ) from exc


def check_workbook(source: Source, limits: Limits) -> None:
    """Refuse a workbook beyond `limits` from its package alone: parts and their declared unpacked size
    (`open_package`), then each sheet's XML inflated a chunk at a time (its dimension, then every cell
    reference)."""
    check_file_size(source, limits)
    if _zip_entry_count(source) is None:
        raise TabularFileError(_("The file is not an .xlsx workbook; save it as .xlsx or CSV."))
    with open_package(source, limits) as package:
        for info in package.infolist():
            if "worksheets/" in info.filename and info.filename.endswith(".xml"):
                _scan_sheet(package, info, limits)


def _scan_sheet(package: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> None:
    extent = _SheetExtent(info.filename, limits)
    tail = b""
    read = 0
    with package.open(info) as part:  # zipfile stops at the declared size and checks the CRC at the end
        first = True
        while chunk := part.read(SCAN_CHUNK):
            read += len(chunk)
            if read > limits.unpacked_bytes:
                raise TabularFileError(_("The workbook unpacks to more than it declares."))
            text = tail + chunk
            if first:
                extent.dimension(text[:4096])
                first = False
            # An element cut by the chunk's end is scanned with the next chunk.
            cut = text.rfind(b"<")
            if cut < 0 or text.find(b">", cut) >= 0:
                cut = len(text)
            extent.scan(text[:cut])
            tail = text[cut:]
            if len(tail) > SCAN_CHUNK:  # one element larger than a chunk: not a sheet anyone made
                raise TabularFileError(_("The workbook's sheet cannot be read."))
    extent.scan(tail)


def check_before_reading(source: Source, *, filename: str = "", limits: Limits | None = None) -> None:
    """Refuse `source` (a path or a binary file) if it is beyond the limits: its size, and for a workbook
    its package (parts, unpacked size, sheet extents). Raises `TabularFileError` with a sentence for users."""
    limits = limits or Limits.from_settings()
    name = filename or str(getattr(source, "name", "") or (source if isinstance(source, (str, Path)) else ""))
    if name.lower().endswith(WORKBOOK_SUFFIXES):
        check_workbook(source, limits)
    else:
        check_file_size(source, limits)


# --- reading ----------------------------------------------------------------------------------------------

Row = tuple[int, list[Any]]


def cell_text(value: Any) -> str:
    """A cell as text, the way the user typed it: whole floats without ".0", dates as ISO dates, booleans as
    1/0; not stripped."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@dataclass
class Table:
    """The rows of a file's first sheet, as (row number as a spreadsheet shows it, cells), and an estimate of
    their count for progress bars (a CSV's line count, a sheet's height)."""

    rows: Iterator[Row]
    estimate: int
    #: The column (0: A) of each row's first cell.
    first_column: int = 0

    def close(self) -> None:
        close = getattr(self.rows, "close", None)
        if close is not None:
            close()


def _name_of(source: Source, filename: str) -> str:
    return (filename or str(getattr(source, "name", "") or source)).lower()


def open_table(
    source: Source,
    *,
    filename: str = "",
    text: bool = False,
    limits: Limits | None = None,
    fill_merged: bool = False,
) -> Table:
    """Open a workbook (.xlsx, .xlsm, .xls, .ods: its first sheet) or a CSV (.csv, .txt, .tsv) after measuring
    it (`check_before_reading`). `source` is a path or a seekable binary file; `filename` gives the type when
    the file's own name does not. With `text`, every cell is given as `cell_text` (CSV cells always are).
    With `fill_merged`, every empty cell of a workbook's merged range takes the value of the range's top-left
    cell, as a reader of the printed table sees it (a 建设地点 merged down over two projects of one town).
    Raises `TabularFileError` with a sentence for users; a CSV that changes encoding midway raises it while
    its rows are read."""
    name = _name_of(source, filename)
    check_before_reading(source, filename=name, limits=limits)
    if name.endswith(SPREADSHEET_SUFFIXES):
        return _open_workbook(source, text=text, fill_merged=fill_merged)
    if name.endswith(TEXT_SUFFIXES):
        return _open_csv(source)
    suffix = Path(name).suffix or name
    raise TabularFileError(
        _("Unsupported file type “%(suffix)s”: upload .csv or .xlsx.") % {"suffix": suffix}
    )


def _open_workbook(source: Source, *, text: bool, fill_merged: bool = False) -> Table:
    from python_calamine import CalamineWorkbook

    try:
        if isinstance(source, (str, os.PathLike)):
            workbook = CalamineWorkbook.from_path(os.fspath(source))
        else:
            source.seek(0)
            workbook = CalamineWorkbook.from_filelike(source)
        sheet = workbook.get_sheet_by_index(0)
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise TabularFileError(_("The workbook cannot be read: %(error)s") % {"error": exc}) from exc
    # `iter_rows` hands rows over one by one; calamine keeps the sheet's cells in its own compact memory.
    # It yields every row from the first (the empty ones above the first used cell too), but only the
    # columns from the first used one: `first_column` says which that is.
    start = getattr(sheet, "start", None)
    first_column = start[1] if start else 0
    merged = _merged_ranges(sheet) if fill_merged else []

    def rows() -> Iterator[Row]:
        numbered: Iterator[Row] = enumerate(sheet.iter_rows(), start=1)
        if merged:
            numbered = _fill_merged(numbered, merged, first_column)
        if text:
            for number, row in numbered:
                yield number, [cell_text(v) for v in row]
        else:
            yield from numbered

    return Table(rows(), (start[0] if start else 0) + sheet.height, first_column)


#: A merged range: (first row, first column, last row, last column), 0-based, from A1.
MergedRange = tuple[int, int, int, int]


def _merged_ranges(sheet: Any) -> list[MergedRange]:
    """The sheet's merged ranges (calamine reads them from the sheet's <mergeCells> for .xlsx; other formats
    give none)."""
    try:
        found = sheet.merged_cell_ranges or []
    except Exception:  # a format calamine reads no merges from
        return []
    return sorted((r0, c0, r1, c1) for (r0, c0), (r1, c1) in found if (r1, c1) != (r0, c0))


def _fill_merged(rows: Iterator[Row], merged: list[MergedRange], first_column: int) -> Iterator[Row]:
    """`rows` with each merged range's empty cells given its top-left value. The rows are still streamed:
    the value is taken when the range's first row passes and kept until its last."""
    waiting = list(merged)  # by first row
    open_ranges: list[tuple[MergedRange, Any]] = []
    for number, cells in rows:
        index = number - 1
        row = list(cells)
        while waiting and waiting[0][0] == index:
            r0, c0, r1, c1 = waiting.pop(0)
            at = c0 - first_column
            open_ranges.append(((r0, c0, r1, c1), row[at] if 0 <= at < len(row) else None))
        while waiting and waiting[0][0] < index:  # a range above the rows read (not a real sheet)
            waiting.pop(0)
        for (_r0, c0, _r1, c1), value in open_ranges:
            if value is None or value == "":
                continue
            for column in range(c0 - first_column, c1 - first_column + 1):
                if column < 0:
                    continue
                if column >= len(row):
                    row.extend([""] * (column + 1 - len(row)))
                if row[column] is None or row[column] == "":
                    row[column] = value
        open_ranges = [(r, v) for r, v in open_ranges if r[2] > index]
        yield number, row


def detect_encoding(sample: bytes) -> str:
    """The first of `ENCODINGS` that decodes `sample` (a file's first megabyte; a character cut at its end
    is allowed). Raises `TabularFileError` for anything else (UTF-16, Big5 …)."""
    for encoding in ENCODINGS:
        try:
            codecs.getincrementaldecoder(encoding)().decode(sample, final=False)
        except UnicodeDecodeError:
            continue
        return encoding
    raise TabularFileError(_("The file is not text in UTF-8 or GB18030; save it as CSV (UTF-8) or .xlsx."))


def _csv_shape(source: Source) -> tuple[str, str, int]:
    """(encoding, delimiter, line count) from one streaming pass over the bytes."""
    with _binary(source) as fh:
        sample = fh.read(1 << 20)
        encoding = detect_encoding(sample)
        lines = sample.count(b"\n")
        while block := fh.read(1 << 20):
            lines += block.count(b"\n")
    head = sample[:8192].decode(encoding.replace("-sig", ""), errors="ignore").splitlines()[:SNIFF_LINES]
    delimiter = max(",\t;", key=lambda d: sum(line.count(d) for line in head))
    return encoding, delimiter, lines


def _open_csv(source: Source) -> Table:
    encoding, delimiter, lines = _csv_shape(source)

    def rows() -> Iterator[Row]:
        with _binary(source) as raw:
            stream = io.TextIOWrapper(raw, encoding=encoding, newline="", errors="strict")
            try:
                yield from _csv_rows(stream, delimiter, encoding)
            finally:
                # The caller's file stays open: detach the wrapper instead of closing through it.
                if not isinstance(source, (str, os.PathLike)):
                    stream.detach()

    return Table(rows(), lines)


def _csv_rows(stream: IO[str], delimiter: str, encoding: str) -> Iterator[Row]:
    """Records numbered as a spreadsheet numbers them: a cell with a line break inside quotes is still one
    row (so not `reader.line_num`, which counts physical lines)."""
    reader = csv.reader(stream, delimiter=delimiter)
    number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError as exc:
            raise TabularFileError(
                _(
                    "Near row %(row)d the file changes text encoding (it was read as %(enc)s); "
                    "save it again as UTF-8."
                )
                % {"row": number + 1, "enc": encoding}
            ) from exc
        except csv.Error as exc:
            raise TabularFileError(
                _("Row %(row)d cannot be read as CSV: %(error)s") % {"row": number + 1, "error": exc}
            ) from exc
        number += 1
        yield number, row


# --- headers ----------------------------------------------------------------------------------------------


#: A unit of money written in a header's brackets, full- or half-width (资金分配额（万元）, 金额【元】,
#: 投资(单位：万元)), after NFKC and without spaces.
_HEADER_UNIT = re.compile(r"^(?P<name>.*?)[(\[【](?:单位)?[:：]?(?P<unit>万元|亿元|千元|元)[)\]】]$")
#: A table's unit stated in a row of its own or beside its title: 单位：万元, （单位:元）.
_STATED_UNIT = re.compile(r"单位[:：]?(万元|亿元|千元|元)")


def header_unit(text: Any) -> tuple[str, str]:
    """(the header without its unit, the unit) of a header such as "资金分配额\n（万元）" → ("资金分配额",
    "万元"); (the header, "") when it states none."""
    compact = "".join(unicodedata.normalize("NFKC", str(text or "")).split())
    if match := _HEADER_UNIT.match(compact):
        return match["name"], match["unit"]
    return compact, ""


def stated_unit(texts: Iterable[str]) -> str:
    """The unit a table states above its header ("单位：万元" in a row of its own or beside the title), or
    ""."""
    for text in texts:
        if match := _STATED_UNIT.search("".join(unicodedata.normalize("NFKC", text or "").split())):
            return match[1]
    return ""


def normalize_header(text: Any) -> str:
    """A header or a value as compared: NFKC, without surrounding "*" (required-column marks), case-folded,
    without any whitespace."""
    value = unicodedata.normalize("NFKC", str(text or "")).strip().strip("*").casefold()
    return "".join(value.split())


@dataclass
class Header:
    """The header row found: its number, each known field's column, the headers as written, and the
    headers no field has (reported to the user and ignored)."""

    row: int
    columns: dict[str, int]
    names: list[str]
    unknown: list[str] = field(default_factory=list)
    #: The texts of the rows above the header (a title such as “长海县2019年东西部扶贫协作工作分工方案”).
    above: list[str] = field(default_factory=list)
    #: The unit a field's header states in brackets (资金分配额（万元）: {"amount": "万元"}).
    units: dict[str, str] = field(default_factory=dict)
    #: The row read after the header that is not a sub-header (`HeaderMap.find(sub_header=True)`): the
    #: first data row, for the caller to read first (`Header.rows_after`).
    pending: tuple[int, Sequence[Any]] | None = None

    def rows_after(self, rows: Iterator[tuple[int, Sequence[Any]]]) -> Iterator[tuple[int, Sequence[Any]]]:
        """The data rows: the pending row, then the rest of `rows`."""
        if self.pending is not None:
            yield self.pending
        yield from rows

    def label(self, key: str) -> str:
        """The column of `key` as the file names it (`key` itself for a column the file lacks)."""
        index = self.columns.get(key)
        # A header broken over two lines in its cell (资金分配额\n（万元）) is named on one.
        return re.sub(r"\s*\n\s*", "", self.names[index].strip()) if index is not None else key


class HeaderMap:
    """Field → header names in any language (zh-Hans, zh-Hant, en, ja …); `ignored` are known headers that
    no field reads and that are not reported as unknown; `patterns`, field → a regular expression matched
    in full against the normalized header, for headers that carry a value ("2021年人均纯收入(元)")."""

    def __init__(
        self,
        synonyms: Mapping[str, Iterable[str]],
        *,
        ignored: Iterable[str] = (),
        patterns: Mapping[str, re.Pattern[str]] | None = None,
    ) -> None:
        self.synonyms = {key: tuple(names) for key, names in synonyms.items()}
        self.index = {normalize_header(n): key for key, names in self.synonyms.items() for n in names}
        self.ignored = {normalize_header(n) for n in ignored}
        self.patterns = dict(patterns or {})

    def key(self, text: Any) -> str | None:
        """The field a header names: as written, else by one of the patterns, else without the unit in its
        brackets (资金分配额（万元）)."""
        norm = normalize_header(text)
        found = self.index.get(norm)
        if found is None and norm:
            found = next((key for key, pattern in self.patterns.items() if pattern.fullmatch(norm)), None)
        if found is None:
            name, unit = header_unit(text)
            found = self.index.get(normalize_header(name)) if unit else None
        return found

    def knows(self, text: Any) -> bool:
        norm = normalize_header(text)
        return self.key(text) is not None or norm in self.ignored

    def find(
        self,
        rows: Iterator[tuple[int, Sequence[Any]]],
        *,
        is_header: Callable[[set[str]], bool],
        scan_rows: int,
        first_column: int = 0,
        sub_header: bool = False,
    ) -> Header | None:
        """The first of the next `scan_rows` rows whose known fields satisfy `is_header` (the title rows
        above it are consumed and kept in `Header.above`), or None. A field named by two columns raises
        `TabularFileError` (naming the columns by letter: the rows' first cell is in column `first_column`,
        `Table.first_column`). With `sub_header`, a second header row under merged cells (责任单位 over
        牵头单位 | 配合单位) is merged into the first: its known headers replace the ones above them; a
        row that is not one is kept in `Header.pending`."""
        above: list[str] = []
        for _i in range(scan_rows):
            try:
                number, cells = next(rows)
            except StopIteration:
                return None
            texts = [cell_text(c).strip() for c in cells]
            mapped = [self.key(t) for t in texts]
            if is_header({k for k in mapped if k}):
                header = self._header(number, texts, mapped, first_column)
                header.above = above
                if sub_header:
                    self._merge_sub_header(header, rows, first_column)
                return header
            above.extend(t for t in texts if t)
        return None

    def _merge_sub_header(
        self, header: Header, rows: Iterator[tuple[int, Sequence[Any]]], first_column: int
    ) -> None:
        try:
            number, cells = next(rows)
        except StopIteration:
            return
        texts = [cell_text(c).strip() for c in cells]
        filled = {i: t for i, t in enumerate(texts) if t}
        if (
            not filled
            or not all(self.knows(t) for t in filled.values())
            or not any(self.key(t) for t in filled.values())
        ):
            header.pending = (number, cells)
            return
        columns = {key: i for key, i in header.columns.items() if i not in filled}
        header.units = {key: unit for key, unit in header.units.items() if key in columns}
        names = list(header.names) + [""] * max(0, len(texts) - len(header.names))
        for i, text in filled.items():
            key = self.key(text)
            names[i] = text
            if key is None:
                continue
            if key in columns:
                raise TabularFileError(
                    _("The column “%(name)s” appears twice (columns %(a)s and %(b)s); keep one.")
                    % {
                        "name": text,
                        "a": column_letter(first_column + columns[key]),
                        "b": column_letter(first_column + i),
                    }
                )
            columns[key] = i
            if unit := header_unit(text)[1]:
                header.units[key] = unit
        replaced = {header.names[i] for i in filled if i < len(header.names)}
        header.unknown = [name for name in header.unknown if name not in replaced]
        header.columns, header.names = columns, names

    def _header(self, number: int, texts: list[str], mapped: Sequence[str | None], first: int) -> Header:
        columns: dict[str, int] = {}
        unknown = []
        for i, key in enumerate(mapped):
            if key is None:
                if texts[i] and normalize_header(texts[i]) not in self.ignored:
                    unknown.append(texts[i])
                continue
            if key in columns:
                raise TabularFileError(
                    _("The column “%(name)s” appears twice (columns %(a)s and %(b)s); keep one.")
                    % {
                        "name": texts[i],
                        "a": column_letter(first + columns[key]),
                        "b": column_letter(first + i),
                    }
                )
            columns[key] = i
        units = {key: unit for key, i in columns.items() if (unit := header_unit(texts[i])[1])}
        return Header(number, columns, texts, unknown, units=units)


# --- errors -----------------------------------------------------------------------------------------------


def error_report_header() -> list[str]:
    return [pgettext("import error report", w) for w in ("row", "column", "value", "reason")]


def error_report_filename(source_name: str) -> str:
    """The download name of the error report of `source_name` (the name the user gave the file)."""
    stem = Path(source_name.replace("\\", "/").rsplit("/", 1)[-1]).stem or _("import")
    return _("%(file)s - error report") % {"file": stem} + ".csv"


def write_error_report(target: Path | TextSink, errors: Iterable[Sequence[Any]]) -> Path | TextSink:
    """Write (row, column, value, reason) rows as a CSV a spreadsheet opens (UTF-8 with BOM, translated
    headers): to a file readable by this process's user only, or to an open text stream (a response)."""
    if not isinstance(target, Path):
        target.write("\ufeff")
        _write_error_rows(target, errors)
        return target
    private_dir(target.parent)
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with open(descriptor, "w", encoding="utf-8-sig", newline="") as fh:  # a descriptor
        _write_error_rows(fh, errors)
    return target


def _write_error_rows(stream: TextSink, errors: Iterable[Sequence[Any]]) -> None:
    writer = csv_writer(stream)  # a value typed as =HYPERLINK(...) stays text in the report
    writer.writerow(error_report_header())
    writer.writerows(errors)
