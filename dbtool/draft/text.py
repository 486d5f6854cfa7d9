"""A press release as the draft reads it: sentences, their clauses, and exact quotes.

Every drafted row quotes the text verbatim, so every phase of the draft asks
where a position's sentence or clause is; this module answers from one
split of the text, made once.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

from dbtool.seedformat.quotes import QuoteFinder

_SENTENCE_END = re.compile(
    r"(?<!\bNo)(?<!\bRs)(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bvs)(?<!\bapprox)"
    r"(?<!\b[A-Z])[.!?](?=\s+[\"“‘'(]?[A-Z0-9])"
)
_CLAUSE_BREAK = re.compile(r"(?:,|;|\s[–—])\s+|\s+(?:but|while|whereas)\s+")

Span = tuple[int, int]


@dataclass
class Sentence:
    """Where a sentence starts and ends, and its clauses (split at commas and dashes)."""

    start: int
    end: int
    clauses: list[Span]

    @property
    def clause_starts(self) -> list[int]:
        """Where each clause starts, in order (made once)."""
        starts = self.__dict__.get("_clause_starts")
        if starts is None:
            starts = self.__dict__["_clause_starts"] = [c[0] for c in self.clauses]
        return starts


class TextMap:
    """The text and its sentences, with the sentence or clause at any position."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.sentences = _sentences(text)
        self._starts = [s.start for s in self.sentences]  # sorted: found by bisection
        self.quotes = QuoteFinder(text)
        self._breaks: list[int] | None = None  # where each line ends, once asked

    def sentence_of(self, at: int) -> Sentence:
        """The sentence holding ``at`` (or ending at it); StopIteration where none does."""
        index = bisect.bisect_right(self._starts, at) - 1
        # Sentences do not overlap; one may end where the next starts.
        for sentence in self.sentences[max(index - 1, 0) : index + 1]:
            if sentence.start <= at < sentence.end or at == sentence.end:
                return sentence
        raise StopIteration(at)

    def sentences_in(self, start: int, end: int) -> list[Sentence]:
        """The sentences that start in ``[start, end)``."""
        return self.sentences[
            bisect.bisect_left(self._starts, start) : bisect.bisect_left(self._starts, end)
        ]

    def clause_of(self, at: int) -> Span:
        """The clause around ``at``; an empty span where no sentence holds it."""
        try:
            sentence = self.sentence_of(at)
        except StopIteration:
            return (at, at)
        # Clauses do not overlap: the one starting last at or before ``at`` is the only one
        # that can hold it (a bisection: a long sentence has many). None holds a position
        # between two (a comma): then the last.
        clauses = sentence.clauses
        index = bisect.bisect_right(sentence.clause_starts, at) - 1
        if index >= 0 and clauses[index][0] <= at < clauses[index][1]:
            return clauses[index]
        return clauses[-1]

    def previous_start(self, sentence: Sentence) -> int:
        """Where the sentence before ``sentence`` starts (its own start, for the first)."""
        index = bisect.bisect_left(self._starts, sentence.start)
        return self.sentences[index - 1].start if index else sentence.start

    def paragraph_start(self, at: int) -> int:
        """Where the paragraph holding ``at`` starts: after the blank line before it, or 0."""
        found = self.text.rfind("\n\n", 0, at)
        return 0 if found < 0 else found + 2

    def opens_paragraph(self, at: int) -> bool:
        """Whether a blank line comes before ``at`` (only whitespace between): a sentence
        there starts a paragraph. Looks back a little, not over the whole text."""
        head = self.text[max(0, at - 200) : at]
        return bool(re.search(r"\n[ \t\r\f\v]*\n\s*$", head))

    def clause_words(self, at: int) -> str:
        """The clause around ``at`` with its spacing normalised, as a comment quotes it."""
        start, end = self.clause_of(at)
        return " ".join(self.text[start:end].split())

    def quoted(self, start: int, end: int) -> dict[str, Any]:
        """A row's ``quote`` and, when the words occur more than once, its ``occurrence``."""
        quote = self.text[start:end]
        starts = self.quotes.starts(quote)  # each quote searched once, long texts indexed
        if len(starts) < 2:
            return {"quote": quote, "occurrence": None}
        return {"quote": quote, "occurrence": bisect.bisect_left(starts, start) + 1}

    def line_column(self, at: int) -> tuple[int, int]:
        if self._breaks is None:  # counting from the start for each number was quadratic
            self._breaks = [m.start() for m in re.finditer("\n", self.text)]
        line = bisect.bisect_left(self._breaks, at)
        return line + 1, at - (self._breaks[line - 1] + 1 if line else 0) + 1


def _sentences(text: str) -> list[Sentence]:
    """Sentences (a line is at least one), each split into clauses at commas and dashes."""
    result = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        ends = [m.end() for m in _SENTENCE_END.finditer(text, line.start(), line.end())]
        for end in [*ends, line.end()]:
            while start < end and text[start].isspace():
                start += 1
            if start < end:
                result.append(Sentence(start, end, _clauses(text, start, end)))
            start = end
    return result


def _clauses(text: str, start: int, end: int) -> list[Span]:
    """The clauses of ``start:end``: split at commas, semicolons, dashes and "but", not at a
    comma inside brackets ("Exports of rough (unsorted and sorted, uncut) diamonds …")."""
    spans, at, depth, counted = [], start, 0, start
    for match in _CLAUSE_BREAK.finditer(text, start, end):
        depth += text.count("(", counted, match.start()) - text.count(")", counted, match.start())
        counted = match.start()
        if depth > 0 and match.group().startswith(","):
            continue
        spans += _bounded(text, at, match.start())
        at = match.end()
    spans += _bounded(text, at, end)
    return [(a, b) for a, b in spans if a < b]


# A clause runs to its comma or dash, but no further than this (then to a space): the
# draft reads a number's clause for each number in it, and "5% 5% 5% …" with no comma
# would make one clause of the whole text, and the draft quadratic.
CLAUSE_LIMIT = 1000


def _bounded(text: str, start: int, end: int) -> list[Span]:
    """``start:end`` as one span, or as spans of about ``CLAUSE_LIMIT`` split at spaces."""
    spans = []
    while end - start > CLAUSE_LIMIT:
        cut = text.find(" ", start + CLAUSE_LIMIT, end)
        if cut == -1:
            break
        spans.append((start, cut))
        start = cut + 1
    return [*spans, (start, end)]
