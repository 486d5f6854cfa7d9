"""A press release as the draft reads it: sentences, their clauses, and exact quotes.

Every drafted row quotes the text verbatim, so every phase of the draft asks
where a position's sentence or clause is; this module answers from one
split of the text, made once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

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


class TextMap:
    """The text and its sentences, with the sentence or clause at any position."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.sentences = _sentences(text)

    def sentence_of(self, at: int) -> Sentence:
        return next(s for s in self.sentences if s.start <= at < s.end or at == s.end)

    def clause_of(self, at: int) -> Span:
        """The clause around ``at``; an empty span where no sentence holds it."""
        if not any(s.start <= at <= s.end for s in self.sentences):
            return (at, at)
        sentence = self.sentence_of(at)
        return next((c for c in sentence.clauses if c[0] <= at < c[1]), sentence.clauses[-1])

    def clause_words(self, at: int) -> str:
        """The clause around ``at`` with its spacing normalised, as a comment quotes it."""
        start, end = self.clause_of(at)
        return " ".join(self.text[start:end].split())

    def quoted(self, start: int, end: int) -> dict[str, Any]:
        """A row's ``quote`` and, when the words occur more than once, its ``occurrence``."""
        quote = self.text[start:end]
        return {"quote": quote, "occurrence": occurrence(self.text, quote, start)}

    def line_column(self, at: int) -> tuple[int, int]:
        line = self.text.count("\n", 0, at) + 1
        return line, at - (self.text.rfind("\n", 0, at) + 1) + 1


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
    spans, at = [], start
    for match in _CLAUSE_BREAK.finditer(text, start, end):
        spans.append((at, match.start()))
        at = match.end()
    spans.append((at, end))
    return [(a, b) for a, b in spans if a < b]


def occurrence(text: str, quote: str, start: int) -> int | None:
    """The ``occurrence`` a quote starting at ``start`` needs (None if it occurs once)."""
    starts, at = [], text.find(quote)
    while at != -1:
        starts.append(at)
        at = text.find(quote, at + 1)
    return starts.index(start) + 1 if len(starts) > 1 else None
