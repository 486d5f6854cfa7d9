"""Copy a dbtool database from one URL to another, e.g. the SQLite file to PostgreSQL.

The target's schema is built by running the migrations up to the source's
revision, never by ``metadata.create_all``: the views, constraint names and
reference data then come from the same scripts every other database was made
with, and the target can be upgraded later like any other. Rows are then
copied table by table with their primary keys, so ids in reports, check runs
and anything a team wrote down elsewhere stay valid.

All of the target work happens in one transaction: a copy either completes or
leaves the target as it was.
"""

from __future__ import annotations

import datetime as dt
import graphlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, DateTime, MetaData, Table, delete, insert, inspect, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from dbtool.db import migrations
from dbtool.db.bulk import advance_sequence, analyze
from dbtool.db.database import Database, mask_url
from dbtool.db.models import Base
from dbtool.db.reader import require_schema
from dbtool.errors import DatabaseError

BATCH_SIZE = 1000

Row = dict[str, Any]


@dataclass(frozen=True)
class CopyReport:
    """What a copy did: the revision both databases are now at, and rows per table."""

    source_revision: str
    target_url: str
    """The target's URL with the password hidden, safe to print or log."""
    rows: dict[str, int]
    """Table name -> rows copied, for every table that exists at the source revision."""


def copy_database(source: Database, target: Database, batch_size: int = BATCH_SIZE) -> CopyReport:
    """Copy every dbtool table from ``source`` into the empty database ``target``.

    Raises ``NotInitialised`` if the source has no dbtool schema and
    ``DatabaseError`` if the target already has one (data is never overwritten)
    or a source row cannot be stored in the target.
    """
    with source.connect() as reading:
        _begin_snapshot(reading, write=False)
        revision = require_schema(reading)
        if revision not in {rev for rev, _down, _message in migrations.history()}:
            raise DatabaseError(
                f"{source.describe()} is at revision {revision}, "
                "which this dbtool does not know; upgrade dbtool first"
            )
        with target.connect(create=True) as writing:
            _begin_snapshot(writing, write=True)
            shown = mask_url(target.url)
            _require_empty(writing, shown)
            migrations.upgrade(writing, revision)
            tables = _tables_at_revision(writing)
            _clear_reference_rows(writing, [table for table, _columns in tables])
            rows = {
                table.name: _copy_table(reading, writing, table, columns, batch_size, shown)
                for table, columns in tables
            }
            if writing.dialect.name == "postgresql":
                for table, _columns in tables:
                    advance_sequence(writing, table)
                analyze(writing, [table for table, _columns in tables if rows[table.name]])
    return CopyReport(source_revision=revision, target_url=shown, rows=rows)


def _begin_snapshot(connection: Connection, *, write: bool) -> None:
    """Start a real transaction before the first statement.

    On SQLite the ``sqlite3`` module only opens a transaction before INSERT,
    UPDATE or DELETE, so the migrations' CREATE TABLEs would be committed one
    by one and a failed copy would leave half a schema behind; an explicit
    BEGIN makes the DDL transactional too (IMMEDIATE takes the write lock
    up front, so the copy cannot fail half-way on a busy database). On the
    source it pins one snapshot, so a check run stored during the copy cannot
    appear half-copied. PostgreSQL gets the same snapshot from REPEATABLE READ.
    """
    dialect = connection.dialect.name
    if dialect == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
    elif dialect == "postgresql" and not write:
        connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")


def _tables_at_revision(target: Connection) -> list[tuple[Table, list[Column[Any]]]]:
    """The target's tables as its migrations made them, parents first, with their columns.

    Read from the freshly migrated target rather than from today's models: a
    source at an older revision has that revision's tables and columns (0002
    still had ``entities.quote_id``), and so does the target, migrated to the
    same revision. The reflected types are the target's own, so a SQLite
    source's values are read as the target will store them.
    """
    metadata = MetaData()
    metadata.reflect(target)
    return [
        (table, list(table.columns))
        for table in metadata.sorted_tables
        if table.name != "alembic_version"
    ]


