"""Set-based inserts for every bulk writer (the registry import, the national region tree): COPY on
PostgreSQL, executemany elsewhere, with primary keys reserved up front so a batch's ids are known before it
is written (children refer to them without reading anything back)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models


class BulkWriter:
    """Set-based inserts of prepared tuples: COPY on PostgreSQL, executemany on other databases."""

    def __init__(self) -> None:
        # This thread's connection, kept: `insert` may run in a writer thread (see `import_pipeline`).
        self.connection = connections[DEFAULT_DB_ALIAS]
        self.vendor = self.connection.vendor
        self.cursor = self.connection.cursor()

    def reserve_start(self, model: type[models.Model]) -> int:
        """On SQLite: take the write lock, then continue after the largest id (nobody inserts meanwhile)."""
        if self.vendor == "postgresql":
            return 0
        table = self.connection.ops.quote_name(model._meta.db_table)
        self.cursor.execute(f"UPDATE {table} SET id = id WHERE 0 = 1")  # noqa: S608  # takes the write lock
        self.cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
        return int(self.cursor.fetchone()[0]) + 1

    def reserve(self, model: type[models.Model], count: int, start: int) -> list[int]:
        """`count` new primary keys: from the table's sequence on PostgreSQL (safe beside concurrent
        inserts), consecutive from `start` elsewhere."""
        if self.vendor == "postgresql":
            self.cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [model._meta.db_table, count],
            )
            return [r[0] for r in self.cursor.fetchall()]
        return list(range(start, start + count))

    def timestamp(self, value: dt.datetime) -> Any:
        """A timestamp as this database takes it in a bulk insert (adapted once, reused for every row)."""
        return (
            value.isoformat()
            if self.vendor == "postgresql"
            else self.connection.ops.adapt_datetimefield_value(value)
        )

    def insert(
        self, model: type[models.Model], columns: str, rows: Iterable[Sequence[Any]], *, adapt: bool = True
    ) -> None:
        """Insert `rows`; with `adapt=False` the values are already what the database takes."""
        rows = list(rows)
        if not rows:
            return
        table = self.connection.ops.quote_name(model._meta.db_table)
        names = [c.strip() for c in columns.split(",")]
        quoted = ", ".join(self.connection.ops.quote_name(c) for c in names)
        if self.vendor == "postgresql":
            raw = self.cursor.cursor  # the psycopg cursor under Django's wrapper
            # Django's error classes (IntegrityError…) for what the server refuses, as for execute().
            with (
                self.connection.wrap_database_errors,
                raw.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
            return
        adapted = [tuple(adapt_value(v) for v in row) for row in rows] if adapt else rows
        placeholders = ", ".join(["%s"] * len(names))
        self.cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({placeholders})", adapted)  # noqa: S608


def adapt_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def existing_rows(
    model: type[models.Model],
    column: str,
    values: Sequence[str],
    *,
    fields: Sequence[str] = (),
    hexadecimal: bool = False,
) -> list[tuple[Any, ...]]:
    """The rows whose `column` (an indexed column) is one of `values`, as tuples of `column` and `fields`:
    one query.

    Plain SQL rather than `filter(column__in=...)`: compiling a 5,000-value lookup costs more than running it.
    `hexadecimal` values (keyed hashes, region codes: nothing to quote, no comma) go to PostgreSQL as one
    comma-separated string: psycopg's text dumper of a list checks every element for characters to quote.
    """
    if not values:
        return []
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    name = quote(column)
    selected = ", ".join(quote(c) for c in (column, *fields))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and hexadecimal:
            cursor.execute(
                f"SELECT {selected} FROM {table} WHERE {name} = ANY(string_to_array(%s, ','))",  # noqa: S608
                [",".join(values)],
            )
        elif connection.vendor == "postgresql":
            cursor.execute(f"SELECT {selected} FROM {table} WHERE {name} = ANY(%s)", [list(values)])  # noqa: S608
        else:
            marks = ", ".join(["%s"] * len(values))
            cursor.execute(f"SELECT {selected} FROM {table} WHERE {name} IN ({marks})", list(values))  # noqa: S608
        return [tuple(row) for row in cursor.fetchall()]
