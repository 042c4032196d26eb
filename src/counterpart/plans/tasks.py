"""Background tasks of the plans app (django-tasks; the DB backend's worker runs them)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_plans_job_task(job_id: int) -> str:
    from counterpart.plans.jobs import run_job

    return run_job(job_id).status
