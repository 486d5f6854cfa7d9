"""Read-only SQL for reports and ``dbtool sql``, without SQLAlchemy on the SQLite path.

A report is a short-lived process whose cost is mostly imports: SQLAlchemy
and the ORM models take four times as long to import as the report takes
to run. So reports are plain, portable SQL run through a ``Reader``: the
standard library's ``sqlite3`` for SQLite files (the embedded default),
psycopg 3 for PostgreSQL (SQLAlchemy opens the connection and turns
``:name`` into psycopg's placeholders), and SQLAlchemy's ``text()`` for any
other URL. All take ``:name`` parameters and return rows as dicts. This
module holds the one place they differ, and what makes each read-only: the
same readers run the user's SQL for ``dbtool sql`` (README, "Security").
"""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from dbtool.db.database import Database, mask_url, scrub
from dbtool.db.statements import (
    leading_keyword,
    refuse_unsafe_postgres_statement,
    refuse_unsafe_statement,
)
from dbtool.errors import (
    DatabaseError,
    DbtoolError,
    NotInitialised,
    QueryTimeout,
    ReadOnlyViolation,
    StatementRefused,
    first_line,
    with_fix,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Inspector

Row = dict[str, Any]
CHUNK = 1000  # rows fetched at a time by ``stream``


class Reader(Protocol):
    """Runs read-only queries; ``url`` is for messages, ``dialect`` for the SQL that differs."""

    url: str
    dialect: str

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Row]: ...

    def stream(self, sql: str, params: Mapping[str, Any] | None = None) -> Iterator[Row]:
        """The rows of ``rows``, fetched a chunk at a time as they are iterated."""
        ...


# Pragmas that only read. Those in TABLE_PRAGMAS take a table or index name
# (``PRAGMA table_info(x)``); any other pragma given an argument sets something.
TABLE_PRAGMAS = frozenset(
    {
        "foreign_key_check",
        "foreign_key_list",
        "index_info",
        "index_list",
        "index_xinfo",
        "integrity_check",
        "quick_check",
        "table_info",
        "table_list",
        "table_xinfo",
    }
)
QUERY_PRAGMAS = TABLE_PRAGMAS | {
    "application_id",
    "collation_list",
    "compile_options",
    "data_version",
    "database_list",
    "encoding",
    "foreign_keys",
    "freelist_count",
    "function_list",
    "journal_mode",
    "module_list",
    "page_count",
    "page_size",
    "pragma_list",
    "query_only",
    "read_uncommitted",
    "schema_version",
    "user_version",
}
# Functions that reach outside the database: loading code, reading or writing files.
# load_extension is also off in Python's sqlite3 unless enabled; refused here regardless.
OUTSIDE_FUNCTIONS = frozenset({"load_extension", "readfile", "writefile", "edit", "fts3_tokenizer"})
# Statement kinds the authorizer reports, for messages (sqlite3.SQLITE_<NAME> -> words).
_ACTIONS = [
    "CREATE_INDEX",
    "CREATE_TABLE",
    "CREATE_TEMP_INDEX",
    "CREATE_TEMP_TABLE",
    "CREATE_TEMP_TRIGGER",
    "CREATE_TEMP_VIEW",
    "CREATE_TRIGGER",
    "CREATE_VIEW",
    "DELETE",
    "DROP_INDEX",
    "DROP_TABLE",
    "DROP_TEMP_INDEX",
    "DROP_TEMP_TABLE",
    "DROP_TEMP_TRIGGER",
    "DROP_TEMP_VIEW",
    "DROP_TRIGGER",
    "DROP_VIEW",
    "INSERT",
    "PRAGMA",
    "READ",
    "SELECT",
    "TRANSACTION",
    "UPDATE",
    "ATTACH",
    "DETACH",
    "ALTER_TABLE",
    "REINDEX",
    "ANALYZE",
    "CREATE_VTABLE",
    "DROP_VTABLE",
    "FUNCTION",
    "SAVEPOINT",
    "RECURSIVE",
]


def _action_names() -> dict[int, str]:
    import sqlite3

    return {getattr(sqlite3, f"SQLITE_{name}"): name.replace("_", " ") for name in _ACTIONS}


