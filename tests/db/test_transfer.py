"""Copying a database: every row and view arrives, ids keep counting, and nothing is half-done.

Sources are real seeded SQLite files; targets are a new SQLite file and, when
``DBTOOL_TEST_POSTGRES_URL`` is set, a new PostgreSQL database (``empty_url``).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import MetaData, create_engine, inspect, select, text
from sqlalchemy.engine import make_url

from dbtool import api
from dbtool.db import migrations
from dbtool.db.database import Database, connect
from dbtool.db.models import Base
from dbtool.db.reader import require_schema as api_revision
from dbtool.errors import DatabaseError, NotInitialised
from tests.helpers import database_at_0002, postgres_database, postgres_server

# The views of revision 0001. The check views are left out: group_concat's order
# is unspecified on SQLite, and the check tables they read are compared row by row.
VIEWS = {"v_figures": "figure_id", "v_entities": "entity_id", "v_roles": "person_id"}


def _normal(value: Any) -> Any:
    """One spelling per value across dialects: SQLite says 0/1 and naive UTC, PostgreSQL doesn't."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float | Decimal):
        return round(float(value), 9)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()  # a view's date is text on SQLite
    return value


def _tables(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every dbtool table's rows, normalised and sorted, read through the typed model tables
    (or the database's own tables where it is at an older revision than the models)."""
    with connect(url) as connection:
        metadata = MetaData()
        metadata.reflect(connection)
        tables = [Base.metadata.tables.get(t.name, t) for t in metadata.sorted_tables]
        if api_revision(connection) != migrations.head_revision():
            tables = list(metadata.sorted_tables)
        return {
            table.name: sorted(
                (tuple(_normal(v) for v in row) for row in connection.execute(select(table))),
                key=repr,
            )
            for table in tables
            if table.name != "alembic_version"
        }


def _view(url: str, view: str) -> list[tuple[Any, ...]]:
    """``SELECT *`` from a view, ordered by its id column (in Python: collations differ)."""
    with connect(url) as connection:
        rows = connection.execute(text(f"SELECT * FROM {view}")).mappings().all()
    rows = sorted(rows, key=lambda row: row[VIEWS[view]])
    return [tuple(_normal(v) for v in row.values()) for row in rows]


def _table_names(url: str) -> set[str]:
    with connect(url) as connection:
        return set(inspect(connection).get_table_names())


@pytest.fixture
def source(db_file: Path) -> str:
    """A seeded SQLite file with one check run, and a rule whose severity a team changed."""
    url = f"sqlite:///{db_file}"
    api.check(url)
    with connect(url) as connection:
        # Reference rows come from the source, not from the target's migrations.
        connection.execute(text("UPDATE check_rules SET severity = 'warn' WHERE name = 'bounds'"))
    return url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    server = postgres_server()
    if server is None:
        pytest.skip("DBTOOL_TEST_POSTGRES_URL is not set")
    yield from postgres_database(server)


def test_copy_has_every_row(source: str, empty_url: str) -> None:
    report = api.copy(source, empty_url)

    expected = _tables(source)
    assert report.source_revision == migrations.head_revision()
    assert report.rows == {name: len(rows) for name, rows in expected.items()}
    assert report.rows["check_runs"] == 1 and report.rows["check_results"] > 0
    assert _tables(empty_url) == expected
    assert api.current(empty_url)[0] == migrations.head_revision()


@pytest.mark.parametrize("view", sorted(VIEWS))
def test_copy_has_identical_views(source: str, empty_url: str, view: str) -> None:
    api.copy(source, empty_url)

    rows = _view(source, view)
    assert rows
    assert _view(empty_url, view) == rows


def test_ids_continue_after_copy(source: str, empty_url: str) -> None:
    api.copy(source, empty_url)

    assert api.check(empty_url).id == 2
    assert sum(report.total for report in api.seed(empty_url)) == 0
    with connect(empty_url) as connection:
        assert connection.execute(text("SELECT count(*) FROM check_runs")).scalar() == 2


@pytest.mark.postgres
def test_round_trip_through_postgres(source: str, postgres_url: str, tmp_path: Path) -> None:
    """SQLite -> PostgreSQL -> SQLite gives back the same rows, timestamps included.

    The PostgreSQL sessions run in a zone other than UTC, as many servers do:
    SQLite's naive UTC timestamps must not be read as local time on the way in,
    nor local wall time be stored on the way out (the two mistakes cancel out
    over a round trip, hence the check in the middle).
    """
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        name = make_url(postgres_url).database
        connection.execute(text(f"ALTER DATABASE \"{name}\" SET timezone TO 'America/New_York'"))
    admin.dispose()

    api.copy(source, postgres_url)
    assert _tables(postgres_url) == _tables(source)
    back = f"sqlite:///{tmp_path / 'back.sqlite'}"
    api.copy(postgres_url, back)

    assert _tables(back) == _tables(source)
    with connect(source) as a, connect(back) as b:
        query = text("SELECT started_at, finished_at FROM check_runs")
        assert b.execute(query).all() == a.execute(query).all()


def test_refuses_a_target_with_data(source: str, empty_url: str) -> None:
    api.copy(source, empty_url)
    before = _tables(empty_url)

    with pytest.raises(DatabaseError, match="already has a dbtool schema") as raised:
        api.copy(source, empty_url)

    assert "\n" not in str(raised.value)
    assert _tables(empty_url) == before


def test_refuses_a_migrated_target(source: str, migrated_url: str) -> None:
    with pytest.raises(DatabaseError, match="copy needs an empty database"):
        api.copy(source, migrated_url)


def test_refuses_an_uninitialised_source(tmp_path: Path) -> None:
    target = tmp_path / "copy.sqlite"

    with pytest.raises(NotInitialised):
        api.copy(f"sqlite:///{tmp_path / 'nothing.sqlite'}", f"sqlite:///{target}")

    assert not target.exists()


def test_failed_copy_leaves_the_target_empty(db_file: Path, empty_url: str) -> None:
    """A source row the target rejects rolls back everything, the migrations' DDL included."""
    raw = sqlite3.connect(db_file)
    with raw:  # a role of a person who doesn't exist, written with foreign keys off
        raw.execute("PRAGMA foreign_keys=OFF")
        raw.execute(
            "INSERT INTO roles (id, document_id, person_id, organisation_id, title, quote_id) "
            "SELECT 999, 1, 99999, entity_id, 'Ghost', 1 FROM organisations LIMIT 1"
        )
    raw.close()

    with pytest.raises(DatabaseError, match="roles"):
        api.copy(f"sqlite:///{db_file}", empty_url)

    target = Database(empty_url).path
    if target is not None:  # a SQLite file the failed copy created is removed again
        assert not target.exists()
    else:
        assert _table_names(empty_url) == set()


def test_copies_an_older_revision_without_later_tables(tmp_path: Path) -> None:
    old = f"sqlite:///{tmp_path / 'old.sqlite'}"
    database_at_0002(old)
    target = f"sqlite:///{tmp_path / 'copy.sqlite'}"

    report = api.copy(old, target)

    assert report.source_revision == "0002"
    assert "mentions" not in report.rows and report.rows["entities"] == 19
    assert api.current(target)[0] == "0002"
    assert "mentions" not in _table_names(target)
    assert _tables(target) == _tables(old)


def test_self_references_are_copied_parents_first(db_file: Path, empty_url: str) -> None:
    """Children with lower ids than their parents: a chain of events, a city before its country."""
    url = f"sqlite:///{db_file}"
    with connect(url) as connection:
        quote = connection.execute(text("SELECT min(id) FROM quotes")).scalar()

        def entity(id_: int, kind: str) -> None:
            connection.execute(
                text("INSERT INTO entities (id, key, kind, name) VALUES (:i, :k, :kind, :k)"),
                {"i": id_, "k": f"test-{id_}", "kind": kind, "q": quote},
            )

        # 1003 <- 1002 <- 1001: "NULL parent first" would still put 1001 before 1002.
        for id_, parent in ((1003, None), (1002, 1003), (1001, 1002)):
            entity(id_, "event")
            connection.execute(
                text(
                    "INSERT INTO events (entity_id, event_type, occurred_on, date_basis, "
                    "date_quote_id, part_of_id) VALUES (:i, 'mission', '2018-01-01', 'stated', "
                    ":q, :p)"
                ),
                {"i": id_, "q": quote, "p": parent},
            )
        for id_, place_type, country in ((1005, "country", None), (1004, "city", 1005)):
            entity(id_, "place")
            connection.execute(
                text("INSERT INTO places (entity_id, place_type, country_id) VALUES (:i, :t, :c)"),
                {"i": id_, "t": place_type, "c": country},
            )

    api.copy(url, empty_url)

    assert _tables(empty_url) == _tables(url)
