"""Assessment runs and their scores: published runs for everyone (each reads its own pairings' results),
drafts for assessors."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from counterpart.assessment import selectors
from counterpart.core.api_auth import request_user
from counterpart.core.api_common import Id

router = Router(tags=["assessment"])


class RunOut(Schema):
    id: int
    scheme: str
    scheme_version: int
    year: int
    status: str
    state: str
    published_at: Any = None


class ResultOut(Schema):
    id: int
    pairing: int | None
    unit: int | None
    subject: str
    group: str
    total: Decimal
    adjusted_total: Decimal
    available: Decimal
    percent: Decimal
    grade: str
    rank: int | None
    group_size: int
    previous_percent: Decimal | None


class ScoreOut(Schema):
    id: int
    area: str
    indicator: str
    status: str
    value: Decimal | None
    target: Decimal | None
    score: Decimal | None
    adjusted: Decimal | None
    weight: Decimal
    evidence_count: int
    explanation: str


class ResultDetailOut(ResultOut):
    run: int
    self_assessment: str
    partner_opinion: str
    scores: list[ScoreOut]


def _run(run: Any) -> dict[str, Any]:
    return {
        "id": run.pk,
        "scheme": run.scheme_code,
        "scheme_version": run.scheme_version,
        "year": run.year,
        "status": run.status,
        "state": run.state,
        "published_at": run.published_at,
    }


def _result(r: Any) -> dict[str, Any]:
    return {
        "id": r.pk,
        "pairing": r.pairing_id,
        "unit": r.unit_id,
        "subject": str(r.subject),
        "group": r.group,
        "total": r.total,
        "adjusted_total": r.adjusted_total,
        "available": r.available,
        "percent": r.percent,
        "grade": r.grade,
        "rank": r.rank,
        "group_size": r.group_size,
        "previous_percent": r.previous_percent,
    }


@router.get("/runs", response=list[RunOut], summary="Assessment runs")
def runs(request: HttpRequest) -> Any:
    return [_run(r) for r in selectors.run_list(user=request_user(request))[:500]]


@router.get("/runs/{run_id}", response=RunOut, summary="An assessment run")
def run_detail(request: HttpRequest, run_id: Id) -> Any:
    return _run(selectors.run_get_for_user(user=request_user(request), run_id=run_id))


@router.get("/runs/{run_id}/results", response=list[ResultOut], summary="A run's results, by group and rank")
def run_results(request: HttpRequest, run_id: Id) -> Any:
    user = request_user(request)
    run = selectors.run_get_for_user(user=user, run_id=run_id)
    return [_result(r) for r in selectors.result_list(user=user, run=run)]


@router.get(
    "/results/{assessment_result_id}",
    response=ResultDetailOut,
    summary="A result with its indicators' scores",
)
def result_detail(request: HttpRequest, assessment_result_id: Id) -> Any:
    result = selectors.result_get_for_user(user=request_user(request), result_id=assessment_result_id)
    scores = [
        {
            "id": row.score.pk,
            "area": row.score.area,
            "indicator": row.score.indicator,
            "status": row.score.status,
            "value": row.score.value,
            "target": row.score.target,
            "score": row.score.score,
            "adjusted": row.adjusted,
            "weight": row.score.weight,
            "evidence_count": row.score.evidence_count,
            "explanation": row.sentence,
        }
        for area in selectors.scorecard(result=result)
        for row in area.rows
    ]
    return {
        **_result(result),
        "run": result.run_id,
        "self_assessment": result.self_assessment,
        "partner_opinion": result.partner_opinion,
        "scores": scores,
    }
