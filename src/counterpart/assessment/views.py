"""Assessment pages: the runs, a run's ranking with the grade distribution, a subject's scorecard (radar by
area, trend), the records behind a score; assessors start, adjust and publish runs."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from counterpart.assessment import selectors, services
from counterpart.assessment.forms import AdjustmentForm, RunForm, SampleForm, StatementsForm
from counterpart.assessment.jobs import STAGE_LABELS
from counterpart.assessment.schemes import localized
from counterpart.core.exports import write_xlsx
from counterpart.core.files import set_download_headers
from counterpart.core.jobs import job_progress
from counterpart.core.ui import add_service_errors, is_htmx
from counterpart.pairings.scope import scope_for


def _assessor(request: HttpRequest) -> bool:
    return scope_for(request.user).everything


@login_required
@require_GET
def run_list_view(request: HttpRequest) -> HttpResponse:
    context = {
        "runs": selectors.run_list(user=request.user)[:200],
        "form": RunForm() if _assessor(request) else None,
        "section": "assessment",
    }
    return render(request, "assessment/runs.html", context)


@login_required
@require_POST
def run_create_view(request: HttpRequest) -> HttpResponse:
    if not _assessor(request):
        raise PermissionDenied(_("Only assessors run, adjust and publish assessments."))
    form = RunForm(request.POST)
    if form.is_valid():
        try:
            run = services.run_create(
                actor=request.user, scheme_code=form.cleaned_data["scheme"], year=form.cleaned_data["year"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("assessment:run", pk=run.pk)
    context = {"runs": selectors.run_list(user=request.user)[:200], "form": form, "section": "assessment"}
    return render(request, "assessment/runs.html", context, status=400)


def _run_context(request: HttpRequest, run: Any) -> dict[str, Any]:
    progress = job_progress(run)
    progress["stage_label"] = str(STAGE_LABELS.get(progress["stage"], "")) or progress["stage_label"]
    scheme = services.run_scheme(run)
    results = list(selectors.result_list(user=request.user, run=run)) if run.status == run.Status.DONE else []
    distribution = selectors.grade_distribution(run=run) if results else []
    for result in results:
        result.grade_name = selectors.grade_name(scheme, result.grade)  # type: ignore[attr-defined]
    return {
        "run": run,
        "scheme_name": localized(scheme.name),
        "scheme": scheme,
        "progress": progress,
        "results": results,
        "distribution": distribution,
        "distribution_options": selectors.distribution_options(distribution),
        "assessor": _assessor(request),
        "sample_form": SampleForm(),
        "section": "assessment",
    }


@login_required
@require_GET
def run_view(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.run_get_for_user(user=request.user, run_id=pk)
    context = _run_context(request, run)
    if is_htmx(request):
        response = render(request, "assessment/partials/run_progress.html", context)
        if not run.is_active:
            response["HX-Refresh"] = "true"  # computed: the whole page, with the ranking
        return response
    return render(request, "assessment/run.html", context)


@login_required
@require_POST
def run_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.run_get_for_user(user=request.user, run_id=pk)
    try:
        services.run_publish(actor=request.user, run=run)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The run is published; its figures are frozen."))
    return redirect("assessment:run", pk=run.pk)


@login_required
@require_POST
def run_sample_view(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.run_get_for_user(user=request.user, run_id=pk)
    if not _assessor(request):
        raise PermissionDenied(_("Only assessors run, adjust and publish assessments."))
    form = SampleForm(request.POST)
    if form.is_valid():
        try:
            services.run_sample_draw(actor=request.user, run=run, size=form.cleaned_data["size"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, " ".join(str(m) for errs in form.errors.values() for m in errs))
    return redirect("assessment:run", pk=run.pk)


def _statements(result: Any) -> StatementsForm:
    initial = {"self_assessment": result.self_assessment, "partner_opinion": result.partner_opinion}
    return StatementsForm(initial=initial)


def _result_context(request: HttpRequest, result: Any, **extra: Any) -> dict[str, Any]:
    areas = selectors.scorecard(result=result)
    points = selectors.trend(result=result)
    scheme = services.run_scheme(result.run)
    scope = scope_for(request.user)
    writes = not result.run.is_published and (
        scope.everything or (result.pairing is not None and scope.can_write(result.pairing))
    )
    return {
        "result": result,
        "run": result.run,
        "scheme_name": localized(scheme.name),
        "grade_name": selectors.grade_name(scheme, result.grade),
        "areas": areas,
        "radar_options": selectors.radar_options(areas),
        "trend": points,
        "trend_options": selectors.trend_options(points),
        "statements_form": extra.get("statements_form")
        or (
            StatementsForm(
                initial={"self_assessment": result.self_assessment, "partner_opinion": result.partner_opinion}
            )
            if writes
            else None
        ),
        "section": "assessment",
    }


@login_required
@require_GET
def result_view(request: HttpRequest, pk: int) -> HttpResponse:
    result = selectors.result_get_for_user(user=request.user, result_id=pk)
    return render(request, "assessment/result.html", _result_context(request, result))


@login_required
@require_GET
def result_annex_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The scorecard as a workbook: every indicator, its value, target, score and evidence count."""
    result = selectors.result_get_for_user(user=request.user, result_id=pk)
    buffer = io.BytesIO()
    sheet = (_("Scorecard"), selectors.annex_headers(), selectors.annex_rows(result=result))
    write_xlsx(buffer, [sheet])
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    set_download_headers(response, filename=f"{_('Scorecard')}-{result.run.year}-{result.pk}.xlsx")
    return response


