"""Helpers shared by the command-line commands: acting as a user, printing tables or JSON."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from counterpart.core.jobs import stage_label


def add_user_argument(parser: CommandParser) -> None:
    parser.add_argument(
        "--user",
        required=True,
        help="Act as this user: the command sees exactly what the user sees in the web UI.",
    )


def user_from_options(options: dict[str, Any]) -> Any:
    try:
        return get_user_model().objects.get(username=options["user"])
    except get_user_model().DoesNotExist as exc:
        raise CommandError(_("No user named %(name)s.") % {"name": options["user"]}) from exc


def render_rows(headers: Sequence[str], rows: Sequence[Sequence[Any]], *, as_json: bool) -> str:
    if as_json:
        return json.dumps(
            [dict(zip(headers, row, strict=True)) for row in rows], ensure_ascii=False, default=str
        )
    table = [list(map(str, headers))] + [["" if v is None else str(v) for v in row] for row in rows]
    widths = [max(_width(r[i]) for r in table) for i in range(len(headers))]
    lines = [
        "  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(r)).rstrip() for r in table
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class ProgressBar:
    """`bar(done, total, stage)` — a `core.jobs.Progress` — draws `stage [#####.....]  45.0%  4,500/10,000
    1,234/s` on one stderr line.

    Redrawn at most every `interval` seconds (a bulk import reports per chunk; a terminal need not see each);
    the stage code is shown in words (`core.jobs.STAGE_LABELS`, or `labels`); `unit` names what is counted
    ("rows")."""

    def __init__(
        self,
        stream: Any = None,
        *,
        width: int = 30,
        labels: dict[str, str] | None = None,
        unit: str = "",
        interval: float = 0.2,
    ) -> None:
        self.stream = stream or sys.stderr
        self.width = width
        self.labels = labels or {}
        self.unit = f" {unit}" if unit else ""
        self.interval = interval
        self.started = time.monotonic()
        self.last = float("-inf")
        self.drawn = False

    def __call__(self, done: int, total: int, phase: str = "") -> None:
        now = time.monotonic()
        if now - self.last < self.interval and done < total:
            return
        self.last = now
        label = self.labels.get(phase) or stage_label(phase) or phase
        rate = done / max(now - self.started, 1e-6)
        if total:
            fraction = min(done / total, 1.0)
            filled = int(self.width * fraction)
            bar = "#" * filled + "." * (self.width - filled)
            line = f"\r{label:<20} [{bar}] {fraction:6.1%} {done:>10,}/{total:,}{self.unit}  {rate:,.0f}/s "
        else:
            line = f"\r{label:<20} {done:>10,}{self.unit}  {rate:,.0f}/s "
        self.stream.write(line)
        self.stream.flush()
        self.drawn = True

    def finish(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()


class PlainErrors:
    """Mixed into a command (before `BaseCommand`): run from the command line, a refusal (`CommandError`)
    is its message alone on stderr, in the user's language, without Django's English "CommandError:"
    prefix; `call_command` still raises it."""

    _from_argv = False

    def run_from_argv(self, argv: list[str]) -> None:
        self._from_argv = True
        super().run_from_argv(argv)  # type: ignore[misc]

    def execute(self, *args: Any, **options: Any) -> Any:
        try:
            return super().execute(*args, **options)  # type: ignore[misc]
        except CommandError as exc:
            if not self._from_argv or options.get("traceback"):
                raise
            self.stderr.write(str(exc))  # type: ignore[attr-defined]
            sys.exit(exc.returncode)
