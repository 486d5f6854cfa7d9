"""Bulk inserts write exactly the rows given, however their keys differ (issue 11)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    insert,
    select,
)

from dbtool.db.bulk import Pending, insert_many

metadata = MetaData()
things = Table(
    "things",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(20)),
    Column("flag", Boolean),
    Column("on", Date),
    Column("size", Float),
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
    empty = {"id": None, "name": None, "flag": None, "on": None, "size": None}
    expected = [{**empty, **r} for r in rows]
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


# Values the driver takes as they are (float, bool, date) and values the processors
# must convert (an int for a Float, a datetime for a Date), alone and mixed in a column.
AS_IS = [
    {"id": 1, "flag": True, "on": dt.date(2018, 4, 24), "size": 0.5},
    {"id": 2, "flag": False, "on": dt.date(999, 1, 2), "size": -0.0},
    {"id": 3, "flag": None, "on": None, "size": None},
]
CONVERTED = [
    {"id": 4, "flag": True, "on": dt.datetime(2018, 4, 24, 13, 5), "size": 3},
    {"id": 5, "flag": False, "on": dt.date(2019, 1, 1), "size": 2.5},
]


@pytest.mark.parametrize(
    "rows", [AS_IS, CONVERTED, AS_IS + CONVERTED], ids=["as-is", "converted", "mixed"]
)
def test_insert_many_stores_exactly_what_core_stores(
    tmp_path: Path, rows: list[dict[str, object]]
) -> None:
    """Skipping a processor for values the driver takes as they are changes no stored byte:
    each value and its SQLite storage class are those of Core's own executemany."""
    engine = create_engine(f"sqlite:///{tmp_path / 'bulk.sqlite'}")
    metadata.create_all(engine)
    raw = 'SELECT id, flag, typeof(flag), "on", typeof("on"), size, typeof(size) FROM things'
    stored = []
    for write in (insert_many, lambda c, t, r: c.execute(insert(t), r)):
        with engine.begin() as connection:
            connection.execute(things.delete())
            write(connection, things, [dict(r) for r in rows])
            stored.append(connection.exec_driver_sql(raw + " ORDER BY id").all())
    assert stored[0] == stored[1]
    assert stored[0][0][1:5] == (1, "integer", "2018-04-24", "text")


def test_a_queue_is_written_early_only_when_it_is_worth_it(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'bulk.sqlite'}")
    metadata.create_all(engine)
    with engine.begin() as connection:
        pending = Pending(connection, [things])
        pending.add_many(things, [{"name": n} for n in "abc"])
        pending.flush_if_many(rows=4)
        assert connection.execute(select(things)).all() == []
        pending.flush_if_many(rows=3)
        names = connection.execute(select(things.c.name).order_by(things.c.id)).scalars()
        assert list(names) == ["a", "b", "c"] and pending.count == 0
