"""The agreement report: parties, signatories, date, and each commitment with its words."""

from __future__ import annotations

from collections.abc import Iterator

from dbtool.db.reader import Reader, Row
from dbtool.reports.builders import first_mention, in_document, iso_date, scope, source_line
from dbtool.reports.model import Column, Report, Section

IN_DOC = in_document("(SELECT slug FROM documents WHERE id = q.document_id)")

AGREEMENTS_SQL = f"""
SELECT e.key, e.name, a.signed_on, a.date_basis, a.date_note, venue.name AS signed_at,
       q.text AS quote
FROM entities e
JOIN agreements a ON a.entity_id = e.id
JOIN quotes q ON q.id = {first_mention("e")}
LEFT JOIN entities venue ON venue.id = a.signed_at_id
WHERE {IN_DOC}
ORDER BY a.signed_on, e.key
"""
PARTIES_SQL = f"""
SELECT agreement.name AS agreement, party.name AS party, person.name AS signatory, r.title,
       q.text AS quote
FROM agreement_parties p
JOIN entities agreement ON agreement.id = p.agreement_id
JOIN entities party ON party.id = p.organisation_id
JOIN quotes q ON q.id = p.quote_id
LEFT JOIN agreement_signatories s
       ON s.agreement_id = p.agreement_id AND s.on_behalf_of_id = p.organisation_id
LEFT JOIN entities person ON person.id = s.person_id
LEFT JOIN roles r ON r.person_id = s.person_id AND r.organisation_id = p.organisation_id
    AND r.document_id = q.document_id
WHERE {IN_DOC}
ORDER BY agreement.name, q.char_start
"""
COMMITMENTS_SQL = f"""
SELECT agreement.name AS agreement, c.position, c.key, c.kind, c.description,
       concerns.name AS concerns, q.text AS quote
FROM commitments c
JOIN entities agreement ON agreement.id = c.agreement_id
JOIN quotes q ON q.id = c.quote_id
LEFT JOIN entities concerns ON concerns.id = c.concerns_id
WHERE {IN_DOC}
ORDER BY agreement.name, c.position
"""


def agreements(reader: Reader, document: str | None = None) -> Iterator[Row]:
    return (
        {**r, "signed_on": iso_date(r["signed_on"])}
        for r in reader.stream(AGREEMENTS_SQL, scope(document))
    )


def commitments(reader: Reader, document: str | None = None) -> Iterator[Row]:
    return (
        {**r, "kind": r["kind"].replace("_", " ")}
        for r in reader.stream(COMMITMENTS_SQL, scope(document))
    )


def build(reader: Reader, document: str | None = None) -> Report:
    """The agreement report: each agreement, its parties and signatories, its commitments.

    One section per table a reader asks about, each row with the quote it rests
    on; with ``document``, only what that document states.
    """
    return Report(
        name="agreement",
        title="Agreements and commitments",
        source=source_line(reader, document),
        sections=[
            Section(
                "Agreements",
                [
                    Column("name", "Agreement"),
                    Column("signed_on", "Signed on", "date"),
                    Column("date_basis", "Date is"),
                    Column("signed_at", "Signed at"),
                    Column("quote", "Source", "quote", width=40),
                    Column("date_note", "Note", width=40),
                ],
                agreements(reader, document),
            ),
            Section(
                "Parties and signatories",
                [
                    Column("agreement", "Agreement"),
                    Column("party", "Party"),
                    Column("signatory", "Signed by"),
                    Column("title", "Title"),
                    Column("quote", "Source", "quote", width=40),
                ],
                reader.stream(PARTIES_SQL, scope(document)),
            ),
            Section(
                "Commitments",
                [
                    Column("position", "#", "int"),
                    Column("description", "Commitment", width=50),
                    Column("kind", "Kind"),
                    Column("concerns", "Concerns"),
                    Column("quote", "Source", "quote", width=50),
                    Column("key", "Id"),
                ],
                commitments(reader, document),
            ),
        ],
    )
