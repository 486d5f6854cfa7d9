"""Where the database is and how to connect to it.

SQLite is the embedded default (``./dbtool.sqlite``); any SQLAlchemy URL works
through ``--database-url`` or ``DBTOOL_DATABASE_URL``. Every dialect
difference the project has lives in this module.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from dbtool.errors import DatabaseError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

DEFAULT_PATH = Path("dbtool.sqlite")
ENV_URL = "DBTOOL_DATABASE_URL"


def resolve_url(db: Path | None = None, database_url: str | None = None) -> str:
    """The URL to use: ``--database-url``, then ``--db``, then the env var, then the default."""
    if database_url and db:
        raise DatabaseError("give either --db or --database-url, not both")
    if database_url:
        return database_url
    if db:
        return f"sqlite:///{db}"
    return os.environ.get(ENV_URL) or f"sqlite:///{DEFAULT_PATH}"


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    """Foreign keys are off by default in SQLite; WAL lets readers run beside a writer."""
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def make_engine(url: str) -> Engine:
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
        _check_sqlite_folder(url)
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _check_sqlite_folder(url: str) -> None:
    from sqlalchemy.engine import make_url

    database = make_url(url).database
    if database and database != ":memory:":
        folder = Path(database).parent
        if not folder.is_dir():
            raise DatabaseError(f"{database}: folder {folder} does not exist")


@contextmanager
def connect(url: str) -> Iterator[Connection]:
    """One transaction on a new engine: committed on success, rolled back on error."""
    from sqlalchemy.exc import OperationalError

    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            yield connection
    except OperationalError as exc:
        raise DatabaseError(f"{engine.url.render_as_string()}: {exc.orig}") from None
    finally:
        engine.dispose()


def group_concat(expression: str, dialect: str) -> str:
    """Comma-joined aggregate of ``expression``: the one SQL function the dialects spell apart."""
    if dialect == "postgresql":
        return f"string_agg(CAST({expression} AS TEXT), ',' ORDER BY {expression})"
    return f"group_concat({expression}, ',')"
