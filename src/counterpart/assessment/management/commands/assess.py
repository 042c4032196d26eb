"""`counterpart assess --scheme CODE --year YYYY`: compute a run of a scheme for a year in the foreground,
with a progress bar (the web runs the same job in the background). Prints the ranking."""

from __future__ import annotations

import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from counterpart.assessment import services
from counterpart.assessment.jobs import STAGE_LABELS, run_job
from counterpart.assessment.models import Result
from counterpart.assessment.selectors import SUBJECT_JOINS
from counterpart.core.cli import ProgressBar


class Command(BaseCommand):
    help = "Compute an assessment run of a scheme for a year (east-west, unit-performance)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scheme", required=True, help="The scheme's code (east-west, unit-performance)."
        )
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--publish", action="store_true", help="Publish the run once computed.")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if not 1900 <= options["year"] <= 2100:
            raise CommandError("--year: between 1900 and 2100.")
        try:
            run = services.run_create(
                actor=None, scheme_code=options["scheme"], year=options["year"], enqueue=False
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        bar = (
            None
            if options["no_progress"]
            else ProgressBar(sys.stderr, labels={k: str(v) for k, v in STAGE_LABELS.items()})
        )
        run = run_job(run.pk, progress=bar)
        if bar:
            bar.finish()
        if run.status != run.Status.DONE:
            raise CommandError(run.message)
        if options["publish"]:
            run = services.run_publish(actor=None, run=run)
        self.stdout.write(f"Run {run.pk}: {run.scheme_code} v{run.scheme_version}, {run.year}: {run.message}")
        results = Result.objects.filter(run=run).select_related(*SUBJECT_JOINS)
        for result in results:
            self.stdout.write(
                f"  {result.group}\t#{result.rank}\t{result.percent}%\t{result.grade}\t{result.subject}"
            )
