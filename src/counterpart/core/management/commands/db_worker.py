"""`counterpart db_worker`: the task worker of django-tasks-db, which first fails the jobs whose process
died (`core.jobs.recover_dead_jobs`) and names itself by its process (`host:pid:start`), so that the next
worker can tell whether a task it left running still has a process. (`counterpart.core` comes before
`django_tasks_db` in INSTALLED_APPS so that this command is the one `db_worker` runs.)"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django_tasks_db.management.commands import db_worker

from counterpart.core.jobs import process_identity, recover_dead_jobs


class Command(db_worker.Command):
    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(worker_id=None)

    def handle(self, *args: Any, **options: Any) -> None:
        options["worker_id"] = options.get("worker_id") or process_identity()
        recovered = recover_dead_jobs()
        if recovered and options.get("verbosity", 1):
            self.stdout.write(f"{recovered} job(s) whose process had died marked failed.")
        super().handle(*args, **options)
