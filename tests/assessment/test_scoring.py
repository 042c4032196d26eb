"""The scoring rules, one by one, and their properties (hypothesis)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterpart.assessment import scoring

BANDS = {"bands": [[1, 2], [5, 3], [10, 4]]}


def test_share_of_target_is_capped_at_the_weight() -> None:
    assert scoring.score("share_of_target", D(50), D(100), D(6), {}) == D("3.00")
    assert scoring.score("share_of_target", D(250), D(100), D(6), {}) == D(
        "6.00"
    )  # no bonus above the target


def test_share_of_target_without_a_target_asked_gives_the_weight() -> None:
    assert scoring.score("share_of_target", D(0), D(0), D(4), {}) == D("4.00")


def test_proportional_scores_the_rate_without_bonus() -> None:
    assert scoring.score("proportional", D("0.75"), None, D(4), {}) == D("3.00")
    assert scoring.score("proportional", D("1.5"), None, D(4), {}) == D("4.00")


def test_bands_take_the_highest_band_reached() -> None:
    assert scoring.score("bands", D(0), None, D(4), BANDS) == D("0.00")
    assert scoring.score("bands", D(6), None, D(4), BANDS) == D("3.00")
    assert scoring.score("bands", D(99), None, D(4), BANDS) == D("4.00")


def test_yes_no_needs_the_threshold() -> None:
    assert scoring.score("yes_no", D(0), None, D(2), {}) == D("0.00")
    assert scoring.score("yes_no", D(1), None, D(2), {}) == D("2.00")
    assert scoring.score("yes_no", D(2), None, D(2), {"threshold": 3}) == D("0.00")


def test_deduction_takes_points_per_missing_item_down_to_the_floor() -> None:
    assert scoring.score("deduction", D(2), None, D(10), {"per": 2}) == D("6.00")  # "2 of 13 stalled: −4"
    assert scoring.score("deduction", D(9), None, D(10), {"per": 2}) == D("0.00")  # 扣完为止
    assert scoring.score("deduction", D(9), None, D(10), {"per": 2, "floor": 3}) == D("3.00")


def test_lower_is_better() -> None:
    assert scoring.score("lower_is_better", D(2), D(4), D(5), {}) == D("5.00")
    assert scoring.score("lower_is_better", D(8), D(4), D(5), {}) == D("2.50")
    assert scoring.score("lower_is_better", D(1), D(0), D(5), {}) == D("0.00")


def test_grades_by_percent() -> None:
    bands = [("good", D(90)), ("fair", D(75)), ("poor", D(0))]
    assert scoring.grade_for(D(90), bands) == "good"
    assert scoring.grade_for(D("89.99"), bands) == "fair"
    assert scoring.grade_for(D(0), bands) == "poor"


values = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
weights = st.decimals(min_value="0.5", max_value=100, places=1, allow_nan=False, allow_infinity=False)
targets = st.one_of(st.none(), values)
params = st.sampled_from([{}, BANDS, {"per": 2}, {"per": 1, "floor": 1}, {"threshold": 5}])


@given(rule=st.sampled_from(sorted(scoring.RULES)), value=values, target=targets, weight=weights, p=params)
def test_a_score_stays_within_zero_and_the_weight(
    rule: str, value: D, target: D | None, weight: D, p: dict
) -> None:
    points = scoring.score(rule, value, target, weight, {**BANDS, **p})
    assert D(0) <= points <= weight


@given(
    rule=st.sampled_from(sorted(set(scoring.RULES) - scoring.LOWER_IS_BETTER)),
    value=values,
    more=values,
    target=targets,
    weight=weights,
)
def test_a_higher_is_better_score_never_falls_when_the_value_rises(
    rule: str, value: D, more: D, target: D | None, weight: D
) -> None:
    low = scoring.score(rule, value, target, weight, BANDS)
    high = scoring.score(rule, value + more, target, weight, BANDS)
    assert high >= low


@given(
    rule=st.sampled_from(sorted(scoring.LOWER_IS_BETTER)),
    value=values,
    more=values,
    target=targets,
    w=weights,
)
def test_a_lower_is_better_score_never_rises_with_the_value(
    rule: str, value: D, more: D, target: D | None, w: D
) -> None:
    assert scoring.score(rule, value + more, target, w, {"per": 1}) <= scoring.score(
        rule, value, target, w, {"per": 1}
    )


@given(parts=st.lists(st.tuples(values, values, weights), min_size=1, max_size=12))
def test_the_total_is_the_weighted_sum_of_its_parts(parts: list[tuple[D, D, D]]) -> None:
    scores = [scoring.score("share_of_target", v, t, w, {}) for v, t, w in parts]
    total = scoring.weighted_total(scores)
    assert total == sum(scores, D(0))
    assert total <= sum((w for _v, _t, w in parts), D(0))


@pytest.mark.parametrize("rule", sorted(scoring.RULES))
def test_every_rule_is_tested_here(rule: str) -> None:
    assert rule in {"share_of_target", "proportional", "bands", "yes_no", "deduction", "lower_is_better"}
