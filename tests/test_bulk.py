"""Bulk inserts write exactly the rows given, however their keys differ (issue 11)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    select,
)

from dbtool.db.bulk import insert_many

metadata = MetaData()
things = Table(
    "things",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(20)),
    Column("flag", Boolean),
    Column("on", Date),
)

ALIKE = [{"id": 1, "name": "a", "flag": True}, {"id": 2, "name": "b", "flag": False}]
# As long as each other, but not the same keys: the fast path must notice.
SAME_LENGTH = [{"id": 1, "name": "a", "flag": True}, {"id": 2, "name": "b", "on": None}]
RAGGED = [{"id": 1, "name": "a"}, {"id": 2, "name": "b", "flag": True}, {"id": 3}]


@pytest.mark.parametrize(
    "rows", [ALIKE, SAME_LENGTH, RAGGED], ids=["alike", "same-length", "ragged"]
)
def test_insert_many_writes_every_row_as_given(
    tmp_path: Path, rows: list[dict[str, object]]
) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'bulk.sqlite'}")
    metadata.create_all(engine)
    with engine.begin() as connection:
        insert_many(connection, things, [dict(r) for r in rows])
        stored = [
            dict(r._mapping) for r in connection.execute(select(things).order_by(things.c.id))
        ]
    expected = [{"id": None, "name": None, "flag": None, "on": None, **r} for r in rows]
    assert stored == expected


def test_insert_many_refuses_a_flag_that_is_not_a_boolean(tmp_path: Path) -> None:
    """Through its cache, the boolean processor still refuses what Core refuses, each time."""
    engine = create_engine(f"sqlite:///{tmp_path / 'bulk.sqlite'}")
    metadata.create_all(engine)
    with engine.begin() as connection:
        insert_many(connection, things, [{"id": 1, "flag": True}])
        for attempt in (2, 3):
            with pytest.raises(ValueError, match="is not None, True, or False"):
                insert_many(connection, things, [{"id": attempt, "flag": 2}])
        with pytest.raises(TypeError, match="Not a boolean value"):
            insert_many(connection, things, [{"id": 4, "flag": "yes"}])
