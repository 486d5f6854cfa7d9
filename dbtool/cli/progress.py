"""A progress bar for long work, on a terminal only: never on a pipe, never in a cron log.

``seed`` and ``check`` can run for minutes on a large corpus. The
library reports progress through a plain callback, ``(done, total)``; this
turns it into a Rich bar (Typer already depends on Rich) on stderr, but
only when stderr is a terminal and only once the work has run for about a
second, so quick commands print exactly what they always printed. Rich is
imported when the bar first shows: the CLI's start-up never pays for it.
"""

from __future__ import annotations

import sys
import time
from typing import IO, Any

DELAY = 1.0  # seconds of work before a bar is worth showing


class ProgressBar:
    """A ``(done, total)`` callback that draws a transient bar on a terminal, else nothing."""

    def __init__(self, description: str, stream: IO[str] | None = None, delay: float = DELAY):
        self.description, self.delay = description, delay
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = self.stream.isatty()
        self.started = time.monotonic()
        self.progress: Any = None
        self.task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.progress is None:
            if time.monotonic() - self.started < self.delay:
                return
            self._show(total)
        self.progress.update(self.task, completed=done, total=total)

    def _show(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        self.progress = Progress(
            "{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(file=self.stream),
            transient=True,
        )
        self.progress.start()
        self.task = self.progress.add_task(self.description, total=total)

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()
