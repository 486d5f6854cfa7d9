"""The percentages report: each share with its part and whole, derived shares, and checks."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from dbtool import models as m
from dbtool.report import Column, Report, Section
from dbtool.reports import source_line
from dbtool.reports.checks import latest_run_id, result_rows

F, Q, QT = m.Figure.__table__, m.Quote.__table__, m.Quantity.__table__


def share_rows(connection: Connection) -> list[dict[str, Any]]:
    part, whole = QT.alias("part"), QT.alias("whole")
    rows = connection.execute(
        select(F.c.key, F.c.written, F.c.value, F.c.unit, F.c.low, F.c.high, F.c.low_inclusive,
               F.c.high_inclusive, F.c.measure, F.c.measure_basis, F.c.period,
               part.c.name.label("part"), whole.c.name.label("whole"), Q.c.text.label("quote"))
        .join(Q, Q.c.id == F.c.quote_id)
        .join(part, part.c.id == F.c.quantity_id)
        .join(whole, whole.c.id == F.c.whole_id)
        .where(F.c.unit == "percent")
        .order_by(F.c.written_start)
    ).mappings()
    return [{**r, "measure": r["measure"] if r["measure_basis"] == "stated"
             else f"{r['measure']} ({r['measure_basis']})"} for r in rows]


def derived_share_rows(connection: Connection, run_id: int) -> list[dict[str, Any]]:
    d = m.DerivedQuantity.__table__
    rows = connection.execute(
        select(d.c.key, d.c.description, d.c.low, d.c.high, d.c.low_inclusive,
               d.c.high_inclusive, d.c.unit, d.c.formula)
        .where(d.c.run_id == run_id, d.c.unit.in_(("percent", "ratio")))
        .order_by(d.c.id)
    ).mappings()
    return [dict(r) for r in rows]


def build(connection: Connection) -> Report:
    shares = share_rows(connection)
    run_id = latest_run_id(connection)
    sections = [Section("Stated shares", [
        Column("written", "As written"), Column("interval", "Interval", "interval"),
        Column("part", "Part", width=30), Column("whole", "Whole", width=30),
        Column("measure", "Measure"), Column("quote", "Source", "quote", width=40),
        Column("key", "Id"),
    ], shares, fields=["key", "written", "value", "low", "high", "low_inclusive",
                       "high_inclusive", "part", "whole", "measure", "period", "quote"])]
    if run_id is None:
        sections.append(Section("Derived shares and checks", [], [],
                                intro="No check run is stored yet: run `dbtool check`."))
    else:
        keys = {s["key"] for s in shares}
        checks = [r for r in result_rows(connection, run_id) if keys & set(r["figure_keys"])]
        sections += [
            Section("Derived shares", [
                Column("description", "Quantity", width=40),
                Column("interval", "Interval", "interval"), Column("formula", "Formula", width=40),
                Column("key", "Id"),
            ], derived_share_rows(connection, run_id)),
            Section("Checks on these shares", [
                Column("status", "Status"), Column("rule", "Rule"),
                Column("message", "Finding", width=70),
            ], checks, fields=["key", "rule", "status", "message", "figures"]),
        ]
    return Report(name="percentages", title="Percentages", source=source_line(connection),
                  sections=sections, stamp=f"check run {run_id}" if run_id else "")