BUSY_TIMEOUT = 5.0  # seconds a reader waits for a writer's lock, at most
# The longest string or blob a SQLite query may make or read (SQLITE_LIMIT_LENGTH): far
# above any text a seed may hold (--max-text-bytes), far below what would exhaust memory.
MAX_VALUE_BYTES = 64 * 1024 * 1024


def _sqlite_target(database: Database) -> tuple[str, bool]:
    """What ``sqlite3.connect`` opens for a SQLite ``database``: its file by path alone
    (options in the URL, ``mode=rwc``, ``vfs=…``, never reach SQLite), never created.

    ``mode=rw``: a missing file is an error, not a new database. In a folder that cannot
    be written (a read-only mount, a copy in someone else's folder), SQLite cannot make
    the WAL's shared-memory file every reader needs, so a file with no unfinished writes
    (no WAL left beside it) is opened as immutable; one with a WAL is refused in words.
    """
    from urllib.parse import quote

    path = database.path
    if path is None:
        return ":memory:", False
    database.require_file()
    uri = f"file:{quote(str(path))}?mode=rw"
    if not os.access(path.parent, os.W_OK) or not os.access(path, os.W_OK):
        wal = Path(f"{path}-wal")
        if wal.exists() and wal.stat().st_size and not os.access(path.parent, os.W_OK):
            raise DatabaseError(
                f"{path}: its folder is read-only and {wal.name} holds writes not yet in the "
                "database; open it once where its folder is writable, or copy both files"
            )
        uri = f"file:{quote(str(path))}?mode=ro&immutable=1"
    return uri, True


