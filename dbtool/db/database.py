"""Where the database is and how to connect to it: the ``Database`` handle.

SQLite is the embedded default (``./dbtool.sqlite``); any SQLAlchemy URL works
through ``--database-url`` or ``DBTOOL_DATABASE_URL``. Only ``dbtool init``
and ``dbtool db upgrade`` may create a database: every other connection
refuses a SQLite file that does not exist, so a mistyped ``--db`` never
leaves an empty file behind.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dbtool.db import ENV_URL
from dbtool.errors import (
    DatabaseError,
    DbtoolError,
    NotInitialised,
    environment_error,
    first_line,
    with_fix,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

DEFAULT_PATH = Path("dbtool.sqlite")
SQLITE_HEADER = b"SQLite format 3\0"  # the first 16 bytes of every SQLite database file
# PostgreSQL's read_only_sql_transaction and insufficient_privilege.
READ_ONLY_STATES = ("25006", "42501")
# Seconds a `dbtool sql` query may run (0: no limit); here so the CLI can show it cheaply.
DEFAULT_TIMEOUT = 30.0
# Seconds any command waits for a PostgreSQL server to accept its connection.
CONNECT_TIMEOUT = 5.0


# Query parameters whose value is a secret, or names where one is kept: libpq's password,
# passfile, sslpassword and sslkey, and the spellings other drivers use.
_SECRET_PARAMETER = re.compile(r"pass|pwd|secret|token|sslkey|credential", re.IGNORECASE)
_QUERY_PARAMETER = re.compile(r"([?&;])([^=&;#]*)=([^&;#]*)")
MASK = "***"


def mask_url(url: str) -> str:
    """``url`` as every message, log and report shows it: its password replaced by ``***``
    wherever it is (the user info, and any query parameter that holds a secret or names
    its file, under any spelling or percent-encoding of its name).

    Read as SQLAlchemy reads a URL (the password runs to the ``@`` before the host), but
    generously: a password holding ``@``, ``/`` or ``?`` unencoded is hidden whole. The
    text is masked as given, never parsed and re-rendered, so a URL SQLAlchemy cannot
    read is masked too.
    """
    masked, at = [], 0
    for start, end in _secret_spans(url):
        masked += [url[at:start], MASK]
        at = end
    return "".join([*masked, url[at:]])


def url_secrets(url: str) -> list[str]:
    """The secrets ``url`` holds, as given and percent-decoded, longest first: what a driver
    may repeat in its own message (``invalid sslmode value: "require;password=…"``)."""
    from urllib.parse import unquote

    found = {url[start:end] for start, end in _secret_spans(url)}
    return sorted({v for raw in found for v in (raw, unquote(raw))}, key=len, reverse=True)


def _secret_spans(url: str) -> list[tuple[int, int]]:
    """Where the secrets of ``url`` stand, in order (see ``mask_url``); empty ones left out."""
    from urllib.parse import unquote

    scheme, sep, rest = url.partition("://")
    if not sep:
        return []
    offset = len(scheme) + len(sep)
    spans = []
    question = rest.find("?", rest.find("@") + 1 if "@" in rest else 0)
    at = rest.rfind("@", 0, question if question >= 0 else len(rest))
    colon = rest.find(":", 0, at) if at >= 0 else -1
    if colon >= 0 and "/" not in rest[:colon]:
        spans.append((offset + colon + 1, offset + at))
    for match in _QUERY_PARAMETER.finditer(rest):
        if _SECRET_PARAMETER.search(unquote(match.group(2))):
            spans.append((offset + match.start(3), offset + match.end(3)))
    return [(a, b) for a, b in spans if a < b]


def scrub(text: str, url: str) -> str:
    """``text`` with every secret of ``url`` replaced by ``***``."""
    for secret in url_secrets(url):
        text = text.replace(secret, MASK)
    return text


def url_dialect(url: str) -> str:
    """The backend a URL names, without importing SQLAlchemy: ``sqlite+pysqlite://`` -> sqlite."""
    scheme, sep, _ = url.partition("://")
    if not sep:
        raise DatabaseError(f"cannot use database URL {mask_url(url)!r}: expected dialect://…")
    return scheme.split("+")[0].lower()


def sqlite_file(url: str) -> Path | None:
    """The file behind a SQLite URL of any spelling, or None (another backend, or memory).

    Parsed with the standard library, so the fast read path never imports
    SQLAlchemy: ``sqlite:///rel``, ``sqlite:////abs``, ``sqlite+pysqlite:///x?timeout=5``
    and URI filenames (``sqlite:///file:x?mode=rw&uri=true``) all name their file.
    """
    from urllib.parse import unquote

    if url_dialect(url) != "sqlite":
        return None
    rest = url.partition("://")[2]
    path = unquote(rest.removeprefix("/").split("?")[0])
    path = path.removeprefix("file:")
    if not path or path == ":memory:":
        return None
    return Path(path)


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    """Foreign keys are off by default in SQLite; WAL lets readers run beside a writer.

    In WAL mode, ``synchronous=NORMAL`` is as safe from corruption as FULL (SQLite's
    documentation recommends it): a load or a check run is still all or nothing, but
    its commit does not wait for the log to reach the disk (a checkpoint still does);
    on a power cut the last committed transaction may be lost, never half of one.

    SQLite's default page cache (2 MiB) is smaller than the indexes a large load
    writes into: their pages would be spilled to the WAL and read back, slowing the
    writing of its rows. The cache is a ceiling, taken only as pages are used."""
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    cursor.close()


