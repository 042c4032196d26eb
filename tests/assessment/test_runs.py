"""A run computed from the records: values, targets, scores, sentences, evidence, totals, ranks; the query
count; adjustments; publication and its freeze; the command."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counterpart.assessment import selectors, services
from counterpart.assessment.models import AssessmentRun, Result, Score
from counterpart.assistance.models import Placement
from tests.assessment.conftest import Cast, agreements, compute, place, result_of, score_of
from tests.factories import PairingFactory, RegionFactory

pytestmark = pytest.mark.django_db


def test_placements_are_counted_with_the_sub_pairings_and_scored_on_the_target(cast: Cast) -> None:
    run = compute()
    dl, sz = cast.world.dalian_liupanshui, cast.world.shanghai_zunyi
    score = score_of(run, dl, "placements")
    assert (score.value, score.target, score.evidence_count) == (Decimal(5), Decimal(1000), 5)
    assert score.score == Decimal("0.03")  # 5 of 1000 × 6
    assert score_of(run, sz, "placements").value == 1


def test_the_sentence_says_why_an_indicator_scored_what_it_did(cast: Cast) -> None:
    run = compute()
    score = score_of(run, cast.world.dalian_liupanshui, "agreements_stalled")
    assert (score.value, score.score) == (Decimal(2), Decimal("0.00"))  # 2 × 2 points off 3, down to zero
    indicator = selectors.run_scheme(run).indicator("agreements_stalled")
    with translation.override("en"):
        assert selectors.explain(score, indicator) == "2 of 13 agreements stalled: −3"


def test_the_records_behind_a_number_are_the_ones_counted(cast: Cast) -> None:
    run = compute()
    score = score_of(run, cast.world.dalian_liupanshui, "placements")
    rows, total, _indicator = selectors.score_evidence(score=score)
    assert total == score.evidence_count == len(rows) == 5
    assert all(row.url and row.url.startswith("/assistance/households/") for row in rows)
    assert {r.text.split(" · ")[1] for r in rows} == {"大连某企业"}


def test_a_funds_metric_says_it_cannot_be_computed_and_is_left_out_of_the_points(cast: Cast) -> None:
    run = compute()
    dl = cast.world.dalian_liupanshui
    score = score_of(run, dl, "fiscal_aid")
    assert score.status == Score.Status.UNAVAILABLE
    assert (score.value, score.score) == (None, None)
    with translation.override("en"):
        assert selectors.explain(score, None) == "cannot be computed yet — no funds data"
    result = result_of(run, dl)
    # left out: the funds (20) and enterprise investment (5), without data; items on time and findings
    # rectified (3 + 3), with nothing to rate (no items, no findings)
    assert result.available == Decimal(100) - 25 - 6
    assert result.areas["funds"]["available"] == "0"


def test_the_total_is_the_sum_of_the_scores_and_grades_rank_within_the_group(cast: Cast) -> None:
    run = compute()
    results = list(Result.objects.filter(run=run))
    for result in results:
        scores = Score.objects.filter(result=result, status=Score.Status.COMPUTED)
        assert result.total == sum((s.score for s in scores), Decimal(0))
        assert result.percent == (result.total / result.available * 100).quantize(Decimal("0.01"))
        assert result.grade in {"good", "fairly_good", "average", "poor"}
    ranks = sorted((r.rank, r.group_size) for r in results)
    assert ranks[0] == (1, 2)


def test_the_query_count_does_not_grow_with_the_pairings(cast: Cast) -> None:
    """Reads and updates are constant; the rows written are inserted in batches (SQLite's batches hold
    fewer rows: its limit of bound parameters), so INSERTs are counted apart."""

    def queries() -> int:
        run = services.run_create(actor=None, scheme_code="east-west", year=2019, enqueue=False)
        with CaptureQueriesContext(connection) as captured:
            services.compute_run(run)
        return sum(not q["sql"].lstrip().upper().startswith("INSERT") for q in captured.captured_queries)

    before = queries()
    for n in range(6):
        helped = RegionFactory(code=f"6201{n:02d}", name=f"县{n}", level="county")
        pairing = PairingFactory(
            helper_region=cast.world.dalian_liupanshui.helper_region, helped_region=helped
        )
        place(pairing, dt.date(2019, 2, 1))
        agreements(pairing, stalled=1, fine=1)
    assert Result.objects.count() == 2
    assert queries() == before


def test_last_years_published_run_gives_the_change(cast: Cast) -> None:
    earlier = compute(year=2018)
    services.run_publish(actor=None, run=earlier)
    run = compute()
    dl = cast.world.dalian_liupanshui
    result = result_of(run, dl)
    assert result.previous_percent == result_of(earlier, dl).percent
    assert result.change == result.percent - result.previous_percent


def test_an_adjustment_is_kept_beside_the_computed_score(cast: Cast) -> None:
    run = compute()
    dl = cast.world.dalian_liupanshui
    score = score_of(run, dl, "placements")
    before = result_of(run, dl)
    services.score_adjust(
        actor=cast.world.assessor, score=score, points=Decimal(2), reason="外出务工登记滞后"
    )
    score.refresh_from_db()
    assert score.score == Decimal("0.03")  # never overwritten
    after = result_of(run, dl)
    assert after.total == before.total
    assert after.adjusted_total == before.total + 2
    rows = [r for a in selectors.scorecard(result=after) for r in a.rows if r.score.pk == score.pk]
    assert rows[0].adjusted == Decimal("2.03")
    assert rows[0].adjustments[0].reason == "外出务工登记滞后"


def test_an_adjustment_needs_a_reason_and_an_assessor(cast: Cast) -> None:
    run = compute()
    score = score_of(run, cast.world.dalian_liupanshui, "placements")
    with pytest.raises(ValidationError):
        services.score_adjust(actor=cast.world.assessor, score=score, points=Decimal(1), reason=" ")
    with pytest.raises(PermissionDenied):
        services.score_adjust(actor=cast.world.dalian_office, score=score, points=Decimal(1), reason="x")


def test_the_office_writes_its_self_assessment_while_the_run_is_a_draft(cast: Cast) -> None:
    run = compute()
    result = result_of(run, cast.world.dalian_liupanshui)
    services.result_statements_set(actor=cast.world.dalian_office, result=result, self_assessment="完成较好")
    with pytest.raises(PermissionDenied):
        services.result_statements_set(actor=cast.world.shanghai_office, result=result, partner_opinion="x")
    services.run_publish(actor=cast.world.assessor, run=run)
    with pytest.raises(ValidationError):
        services.result_statements_set(actor=cast.world.dalian_office, result=result, partner_opinion="同意")


def test_the_sample_for_on_site_checks_is_drawn_again_by_its_seed(cast: Cast) -> None:
    run = compute()
    first = services.run_sample_draw(actor=None, run=run, size=1, seed=42).sample_ids
    assert services.run_sample_draw(actor=None, run=run, size=1, seed=42).sample_ids == first


def snapshot(run: AssessmentRun) -> list[tuple[Any, ...]]:
    scores = Score.objects.filter(result__run=run).order_by("pk")
    results = Result.objects.filter(run=run).order_by("pk")
    return [
        *scores.values_list("pk", "value", "target", "score", "evidence_count", "explanation"),
        *results.values_list("pk", "total", "adjusted_total", "percent", "grade", "rank"),
    ]


def test_a_published_run_is_refused_further_changes(cast: Cast) -> None:
    run = compute()
    services.run_publish(actor=None, run=run)
    with pytest.raises(ValidationError):
        services.run_publish(actor=None, run=run)
    score = score_of(run, cast.world.dalian_liupanshui, "placements")
    with pytest.raises(ValidationError):
        services.score_adjust(actor=None, score=score, points=Decimal(1), reason="迟到")
    with pytest.raises(ValidationError):
        services.compute_run(AssessmentRun.objects.get(pk=run.pk))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    added=st.integers(min_value=0, max_value=3),
    removed=st.integers(min_value=0, max_value=2),
    stalled=st.integers(min_value=0, max_value=2),
)
def test_a_published_run_does_not_change_when_the_data_under_it_changes(
    cast: Cast, added: int, removed: int, stalled: int
) -> None:
    dl = cast.world.dalian_liupanshui
    run = compute()
    services.run_publish(actor=None, run=run)
    frozen = snapshot(run)
    for _ in range(added):
        place(dl, dt.date(2019, 8, 1))
    for placement in Placement.objects.filter(pairing=dl, start_date__year=2019).order_by("pk")[:removed]:
        placement.delete()
    agreements(dl, stalled=stalled, fine=0)
    assert snapshot(run) == frozen
    fresh = score_of(compute(), dl, "placements")  # a new run sees the records as they are now
    assert (
        fresh.value
        == Placement.objects.filter(pairing__path__startswith=dl.path, start_date__year=2019).count()
    )


def test_the_unit_performance_scheme_scores_the_units_of_the_lists(world: Any) -> None:
    from counterpart.plans.models import AccountabilityRecord
    from tests.factories import OrganizationFactory
    from tests.plans.factories import ItemFactory, ResponsibilityListFactory

    unit = OrganizationFactory(name="大连市人社局")
    rlist = ResponsibilityListFactory(year=2019, pairing=world.dalian_liupanshui)
    item = ItemFactory(responsibility_list=rlist, lead_unit=unit)
    ItemFactory(responsibility_list=rlist, lead_unit=unit)
    AccountabilityRecord.objects.create(responsibility_list=rlist, item=item, unit=unit, reason="未按期报送")
    run = compute("unit-performance")
    result = Result.objects.get(run=run, unit=unit)
    score = Score.objects.get(result=result, indicator="accountability")
    assert (score.value, score.score, score.evidence_count) == (Decimal(1), Decimal("5.00"), 1)
    assert Score.objects.get(result=result, indicator="completion").explanation["denominator"] == "2"


def test_the_assess_command_prints_the_ranking(cast: Cast) -> None:
    out = StringIO()
    call_command(
        "assess", "--scheme", "east-west", "--year", "2019", "--no-progress", "--publish", stdout=out
    )
    text = out.getvalue()
    assert "east-west v1, 2019" in text
    assert "#1" in text
    assert AssessmentRun.objects.get().state == AssessmentRun.State.PUBLISHED


def test_the_assess_command_refuses_an_unknown_scheme(db: Any) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="east-west"):
        call_command("assess", "--scheme", "nope", "--year", "2019", "--no-progress")
