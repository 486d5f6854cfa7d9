"""Build any report by name against a database."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from dbtool.errors import UsageError

if TYPE_CHECKING:
    from dbtool.db.database import Database
    from dbtool.db.reader import Reader
    from dbtool.reports.model import Report

# name -> one-line description, in the order the index lists them.
REPORTS = {
    "summary": "The documents, what was loaded, and the latest check run's counts.",
    "documents": "Every document: date, title, entities, figures, latest check verdict.",
    "entities": "Organisations, people with their dated roles, places, and their mentions.",
    "events": "The mission and the ceremony: when, where, who took part and how.",
    "agreement": "Parties, signatories, date, and each commitment with its quote.",
    "figures": "Every figure: as written, unit, qualifier, interval, period, subject, quote.",
    "percentages": "Every share and change, what the checks derived from them, their checks.",
    "checks": "The latest check run: failures and warnings, the rest counted; what changed.",
    "sources": "Provenance: the sentence each figure and entity came from, quote highlighted.",
    "timeline": "A quantity's or an entity's levels by period, stated and derived, with charts.",
    "compare": "Year on year, month on month, and the rough/polished mix of each total.",
    "reference": "Every claim of a text checked against a table, both sources side by side.",
}


def _builder(name: str) -> Callable[..., Report]:
    from importlib import import_module

    if name not in REPORTS:
        raise UsageError(f"unknown report {name!r}; choose one of {', '.join(REPORTS)}")
    return import_module(f"dbtool.reports.builders.{name}").build  # type: ignore[no-any-return]


def build_report(database: Database, name: str, **options: object) -> Report:
    """Open the database read-only, check it has the schema, and build one report."""
    from dbtool.db.reader import open_reader

    with open_reader(database) as reader:
        report = build_with(reader, name, **options)
        report.sections = list(report.sections)  # read them before the reader closes
        for section in report.sections:
            section.rows = list(section.rows)
        return report


def build_with(reader: Reader, name: str, **options: object) -> Report:
    """Build one report; ``document`` (a slug, or None for all) must name a loaded document.

    Its rows may be read from ``reader`` as they are rendered: render it, once, before
    the reader closes.
    """
    document = options.get("document")
    if document is not None:
        known = [r["slug"] for r in reader.rows("SELECT slug FROM documents ORDER BY slug")]
        if document not in known:
            raise UsageError(
                f"no document {document!r} is loaded; choose from "
                f"{', '.join(known) or 'none'} (dbtool documents)"
            )
    return _builder(name)(reader, **options)
