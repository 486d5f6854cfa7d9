"""``dbtool search WORDS``: the sentences of the releases that hold the words.

Full-text search at run time, on the backend's own engine: a document matches
when it holds every word (SQLite FTS5 with the Porter stemmer over a copy of
the texts made in memory for the search; PostgreSQL's ``to_tsvector`` and
``plainto_tsquery`` in English). The texts are small and few enough to need no
index kept in the database. In each matching document, the sentences holding
any of the words are shown, the words marked, the sentences holding the most
words first, with the figures whose quotes lie in them.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from dbtool.db.reader import Reader, Row
from dbtool.errors import UsageError
from dbtool.reports.builders import iso_date, published, source_line
from dbtool.reports.model import Column, Report, Section

# A sentence ends at . ! or ? before white space, or at a line break (a title, a dateline).
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
WORD = re.compile(r"\w+")
DOCUMENTS_SQL = "SELECT id, slug, title, published_on, published_on_basis, text FROM documents"
POSTGRES_MATCH = f"""
{DOCUMENTS_SQL}
WHERE to_tsvector('english', title || ' ' || text) @@ plainto_tsquery('english', :words)
"""
QUOTES_SQL = """
SELECT f.key, q.char_start, q.char_end FROM figures f JOIN quotes q ON q.id = f.quote_id
WHERE q.document_id = :document ORDER BY q.char_start, f.key
"""


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def sentences(text: str) -> Iterator[Sentence]:
    """The sentences of a text with their character spans."""
    start = 0
    for match in SENTENCE_END.finditer(text):
        if text[start : match.start()].strip():
            yield Sentence(start, match.start(), text[start : match.start()])
        start = match.end()
    if text[start:].strip():
        yield Sentence(start, len(text.rstrip()), text[start:].rstrip())


def _fts5(words: list[str]) -> str:
    """An FTS5 query holding every word, each quoted so that none reads as an operator."""
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


def matching_documents(reader: Reader, words: list[str]) -> list[Row]:
    """The documents that hold every word, on the backend's own full-text search."""
    if reader.dialect == "postgresql":
        return reader.rows(POSTGRES_MATCH, {"words": " ".join(words)})
    found = reader.rows(DOCUMENTS_SQL)
    with sqlite3.connect(":memory:") as memory:
        memory.execute(
            "CREATE VIRTUAL TABLE t USING fts5(title, text, tokenize='porter unicode61')"
        )
        memory.executemany(
            "INSERT INTO t (rowid, title, text) VALUES (?, ?, ?)",
            [(r["id"], r["title"], r["text"]) for r in found],
        )
        ids = {rowid for (rowid,) in memory.execute("SELECT rowid FROM t(?)", (_fts5(words),))}
    return [r for r in found if r["id"] in ids]


def _marked_sentences(document: Row, words: list[str]) -> list[tuple[int, Sentence, str]]:
    """(words held, sentence, the sentence with the words marked «…») for each sentence of
    the document holding any of the words, on the same stemmer."""
    spans = list(sentences(document["text"]))
    with sqlite3.connect(":memory:") as memory:
        memory.execute("CREATE VIRTUAL TABLE s USING fts5(text, tokenize='porter unicode61')")
        memory.executemany(
            "INSERT INTO s (rowid, text) VALUES (?, ?)",
            [(index, span.text) for index, span in enumerate(spans)],
        )
        held: dict[int, int] = {}
        for word in words:
            for (rowid,) in memory.execute("SELECT rowid FROM s(?)", (_fts5([word]),)):
                held[rowid] = held.get(rowid, 0) + 1
        any_word = " OR ".join(_fts5([word]) for word in words)
        marked = dict(
            memory.execute("SELECT rowid, highlight(s, 0, '«', '»') FROM s(?)", (any_word,))
        )
    return [(held[i], spans[i], marked[i]) for i in sorted(held, key=lambda i: (-held[i], i))]


def search_rows(reader: Reader, words: list[str]) -> Iterator[Row]:
    """One row per sentence: document, date, the sentence marked, the figures quoted in it."""
    documents = sorted(
        matching_documents(reader, words), key=lambda r: (iso_date(r["published_on"]), r["slug"])
    )
    for document in documents:
        quotes = reader.rows(QUOTES_SQL, {"document": document["id"]})
        for held, span, marked in _marked_sentences(document, words):
            figures = [
                q["key"]
                for q in quotes
                if q["char_start"] < span.end and q["char_end"] > span.start
            ]
            yield {
                "document": document["slug"],
                "published_on": published(document["published_on"], document["published_on_basis"]),
                "words": held,
                "sentence": span.text,
                "marked": marked,
                "char_start": span.start,
                "char_end": span.end,
                "figures": ", ".join(dict.fromkeys(figures)),
            }


def search_report(reader: Reader, text: str) -> Report:
    """The search as a report (any format): one section, one row per sentence."""
    words = WORD.findall(text)
    if not words:
        raise UsageError("give at least one word to search for, e.g. dbtool search alrosa india")
    rows: list[dict[str, Any]] = list(search_rows(reader, words))
    return Report(
        name="search",
        title=f"Search: {' '.join(words)}",
        source=source_line(reader),
        sections=[
            Section(
                "Sentences",
                [
                    Column("document", "Document"),
                    Column("published_on", "Published", "date"),
                    Column("marked", "Sentence (words marked)", cut=4),
                    Column("figures", "Figures", wide=True),
                ],
                rows,
                intro=None
                if rows
                else "No document holds every word (words are matched by their stem).",
                fields=[
                    "document",
                    "published_on",
                    "words",
                    "sentence",
                    "char_start",
                    "char_end",
                    "figures",
                ],
            )
        ],
    )
