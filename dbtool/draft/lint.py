"""What a seed still lacks before it is done: ``dbtool lint``.

A seed is done when every number its text states is a figure, every quote is
where it says, and a person has reviewed what ``dbtool draft`` wrote. Lint
reads the seed and its text only (no database), and finds:

* numbers no figure covers, with their line and column in the text. Dates,
  times, list markers, references and periods named again ("the nine
  months") are set aside: they date and number things, a seed records them
  elsewhere. A year is covered when it lies in the quote of a figure that
  has a period (it is that figure's period: "USD 11.4 billion in 2017");
* quotes that are not in the text, occur more than once without
  ``occurrence``, or whose ``written`` words are missing or say another value;
* rows marked ``reviewed = false``.

A file that is not a seed at all (bad TOML, a wrong field) is an error, not a
finding: every problem is raised at once, as ``dbtool seed`` does.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from dbtool.draft.found import Claimed
from dbtool.draft.numbers import FoundNumber, find_numbers, is_date_or_marker
from dbtool.draft.source import refuse_too_many_numbers
from dbtool.errors import SeedError, UsageError
from dbtool.seedformat.model import SeedFile, seed_rows
from dbtool.seedformat.rowquotes import row_quotes
from dbtool.seedformat.validate import CheckedSeed, check_seed_file

KINDS = ("uncovered-number", "quote", "not-reviewed")


@dataclass(frozen=True)
class LintFinding:
    """One thing to fix: what kind, where (in the seed, or at a line and column of the text)."""

    kind: str
    place: str
    text: str
    message: str
    line: int | None = None
    column: int | None = None


def lint_seed(path: Path, beside: Callable[[CheckedSeed], None] | None = None) -> list[LintFinding]:
    """Every finding for the seed at ``path``, in the order of the text, then of the file.

    Every problem the file has is raised at once first: its own, and those ``beside``
    adds to the read file (the checks ``seed`` makes against the database and the
    other documents: ``dbtool.api.lint`` passes them, as this room does not load)."""
    checked = check_seed_file(path)
    if beside is not None and checked.seed is not None:
        beside(checked)
    shape = [p for p in checked.problems if p not in checked.in_text]
    if shape:
        raise SeedError.of(shape)
    assert checked.seed is not None and checked.text is not None
    try:
        refuse_too_many_numbers(path, checked.text)
    except UsageError as exc:
        raise SeedError(path, "document.file", str(exc).split(": ", 1)[1]) from None
    findings = list(uncovered_numbers(checked))
    findings += [
        LintFinding("quote", p.place, _quoted_words(checked.seed, p.place), p.problem)
        for p in checked.in_text
    ]
    findings += [
        LintFinding(
            "not-reviewed", place, "reviewed = false", "drafted; a person has not reviewed it"
        )
        for place in unreviewed(checked.seed)
    ]
    return findings


def uncovered_numbers(checked: CheckedSeed) -> Iterator[LintFinding]:
    """Each number of the text no figure covers, at its line and column: in time linear
    in the text (a span index and a prefix maximum, not every number against every
    figure's span: 50,000 uncovered numbers took four minutes)."""
    assert checked.seed is not None and checked.text is not None
    text = checked.text
    written = Claimed(len(text))
    for start, end in checked.written.values():
        written.append((start, end))
    dated = DatedQuotes(
        checked.spans[f"figures[key={f.key}].quote"]
        for f in checked.seed.figures
        if (f.period or f.base_period) and f"figures[key={f.key}].quote" in checked.spans
    )
    breaks = [m.start() for m in re.finditer("\n", text)]
    for number in find_numbers(text):
        if is_date_or_marker(number) or written.overlaps(number.start, number.end):
            continue
        if number.unit == "year" and dated.contains(number.start, number.end):
            continue
        line = bisect.bisect_left(breaks, number.start)
        column = number.start - (breaks[line - 1] + 1 if line else 0) + 1
        yield LintFinding(
            "uncovered-number",
            f"line {line + 1}, column {column}",
            number.written,
            f"no figure covers it (read as {_reading(number)})",
            line + 1,
            column,
        )


class DatedQuotes:
    """Whether a span lies inside one of some spans (the quotes of dated figures): the
    spans sorted by start with the greatest end so far, so each question is a bisection."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [start for start, _ in ordered]
        self.reach = list(itertools.accumulate((end for _, end in ordered), max))

    def contains(self, start: int, end: int) -> bool:
        """Whether some span ``(a, b)`` has ``a <= start`` and ``end <= b``."""
        count = bisect.bisect_right(self.starts, start)
        return count > 0 and self.reach[count - 1] >= end


def _reading(number: FoundNumber) -> str:
    return f"{number.value:g} {number.unit}" + (f", {number.qualifier}" if number.qualifier else "")


def unreviewed(seed: SeedFile) -> Iterator[str]:
    """The place of every row that says ``reviewed = false``, in file order."""
    for place, row in seed_rows(seed):
        if getattr(row, "reviewed", True) is False:
            yield place


def _quoted_words(seed: SeedFile, place: str) -> str:
    """The quote or written words a problem is about, to show beside it."""
    quote = next((q for _name, at, q, _occurrence in row_quotes(seed) if at == place), None)
    if quote is not None:
        return quote
    key = place.split("[key=", 1)[1].split("]", 1)[0] if "[key=" in place else None
    figure = next((f for f in seed.figures if f.key == key), None)
    return figure.written if figure is not None else ""
