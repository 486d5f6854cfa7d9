"""SQLite and PostgreSQL give the same reports from the same seed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dbtool import api
from tests.helpers import TIME_LINE, postgres_database, postgres_server, report_files


def stable(files: dict[str, str]) -> dict[str, str]:
    """Every file but the manifest, with the one time line of each blanked."""
    return {
        name: TIME_LINE.sub("GENERATED", text)
        for name, text in files.items()
        if name != "manifest.json"
    }


@pytest.fixture
def postgres_url() -> Iterator[str]:
    server = postgres_server()
    if server is None:
        pytest.skip("DBTOOL_TEST_POSTGRES_URL is not set")
    yield from postgres_database(server)


@pytest.mark.postgres
def test_report_all_is_identical_on_both_backends(postgres_url: str, tmp_path: Path) -> None:
    sqlite_url = f"sqlite:///{tmp_path / 'dbtool.sqlite'}"
    outputs = []
    for url, folder in ((sqlite_url, tmp_path / "sqlite"), (postgres_url, tmp_path / "pg")):
        api.init(url)
        api.publish(url, folder, ["md", "csv", "json"])
        outputs.append(stable(report_files(folder)))
    sqlite, postgres = outputs
    assert sorted(sqlite) == sorted(postgres)
    for name in sqlite:
        assert sqlite[name] == postgres[name], name


@pytest.mark.postgres
def test_copy_to_postgres_gives_the_same_reports(
    db_file: Path, postgres_url: str, tmp_path: Path
) -> None:
    source = f"sqlite:///{db_file}"
    api.check(source)
    api.copy(source, postgres_url)
    outputs = []
    for url, folder in ((source, tmp_path / "sqlite"), (postgres_url, tmp_path / "pg")):
        api.publish(url, folder, ["md", "json"])
        outputs.append(stable(report_files(folder)))
    assert outputs[0] == outputs[1]


@pytest.mark.postgres
def test_a_bulk_write_renews_postgresql_statistics_in_its_transaction(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Autovacuum samples a table only some time after a bulk write; a report planned in
    between ran for minutes (issue 11). ``Pending.finish`` samples the grown tables."""
    import datetime as dt

    from sqlalchemy import text

    from dbtool.db import models as m
    from dbtool.db.bulk import Pending
    from dbtool.db.database import connect

    api.upgrade(postgres_url)
    runs = m.CheckRun.__table__
    monkeypatch.setattr(Pending, "ANALYZE_FROM", 3)
    now = dt.datetime.now(dt.UTC)
    with connect(postgres_url) as connection:
        pending = Pending(connection, [runs])
        row = {"started_at": now, "finished_at": now, "revision": "x", "rules": "r"}
        for _ in range(3):
            pending.add(runs, dict(row))
        pending.finish()
        # Only ANALYZE (or VACUUM) in this transaction can count rows no one else sees yet.
        tuples = connection.execute(
            text("SELECT reltuples FROM pg_class WHERE relname = 'check_runs'")
        ).scalar()
        assert tuples == 3
