"""Helpers shared by several test modules (fixtures live in conftest.py)."""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

from dbtool import api
from dbtool.db.database import Database
from tests.seedkit import figure, make_seed, quantity

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_FILE = SEEDS / "awdc-alrosa-2018.toml"
DOCUMENT = SEEDS / "awdc-alrosa-2018.txt"
PG_ENV = "DBTOOL_TEST_POSTGRES_URL"
# The role of scripts/pg-readonly-role.sql on the same server (`pg-server.sh reader`).
PG_READONLY_ENV = "DBTOOL_TEST_POSTGRES_READONLY_URL"
READONLY_ROLE_SQL = ROOT / "scripts" / "pg-readonly-role.sql"
# A role that owns dbtool's tables and may write them, but is no superuser
# (`pg-server.sh owner`): what a production deployment connects as.
PG_OWNER_ENV = "DBTOOL_TEST_POSTGRES_OWNER_URL"


def postgres_server() -> str | None:
    """The URL of the PostgreSQL server the suite may create databases on, if any."""
    return os.environ.get(PG_ENV) or None


def create_postgres_database(server: str, template: str | None = None) -> str:
    """A new, uniquely named database on ``server`` (optionally copied from ``template``)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"dbtool_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        clause = f' TEMPLATE "{template}"' if template else ""
        connection.execute(text(f'CREATE DATABASE "{name}"{clause}'))
    admin.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(server: str, url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()


def postgres_database(server: str, template: str | None = None) -> Iterator[str]:
    """A fresh database for one test, dropped afterwards."""
    url = create_postgres_database(server, template)
    try:
        yield url
    finally:
        drop_postgres_database(server, url)


def psycopg_connect(url: str):  # type: ignore[no-untyped-def]
    """A plain psycopg connection (autocommit) for a SQLAlchemy PostgreSQL URL."""
    import psycopg
    from sqlalchemy.engine import make_url

    parts = make_url(url)
    return psycopg.connect(
        host=parts.host,
        port=parts.port,
        user=parts.username,
        password=parts.password,
        dbname=parts.database,
        autocommit=True,
    )


def readonly_url_for(database_url: str) -> str | None:
    """Grant the read-only role on ``database_url``'s database by running
    scripts/pg-readonly-role.sql there (as the URL's superuser), and return
    that role's URL for it; None when no read-only role is configured."""
    from sqlalchemy.engine import make_url

    reader = os.environ.get(PG_READONLY_ENV)
    if not reader:
        return None
    with psycopg_connect(database_url) as connection:
        connection.execute(READONLY_ROLE_SQL.read_text(encoding="utf-8"))
    database = make_url(database_url).database
    return make_url(reader).set(database=database).render_as_string(hide_password=False)


def owned_database(server: str, template: str) -> tuple[str, str | None]:
    """A seeded database and the owner role's URL for it: created empty, owned by the role
    of PG_OWNER_ENV, then migrated and seeded as that role, so every table is its own.
    Without that role, a copy of ``template`` and None."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    owner = os.environ.get(PG_OWNER_ENV)
    if not owner:
        return create_postgres_database(server, template=template), None
    url = create_postgres_database(server)
    name = make_url(url).database
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        role = make_url(owner).username
        connection.execute(text(f'ALTER DATABASE "{name}" OWNER TO "{role}"'))
    admin.dispose()
    owner_url = make_url(owner).set(database=name).render_as_string(hide_password=False)
    api.upgrade(owner_url)
    api.seed(owner_url)
    return url, owner_url


def postgres_fingerprint(url: str) -> dict[str, str]:
    """Every table and view of the database's schema with its row count and a hash of its
    rows: two equal fingerprints mean nothing was written, dropped or created."""
    from psycopg import sql

    with psycopg_connect(url) as connection:
        names = connection.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() ORDER BY table_name"
        ).fetchall()
        query = sql.SQL(
            "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '')"
            " FROM {} AS t"
        )
        return {
            name: connection.execute(query.format(sql.Identifier(name))).fetchone()[0]
            for (name,) in names
        }


def file_digest(path: Path) -> str:
    """The database file's bytes, with the WAL checkpointed into it first."""
    engine = Database.of(path).engine()
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return hashlib.sha256(path.read_bytes()).hexdigest()


def report_files(folder: Path) -> dict[str, str]:
    """The files ``report all`` wrote into ``folder``, by name (hidden lock files left out)."""
    return {
        p.name: p.read_text(encoding="utf-8")
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.startswith(".")
    }


def failing_db(tmp_path: Path) -> str:
    """A SQLite file whose one check fails: 60 clients said to be part of 55."""
    db = tmp_path / "bad.sqlite"
    api.upgrade(f"sqlite:///{db}")
    api.seed(
        f"sqlite:///{db}",
        [
            make_seed(
                tmp_path / "seed",
                quantities=[quantity("all"), quantity("some")],
                links=[{"part": "some", "whole": "all", "relation": "part_of", "basis": "stated"}],
                figures=[
                    figure("all", "55", 55, "count", quantity="all"),
                    figure("some", "60", 60, "count", quantity="some"),
                ],
            )
        ],
    )
    return str(db)


TIME_LINE = re.compile(r"^.*generated \S+ by dbtool.*$", re.IGNORECASE | re.MULTILINE)


def assert_golden(path: Path, text: str) -> None:
    """``text`` is the committed file at ``path``, but for its one generation-time line.

    The one golden-file mechanism: the committed ``reports/`` folder holds the
    Markdown, CSV and JSON of every report, ``tests/reports/golden`` the terminal
    tables. After an intended change, regenerate them with ``DBTOOL_UPDATE_GOLDEN=1
    .venv/bin/python -m pytest tests/reports``.
    """
    if os.environ.get("DBTOOL_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"{path} is missing: regenerate with DBTOOL_UPDATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    assert TIME_LINE.sub("GENERATED", text) == TIME_LINE.sub("GENERATED", expected), path


def database_at_0002(url: str) -> None:
    """The bundled release as dbtool stored it at revision 0002 (before the corpus).

    The rows were dumped from a database built by that version of dbtool
    (tests/data/awdc-at-0002.json), so migration tests start from real data.
    """
    import datetime as dt
    import json

    from sqlalchemy import Boolean, Date, DateTime, MetaData

    from dbtool.db.database import connect

    api.upgrade(url, "0002")
    data = json.loads((ROOT / "tests" / "data" / "awdc-at-0002.json").read_text("utf-8"))
    with connect(url) as connection:
        metadata = MetaData()
        metadata.reflect(connection)
        for table in metadata.sorted_tables:
            if table.name not in data or table.name == "alembic_version":
                continue
            connection.execute(table.delete())  # the revision's own reference rows
            columns = data[table.name]["columns"]
            rows = []
            for values in data[table.name]["rows"]:
                row = dict(zip(columns, values, strict=True))
                for column in table.columns:
                    value = row.get(column.name)
                    if value is None:
                        continue
                    if isinstance(column.type, Boolean):
                        row[column.name] = bool(value)
                    elif isinstance(column.type, DateTime):
                        row[column.name] = dt.datetime.fromisoformat(value)
                    elif isinstance(column.type, Date):
                        row[column.name] = dt.date.fromisoformat(value)
                rows.append(row)
            if rows:
                connection.execute(table.insert(), rows)
            if connection.dialect.name == "postgresql" and "id" in table.columns and rows:
                # Explicit ids do not move a SERIAL sequence on; the next insert would reuse 1.
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"(SELECT max(id) FROM {table.name}))"
                )
