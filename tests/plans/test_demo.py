"""The plans demo: the real 2018 frame, the generated ecological list (232 items, 50 units), idempotent."""

from __future__ import annotations

import pytest

from counterpart.core.models import SourceDocument
from counterpart.demo.loader import load_demo
from counterpart.demo.plans_demo import LIST_2018_TITLE, load_plans_demo
from counterpart.plans.models import Item, LedgerEntry, ResponsibilityList

pytestmark = pytest.mark.django_db


def test_the_plans_demo_loads_once_and_marks_what_is_generated() -> None:
    assert load_demo() > 232  # the demo loader loads the plans demo too
    frame = ResponsibilityList.objects.get(title=LIST_2018_TITLE)
    assert (frame.year, frame.generated, frame.items.count()) == (2018, False, 0)
    assert frame.pairing is not None
    assert frame.plan is not None
    eco = ResponsibilityList.objects.get(generated=True)
    assert "生成" in eco.title
    assert eco.items.count() == 232
    assert eco.items.values("lead_unit").distinct().count() == 50
    assert not eco.items.filter(generated=False).exists()
    assert all("生成" in name for name in eco.items.values_list("lead_unit__name", flat=True))
    assert LedgerEntry.objects.exists()
    assert not LedgerEntry.objects.filter(generated=False).exists()
    # Issue 19: a target and its progress in the same unit ("170公里", progress "… / 170 公里"), every entry
    # dated (the ledger's 最近报告日期), the notes in Chinese, the seed reports as source documents.
    counted = eco.items.filter(target_quantity__isnull=False)
    assert counted.exists()
    assert all(text.endswith(unit) for text, unit in counted.values_list("target_text", "target_unit"))
    assert not eco.items.filter(target_text__endswith="米", target_unit="公里").exists()
    assert not LedgerEntry.objects.filter(submitted_at__isnull=True).exists()
    assert not LedgerEntry.objects.filter(status="accepted", reviewed_at__isnull=True).exists()
    assert not eco.items.filter(note__icontains="generated").exists()
    assert {d.file_name[:3] for d in SourceDocument.objects.all()} == {"000", "001", "002", "003", "004"}
    counts = (Item.objects.count(), LedgerEntry.objects.count())
    assert load_plans_demo() == 0
    assert (Item.objects.count(), LedgerEntry.objects.count()) == counts
