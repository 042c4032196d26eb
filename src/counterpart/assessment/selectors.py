"""Reads of the assessment, filtered by the user's scope: assessors read every run (drafts too); anyone else
reads published runs only, and in them the results of the pairings in its scope (a unit reporter its unit's).
Scores are explained in the reader's language (`explain`); the drill-down lists a score's records, live."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from counterpart.assessment import metrics
from counterpart.assessment.models import Adjustment, AssessmentRun, Result, Score
from counterpart.assessment.schemes import Indicator, Scheme, localized
from counterpart.assessment.services import run_scheme
from counterpart.pairings.scope import Scope, scope_for

SUBJECT_JOINS = (
    "pairing__helper_region",
    "pairing__helped_region",
    "pairing__helper_org",
    "pairing__helped_org",
    "unit",
)


def run_list(*, user: Any) -> QuerySet[AssessmentRun]:
    qs = AssessmentRun.objects.select_related("created_by").order_by("-year", "-created_at", "-pk")
    if not scope_for(user).everything:
        qs = qs.filter(state=AssessmentRun.State.PUBLISHED)
    return qs


def run_get_for_user(*, user: Any, run_id: int) -> AssessmentRun:
    run = run_list(user=user).filter(pk=run_id).first()
    if run is None:
        raise Http404(_("No such assessment run."))
    return run


def _result_q(scope: Scope) -> Q:
    if scope.everything:
        return Q()
    q = Q(pairing__isnull=False) & scope.pairing_q("pairing__")
    if scope.organizations:
        q |= Q(unit_id__in=scope.organizations)
    return q


def result_list(*, user: Any, run: AssessmentRun) -> QuerySet[Result]:
    """The run's results the user reads, by group and rank."""
    return (
        Result.objects.filter(_result_q(scope_for(user)), run=run)
        .select_related(*SUBJECT_JOINS)
        .order_by("group", "rank", "pk")
    )


def result_get_for_user(*, user: Any, result_id: int) -> Result:
    scope = scope_for(user)
    qs = Result.objects.filter(_result_q(scope), pk=result_id).select_related("run", *SUBJECT_JOINS)
    if not scope.everything:
        qs = qs.filter(run__state=AssessmentRun.State.PUBLISHED)
    result = qs.first()
    if result is None:
        raise Http404(_("No such assessment result."))
    return result


def score_get_for_user(*, user: Any, score_id: int) -> Score:
    score = Score.objects.select_related("result").filter(pk=score_id).first()
    if score is None:
        raise Http404(_("No such score."))
    score.result = result_get_for_user(user=user, result_id=score.result_id)
    return score


def grade_distribution(*, run: AssessmentRun) -> list[tuple[str, str, int]]:
    """(grade code, name, results) for every band of the scheme, best first: counts of the whole run."""
    scheme = run_scheme(run)
    counts = Counter(Result.objects.filter(run=run).values_list("grade", flat=True))
    bands = sorted(scheme.grades, key=lambda g: g.minimum, reverse=True)
    return [(g.code, localized(g.name), counts.get(g.code, 0)) for g in bands]


def grade_name(scheme: Scheme, code: str) -> str:
    grade = scheme.grade(code)
    return localized(grade.name) if grade else ""


# --- explanations ---------------------------------------------------------------------------------------


def _num(value: Any) -> str:
    if value in (None, ""):
        return "—"
    number = Decimal(str(value))
    if number == number.to_integral():
        return f"{number.quantize(Decimal(1)):,}"
    return f"{number.quantize(Decimal('0.01')):,}"


