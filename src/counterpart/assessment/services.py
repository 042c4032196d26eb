"""Writes of the assessment: start a run, compute it (in bulk), adjust a score, write the self-assessment and
the partner's opinion, draw the on-site sample, publish.

The computation reads every metric term of the scheme once for all subjects (one grouped query each, see
`assessment.metrics`), so its query count does not grow with the number of pairings, and an indicator that
reuses a term adds none. Only assessors start, adjust and publish runs; the office of a pairing writes its
self-assessment and its partner's opinion while the run is a draft. A published run is frozen.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from counterpart.assessment import metrics, scoring
from counterpart.assessment.models import Adjustment, AssessmentRun, Result, Score
from counterpart.assessment.schemes import Expression, Indicator, Scheme, available_schemes, scheme_from_data
from counterpart.core.jobs import Progress
from counterpart.core.services import Actor, acting_user, validated_save
from counterpart.orgs.models import Organization
from counterpart.pairings.models import Pairing
from counterpart.pairings.scope import actor_scope
from counterpart.plans.models import Item

ZERO = Decimal(0)
HUNDRED = Decimal(100)


def _require_assessor(actor: Actor) -> None:
    if not actor_scope(actor).everything:
        raise PermissionDenied(_("Only assessors run, adjust and publish assessments."))


def _require_draft(run: AssessmentRun) -> None:
    if run.is_published:
        raise ValidationError(_("This run is published and frozen; start a new run for a revision."))


# --- starting -------------------------------------------------------------------------------------------


def scheme_get(code: str) -> Scheme:
    schemes = available_schemes()
    if code not in schemes:
        raise ValidationError(
            {
                "scheme": _("No scheme %(code)s; the schemes are: %(codes)s.")
                % {"code": code, "codes": ", ".join(schemes)}
            }
        )
    return schemes[code]


@transaction.atomic
def run_create(*, actor: Actor, scheme_code: str, year: int, enqueue: bool = True) -> AssessmentRun:
    """Queue a run of the scheme's current version for a year (an assessor only). The web queues its task;
    the CLI runs it in the foreground (`enqueue=False`)."""
    _require_assessor(actor)
    scheme = scheme_get(scheme_code)
    run = AssessmentRun(
        scheme_code=scheme.code,
        scheme_version=scheme.version,
        scheme_checksum=scheme.checksum,
        scheme=scheme.as_data(),
        year=year,
        created_by=acting_user(actor),
    )
    validated_save(run, actor=actor, exclude=["scheme"])
    if enqueue:
        from counterpart.assessment.tasks import run_assessment_task

        transaction.on_commit(lambda: run_assessment_task.enqueue(run.pk))
    return run


def run_scheme(run: AssessmentRun) -> Scheme:
    """The scheme the run used, as stored with it."""
    return scheme_from_data(run.scheme)


# --- computing ----------------------------------------------------------------------------------------


@dataclass
class Computed:
    """An indicator's figures for one subject."""

    status: str
    value: Decimal | None = None
    target: Decimal | None = None
    score: Decimal | None = None
    evidence: int = 0
    explanation: dict[str, Any] = field(default_factory=dict)


TermValues = dict[int, tuple[Decimal, int]]


class MetricCache:
    """Every metric term's values for all subjects of a year, computed once."""

    def __init__(self, subjects: list[Any]) -> None:
        self.subjects = subjects
        self.values: dict[
            tuple[str, int, tuple[tuple[str, str], ...]], dict[int, tuple[Decimal, int]] | str
        ] = {}
        self._paths: dict[int, str] | None = None

    def paths(self) -> dict[int, str]:
        if self._paths is None:
            self._paths = metrics.pairing_paths()
        return self._paths

    def term(self, name: str, year: int, args: dict[str, str]) -> dict[int, tuple[Decimal, int]] | str:
        key = (name, year, tuple(sorted(args.items())))
        if key not in self.values:
            try:
                by_pairing = metrics.REGISTRY[name].subject == metrics.PAIRING
                self.values[key] = metrics.compute(
                    name, year, args, self.subjects, paths=self.paths() if by_pairing else None
                )
            except metrics.MetricUnavailable as exc:
                self.values[key] = str(exc)
        return self.values[key]

    def evaluate(self, expr: Expression, year: int) -> dict[int, tuple[Decimal, int]] | str:
        """{subject: (value, records)} of an expression, or the reason it cannot be computed."""
        out: dict[int, list[Any]] = {s.pk: [ZERO, 0] for s in self.subjects}
        for term in expr.terms:
            values = self.term(term.metric, year, term.args)
            if isinstance(values, str):
                return values
            for pk, (value, count) in values.items():
                out[pk][0] += term.sign * value
                out[pk][1] += count
        return {pk: (v, n) for pk, (v, n) in out.items()}


