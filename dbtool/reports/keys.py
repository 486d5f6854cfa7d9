"""The keys a seed can reuse (``dbtool quantities``, ``rankings``, ``entities``), and the
one way an option names an entity or a quantity: by its key, its name or an alias.

A new seed that declares ``alrosa-diamond-sales`` again instead of a new quantity
lets the checks compare its figures with every earlier release's; these lists say
which keys exist and which documents use them.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable

from dbtool.db.reader import Reader, Row
from dbtool.errors import UsageError
from dbtool.reports.builders import source_line
from dbtool.reports.model import Column, Report, Section

QUANTITIES_SQL = """
SELECT q.key, q.name, q.measure, q.unit, q.period, q.flow, q.signed,
       (SELECT count(*) FROM figures f WHERE f.quantity_id = q.id) AS figures
FROM quantities q ORDER BY q.key
"""
QUANTITY_DOCUMENTS_SQL = """
SELECT q.key, d.slug FROM quantity_sources s
JOIN quantities q ON q.id = s.quantity_id JOIN documents d ON d.id = s.document_id
UNION
SELECT q.key, d.slug FROM figures f
JOIN quantities q ON q.id = f.quantity_id JOIN quotes qu ON qu.id = f.quote_id
JOIN documents d ON d.id = qu.document_id
"""
RANKINGS_SQL = """
SELECT r.key, r.name, r.measure, w.key AS share_of,
       (SELECT count(*) FROM figures f WHERE f.ranking_id = r.id) AS claims
FROM rankings r LEFT JOIN quantities w ON w.id = r.share_whole_id ORDER BY r.key
"""
RANKING_DOCUMENTS_SQL = """
SELECT r.key, d.slug FROM rankings r JOIN documents d ON d.id = r.document_id
UNION
SELECT r.key, d.slug FROM figures f JOIN rankings r ON r.id = f.ranking_id
JOIN quotes qu ON qu.id = f.quote_id JOIN documents d ON d.id = qu.document_id
"""
ENTITIES_SQL = """
SELECT e.key, e.kind, e.name, o.short_name AS alias,
       (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id) AS mentions
FROM entities e LEFT JOIN organisations o ON o.entity_id = e.id
ORDER BY e.kind, e.key
"""
ENTITY_DOCUMENTS_SQL = """
SELECT e.key, d.slug FROM mentions m
JOIN entities e ON e.id = m.entity_id JOIN documents d ON d.id = m.document_id
"""


def _documents(reader: Reader, sql: str) -> dict[str, str]:
    """key -> the slugs of the documents that use it, comma-separated, sorted."""
    found: dict[str, set[str]] = defaultdict(set)
    for row in reader.stream(sql):
        found[row["key"]].add(row["slug"])
    return {key: ", ".join(sorted(slugs)) for key, slugs in found.items()}


def _with_documents(rows: Iterable[Row], documents: dict[str, str]) -> list[Row]:
    return [{**row, "documents": documents.get(row["key"], "")} for row in rows]


def quantities_report(reader: Reader) -> Report:
    """Every quantity: what it measures, in which unit and period, and who states it."""
    rows = _with_documents(
        (
            {**r, "flow": bool(r["flow"]), "signed": bool(r["signed"])}
            for r in reader.rows(QUANTITIES_SQL)
        ),
        _documents(reader, QUANTITY_DOCUMENTS_SQL),
    )
    columns = [
        Column("key", "Key", "key"),
        Column("name", "Name", width=40),
        Column("unit", "Unit"),
        Column("measure", "Measure", wide=True),
        Column("period", "Period", wide=True),
        Column("flow", "Flow", wide=True),
        Column("signed", "Signed", wide=True),
        Column("figures", "Figures", "int"),
        Column("documents", "Documents", width=40),
    ]
    intro = (
        'Reuse a key in a new seed (`quantity = "KEY"`) so that the checks compare its '
        "figures with those of every earlier document. A flow (sales, trade) adds up over time."
    )
    return _listing("quantities", "Quantities", reader, columns, rows, intro)


def rankings_report(reader: Reader) -> Report:
    """Every ranking: what it ranks by, how many claims, which documents."""
    rows = _with_documents(reader.rows(RANKINGS_SQL), _documents(reader, RANKING_DOCUMENTS_SQL))
    columns = [
        Column("key", "Key", "key"),
        Column("name", "Name", width=40),
        Column("measure", "Measure"),
        Column("share_of", "Share of", wide=True),
        Column("claims", "Claims", "int"),
        Column("documents", "Documents", width=40),
    ]
    intro = (
        'Reuse a key in a new seed (`ranking = "KEY"`) so that the checks hold its rank '
        "claims against those of earlier documents."
    )
    return _listing("rankings", "Rankings", reader, columns, rows, intro)


def entities_report(reader: Reader) -> Report:
    """Every organisation, person, place, event and agreement, with its key and aliases."""
    rows = _with_documents(reader.rows(ENTITIES_SQL), _documents(reader, ENTITY_DOCUMENTS_SQL))
    columns = [
        Column("key", "Key", "key"),
        Column("kind", "Kind"),
        Column("name", "Name", width=36),
        Column("alias", "Alias"),
        Column("mentions", "Mentions", "int", wide=True),
        Column("documents", "Documents", width=40),
    ]
    intro = (
        'Mention an entity in a new seed by its key (`[[mentions]] entity = "KEY"`); '
        "`--entity` options take a key, a name or an alias."
    )
    return _listing("entities", "Entities", reader, columns, rows, intro)


def _listing(
    name: str, title: str, reader: Reader, columns: list[Column], rows: list[Row], intro: str
) -> Report:
    return Report(
        name=name,
        title=title,
        source=source_line(reader),
        sections=[Section(title, columns, rows, intro=intro)],
    )


LISTINGS = {
    "quantities": quantities_report,
    "rankings": rankings_report,
    "entities": entities_report,
}


def _resolve(what: str, given: str, choices: list[Row], command: str) -> str:
    """The key ``given`` names: a key, else a name or alias, in any case; otherwise a usage
    error suggesting the nearest keys and names."""
    for row in choices:
        if given == row["key"]:
            return str(row["key"])
    folded = given.casefold()
    for field in ("key", "name", "alias"):
        for row in choices:
            if row.get(field) and str(row[field]).casefold() == folded:
                return str(row["key"])
    spellings = {
        str(row[field]).casefold(): str(row[field])
        for row in choices
        for field in ("key", "name", "alias")
        if row.get(field)
    }
    near = [spellings[s] for s in difflib.get_close_matches(folded, spellings, n=3, cutoff=0.6)]
    hint = f"; did you mean {' or '.join(repr(n) for n in near)}?" if near else ""
    raise UsageError(f"no {what} {given!r}{hint} (`dbtool {command}` lists them)")


def resolve_entity(reader: Reader, given: str) -> str:
    """An entity's key from its key, name or alias ("ALROSA" -> "alrosa")."""
    return _resolve("entity", given, reader.rows(ENTITIES_SQL), "entities")


def resolve_quantity(reader: Reader, given: str) -> str:
    """A quantity's key from its key or name."""
    return _resolve("quantity", given, reader.rows(QUANTITIES_SQL), "quantities")
