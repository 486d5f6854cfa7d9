"""The entities report: organisations, people with their roles as each document dates
them, places, and where every document mentions each of them."""

from __future__ import annotations

from collections.abc import Iterator

from dbtool.db.reader import Reader, Row
from dbtool.reports.builders import (
    first_mention,
    in_document,
    mentioned_in_document,
    published,
    scope,
    source_line,
)
from dbtool.reports.model import Column, Report, Section

ORGANISATIONS_SQL = f"""
SELECT e.key, e.name, o.short_name, o.org_type, place.name AS based_in, q.text AS quote
FROM entities e
JOIN organisations o ON o.entity_id = e.id
JOIN quotes q ON q.id = {first_mention("e")}
JOIN documents d ON d.id = q.document_id
LEFT JOIN entities place ON place.id = o.based_in_id
WHERE {mentioned_in_document("e")}
ORDER BY d.published_on, q.char_start, e.key
"""
ROLES_SQL = f"""
SELECT e.key, e.name, r.title, org.name AS organisation, d.slug AS document,
       d.published_on AS as_of, d.published_on_basis, q.text AS quote
FROM entities e
JOIN people p ON p.entity_id = e.id
LEFT JOIN roles r ON r.person_id = e.id
LEFT JOIN entities org ON org.id = r.organisation_id
LEFT JOIN documents d ON d.id = r.document_id
LEFT JOIN quotes q ON q.id = r.quote_id
WHERE {mentioned_in_document("e")} AND (r.id IS NULL OR {in_document("d.slug")})
ORDER BY e.name, d.published_on, q.char_start
"""
PLACES_SQL = f"""
SELECT e.key, e.name, pl.place_type, country.name AS country, q.text AS quote
FROM entities e
JOIN places pl ON pl.entity_id = e.id
JOIN quotes q ON q.id = {first_mention("e")}
LEFT JOIN entities country ON country.id = pl.country_id
WHERE {mentioned_in_document("e")}
ORDER BY pl.place_type DESC, e.name
"""
MENTIONS_SQL = f"""
SELECT e.key, e.name, e.kind, d.slug AS document, d.published_on, d.published_on_basis,
       q.text AS quote, q.char_start, q.char_end, m.declares
FROM mentions m
JOIN entities e ON e.id = m.entity_id
JOIN documents d ON d.id = m.document_id
JOIN quotes q ON q.id = m.quote_id
WHERE {in_document("d.slug")}
ORDER BY e.kind, e.name, d.published_on, d.slug, q.char_start
"""


def organisations(reader: Reader, document: str | None) -> Iterator[Row]:
    return (
        {**r, "org_type": r["org_type"].replace("_", " ")}
        for r in reader.stream(ORGANISATIONS_SQL, scope(document))
    )


def roles(reader: Reader, document: str | None) -> Iterator[Row]:
    """Each person's titles, dated by the document that states them."""
    return (
        {**r, "as_of": published(r["as_of"], r["published_on_basis"]) if r["as_of"] else None}
        for r in reader.stream(ROLES_SQL, scope(document))
    )


def mentions(reader: Reader, document: str | None) -> Iterator[Row]:
    """Every entity with the documents that name it, how, and whether they declare it."""
    return (
        {
            **r,
            "published_on": published(r["published_on"], r["published_on_basis"]),
            "declares": bool(r["declares"]),
        }
        for r in reader.stream(MENTIONS_SQL, scope(document))
    )


def build(reader: Reader, document: str | None = None) -> Report:
    """The entities report: organisations, people with their dated roles, places, mentions.

    Each entity with the quote that introduces it; the roles section explains
    (for the whole database) that a title is as of the document stating it,
    since one person's title changes between documents.
    """
    return Report(
        name="entities",
        title="Organisations, people and places",
        source=source_line(reader, document),
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
                organisations(reader, document),
            ),
            Section(
                "People and their roles",
                [
                    Column("name", "Person"),
                    Column("title", "Title"),
                    Column("organisation", "Organisation"),
                    Column("as_of", "As of", "date"),
                    Column("document", "Document", wide=True),
                    Column("quote", "Source", "quote", width=40),
                    Column("key", "Id"),
                ],
                roles(reader, document),
                intro="A title is dated by the document that states it: Yury Okoemov is "
                "Vice President in January 2018 and Deputy CEO by August 2018."
                if document is None
                else None,
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
                reader.stream(PLACES_SQL, scope(document)),
            ),
            Section(
                "Mentions",
                [
                    Column("name", "Entity"),
                    Column("kind", "Kind"),
                    Column("document", "Document"),
                    Column("published_on", "Published", "date"),
                    Column("quote", "As named", "quote", width=40),
                    Column("declares", "Declares?"),
                ],
                mentions(reader, document),
                fields=[
                    "key",
                    "name",
                    "kind",
                    "document",
                    "published_on",
                    "quote",
                    "char_start",
                    "char_end",
                    "declares",
                ],
            ),
        ],
    )
