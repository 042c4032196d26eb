"""`counterpart import-list FILE --owner ORG [--plan ID] [--year Y]`: import a responsibility list from
.xlsx or .csv. Every bad row is printed (row, column, value, reason); nothing is written unless the file is
valid. The web runs the same `responsibility_list_import` as a background task (`plans.jobs`); here it runs
in the foreground with a progress bar. (The command module is `commands/import-list.py`, named for the
command line.)"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from counterpart.core.cli import ProgressBar, user_from_options
from counterpart.orgs.models import Organization
from counterpart.pairings.models import Pairing
from counterpart.plans.importers import ImportFailed, responsibility_list_import
from counterpart.plans.models import Plan, ResponsibilityList


def _organization(value: str) -> Organization:
    orgs = (
        Organization.objects.filter(pk=int(value))
        if value.isdigit()
        else Organization.objects.filter(name=value)
    )
    found = list(orgs[:2])
    if len(found) != 1:
        raise CommandError(f"--owner {value!r}: {'no such organization' if not found else 'ambiguous name'}.")
    return found[0]


class Command(BaseCommand):
    help = "Import a responsibility list from an .xlsx or .csv file (headers in zh-Hans, zh-Hant, en or ja)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--owner", required=True, help="Owner organization: id or exact zh-Hans name.")
        parser.add_argument("--plan", type=int, help="Put the list under this plan (id).")
        parser.add_argument("--pairing", type=int, help="The pairing of a list without a plan (id).")
        parser.add_argument(
            "--list", dest="list_id", type=int, help="Append the items to this existing list."
        )
        parser.add_argument("--year", type=int, help="The list's year (default: the plan's first year).")
        parser.add_argument("--title", default="", help="The list's title.")
        parser.add_argument("--user", help="Act as this user (default: system import, no scope check).")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        actor = user_from_options(options) if options.get("user") else None
        plan = Plan.objects.filter(pk=options["plan"]).first() if options.get("plan") else None
        if options.get("plan") and plan is None:
            raise CommandError(f"--plan {options['plan']}: no such plan.")
        pairing = Pairing.objects.filter(pk=options["pairing"]).first() if options.get("pairing") else None
        if options.get("pairing") and pairing is None:
            raise CommandError(f"--pairing {options['pairing']}: no such pairing.")
        rlist = (
            ResponsibilityList.objects.filter(pk=options["list_id"]).first()
            if options.get("list_id")
            else None
        )
        if options.get("list_id") and rlist is None:
            raise CommandError(f"--list {options['list_id']}: no such list.")
        progress = None if options["no_progress"] else ProgressBar(sys.stderr)
        try:
            result, preview = responsibility_list_import(
                actor=actor,
                source=path,
                owner=_organization(options["owner"]),
                year=options.get("year"),
                title=options["title"] or path.stem,
                plan=plan,
                pairing=pairing,
                responsibility_list=rlist,
                progress=progress,
            )
        except ImportFailed as failure:
            if progress:
                progress.finish()
            for error in failure.preview.errors:
                self.stderr.write(f"row {error.row}\t{error.column}\t{error.value!r}\t{error.reason}")
            raise CommandError(failure.messages[0]) from failure
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        if progress:
            progress.finish()
        for column in preview.unknown_columns:
            self.stderr.write(f"ignored column: {column}")
        self.stdout.write(f"Imported {len(preview.rows)} items into list {result.pk} “{result.title}”.")
