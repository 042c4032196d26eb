"""The ranges of the values a request may carry, in one place (docs/architecture.md, "Input limits").

The database's integers are 64-bit: an id or an offset of 2^63 or more cannot be compared with a column and
crashed the query (`OverflowError`). Python's dates end in the year 9999, so `year=10000` crashed a filter
on `date__year`, and a period of the year 0 a `date(0, 1, 1)`. Every id, year, period, offset and limit a
page or the API reads is checked against these bounds first: a page answers a message (or an empty result),
the API a 422 naming the parameter, never a 500. `core.api_common` turns the same bounds into the pydantic
types of the API's schemas (`Id`, `Year`, `Period`, `Offset`), so the OpenAPI document states them.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: Ids are positive and fit a signed 64-bit integer (PostgreSQL `bigint`, SQLite `INTEGER`).
MIN_ID = 1
MAX_ID = 2**63 - 1

#: The years a record of this programme can have (its data begin in the 1990s; plans run to 2035).
MIN_YEAR = 1900
MAX_YEAR = 2100

#: Paginated lists: rows per page and rows skipped.
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
MAX_OFFSET = MAX_ID - MAX_PAGE_SIZE  # so that offset + limit still fits the database's LIMIT/OFFSET

#: A month as `YYYY-MM` (or `YYYY-M`) of the years MIN_YEAR..MAX_YEAR, as a JSON-schema pattern.
PERIOD_PATTERN = r"^(19[0-9]{2}|20[0-9]{2}|2100)-(0?[1-9]|1[0-2])$"
PERIOD_RE = re.compile(r"^(\d{4})-(\d{1,2})$")


def _refuse(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


def _integer(value: object, field: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise _refuse(field, _("Give a whole number."))
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if not text:
        return None
    if not re.fullmatch(r"[+-]?\d{1,30}", text):
        raise _refuse(field, _("Give a whole number."))
    return int(text)


def is_id(value: int) -> bool:
    return MIN_ID <= value <= MAX_ID


def parse_id(value: object, *, field: str = "id") -> int | None:
    """An id from a query value (a string, an int or None); blank is None. Raises ValidationError (in the
    user's language, naming `field`) for anything else than an id the database can hold."""
    number = _integer(value, field)
    if number is not None and not is_id(number):
        raise _refuse(field, _("No such record."))
    return number


def is_year(value: int) -> bool:
    return MIN_YEAR <= value <= MAX_YEAR


def parse_year(value: object, *, field: str = "year") -> int | None:
    """A year from a query value; blank is None. Raises ValidationError outside MIN_YEAR..MAX_YEAR."""
    number = _integer(value, field)
    if number is not None and not is_year(number):
        raise _refuse(field, year_message())
    return number


def year_message() -> str:
    return _("Give a year from %(min)s to %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}


def period_message() -> str:
    return _("Give the month as YYYY-MM, in the years %(min)s to %(max)s.") % {
        "min": MIN_YEAR,
        "max": MAX_YEAR,
    }


def period_or_none(text: str | None) -> tuple[int, int] | None:
    """`YYYY-MM` as (year, month) when it is a month of MIN_YEAR..MAX_YEAR, else None."""
    match = PERIOD_RE.match((text or "").strip())
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (is_year(year) and 1 <= month <= 12):
        return None
    return year, month


def parse_period(value: object, *, field: str = "period") -> tuple[int, int] | None:
    """A month `YYYY-MM` from a query value; blank is None. Raises ValidationError for anything else."""
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    period = period_or_none(text)
    if period is None:
        raise _refuse(field, period_message())
    return period


def parse_offset(value: object, *, field: str = "offset") -> int:
    """Rows to skip (0 when blank). Raises ValidationError outside 0..MAX_OFFSET."""
    number = _integer(value, field)
    if number is None:
        return 0
    if not 0 <= number <= MAX_OFFSET:
        raise _refuse(field, _("Give a number from 0 to %(max)s.") % {"max": MAX_OFFSET})
    return number
