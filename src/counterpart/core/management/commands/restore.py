"""`counterpart restore DIR`: a backup of `counterpart backup` into an empty database and file folders."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from counterpart.core.backup import KEY_REMINDER, BackupError, restore
from counterpart.core.cli import ProgressBar
from counterpart.core.management.commands.backup import LABELS


class Command(BaseCommand):
    help = (
        "Restore a backup made by `counterpart backup`: checks every checksum of its manifest first, then "
        "restores the database and the stored files and compares the rows per table. Refuses a database "
        "with tables or file folders with files unless --force."
    )
    requires_system_checks: list[str] = []  # the checks open the database, whose folder may not exist yet

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dir", help="The backup folder (with its manifest.json).")
        parser.add_argument(
            "--force", action="store_true", help="Overwrite a database and file folders that are not empty."
        )
        parser.add_argument("--quiet", action="store_true", help="No progress lines.")

    def handle(self, *args: Any, **options: Any) -> None:
        bar = None if options["quiet"] else ProgressBar(sys.stderr, labels=LABELS, interval=1.0)

        def say(line: str) -> None:
            if bar is not None:
                bar.finish()
                bar.drawn = False
            self.stderr.write(line)

        try:
            outcome = restore(
                Path(options["dir"]), force=options["force"], say=say, progress=bar or (lambda *_: None)
            )
        except BackupError as exc:
            if bar is not None:
                bar.finish()
            raise CommandError(str(exc)) from exc
        if bar is not None:
            bar.finish()
        for table, rows in sorted(outcome.tables.items()):
            if rows:
                self.stdout.write(f"{table:<50} {rows:>12,}")
        self.stdout.write(
            f"Restored {len(outcome.tables)} tables ({sum(outcome.tables.values()):,} rows, as the manifest "
            f"counts) and {outcome.files:,} files ({outcome.bytes:,} bytes)."
        )
        self.stdout.write(KEY_REMINDER)
        self.stdout.write("Next: `counterpart migrate` if this release is newer than the backup's.")
