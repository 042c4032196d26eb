"""`counterpart load-regions [--source PATH]`: load the national region tree (see `geo.national`)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from counterpart.core.cli import ProgressBar
from counterpart.core.tabular import TabularFileError
from counterpart.geo.models import Region
from counterpart.geo.national import load_national_tree
from counterpart.geo.package import PackageError


class Command(BaseCommand):
    help = (
        "Load the national region tree (china-division 2.7.0: provinces to villages); idempotent: existing "
        "codes keep their rows, a second run inserts nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--source",
            type=Path,
            help="The package's tarball (checked against its pinned checksum) or a directory of its CSV "
            "files; default: the tarball `make regions-data` fetched into var/regions/.",
        )
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        labels = {str(value): str(label) for value, label in Region.Level.choices}
        bar = None if options["quiet"] else ProgressBar(sys.stderr, labels=labels)
        started = time.monotonic()
        try:
            result = load_national_tree(options["source"], progress=bar)
        except (PackageError, TabularFileError) as exc:
            raise CommandError(str(exc)) from exc
        finally:
            if bar:
                bar.finish()
        for filename, row, reason in result.refused[:20]:
            self.stderr.write(
                _("%(file)s row %(row)d refused: %(reason)s")
                % {"file": filename, "row": row, "reason": reason}
            )
        self.stdout.write(
            _(
                "Regions: %(inserted)s inserted, %(existing)s already present, %(renamed)s placeholders "
                "renamed, %(refused)s rows refused, %(changes)s code changes recorded (%(seconds).1f s)."
            )
            % {
                "inserted": f"{result.total_inserted:,}",
                "existing": f"{result.existing:,}",
                "renamed": f"{result.renamed:,}",
                "refused": f"{result.refused_count:,}",
                "changes": len(result.changes),
                "seconds": time.monotonic() - started,
            }
        )
