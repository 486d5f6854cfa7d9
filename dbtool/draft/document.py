"""The first phase of a draft: the ``[document]`` block, from the title and the dateline.

The slug comes from the file name, the title from the first line, the date
and place from the dateline ("Moscow, 10 October 2018 –", "Antwerp, February
2018 –", "Moscow:") with its basis (stated, month, inferred). Where the text
has no dated dateline the date is inferred from the days it names, and a
comment says so.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from dbtool.draft.found import FoundNumber
from dbtool.draft.names import Entities, KnownEntity, NamedEntity
from dbtool.draft.text import Span, TextMap

_DATELINE = re.compile(
    r"^(?P<quote>(?P<place>[A-Z][A-Za-z’'. -]{1,40}?)"
    r"(?:,\s+(?P<date>[^–—:\n]{3,40}?))?)\s*(?:(?P<colon>:)|\s[–—-]\s)"
)


class DraftError(ValueError):
    """A text no seed can be drafted from (an empty one)."""


@dataclass
class DocumentBlock:
    """The ``[document]`` row, the comments above it, where its dateline is, and its date."""

    row: dict[str, Any]
    published: dt.date
    dateline: Span | None
    comments: list[str] = field(default_factory=list)
    place: str | None = None  # the dateline's place, else the first the text names


def document_block(
    text: TextMap,
    numbers: list[FoundNumber],
    entities: Entities,
    known: tuple[KnownEntity, ...],
    slug: str,
    file_name: str,
    today: dt.date,
) -> DocumentBlock:
    """The document block of ``text``; a place the dateline names joins ``entities``."""
    first = re.search(r"\S[^\n]*", text.text)
    if first is None:
        raise DraftError("the text is empty")
    comments: list[str] = []
    title, body = first.group().strip(), first.end()
    opens_with_dateline = _DATELINE.match(title) is not None and len(title) > 120
    if opens_with_dateline:  # no title line: the text opens with its dateline
        body = first.start()
    place_key, quote_span, date_number = _dateline(text, numbers, entities, known, body)
    if opens_with_dateline:
        after = quote_span[1] if quote_span else first.start()
        sentence = text.sentence_of(after)
        title = " ".join(text.text[after : sentence.end].split()).lstrip(":–— ")
        if len(title) > 100:
            title = title[:97].rsplit(" ", 1)[0] + " …"
        comments.append("unsure: the text has no title line; the title is its first sentence, cut")
    dateline = quote_span
    published, basis, note = _document_date(date_number, numbers, today, comments)
    row = {
        "slug": slug,
        "title": title,
        "file": file_name,
        "published_on": published,
        "published_on_basis": basis,
        "date_note": note,
    }
    if place_key is not None and quote_span is not None:
        row["dateline"] = {"place": place_key, **text.quoted(*quote_span)}
    else:  # the dateline only from a dateline; figures of no named subject take this place
        place_key = _first_place(entities)
        comments.append("no dateline ('Place, 10 October 2018 –') was found; none is drafted")
    return DocumentBlock(row, published, dateline, comments, place_key)


def _dateline(
    text: TextMap,
    numbers: list[FoundNumber],
    entities: Entities,
    known: tuple[KnownEntity, ...],
    body: int,
) -> tuple[str | None, Span | None, FoundNumber | None]:
    """The place, the quote's span and the date of the line after the title, if a dateline."""
    line = re.compile(r"\S[^\n]*").search(text.text, body)
    if line is None:
        return None, None, None
    match = _DATELINE.match(line.group())
    if match is None:
        return None, None, None
    at = line.start()
    quote_span = (at + match.start("quote"), at + match.end("quote"))
    if match["colon"]:
        quote_span = (quote_span[0], at + match.end("colon"))
    place_key = place_named(entities, known, match["place"].strip(), at + match.start("place"))
    date_number = next(
        (
            n
            for n in numbers
            if n.unit == "date"
            and match["date"]
            and at + match.start("date") <= n.start
            and n.end <= at + match.end("date")
        ),
        None,
    )
    return place_key, quote_span, date_number


def place_named(entities: Entities, known: tuple[KnownEntity, ...], name: str, start: int) -> str:
    """The key of the place a dateline names: known, a candidate already found, or new."""
    plain = name.title() if name.isupper() else name
    for candidate in entities.found:
        if (
            candidate.known
            and candidate.kind == "place"
            and (candidate.name == plain or candidate.name == name)
        ):
            return candidate.key
    for entity in known:
        if entity.kind == "place" and plain in entity.names:
            return entity.key
    for candidate in entities.found:
        if not candidate.known and candidate.name == name:
            if candidate.kind != "place":
                candidate.kind, candidate.type = "place", "region"
                candidate.reason = "a dateline names it"
            return candidate.key
    entity = NamedEntity(
        entities.new_key(plain),
        "place",
        name,
        start,
        start + len(name),
        False,
        [(start, start + len(name))],
        "region",
        None,
        "a dateline names it",
    )
    entities.found.append(entity)
    return entity.key


def _first_place(entities: Entities) -> str | None:
    """The first place the text names, if any."""
    places = [e for e in entities.found if e.kind == "place"]
    return min(places, key=lambda x: x.start).key if places else None


def _document_date(
    dateline: FoundNumber | None, numbers: list[FoundNumber], today: dt.date, comments: list[str]
) -> tuple[dt.date, str, str | None]:
    """The document's date, its basis and a note: the dateline's, else the latest day named."""
    if dateline is not None and dateline.period is not None:
        first, last = dateline.period
        if first == last:
            return first, "stated", None
        return first, "month", f"The dateline gives the month only ('{dateline.written}')."
    full = [n for n in numbers if n.unit == "date" and n.period is not None]
    days = [n for n in full if n.period and n.period[0] == n.period[1]]
    years = [int(n.value) for n in numbers if n.unit == "year" and n.kind == "year"]
    if days:
        latest = max(days, key=lambda n: n.period[0])  # type: ignore[index]
        note = f"No dated dateline; the latest day the text names ('{latest.written}')."
        return latest.period[0], "inferred", note  # type: ignore[index]
    spans = [n for n in full if n.period and n.period[0] != n.period[1]]
    if spans:
        latest = max(spans, key=lambda n: n.period[1])  # type: ignore[index]
        end = latest.period[1]  # type: ignore[index]
        note = (
            f"No dated dateline; just after the latest period the text names ('{latest.written}')."
        )
        comments.append("unsure: the text gives no date; the end of the latest period it names")
        return end, "inferred", note
    yearless = [n for n in numbers if n.unit == "date" and n.period is None]
    if yearless and years:
        first_yearless = yearless[0]
        month, day = divmod(int(first_yearless.value), 100)
        year = max(years)
        note = (
            f"No dated dateline; '{first_yearless.written}' in the latest year the text names "
            f"({year}). Check the year."
        )
        comments.append("unsure: the year of the document's date is a guess")
        return dt.date(year, month, day), "inferred", note
    comments.append("unsure: the text gives no date; today's is a placeholder")
    return today, "inferred", "The text gives no date; drafted with the day it was drafted."
