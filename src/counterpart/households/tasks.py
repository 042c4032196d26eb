"""Background tasks of the registry (django-tasks; the DB backend's worker runs them)."""

from __future__ import annotations

from django_tasks import task


@task()
def import_registry_task(job_id: int) -> str:
    from counterpart.households.jobs import import_job_run

    return import_job_run(job_id).status