CACHE_KIB = 65_536  # SQLite's page cache per connection, at most


class Database:
    """One database, named once: a SQLite file or any SQLAlchemy URL.

    The library's face, as sqlite-utils' ``Database`` is: the CLI resolves
    ``--db``, ``--database-url``, the environment and the default into one of
    these, and the API, the loader, the checks and the reports all take it.
    It holds its URL, its dialect and, for SQLite, its file, worked out once;
    the SQLAlchemy engine is made the first time one is needed (reports read
    SQLite through ``sqlite3`` and never import SQLAlchemy).
    """

    def __init__(self, url: str, connect_timeout: float | None = None) -> None:
        self.url = url
        # Seconds a PostgreSQL connection may take to open (None: CONNECT_TIMEOUT).
        self.connect_timeout = connect_timeout
        self.dialect = url_dialect(url)
        self.path = sqlite_file(url)  # None: another backend, or an in-memory SQLite
        self._engine: Engine | None = None

    @classmethod
    def of(cls, target: Database | str | Path | None = None) -> Database:
        """``target`` as a Database: one already, a URL, a SQLite file's path, or None for
        the environment's URL or ``./dbtool.sqlite``."""
        if isinstance(target, Database):
            return target
        if target is None:
            return cls.resolve()
        if isinstance(target, Path) or "://" not in target:
            return cls(f"sqlite:///{target}")
        return cls(target)

    @classmethod
    def resolve(cls, db: Path | None = None, database_url: str | None = None) -> Database:
        """``--database-url``, then ``--db``, then the environment, then the default."""
        if database_url and db:
            raise DatabaseError("give either --db or --database-url, not both")
        if database_url:
            return cls(database_url)
        if db:
            return cls(f"sqlite:///{db}")
        return cls(os.environ.get(ENV_URL) or f"sqlite:///{DEFAULT_PATH}")

    def __repr__(self) -> str:
        return f"Database({self.describe()!r})"

    def describe(self) -> str:
        """How messages and reports name the database: its file, else its URL without
        its password (``mask_url``)."""
        if self.path is not None:
            return str(self.path)
        return mask_url(self.url)

    def require_file(self) -> None:
        """Refuse a SQLite file that does not exist yet (only init and upgrade create one),
        or that is empty: opening it would write a new database's first page into it."""
        if self.path is None:
            return
        if not self.path.is_file():
            raise NotInitialised(f"{self.path}: no such database file; run `dbtool init`")
        self.check_file()
        if self.path.stat().st_size == 0:
            raise NotInitialised(
                f"{self.path} is an empty file: it has no dbtool schema; run "
                f"`dbtool init --db {self.path}`"
            )

    def check_file(self) -> None:
        """Refuse an existing SQLite file that cannot be read or is not a SQLite database,
        before SQLite opens it (and, for a command that writes, turns it into one)."""
        if self.path is None or not self.path.exists():
            return
        if not self.path.is_file():
            raise DatabaseError(f"{self.path} is not a file; give a SQLite database file")
        if Path(f"{self.path}-shm").exists():
            # SQLite has it open in WAL mode, so it is a database. Reading it here could
            # also break a connection this process holds: closing any descriptor of a file
            # drops every POSIX lock the process has on it, and SQLite would then delete
            # the WAL under that connection.
            return
        try:
            with self.path.open("rb") as file:
                header = file.read(len(SQLITE_HEADER))
        except OSError as exc:
            raise with_fix(str(self.path), f"cannot read it: {exc.strerror}") from None
        if header and header != SQLITE_HEADER:
            raise with_fix(str(self.path), "file is not a database")

    def _require_writable(self) -> None:
        """Refuse, in words, a SQLite file this engine could not write: SQLite itself says
        only "unable to open database file" on a read-only mount."""
        assert self.path is not None
        folder = self.path.parent
        if not os.access(folder, os.W_OK):
            where = f"its folder {folder}" if str(folder) != "." else "its folder"
            raise DatabaseError(
                f"{self.path}: {where} is read-only (a read-only mount, or no permission to "
                "write); this command writes the database: run it where the folder is "
                "writable, or copy the database there"
            )
        if self.path.exists() and not os.access(self.path, os.W_OK):
            raise DatabaseError(
                f"{self.path}: the file is read-only; this command writes the database: "
                "make it writable, or copy it"
            )

    def engine(self, *, create: bool = False) -> Engine:
        """The SQLAlchemy engine, made once; on SQLite every connection gets the pragmas.

        ``create`` allows a missing SQLite file to be created (its folder must exist).
        """
        if self.path is not None:
            if not create:
                self.require_file()
            elif not self.path.parent.is_dir():
                raise DatabaseError(f"{self.path}: folder {self.path.parent} does not exist")
            else:
                self.check_file()
            self._require_writable()
        if self._engine is None:
            self._engine = _make_engine(self.url, self.connect_timeout)
        return self._engine

    @contextmanager
    def connect(self, *, create: bool = False) -> Iterator[Connection]:
        """One transaction: committed on success, rolled back on error.

        A database that cannot be reached or read (a refused connection, a file
        that is not a database, a full disk, a read-only folder) is one line
        naming it, with the likely fix (exit 2). A SQLite file this call created
        is removed again when the command fails, so a failed command leaves no
        empty database behind.
        """
        from sqlalchemy.exc import DBAPIError

        engine = self.engine(create=create)
        new_file = self.path is not None and not self.path.exists()
        try:
            try:
                context = engine.begin()
                connection = context.__enter__()
            except DBAPIError as exc:
                raise self.failure(exc, connecting=True) from None
            with _entered(context, connection):
                yield connection
        except BaseException as exc:
            if new_file:
                self._remove_new_file(engine)
            if isinstance(exc, DBAPIError):
                raise self.failure(exc) from None
            raise
        finally:
            # Connections go back to no pool between commands: a SQLite file is not kept
            # open (and locked against a copy or a delete) while nothing uses it.
            engine.dispose()

    def failure(self, exc: Exception, connecting: bool = False) -> DbtoolError:
        """A driver's error as one line naming this database: a role that may only read
        asked to write, or a failure of the connection, the file or the disk (exit 2);
        anything else (a constraint dbtool should have checked) is raised as it is, unless
        it came while ``connecting``: then the URL is at fault. The driver's words are
        scrubbed of the URL's secrets, which it may repeat."""
        from sqlalchemy.exc import DBAPIError, OperationalError

        orig = exc.orig if isinstance(exc, DBAPIError) else exc
        message = scrub(first_line(str(orig)), self.url)
        if getattr(orig, "sqlstate", None) in READ_ONLY_STATES:
            # A role that may only read (docs/security.md) asked to write: a user's
            # mistake, not dbtool's, so one line and exit 2 rather than a traceback.
            return DatabaseError(
                f"{self.describe()}: {message}; this command writes, so it needs a role that "
                "may write"
            )
        if isinstance(exc, OperationalError) or environment_error(exc) is not None:
            return with_fix(self.describe(), message)
        if connecting:  # a URL the driver cannot use (an unknown option, a bad value)
            return DatabaseError(f"{self.describe()}: cannot connect: {message}")
        raise exc

    def _remove_new_file(self, engine: Engine) -> None:
        """Remove the SQLite file (and its WAL and shared memory) a failed command created."""
        engine.dispose()
        assert self.path is not None
        for suffix in ("", "-wal", "-shm", "-journal"):
            with suppress(OSError):
                Path(f"{self.path}{suffix}").unlink()


