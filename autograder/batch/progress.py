"""A progress line on standard error: done/total, rate, time left."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Redraws one line on a terminal; prints a line every 10% elsewhere (CI logs)."""

    def __init__(self, total: int, skipped: int = 0, stream: TextIO | None = None) -> None:
        self.total = total
        self.skipped = skipped
        self.done = 0
        self.failed = 0
        self.stream = stream or sys.stderr
        self.start = time.monotonic()
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._last_tenth = -1

    def advance(self, failed: bool = False) -> None:
        """One more submission graded."""
        self.done += 1
        self.failed += int(failed)
        tenth = (10 * self.done) // max(1, self.total)
        if self.tty or tenth != self._last_tenth or self.done == self.total:
            self._last_tenth = tenth
            self._draw()

    def _draw(self) -> None:
        elapsed = time.monotonic() - self.start
        rate = elapsed / self.done if self.done else 0.0
        left = rate * (self.total - self.done)
        width = 24
        filled = (width * self.done) // max(1, self.total)
        bar = "#" * filled + "." * (width - filled)
        text = (
            f"[{bar}] {self.done}/{self.total} graded"
            f"{f', {self.skipped} already done' if self.skipped else ''}"
            f"{f', {self.failed} could not be graded' if self.failed else ''}"
            f"  {rate:.2f} s each, {left:.0f} s left"
        )
        end = "" if self.tty and self.done < self.total else "\n"
        self.stream.write(("\r" if self.tty else "") + text + end)
        self.stream.flush()
