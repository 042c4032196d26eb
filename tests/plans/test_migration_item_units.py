"""plans 0008 turns every item's lead unit into its first lead and its co-units into its supporting units
(in the order they were linked), and back when unapplied. Run with the migration executor on the test
database: back to before, rows written with the models of then, forward."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.plans.conftest import Plans

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("plans", "0007_job_language")]
AFTER = [("plans", "0008_item_units_and_deadline_kinds")]


def migrate_to_latest() -> None:
    """Leave the test database as every other test expects it: every migration applied."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_lead_and_co_units_become_ordered_unit_rows_and_back(plans: Plans) -> None:
    try:
        old = migrate(BEFORE)
        Item = old.get_model("plans", "Item")
        item = Item.objects.create(
            responsibility_list_id=plans.rlist.pk,
            number="9",
            position=9,
            task="迁移",
            lead_unit_id=plans.unit_a.pk,
            start_date=dt.date(2018, 1, 1),
            deadline=dt.date(2018, 12, 31),
        )
        item.co_units.add(plans.unit_b.pk)
        item.co_units.add(plans.owner.pk)
        new = migrate(AFTER)
        ItemUnit = new.get_model("plans", "ItemUnit")
        links = list(
            ItemUnit.objects.filter(item_id=item.pk)
            .order_by("role", "position")
            .values_list("role", "position", "organization_id")
        )
        assert links == [
            ("lead", 1, plans.unit_a.pk),
            ("supporting", 1, plans.unit_b.pk),
            ("supporting", 2, plans.owner.pk),
        ]
        assert new.get_model("plans", "Item").objects.get(pk=item.pk).deadline_kind == "date"
        back = migrate(BEFORE)
        again = back.get_model("plans", "Item").objects.get(pk=item.pk)
        assert set(again.co_units.values_list("pk", flat=True)) == {plans.unit_b.pk, plans.owner.pk}
    finally:
        migrate_to_latest()
