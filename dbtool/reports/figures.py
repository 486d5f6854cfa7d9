"""The figures report: every stated number as written, with its unit, qualifier and interval."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from dbtool import models as m
from dbtool.report import Column, Report, Section
from dbtool.reports import source_line

F, E, Q = m.Figure.__table__, m.Entity.__table__, m.Quote.__table__


def figure_rows(connection: Connection, unit: str | None = None) -> list[dict[str, Any]]:
    """Every figure (or those of one unit) in the order the text states them."""
    query = (
        select(F.c.key, F.c.written, F.c.value, F.c.unit, F.c.qualifier, F.c.low, F.c.high,
               F.c.low_inclusive, F.c.high_inclusive, F.c.period, F.c.metric, F.c.measure,
               F.c.measure_basis, E.c.name.label("subject"), Q.c.text.label("quote"),
               Q.c.char_start, Q.c.char_end)
        .join(E, E.c.id == F.c.subject_id)
        .join(Q, Q.c.id == F.c.quote_id)
        .order_by(F.c.written_start, F.c.key)
    )
    if unit is not None:
        query = query.where(F.c.unit == unit)
    return [
        {**r, "qualifier": None if r["qualifier"] == "none" else r["qualifier"],
         "low_inclusive": bool(r["low_inclusive"]), "high_inclusive": bool(r["high_inclusive"])}
        for r in connection.execute(query).mappings()
    ]


COLUMNS = [
    Column("written", "As written"),
    Column("value", "Value", "value"),
    Column("unit", "Unit"),
    Column("qualifier", "Qualifier"),
    Column("interval", "Interval", "interval"),
    Column("period", "Period"),
    Column("subject", "Subject"),
    Column("metric", "What", width=40),
    Column("quote", "Source", "quote", width=40),
    Column("key", "Id"),
]
FIELDS = ["key", "written", "value", "unit", "qualifier", "low", "high", "low_inclusive",
          "high_inclusive", "period", "subject", "metric", "measure", "measure_basis", "quote",
          "char_start", "char_end"]


def build(connection: Connection) -> Report:
    return Report(
        name="figures",
        title="Figures",
        source=source_line(connection),
        sections=[Section("Figures", COLUMNS, figure_rows(connection), fields=FIELDS,
                          intro="Every number in the text, with the interval its wording "
                                "implies (“33%” is 32.5–33.5; “nearly” is below; “over” "
                                "is above).")],
    )
