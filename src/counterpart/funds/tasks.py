"""Background tasks of the funds app (django-tasks; the DB backend's worker runs them)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_project_import_task(job_id: int) -> str:
    from counterpart.funds.import_jobs import run_job

    return run_job(job_id).status
