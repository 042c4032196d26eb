"""The derived status of an item: not started / on track / at risk / overdue / done."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from counterpart.plans.models import Item, LedgerEntry
from counterpart.plans.status import ItemStatus, with_item_status
from tests.plans.factories import ItemFactory, LedgerEntryFactory

pytestmark = pytest.mark.django_db

MID_YEAR = dt.date(2018, 7, 1)  # about half of 2018 has passed


def status_of(item: Item, as_of: dt.date, period: tuple[int, int] | None = None) -> str:
    return with_item_status(Item.objects.filter(pk=item.pk), as_of=as_of, period=period).get().status  # type: ignore[attr-defined]


def test_an_item_without_reports_early_in_its_period_is_not_started() -> None:
    assert status_of(ItemFactory(), dt.date(2018, 1, 20)) == ItemStatus.NOT_STARTED


def test_an_item_without_reports_half_way_is_at_risk() -> None:
    assert status_of(ItemFactory(), MID_YEAR) == ItemStatus.AT_RISK


def test_progress_close_to_the_linear_path_is_on_track() -> None:
    item = ItemFactory()
    LedgerEntryFactory(item=item, month=6, value=Decimal("40"))
    assert status_of(item, MID_YEAR) == ItemStatus.ON_TRACK


def test_progress_behind_the_linear_path_by_more_than_the_gap_is_at_risk() -> None:
    item = ItemFactory()
    LedgerEntryFactory(item=item, month=6, value=Decimal("20"))
    assert status_of(item, MID_YEAR) == ItemStatus.AT_RISK


def test_the_gap_is_a_setting(settings: object) -> None:
    settings.PLANS_AT_RISK_GAP = 0.4  # type: ignore[attr-defined]
    item = ItemFactory()
    LedgerEntryFactory(item=item, month=6, value=Decimal("20"))
    assert status_of(item, MID_YEAR) == ItemStatus.ON_TRACK


def test_reaching_the_target_is_done_even_after_the_deadline() -> None:
    item = ItemFactory()
    LedgerEntryFactory(item=item, month=11, value=Decimal("100"))
    assert status_of(item, dt.date(2019, 3, 1)) == ItemStatus.DONE


def test_an_unfinished_item_past_its_deadline_is_overdue() -> None:
    item = ItemFactory()
    LedgerEntryFactory(item=item, month=11, value=Decimal("90"))
    assert status_of(item, dt.date(2019, 1, 5)) == ItemStatus.OVERDUE


def test_only_accepted_entries_count_and_the_latest_period_wins() -> None:
    item = ItemFactory()
    LedgerEntryFactory(item=item, month=3, value=Decimal("45"))
    LedgerEntryFactory(item=item, month=5, value=Decimal("50"))
    LedgerEntryFactory(item=item, month=6, value=Decimal("100"), status=LedgerEntry.Status.SUBMITTED)
    row = with_item_status(Item.objects.filter(pk=item.pk), as_of=MID_YEAR).get()
    assert row.current_value == Decimal("50")  # type: ignore[attr-defined]
    assert row.status == ItemStatus.ON_TRACK  # type: ignore[attr-defined]


def test_a_period_cut_ignores_later_entries() -> None:
    item = ItemFactory()
    LedgerEntryFactory(item=item, month=8, value=Decimal("100"))
    assert status_of(item, dt.date(2018, 7, 31), period=(2018, 7)) == ItemStatus.AT_RISK
    assert status_of(item, dt.date(2018, 8, 31), period=(2018, 8)) == ItemStatus.DONE


def test_a_deliverable_is_reported_in_percent() -> None:
    item = ItemFactory(target_quantity=None, target_unit="", target_text="建成")
    LedgerEntryFactory(item=item, month=6, value=Decimal("100"))
    assert status_of(item, MID_YEAR) == ItemStatus.DONE


def test_status_of_many_items_is_one_query(django_assert_num_queries: object) -> None:
    for _ in range(30):
        LedgerEntryFactory(item=ItemFactory(), month=6)
    with django_assert_num_queries(1):  # type: ignore[operator]
        statuses = [row.status for row in with_item_status(Item.objects.all(), as_of=MID_YEAR)]  # type: ignore[attr-defined]
    assert len(statuses) == 30