def _indicator_values(
    indicator: Indicator, year: int, cache: MetricCache
) -> tuple[dict[int, tuple[Decimal | None, int]], str, dict[int, tuple[Decimal, Decimal]]]:
    """{subject: (value or None when nothing to rate, records)}, the reason it cannot be computed ('' if it
    can), and for rates {subject: (numerator, denominator)}."""
    numerator = cache.evaluate(indicator.numerator, year)
    if isinstance(numerator, str):
        return {}, numerator, {}
    if indicator.denominator is None:
        return {pk: (v * indicator.factor, n) for pk, (v, n) in numerator.items()}, "", {}
    denominator = cache.evaluate(indicator.denominator, year)
    if isinstance(denominator, str):
        return {}, denominator, {}
    out: dict[int, tuple[Decimal | None, int]] = {}
    parts: dict[int, tuple[Decimal, Decimal]] = {}
    for pk, (num, count) in numerator.items():
        den = denominator[pk][0]
        parts[pk] = (num, den)
        out[pk] = (None if den == 0 else num / den * indicator.factor, count)
    return out, "", parts


def _targets(
    indicator: Indicator,
    year: int,
    cache: MetricCache,
    values: dict[int, tuple[Decimal | None, int]],
    groups: dict[int, str],
) -> dict[int, Decimal | None] | str:
    source = indicator.target.source
    if source == "none":
        return dict.fromkeys(values)
    if source == "fixed":
        return dict.fromkeys(values, indicator.target.value)
    if source == "metric" and indicator.target.expression is not None:
        found = cache.evaluate(indicator.target.expression, year)
        if isinstance(found, str):
            return found
        return {pk: v for pk, (v, _n) in found.items()}
    if source == "last_year":
        previous, reason, _parts = _indicator_values(indicator, year - 1, cache)
        if reason:
            return reason
        return {pk: v for pk, (v, _n) in previous.items()}
    # the group's median of the subjects' values
    by_group: dict[str, list[Decimal]] = {}
    for pk, (value, _n) in values.items():
        if value is not None:
            by_group.setdefault(groups[pk], []).append(value)
    medians = {g: Decimal(statistics.median(v)) for g, v in by_group.items() if v}
    return {pk: medians.get(groups[pk]) for pk in values}


def compute_indicator(
    indicator: Indicator, year: int, cache: MetricCache, groups: dict[int, str]
) -> dict[int, Computed]:
    """The indicator's figures for every subject."""
    values, reason, parts = _indicator_values(indicator, year, cache)
    if reason:
        return {
            s.pk: Computed(Score.Status.UNAVAILABLE, explanation={"reason": reason}) for s in cache.subjects
        }
    targets = _targets(indicator, year, cache, values, groups)
    if isinstance(targets, str):
        return {
            s.pk: Computed(Score.Status.UNAVAILABLE, explanation={"reason": targets}) for s in cache.subjects
        }
    out_of = cache.evaluate(indicator.out_of, year) if indicator.out_of is not None else None
    computed: dict[int, Computed] = {}
    for pk, (value, count) in values.items():
        explanation: dict[str, Any] = {"rule": indicator.rule, "weight": str(indicator.weight)}
        if pk in parts:
            explanation["numerator"], explanation["denominator"] = (str(x) for x in parts[pk])
        if isinstance(out_of, dict):
            explanation["out_of"] = str(out_of[pk][0])
        if value is None:
            computed[pk] = Computed(Score.Status.NOT_APPLICABLE, evidence=count, explanation=explanation)
            continue
        target = targets.get(pk)
        points = scoring.score(indicator.rule, value, target, indicator.weight, indicator.params)
        explanation.update(
            value=str(value.normalize() if value == value.to_integral() else round(value, 4)),
            target=None if target is None else str(target),
            score=str(points),
            lost=str(indicator.weight - points),
        )
        computed[pk] = Computed(Score.Status.COMPUTED, value, target, points, count, explanation)
    return computed


