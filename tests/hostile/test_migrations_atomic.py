"""A migration that is refused or fails at any step leaves the database exactly as it was.

The schema (every table, column, index, view and constraint, as the backend
describes it), every row and the revision are dumped before and after: a
refused downgrade, a failure injected in the middle step of an upgrade and of
a downgrade, and a precondition refused by a later step than the first.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dbtool import api
from dbtool.cli import app
from dbtool.db import migrations
from dbtool.db.database import Database
from dbtool.errors import DatabaseError
from tests.helpers import postgres_fingerprint, psycopg_connect

runner = CliRunner()
MIDDLE_FAILURE = "LookupError('injected failure in the middle step')"


def schema_dump(url: str) -> dict[str, object]:
    """Everything a migration could change: the schema's objects and every row."""
    if url.startswith("sqlite"):
        return _sqlite_dump(url)
    return _postgres_dump(url)


def _sqlite_dump(url: str) -> dict[str, object]:
    import sqlite3

    path = Database(url).path
    assert path is not None
    connection = sqlite3.connect(path)
    try:
        objects = connection.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()
        rows = {
            name: sorted(map(repr, connection.execute(f'SELECT * FROM "{name}"')))
            for (kind, name, _table, _sql) in objects
            if kind == "table"
        }
    finally:
        connection.close()
    return {"objects": objects, "rows": rows}


def _postgres_dump(url: str) -> dict[str, object]:
    with psycopg_connect(url) as connection:
        columns = connection.execute(
            "SELECT table_name, column_name, data_type, is_nullable, column_default "
            "FROM information_schema.columns WHERE table_schema = current_schema() "
            "ORDER BY 1, 2"
        ).fetchall()
        indexes = connection.execute(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE schemaname = current_schema() ORDER BY 1"
        ).fetchall()
        views = connection.execute(
            "SELECT table_name, view_definition FROM information_schema.views "
            "WHERE table_schema = current_schema() ORDER BY 1"
        ).fetchall()
        constraints = connection.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE connamespace = current_schema()::regnamespace ORDER BY 1"
        ).fetchall()
    return {
        "columns": columns,
        "indexes": indexes,
        "views": views,
        "constraints": constraints,
        "rows": postgres_fingerprint(url),
    }


@pytest.fixture
def fail_in(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Copy the migration scripts and make one revision's ``verb`` fail after its first
    real change (a view dropped or made), so the steps before it and part of it have run."""

    def inject(revision: str, verb: str) -> None:
        copy = tmp_path / "alembic"
        shutil.copytree(migrations.script_location(), copy)
        script = next((copy / "versions").glob(f"{revision}_*.py"))
        source = script.read_text(encoding="utf-8")
        marker = f"def {verb}() -> None:\n"
        assert marker in source
        failing = f"def {verb}() -> None:\n    _real_{verb}()\n    raise {MIDDLE_FAILURE}\n\n\n"
        source = source.replace(marker, failing + f"def _real_{verb}() -> None:\n")
        script.write_text(source, encoding="utf-8")
        monkeypatch.setattr(migrations, "script_location", lambda: copy)

    return inject


def test_refused_downgrade_changes_nothing(seeded_url: str) -> None:
    before = schema_dump(seeded_url)
    with pytest.raises(DatabaseError, match=r"cannot downgrade below 000[368]"):
        api.downgrade(seeded_url, "base")
    assert schema_dump(seeded_url) == before
    # The database still works at its revision: the next downgrade is refused the same way.
    with pytest.raises(DatabaseError, match=r"cannot downgrade below 000[368]"):
        api.downgrade(seeded_url, "0002")
    assert api.current(seeded_url)[0] == migrations.head_revision()


def test_refused_downgrade_on_the_cli_is_one_line(db_file: Path) -> None:
    before = schema_dump(f"sqlite:///{db_file}")
    result = runner.invoke(app, ["db", "downgrade", "base", "--db", str(db_file)])
    assert result.exit_code == 2, result.output
    assert result.output.count("\n") == 1
    assert result.output.startswith("Error: cannot downgrade below 0008")
    assert schema_dump(f"sqlite:///{db_file}") == before


def test_downgrade_minus_one_is_a_revision_not_an_option(tmp_path: Path) -> None:
    db = tmp_path / "t.sqlite"
    api.upgrade(f"sqlite:///{db}")
    result = runner.invoke(app, ["db", "downgrade", "-1", "--db", str(db)])
    assert result.exit_code == 0, result.output
    head, previous = [revision for revision, _down, _message in migrations.history()][-1:-3:-1]
    assert result.output == f"Downgraded: {head} -> {previous}\n"


def test_precondition_of_a_later_step_is_checked_first(
    seeded_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The refusal comes from the third step down (0003), and nothing of the first two ran,
    even with the step's own check taken out of the way."""
    ran: list[str] = []
    real = migrations._check_preconditions

    def spy(connection, verb, revision):  # type: ignore[no-untyped-def]
        ran.append(revision)
        real(connection, verb, revision)

    monkeypatch.setattr(migrations, "_check_preconditions", spy)
    before = schema_dump(seeded_url)
    with pytest.raises(DatabaseError):
        api.downgrade(seeded_url, "0002")
    assert ran == ["0002"]
    assert schema_dump(seeded_url) == before


def test_failure_inside_a_step_rolls_back_every_step(
    seeded_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the early check, 0003's own refusal fires after 0005 and 0004 ran: the
    transaction takes them back."""
    monkeypatch.setattr(migrations, "_check_preconditions", lambda *args: None)
    before = schema_dump(seeded_url)
    with pytest.raises(DatabaseError, match=r"cannot downgrade below 000[368]"):
        api.downgrade(seeded_url, "base")
    assert schema_dump(seeded_url) == before


def test_failure_in_the_middle_step_of_an_upgrade(empty_url: str, fail_in) -> None:  # type: ignore[no-untyped-def]
    api.upgrade(empty_url, "0002")
    before = schema_dump(empty_url)
    fail_in("0004", "upgrade")  # 0003, then 0004 fails, 0005 never runs
    with pytest.raises(LookupError, match="injected failure"):
        api.upgrade(empty_url, "head")
    assert schema_dump(empty_url) == before
    assert api.current(empty_url)[0] == "0002"


def test_failure_in_the_middle_step_of_a_downgrade(migrated_url: str, fail_in) -> None:  # type: ignore[no-untyped-def]
    before = schema_dump(migrated_url)
    fail_in("0004", "downgrade")  # 0005, then 0004 fails, 0003 never runs
    with pytest.raises(LookupError, match="injected failure"):
        api.downgrade(migrated_url, "0002")
    assert schema_dump(migrated_url) == before
