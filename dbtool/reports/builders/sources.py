"""The sources report: for each figure and entity, the sentence it came from.

Provenance is the product's promise, so this report shows it: the sentence
around each quote, with the quote itself highlighted.
"""

from __future__ import annotations

import bisect
import re

from dbtool.db.reader import Reader, Row
from dbtool.errors import UsageError
from dbtool.reports.builders import in_document, scope, source_line
from dbtool.reports.model import Column, Report, Section

# A sentence ends at . ! or ? (optionally followed by a closing quote) before a space or
# a line break; a line break alone ends one too (the text has no blank lines).
SENTENCE_END = re.compile(r"(?<=[.!?])[”\"]?\s+|\n")


class SentenceEnds:
    """A text's sentence ends, found once, so each quote's sentence is a binary search.

    Scanning the text from its start for every quote made a document of many
    figures cost O(figures × text) (issue 11).
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


def _rows(reader: Reader, id_: str | None, document: str | None) -> list[Row]:
    found = reader.rows(SPANS_SQL, {"id": id_, **scope(document)})
    if id_ is not None and not found:
        raise UsageError(f"no figure or entity has the id {id_!r} (see `dbtool report figures`)")
    texts = {r["id"]: r["text"] for r in reader.rows("SELECT id, text FROM documents")}
    ends: dict[int, SentenceEnds] = {}
    rows = []
    for r in found:
        text = texts[r["document_id"]]
        if r["document_id"] not in ends:
            ends[r["document_id"]] = SentenceEnds(text)
        left, right = ends[r["document_id"]].around(r["char_start"], r["char_end"])
        rows.append(
            {
                "id": r["key"],
                "kind": r["kind"],
                "what": r["what"],
                "document": r["document"],
                "sentence": text[left:right],
                "quote_start": r["char_start"] - left,
                "quote_end": r["char_end"] - left,
                "char_start": r["char_start"],
                "char_end": r["char_end"],
            }
        )
    return sorted(rows, key=lambda row: (row["document"], row["char_start"], row["id"]))


def build(reader: Reader, id_: str | None = None, document: str | None = None) -> Report:
    return Report(
        name="sources",
        title="Sources" if id_ is None else f"Source of {id_}",
        source=source_line(reader, document),
        sections=[
            Section(
                "Where each fact comes from",
                [
                    Column("id", "Id"),
                    Column("kind", "Kind"),
                    Column("what", "What", width=24),
                    Column("sentence", "Sentence (quote highlighted)", "highlight", width=80),
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
