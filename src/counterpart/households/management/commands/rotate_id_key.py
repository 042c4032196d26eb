"""`counterpart rotate-id-key`: re-encrypt every resident ID number with the newest configured key.

Set-based (primary-key batches, one `bulk_update` each), with a progress bar on stderr, resumable: a run that
is stopped is started again and only rewrites the rows not yet on the newest version. The lookup hashes are
not touched (the hash key is not the encryption key; docs/operations.md). Exit status 1 when some ciphertext
could not be read (their members are listed).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from counterpart.core.cli import ProgressBar
from counterpart.households.services import id_key_rotate


class Command(BaseCommand):
    help = "Re-encrypt every resident ID number with the newest key of HOUSEHOLD_ID_KEYS (resumable)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=2000, help="Members per batch (default 2000).")
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be 1 or more.")
        bar = None if options["quiet"] else ProgressBar(self.stderr, unit="members")
        result = id_key_rotate(batch_size=options["batch_size"], progress=bar)
        if bar is not None:
            bar.finish()
        self.stdout.write(
            f"Key version {result.version}: {result.rewritten} of {result.total} members re-encrypted."
        )
        if result.unreadable:
            shown = ", ".join(map(str, result.unreadable[:20]))
            more = "…" if len(result.unreadable) > 20 else ""
            raise CommandError(
                f"{len(result.unreadable)} ciphertexts could not be read (members {shown}{more}): their key "
                "is not configured or they were moved or altered; they were left as they are."
            )
