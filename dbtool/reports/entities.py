"""The entities report: organisations, people with their roles, places."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Connection

from dbtool import models as m
from dbtool.report import Column, Report, Section
from dbtool.reports import source_line

E, Q = m.Entity.__table__, m.Quote.__table__


def organisations(connection: Connection) -> list[dict[str, object]]:
    o = m.Organisation.__table__
    place = E.alias("place")
    rows = connection.execute(
        select(E.c.key, E.c.name, o.c.short_name, o.c.org_type, place.c.name.label("based_in"),
               Q.c.text.label("quote"))
        .join(o, o.c.entity_id == E.c.id)
        .join(Q, Q.c.id == E.c.quote_id)
        .outerjoin(place, place.c.id == o.c.based_in_id)
        .order_by(Q.c.char_start, E.c.key)
    ).mappings()
    return [{**r, "org_type": r["org_type"].replace("_", " ")} for r in rows]


def people(connection: Connection) -> list[dict[str, object]]:
    r, p = m.Role.__table__, m.Person.__table__
    org = E.alias("org")
    rows = connection.execute(
        select(E.c.key, E.c.name, r.c.title, org.c.name.label("organisation"),
               Q.c.text.label("quote"))
        .join(p, p.c.entity_id == E.c.id)
        .outerjoin(r, r.c.person_id == E.c.id)
        .outerjoin(org, org.c.id == r.c.organisation_id)
        .outerjoin(Q, Q.c.id == r.c.quote_id)
        .order_by(Q.c.char_start, E.c.key)
    ).mappings()
    return [dict(row) for row in rows]


def places(connection: Connection) -> list[dict[str, object]]:
    pl = m.Place.__table__
    country = E.alias("country")
    rows = connection.execute(
        select(E.c.key, E.c.name, pl.c.place_type, country.c.name.label("country"),
               Q.c.text.label("quote"))
        .join(pl, pl.c.entity_id == E.c.id)
        .join(Q, Q.c.id == E.c.quote_id)
        .outerjoin(country, country.c.id == pl.c.country_id)
        .order_by(pl.c.place_type.desc(), E.c.name)
    ).mappings()
    return [dict(row) for row in rows]


def build(connection: Connection) -> Report:
    return Report(
        name="entities",
        title="Organisations, people and places",
        source=source_line(connection),
        sections=[
            Section("Organisations", [
                Column("name", "Organisation"), Column("short_name", "Short name"),
                Column("org_type", "Type"), Column("based_in", "Based in"),
                Column("quote", "Source", "quote", width=40), Column("key", "Id"),
            ], organisations(connection)),
            Section("People and their roles", [
                Column("name", "Person"), Column("title", "Title"),
                Column("organisation", "Organisation"),
                Column("quote", "Source", "quote", width=40), Column("key", "Id"),
            ], people(connection)),
            Section("Places", [
                Column("name", "Place"), Column("place_type", "Type"),
                Column("country", "Country"), Column("quote", "Source", "quote", width=40),
                Column("key", "Id"),
            ], places(connection)),
        ],
    )
