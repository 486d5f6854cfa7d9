"""Library exceptions. The CLI turns each into one ``Error: …`` line and an exit code."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class DbtoolError(Exception):
    """Base of every error a user can cause; ``exit_code`` follows the CLI contract."""

    exit_code = 2

    def lines(self) -> list[str]:
        """What the CLI prints, one ``Error: …`` line each: most errors are one line."""
        return [str(self)]


class SeedError(DbtoolError):
    """A seed file is unreadable, invalid, or disagrees with its document."""

    def __init__(self, path: Path | str, place: str, problem: str) -> None:
        self.path, self.place, self.problem = Path(path), place, problem
        where = f"{self.path}: {place}: " if place else f"{self.path}: "
        super().__init__(where + problem)

    def __reduce__(self) -> tuple[object, ...]:
        # Rebuilt from its parts, not its message: seeds are checked in a worker process.
        return (type(self), (self.path, self.place, self.problem))

    @classmethod
    def of(cls, problems: Sequence[SeedError]) -> SeedError:
        """One error for every problem of a file: the problem itself when there is one."""
        return problems[0] if len(problems) == 1 else SeedProblems(problems)


class SeedProblems(SeedError):
    """Every problem found in one seed file, each located: fixing a file takes one run."""

    def __init__(self, problems: Sequence[SeedError]) -> None:
        self.problems = list(problems)
        first = self.problems[0]
        super().__init__(first.path, first.place, first.problem)
        self.args = ("\n".join(str(p) for p in self.problems),)

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.problems,))

    def __str__(self) -> str:
        return str(self.args[0])

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


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
