"""Fixture ladder: an empty database, a seeded one, and a real file for CLI tests.

Every database is real: SQLite files under ``tmp_path`` always, and a fresh
PostgreSQL database per test when ``DBTOOL_TEST_POSTGRES_URL`` names a server.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from dbtool import api
from dbtool.database import make_engine
from dbtool.migrations import script_location

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_FILE = SEEDS / "awdc-alrosa-2018.toml"
DOCUMENT = SEEDS / "awdc-alrosa-2018.txt"
PG_ENV = "DBTOOL_TEST_POSTGRES_URL"

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def document_text() -> str:
    return DOCUMENT.read_text(encoding="utf-8")


def _postgres_database() -> Iterator[str]:
    server = os.environ.get(PG_ENV)
    if not server:
        pytest.skip(f"{PG_ENV} is not set")
    name = f"dbtool_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with no tables: a new SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite'}"
    else:
        yield from _postgres_database()


@pytest.fixture
def migrated_url(empty_url: str) -> str:
    api.upgrade(empty_url)
    return empty_url


@pytest.fixture
def seeded_url(migrated_url: str) -> str:
    api.seed(migrated_url)
    return migrated_url


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    """A seeded SQLite file, for CLI tests and byte-for-byte comparisons."""
    path = tmp_path / "dbtool.sqlite"
    api.init(f"sqlite:///{path}")
    return path


def file_digest(path: Path) -> str:
    """The database file's bytes, with the WAL checkpointed into it first."""
    engine = make_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return hashlib.sha256(path.read_bytes()).hexdigest()


# pytest-alembic: its built-in tests run on a real SQLite file.
@pytest.fixture
def alembic_config() -> dict[str, str]:
    return {"script_location": str(script_location()), "path_separator": "os"}


@pytest.fixture
def alembic_engine(tmp_path: Path):  # type: ignore[no-untyped-def]
    return make_engine(f"sqlite:///{tmp_path / 'alembic.sqlite'}")
