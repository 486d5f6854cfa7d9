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
* what the draft was unsure of: each ``# unsure:`` comment above a row (an
  ambiguous period, a subject it could not name, a guess), with the row;
* rows marked ``reviewed = false``: counted by table, each listed only with
  ``verbose`` (a fresh draft has one on every row: the list would bury the
  few rows that need a person).

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
from dbtool.draft.neighbours import read_years
from dbtool.draft.numbers import FoundNumber, find_numbers, is_date_or_marker
from dbtool.draft.source import refuse_too_many_numbers
from dbtool.errors import SeedError, UsageError
from dbtool.seedformat.model import SeedFile, seed_rows
from dbtool.seedformat.rowquotes import row_quotes
from dbtool.seedformat.validate import CheckedSeed, check_seed_file

KINDS = ("uncovered-number", "quote", "unsure", "not-reviewed")
_UNSURE = re.compile(r"^#\s*unsure:\s*(?P<why>.+)$")
_TABLE = re.compile(r"^\[\[(?P<table>[a-z_]+)\]\]\s*$")
_KEY = re.compile(r'^key\s*=\s*"(?P<key>[^"]*)"')


@dataclass(frozen=True)
class LintFinding:
    """One thing to fix: what kind, where (in the seed, or at a line and column of the text)."""

    kind: str
    place: str
    text: str
    message: str
    line: int | None = None
    column: int | None = None


def lint_seed(
    path: Path,
    beside: Callable[[CheckedSeed], None] | None = None,
    verbose: bool = False,
) -> list[LintFinding]:
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
    findings += unsure_comments(path)
    places = list(unreviewed(checked.seed))
    if verbose:
        findings += [
            LintFinding(
                "not-reviewed", place, "reviewed = false", "drafted; a person has not reviewed it"
            )
            for place in places
        ]
    elif places:
        tables: dict[str, int] = {}
        for place in places:
            table = re.split(r"[\[.]", place, maxsplit=1)[0]
            tables[table] = tables.get(table, 0) + 1
        counted = ", ".join(f"{n} {table}" for table, n in tables.items())
        findings.append(
            LintFinding(
                "not-reviewed",
                f"{len(places)} rows",
                "reviewed = false",
                f"drafted and not yet reviewed ({counted}); --verbose lists them",
            )
        )
    return findings


def unsure_comments(path: Path) -> list[LintFinding]:
    """Each ``# unsure:`` comment of the seed, with the row it stands above: what the
    draft guessed and a person must decide."""
    found: list[LintFinding] = []
    pending: list[tuple[int, str]] = []
    table, index = None, {}
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        unsure = _UNSURE.match(line.strip())
        if unsure is not None:
            pending.append((number, unsure["why"]))
            continue
        header = _TABLE.match(line.strip())
        if header is not None:
            table = header["table"]
            index[table] = index.get(table, 0) + 1
            if pending:  # the row's key, in the lines that follow its header
                key = next(
                    (m["key"] for later in lines[number : number + 4] if (m := _KEY.match(later))),
                    None,
                )
                place = f"{table}[key={key}]" if key else f"{table}[{index[table]}]"
                found += [LintFinding("unsure", place, "", why) for _at, why in pending]
                pending = []
        elif line.strip() == "[document]" and pending:
            found += [LintFinding("unsure", "document", "", why) for _at, why in pending]
            pending = []
        elif line.strip() and not line.startswith("#"):
            continue
    return found


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
    numbers = find_numbers(text)
    read_years(text, numbers)  # "FY 2018 revenue": a year, as the draft reads it
    periods = _period_words(text, numbers, checked.seed.document.published_on)
    for number in numbers:
        if is_date_or_marker(number) or written.overlaps(number.start, number.end):
            continue
        if number.unit == "year":
            if dated.contains(number.start, number.end):
                continue
        elif periods.overlaps(number.start, number.end):
            continue  # "the first nine months": words that date, as the draft reads them
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


def _period_words(text: str, numbers: list[FoundNumber], published: object) -> Claimed:
    """Where the text names periods, as the draft reads them ("FY 2018 revenue", "the
    first nine months"): numbers there date figures and need no figure of their own."""
    import datetime as dt

    from dbtool.draft.timewords import find_timewords, read_calendar

    day = published if isinstance(published, dt.date) else dt.date.today()
    words = find_timewords(text, numbers, None, read_calendar(text, day))
    spans = Claimed(len(text))
    for word in words:
        if word.kind not in ("event",):
            spans.append((word.start, word.end))
    return spans


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
