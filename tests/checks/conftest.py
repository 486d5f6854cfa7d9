"""Fixtures for rule tests: the wording rules of a migrated database, read once."""

from __future__ import annotations

from pathlib import Path

import pytest

from dbtool import api
from dbtool.core.wording import QualifierRule
from dbtool.db.reader import open_reader
from tests.checks.factkit import Wording


@pytest.fixture(scope="session")
def wording(tmp_path_factory: pytest.TempPathFactory) -> Wording:
    """Qualifiers, precision rules and rule severities as a new database holds them."""
    path: Path = tmp_path_factory.mktemp("wording") / "wording.sqlite"
    api.upgrade(path)
    fields = list(QualifierRule.__dataclass_fields__)
    with open_reader(api.Database.of(path)) as reader:
        qualifiers = {
            row["name"]: QualifierRule(**{f: row[f] for f in fields})
            for row in reader.rows(f"SELECT {', '.join(fields)} FROM qualifiers")
        }
        precision = {r["unit"]: r["rule"] for r in reader.rows("SELECT * FROM precision_rules")}
        severity = {r["name"]: r["severity"] for r in reader.rows("SELECT * FROM check_rules")}
    return Wording(qualifiers, precision, severity)