def run_subjects(scheme: Scheme, year: int) -> list[Any]:
    """Who the scheme assesses: the pairings of its programme and levels, or the units leading items in the
    year's lists."""
    if scheme.subject == metrics.UNIT:
        leads = Item.objects.filter(responsibility_list__year=year).values("lead_unit_id")
        return list(Organization.objects.filter(pk__in=leads).order_by("pk"))
    qs = Pairing.objects.select_related("helped_region")
    if scheme.programme:
        qs = qs.filter(programme=scheme.programme)
    if scheme.levels:
        qs = qs.filter(level__in=scheme.levels)
    return list(qs.order_by("path"))


def _group(scheme: Scheme, subject: Any) -> str:
    return subject.level if scheme.subject == metrics.PAIRING else "unit"


def compute_run(run: AssessmentRun, progress: Progress | None = None) -> int:
    """Compute every indicator for every subject and write the results and scores (a draft run; the
    previous results of the run are replaced). Returns the number of subjects."""
    _require_draft(run)
    scheme = run_scheme(run)
    subjects = run_subjects(scheme, run.year)
    groups = {s.pk: _group(scheme, s) for s in subjects}
    cache = MetricCache(subjects)
    indicators = scheme.indicators
    figures: dict[str, dict[int, Computed]] = {}
    for done, indicator in enumerate(indicators):
        if progress:
            progress(done, len(indicators), "assess")
        figures[indicator.code] = compute_indicator(indicator, run.year, cache, groups)
    if progress:
        progress(len(indicators), len(indicators), "assess")
    with transaction.atomic():
        Result.objects.filter(run=run).delete()
        results = [
            Result(
                run=run,
                pairing=s if scheme.subject == metrics.PAIRING else None,
                unit=s if scheme.subject == metrics.UNIT else None,
                group=groups[s.pk],
            )
            for s in subjects
        ]
        Result.objects.bulk_create(results)
        scores: list[Score] = []
        for result, subject in zip(results, subjects, strict=True):
            for position, indicator in enumerate(indicators):
                c = figures[indicator.code][subject.pk]
                scores.append(
                    Score(
                        result=result,
                        area=indicator.area,
                        indicator=indicator.code,
                        position=position,
                        status=c.status,
                        value=c.value,
                        target=c.target,
                        score=c.score,
                        weight=indicator.weight,
                        evidence_count=c.evidence,
                        explanation=c.explanation,
                    )
                )
        Score.objects.bulk_create(scores, batch_size=2000)
        _totals(run, scheme, results, scores)
    return len(subjects)


def _totals(run: AssessmentRun, scheme: Scheme, results: list[Result], scores: Iterable[Score]) -> None:
    """Area and total scores, the percent of the computable points, the grade, the rank within the group
    and last year's percent, for every result of the run (adjustments counted)."""
    adjustments = dict(
        Adjustment.objects.filter(score__result__run=run)
        .values("score_id")
        .annotate(points=Sum("points"))
        .values_list("score_id", "points")
    )
    by_result: dict[int, list[Score]] = {}
    for s in scores:
        by_result.setdefault(s.result_id, []).append(s)
    previous = _previous_percents(run, scheme)
    for result in results:
        areas: dict[str, dict[str, Decimal]] = {
            a.code: {"score": ZERO, "adjusted": ZERO, "weight": a.weight, "available": ZERO}
            for a in scheme.areas
        }
        for s in by_result.get(result.pk, []):
            area = areas[s.area]
            if s.status != Score.Status.COMPUTED or s.score is None:
                continue
            area["score"] += s.score
            area["adjusted"] += scoring.clamp(s.score + adjustments.get(s.pk, ZERO), s.weight)
            area["available"] += s.weight
        result.total = scoring.weighted_total([a["score"] for a in areas.values()])
        result.adjusted_total = scoring.weighted_total([a["adjusted"] for a in areas.values()])
        result.available = scoring.weighted_total([a["available"] for a in areas.values()])
        result.percent = (
            scoring.rounded(result.adjusted_total / result.available * HUNDRED) if result.available else ZERO
        )
        result.grade = scoring.grade_for(result.percent, scheme.grade_bands()) if result.available else ""
        result.areas = {code: {k: str(v) for k, v in a.items()} for code, a in areas.items()}
        subject_id = result.pairing_id or result.unit_id
        result.previous_percent = previous.get(subject_id) if subject_id else None
    groups: dict[str, list[Result]] = {}
    for result in results:
        groups.setdefault(result.group, []).append(result)
    for members in groups.values():
        ordered = sorted(members, key=lambda r: r.percent, reverse=True)
        for index, result in enumerate(ordered):
            same = index and ordered[index - 1].percent == result.percent
            result.rank = ordered[index - 1].rank if same else index + 1
            result.group_size = len(members)
    Result.objects.bulk_update(
        results,
        [
            "total",
            "adjusted_total",
            "available",
            "percent",
            "grade",
            "areas",
            "previous_percent",
            "rank",
            "group_size",
        ],
        batch_size=1000,
    )


