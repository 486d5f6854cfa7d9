"""Library exceptions. The CLI turns each into one ``Error: …`` line and an exit code."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

# The most problems of one seed file listed, one line each; the rest are counted.
MAX_PROBLEM_LINES = 1000


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
        """One line per problem, at most ``MAX_PROBLEM_LINES``, then one line with the
        count of the rest: a file of 3,000 broken rows is 9,000 problems, more than a
        person reads, and the first thousand show what to fix."""
        shown = [str(p) for p in self.problems[:MAX_PROBLEM_LINES]]
        rest = len(self.problems) - len(shown)
        if rest > 0:
            shown.append(
                f"{self.path}: {rest:,} more problems not shown (at most "
                f"{MAX_PROBLEM_LINES:,} are listed; fix these and run it again)"
            )
        return shown


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


# What the database or the system said, and the likely fix, for failures that are the
# machine's or the user's and not dbtool's: each becomes one line and exit 2.
_FIXES = (
    ("disk is full", "free some space on its disk, then run the command again"),
    ("no space left", "free some space on its disk, then run the command again"),
    ("disk quota", "free some space on its disk, then run the command again"),
    (
        "file is not a database",
        "it is not a SQLite database: give the right --db, or run "
        "`dbtool init --db NEW` for a new one",
    ),
    (
        "malformed",
        "the file is corrupt: restore it from a copy, or run `dbtool init --db NEW` for a new one",
    ),
    (
        "readonly database",
        "the file or its folder is read-only: make it writable, or copy the "
        "database to a writable folder",
    ),
    ("read-only file system", "the location is read-only: use a database in a writable folder"),
    (
        "unable to open database file",
        "check that the file and its folder exist and are "
        "readable (and writable, for a command that writes)",
    ),
    ("permission denied", "check the file's and its folder's permissions"),
    ("database is locked", "another process holds it: try again when it has finished"),
    ("disk i/o error", "the file could not be read or written: check the disk and its permissions"),
    ("is a directory", "give a file, not a folder"),
)


def with_fix(where: str, message: str) -> DatabaseError:
    """``where: message; the likely fix``, as one line."""
    message = " ".join(str(message).split()) or "failed"
    lowered = message.lower()
    fix = next((fix for words, fix in _FIXES if words in lowered), None)
    return DatabaseError(f"{where}: {message}" + (f"; {fix}" if fix else ""))


_ENVIRONMENT_ERRNOS = frozenset(
    {
        "ENOSPC",
        "EDQUOT",
        "EACCES",
        "EPERM",
        "EROFS",
        "ENOENT",
        "ENOTDIR",
        "EISDIR",
        "EFBIG",
        "ENAMETOOLONG",
        "ELOOP",
        "EIO",
        "EMFILE",
        "ENFILE",
        "ENXIO",
        "ETXTBSY",
    }
)


def environment_error(exc: BaseException) -> DbtoolError | None:
    """The user's or the machine's failure (a full disk, a read-only folder, a file that is
    not a database, a server that refuses the connection) as one line, or None for a
    failure that is dbtool's own bug. The CLI's edge asks this of what reaches it
    unconverted, so that exit 3 stays for bugs."""
    import errno

    if isinstance(exc, MemoryError):
        return DbtoolError("out of memory: the input is too large for this machine")
    if isinstance(exc, OSError) and errno.errorcode.get(exc.errno or 0) in _ENVIRONMENT_ERRNOS:
        where = exc.filename if exc.filename is not None else "dbtool"
        return with_fix(str(where), exc.strerror or str(exc))
    orig = getattr(exc, "orig", None)  # SQLAlchemy's wrapper of the driver's error
    if orig is not None and type(exc).__name__ in ("OperationalError", "DatabaseError"):
        return environment_error(orig) or with_fix("the database", first_line(str(orig)))
    module = type(exc).__module__.split(".")[0]
    if module == "sqlite3" and type(exc).__name__ in ("OperationalError", "DatabaseError"):
        return with_fix("the database", str(exc))
    if module == "psycopg" and type(exc).__name__ == "OperationalError":
        return with_fix("the database", first_line(str(exc)))
    return None


def first_line(message: str) -> str:
    """A driver's message as one line (PostgreSQL adds HINT, DETAIL and CONTEXT lines)."""
    return message.strip().splitlines()[0] if message.strip() else message
