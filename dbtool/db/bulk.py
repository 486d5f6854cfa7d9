"""Writing many rows at once: one driver ``executemany`` (PostgreSQL: one ``COPY``) per table,
with writer-assigned ids.

Loads and check runs write hundreds of thousands of rows. SQLAlchemy Core's
executemany builds each row's parameters in Python (``construct_params``),
which costs about twice the driver's own ``executemany`` of the same rows
(benchmarks/scale.py measures the driver's as the floor). So ``insert_many``
lets SQLAlchemy compile the statement once and gives each value the column
type's own bind processor, exactly what Core would send, and hands the
rows to the driver in one call.

A child row needs its parent's id before either is written, so that rows of
many documents can wait in memory and go out table by table. ``Ids`` hands
out ``max(id) + 1, max(id) + 2, …`` as a database would, under a lock that
keeps other writers out until commit, so two loads can never pick the same
id. The dialects differ only in that lock and in PostgreSQL's sequences,
both in ``Ids``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import Boolean, Date, Float, Table, func, insert, select
from sqlalchemy.engine import Connection

Row = Mapping[str, Any]


def insert_many(connection: Connection, table: Table, rows: Sequence[Row]) -> None:
    """Insert ``rows`` (dicts of column values) into ``table`` with the driver's executemany,
    or on PostgreSQL its ``COPY … FROM STDIN`` (psycopg's ``cursor.copy``), which sends
    the rows as one stream instead of a statement each."""
    if not rows:
        return
    if connection.dialect.name == "sqlite":
        _sqlite_adapters()
    copy = connection.dialect.name == "postgresql"
    batches = None
    # Rows of one table are almost always alike: if they are all as long as the first,
    # taking the first's keys from each either works (they have exactly its keys) or
    # raises KeyError. One length per row (in C), not a comparison of key sets.
    first = tuple(rows[0])
    if all(map(len(first).__eq__, map(len, rows))):
        with contextlib.suppress(KeyError):
            batches = [_statement(connection.dialect, table, first, rows, copy)]
    if batches is None:
        groups: dict[tuple[str, ...], list[Row]] = {}
        for row in rows:
            groups.setdefault(tuple(row), []).append(row)
        batches = [_statement(connection.dialect, table, k, g, copy) for k, g in groups.items()]
    for sql, params in batches:
        if copy:
            _copy(connection, sql, params)
        else:
            connection.exec_driver_sql(sql, params)


def _copy(connection: Connection, sql: str, rows: list[tuple[Any, ...]]) -> None:
    """``COPY`` the ``rows`` in: on the connection's own psycopg connection, so in its
    transaction."""
    driver = connection.connection.dbapi_connection
    with driver.cursor() as cursor, cursor.copy(sql) as stream:  # type: ignore[union-attr]
        for row in rows:
            stream.write_row(row)


def insert_values(
    connection: Connection,
    table: Table,
    keys: tuple[str, ...],
    values: Sequence[tuple[Any, ...]],
) -> None:
    """Insert ``values``, tuples of the columns ``keys`` in that order, as ``insert_many``
    inserts dicts: for rows made by the million (a check run's), which need no dict each
    built and then taken apart again."""
    if not values:
        return
    if connection.dialect.name == "sqlite":
        _sqlite_adapters()
    copy = connection.dialect.name == "postgresql"
    sql, params = _statement(connection.dialect, table, keys, values, copy, as_tuples=True)
    if copy:
        _copy(connection, sql, params)
    else:
        connection.exec_driver_sql(sql, params)


def _statement(
    dialect: Any,
    table: Table,
    keys: tuple[str, ...],
    rows: Sequence[Any],
    copy: bool = False,
    as_tuples: bool = False,
) -> tuple[str, list[Any]]:
    """The INSERT for rows with ``keys`` and their parameters, converted as Core would; with
    ``copy``, the ``COPY … FROM STDIN`` of those columns and the values as tuples. The rows
    are dicts, or with ``as_tuples`` tuples of the ``keys`` in that order."""
    sql, names = _compiled(dialect, table, keys)
    order = tuple(names)
    params: list[Any]
    if not as_tuples:
        params = list(map(operator.itemgetter(*order), rows))
        if len(order) == 1:
            params = [(value,) for value in params]
    elif order == keys:
        params = list(rows)
    else:  # the statement's order is not the tuples'
        params = list(map(operator.itemgetter(*map(keys.index, order)), rows))
        if len(order) == 1:
            params = [(value,) for value in params]
    processors = [
        (i, processor)
        for i, key in enumerate(order)
        if (processor := _bind_processor(table, key, dialect)) is not None
    ]
    convert = _to_convert(table, order, dialect, params, processors)
    if convert:  # convert those columns, transposing in C
        columns = list(zip(*params, strict=True))
        for index, processor in convert:
            columns[index] = tuple(map(processor, columns[index]))
        params = list(zip(*columns, strict=True))
    if copy:
        return _copy_sql(dialect, table, order), params
    if isinstance(names, dict):  # named paramstyle
        binds = [names[key] for key in order]
        params = [dict(zip(binds, values, strict=True)) for values in params]
    return sql, params


@functools.lru_cache(maxsize=512)
def _copy_sql(dialect: Any, table: Table, keys: tuple[str, ...]) -> str:
    """``COPY table (columns) FROM STDIN``, the columns in the order of ``keys``."""
    quote = dialect.identifier_preparer
    columns = ", ".join(quote.quote(table.c[key].name) for key in keys)
    return f"COPY {quote.format_table(table)} ({columns}) FROM STDIN"


def _to_convert(
    table: Table,
    order: tuple[str, ...],
    dialect: Any,
    params: list[tuple[Any, ...]],
    processors: list[tuple[int, Callable[[Any], Any]]],
) -> list[tuple[int, Callable[[Any], Any]]]:
    """The processors that must be called: those of columns holding a value the driver
    would not store exactly as the processor's output.

    A float for a Float, a bool for a Boolean (1 or 0 either way) and, on SQLite, a
    ``date`` for a Date (``date.isoformat``, the adapter ``_sqlite_adapters`` registers,
    writes the processor's ``YYYY-MM-DD``) pass as they are. Exact types only: an int, a
    ``datetime`` or a ``"yes"`` still goes through the processor, which converts or
    refuses it as Core would. Calling them for every value would slow a large load for
    nothing. The columns with processors are gathered in one pass over the parameter
    tuples, not one pass per column over the scattered row dicts.
    """
    if not processors:
        return []
    at = [i for i, _ in processors]
    if len(at) == 1:
        columns = [tuple(map(operator.itemgetter(at[0]), params))]
    else:
        columns = list(zip(*map(operator.itemgetter(*at), params), strict=True))
    return [
        (i, processor)
        for (i, processor), column in zip(processors, columns, strict=True)
        if not set(map(type, column)) <= _as_is(table, order[i], dialect)
    ]


@functools.lru_cache(maxsize=512)
def _as_is(table: Table, key: str, dialect: Any) -> frozenset[type]:
    """The value types this column's processor would hand the driver as they are (see
    ``_to_convert``); empty when none are known to."""
    column_type = table.c[key].type
    if isinstance(column_type, Float) and not column_type.asdecimal:
        return frozenset({float, type(None)})
    if isinstance(column_type, Boolean):
        return frozenset({bool, type(None)})
    if isinstance(column_type, Date) and dialect.name == "sqlite":
        # insert_many has registered ``date.isoformat`` (``_sqlite_adapters``).
        return frozenset({dt.date, type(None)})
    return frozenset()


@functools.cache
def _sqlite_adapters() -> None:
    """Tell sqlite3 how to bind the values a bulk write hands it as they are, once.

    A ``date`` is written as ISO text: what SQLAlchemy's SQLite DATE processor writes
    (``%04d-%02d-%02d``); Python 3.11 does this by default, 3.12 deprecates its default
    adapters. A bool and None are bound as they always are (the integer, NULL), but
    sqlite3 looks for an adapter for every value that is not exactly an int, float or
    str before binding it, and the failed search raises and discards an AttributeError:
    with these adapters found first, the search ends at one dict lookup, which makes
    the many flags and NULLs of a large load much cheaper to bind.
    """
    import sqlite3

    sqlite3.register_adapter(dt.date, dt.date.isoformat)
    sqlite3.register_adapter(bool, int)
    sqlite3.register_adapter(type(None), _null)


_null: Callable[[Any], None] = {}.get  # None for any value, in C: sqlite3 binds it as NULL


@functools.lru_cache(maxsize=512)
def _compiled(
    dialect: Any, table: Table, keys: tuple[str, ...]
) -> tuple[str, tuple[str, ...] | dict[str, str]]:
    """The INSERT for ``keys`` in the dialect's paramstyle, and its parameters' column keys:
    in order (positional), or mapped to their bind names (named).

    Cached per dialect, table and columns: compiling costs more than a small batch's
    executemany, and a session with many flushes compiles the same few."""
    compiled = insert(table).compile(dialect=dialect, column_keys=list(keys))
    if compiled.positional:
        return compiled.string, tuple(compiled.binds[n].key for n in compiled.positiontup or ())
    return compiled.string, {compiled.binds[name].key: name for name in compiled.binds}


@functools.lru_cache(maxsize=512)
def _bind_processor(table: Table, key: str, dialect: Any) -> Callable[[Any], Any] | None:
    """How SQLAlchemy turns a Python value of this column into the driver's (dates on SQLite);
    called only for the values ``_to_convert`` finds need it."""
    column_type = table.c[key].type
    return column_type.dialect_impl(dialect).bind_processor(dialect)


class Ids:
    """Ids for new rows of tables with an integer ``id``: max(id) + 1 on, under a write lock.

    SQLite: the first id taken begins an IMMEDIATE transaction (unless the
    connection is already writing), which no other writer can enter until
    commit. PostgreSQL: the table is locked against other writers (SHARE ROW
    EXCLUSIVE) and ``finish`` moves its id sequence past the ids used, so a
    plain INSERT later is given the next free one.
    """

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.next: dict[str, int] = {}
        self.used: dict[str, Table] = {}

    def take(self, table: Table, count: int = 1) -> int:
        """The next id of ``table`` (the first of ``count`` consecutive ones)."""
        at = self.next.get(table.name)
        if at is None:
            at = self._first_free(table)
        self.next[table.name] = at + count
        return at

    def _first_free(self, table: Table) -> int:
        column = table.autoincrement_column
        if column is None:
            raise ValueError(f"{table.name} has no integer id to assign")
        self._lock(table)
        self.used[table.name] = table
        return int(self.connection.execute(select(func.max(column))).scalar() or 0) + 1

    def _lock(self, table: Table) -> None:
        if self.connection.dialect.name == "sqlite":
            driver = self.connection.connection.dbapi_connection
            if not driver.in_transaction:  # type: ignore[union-attr]
                self.connection.exec_driver_sql("BEGIN IMMEDIATE")
        elif self.connection.dialect.name == "postgresql":
            name = self.connection.dialect.identifier_preparer.format_table(table)
            self.connection.exec_driver_sql(f"LOCK TABLE {name} IN SHARE ROW EXCLUSIVE MODE")
        else:
            raise NotImplementedError(f"no id lock for {self.connection.dialect.name}")

    def finish(self) -> None:
        """After the rows are written: move each used table's sequence past its ids."""
        if self.connection.dialect.name == "postgresql":
            for table in self.used.values():
                advance_sequence(self.connection, table)


def advance_sequence(connection: Connection, table: Table) -> None:
    """Move the table's id sequence past the ids in it (PostgreSQL only).

    Inserting explicit primary keys does not advance a SERIAL or IDENTITY
    sequence, so the next plain INSERT would be given an id already taken.
    SQLite needs nothing: it takes max(rowid) + 1. An empty table gets
    ``setval(…, 1, false)`` so its first id is still 1.
    """
    column = table.autoincrement_column
    if column is None or connection.dialect.name != "postgresql":
        return
    sequence = func.pg_get_serial_sequence(
        connection.dialect.identifier_preparer.format_table(table), column.name
    )
    highest = func.max(column)
    connection.execute(
        select(func.setval(sequence, func.coalesce(highest, 1), highest.is_not(None))).select_from(
            table
        )
    )


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Keep Python's cycle collector from running until the block ends.

    Bulk work (a load, a check run) builds millions of objects that live
    until it ends (models, rows waiting to be written, facts, findings) and
    form no garbage cycles. The collector scans them all the same each time
    their number has grown by a quarter, which takes much of the time of a
    large check run or load, to free nothing.
    Whatever cycles the work leaves are collected after it, as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


WORTH_WRITING = 2_000  # rows: fewer, and one executemany per table costs more than it saves


class Pending:
    """Rows waiting to be inserted, table by table, written parents first by ``flush``.

    Every other statement goes through ``execute``, which flushes first, so a
    query or an UPDATE always sees every row written before it. ``finish``
    has PostgreSQL sample again each table that grew by ``ANALYZE_FROM`` rows
    (see ``analyze``).
    """

    FLUSH_AT = 50_000  # rows held in memory before they are written anyway
    ANALYZE_FROM = 10_000  # rows written to one table before its statistics are renewed

    def __init__(
        self, connection: Connection, order: Iterable[Table], flush_at: int = FLUSH_AT
    ) -> None:
        self.connection = connection
        self.flush_at = flush_at
        self.ids = Ids(connection)
        self.order = list(order)
        self.rows: dict[str, list[dict[str, Any]]] = {}
        # Rows given as tuples (add_values): table -> their columns, in order -> the rows.
        self.values: dict[str, dict[tuple[str, ...], list[tuple[Any, ...]]]] = {}
        self.count = 0
        self.id_keys: dict[Table, str | None] = {}  # a table's integer id column, if any
        self.written: dict[str, int] = {}  # rows written, by table

    def _id_key(self, table: Table) -> str | None:
        if table in self.id_keys:
            return self.id_keys[table]
        column = table.autoincrement_column
        key = self.id_keys[table] = None if column is None else column.key
        return key

    def add_many(self, table: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Queue ``rows`` as ``add`` does, their ids taken as one block. Returns the rows."""
        key = self._id_key(table)
        if key is not None:
            new = [row for row in rows if row.get(key) is None]
            if new:
                first = self.ids.take(table, len(new))
                for offset, row in enumerate(new):
                    row[key] = first + offset
        self.rows.setdefault(table.name, []).extend(rows)
        self.count += len(rows)
        if self.count >= self.flush_at:
            self.flush()
        return rows

    def add(self, table: Table, row: dict[str, Any]) -> dict[str, Any]:
        """Queue ``row``, which is now the queue's; a table with an integer id gives it the
        next one. Returns the row."""
        key = self._id_key(table)
        if key is not None and row.get(key) is None:
            row[key] = self.ids.take(table)
        self.rows.setdefault(table.name, []).append(row)
        self.count += 1
        if self.count >= self.flush_at:
            self.flush()
        return row

    def add_values(
        self, table: Table, keys: tuple[str, ...], values: list[tuple[Any, ...]]
    ) -> None:
        """Queue rows given as tuples of the columns ``keys``, ids included (``take_ids``):
        many rows at once, for a writer that makes them by the million."""
        self.values.setdefault(table.name, {}).setdefault(keys, []).extend(values)
        self.count += len(values)
        if self.count >= self.flush_at:
            self.flush()

    def take_ids(self, table: Table, count: int) -> int:
        """The first of ``count`` consecutive new ids of ``table`` (see ``Ids``)."""
        return self.ids.take(table, count)

    def flush(self) -> None:
        if not self.count:
            return
        for table in self.order:
            rows = self.rows.pop(table.name, None)
            if rows:
                insert_many(self.connection, table, rows)
                self.written[table.name] = self.written.get(table.name, 0) + len(rows)
            for keys, values in self.values.pop(table.name, {}).items():
                insert_values(self.connection, table, keys, values)
                self.written[table.name] = self.written.get(table.name, 0) + len(values)
        assert not self.rows, f"rows of tables outside the schema: {sorted(self.rows)}"
        assert not self.values, f"rows of tables outside the schema: {sorted(self.values)}"
        self.count = 0

    def flush_if_many(self, rows: int = WORTH_WRITING) -> None:
        """Write the queue now if it holds at least ``rows``: what a loader does while it
        would otherwise wait (its rows are written in the time, not after it)."""
        if self.count >= rows:
            self.flush()

    def execute(self, statement: Any) -> Any:
        self.flush()
        return self.connection.execute(statement)

    def finish(self) -> None:
        self.flush()
        self.ids.finish()
        grown = [t for t in self.order if self.written.get(t.name, 0) >= self.ANALYZE_FROM]
        analyze(self.connection, grown)


def analyze(connection: Connection, tables: Sequence[Table]) -> None:
    """Have PostgreSQL sample ``tables`` again, in this transaction (SQLite: nothing).

    PostgreSQL plans a query from statistics that autovacuum renews only some
    time after a bulk write, so a report run right after ``dbtool check`` on a
    large corpus would plan the check results as if they were a handful and
    run for minutes instead of seconds. Sampling costs a fraction
    of a second per table. A role that does not own a table gets a warning
    from PostgreSQL, not an error."""
    if connection.dialect.name != "postgresql":
        return
    for table in tables:
        name = connection.dialect.identifier_preparer.format_table(table)
        connection.exec_driver_sql(f"ANALYZE {name}")
