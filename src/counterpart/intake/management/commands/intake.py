"""`counterpart intake FILE [--json] [--published YYYY-MM-DD]`: print the draft of a meeting report.

Nothing is saved: the draft is for a person to review (the review page saves what they accept).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils.translation import gettext as _

from counterpart.intake.engine import make_draft
from counterpart.intake.text import IntakeError


class Command(BaseCommand):
    help = "Read a meeting report (.txt, .html, .docx; '-' for standard input) and print its draft."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the report: .txt, .html or .docx; '-' reads standard input")
        parser.add_argument("--json", action="store_true", help="print the draft as JSON (DESIGN.md §6)")
        parser.add_argument("--published", help="the publication date (YYYY-MM-DD) if the page has none")
        parser.add_argument("--no-db", action="store_true", help="do not match against the registry")
        parser.add_argument("--with-text", action="store_true", help="keep the cleaned text in the JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        published = None
        if options["published"]:
            try:
                published = dt.date.fromisoformat(options["published"])
            except ValueError as exc:
                raise CommandError(_("--published must be a date such as 2018-09-13.")) from exc
        name = options["file"]
        if name == "-":
            data: bytes = sys.stdin.buffer.read()
            filename = ""
        else:
            path = Path(name)
            if not path.is_file():
                raise CommandError(_("No such file: %(path)s") % {"path": name})
            data, filename = path.read_bytes(), path.name
        registry = None
        if not options["no_db"]:
            try:
                from counterpart.intake.selectors import DatabaseRegistry

                registry = DatabaseRegistry()
            except DatabaseError:
                self.stderr.write(_("The registry could not be read; the draft has no matches."))
        try:
            draft = make_draft(data, filename=filename, published=published, registry=registry)
        except IntakeError as exc:
            raise CommandError(str(exc)) from exc
        if not options["with_text"]:
            draft.pop("text", None)
        if options["json"]:
            self.stdout.write(json.dumps(draft, ensure_ascii=False, indent=2))
            return
        self.stdout.write(render_summary(draft))


def render_summary(draft: dict[str, Any]) -> str:
    m = draft["meeting"]
    none = _("(none)")
    lines = [
        _("Language: %(v)s") % {"v": draft["language"]},
        _("Published: %(v)s") % {"v": draft["published"] or none},
        _("Title: %(v)s") % {"v": draft.get("title") or none},
        _("Meeting: %(kind)s, number %(number)s, on %(date)s at %(place)s")
        % {
            "kind": m["kind"],
            "number": m["number"] if m["number"] is not None else none,
            "date": m["date"] or m.get("date_partial") or none,
            "place": m["place"] or none,
        },
        _("Pairing: %(v)s") % {"v": " → ".join(m["pairing"]) if m["pairing"] else none},
        _("Registry: pairing %(p)s, same meeting %(m)s")
        % {"p": m["match"]["pairing_id"] or none, "m": m["match"]["meeting_id"] or none},
        "",
        _("Attendees (%(n)d):") % {"n": len(draft["attendees"])},
    ]
    lines.extend(
        f"  - {a['name']} [{a['role']}] {a['title']}"
        + (f"  #{a['match']['person_id']}" if a["match"]["person_id"] else "")
        for a in draft["attendees"]
    )
    lines.append(_("Agreements (%(n)d):") % {"n": len(draft["agreements"])})
    lines.extend(
        f"  - {' / '.join(ag['parties'])}: {ag['subject']} ({ag['kind']})" for ag in draft["agreements"]
    )
    lines.append(_("Figures (%(n)d):") % {"n": len(draft["figures"])})
    lines.extend(f"  - {f['value']} {f['unit']} {f['what']}" for f in draft["figures"])
    return "\n".join(lines)
