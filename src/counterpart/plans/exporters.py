"""Exports: the ledger of a list for a period (the import columns + 进展情况, status, last report date)
and the supervision summary by unit. Rows come from generators over `.iterator()`; workbooks are written with
XlsxWriter in constant_memory mode (rows flushed as written), CSV with the csv module — both through
`core.exports`, which writes every text cell as text (no formula can come out of a narrative)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from counterpart.core import jobs
from counterpart.core.exports import write_xlsx
from counterpart.pairings.scope import scope_for
from counterpart.plans.importers import EXPORT_HEADERS
from counterpart.plans.models import Item, ItemUnit, LedgerEntry, ResponsibilityList
from counterpart.plans.selectors import MonthlyDispatch, UnitSummary, supervision_summary, unit_links_prefetch
from counterpart.plans.status import ItemStatus, month_end, with_item_status

Progress = jobs.Progress  # progress(done, total, stage)

LEDGER_HEADERS = (*EXPORT_HEADERS, "累计完成", "进展情况", "状态", "最近报告日期")
SUMMARY_HEADERS = ("责任单位", "任务总数", "已完成", "进展顺利", "进度滞后", "逾期", "未启动", "完成率(%)")


def accepted_note(period: tuple[int, int]) -> str:
    """The note row under a ledger's table: its figures are the accepted ones (a note the importer skips)."""
    year, month = period
    return (
        f"注：累计完成、进展情况、状态和最近报告日期只计审核通过的填报（截至{year}年{month}月），"
        "待审核和退回的填报不计。"
    )


def _number_cell(number: str) -> int | str:
    """A 序号 written as a number stays a number (so a re-import and a re-export give the same cell)."""
    return int(number) if number.isdigit() and not number.startswith("0") else number


def _value_cell(value: Decimal | None) -> int | float | None:
    """A cumulative value as a number (an integer when it is one, as the page shows it)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def ledger_rows(
    *,
    user: Any,
    responsibility_list: ResponsibilityList,
    period: tuple[int, int] | None = None,
    progress: Progress | None = None,
) -> Iterator[tuple[Any, ...]]:
    """One row per item the user reads, then the note row: the cumulative value, progress narrative, status
    and report date of its latest *accepted* entry as of the end of `period` (default: this month) — the
    figures the list page shows, from the same `with_item_status`. Three queries in all, rows read in
    chunks."""
    if period is None:
        today = timezone.localdate()
        period, as_of = (today.year, today.month), today
    else:
        as_of = month_end(*period)
    items = with_item_status(
        Item.objects.filter(scope_for(user).lists.item_q(), responsibility_list=responsibility_list),
        as_of=as_of,
        period=period,
        report_name="last_report_at",
        narrative_name="last_narrative",
    )
    items = items.select_related("lead_unit").prefetch_related(unit_links_prefetch())
    total = items.count() if progress else 0
    labels = {value: str(label) for value, label in ItemStatus.choices}
    for done, item in enumerate(items.order_by("position", "id").iterator(chunk_size=2000), start=1):
        last: dt.datetime | None = item.last_report_at  # type: ignore[attr-defined]
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
            _value_cell(item.current_value),  # type: ignore[attr-defined]
            item.last_narrative or "",  # type: ignore[attr-defined]
            labels[item.status],  # type: ignore[attr-defined]
            timezone.localtime(last).date() if last else None,
        )
        if progress and done % 2000 == 0:
            progress(done, total, "export")
    yield (accepted_note(period),)


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


DISPATCH_NOTE = (
    "注：“本月审核通过的填报”只含审核通过的填报；待审核 %(submitted)d 条、退回 %(returned)d 条不计。"
)


def export_dispatch(target: str | Path | IO[bytes], *, dispatch: MonthlyDispatch) -> None:
    """The monthly dispatch workbook, the figures of its page (`plans.selectors.monthly_dispatch`): units
    that reported and that did not, the status counts at the month's end and the items whose status changed
    (both from the accepted entries), and the month's *accepted* entries, with a note row saying so."""
    labels = ItemStatus.labels
    accepted = [e for e in dispatch.entries if e.status == LedgerEntry.Status.ACCEPTED]
    note = DISPATCH_NOTE % {
        "submitted": dispatch.entry_counts.get(LedgerEntry.Status.SUBMITTED, 0),
        "returned": dispatch.entry_counts.get(LedgerEntry.Status.RETURNED, 0),
    }
    write_xlsx(
        target,
        [
            (
                _("Reported"),
                ("责任单位", "任务数", "已填报"),
                ((u.unit_name, u.items, u.reported) for u in dispatch.reported_units),
            ),
            (_("Missing"), ("责任单位", "任务数"), ((u.unit_name, u.items) for u in dispatch.missing_units)),
            (
                _("Status changes"),
                ("序号", "工作任务", "责任单位", "上月状态", "本月状态"),
                (
                    (
                        i.number,
                        i.task,
                        i.lead_unit.display_name,
                        str(labels[i.status_before]),  # type: ignore[attr-defined]
                        str(labels[i.status]),  # type: ignore[attr-defined]
                    )
                    for i in dispatch.status_changes
                ),
            ),
            (
                _("Entries"),
                ("序号", "工作任务", "责任单位", "累计完成", "进展情况", "审核"),
                [
                    *(
                        (
                            e.item.number,
                            e.item.task,
                            e.item.lead_unit.display_name,
                            _value_cell(e.value),
                            e.narrative,
                            e.get_status_display(),
                        )
                        for e in accepted
                    ),
                    (note,),
                ],
            ),
            (
                _("Status at month end"),
                ("状态", "任务数"),
                ((str(label), count) for _value, label, count in dispatch.status_rows),
            ),
        ],
    )
