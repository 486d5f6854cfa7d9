"""The events report: the mission and the ceremony, when, where, and who took part how."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Connection

from dbtool import models as m
from dbtool.report import Column, Report, Section
from dbtool.reports import source_line

E, Q = m.Entity.__table__, m.Quote.__table__


def events(connection: Connection) -> list[dict[str, object]]:
    ev = m.Event.__table__
    place, parent = E.alias("place"), E.alias("parent")
    rows = connection.execute(
        select(E.c.key, E.c.name, ev.c.event_type, ev.c.occurred_on, ev.c.date_basis,
               ev.c.date_note, place.c.name.label("place"), parent.c.name.label("part_of"),
               Q.c.text.label("quote"))
        .join(ev, ev.c.entity_id == E.c.id)
        .join(Q, Q.c.id == ev.c.date_quote_id)
        .outerjoin(place, place.c.id == ev.c.place_id)
        .outerjoin(parent, parent.c.id == ev.c.part_of_id)
        .order_by(ev.c.occurred_on, Q.c.char_start)
    ).mappings()
    return [dict(r) for r in rows]


def participants(connection: Connection) -> list[dict[str, object]]:
    p = m.EventParticipant.__table__
    event = E.alias("event")
    rows = connection.execute(
        select(event.c.name.label("event"), E.c.name.label("participant"), E.c.kind,
               p.c.part, Q.c.text.label("quote"))
        .join(event, event.c.id == p.c.event_id)
        .join(E, E.c.id == p.c.entity_id)
        .join(Q, Q.c.id == p.c.quote_id)
        .order_by(event.c.name, Q.c.char_start, E.c.name, p.c.part)
    ).mappings()
    return [{**r, "part": r["part"].replace("_", " ")} for r in rows]


def build(connection: Connection) -> Report:
    return Report(
        name="events",
        title="Events",
        source=source_line(connection),
        sections=[
            Section("Events", [
                Column("name", "Event"), Column("event_type", "Type"),
                Column("occurred_on", "Date", "date"), Column("date_basis", "Date is"),
                Column("place", "Place"), Column("part_of", "Part of"),
                Column("quote", "Date source", "quote", width=40),
                Column("date_note", "Note", width=40),
            ], events(connection)),
            Section("Who took part", [
                Column("event", "Event"), Column("participant", "Participant"),
                Column("kind", "Kind"), Column("part", "Part"),
                Column("quote", "Source", "quote", width=50),
            ], participants(connection)),
        ],
    )
