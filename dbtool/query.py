"""``dbtool sql``: run one query read-only and return its rows as a report.

Read-only is enforced by the database, not by parsing SQL: SQLite runs with
``PRAGMA query_only`` and an authorizer that refuses ATTACH, DETACH and
writing pragmas; PostgreSQL runs in a READ ONLY transaction. The statement
is always rolled back.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from dbtool.database import make_engine
from dbtool.errors import DbtoolError
from dbtool.report import Column, Report, Section

# Pragmas that only read (``PRAGMA table_info(x)``); any other pragma with an argument writes.
READ_PRAGMAS = {"table_info", "table_xinfo", "index_list", "index_info", "index_xinfo",
                "foreign_key_list", "foreign_key_check", "integrity_check", "quick_check"}


class ReadOnlyViolation(DbtoolError):
    """The query tried to change the database."""


class QueryFailed(DbtoolError):
    """The database rejected the query."""


def _sqlite_authorizer(action: int, arg1: str | None, arg2: str | None, *_: Any) -> int:
    import sqlite3

    if action in (sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH):
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_PRAGMA and arg2 is not None and arg1 not in READ_PRAGMAS:
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


def _make_read_only(connection: Connection) -> None:
    """The one place where read-only differs between the dialects."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("PRAGMA query_only = ON")
        raw = connection.connection.driver_connection
        raw.set_authorizer(_sqlite_authorizer)  # type: ignore[union-attr]
    else:
        connection.exec_driver_sql("SET TRANSACTION READ ONLY")


def _refused(exc: DBAPIError) -> bool:
    message = str(exc.orig).lower()
    return any(word in message for word in (
        "readonly", "read-only", "read only", "not authorized", "query_only",
    ))


def run_query(url: str, sql: str, params: dict[str, str] | None = None) -> Report:
    """Rows of one read-only query, as a one-section report."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            transaction = connection.begin()
            try:
                _make_read_only(connection)
                result = connection.execute(text(sql), params or {})
                keys = list(result.keys()) if result.returns_rows else []
                rows = [dict(zip(keys, row, strict=True)) for row in result] if keys else []
            except DBAPIError as exc:
                if _refused(exc):
                    raise ReadOnlyViolation(
                        f"dbtool sql is read-only; the query tried to write: {exc.orig}"
                    ) from None
                raise QueryFailed(f"query failed: {exc.orig}") from None
            finally:
                transaction.rollback()
    finally:
        engine.dispose()  # the read-only connection is never reused
    columns = [Column(key, key) for key in keys]
    return Report(name="sql", title="Query", source=sql.strip().replace("\n", " "),
                  sections=[Section("Rows", columns, rows)])
