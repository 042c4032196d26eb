"""Background tasks of the assessment (django-tasks; the DB backend's worker runs them)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_assessment_task(run_id: int) -> str:
    from counterpart.assessment.jobs import run_job

    return run_job(run_id).status
