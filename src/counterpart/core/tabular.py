"""The tabular import layer's limits: every importer measures its .xlsx or .csv file here before anything
parses it, so a zip bomb, a cell far away or an oversized file is refused in milliseconds with flat memory.

* The file's size (`TABULAR_MAX_FILE_BYTES`, 96 MB by default: a county's registry export of 100,000
  households is about 76 MB).
* For a workbook, from the package itself: the number of parts and their declared unpacked size (zip central
  directory, `TABULAR_MAX_UNPACKED_BYTES`), then each sheet's extent — the `<dimension ref=...>` and a
  streaming scan of the sheet XML for cell and row references, inflated a megabyte at a time and never more
  than the unpacked limit — against `TABULAR_MAX_CELLS` (calamine holds a sheet as a dense grid of its
  extent, so a single cell at XFD1048576 would cost gigabytes).

Core imports no other app: every importer may use this module. (The readers, the header mapping and the
row errors are still each importer's own; issue 12 moves them here.)
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
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
