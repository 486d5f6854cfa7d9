"""The sources report: for each figure and entity, the sentence it came from.

Provenance is the product's promise, so this report shows it: the sentence
around each quote, with the quote itself highlighted.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from dbtool import models as m
from dbtool.errors import UsageError
from dbtool.report import Column, Report, Section
from dbtool.reports import source_line

F, E, Q, D = m.Figure.__table__, m.Entity.__table__, m.Quote.__table__, m.Document.__table__
# A sentence ends at . ! or ? (optionally followed by a closing quote) before a space or
# a line break; a line break alone ends one too (the text has no blank lines).
SENTENCE_END = re.compile(r"(?<=[.!?])[”\"]?\s+|\n")


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence(s) holding ``text[start:end]``."""
    left, right = 0, len(text)
    for match in SENTENCE_END.finditer(text):
        if match.end() <= start:
            left = match.end()
        elif match.start() >= end:
            right = match.start() + len(match.group().rstrip())
            break
    return left, right


def _rows(connection: Connection, id_: str | None) -> list[dict[str, Any]]:
    figures = (
        select(F.c.key, F.c.written.label("what"), Q.c.char_start, Q.c.char_end,
               Q.c.document_id, D.c.slug.label("document"))
        .join(Q, Q.c.id == F.c.quote_id).join(D, D.c.id == Q.c.document_id)
    )
    entities = (
        select(E.c.key, E.c.name.label("what"), Q.c.char_start, Q.c.char_end,
               Q.c.document_id, D.c.slug.label("document"))
        .join(Q, Q.c.id == E.c.quote_id).join(D, D.c.id == Q.c.document_id)
    )
    if id_ is not None:
        figures, entities = figures.where(F.c.key == id_), entities.where(E.c.key == id_)
    found = [("figure", r) for r in connection.execute(figures).mappings()]
    found += [("entity", r) for r in connection.execute(entities).mappings()]
    if id_ is not None and not found:
        raise UsageError(f"no figure or entity has the id {id_!r} (see `dbtool report figures`)")
    texts = dict(connection.execute(select(D.c.id, D.c.text)).all())
    rows = []
    for kind, r in found:
        text = texts[r["document_id"]]
        left, right = sentence_around(text, r["char_start"], r["char_end"])
        rows.append({
            "id": r["key"], "kind": kind, "what": r["what"], "document": r["document"],
            "sentence": text[left:right], "quote_start": r["char_start"] - left,
            "quote_end": r["char_end"] - left, "char_start": r["char_start"],
            "char_end": r["char_end"],
        })
    return sorted(rows, key=lambda row: (row["document"], row["char_start"], row["id"]))


def build(connection: Connection, id_: str | None = None) -> Report:
    return Report(
        name="sources",
        title="Sources" if id_ is None else f"Source of {id_}",
        source=source_line(connection),
        sections=[Section("Where each fact comes from", [
            Column("id", "Id"), Column("kind", "Kind"), Column("what", "What", width=24),
            Column("sentence", "Sentence (quote highlighted)", "highlight", width=80),
        ], _rows(connection, id_), fields=["id", "kind", "what", "document", "char_start",
                                            "char_end", "sentence", "quote_start",
                                            "quote_end"])],
    )
