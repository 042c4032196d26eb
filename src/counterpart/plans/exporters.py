"""Exports: the ledger of a list for a period (the import columns + 进展情况, status, last report date)
and the supervision summary by unit. Rows come from generators over `.iterator()`; workbooks are written with
XlsxWriter in constant_memory mode (rows flushed as written), CSV with the csv module — both through
`core.exports`, which writes every text cell as text (no formula can come out of a narrative)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from django.db.models import OuterRef, Subquery, TextField
from django.utils import timezone
from django.utils.translation import gettext as _

from counterpart.core import jobs
from counterpart.core.exports import write_xlsx
from counterpart.pairings.scope import scope_for
from counterpart.plans.importers import EXPORT_HEADERS
from counterpart.plans.models import Item, ItemUnit, LedgerEntry, ResponsibilityList
from counterpart.plans.selectors import UnitSummary, supervision_summary, unit_links_prefetch
from counterpart.plans.status import ItemStatus, month_end, period_upto_q, with_item_status

Progress = jobs.Progress  # progress(done, total, stage)

LEDGER_HEADERS = (*EXPORT_HEADERS, "进展情况", "状态", "最近报告日期")
SUMMARY_HEADERS = ("责任单位", "任务总数", "已完成", "进展顺利", "进度滞后", "逾期", "未启动", "完成率(%)")


def _number_cell(number: str) -> int | str:
    """A 序号 written as a number stays a number (so a re-import and a re-export give the same cell)."""
    return int(number) if number.isdigit() and not number.startswith("0") else number


def ledger_rows(
    *,
    user: Any,
    responsibility_list: ResponsibilityList,
    period: tuple[int, int] | None = None,
    progress: Progress | None = None,
) -> Iterator[tuple[Any, ...]]:
    """One row per item the user reads: status and progress narrative as of the end of `period` (default:
    today). Three queries in all, rows read in chunks."""
    if period is None:
        today = timezone.localdate()
        period, as_of = (today.year, today.month), today
    else:
        as_of = month_end(*period)
    entries = LedgerEntry.objects.filter(period_upto_q(period), item=OuterRef("pk")).order_by(
        "-year", "-month"
    )
    items = with_item_status(
        Item.objects.filter(scope_for(user).lists.item_q(), responsibility_list=responsibility_list),
        as_of=as_of,
        period=period,
    ).annotate(
        last_narrative=Subquery(entries.values("narrative")[:1], output_field=TextField()),
        last_report_at=Subquery(entries.values("submitted_at")[:1]),
    )
    items = items.select_related("lead_unit").prefetch_related(unit_links_prefetch())
    total = items.count() if progress else 0
    labels = {value: str(label) for value, label in ItemStatus.choices}
    for done, item in enumerate(items.order_by("position", "id").iterator(chunk_size=2000), start=1):
        last: dt.datetime | None = item.last_report_at
        yield (
            _number_cell(item.number),
            item.task,
            _units_cell(item.lead_units) or item.lead_unit.name,
            _units_cell(item.responsible_units),
            _units_cell(item.supporting_units),
            item.target_text,
            _deadline_cell(item),
            item.category_text or item.get_category_display(),
            item.note,
            item.last_narrative or "",
            labels[item.status],  # type: ignore[attr-defined]
            timezone.localtime(last).date() if last else None,
        )
        if progress and done % 2000 == 0:
            progress(done, total, "export")


def _units_cell(links: Iterable[ItemUnit]) -> str:
    """Units as a list writes them: 、 between names, a collective unit as written (re-imported alike)."""
    return "、".join(link.organization.name if link.organization else link.collective for link in links)


def _deadline_cell(item: Item) -> Any:
    """A date deadline as a date; a start or an ongoing item as the list wrote it (re-imported alike)."""
    if item.deadline_kind == Item.DeadlineKind.DATE:
        return item.deadline
    return item.deadline_text or (
        f"{item.start_date:%Y年%m月%d日}起" if item.deadline_kind == Item.DeadlineKind.START else "长期坚持"
    )


def summary_rows(summary: Iterable[UnitSummary]) -> Iterator[tuple[Any, ...]]:
    for unit in summary:
        yield (
            unit.unit_name,
            unit.total,
            unit.by_status.get(ItemStatus.DONE, 0),
            unit.by_status.get(ItemStatus.ON_TRACK, 0),
            unit.by_status.get(ItemStatus.AT_RISK, 0),
            unit.by_status.get(ItemStatus.OVERDUE, 0),
            unit.by_status.get(ItemStatus.NOT_STARTED, 0),
            unit.completion,
        )


def export_ledger(
    target: str | Path | IO[bytes],
    *,
    user: Any,
    responsibility_list: ResponsibilityList,
    period: tuple[int, int] | None = None,
    with_summary: bool = True,
    progress: Progress | None = None,
) -> None:
    """The ledger workbook: the items sheet and, by default, the summary-by-unit sheet."""
    sheets: list[tuple[str, tuple[str, ...], Iterable[tuple[Any, ...]]]] = [
        (
            _("Ledger"),
            LEDGER_HEADERS,
            ledger_rows(user=user, responsibility_list=responsibility_list, period=period, progress=progress),
        )
    ]
    if with_summary:
        summary = supervision_summary(user=user, responsibility_list=responsibility_list, period=period)
        sheets.append((_("Summary by unit"), SUMMARY_HEADERS, summary_rows(summary)))
    write_xlsx(target, sheets)