@contextmanager
def _entered(context: Any, value: Any) -> Iterator[Any]:
    """A context manager already entered (``engine.begin()``), left as ``with`` would."""
    try:
        yield value
    except BaseException as exc:
        if not context.__exit__(type(exc), exc, exc.__traceback__):
            raise
    else:
        context.__exit__(None, None, None)


def connect(target: Database | str, *, create: bool = False) -> AbstractContextManager[Connection]:
    """``Database.of(target).connect()``: one transaction on ``target``."""
    return Database.of(target).connect(create=create)


def _make_engine(url: str, connect_timeout: float | None = None) -> Engine:
    """An engine for ``url``; on SQLite every connection gets the pragmas above, on
    PostgreSQL a connect timeout (``connect_seconds``)."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    options: dict[str, object] = {}
    if url_dialect(url) == "postgresql" and "connect_timeout=" not in url:
        options["connect_args"] = {"connect_timeout": connect_seconds(connect_timeout)}
    try:
        engine = create_engine(url, **options)
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise DatabaseError(f"cannot use database URL {mask_url(url)!r}: {exc}") from None
    except ModuleNotFoundError as exc:
        hint = " (install dbtool[postgres])" if url.startswith("postgres") else ""
        raise DatabaseError(f"no driver for {mask_url(url)!r}: {exc}{hint}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def connect_seconds(limit: float | None) -> int:
    """libpq's ``connect_timeout`` for a command limited to ``limit`` seconds (None or 0:
    no limit): at most ``CONNECT_TIMEOUT``, so a server that never answers is reported
    soon, and at least 2 s, libpq's floor. A URL's own ``connect_timeout`` wins."""
    import math

    seconds = CONNECT_TIMEOUT if not limit else min(limit, CONNECT_TIMEOUT)
    return max(2, math.ceil(seconds))
