"""The plans demo: the real 2018 frame, the generated ecological list (232 items, 50 units), idempotent."""

from __future__ import annotations

import pytest

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
    counts = (Item.objects.count(), LedgerEntry.objects.count())
    assert load_plans_demo() == 0
    assert (Item.objects.count(), LedgerEntry.objects.count()) == counts
