"""Where the database is and how to connect to it: the ``Database`` handle.

SQLite is the embedded default (``./dbtool.sqlite``); any SQLAlchemy URL works
through ``--database-url`` or ``DBTOOL_DATABASE_URL``. Only ``dbtool init``
and ``dbtool db upgrade`` may create a database: every other connection
refuses a SQLite file that does not exist, so a mistyped ``--db`` never
leaves an empty file behind.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from dbtool.errors import DatabaseError, NotInitialised

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

DEFAULT_PATH = Path("dbtool.sqlite")
# PostgreSQL's read_only_sql_transaction and insufficient_privilege.
READ_ONLY_STATES = ("25006", "42501")
ENV_URL = "DBTOOL_DATABASE_URL"
# Seconds a `dbtool sql` query may run (0: no limit); here so the CLI can show it cheaply.
DEFAULT_TIMEOUT = 30.0


def url_dialect(url: str) -> str:
    """The backend a URL names, without importing SQLAlchemy: ``sqlite+pysqlite://`` -> sqlite."""
    scheme, sep, _ = url.partition("://")
    if not sep:
        raise DatabaseError(f"cannot use database URL {url!r}: expected dialect://…")
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

    SQLite's default page cache (2 MiB) is smaller than the indexes a large load
    writes into: their pages would be spilled to the WAL and read back, slowing the
    writing of its rows. The cache is a ceiling, taken only as pages are used."""
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
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

    def __init__(self, url: str) -> None:
        self.url = url
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
        the password."""
        if self.path is not None:
            return str(self.path)
        from sqlalchemy.engine import make_url

        return make_url(self.url).render_as_string(hide_password=True)

    def require_file(self) -> None:
        """Refuse a SQLite file that does not exist yet: only init and upgrade create one."""
        if self.path is not None and not self.path.is_file():
            raise NotInitialised(f"{self.url}: no such database file; run `dbtool init`")

    def engine(self, *, create: bool = False) -> Engine:
        """The SQLAlchemy engine, made once; on SQLite every connection gets the pragmas.

        ``create`` allows a missing SQLite file to be created (its folder must exist).
        """
        if self.path is not None:
            if not create:
                self.require_file()
            elif not self.path.parent.is_dir():
                raise DatabaseError(f"{self.path}: folder {self.path.parent} does not exist")
        if self._engine is None:
            self._engine = _make_engine(self.url)
        return self._engine

    @contextmanager
    def connect(self, *, create: bool = False) -> Iterator[Connection]:
        """One transaction: committed on success, rolled back on error."""
        from sqlalchemy.exc import DBAPIError, OperationalError

        engine = self.engine(create=create)
        try:
            with engine.begin() as connection:
                yield connection
        except OperationalError as exc:
            raise DatabaseError(f"{engine.url.render_as_string()}: {exc.orig}") from None
        except DBAPIError as exc:
            # A role that may only read (README, "Security") asked to write: a user's
            # mistake, not dbtool's, so one line and exit 2 rather than a traceback.
            if getattr(exc.orig, "sqlstate", None) not in READ_ONLY_STATES:
                raise
            message = str(exc.orig).strip().splitlines()[0]
            raise DatabaseError(
                f"{engine.url.render_as_string()}: {message}; this command writes, "
                "so it needs a role that may write"
            ) from None
        finally:
            # Connections go back to no pool between commands: a SQLite file is not kept
            # open (and locked against a copy or a delete) while nothing uses it.
            engine.dispose()


def connect(target: Database | str, *, create: bool = False) -> AbstractContextManager[Connection]:
    """``Database.of(target).connect()``: one transaction on ``target``."""
    return Database.of(target).connect(create=create)


def _make_engine(url: str) -> Engine:
    """An engine for ``url``; on SQLite every connection gets the pragmas above."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        engine = create_engine(url)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise DatabaseError(f"cannot use database URL {url!r}: {exc}") from None
    except ModuleNotFoundError as exc:
        hint = " (install dbtool[postgres])" if url.startswith("postgres") else ""
        raise DatabaseError(f"no driver for {url!r}: {exc}{hint}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine
