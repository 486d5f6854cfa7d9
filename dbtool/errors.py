"""Library exceptions. The CLI turns each into one ``Error: …`` line and an exit code."""

from __future__ import annotations

from pathlib import Path


class DbtoolError(Exception):
    """Base of every error a user can cause; ``exit_code`` follows the CLI contract."""

    exit_code = 2


class SeedError(DbtoolError):
    """A seed file is unreadable, invalid, or disagrees with its document."""

    def __init__(self, path: Path | str, place: str, problem: str) -> None:
        self.path, self.place, self.problem = Path(path), place, problem
        where = f"{self.path}: {place}: " if place else f"{self.path}: "
        super().__init__(where + problem)


class DatabaseError(DbtoolError):
    """The database cannot be opened or is not at the schema this tool expects."""


class NotInitialised(DatabaseError):
    """The database has no dbtool schema yet: run ``dbtool init``."""


class OutputError(DbtoolError):
    """A report or file cannot be written where the user asked (missing folder, no permission)."""

    def __init__(self, path: Path | str, exc: OSError) -> None:
        super().__init__(f"cannot write {path}: {exc.strerror or exc}")


class UsageError(DbtoolError):
    """A command was given options that cannot work together or select nothing."""


class ReadOnlyViolation(DatabaseError):
    """A query tried to change the database, or to reach beyond it; it was refused."""


class StatementRefused(DbtoolError):
    """A query was refused before it ran: several statements, or one that would end or
    change the read-only transaction it runs in."""


class QueryTimeout(DbtoolError):
    """A query ran past its time limit (``dbtool sql --timeout``) and was stopped."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(f"query stopped after {seconds:g} s (--timeout)")
