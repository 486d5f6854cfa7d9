"""Entities and quantities nothing uses any more, removed after a document changes.

"Unused" is read from the schema: every foreign key that points at the row
(other than its own subtype rows) must find nothing, so a new table that
refers to entities or quantities is taken into account without a change here.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, delete, exists

from dbtool.db import models as m
from dbtool.db.bulk import Pending
from dbtool.load.sync import Sync, TableChanges, table_of


def remove_orphans(db: Pending, sync: Sync) -> None:
    """Delete entities no document mentions and quantities none declares, once unused.

    Removing a city can leave its country unused, hence the loop.
    """
    for model, keep in ((m.Entity, m.Mention), (m.Quantity, m.QuantitySource)):
        table, keeper = table_of(model), table_of(keep)
        while True:
            used = [exists().where(column == table.c.id) for column in _pointers(table)]
            query = delete(table).where(
                ~exists().where(keeper.c[_fk_column(keeper, table)] == table.c.id),
                *(~u for u in used),
            )
            removed = db.execute(query).rowcount
            if not removed:
                break
            sync.report.changes.setdefault(table.name, TableChanges()).deleted += removed


def _fk_column(table: Table, target: Table) -> str:
    [column] = [fk.parent.name for fk in table.foreign_keys if fk.column.table is target]
    return column


def _pointers(target: Table) -> list[Any]:
    """Columns that refer to ``target`` rows, directly or through a subtype table.

    A subtype row (``places.entity_id``) shares its entity's id, so a column
    referring to ``places.entity_id`` holds an entity id too. The subtype
    tables' own primary keys, and the keeper tables, are not uses.
    """
    own = {
        (t.name, fk.parent.name)
        for t in m.Base.metadata.sorted_tables
        for fk in t.foreign_keys
        if fk.column.table is target and [c.name for c in t.primary_key.columns] == [fk.parent.name]
    }
    subtypes = {target} | {t for t in m.Base.metadata.sorted_tables if (t.name, "entity_id") in own}
    return [
        fk.parent
        for table in m.Base.metadata.sorted_tables
        if table.name not in ("mentions", "quantity_sources")
        for fk in table.foreign_keys
        if fk.column.table in subtypes and (table.name, fk.parent.name) not in own
    ]
