"""plans 0005 moves every ledger entry on an agreement, with its history and evidence, to a period
`ProgressReport`, and back when unapplied; an item's entries stay where they are. Run with the migration
executor on the test database: back to before the move, rows written with the models of then, forward."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from counterpart.agreements.models import ProgressReport
from counterpart.plans.models import EvidenceFile, LedgerEntry
from tests.factories import AgreementFactory
from tests.plans.conftest import Plans

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("plans", "0004_evidence_report"), ("agreements", "0002_progress_report_period_review")]
AFTER = [("plans", "0006_ledger_entries_are_items_only")]
CREATED = dt.datetime(2018, 7, 1, 9, 0, tzinfo=dt.UTC)
SUBMITTED = dt.datetime(2018, 7, 3, 20, 30, tzinfo=dt.UTC)  # 4 July in Beijing
REVIEWED = dt.datetime(2018, 7, 5, 10, 0, tzinfo=dt.UTC)


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


def test_agreement_entries_move_to_progress_reports_with_history_and_evidence(plans: Plans) -> None:
    agreement = AgreementFactory(pairing=plans.world.dalian_liupanshui)
    office = plans.world.dalian_office
    try:
        old = migrate(BEFORE)
        entry_model = old.get_model("plans", "LedgerEntry")
        history_model = old.get_model("plans", "HistoricalLedgerEntry")
        fields: dict[str, Any] = {
            "agreement_id": agreement.pk,
            "year": 2018,
            "month": 6,
            "value": Decimal("45.50"),
            "narrative": "首批资金到位",
            "reporter_id": office.pk,
            "status": "accepted",
            "review_comment": "好",
            "reviewed_by_id": office.pk,
            "reviewed_at": REVIEWED,
            "submitted_at": SUBMITTED,
            "generated": True,
        }
        entry = entry_model.objects.create(**fields)
        entry_model.objects.filter(pk=entry.pk).update(created_at=CREATED, updated_at=REVIEWED)
        item_entry = entry_model.objects.create(
            item_id=plans.item_a.pk, year=2018, month=6, value=Decimal("3")
        )
        versions = [
            ("+", CREATED, None, {"status": "submitted", "reviewed_at": None, "reviewed_by_id": None}),
            ("~", SUBMITTED, "returned", {"status": "returned", "review_comment": "请补充"}),
            ("~", REVIEWED, "accepted", {}),
        ]
        for kind, when, reason, changes in versions:
            history_model.objects.create(
                id=entry.pk,
                **{**fields, **changes},
                created_at=CREATED,
                updated_at=when,
                history_date=when,
                history_type=kind,
                history_change_reason=reason,
                history_user_id=office.pk,
            )
        evidence = old.get_model("plans", "EvidenceFile").objects.create(
            entry_id=entry.pk,
            file="plans/evidence/ab/x.png",
            original_name="签约.png",
            content_type="image/png",
            size=10,
            sha256="ab" * 32,
        )
        old.get_model("plans", "HistoricalEvidenceFile").objects.create(
            id=evidence.pk,
            entry_id=entry.pk,
            file="plans/evidence/ab/x.png",
            original_name="签约.png",
            content_type="image/png",
            size=10,
            sha256="ab" * 32,
            created_at=CREATED,
            updated_at=CREATED,
            history_date=CREATED,
            history_type="+",
        )

        migrate(AFTER)
        # read with today's models: the later migrations (versions, job fields) applied on top
        migrate_to_latest()

        report = ProgressReport.objects.get(agreement=agreement)
        assert (report.year, report.month, report.value) == (2018, 6, Decimal("45.50"))
        assert report.text == "首批资金到位"
        assert report.review_status == "accepted"
        assert report.review_comment == "好"
        assert (report.reporter_id, report.reviewed_by_id) == (office.pk, office.pk)
        assert (report.submitted_at, report.reviewed_at) == (SUBMITTED, REVIEWED)
        assert (report.created_at, report.updated_at) == (CREATED, REVIEWED)
        assert report.generated
        assert report.status_after == ""
        assert report.reported_on == timezone.localtime(SUBMITTED).date() == dt.date(2018, 7, 4)
        history = list(report.history.order_by("history_date", "history_id"))  # type: ignore[attr-defined]
        assert [(h.history_type, h.history_date, h.history_change_reason) for h in history] == [
            (kind, when, reason) for kind, when, reason, _changes in versions
        ]
        assert [h.review_status for h in history] == ["submitted", "returned", "accepted"]
        assert all(h.history_user_id == office.pk and h.text == "首批资金到位" for h in history)
        moved = EvidenceFile.objects.get(pk=evidence.pk)
        assert moved.report_id == report.pk
        assert moved.entry_id is None
        assert [h.report_id for h in moved.history.all()] == [report.pk]  # type: ignore[attr-defined]
        assert list(LedgerEntry.objects.values_list("pk", flat=True)) == [item_entry.pk]
        assert not LedgerEntry.history.filter(id=entry.pk).exists()  # type: ignore[attr-defined]

        # Unapplied, the period report goes back to being a ledger entry with its history and evidence.
        old = migrate(BEFORE)
        back = old.get_model("plans", "LedgerEntry").objects.get(agreement_id=agreement.pk)
        assert (back.narrative, back.status, back.value, back.submitted_at) == (
            "首批资金到位",
            "accepted",
            Decimal("45.50"),
            SUBMITTED,
        )
        assert back.created_at == CREATED
        restored = old.get_model("plans", "HistoricalLedgerEntry").objects.filter(id=back.pk)
        assert sorted(restored.values_list("status", flat=True)) == ["accepted", "returned", "submitted"]
        assert old.get_model("plans", "EvidenceFile").objects.get(pk=evidence.pk).entry_id == back.pk
        assert not old.get_model("agreements", "ProgressReport").objects.exists()
    finally:
        migrate_to_latest()