class SqliteReader:
    """A read-only ``sqlite3`` connection that never creates a file.

    Three locks, each covering what the one before lets through:
    ``query_only`` refuses writes to every database on the connection; an
    authorizer allows only reading (SELECT, reading pragmas, functions that
    stay inside the database) and so refuses ATTACH (which creates files, and
    which VACUUM INTO uses), DETACH, transaction control, schema changes even
    to TEMP, and load_extension; and ``sqlite3`` itself runs one statement
    per call. ``timeout`` seconds (None: no limit) are enforced by a progress
    handler that interrupts the query.
    """

    dialect = "sqlite"

    def __init__(self, database: Database, timeout: float | None = None) -> None:
        import sqlite3

        self.url = database.describe()
        self.timeout = timeout
        self._deadline: float | None = None
        self._timed_out = False
        self._denied: str | None = None
        # isolation_level=None: sqlite3 never sends a BEGIN of its own. The busy timeout
        # (waiting for a writer's lock) never outlasts the query's own time limit.
        busy = min(BUSY_TIMEOUT, timeout) if timeout else BUSY_TIMEOUT
        target, uri = _sqlite_target(database)
        try:
            self.connection = sqlite3.connect(
                target, uri=uri, timeout=busy, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise with_fix(self.url, str(exc)) from None
        try:
            # Read the header now: a file that is not a database fails here, in words.
            self.connection.execute("PRAGMA schema_version").fetchall()
        except sqlite3.Error as exc:
            self.connection.close()
            raise with_fix(self.url, str(exc)) from None
        self.connection.row_factory = sqlite3.Row
        # No one value may grow past this: printf('%.*c', 1e9, 'a') fails at once instead
        # of allocating a gigabyte that no progress handler can interrupt.
        self.connection.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
        self.connection.execute("PRAGMA query_only = ON")
        self._names = _action_names()
        self.connection.set_authorizer(self._authorize)
        if timeout:
            self.connection.set_progress_handler(self._progress, 1000)

    def _authorize(self, action: int, arg1: str | None, arg2: str | None, *_: Any) -> int:
        """Allow reading only; remember what was refused, for the message."""
        import sqlite3

        name = self._names.get(action, f"action {action}")
        if action in (sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_RECURSIVE):
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() not in OUTSIDE_FUNCTIONS:
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_PRAGMA:
            pragma = (arg1 or "").lower()
            if pragma in QUERY_PRAGMAS and (arg2 is None or pragma in TABLE_PRAGMAS):
                return sqlite3.SQLITE_OK
        # SQLite's own bookkeeping: a CREATE or DROP is also reported as a write to
        # sqlite_master, and reading a table-valued function's schema (json_each) as an
        # UPDATE of it. Let it pass, so the statement itself is named and refused by its
        # own action (CREATE TABLE, DROP VIEW, …); SQLite never lets a statement write
        # sqlite_master directly (writable_schema is a refused pragma), nor does query_only.
        writes = (sqlite3.SQLITE_INSERT, sqlite3.SQLITE_UPDATE, sqlite3.SQLITE_DELETE)
        if action in writes and arg1 in ("sqlite_master", "sqlite_temp_master"):
            return sqlite3.SQLITE_OK
        if self._denied is None:
            self._denied = _describe(name, arg1, arg2)
        return sqlite3.SQLITE_DENY

    def _progress(self) -> int:
        """Called every 1000 SQLite instructions: non-zero interrupts the query."""
        if self._deadline is not None and time.monotonic() > self._deadline:
            self._timed_out = True
            return 1
        return 0

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        return list(self.stream(sql, params))

    def stream(
        self, sql: str, params: Mapping[str, Any] | None = None, size: int = CHUNK
    ) -> Iterator[Row]:
        """Rows as dicts, ``size`` at a time, so ``report all`` reads a large table
        without holding it. Plain tuples zipped with the column names, not
        ``sqlite3.Row``, which is slower to turn into dicts."""
        import sqlite3

        refuse_unsafe_statement(sql, self.url, nested_comments=False)
        self._denied, self._timed_out = None, False
        self._deadline = time.monotonic() + self.timeout if self.timeout else None
        cursor = self.connection.cursor()
        try:
            cursor.row_factory = None
            cursor.execute(sql, dict(params or {}))
            names = [column[0] for column in cursor.description or ()]
            while batch := cursor.fetchmany(size):
                yield from map(dict, map(zip, itertools.repeat(names), batch))  # in C
        except sqlite3.ProgrammingError as exc:
            if self._timed_out:  # stopped at the limit while a row was read ("closed database")
                raise QueryTimeout(self.timeout or 0) from None
            if "one statement" in str(exc):
                raise StatementRefused(_SEVERAL.format(url=self.url)) from None
            raise _error(self.url, str(exc)) from None
        except sqlite3.Error as exc:
            if self._timed_out:
                raise QueryTimeout(self.timeout or 0) from None
            if self._denied is not None:
                # VACUUM shows up as the ATTACH of the file it would write.
                vacuum = leading_keyword(sql, nested_comments=False) == "VACUUM"
                raise ReadOnlyViolation(
                    f"{self.url} is opened read-only; the query tried to write: "
                    f"{'VACUUM' if vacuum else self._denied} is not allowed"
                ) from None
            raise _error(self.url, str(exc)) from None
        finally:
            self._deadline = None
            # Finalise the statement now: an error's traceback would keep it alive, and
            # with it the connection, its WAL and shared-memory files, after ``close``.
            cursor.close()

    def interrupt(self) -> None:
        """Stop the running query from another thread (``query_rows``'s time limit). The
        query may have stopped itself at the same deadline and its thread closed the
        connection meanwhile: then there is nothing left to interrupt."""
        import sqlite3

        self._timed_out = True
        with suppress(sqlite3.ProgrammingError):
            self.connection.interrupt()

    def close(self) -> None:
        self.connection.close()


def _describe(name: str, arg1: str | None, arg2: str | None) -> str:
    """What the authorizer refused, in SQL words: ``PRAGMA user_version = 7``, ``ATTACH``."""
    if name == "PRAGMA":
        return f"PRAGMA {arg1}" + (f" = {arg2}" if arg2 is not None else "")
    if name == "FUNCTION":
        return f"{arg2}()"
    if name in ("TRANSACTION", "SAVEPOINT"):
        return arg1 or name
    if name in ("ATTACH", "DETACH"):
        return name
    if name == "ALTER TABLE":  # (database, table)
        return f"{name} {arg2}"
    return f"{name} {arg1}" if arg1 else name


_SEVERAL = "{url}: the query holds more than one statement; dbtool runs exactly one"


class ConnectionReader:
    """Queries on an open SQLAlchemy connection (the caller owns its transaction)."""

    def __init__(self, connection: Connection, url: str | None = None) -> None:
        self.connection = connection
        self.url = url or mask_url(connection.engine.url.render_as_string(hide_password=False))
        self.dialect = connection.dialect.name

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        from sqlalchemy import text
        from sqlalchemy.exc import DBAPIError

        try:
            result = self.connection.execute(text(sql), dict(params or {}))
            return [dict(row._mapping) for row in result] if result.returns_rows else []
        except DBAPIError as exc:
            raise _error(self.url, first_line(str(exc.orig))) from None

    def stream(self, sql: str, params: Mapping[str, Any] | None = None) -> Iterator[Row]:
        """Rows as they come, where the driver can stream them (``stream_results``)."""
        from sqlalchemy import text
        from sqlalchemy.exc import DBAPIError

        try:
            connection = self.connection.execution_options(stream_results=True)
            result = connection.execute(text(sql), dict(params or {}))
            if result.returns_rows:
                for row in result:
                    yield dict(row._mapping)
        except DBAPIError as exc:
            raise _error(self.url, first_line(str(exc.orig))) from None


class AlchemyReader(ConnectionReader):
    """Any other database through SQLAlchemy, in a transaction that is rolled back.

    For reports on backends dbtool does not know; ``dbtool sql`` refuses them,
    as nothing here makes a query read-only.
    """

    def __init__(
        self, url: str, connect_timeout: float | None = None, given: str | None = None
    ) -> None:
        """``given``: the URL as the user gave it, when ``url`` is rewritten from it (its
        driver): messages name it, and are scrubbed of its secrets."""
        database = Database(url, connect_timeout=connect_timeout)
        shown = Database(given) if given else database
        self.engine = database.engine()
        try:
            connection = self.engine.connect()
        except Exception as exc:
            self.engine.dispose()
            message = str(database.failure(exc, connecting=True))
            message = message.replace(database.describe(), shown.describe(), 1)
            raise DatabaseError(scrub(scrub(message, url), shown.url)) from None
        super().__init__(connection, shown.describe())
        self.transaction = connection.begin()

    def close(self) -> None:
        self.transaction.rollback()
        self.connection.close()
        self.engine.dispose()


class PostgresReader(AlchemyReader):
    """PostgreSQL through psycopg 3, in a READ ONLY transaction that is always rolled back.

    Every query is sent with the extended protocol (a prepared statement),
    which holds exactly one statement: ``COMMIT; DROP …`` is refused by the
    server, not split and run. Transaction control and COPY are refused
    before sending (:mod:`dbtool.db.statements`), so a query cannot end the
    READ ONLY transaction it runs in. ``timeout`` bounds connecting
    (``connect_timeout``) and becomes ``SET LOCAL statement_timeout``.

    A reader for a user's SQL (``user_sql``, ``dbtool sql``) reads every query with
    PostgreSQL's own parser first (one SELECT, allowed functions only), and refuses
    to run as a role with powers over the server (a superuser, or a member of
    ``pg_execute_server_program``, ``pg_read_server_files`` or
    ``pg_write_server_files``) unless ``allow_privileged``: what such a role may
    do reaches beyond a READ ONLY transaction (docs/security.md).
    """

    def __init__(
        self,
        url: str,
        timeout: float | None = None,
        user_sql: bool = False,
        allow_privileged: bool = False,
    ) -> None:
        from sqlalchemy.engine import make_url

        # psycopg 3 whatever the URL names (postgresql:// means psycopg2 to SQLAlchemy):
        # the extended protocol below is psycopg 3's.
        parsed = make_url(url).set(drivername="postgresql+psycopg")
        super().__init__(
            parsed.render_as_string(hide_password=False), connect_timeout=timeout, given=url
        )
        self.url = mask_url(url)  # messages name the URL as given, without its password
        self.timeout = timeout
        self.user_sql = user_sql
        try:
            self._begin(timeout)
            if user_sql and not allow_privileged:
                self._refuse_privileged_role()
        except Exception:
            self.close()
            raise
        self.driver = self.connection.connection.driver_connection
        self._cursors = 0  # names server-side cursors, one per stream
        if self.driver.prepare_threshold is None:  # None would turn prepare=True off
            self.driver.prepare_threshold = 5

    def _begin(self, timeout: float | None) -> None:
        self.connection.exec_driver_sql("SET TRANSACTION READ ONLY")
        # A stream reads every row of its cursor: plan for all of them, not for the first
        # tenth (the default), which can choose nested loops that run for minutes on a
        # large database where the plain query takes a second.
        self.connection.exec_driver_sql("SET LOCAL cursor_tuple_fraction = 1.0")
        if timeout:
            milliseconds = min(MAX_TIMEOUT_MS, max(1, round(timeout * 1000)))
            self.connection.exec_driver_sql(f"SET LOCAL statement_timeout = {milliseconds}")

    def _refuse_privileged_role(self) -> None:
        """Refuse a role whose powers reach past the READ ONLY transaction (see the class)."""
        from sqlalchemy import text

        powers = self.connection.execute(text(PRIVILEGED_ROLE_SQL)).mappings().one()
        members = [name for name in PRIVILEGED_ROLES if powers[name]]
        held = "a superuser" if powers["superuser"] else f"a member of {', '.join(members)}"
        if powers["superuser"] or members:
            raise StatementRefused(
                f"{self.url}: connected as {powers['role']!r}, which is {held}: "
                "such a role can reach the server's files and programs, so dbtool sql refuses "
                "to run as it; connect as a read-only role (scripts/pg-readonly-role.sql "
                "creates one), or pass --allow-privileged"
            )

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        import psycopg

        statement, values = self._compile(sql, params)
        try:
            with self.driver.cursor() as cursor:
                cursor.execute(statement, values, prepare=True)
                if cursor.description is None:
                    return []
                names = [column.name for column in cursor.description]
                return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        except psycopg.Error as exc:
            raise self._error(exc) from None

    def stream(
        self, sql: str, params: Mapping[str, Any] | None = None, size: int = CHUNK
    ) -> Iterator[Row]:
        """Rows through a server-side cursor (DECLARE … in the READ ONLY transaction),
        ``size`` at a time, so a large report is never held whole."""
        import psycopg

        statement, values = self._compile(sql, params)
        self._cursors += 1
        try:
            with self.driver.cursor(name=f"dbtool_stream_{self._cursors}") as cursor:
                cursor.execute(statement, values)
                names = [column.name for column in cursor.description or ()]
                while batch := cursor.fetchmany(size):
                    yield from map(dict, map(zip, itertools.repeat(names), batch))  # in C
        except psycopg.Error as exc:
            raise self._error(exc) from None

    def _compile(self, sql: str, params: Mapping[str, Any] | None) -> tuple[str, Any]:
        """Refuse what could end the transaction; ``:name`` to psycopg's ``%(name)s``."""
        from sqlalchemy import text
        from sqlalchemy.exc import SQLAlchemyError

        refuse_unsafe_statement(sql, self.url)
        if self.user_sql:
            refuse_unsafe_postgres_statement(_numbered(sql), self.url)
        # SQLAlchemy turns :name into psycopg's %(name)s and escapes a literal %.
        compiled = text(sql).compile(dialect=self.connection.dialect)
        try:
            return compiled.string, compiled.construct_params(dict(params or {}))
        except SQLAlchemyError as exc:
            raise DatabaseError(f"{self.url}: {first_line(str(exc))}") from None

    def _error(self, exc: Exception) -> DbtoolError:
        sqlstate = getattr(exc, "sqlstate", None)
        diag = getattr(exc, "diag", None)
        message = (diag and diag.message_primary) or first_line(str(exc))
        if sqlstate == "57014" and "statement timeout" in message:
            return QueryTimeout(self.timeout or 0)
        if sqlstate == "42601" and "multiple commands" in message:
            return StatementRefused(_SEVERAL.format(url=self.url))
        return _error(self.url, message)

    def close(self) -> None:
        # The query may have broken the connection (pg_terminate_backend on itself):
        # closing must not hide the error it raised.
        with suppress(Exception):
            self.transaction.rollback()
        with suppress(Exception):
            self.connection.close()
        self.engine.dispose()


# PostgreSQL caps statement_timeout at INT_MAX milliseconds (24.8 days).
MAX_TIMEOUT_MS = 2_147_483_647
# Predefined roles whose members reach the server's files and programs.
PRIVILEGED_ROLES = ("pg_execute_server_program", "pg_read_server_files", "pg_write_server_files")
PRIVILEGED_ROLE_SQL = (
    "SELECT current_user AS role, "
    "(SELECT bool_or(rolsuper) FROM pg_roles WHERE rolname IN (current_user, session_user)) "
    "AS superuser, "
    + ", ".join(
        f"pg_has_role(current_user, '{name}', 'MEMBER') "
        f"OR pg_has_role(session_user, '{name}', 'MEMBER') AS {name}"
        for name in PRIVILEGED_ROLES
    )
)


def _numbered(sql: str) -> str:
    """``sql`` with its ``:name`` parameters as PostgreSQL's ``$1``…, found as SQLAlchemy
    finds them for the statement that is sent, so that the parser reads that statement."""
    from sqlalchemy import text
    from sqlalchemy.dialects import postgresql

    dialect = postgresql.dialect(paramstyle="numeric_dollar")
    return str(text(sql).compile(dialect=dialect))


def _refused(message: str) -> bool:
    """Whether the database refused a write (rather than failing the query)."""
    text = message.lower()
    return any(word in text for word in ("readonly", "read-only", "read only", "not authorized"))


def _error(url: str, message: str) -> DatabaseError:
    if _refused(message):
        return ReadOnlyViolation(f"{url} is opened read-only; the query tried to write: {message}")
    return with_fix(url, message)


def _reader(
    database: Database,
    timeout: float | None,
    user_sql: bool = False,
    allow_privileged: bool = False,
) -> SqliteReader | AlchemyReader:
    """The reader for the database's backend: every SQLite spelling goes to ``sqlite3``
    on its file."""
    if database.dialect == "sqlite":
        return SqliteReader(database, timeout)
    if database.dialect == "postgresql":
        return PostgresReader(database.url, timeout, user_sql, allow_privileged)
    return AlchemyReader(database.url)


@contextmanager
def open_reader(
    target: Database | str,
    require_schema: bool = True,
    timeout: float | None = None,
    *,
    user_sql: bool = False,
    allow_privileged: bool = False,
) -> Iterator[Reader]:
    """A read-only reader on ``target`` (a ``Database`` or its URL); unless told otherwise it
    must have dbtool's schema.

    Any SQLite URL, whatever its spelling (``sqlite+pysqlite://``, ``?mode=rwc``,
    URI filenames), is read through ``sqlite3`` on its file, which is never
    created; an in-memory URL gets an empty, equally guarded database.
    ``timeout`` (seconds, None for none) stops any one query that runs longer.
    ``user_sql``: the queries are a user's (``dbtool sql``; see ``PostgresReader``).
    """
    reader = _reader(Database.of(target), timeout, user_sql, allow_privileged)
    try:
        if require_schema:
            schema_revision(reader)
        yield reader
    finally:
        reader.close()


@contextmanager
def read_connection(target: Database | str) -> Iterator[Connection]:
    """A SQLAlchemy connection that can only read, on a database with dbtool's schema.

    SQLite goes through the same never-creating, query-only ``sqlite3``
    connection as :class:`SqliteReader`; other backends through
    :class:`AlchemyReader`'s rolled-back (on PostgreSQL, READ ONLY) transaction.
    """
    from sqlalchemy import create_engine

    with open_reader(target) as reader:
        if isinstance(reader, AlchemyReader):
            yield reader.connection
            return
        assert isinstance(reader, SqliteReader)
        reader.connection.row_factory = None  # SQLAlchemy reads plain tuples
        engine = create_engine("sqlite://", creator=lambda: reader.connection)
        with engine.connect() as connection:
            yield connection
        engine.dispose()


@contextmanager
def inspect_schema(target: Database | str) -> Iterator[Inspector]:
    """SQLAlchemy's inspector on a read-only connection (``read_connection``)."""
    from sqlalchemy import inspect

    with read_connection(target) as connection:
        yield inspect(connection)


def in_run(alias: str = "r", run: str = ":run") -> str:
    """SQL: the ``check_results`` row ``alias`` is a finding of the run ``run``. A finding
    is shared by the runs from its ``run_id`` up to its ``ended_by`` (excluded; NULL: up to
    the latest), see :mod:`dbtool.checks.store`."""
    return f"({alias}.run_id <= {run} AND ({alias}.ended_by IS NULL OR {alias}.ended_by > {run}))"


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
