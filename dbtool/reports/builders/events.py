"""The events report: the mission and the ceremony, when, where, and who took part how."""

from __future__ import annotations

from collections.abc import Iterator

from dbtool.db.reader import Reader, Row
from dbtool.reports.builders import in_document, iso_date, scope, source_line
from dbtool.reports.model import Column, Report, Section

EVENTS_SQL = f"""
SELECT e.key, e.name, ev.event_type, ev.occurred_on, ev.date_basis, ev.date_note,
       place.name AS place, parent.name AS part_of, q.text AS quote
FROM entities e
JOIN events ev ON ev.entity_id = e.id
JOIN quotes q ON q.id = ev.date_quote_id
LEFT JOIN entities place ON place.id = ev.place_id
LEFT JOIN entities parent ON parent.id = ev.part_of_id
WHERE {in_document("(SELECT slug FROM documents WHERE id = q.document_id)")}
ORDER BY ev.occurred_on, q.char_start
"""
PARTICIPANTS_SQL = f"""
SELECT event.name AS event, e.name AS participant, e.kind, p.part, q.text AS quote
FROM event_participants p
JOIN entities event ON event.id = p.event_id
JOIN entities e ON e.id = p.entity_id
JOIN quotes q ON q.id = p.quote_id
WHERE {in_document("(SELECT slug FROM documents WHERE id = q.document_id)")}
ORDER BY event.name, q.char_start, e.name, p.part
"""


def events(reader: Reader, document: str | None = None) -> Iterator[Row]:
    return (
        {**r, "occurred_on": iso_date(r["occurred_on"])}
        for r in reader.stream(EVENTS_SQL, scope(document))
    )


def participants(reader: Reader, document: str | None = None) -> Iterator[Row]:
    return (
        {**r, "part": r["part"].replace("_", " ")}
        for r in reader.stream(PARTICIPANTS_SQL, scope(document))
    )


def build(reader: Reader, document: str | None = None) -> Report:
    """The events report: each event with its date and place, and who took part in it.

    Dates carry their basis and note, since an event's date may be inferred
    rather than stated; with ``document``, only that document's events.
    """
    return Report(
        name="events",
        title="Events",
        source=source_line(reader, document),
        sections=[
            Section(
                "Events",
                [
                    Column("name", "Event"),
                    Column("event_type", "Type"),
                    Column("occurred_on", "Date", "date"),
                    Column("date_basis", "Date is"),
                    Column("place", "Place"),
                    Column("part_of", "Part of"),
                    Column("quote", "Date source", "quote", width=40),
                    Column("date_note", "Note", width=40),
                ],
                events(reader, document),
            ),
            Section(
                "Who took part",
                [
                    Column("event", "Event"),
                    Column("participant", "Participant"),
                    Column("kind", "Kind"),
                    Column("part", "Part"),
                    Column("quote", "Source", "quote", width=50),
                ],
                participants(reader, document),
            ),
        ],
    )
