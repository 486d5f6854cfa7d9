"""Finding a quote in its document's text: every start, and which one a seed means.

Validation (every problem of a file at once) and the loader both ask where
each quote stands; both ask a ``QuoteFinder``, so they agree on every span
and on every message, and neither scans a long text once per quote.
"""

from __future__ import annotations

import re

Span = tuple[int, int]

TOKEN = re.compile(r"\w+|[^\w\s]")
# Below this many characters, scanning the text per quote is cheaper than indexing it.
INDEX_FROM = 50_000


class QuoteFinder:
    """The starts of quotes in one text, each quote searched once, long texts indexed."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._index: TextIndex | None = None
        self._found: dict[str, list[int]] = {}

    def starts(self, quote: str) -> list[int]:
        """Every place ``quote`` starts, overlapping ones included, as repeated find gives."""
        starts = self._found.get(quote)
        if starts is None:
            if len(self.text) < INDEX_FROM:
                starts = scan(self.text, quote)
            else:
                if self._index is None:
                    self._index = TextIndex(self.text)
                starts = self._index.occurrences(quote)
            self._found[quote] = starts
        return starts

    def locate(
        self, quote: str, occurrence: int | None, file_name: str
    ) -> tuple[Span | None, str | None]:
        """(span, None) for a quote found as asked, or (None, what is wrong)."""
        starts = self.starts(quote)
        shown = quote if len(quote) <= 60 else quote[:57] + "..."
        if not starts:
            return None, f"quote not found in {file_name}: {shown!r}"
        if occurrence is None and len(starts) > 1:
            return None, (
                f"quote occurs {len(starts)} times in {file_name}; "
                f"say which with occurrence = 1..{len(starts)}: {shown!r}"
            )
        index = (occurrence or 1) - 1
        if index >= len(starts):
            return None, (
                f"occurrence {occurrence} asked, but the quote occurs {len(starts)} time(s)"
            )
        return (starts[index], starts[index] + len(quote)), None


TOKEN = re.compile(r"\w+|[^\w\s]")
# Below this many characters, scanning the text per quote is cheaper than indexing it.
INDEX_FROM = 50_000


class TextIndex:
    """Where each word of a text starts, so a quote is found without scanning the text.

    Scanning the whole text for every quote costs O(text) per quote, so a
    document of many figures would cost O(figures × text). A quote of three or
    more tokens (words, or single punctuation marks) must have each of its
    inner tokens as a whole token of the text, at a fixed offset from the
    quote's start: an inner word is bounded by non-word characters inside the
    quote, so also in the text. So the text is tokenised once, and a quote's
    occurrences are the places where its rarest inner token stands, checked
    with ``startswith``. Shorter quotes, and quotes whose rarest inner token is
    so common that checking each place would cost more, scan with ``find``.
    Either way the answer is every start, overlapping ones included, as
    repeated ``str.find`` gives it.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.positions: dict[str, list[int]] = {}
        for match in TOKEN.finditer(text):
            self.positions.setdefault(match.group(), []).append(match.start())
        # Checking one place costs about as much as find scanning this many characters.
        self.scan_limit = max(16, len(text) // 256)

    def occurrences(self, quote: str) -> list[int]:
        tokens = list(TOKEN.finditer(quote))
        if len(tokens) >= 3:
            inner = min(tokens[1:-1], key=lambda t: len(self.positions.get(t.group(), ())))
            places = self.positions.get(inner.group(), [])
            if len(places) <= self.scan_limit:
                offset, text = inner.start(), self.text
                return [
                    p - offset for p in places if p >= offset and text.startswith(quote, p - offset)
                ]
        return scan(self.text, quote)


def scan(text: str, quote: str) -> list[int]:
    """Every start of ``quote`` in ``text``, overlapping ones included."""
    starts, at = [], text.find(quote)
    while at != -1:
        starts.append(at)
        at = text.find(quote, at + 1)
    return starts