def explain(score: Score, indicator: Indicator | None) -> str:
    """The sentence saying why the indicator scored what it did ("2 of 13 agreements stalled: −4")."""
    data = score.explanation or {}
    if score.status == Score.Status.UNAVAILABLE:
        reason = data.get("reason")
        # reasons are stored as their untranslated message and shown in the reader's language
        return _(str(reason)) if reason else _("cannot be computed yet")
    unit = localized(indicator.unit) if indicator else ""
    if score.status == Score.Status.NOT_APPLICABLE:
        return _("Nothing to rate this year (no records): left out of the points.")
    rule = data.get("rule")
    values = {
        "value": _num(data.get("value")),
        "target": _num(data.get("target")),
        "score": _num(data.get("score")),
        "weight": _num(data.get("weight")),
        "lost": _num(data.get("lost")),
        "unit": unit,
        "numerator": _num(data.get("numerator")),
        "denominator": _num(data.get("denominator")),
        "out_of": _num(data.get("out_of")),
    }
    if rule == "deduction":
        if "out_of" in data:
            return _("%(value)s of %(out_of)s %(unit)s: −%(lost)s") % values
        return _("%(value)s %(unit)s: −%(lost)s") % values
    if rule == "proportional":
        values["percent"] = _num(Decimal(str(data.get("value"))) * 100)
        return _("%(numerator)s of %(denominator)s (%(percent)s%%): %(score)s of %(weight)s") % values
    if rule == "share_of_target":
        if data.get("target") in (None, "0", "0.0000") or Decimal(str(data.get("target") or 0)) <= 0:
            return _("%(value)s %(unit)s, no target set: %(score)s of %(weight)s") % values
        return _("%(value)s %(unit)s of a target of %(target)s: %(score)s of %(weight)s") % values
    if rule == "lower_is_better":
        return _("%(value)s %(unit)s, at most %(target)s wanted: %(score)s of %(weight)s") % values
    if rule == "yes_no":
        return _("%(value)s %(unit)s: %(score)s of %(weight)s") % values
    return _("%(value)s %(unit)s by the bands: %(score)s of %(weight)s") % values


@dataclass
class ScoreRow:
    score: Score
    indicator: Indicator | None
    name: str
    sentence: str
    adjustments: list[Adjustment]

    @property
    def adjusted(self) -> Decimal | None:
        if self.score.score is None:
            return None
        total = self.score.score + sum((a.points for a in self.adjustments), Decimal(0))
        return max(Decimal(0), min(self.score.weight, total))


@dataclass
class AreaRow:
    code: str
    name: str
    score: Decimal
    adjusted: Decimal
    weight: Decimal
    available: Decimal
    rows: list[ScoreRow]


def scorecard(*, result: Result) -> list[AreaRow]:
    """The result's areas with their indicators' scores, sentences and adjustments (two queries)."""
    scheme = run_scheme(result.run)
    scores = result.scores.prefetch_related(
        Prefetch(
            "adjustments", queryset=Adjustment.objects.select_related("made_by").order_by("created_at", "pk")
        )
    )
    by_area: dict[str, list[ScoreRow]] = {}
    for s in scores:
        indicator = next((i for i in scheme.indicators if i.code == s.indicator), None)
        name = localized(indicator.name) if indicator else s.indicator
        by_area.setdefault(s.area, []).append(
            ScoreRow(s, indicator, name, explain(s, indicator), list(s.adjustments.all()))
        )
    areas = []
    for area in scheme.areas:
        stored = result.areas.get(area.code, {})
        areas.append(
            AreaRow(
                area.code,
                localized(area.name),
                Decimal(stored.get("score", "0")),
                Decimal(stored.get("adjusted", stored.get("score", "0"))),
                Decimal(stored.get("weight", "0")),
                Decimal(stored.get("available", "0")),
                by_area.get(area.code, []),
            )
        )
    return areas


def radar_options(areas: list[AreaRow]) -> dict[str, Any]:
    """ECharts options: each area's share of its computable points (an area without data shows 0 and says
    so in its name)."""
    indicator = []
    values = []
    for a in areas:
        name = a.name if a.available else f"{a.name}（{_('no data')}）"
        indicator.append({"name": name, "max": 100})
        values.append(float(a.adjusted / a.available * 100) if a.available else 0)
    return {
        "tooltip": {},
        "radar": {"indicator": indicator, "radius": "65%"},
        "series": [{"type": "radar", "data": [{"value": values, "name": _("percent of the points")}]}],
    }