@login_required
@require_POST
def result_statements_view(request: HttpRequest, pk: int) -> HttpResponse:
    result = selectors.result_get_for_user(user=request.user, result_id=pk)
    form = StatementsForm(request.POST)
    if form.is_valid():
        try:
            services.result_statements_set(
                actor=request.user,
                result=result,
                self_assessment=form.cleaned_data["self_assessment"],
                partner_opinion=form.cleaned_data["partner_opinion"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("assessment:result", pk=result.pk)
    context = _result_context(request, result, statements_form=form)
    return render(request, "assessment/result.html", context, status=400)


def _score_context(request: HttpRequest, score: Any, form: AdjustmentForm | None = None) -> dict[str, Any]:
    rows, total, indicator = selectors.score_evidence(score=score)
    adjusts = (
        _assessor(request) and not score.result.run.is_published and score.status == score.Status.COMPUTED
    )
    return {
        "score": score,
        "result": score.result,
        "run": score.result.run,
        "indicator_name": localized(indicator.name) if indicator else score.indicator,
        "sentence": selectors.explain(score, indicator),
        "rows": rows,
        "total": total,
        "changed": total != score.evidence_count,
        "adjustments": score.adjustments.select_related("made_by").order_by("created_at", "pk"),
        "form": (form or AdjustmentForm()) if adjusts else None,
        "section": "assessment",
    }


@login_required
@require_GET
def score_view(request: HttpRequest, pk: int) -> HttpResponse:
    score = selectors.score_get_for_user(user=request.user, score_id=pk)
    return render(request, "assessment/score.html", _score_context(request, score))


@login_required
@require_POST
def score_adjust_view(request: HttpRequest, pk: int) -> HttpResponse:
    score = selectors.score_get_for_user(user=request.user, score_id=pk)
    if not _assessor(request):
        raise PermissionDenied(_("Only assessors run, adjust and publish assessments."))
    form = AdjustmentForm(request.POST)
    if form.is_valid():
        try:
            services.score_adjust(
                actor=request.user,
                score=score,
                points=form.cleaned_data["points"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The adjustment is recorded beside the computed score."))
            return redirect("assessment:score", pk=score.pk)
    return render(request, "assessment/score.html", _score_context(request, score, form), status=400)
