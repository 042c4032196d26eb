"""`counterpart export-iati --pairing ID --year YYYY --out FILE [--user NAME]`: the IATI 2.03 activity file
of a pairing's projects for a funds year (`funds.iati`). The file is written beside its name and moved
into place when complete, so a failed run leaves no half-written file. Projects the IATI rules refuse (no
start date, dates out of order) are left out and each is printed with its reason. (The command module is
`commands/export-iati.py`, named for the command line.)"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from counterpart.core.cli import user_from_options
from counterpart.funds.iati import write_iati
from counterpart.pairings.models import Pairing
from counterpart.pairings.scope import actor_scope


class Command(BaseCommand):
    help = "Write a pairing's projects of a year as an IATI 2.03 activity file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.description = _("Write a pairing's projects of a year as an IATI 2.03 activity file.")
        parser.add_argument("--pairing", type=int, required=True, help=_("The pairing (id)."))
        parser.add_argument("--year", type=int, required=True, help=_("The year of the funds."))
        parser.add_argument("--out", type=Path, required=True, help=_("The file to write (.xml)."))
        parser.add_argument("--user", help=_("Act as this user (default: system export, no scope check)."))

    def handle(self, *args: Any, **options: Any) -> None:
        actor = user_from_options(options) if options.get("user") else None
        pairing = (
            Pairing.objects.filter(actor_scope(actor).pairing_q(), pk=options["pairing"])
            .select_related("helper_region", "helper_org__region")
            .first()
        )
        if pairing is None:
            raise CommandError(_("--pairing %(id)s: no such pairing.") % {"id": options["pairing"]})
        out = Path(options["out"])
        if not out.parent.is_dir():
            raise CommandError(_("%(path)s: no such folder.") % {"path": out.parent})
        partial = out.with_name(f".{out.name}.partial")
        try:
            result = write_iati(str(partial), actor=actor, pairing=pairing, year=options["year"])
            os.replace(partial, out)
        finally:
            partial.unlink(missing_ok=True)
        for project, reason in result.skipped:
            self.stderr.write(
                _("left out: project %(id)s\t%(title)s\t%(reason)s")
                % {"id": project.pk, "title": project.title, "reason": reason}
            )
        self.stdout.write(
            _("Wrote %(n)s activities of pairing %(pairing)s for %(year)s (%(skipped)s left out): %(path)s")
            % {
                "n": result.activities,
                "pairing": pairing.pk,
                "year": options["year"],
                "path": out,
                "skipped": len(result.skipped),
            }
        )
