"""The single-pass import (a forked reader feeding this process's writer) and its fall-back to the two
passes: the same rows written either way, every error still reported with its row."""

from __future__ import annotations

import gc
import signal
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from counterpart.households import ids, import_pipeline
from counterpart.households.importers import RegistryImporter, import_registry
from counterpart.households.models import Household, Member
from tests.households.conftest import Registry
from tests.households.files import HEADER, member_rows, write_csv


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of 4 rows, so that households of 3 members straddle batches."""
    monkeypatch.setattr(import_pipeline, "CHUNK", 4)


def _members_by_household(numbers: list[str]) -> dict[str, list[str]]:
    return {
        h.number: sorted(m.name for m in h.members.all())
        for h in Household.objects.filter(number__in=numbers).prefetch_related("members")
    }


@pytest.mark.parametrize("workers", [0, 1], ids=["in-process", "forked-reader"])
def test_valid_file_is_written_in_one_pass(
    registry: Registry, tmp_path: Path, small_batches: None, workers: int
) -> None:
    rows = member_rows(5, 3)
    result = import_registry(
        write_csv(tmp_path / "ok.csv", rows), actor=registry.liupanshui_office, year=2019, workers=workers
    )
    assert result.ok
    assert result.written
    assert result.single_pass
    assert gc.isenabled()  # switched off for the import only
    assert (result.rows, result.households, result.members) == (15, 5, 15)
    numbers = sorted({r["户编号"] for r in rows})
    assert _members_by_household(numbers) == {
        n: sorted(r["姓名"] for r in rows if r["户编号"] == n) for n in numbers
    }
    household = Household.objects.get(number=numbers[0])
    assert household.village == registry.village
    assert household.incomes.get(year=2019).per_capita_net_income
    head = household.members.get(relation="head")
    assert ids.codec().decrypt(head.id_cipher, head.id_hash) == rows[0]["证件号码"]
    assert head.id_masked == ids.mask(rows[0]["证件号码"])


def test_households_on_scattered_rows_fall_back_to_two_passes(
    registry: Registry, tmp_path: Path, small_batches: None
) -> None:
    rows = member_rows(4, 3)
    rows.append(rows.pop(1))  # the first household's spouse moves to the end of the file
    result = import_registry(
        write_csv(tmp_path / "scattered.csv", rows), actor=registry.liupanshui_office, year=2019, workers=1
    )
    assert result.ok
    assert result.written
    assert not result.single_pass
    assert result.households == 4
    assert result.members == 12
    first = rows[0]["户编号"]
    assert len(_members_by_household([first])[first]) == 3


@pytest.mark.parametrize("workers", [0, 1], ids=["in-process", "forked-reader"])
def test_duplicate_id_in_a_later_batch_is_reported_and_nothing_written(
    registry: Registry, tmp_path: Path, small_batches: None, workers: int
) -> None:
    rows = member_rows(4, 3)
    rows[10]["证件号码"] = rows[1]["证件号码"]  # three batches apart
    before = (Household.objects.count(), Member.objects.count())
    result = import_registry(
        write_csv(tmp_path / "dup.csv", rows), actor=registry.liupanshui_office, year=2019, workers=workers
    )
    assert not result.ok
    assert not result.written
    assert [(e.row, e.reason) for e in result.errors] == [(3 + 11, "The same ID number as row 5.")]
    assert (Household.objects.count(), Member.objects.count()) == before


def test_id_already_in_the_registry_is_refused_by_the_unique_index(
    registry: Registry, tmp_path: Path, small_batches: None
) -> None:
    rows = member_rows(3, 3)
    existing = registry.household.members.get(relation="head")
    rows[7]["证件号码"] = ids.codec().decrypt(existing.id_cipher, existing.id_hash)
    before = Member.objects.count()
    result = import_registry(
        write_csv(tmp_path / "registered.csv", rows), actor=registry.liupanshui_office, year=2019, workers=1
    )
    reasons = [(e.row, e.reason) for e in result.errors]
    assert reasons == [(3 + 8, "This ID number is already in the registry.")]
    assert Member.objects.count() == before


def test_a_row_error_stops_the_reader_and_every_error_is_reported(
    registry: Registry, tmp_path: Path, small_batches: None
) -> None:
    rows = member_rows(4, 3)
    rows[3]["人均纯收入"] = "abc"  # the second household's head: household values are read there
    rows[9]["姓名"] = ""
    result = import_registry(
        write_csv(tmp_path / "bad.csv", rows), actor=registry.liupanshui_office, year=2019, workers=1
    )
    assert [e.row for e in result.errors] == [3 + 4, 3 + 10]
    assert not Household.objects.filter(number=rows[0]["户编号"]).exists()


def test_rows_gathered_for_one_household_stay_few(
    registry: Registry, tmp_path: Path, small_batches: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_pipeline, "MAX_HOUSEHOLD_ROWS", 3)
    rows = member_rows(2, 4)  # households of 4 rows: more than the (lowered) limit
    result = import_registry(
        write_csv(tmp_path / "big.csv", rows), actor=registry.liupanshui_office, year=2019, workers=0
    )
    assert result.ok
    assert not result.single_pass
    assert result.members == 8


def test_a_reader_that_dies_leaves_the_work_to_the_two_passes(
    registry: Registry, tmp_path: Path, small_batches: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(*_args: object) -> None:
        raise SystemExit(3)  # the forked reader ends without a word

    monkeypatch.setattr(import_pipeline, "_produce", crash)
    result = import_registry(
        write_csv(tmp_path / "ok.csv", member_rows(3, 3)),
        actor=registry.liupanshui_office,
        year=2019,
        workers=1,
    )
    assert result.ok
    assert result.written
    assert not result.single_pass
    assert result.members == 9


def test_an_unexpected_error_in_the_reader_does_not_leave_the_import_waiting(
    registry: Registry, tmp_path: Path, small_batches: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = import_pipeline.batches_here

    def first_batch_then_a_bug(*args: Any) -> Iterator[list[Any]]:
        batches = real(*args)
        yield next(batches)
        raise RuntimeError("a bug in the reader")

    def hung(*_args: object) -> None:
        raise TimeoutError("the import was left waiting for the reader")

    monkeypatch.setattr(import_pipeline, "batches_here", first_batch_then_a_bug)
    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)  # fail, not hang, if the reader ever leaves the import waiting again
    try:
        result = import_registry(
            write_csv(tmp_path / "ok.csv", member_rows(3, 3)),
            actor=registry.liupanshui_office,
            year=2019,
            workers=1,
        )
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert result.ok
    assert result.written
    assert not result.single_pass
    assert result.members == 9


def test_a_worker_only_for_large_files_unless_asked(registry: Registry, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "small.csv", member_rows(2, 2))
    assert not import_pipeline.use_worker(RegistryImporter(path, actor=None, year=2020))
    assert import_pipeline.use_worker(RegistryImporter(path, actor=None, year=2020, workers=1))
    assert not import_pipeline.use_worker(RegistryImporter(path, actor=None, year=2020, workers=0))


def test_the_database_refuses_an_id_number_twice_in_the_users_words(registry: Registry) -> None:
    existing = registry.household.members.get(relation="head")
    twin = Member(
        household=registry.household,
        province_code=existing.province_code,
        name="twin",
        relation="child",
        id_cipher=existing.id_cipher,
        id_hash=existing.id_hash,
        id_masked=existing.id_masked,
    )
    with pytest.raises(ValidationError) as info:
        twin.full_clean()
    assert "This ID number is already in the registry." in str(info.value)


@pytest.mark.parametrize("bad", [False, True], ids=["written", "refused"])
def test_foreign_keys_are_deferred_again_after_the_import(
    registry: Registry, tmp_path: Path, small_batches: None, bad: bool
) -> None:
    """On PostgreSQL the import checks foreign keys as each COPY ends; the enclosing transaction gets
    Django's deferred checking back, whether the single pass wrote the file or fell back."""
    if connection.vendor != "postgresql":
        pytest.skip("SET CONSTRAINTS is PostgreSQL's")
    rows = member_rows(2, 2)
    if bad:
        rows[1]["人均纯收入"] = "abc"
    import_registry(
        write_csv(tmp_path / "f.csv", rows), actor=registry.liupanshui_office, year=2019, workers=0
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM households_household")
        missing = cursor.fetchone()[0] + 1000
        # Deferred: a row pointing at a household that does not exist yet is accepted until commit.
        cursor.execute(
            "INSERT INTO households_statuschange (household_id, from_status, to_status, changed_at, reason)"
            " VALUES (%s, '', 'poor', now(), 'x')",
            [missing],
        )
        cursor.execute("DELETE FROM households_statuschange WHERE household_id = %s", [missing])


@pytest.mark.parametrize("scattered", [False, True], ids=["single-pass", "two-pass"])
def test_guarantees_and_incomes_are_written_by_either_pass(
    registry: Registry, tmp_path: Path, small_batches: None, scattered: bool
) -> None:
    guarantee_columns = ["不愁吃", "不愁穿", "义务教育有保障", "基本医疗有保障", "危房户", "饮水安全"]
    rows = member_rows(3, 2)
    for row in rows:
        row.update(dict(zip(guarantee_columns, ["是", "是", "不适用", "否", "否", "是"], strict=True)))
    if scattered:
        rows.append(rows.pop(1))  # the first household's second member moves to the end
    result = import_registry(
        write_csv(tmp_path / "g.csv", rows, header=[*HEADER, *guarantee_columns]),
        actor=registry.liupanshui_office,
        year=2019,
        workers=0,
    )
    assert result.ok
    assert result.single_pass is not scattered
    assert result.households == 3
    household = Household.objects.get(number=rows[0]["户编号"])
    check = household.guarantees.get(year=2019)
    # 危房户 (dangerous house) "否" means safe housing is met.
    assert (check.food, check.education, check.medical, check.housing, check.water) == (
        "met",
        "na",
        "not_met",
        "met",
        "met",
    )
    assert check.province_code == "520000"
    assert household.incomes.get(year=2019).per_capita_net_income == Decimal(rows[0]["人均纯收入"])
    assert household.status_changes.get().to_status == household.status
