"""The sources report: for each figure and entity, the sentence it came from.

Provenance is the product's promise, so this report shows it: the sentence
around each quote, with the quote itself highlighted.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from dbtool.db.reader import Reader, Row
from dbtool.errors import UsageError
from dbtool.reports.builders import in_document, scope, source_line
from dbtool.reports.model import Column, Report, Section

# A sentence ends at . ! or ? (optionally followed by a closing quote) before a space or
# a line break; a line break alone ends one too (the text has no blank lines).
SENTENCE_END = re.compile(r"(?<=[.!?])[”\"]?\s+|\n")


class SentenceEnds:
    """A text's sentence ends, found once, so each quote's sentence is a binary search.

    Scanning the text from its start for every quote would make a document of many
    figures cost O(figures × text).
    """

    def __init__(self, text: str) -> None:
        self.length = len(text)
        matches = list(SENTENCE_END.finditer(text))
        self.starts = [m.start() for m in matches]
        self.ends = [m.end() for m in matches]
        self.rights = [m.start() + len(m.group().rstrip()) for m in matches]

    def around(self, start: int, end: int) -> tuple[int, int]:
        """After the last end at or before ``start``; up to the first end at or after ``end``."""
        before = bisect.bisect_right(self.ends, start)
        left = self.ends[before - 1] if before else 0
        after = bisect.bisect_left(self.starts, end)
        right = self.rights[after] if after < len(self.starts) else self.length
        return left, right


SPANS_SQL = f"""
SELECT 'figure' AS kind, f.key, f.written AS what, q.char_start, q.char_end, q.document_id,
       d.slug AS document
FROM figures f JOIN quotes q ON q.id = f.quote_id JOIN documents d ON d.id = q.document_id
WHERE (CAST(:id AS VARCHAR(100)) IS NULL OR f.key = :id) AND {in_document("d.slug")}
UNION ALL
SELECT 'entity' AS kind, e.key, e.name AS what, q.char_start, q.char_end, q.document_id,
       d.slug AS document
FROM mentions mn JOIN entities e ON e.id = mn.entity_id JOIN quotes q ON q.id = mn.quote_id
JOIN documents d ON d.id = q.document_id
WHERE (CAST(:id AS VARCHAR(100)) IS NULL OR e.key = :id) AND {in_document("d.slug")}
"""


# Sorted as Python sorts (document, char_start, id): strings by code point, which SQLite's
# BINARY collation does on UTF-8 and PostgreSQL's only as "C"; a figure before an entity.
ORDERED_SQL = "SELECT * FROM ({spans}) spans ORDER BY {document}, char_start, {key}, kind DESC"
CODE_POINT = {"sqlite": "{}", "postgresql": '{} COLLATE "C"'}


def _spans(reader: Reader, params: dict[str, str | None]) -> Iterator[Row]:
    """Every quote's span, in the report's order; sorted by the database where it can
    sort as Python does, so they are read as they are written."""
    collate = CODE_POINT.get(reader.dialect)
    if collate is None:
        rows = reader.rows(SPANS_SQL, params)
        return iter(sorted(rows, key=lambda r: (r["document"], r["char_start"], r["key"])))
    sql = ORDERED_SQL.format(
        spans=SPANS_SQL, document=collate.format("document"), key=collate.format("key")
    )
    return reader.stream(sql, params)


def _rows(reader: Reader, id_: str | None, document: str | None) -> Iterator[Row]:
    spans = _spans(reader, {"id": id_, **scope(document)})
    if id_ is not None:
        found = list(spans)
        if not found:
            raise UsageError(
                f"no figure or entity has the id {id_!r} (see `dbtool report figures`)"
            )
        spans = iter(found)
    return _sentences(reader, spans)


def _sentences(reader: Reader, spans: Iterator[Row]) -> Iterator[Row]:
    """Each span with its sentence; one document's text at a time (the spans come
    document by document), not every text at once."""
    current, text, ends = None, "", SentenceEnds("")
    for span in spans:
        if span["document_id"] != current:
            current = span["document_id"]
            [doc] = reader.rows("SELECT text FROM documents WHERE id = :id", {"id": current})
            text, ends = doc["text"], SentenceEnds(doc["text"])
        left, right = ends.around(span["char_start"], span["char_end"])
        yield {
            "id": span["key"],
            "kind": span["kind"],
            "what": span["what"],
            "document": span["document"],
            "sentence": text[left:right],
            "quote_start": span["char_start"] - left,
            "quote_end": span["char_end"] - left,
            "char_start": span["char_start"],
            "char_end": span["char_end"],
        }


def build(reader: Reader, id_: str | None = None, document: str | None = None) -> Report:
    return Report(
        name="sources",
        title="Sources" if id_ is None else f"Source of {id_}",
        source=source_line(reader, document),
        sections=[
            Section(
                "Where each fact comes from",
                [
                    Column("id", "Id", wide=True),
                    Column("kind", "Kind"),
                    Column("what", "What (and its id)", below="id"),
                    Column("sentence", "Sentence (quote highlighted)", "highlight"),
                ],
                _rows(reader, id_, document),
                fields=[
                    "id",
                    "kind",
                    "what",
                    "document",
                    "char_start",
                    "char_end",
                    "sentence",
                    "quote_start",
                    "quote_end",
                ],
            )
        ],
    )
