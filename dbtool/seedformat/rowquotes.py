"""The quote each row of a seed is tied to, under the name the loader gives that row.

The loader stores a document's quotes once each and ties every row to one by
id, looked up by a name per row: an entity's key (the row that declares it),
``figure:KEY``, ``mention:3``, ``EVENT:date``, ``AGREEMENT:commitment:KEY``…
Every name but an entity's key holds a colon, and keys cannot
(``KEY_PATTERN``), so no two rows share a name: when figures were named by
their bare key, a figure keyed like an organisation took the organisation's
quote as well as its own.

``row_quotes`` is also the walk validation finds every quote by, so each
span is known by its place in the file (``figures[key=x].quote``, what
problems name) and by the row's name, which the read-ahead worker hands the
loader. Nothing here touches the database.
"""

from __future__ import annotations

from collections.abc import Iterator

from dbtool.seedformat.model import SeedFile

# (the loader's name for the row, its place in the file, the quote, which occurrence)
RowQuote = tuple[str, str, str, int | None]
# The numbered parts of events and agreements: (field, the name of one in a row's name).
NUMBERED = {
    "events": (("participants", "participant"),),
    "agreements": (("parties", "party"), ("signatories", "signatory")),
}


def row_quotes(seed: SeedFile) -> Iterator[RowQuote]:
    """Every row's quote, in file order: the rows the loader writes with a quote."""
    dateline = seed.document.dateline
    if dateline is not None:
        yield "dateline:", "document.dateline.quote", dateline.quote, dateline.occurrence
    for group in ("places", "organisations", "people"):
        for item in getattr(seed, group):
            yield item.key, f"{group}[key={item.key}].quote", item.quote, item.occurrence
    for number, mention in enumerate(seed.mentions, 1):
        yield f"mention:{number}", f"mentions[{number}].quote", mention.quote, mention.occurrence
    for number, role in enumerate(seed.roles, 1):
        yield f"role:{number}", f"roles[{number}].quote", role.quote, role.occurrence
    for group, items in (("events", seed.events), ("agreements", seed.agreements)):
        for item in items:
            at = f"{group}[key={item.key}]"
            yield item.key, f"{at}.quote", item.quote, item.occurrence
            yield f"{item.key}:date", f"{at}.date.quote", item.date.quote, item.date.occurrence
            for field, name in NUMBERED[group]:
                for number, part in enumerate(getattr(item, field), 1):
                    place = f"{at}.{field}[{number}].quote"
                    yield f"{item.key}:{name}:{number}", place, part.quote, part.occurrence
            for commitment in item.commitments if group == "agreements" else ():
                place = f"{at}.commitments[key={commitment.key}].quote"
                row_name = f"{item.key}:commitment:{commitment.key}"
                yield row_name, place, commitment.quote, commitment.occurrence
    for number, link in enumerate(seed.links, 1):
        if link.quote is not None:
            yield f"link:{number}", f"links[{number}].quote", link.quote, link.occurrence
    for group in ("sums", "ratios", "readings"):
        for row in getattr(seed, group):
            if row.quote is not None:
                place = f"{group}[key={row.key}].quote"
                yield f"{group}:{row.key}", place, row.quote, row.occurrence
    for comparison in seed.comparisons:
        place = f"comparisons[key={comparison.key}].quote"
        yield f"comparison:{comparison.key}", place, comparison.quote, comparison.occurrence
    for figure in seed.figures:
        place = f"figures[key={figure.key}].quote"
        yield f"figure:{figure.key}", place, figure.quote, figure.occurrence
