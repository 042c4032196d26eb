"""The derived status of an item, as SQL expressions (one set-based query, no query per item).

progress  = latest accepted cumulative value (as of a period) / target (100 for a yes/no deliverable)
expected  = (as_of − start) / (deadline − start), the linear path from start to deadline

- done:        progress ≥ 1
- overdue:     not done and the deadline has passed
- at risk:     expected − progress > PLANS_AT_RISK_GAP (default 0.2); never for an item without a deadline
               (ongoing, or from a start date: judged by its periodic reports)
- not started: no accepted entry yet (and not at risk)
- on track:    otherwise

The at-risk test is evaluated without division: value·span < (elapsed − gap·span)·target.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    DateField,
    DateTimeField,
    DecimalField,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Greatest
from django.db.models.lookups import GreaterThanOrEqual, IsNull, LessThan
from django.utils.translation import gettext_lazy as _

from counterpart.plans.models import Item, LedgerEntry

EPOCH = dt.date(1970, 1, 1)


class ItemStatus:
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OVERDUE = "overdue"
    DONE = "done"

    choices = (
        (NOT_STARTED, _("not started")),
        (ON_TRACK, _("on track")),
        (AT_RISK, _("at risk")),
        (OVERDUE, _("overdue")),
        (DONE, _("done")),
    )
    values = tuple(value for value, _label in choices)
    labels = dict(choices)


def at_risk_gap() -> float:
    return float(getattr(settings, "PLANS_AT_RISK_GAP", 0.2))


class DayNumber(Func):
    """Days since 1970-01-01 of a date column, the same integer on SQLite and PostgreSQL."""

    output_field = IntegerField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="CAST(julianday(%(expressions)s) - 2440587.5 AS INTEGER)", **extra
        )

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="(%(expressions)s - DATE '1970-01-01')", **extra)


def day_number(day: dt.date) -> int:
    return (day - EPOCH).days


def month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def previous_period(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def period_upto_q(period: tuple[int, int] | None, prefix: str = "") -> Q:
    """Entries of `period` or earlier."""
    if period is None:
        return Q()
    year, month = period
    return Q(**{f"{prefix}year__lt": year}) | Q(**{f"{prefix}year": year, f"{prefix}month__lte": month})


def latest_accepted_value(*, period: tuple[int, int] | None = None, item_ref: str = "pk") -> Subquery:
    entries = (
        LedgerEntry.objects.filter(
            period_upto_q(period), item=OuterRef(item_ref), status=LedgerEntry.Status.ACCEPTED
        )
        .order_by("-year", "-month")
        .values("value")[:1]
    )
    return Subquery(entries, output_field=DecimalField(max_digits=16, decimal_places=2))


def _status_case(*, value: Any, ref: Callable[[str], Any], as_of: dt.date, no_entry: bool) -> Case:
    """The CASE of the module docstring; `ref(name)` reaches the item's columns (F or OuterRef)."""
    gap = at_risk_gap()
    target = Cast(Coalesce(ref("target_quantity"), Value(100), output_field=DecimalField()), FloatField())
    start = DayNumber(ref("start_date"))
    span = Cast(
        Greatest(DayNumber(ref("deadline")) - start, Value(1), output_field=IntegerField()), FloatField()
    )
    elapsed = Cast(Value(day_number(as_of)) - start, FloatField())
    return Case(
        When(GreaterThanOrEqual(value, target), then=Value(ItemStatus.DONE)),
        When(
            LessThan(ref("deadline"), Value(as_of, output_field=DateField())), then=Value(ItemStatus.OVERDUE)
        ),
        # An ongoing or start-only item has no deadline: no expected path, judged by its reports.
        When(
            IsNull(ref("deadline"), True),
            then=Value(ItemStatus.NOT_STARTED if no_entry else ItemStatus.ON_TRACK),
        ),
        When(LessThan(value * span, (elapsed - Value(gap) * span) * target), then=Value(ItemStatus.AT_RISK)),
        default=Value(ItemStatus.NOT_STARTED if no_entry else ItemStatus.ON_TRACK),
        output_field=CharField(),
    )


def with_item_status(
    qs: QuerySet[Item],
    *,
    as_of: dt.date,
    period: tuple[int, int] | None = None,
    name: str = "status",
    value_name: str | None = "current_value",
    report_name: str | None = None,
    narrative_name: str | None = None,
) -> QuerySet[Item]:
    """Annotate `status` as of `as_of` counting the accepted entries up to `period`, and (unless
    `value_name=None`) `current_value`, the latest accepted cumulative value (None without one). The same
    entry gives, when named, `report_name` (when it was reported: submitted, else reviewed, else recorded)
    and `narrative_name` (its progress text): every figure shown of an item is of its latest accepted entry.

    The status is computed inside the correlated subquery that finds the latest accepted entry, so the
    database probes the ledger index once per item; an item without an accepted entry falls back to the
    same CASE with a value of 0 (not started unless overdue or at risk)."""
    latest = LedgerEntry.objects.filter(
        period_upto_q(period), item=OuterRef("pk"), status=LedgerEntry.Status.ACCEPTED
    ).order_by("-year", "-month")
    with_entry = latest.annotate(
        _status=_status_case(value=Cast(F("value"), FloatField()), ref=OuterRef, as_of=as_of, no_entry=False)
    ).values("_status")[:1]
    without_entry = _status_case(value=Value(0.0), ref=F, as_of=as_of, no_entry=True)
    annotations: dict[str, Any] = {
        name: Coalesce(
            Subquery(with_entry, output_field=CharField()), without_entry, output_field=CharField()
        )
    }
    if value_name:
        annotations[value_name] = latest_accepted_value(period=period)
    if report_name:
        reported = Coalesce("submitted_at", "reviewed_at", "created_at", output_field=DateTimeField())
        annotations[report_name] = Subquery(
            latest.annotate(_reported=reported).values("_reported")[:1], output_field=DateTimeField()
        )
    if narrative_name:
        annotations[narrative_name] = Subquery(latest.values("narrative")[:1], output_field=TextField())
    return qs.annotate(**annotations)