def _require_empty(target: Connection, shown: str) -> None:
    """Refuse a target that dbtool has touched: a copy must never merge into or overwrite data.

    A database downgraded to ``base`` keeps an empty ``alembic_version`` table
    and no dbtool tables; the migrations handle that, so it counts as empty.
    """
    inspector = inspect(target)
    present = set(inspector.get_table_names())
    ours = sorted(present & set(Base.metadata.tables))
    revision = migrations.current_revision(target) if "alembic_version" in present else None
    if revision is not None or ours:
        found = f"revision {revision}" if revision else f"tables {', '.join(ours[:3])}"
        more = ", …" if revision is None and len(ours) > 3 else ""
        raise DatabaseError(
            f"{shown} already has a dbtool schema ({found}{more}); copy needs an empty database"
        )


def _clear_reference_rows(target: Connection, tables: Sequence[Table]) -> None:
    """Delete the rows the migrations inserted (qualifiers, precision and check rules).

    The source's copies are authoritative: a team may have changed a rule's
    severity or a qualifier's factor with an UPDATE, and the copy must keep that.
    Children are emptied before parents so foreign keys hold throughout.
    """
    for table in reversed(tables):
        target.execute(delete(table))


def _copy_table(
    source: Connection,
    target: Connection,
    table: Table,
    columns: Sequence[Column[Any]],
    batch_size: int,
    shown: str,
) -> int:
    """Copy one table's rows in batches, primary keys included; returns the number copied."""
    query = select(*columns).order_by(*table.primary_key.columns)
    if _self_references(table):
        rows: Iterable[list[Row]] = _batches(
            _parents_first(table, [dict(r._mapping) for r in source.execute(query)]), batch_size
        )
    else:
        result = source.execute(query.execution_options(yield_per=batch_size))
        rows = ([dict(r._mapping) for r in batch] for batch in result.partitions())
    # Every timestamp, whatever the target's column says: SQLite's carry no zone,
    # PostgreSQL's the session's, and both sides must read the same instant.
    zoned = [c.name for c in columns if isinstance(c.type, DateTime)]
    copied = 0
    for batch in rows:
        for row in batch:
            for name in zoned:
                row[name] = _as_utc(row[name])
        try:
            target.execute(insert(table), batch)
        except IntegrityError as exc:
            raise DatabaseError(
                f"copy to {shown}: a row of {table.name} breaks a constraint, so the source "
                f"is inconsistent; nothing was copied ({str(exc.orig).splitlines()[0]})"
            ) from None
        copied += len(batch)
    return copied


def _self_references(table: Table) -> list[tuple[list[str], list[str]]]:
    """(referring columns, referred columns) of each foreign key from ``table`` to itself."""
    return [
        ([c.name for c in fk.columns], [e.column.name for e in fk.elements])
        for fk in table.foreign_key_constraints
        if fk.referred_table is table
    ]


def _parents_first(table: Table, rows: list[Row]) -> list[Row]:
    """Order ``rows`` so every row comes after the row it references in its own table.

    Sorting by "reference is NULL first" only works one level deep: a city whose
    country is itself inside another place, or an event part of an event part
    of a mission, needs a real topological order. Rows referring to a row that
    is not in the table are left for the database to reject.
    """
    order: graphlib.TopologicalSorter[int] = graphlib.TopologicalSorter()
    for referring, referred in _self_references(table):
        index = {tuple(row[c] for c in referred): i for i, row in enumerate(rows)}
        for position, row in enumerate(rows):
            parent = index.get(tuple(row[c] for c in referring))
            order.add(position, *([] if parent is None or parent == position else [parent]))
    try:
        return [rows[i] for i in order.static_order()]
    except graphlib.CycleError:
        raise DatabaseError(f"rows of {table.name} reference each other in a cycle") from None


def _batches(rows: list[Row], size: int) -> Iterator[list[Row]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _as_utc(value: dt.datetime | None) -> dt.datetime | None:
    """The same instant in UTC, so it survives either direction of a copy.

    SQLite stores no offset: dbtool writes UTC there and reads back naive
    datetimes, which PostgreSQL would take as local time. PostgreSQL returns
    the session's zone, whose wall time SQLite would store as if it were UTC.
    """
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)
