"""`counterpart backup DIR`: the database, the stored files and a manifest (`core.backup`)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from counterpart.core.backup import KEY_REMINDER, BackupError, backup
from counterpart.core.cli import ProgressBar

LABELS = {"database": "database", "files": "files", "checksums": "checksums"}


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite: online backup API; PostgreSQL: pg_dump -Fc), the stored files "
        "(evidence, error reports, exported workbooks) and a manifest with checksums into DIR (new or "
        "empty). The keys are not in the backup."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dir", help="A new or empty folder (made 0700).")
        parser.add_argument("--quiet", action="store_true", help="No progress lines.")

    def handle(self, *args: Any, **options: Any) -> None:
        bar = None if options["quiet"] else ProgressBar(sys.stderr, labels=LABELS, interval=1.0)

        def say(line: str) -> None:
            if bar is not None:
                bar.finish()
                bar.drawn = False
            self.stderr.write(line)

        try:
            outcome = backup(Path(options["dir"]), say=say, progress=bar or (lambda *_: None))
        except BackupError as exc:
            if bar is not None:
                bar.finish()
            raise CommandError(str(exc)) from exc
        if bar is not None:
            bar.finish()
        self.stdout.write(
            f"Backup written to {outcome.folder}: {len(outcome.tables)} tables, "
            f"{sum(outcome.tables.values()):,} rows, {outcome.files:,} files ({outcome.bytes:,} bytes)."
        )
        self.stdout.write(KEY_REMINDER)
