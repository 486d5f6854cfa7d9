"""The summary report: the documents, what was loaded, and the latest check run."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from dbtool import models as m
from dbtool.report import Column, Report, Section
from dbtool.reports import source_line

# (label, model) in the order people read the schema.
COUNTED: list[tuple[str, type[m.Base]]] = [
    ("Quotes (verbatim spans)", m.Quote),
    ("Entities", m.Entity),
    ("Organisations", m.Organisation),
    ("People", m.Person),
    ("Places", m.Place),
    ("Roles", m.Role),
    ("Events", m.Event),
    ("Event participants", m.EventParticipant),
    ("Agreements", m.Agreement),
    ("Agreement commitments", m.Commitment),
    ("Quantities", m.Quantity),
    ("Rankings", m.Ranking),
    ("Figures", m.Figure),
]


def document_rows(connection: Connection) -> list[dict[str, object]]:
    d = m.Document.__table__
    rows = connection.execute(
        select(d.c.slug, d.c.title, d.c.published_on, d.c.published_on_basis,
               func.length(d.c.text).label("characters"), d.c.sha256)
        .order_by(d.c.slug)
    ).mappings()
    return [{**r, "sha256": r["sha256"][:12]} for r in rows]


def count_rows(connection: Connection) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for label, model in COUNTED:
        table = model.__table__
        count = connection.execute(select(func.count()).select_from(table)).scalar_one()
        rows.append({"what": label, "table": table.name, "rows": count})
    figures = m.Figure.__table__
    by_unit = connection.execute(
        select(figures.c.unit, func.count()).group_by(figures.c.unit).order_by(figures.c.unit)
    ).all()
    rows += [{"what": f"Figures in {unit}", "table": "figures", "rows": n} for unit, n in by_unit]
    return rows


def check_rows(connection: Connection) -> tuple[list[dict[str, object]], int | None]:
    r, runs = m.CheckResult.__table__, m.CheckRun.__table__
    latest = connection.execute(select(func.max(runs.c.id))).scalar()
    if latest is None:
        return [], None
    counts = dict(connection.execute(
        select(r.c.status, func.count()).where(r.c.run_id == latest).group_by(r.c.status)
    ).all())
    return [{"status": s, "results": counts.get(s, 0)} for s in m.STATUSES], latest


def build(connection: Connection) -> Report:
    checks, run_id = check_rows(connection)
    return Report(
        name="summary",
        title="dbtool summary",
        source=source_line(connection),
        stamp=f"check run {run_id}" if run_id else "",
        sections=[
            Section("Documents", [
                Column("slug", "Document"), Column("title", "Title"),
                Column("published_on", "Published", "date"),
                Column("published_on_basis", "Date is"),
                Column("characters", "Characters", "int"), Column("sha256", "SHA-256"),
            ], document_rows(connection)),
            Section("What was loaded", [
                Column("what", "What"), Column("table", "Table"), Column("rows", "Rows", "int"),
            ], count_rows(connection)),
            Section("Latest check run", [
                Column("status", "Status"), Column("results", "Results", "int"),
            ], checks, intro=None if checks else "No check run is stored yet: run `dbtool check`."),
        ],
    )
