"""The scoring rules of an indicator, as pure functions of (value, target, weight, parameters).

Every rule returns a `Decimal` within [0, weight]. A rule is higher-is-better unless it says otherwise
(`LOWER_IS_BETTER`): its score never falls when the value rises. The idioms are those of local assessment
tables (DOMAIN.md): "partial completion in proportion, no bonus above the plan" (`share_of_target`), "2 points
off for each missing item, down to zero for the section" (`deduction`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

ZERO = Decimal(0)
ONE = Decimal(1)
CENT = Decimal("0.01")

Rule = Callable[[Decimal, Decimal | None, Decimal, Mapping[str, Any]], Decimal]


def clamp(score: Decimal, weight: Decimal) -> Decimal:
    return max(ZERO, min(weight, score))


def rounded(score: Decimal) -> Decimal:
    return score.quantize(CENT, rounding=ROUND_HALF_UP)


def share_of_target(
    value: Decimal, target: Decimal | None, weight: Decimal, _params: Mapping[str, Any]
) -> Decimal:
    """The share of the target reached, capped at 100 %: value ÷ target × weight, no bonus above the target.
    A target of zero (nothing was asked) gives the full weight."""
    if target is None or target <= 0:
        return weight
    return clamp(weight * max(value, ZERO) / target, weight)


def proportional(
    value: Decimal, _target: Decimal | None, weight: Decimal, _params: Mapping[str, Any]
) -> Decimal:
    """A rate scored in proportion, without bonus: the value is a share (0–1; above 1 counts as 1)."""
    return clamp(weight * max(value, ZERO), weight)


def bands(value: Decimal, _target: Decimal | None, weight: Decimal, params: Mapping[str, Any]) -> Decimal:
    """Points by band: `bands = [[min, points], …]`, the band of the highest `min` not above the value;
    below every band, nothing. Points are capped at the weight."""
    best = ZERO
    for minimum, points in sorted((Decimal(str(m)), Decimal(str(p))) for m, p in params.get("bands", ())):
        if value >= minimum:
            best = max(best, points)
    return clamp(best, weight)


def yes_no(value: Decimal, _target: Decimal | None, weight: Decimal, params: Mapping[str, Any]) -> Decimal:
    """The full weight once the value reaches the threshold (`threshold`, default: more than nothing)."""
    threshold = params.get("threshold")
    done = value >= Decimal(str(threshold)) if threshold is not None else value > 0
    return weight if done else ZERO


def deduction(value: Decimal, _target: Decimal | None, weight: Decimal, params: Mapping[str, Any]) -> Decimal:
    """`per` points off for each missing (or faulty) item counted by the value, down to `floor` (default 0).
    Lower is better: the value counts what is missing."""
    per = Decimal(str(params.get("per", 1)))
    floor = clamp(Decimal(str(params.get("floor", 0))), weight)
    return clamp(max(floor, weight - per * max(value, ZERO)), weight)


def lower_is_better(
    value: Decimal, target: Decimal | None, weight: Decimal, _params: Mapping[str, Any]
) -> Decimal:
    """The full weight at or below the target; above it, weight × target ÷ value (nothing for a target of
    zero exceeded)."""
    limit = target if target is not None else ZERO
    if value <= limit:
        return weight
    if limit <= 0:
        return ZERO
    return clamp(weight * limit / value, weight)


RULES: dict[str, Rule] = {
    "share_of_target": share_of_target,
    "proportional": proportional,
    "bands": bands,
    "yes_no": yes_no,
    "deduction": deduction,
    "lower_is_better": lower_is_better,
}
#: Rules whose value counts what is wrong: their score never rises with the value.
LOWER_IS_BETTER = frozenset({"deduction", "lower_is_better"})
#: Rules that need a target.
NEED_TARGET = frozenset({"share_of_target", "lower_is_better"})


def score(
    rule: str, value: Decimal, target: Decimal | None, weight: Decimal, params: Mapping[str, Any]
) -> Decimal:
    """The indicator's score under `rule`, rounded to 0.01 and within [0, weight]."""
    return rounded(clamp(RULES[rule](value, target, weight, params), weight))


def weighted_total(parts: Sequence[Decimal]) -> Decimal:
    """An area's or the scheme's total: the sum of its parts (each already weighted)."""
    return sum(parts, ZERO)


def grade_for(percent: Decimal, grades: Sequence[tuple[str, Decimal]]) -> str:
    """The code of the grade band (`(code, minimum percent)`, any order) the percent falls into; ''
    below all."""
    for code, minimum in sorted(grades, key=lambda g: g[1], reverse=True):
        if percent >= minimum:
            return code
    return ""