def _previous_percents(run: AssessmentRun, scheme: Scheme) -> dict[int, Decimal]:
    """Each subject's percent in last year's latest published run of the same scheme."""
    last = (
        AssessmentRun.objects.filter(
            scheme_code=run.scheme_code, year=run.year - 1, state=AssessmentRun.State.PUBLISHED
        )
        .order_by("-published_at", "-pk")
        .first()
    )
    if last is None:
        return {}
    field_name = "pairing_id" if scheme.subject == metrics.PAIRING else "unit_id"
    return {pk: pct for pk, pct in Result.objects.filter(run=last).values_list(field_name, "percent") if pk}


def recompute_totals(run: AssessmentRun) -> None:
    results = list(Result.objects.filter(run=run))
    scores = Score.objects.filter(result__run=run).only(
        "pk", "result_id", "area", "status", "score", "weight"
    )
    _totals(run, run_scheme(run), results, scores)


# --- the process -------------------------------------------------------------------------------------------


@transaction.atomic
def score_adjust(*, actor: Actor, score: Score, points: Decimal, reason: str) -> Adjustment:
    """An assessor's adjustment of a computed score, with its reason: kept beside the score (never
    overwriting it); the result's totals, grade and ranks follow. A published run refuses."""
    _require_assessor(actor)
    run = AssessmentRun.objects.select_for_update().get(pk=score.result.run_id)
    _require_draft(run)
    if score.status != Score.Status.COMPUTED:
        raise ValidationError({"points": _("Only a computed score can be adjusted.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason of the adjustment.")})
    adjustment = Adjustment(score=score, points=points, reason=reason.strip(), made_by=acting_user(actor))
    validated_save(adjustment, actor=actor)
    recompute_totals(run)
    return adjustment


@transaction.atomic
def result_statements_set(
    *, actor: Actor, result: Result, self_assessment: str | None = None, partner_opinion: str | None = None
) -> Result:
    """The pairing's self-assessment and its partner's opinion: written by an office of the pairing (or an
    assessor) while the run is a draft."""
    scope = actor_scope(actor)
    if not (scope.everything or (result.pairing is not None and scope.can_write(result.pairing))):
        raise PermissionDenied(_("You may not write this pairing's self-assessment."))
    run = AssessmentRun.objects.select_for_update().get(pk=result.run_id)
    _require_draft(run)
    if self_assessment is not None:
        result.self_assessment = self_assessment.strip()
    if partner_opinion is not None:
        result.partner_opinion = partner_opinion.strip()
    return validated_save(result, actor=actor)


@transaction.atomic
def run_sample_draw(*, actor: Actor, run: AssessmentRun, size: int, seed: int | None = None) -> AssessmentRun:
    """Draw the subjects for the on-site cross-checks with a stored seed (the same seed draws the same
    sample again)."""
    _require_assessor(actor)
    _require_draft(run)
    if size < 1:
        raise ValidationError({"size": _("Draw at least one.")})
    seed = seed if seed is not None else random.SystemRandom().randrange(1, 2**62)
    ids = sorted(Result.objects.filter(run=run).values_list("pk", flat=True))
    run.sample_seed = seed
    run.sample_ids = sorted(random.Random(seed).sample(ids, min(size, len(ids))))  # noqa: S311  # a reproducible draw
    return validated_save(run, actor=actor, exclude=["scheme"])


@transaction.atomic
def run_publish(*, actor: Actor, run: AssessmentRun) -> AssessmentRun:
    """Publish a computed draft (one conditional UPDATE: published once). Its figures are kept as they are;
    a revision is a new run."""
    _require_assessor(actor)
    if run.status != AssessmentRun.Status.DONE:
        raise ValidationError(_("Only a computed run can be published."))
    now = timezone.now()
    changed = AssessmentRun.objects.filter(pk=run.pk, state=AssessmentRun.State.DRAFT).update(
        state=AssessmentRun.State.PUBLISHED, published_at=now, published_by=acting_user(actor)
    )
    if not changed:
        raise ValidationError(_("This run is published and frozen; start a new run for a revision."))
    run.refresh_from_db()
    run._history_user = acting_user(actor)  # type: ignore[attr-defined]
    run.save(update_fields=["state"])  # a history row for the publication
    return run
