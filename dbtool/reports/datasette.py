"""``dbtool serve``: the SQLite file in Datasette, read-only, with every view explained.

The metadata is generated from :mod:`dbtool.reports.descriptions`, the source the
manual's SQL pages are generated from too: a title, a description and column
descriptions for every view and table, facets on the columns people filter by,
and canned queries for the questions an analyst asks. The file is opened
immutable: Datasette never writes to it, and needs no lock to read it.
Datasette is an optional extra (``pip install 'dbtool[web]'``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dbtool.errors import UsageError
from dbtool.reports.descriptions import TABLE_COLUMNS, VIEWS, column_description, describe

TITLE = "dbtool: the diamond trade, cross-checked"
DESCRIPTION = (
    "Press releases of the diamond trade as a database: every figure with the interval "
    "its wording implies and the exact words it comes from, and the checks of the "
    "percentages they state. Start with v_figures, v_check_results and v_documents."
)
FACETS = {
    "v_figures": ["document", "unit", "qualifier", "measure"],
    "v_check_results": ["status", "rule"],
    "v_documents": ["verdict", "published_on_basis"],
    "v_entities": ["kind", "type"],
    "v_mentions": ["entity_kind", "document"],
    "v_derived": ["unit"],
    "figures": ["unit", "measure", "reviewed"],
}
QUERIES = {
    "failing_findings": {
        "title": "Failing findings, with their quotes",
        "description": "Every failure and warning of the latest check run, one row per figure "
        "it rests on: the rule, the finding, and the words of each figure.",
        "sql": """SELECT r.rule, r.status, r.message, f.figure_id, f.written, f.quote, f.document
FROM check_results r
JOIN check_result_figures rf ON rf.result_id = r.id
JOIN v_figures f ON f.figure_id = rf.figure_key
WHERE r.ended_by IS NULL AND r.status IN ('fail', 'warn')
ORDER BY r.status, r.position, r.key, f.figure_id""",
    },
    "document_figures": {
        "title": "Every figure of a document",
        "description": "The figures one document states, in the order of its text "
        "(document: a slug, e.g. alrosa-sales-2018-09).",
        "sql": """SELECT figure_id, written, value, unit, qualifier, low, high, period, quote
FROM v_figures WHERE document = :document ORDER BY char_start""",
    },
    "entity_timeline": {
        "title": "An entity's timeline",
        "description": "The dated levels an entity's figures state, by quantity and period "
        "(entity: a key or a name, e.g. alrosa).",
        "sql": """SELECT f.quantity, f.period_start, f.period_end, f.written, f.low, f.high,
       f.document, f.figure_id
FROM v_figures f
JOIN figures ff ON ff.key = f.figure_id
JOIN entities e ON e.id = ff.subject_id
WHERE (e.key = :entity OR lower(e.name) = lower(:entity))
  AND f.period_start IS NOT NULL AND f.base_period_start IS NULL AND ff.whole_id IS NULL
ORDER BY f.quantity, f.period_start, f.period_end""",
    },
    "derived_quantities": {
        "title": "Derived quantities",
        "description": "What the latest check run derived from the stated figures: August's "
        "sales from two year-to-date totals, a whole from a part and its share.",
        "sql": """SELECT derived_id, description, low, high, unit, formula, figures
FROM v_derived ORDER BY derived_id""",
    },
    "search": {
        "title": "Search the texts",
        "description": "Documents whose text holds a word, with the words around it "
        "(`dbtool search` matches every word by its stem).",
        "sql": """SELECT slug AS document, published_on, title,
       substr(text, max(1, instr(lower(text), lower(:word)) - 80), 200) AS context
FROM documents
WHERE instr(lower(text), lower(:word)) > 0
ORDER BY published_on, slug""",
    },
}


def _object(name: str, columns: list[str]) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "title": VIEWS[name].title if name in VIEWS else name,
        "description": describe(name),
        "columns": {column: column_description(name, column) for column in columns},
    }
    if name in FACETS:
        entry["facets"] = FACETS[name]
    return entry


def metadata(database: str, objects: dict[str, list[str]]) -> dict[str, Any]:
    """Datasette's metadata for a database named ``database`` holding ``objects`` (name ->
    its columns): every view and table described, facets, the canned queries."""
    return {
        "title": TITLE,
        "description": DESCRIPTION,
        "databases": {
            database: {
                "description": DESCRIPTION,
                "tables": {name: _object(name, columns) for name, columns in objects.items()},
                "queries": QUERIES,
            }
        },
    }


def _objects(path: Path) -> dict[str, list[str]]:
    """Every table and view of the file with its columns, views first (read-only)."""
    import sqlite3

    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    with sqlite3.connect(uri, uri=True) as connection:
        names = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('view', 'table') "
                "AND name NOT LIKE 'sqlite_%' ORDER BY type DESC, name"
            )
        ]
        return {
            name: [row[1] for row in connection.execute(f'PRAGMA table_info("{name}")')]
            for name in names
        }


def build(path: Path) -> Any:
    """The Datasette instance for an SQLite file: immutable, described, with its queries."""
    try:
        from datasette.app import Datasette
    except ImportError:
        raise UsageError("dbtool serve needs Datasette: pip install 'dbtool[web]'") from None
    return Datasette(
        immutables=[str(path)],
        metadata=metadata(path.stem, _objects(path)),
        settings={"default_page_size": 50, "sql_time_limit_ms": 3000},
    )


def known_tables() -> set[str]:
    """Every table and view the metadata describes."""
    return set(VIEWS) | set(TABLE_COLUMNS)
