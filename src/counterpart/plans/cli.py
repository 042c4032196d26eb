"""Command-line helpers of the plans app: a progress bar on stderr (no extra dependency)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    """`progress(done, total, phase)` draws `phase [#####.....] 45% 4500/10000 1.2s` on one stderr line."""

    def __init__(self, stream: TextIO | None = None, width: int = 30) -> None:
        self.stream = stream or sys.stderr
        self.width = width
        self.started = time.monotonic()
        self.drawn = False

    def __call__(self, done: int, total: int, phase: str) -> None:
        elapsed = time.monotonic() - self.started
        if total:
            filled = int(self.width * min(done, total) / total)
            bar = "#" * filled + "." * (self.width - filled)
            line = f"\r{phase:<10} [{bar}] {100 * done // total:3d}% {done}/{total} {elapsed:.1f}s"
        else:
            line = f"\r{phase:<10} {done} {elapsed:.1f}s"
        self.stream.write(line)
        self.stream.flush()
        self.drawn = True

    def finish(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
