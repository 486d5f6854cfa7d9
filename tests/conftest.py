"""Fixture ladder: an empty database, a migrated one, a seeded one, a real file for the CLI.

Every database is real: SQLite files under ``tmp_path`` always, and a fresh
PostgreSQL database per test when ``DBTOOL_TEST_POSTGRES_URL`` names a server.
Migrating and seeding happen once per session, into template databases;
each test gets its own copy (a file copy on SQLite, ``CREATE DATABASE …
TEMPLATE`` on PostgreSQL), so tests stay independent and fast.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from dbtool import api
from dbtool.db.database import Database
from dbtool.db.migrations import script_location
from tests.helpers import (
    DOCUMENT,
    PG_ENV,
    create_postgres_database,
    drop_postgres_database,
    postgres_database,
    postgres_server,
)

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def document_text() -> str:
    return DOCUMENT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def sqlite_templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """SQLite files migrated to head, and seeded with the bundled corpus, made once."""
    folder = tmp_path_factory.mktemp("templates")
    migrated, seeded = folder / "migrated.sqlite", folder / "seeded.sqlite"
    api.upgrade(f"sqlite:///{migrated}")
    shutil.copy(migrated, seeded)
    api.seed(f"sqlite:///{seeded}")
    return {"migrated": migrated, "seeded": seeded}


@pytest.fixture(scope="session")
def postgres_templates() -> Iterator[dict[str, str]]:
    """PostgreSQL databases migrated and seeded once, to be copied with TEMPLATE."""
    server = postgres_server()
    if server is None:
        pytest.skip(f"{PG_ENV} is not set")
    migrated = create_postgres_database(server)
    api.upgrade(migrated)
    seeded = create_postgres_database(server, template=_name(migrated))
    api.seed(seeded)
    try:
        yield {"server": server, "migrated": _name(migrated), "seeded": _name(seeded)}
    finally:
        for url in (migrated, seeded):
            drop_postgres_database(server, url)


def _name(url: str) -> str:
    return url.rsplit("/", 1)[1]


def _database(request: pytest.FixtureRequest, tmp_path: Path, stage: str | None) -> Iterator[str]:
    """A private database at ``stage`` (None: empty) on the test's backend."""
    if request.param == "sqlite":
        path = tmp_path / "test.sqlite"
        if stage is not None:
            shutil.copy(request.getfixturevalue("sqlite_templates")[stage], path)
        yield f"sqlite:///{path}"
        return
    if stage is None:
        server = postgres_server()
        if server is None:
            pytest.skip(f"{PG_ENV} is not set")
        yield from postgres_database(server)
        return
    templates = request.getfixturevalue("postgres_templates")
    yield from postgres_database(templates["server"], template=templates[stage])


@pytest.fixture(params=BACKENDS)
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with no tables: a new SQLite file, or a new PostgreSQL database."""
    yield from _database(request, tmp_path, None)


@pytest.fixture(params=BACKENDS)
def migrated_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database migrated to head, with no documents."""
    yield from _database(request, tmp_path, "migrated")


@pytest.fixture(params=BACKENDS)
def seeded_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with the bundled corpus loaded, as `dbtool init` leaves it."""
    yield from _database(request, tmp_path, "seeded")


@pytest.fixture
def db_file(tmp_path: Path, sqlite_templates: dict[str, Path]) -> Path:
    """A seeded SQLite file, for CLI tests and byte-for-byte comparisons."""
    path = tmp_path / "dbtool.sqlite"
    shutil.copy(sqlite_templates["seeded"], path)
    return path


# pytest-alembic: its built-in tests run on a real SQLite file.
@pytest.fixture
def alembic_config() -> dict[str, str]:
    return {"script_location": str(script_location()), "path_separator": "os"}


@pytest.fixture
def alembic_engine(tmp_path: Path):  # type: ignore[no-untyped-def]
    return Database.of(tmp_path / "alembic.sqlite").engine(create=True)