def trend(*, result: Result) -> list[tuple[int, Decimal, int]]:
    """(year, percent, result id) of the subject in the latest published run of each year of the scheme
    (and this run), one query."""
    qs = Result.objects.filter(run__scheme_code=result.run.scheme_code).filter(
        Q(run__state=AssessmentRun.State.PUBLISHED) | Q(pk=result.pk)
    )
    qs = qs.filter(pairing_id=result.pairing_id) if result.pairing_id else qs.filter(unit_id=result.unit_id)
    by_year: dict[int, tuple[Decimal, int]] = {}
    for year, percent, pk in qs.order_by("run__year", "run__published_at", "pk").values_list(
        "run__year", "percent", "pk"
    ):
        if year != result.run.year or pk == result.pk:
            by_year[year] = (percent, pk)
    return [(y, p, pk) for y, (p, pk) in sorted(by_year.items())]


def trend_options(points: list[tuple[int, Decimal, int]]) -> dict[str, Any]:
    return {
        "tooltip": {"trigger": "axis"},
        "xAxis": {"type": "category", "data": [str(y) for y, _p, _pk in points]},
        "yAxis": {"type": "value", "max": 100},
        "series": [
            {"type": "line", "data": [float(p) for _y, p, _pk in points], "name": _("percent of the points")}
        ],
    }


def distribution_options(distribution: list[tuple[str, str, int]]) -> dict[str, Any]:
    return {
        "tooltip": {},
        "xAxis": {"type": "category", "data": [name for _c, name, _n in distribution]},
        "yAxis": {"type": "value", "minInterval": 1},
        "series": [{"type": "bar", "data": [n for _c, _name, n in distribution]}],
    }


# --- the records behind a number -------------------------------------------------------------------------


@dataclass
class EvidenceRow:
    metric: str
    sign: int
    text: str
    url: str | None


def score_evidence(*, score: Score, limit: int = 500) -> tuple[list[EvidenceRow], int, Indicator | None]:
    """The records behind the score's value (its numerator's terms, as they are now: a published run keeps
    its figures, the records may have changed since) and how many there are; one query per term and one
    count."""
    result = score.result
    scheme = run_scheme(result.run)
    indicator = next((i for i in scheme.indicators if i.code == score.indicator), None)
    if indicator is None or score.status == Score.Status.UNAVAILABLE:
        return [], 0, indicator
    rows: list[EvidenceRow] = []
    total = 0
    for term in indicator.numerator.terms:
        definition = metrics.REGISTRY[term.metric]
        try:
            qs = metrics.evidence(term.metric, result.run.year, term.args, result.subject)
        except metrics.MetricUnavailable:
            continue
        total += qs.count()
        label = str(definition.label)
        rows.extend(
            EvidenceRow(label, term.sign, definition.describe(record), definition.link(record))
            for record in qs[: max(0, limit - len(rows))]
        )
    return rows, total, indicator


def annex_rows(*, result: Result) -> list[tuple[Any, ...]]:
    """The scorecard's annex: every indicator with its area, value, target, score (and adjusted), weight,
    evidence count and sentence."""
    return [
        (
            area.name,
            row.name,
            None if row.score.value is None else float(row.score.value),
            None if row.score.target is None else float(row.score.target),
            None if row.score.score is None else float(row.score.score),
            None if row.adjusted is None else float(row.adjusted),
            float(row.score.weight),
            row.score.evidence_count,
            row.sentence,
        )
        for area in scorecard(result=result)
        for row in area.rows
    ]


def annex_headers() -> list[str]:
    return [
        _("area"),
        _("indicator"),
        _("value"),
        _("target"),
        _("computed score"),
        _("score"),
        _("weight"),
        _("records"),
        _("explanation"),
    ]
