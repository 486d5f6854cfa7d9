"""The entities report: organisations, people with their roles, places."""

from __future__ import annotations

from dbtool.db.reader import Reader, Row
from dbtool.reports.builders import source_line
from dbtool.reports.model import Column, Report, Section

ORGANISATIONS_SQL = """
SELECT e.key, e.name, o.short_name, o.org_type, place.name AS based_in, q.text AS quote
FROM entities e
JOIN organisations o ON o.entity_id = e.id
JOIN quotes q ON q.id = e.quote_id
LEFT JOIN entities place ON place.id = o.based_in_id
ORDER BY q.char_start, e.key
"""
PEOPLE_SQL = """
SELECT e.key, e.name, r.title, org.name AS organisation, q.text AS quote
FROM entities e
JOIN people p ON p.entity_id = e.id
LEFT JOIN roles r ON r.person_id = e.id
LEFT JOIN entities org ON org.id = r.organisation_id
LEFT JOIN quotes q ON q.id = r.quote_id
ORDER BY q.char_start, e.key
"""
PLACES_SQL = """
SELECT e.key, e.name, pl.place_type, country.name AS country, q.text AS quote
FROM entities e
JOIN places pl ON pl.entity_id = e.id
JOIN quotes q ON q.id = e.quote_id
LEFT JOIN entities country ON country.id = pl.country_id
ORDER BY pl.place_type DESC, e.name
"""


def organisations(reader: Reader) -> list[Row]:
    return [
        {**r, "org_type": r["org_type"].replace("_", " ")} for r in reader.rows(ORGANISATIONS_SQL)
    ]


def build(reader: Reader) -> Report:
    return Report(
        name="entities",
        title="Organisations, people and places",
        source=source_line(reader),
        sections=[
            Section(
                "Organisations",
                [
                    Column("name", "Organisation"),
                    Column("short_name", "Short name"),
                    Column("org_type", "Type"),
                    Column("based_in", "Based in"),
                    Column("quote", "Source", "quote", width=40),
                    Column("key", "Id"),
                ],
                organisations(reader),
            ),
            Section(
                "People and their roles",
                [
                    Column("name", "Person"),
                    Column("title", "Title"),
                    Column("organisation", "Organisation"),
                    Column("quote", "Source", "quote", width=40),
                    Column("key", "Id"),
                ],
                reader.rows(PEOPLE_SQL),
            ),
            Section(
                "Places",
                [
                    Column("name", "Place"),
                    Column("place_type", "Type"),
                    Column("country", "Country"),
                    Column("quote", "Source", "quote", width=40),
                    Column("key", "Id"),
                ],
                reader.rows(PLACES_SQL),
            ),
        ],
    )
