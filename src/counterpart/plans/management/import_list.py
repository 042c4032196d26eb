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
from django.utils.translation import gettext as _

from counterpart.core.cli import ProgressBar, user_from_options
from counterpart.core.tabular import write_error_report
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
        raise CommandError(
            (
                _("--owner %(value)s: no organization has this id or exact name.")
                if not found
                else _("--owner %(value)s: several organizations have this name; give its id.")
            )
            % {"value": value}
        )
    return found[0]


def _unit_choice(value: str) -> tuple[str, dict[str, Any]]:
    """--unit "县环保局=长海县生态环境局" (an existing organization: id or exact name)."""
    name, sep, target = value.partition("=")
    if not sep or not name.strip() or not target.strip():
        raise CommandError(
            _("--unit %(value)s: write it as NAME=ORGANIZATION (an id or exact name).") % {"value": value}
        )
    return name.strip(), {"organization": _organization(target.strip()).pk}


class Command(BaseCommand):
    help = "Import a responsibility list from an .xlsx or .csv file (headers in zh-Hans, zh-Hant, en or ja)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.description = _(
            "Import a responsibility list from an .xlsx or .csv file (headers in zh-Hans, zh-Hant, en or ja)."
        )
        parser.add_argument("file", type=Path)
        parser.add_argument("--owner", required=True, help=_("Owner organization: id or exact zh-Hans name."))
        parser.add_argument("--plan", type=int, help=_("Put the list under this plan (id)."))
        parser.add_argument("--pairing", type=int, help=_("The pairing of a list without a plan (id)."))
        parser.add_argument(
            "--list", dest="list_id", type=int, help=_("Append the items to this existing list.")
        )
        parser.add_argument(
            "--year",
            type=int,
            help=_("The list's year (default: the title's, else the deadlines', else the plan's)."),
        )
        parser.add_argument("--title", default="", help=_("The list's title."))
        parser.add_argument(
            "--unit",
            action="append",
            default=[],
            metavar="NAME=ORGANIZATION",
            help=_("Match an unknown unit of the file to an existing organization (repeatable)."),
        )
        parser.add_argument(
            "--create-units",
            action="store_true",
            help=_("Create every other unknown unit as a new organization in the owner's region."),
        )
        parser.add_argument("--error-report", type=Path, help=_("Write every row error to this CSV."))
        parser.add_argument("--user", help=_("Act as this user (default: system import, no scope check)."))
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("%(path)s: no such file.") % {"path": path})
        actor = user_from_options(options) if options.get("user") else None
        plan = Plan.objects.filter(pk=options["plan"]).first() if options.get("plan") else None
        if options.get("plan") and plan is None:
            raise CommandError(_("--plan %(id)s: no such plan.") % {"id": options["plan"]})
        pairing = Pairing.objects.filter(pk=options["pairing"]).first() if options.get("pairing") else None
        if options.get("pairing") and pairing is None:
            raise CommandError(_("--pairing %(id)s: no such pairing.") % {"id": options["pairing"]})
        rlist = (
            ResponsibilityList.objects.filter(pk=options["list_id"]).first()
            if options.get("list_id")
            else None
        )
        if options.get("list_id") and rlist is None:
            raise CommandError(_("--list %(id)s: no such list.") % {"id": options["list_id"]})
        owner = _organization(options["owner"])
        choices = dict(_unit_choice(value) for value in options["unit"])
        progress = None if options["no_progress"] else ProgressBar(sys.stderr)
        try:
            result, preview = responsibility_list_import(
                actor=actor,
                source=path,
                owner=owner,
                year=options.get("year"),
                title=options["title"] or path.stem,
                plan=plan,
                pairing=pairing,
                responsibility_list=rlist,
                unit_choices=choices,
                create_units=options["create_units"],
                progress=progress,
            )
        except ImportFailed as failure:
            if progress:
                progress.finish()
            self._report_errors(failure, options.get("error_report"))
            raise CommandError(failure.messages[0]) from failure
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        if progress:
            progress.finish()
        if preview.unknown_columns:
            self.stderr.write(
                _("Unknown columns (ignored): %(columns)s") % {"columns": "、".join(preview.unknown_columns)}
            )
        self.stdout.write(
            _("Imported %(n)s items into list %(id)s “%(title)s” of %(year)s (the year %(source)s).")
            % {
                "n": len(preview.rows),
                "id": result.pk,
                "title": result.title,
                "year": preview.year,
                "source": preview.year_source_label,
            }
        )

    def _report_errors(self, failure: ImportFailed, report: Path | None) -> None:
        preview = failure.preview
        for error in preview.errors:
            self.stderr.write(
                _("row %(row)s\t%(column)s\t%(value)s\t%(reason)s")
                % {"row": error.row, "column": error.column, "value": error.value, "reason": error.reason}
            )
        for unit in preview.unknown_units.values():
            candidates = "、".join(c["name"] for c in unit.candidates) or "—"
            self.stderr.write(
                _("Unknown unit “%(name)s” (rows %(rows)s); similar organizations: %(candidates)s.")
                % {"name": unit.name, "rows": ", ".join(map(str, unit.rows[:10])), "candidates": candidates}
            )
        if preview.unknown_units:
            self.stderr.write(
                _("Match them with --unit NAME=ORGANIZATION, or create them with --create-units.")
            )
        if report is not None:
            write_error_report(report, [(e.row, e.column, e.value, e.reason) for e in preview.errors])
            self.stderr.write(_("Error report: %(path)s") % {"path": report})
