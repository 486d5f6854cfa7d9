"""Read-only SQL for reports, without SQLAlchemy on the SQLite path.

A report is a short-lived process whose cost is mostly imports: SQLAlchemy
and the ORM models take four times as long to import as the report takes
to run. So reports are plain, portable SQL run through a ``Reader``: the
standard library's ``sqlite3`` for SQLite files (the embedded default), and
SQLAlchemy's ``text()`` for every other URL. Both take ``:name`` parameters
and return rows as dicts. This module holds the one place the two differ.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Protocol

from dbtool.db.engine import sqlite_file
from dbtool.errors import DatabaseError, NotInitialised

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Inspector

Row = dict[str, Any]


class Reader(Protocol):
    """Runs read-only queries; ``url`` is for messages, ``dialect`` for the SQL that differs."""

    url: str
    dialect: str

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Row]: ...


# Pragmas that only read (``PRAGMA table_info(x)``); any other pragma with an argument writes.
READ_PRAGMAS = {
    "table_info",
    "table_xinfo",
    "index_list",
    "index_info",
    "index_xinfo",
    "foreign_key_list",
    "foreign_key_check",
    "integrity_check",
    "quick_check",
}


class ReadOnlyViolation(DatabaseError):
    """A query tried to change the database."""


def _sqlite_authorizer(action: int, arg1: str | None, arg2: str | None, *_: Any) -> int:
    """Refuse what ``query_only`` lets through: ATTACH/DETACH and writing pragmas."""
    import sqlite3

    if action in (sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH):
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_PRAGMA and arg2 is not None and arg1 not in READ_PRAGMAS:
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


def _refused(message: str) -> bool:
    """Whether the database refused a write (rather than failing the query)."""
    text = message.lower()
    return any(word in text for word in ("readonly", "read-only", "read only", "not authorized"))


class SqliteReader:
    """A read-only ``sqlite3`` connection that never creates a file.

    ``query_only`` refuses writes to the database; the authorizer refuses
    ATTACH (which could create another file) and pragmas that change state.
    """

    dialect = "sqlite"

    def __init__(self, url: str, path: str) -> None:
        import sqlite3
        from urllib.parse import quote

        self.url = url
        try:
            # mode=rw: a missing file is an error, not a new empty database.
            self.connection = sqlite3.connect(f"file:{quote(path)}?mode=rw", uri=True, timeout=5)
        except sqlite3.OperationalError:
            raise NotInitialised(f"{url}: no such database file; run `dbtool init`") from None
        self.connection.row_factory = sqlite3.Row
        self.connection.execute("PRAGMA query_only = ON")
        self.connection.set_authorizer(_sqlite_authorizer)

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        import sqlite3

        try:
            cursor = self.connection.execute(sql, dict(params or {}))
            return [dict(row) for row in cursor]
        except sqlite3.Error as exc:
            raise _error(self.url, str(exc)) from None

    def close(self) -> None:
        self.connection.close()


class ConnectionReader:
    """Queries on an open SQLAlchemy connection (the caller owns its transaction)."""

    def __init__(self, connection: Connection, url: str | None = None) -> None:
        self.connection = connection
        self.url = url or connection.engine.url.render_as_string()
        self.dialect = connection.dialect.name

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        from sqlalchemy import text
        from sqlalchemy.exc import DBAPIError

        try:
            result = self.connection.execute(text(sql), dict(params or {}))
            return [dict(row._mapping) for row in result] if result.returns_rows else []
        except DBAPIError as exc:
            raise _error(self.url, str(exc.orig)) from None


class AlchemyReader(ConnectionReader):
    """Any other database through SQLAlchemy, in a read-only transaction that is rolled back."""

    def __init__(self, url: str) -> None:
        from dbtool.db.engine import make_engine

        self.engine = make_engine(url)
        connection = self.engine.connect()
        super().__init__(connection, url)
        self.transaction = connection.begin()
        if self.dialect == "postgresql":
            connection.exec_driver_sql("SET TRANSACTION READ ONLY")

    def close(self) -> None:
        self.transaction.rollback()
        self.connection.close()
        self.engine.dispose()


def _error(url: str, message: str) -> DatabaseError:
    if _refused(message):
        return ReadOnlyViolation(f"{url} is opened read-only; the query tried to write: {message}")
    return DatabaseError(f"{url}: {message}")


@contextmanager
def open_reader(url: str, require_schema: bool = True) -> Iterator[Reader]:
    """A read-only reader on ``url``; unless told otherwise it must have dbtool's schema.

    Any SQLite URL, whatever its spelling, is read through ``sqlite3`` on its
    file, which is never created.
    """
    path = sqlite_file(url)
    reader: SqliteReader | AlchemyReader = (
        SqliteReader(url, str(path)) if path is not None else AlchemyReader(url)
    )
    try:
        if require_schema:
            schema_revision(reader)
        yield reader
    finally:
        reader.close()


@contextmanager
def inspect_schema(url: str) -> Iterator[Inspector]:
    """SQLAlchemy's inspector on a read-only connection that must have dbtool's schema.

    SQLite goes through the same never-creating, query-only ``sqlite3``
    connection as :class:`SqliteReader`; other backends through
    :class:`AlchemyReader`'s rolled-back READ ONLY transaction.
    """
    from sqlalchemy import create_engine, inspect

    path = sqlite_file(url)
    if path is None:
        with open_reader(url) as reader:
            assert isinstance(reader, AlchemyReader)
            yield inspect(reader.connection)
        return
    sqlite = SqliteReader(url, str(path))
    try:
        schema_revision(sqlite)
        sqlite.connection.row_factory = None  # SQLAlchemy reads plain tuples
        engine = create_engine("sqlite://", creator=lambda: sqlite.connection)
        with engine.connect() as connection:
            yield inspect(connection)
        engine.dispose()
    finally:
        sqlite.close()


def revision_of(reader: Reader) -> str | None:
    """The database's migration revision, or None for a database dbtool has not touched.

    The one way dbtool reads it, on every backend: the CLI, the migrations
    and the reports all ask here.
    """
    probe = (
        "SELECT count(*) AS n FROM sqlite_master WHERE name = 'alembic_version'"
        if reader.dialect == "sqlite"
        else "SELECT count(*) AS n FROM information_schema.tables "
        "WHERE table_name = 'alembic_version' AND table_schema = current_schema()"
    )
    if not reader.rows(probe)[0]["n"]:
        return None
    rows = reader.rows("SELECT version_num FROM alembic_version")
    return str(rows[0]["version_num"]) if rows else None


def schema_revision(reader: Reader) -> str:
    """The database's migration revision; ``NotInitialised`` when it has none."""
    revision = revision_of(reader)
    if revision is None:
        raise NotInitialised(f"{reader.url} has no dbtool schema; run `dbtool init`")
    return revision


def require_schema(connection: Connection) -> str:
    """The revision of an open SQLAlchemy connection, or ``NotInitialised``."""
    return schema_revision(ConnectionReader(connection))
