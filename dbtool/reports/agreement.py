"""The agreement report: parties, signatories, date, and each commitment with its words."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Connection

from dbtool import models as m
from dbtool.report import Column, Report, Section
from dbtool.reports import source_line

E, Q = m.Entity.__table__, m.Quote.__table__


def agreements(connection: Connection) -> list[dict[str, object]]:
    a = m.Agreement.__table__
    at = E.alias("at")
    rows = connection.execute(
        select(E.c.key, E.c.name, a.c.signed_on, a.c.date_basis, a.c.date_note,
               at.c.name.label("signed_at"), Q.c.text.label("quote"))
        .join(a, a.c.entity_id == E.c.id)
        .join(Q, Q.c.id == E.c.quote_id)
        .outerjoin(at, at.c.id == a.c.signed_at_id)
        .order_by(a.c.signed_on, E.c.key)
    ).mappings()
    return [dict(r) for r in rows]


def parties(connection: Connection) -> list[dict[str, object]]:
    p, s = m.AgreementParty.__table__, m.AgreementSignatory.__table__
    agreement, person, role = E.alias("agreement"), E.alias("person"), m.Role.__table__
    rows = connection.execute(
        select(agreement.c.name.label("agreement"), E.c.name.label("party"),
               person.c.name.label("signatory"), role.c.title, Q.c.text.label("quote"))
        .select_from(p)
        .join(agreement, agreement.c.id == p.c.agreement_id)
        .join(E, E.c.id == p.c.organisation_id)
        .join(Q, Q.c.id == p.c.quote_id)
        .outerjoin(s, (s.c.agreement_id == p.c.agreement_id)
                   & (s.c.on_behalf_of_id == p.c.organisation_id))
        .outerjoin(person, person.c.id == s.c.person_id)
        .outerjoin(role, (role.c.person_id == s.c.person_id)
                   & (role.c.organisation_id == p.c.organisation_id))
        .order_by(agreement.c.name, Q.c.char_start)
    ).mappings()
    return [dict(r) for r in rows]


def commitments(connection: Connection) -> list[dict[str, object]]:
    c = m.Commitment.__table__
    agreement, concerns = E.alias("agreement"), E.alias("concerns")
    rows = connection.execute(
        select(agreement.c.name.label("agreement"), c.c.position, c.c.key, c.c.kind,
               c.c.description, concerns.c.name.label("concerns"), Q.c.text.label("quote"))
        .join(agreement, agreement.c.id == c.c.agreement_id)
        .join(Q, Q.c.id == c.c.quote_id)
        .outerjoin(concerns, concerns.c.id == c.c.concerns_id)
        .order_by(agreement.c.name, c.c.position)
    ).mappings()
    return [{**r, "kind": r["kind"].replace("_", " ")} for r in rows]


def build(connection: Connection) -> Report:
    return Report(
        name="agreement",
        title="Agreements and commitments",
        source=source_line(connection),
        sections=[
            Section("Agreements", [
                Column("name", "Agreement"), Column("signed_on", "Signed on", "date"),
                Column("date_basis", "Date is"), Column("signed_at", "Signed at"),
                Column("quote", "Source", "quote", width=40),
                Column("date_note", "Note", width=40),
            ], agreements(connection)),
            Section("Parties and signatories", [
                Column("agreement", "Agreement"), Column("party", "Party"),
                Column("signatory", "Signed by"), Column("title", "Title"),
                Column("quote", "Source", "quote", width=40),
            ], parties(connection)),
            Section("Commitments", [
                Column("position", "#", "int"), Column("description", "Commitment", width=50),
                Column("kind", "Kind"), Column("concerns", "Concerns"),
                Column("quote", "Source", "quote", width=50), Column("key", "Id"),
            ], commitments(connection)),
        ],
    )
