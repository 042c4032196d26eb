"""The one mechanism against lost updates (`core.versions`): versions counted by every save, a stale write
refused with what changed since (from the history), a write without a version applied to the row as it is
now, the API's If-Match parsing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from counterpart.agreements.models import Agreement
from counterpart.agreements.services import agreement_update
from counterpart.core.api_common import expected_version
from counterpart.core.versions import StaleWrite, bump, lock_for_write
from tests.conftest import World
from tests.factories import AgreementFactory


@pytest.fixture
def agreement(world: World) -> Agreement:
    return AgreementFactory(pairing=world.dalian_liupanshui, title="蛋鸡养殖项目合作协议")


def test_a_record_starts_at_version_1_and_every_save_counts(agreement: Agreement) -> None:
    assert agreement.version == 1
    agreement.summary = "一"
    agreement.save()
    assert agreement.version == 2
    assert Agreement.objects.get(pk=agreement.pk).version == 2
    assert agreement.history.latest().version == 2  # type: ignore[attr-defined]


def test_a_save_of_a_stale_instance_still_writes_a_new_version(agreement: Agreement) -> None:
    """The version written is the row's + 1, not the instance's: two writers never leave the same one."""
    stale = Agreement.objects.get(pk=agreement.pk)
    agreement.summary = "一"
    agreement.save()
    stale.title_en = "Egg farm"
    stale.save()
    assert Agreement.objects.get(pk=agreement.pk).version == 3


def test_a_stale_write_is_refused_with_what_changed_who_and_when(world: World, agreement: Agreement) -> None:
    opened = Agreement.objects.get(pk=agreement.pk)
    agreement_update(actor=world.dalian_office, agreement=agreement, version=1, value=Decimal("300.00"))
    with pytest.raises(StaleWrite) as refused:
        agreement_update(
            actor=world.assessor, agreement=opened, version=1, value=Decimal("500.00"), summary="改"
        )
    exc = refused.value
    assert (exc.expected_version, exc.version) == (1, 2)
    [change] = exc.changes
    assert change.field == "value"
    assert change.as_json()["yours"] == "500.00"
    assert change.as_json()["theirs"] == "300.00"
    assert change.by == "dalian"
    assert change.at is not None
    assert "dalian" in change.note
    row = Agreement.objects.get(pk=agreement.pk)
    assert (row.value, row.summary, row.version) == (Decimal("300.00"), "", 2)  # nothing of the loser's


def test_without_a_version_the_changes_go_onto_the_row_as_it_is_now(
    world: World, agreement: Agreement
) -> None:
    opened = Agreement.objects.get(pk=agreement.pk)
    agreement_update(actor=world.dalian_office, agreement=agreement, value=Decimal("300.00"))
    agreement_update(actor=world.assessor, agreement=opened, summary="改")
    row = Agreement.objects.get(pk=agreement.pk)
    assert (row.value, row.summary, row.version) == (Decimal("300.00"), "改", 3)


def test_lock_for_write_reads_the_row_again(agreement: Agreement) -> None:
    Agreement.objects.filter(pk=agreement.pk).update(summary="新", version=bump())
    with transaction.atomic():
        assert lock_for_write(agreement, expected_version=2) is agreement
    assert (agreement.summary, agreement.version) == ("新", 2)


def test_a_conditional_update_bumps_the_version(agreement: Agreement) -> None:
    Agreement.objects.filter(pk=agreement.pk, version=1).update(summary="x", version=bump())
    assert Agreement.objects.get(pk=agreement.pk).version == 2


@pytest.mark.parametrize(
    ("header", "body", "expected"),
    [('"3"', None, 3), ('W/"3"', None, 3), ("3", None, 3), ("*", None, None), (None, 4, 4), ('"4"', 4, 4)],
)
def test_if_match_names_a_version(header: Any, body: Any, expected: Any) -> None:
    assert expected_version(header, body) == expected


@pytest.mark.parametrize(("header", "body"), [("abc", None), ('"0"', None), ('"3"', 4)])
def test_an_unreadable_or_disagreeing_if_match_is_refused(header: Any, body: Any) -> None:
    with pytest.raises(ValidationError):
        expected_version(header, body)
