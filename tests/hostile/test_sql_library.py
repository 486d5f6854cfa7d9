"""The library under `dbtool sql` (``run_query``) on both backends: refusals are
``DbtoolError``s with exit code 2, and leave every row where it was."""

from __future__ import annotations

import pytest

from dbtool import api
from dbtool.db.database import connect
from dbtool.errors import DbtoolError, QueryTimeout, ReadOnlyViolation, StatementRefused

COUNTS = "SELECT (SELECT count(*) FROM quotes) AS quotes, (SELECT count(*) FROM figures) AS f"
SLOW = {
    "sqlite": "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
    "SELECT count(*) FROM r",
    "postgresql": "SELECT pg_sleep(30)",
}


def _counts(url: str) -> tuple[int, int]:
    with connect(url) as connection:
        row = connection.exec_driver_sql(COUNTS).one()
    return row[0], row[1]


@pytest.mark.parametrize(
    ("sql", "error"),
    [
        ("COMMIT; DROP TABLE quotes", StatementRefused),
        ("SELECT 1; DROP TABLE quotes", StatementRefused),
        ("DROP TABLE quotes", (ReadOnlyViolation, StatementRefused)),
        ("DELETE FROM figures", (ReadOnlyViolation, StatementRefused)),
        ("CREATE TEMP TABLE t (x int)", (ReadOnlyViolation, StatementRefused)),
    ],
)
def test_refused_on_every_backend(
    seeded_url: str, sql: str, error: type[DbtoolError] | tuple[type[DbtoolError], ...]
) -> None:
    """The suite's PostgreSQL role is a superuser: let through the role check, so that
    the statement itself is what is refused."""
    before = _counts(seeded_url)
    with pytest.raises(error) as raised:
        api.sql(seeded_url, sql, allow_privileged=True)
    assert raised.value.exit_code == 2
    assert "\n" not in str(raised.value)
    assert _counts(seeded_url) == before


def test_a_slow_query_stops_on_every_backend(seeded_url: str) -> None:
    dialect = "sqlite" if seeded_url.startswith("sqlite") else "postgresql"
    with pytest.raises(QueryTimeout, match=r"^query stopped after 0\.3 s \(--timeout\)$"):
        api.sql(seeded_url, SLOW[dialect], timeout=0.3, allow_privileged=True)
