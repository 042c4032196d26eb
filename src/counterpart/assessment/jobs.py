"""A run is computed as a background job through `core.jobs`: the web queues it (`services.run_create`) and
the task worker runs `run_job`; `counterpart assess` calls the same `run_job` in the foreground with its
progress bar."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from counterpart.assessment.models import AssessmentRun
from counterpart.assessment.services import compute_run
from counterpart.core import jobs as core_jobs
from counterpart.core.jobs import Progress

#: The stage a run reports (for the CLI's bar and the run page).
STAGE_LABELS = {"assess": gettext_lazy("computing the indicators")}


def run_job(run_id: int, *, progress: Progress | None = None) -> AssessmentRun:
    return core_jobs.run(AssessmentRun, run_id, _work, progress=progress)


def _work(run: AssessmentRun, report: Progress) -> dict[str, Any]:
    count = compute_run(run, report)
    return {
        "status": AssessmentRun.Status.DONE,
        "rows_total": count,
        "rows_done": count,
        "message": _("%(count)d subjects assessed.") % {"count": count},
    }
