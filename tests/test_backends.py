"""SQLite and PostgreSQL give the same reports from the same seed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dbtool import api
from dbtool.publish import publish
from tests.conftest import _postgres_database
from tests.test_publish import _files, _stable


@pytest.fixture
def postgres_url() -> Iterator[str]:
    yield from _postgres_database()


@pytest.mark.postgres
def test_report_all_is_identical_on_both_backends(postgres_url: str, tmp_path: Path) -> None:
    sqlite_url = f"sqlite:///{tmp_path / 'dbtool.sqlite'}"
    outputs = []
    for url, folder in ((sqlite_url, tmp_path / "sqlite"), (postgres_url, tmp_path / "pg")):
        api.init(url)
        publish(url, folder, ["md", "csv", "json"])
        outputs.append(_stable(_files(folder)))
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
        publish(url, folder, ["md", "json"])
        outputs.append(_stable(_files(folder)))
    assert outputs[0] == outputs[1]
