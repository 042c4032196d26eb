"""The pages and the API: runs list, the run from the web as a background job, ranking, scorecard with its
radar, the drill-down, adjustments and publication; offices read their own pairings' published scores."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from counterpart.assessment import services
from counterpart.assessment.models import AssessmentRun, Score
from tests.assessment.conftest import Cast, compute, result_of, score_of
from tests.conftest import api_client, login

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@override_settings(TASKS=IMMEDIATE)
def test_an_assessor_runs_the_year_from_the_web(
    cast: Cast, django_capture_on_commit_callbacks: Any, tmp_path: Any, settings: Any
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    client = login(cast.world.assessor, language="en")
    assert client.get(reverse("assessment:runs")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("assessment:run_create"), {"scheme": "east-west", "year": 2019})
    run = AssessmentRun.objects.get()
    assert response["Location"] == reverse("assessment:run", args=[run.pk])
    assert run.status == AssessmentRun.Status.DONE
    page = client.get(reverse("assessment:run", args=[run.pk])).content.decode()
    assert 'id="ranking"' in page
    assert "chart-grades-options" in page
    assert str(cast.world.shanghai_zunyi) in page


def test_the_scorecard_shows_the_areas_the_sentences_and_opens_the_records(cast: Cast) -> None:
    run = compute()
    dl = cast.world.dalian_liupanshui
    result = result_of(run, dl)
    client = login(cast.world.assessor, language="en")
    page = client.get(reverse("assessment:result", args=[result.pk])).content.decode()
    radar = json.loads(
        page.split('id="chart-radar-options" type="application/json">')[1].split("</script>")[0]
    )
    assert len(radar["radar"]["indicator"]) == 6
    assert "2 of 13 agreements stalled: −3" in page
    assert "cannot be computed yet — no funds data" in page
    score = score_of(run, dl, "placements")
    assert reverse("assessment:score", args=[score.pk]) in page
    drill = client.get(reverse("assessment:score", args=[score.pk])).content.decode()
    assert drill.count("/assistance/households/") == 5


def test_an_adjustment_from_the_page_shows_beside_the_score_then_publication_freezes(cast: Cast) -> None:
    run = compute()
    dl = cast.world.dalian_liupanshui
    score = score_of(run, dl, "placements")
    client = login(cast.world.assessor, language="en")
    url = reverse("assessment:score_adjust", args=[score.pk])
    assert client.post(url, {"points": "1", "reason": ""}).status_code == 400
    assert client.post(url, {"points": "1", "reason": "登记滞后"}).status_code == 302
    page = client.get(reverse("assessment:result", args=[result_of(run, dl).pk])).content.decode()
    assert "登记滞后" in page
    assert "1.03" in page
    assert Score.objects.get(pk=score.pk).score == Decimal("0.03")
    client.post(reverse("assessment:run_publish", args=[run.pk]))
    run.refresh_from_db()
    assert run.is_published
    client.post(url, {"points": "1", "reason": "再调"})
    assert score.adjustments.count() == 1


def test_an_office_reads_only_its_own_pairings_published_scores(cast: Cast) -> None:
    run = compute()
    dl_result = result_of(run, cast.world.dalian_liupanshui)
    sz_result = result_of(run, cast.world.shanghai_zunyi)
    office = login(cast.world.dalian_office)
    assert office.get(reverse("assessment:run", args=[run.pk])).status_code == 404  # a draft
    assert office.get(reverse("assessment:result", args=[dl_result.pk])).status_code == 404
    services.run_publish(actor=None, run=run)
    page = office.get(reverse("assessment:run", args=[run.pk])).content.decode()
    assert str(cast.world.dalian_liupanshui) in page
    assert reverse("assessment:result", args=[sz_result.pk]) not in page
    assert office.get(reverse("assessment:result", args=[dl_result.pk])).status_code == 200
    assert office.get(reverse("assessment:result", args=[sz_result.pk])).status_code == 404
    assert office.post(reverse("assessment:run_publish", args=[run.pk])).status_code == 403


def test_the_api_lists_runs_results_and_scores(cast: Cast) -> None:
    run = compute()
    services.run_publish(actor=None, run=run)
    api = api_client(cast.world.dalian_office)
    assert [r["id"] for r in api.get("/api/assessment/runs").json()] == [run.pk]
    results = api.get(f"/api/assessment/runs/{run.pk}/results").json()
    assert [r["pairing"] for r in results] == [cast.world.dalian_liupanshui.pk]
    detail = api.get(f"/api/assessment/results/{results[0]['id']}").json()
    placements = next(s for s in detail["scores"] if s["indicator"] == "placements")
    assert (Decimal(placements["value"]), placements["evidence_count"]) == (Decimal(5), 5)
    funds = next(s for s in detail["scores"] if s["indicator"] == "fiscal_aid")
    assert funds["status"] == "unavailable"
    assert funds["value"] is None


def test_the_ranking_page_has_a_constant_query_count(cast: Cast, django_assert_max_num_queries: Any) -> None:
    run = compute()
    client = login(cast.world.assessor)
    client.get(reverse("assessment:run", args=[run.pk]))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("assessment:run", args=[run.pk])).status_code == 200


def test_the_annex_holds_every_indicator_with_the_figures_of_the_page(cast: Cast) -> None:
    from python_calamine import CalamineWorkbook

    run = compute()
    result = result_of(run, cast.world.dalian_liupanshui)
    response = login(cast.world.assessor, language="en").get(
        reverse("assessment:result_annex", args=[result.pk])
    )
    assert response["Content-Disposition"].startswith("attachment")
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    rows = [tuple(r) for r in book.get_sheet_by_index(0).iter_rows()]
    assert rows[0][:3] == ("area", "indicator", "value")
    assert len(rows) == 1 + Score.objects.filter(result=result).count()
    placements = next(r for r in rows if r[1] == "poor labourers placed in jobs")
    assert (placements[2], placements[3], placements[7]) == (5, 1000, 5)
