"""The summary report: which documents are loaded and how much of each kind of thing."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from dbtool import models as m
from dbtool.report import Column, Report, Section

# (label, model, filter) in the order people read the schema.
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
    return [
        {
            "document": r["slug"],
            "title": r["title"],
            "published": f"{r['published_on'].isoformat()} ({r['published_on_basis']})",
            "characters": r["characters"],
            "sha256": r["sha256"][:12],
        }
        for r in rows
    ]


def count_rows(connection: Connection) -> list[dict[str, object]]:
    rows = []
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


def build(connection: Connection) -> Report:
    documents = document_rows(connection)
    source = ", ".join(d["document"] for d in documents) or "no documents loaded"  # type: ignore[misc]
    return Report(
        name="summary",
        title="dbtool summary",
        source=str(source),
        sections=[
            Section(
                "Documents",
                [Column("document", "Document"), Column("title", "Title"),
                 Column("published", "Published"), Column("characters", "Characters", "int"),
                 Column("sha256", "SHA-256")],
                documents,
            ),
            Section(
                "What was loaded",
                [Column("what", "What"), Column("table", "Table"), Column("rows", "Rows", "int")],
                count_rows(connection),
            ),
        ],
    )
