"""Every problem of a seed file at once: its shape, its keys, its quotes, its figures' words.

Fixing a file should take one run, not one run per mistake. Pydantic reports
every shape problem; the rows it refuses are then set aside, so that the rest
of the file can still be checked against its text (each quote must occur, once
or at its ``occurrence``; each figure's ``written`` must be in its quote and
say its value) and, when the caller knows the database, against the keys and
qualifiers other documents define. ``dbtool seed`` refuses a file with any
problem and names them all; ``dbtool lint`` reports the text problems as
findings. Nothing here touches the database or imports SQLAlchemy.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from dbtool.core.wording import WordingError, WrittenNumber, stated_value
from dbtool.errors import SeedError
from dbtool.seedformat.dimensions import dimension_problems
from dbtool.seedformat.figurerows import FigureRow, figure_rows
from dbtool.seedformat.limits import SeedLimits
from dbtool.seedformat.model import (
    FigureSpec,
    SeedFile,
    read_toml_bytes,
    refuse_too_deep,
    validation_problems,
)
from dbtool.seedformat.quotes import QuoteFinder, Span
from dbtool.seedformat.references import Outside, file_references, resolve
from dbtool.seedformat.rowquotes import row_quotes
from dbtool.seedformat.tables import TableRead, read_table_document, table_format
from dbtool.seedformat.textfile import document_bytes, document_text


@dataclass
class CheckedSeed:
    """A seed file with everything found wrong in it; ``seed`` is None if it cannot be read.

    ``in_text`` holds the problems of quotes and written words against the
    text (a subset of ``problems``: what ``dbtool lint`` reports as findings).
    ``spans`` holds the span of every quote that was found, by its place in the
    file, ``written`` the span of every figure's ``written`` and ``numbers`` the
    number those words state, by figure key.
    ``seed_sha256`` and ``text_sha256`` are the digests the loader stores, taken
    where the file is read (by a worker, in a bulk load; see ``read_seed``).
    """

    path: Path
    seed: SeedFile | None = None
    text: str | None = None
    problems: list[SeedError] = field(default_factory=list)
    in_text: list[SeedError] = field(default_factory=list)
    spans: dict[str, Span] = field(default_factory=dict)
    written: dict[str, Span] = field(default_factory=dict)
    numbers: dict[str, WrittenNumber] = field(default_factory=dict)
    # Every row's quote span by the loader's name for the row (see ``rowquotes``), when
    # the text has no problem (every quote found, every figure's words in it).
    located: dict[str, Span] | None = None
    refused: frozenset[str] = frozenset()  # keys of rows the model refused, set aside
    # The file's references checked against itself; keys of other documents left to
    # ``check_against`` (see ``references.file_references``).
    references: list[SeedError | Outside] = field(default_factory=list)
    seed_sha256: str = ""
    text_sha256: str = ""
    # The figures as rows (``figurerows``) in place of ``seed.figures``, in a read sent to
    # the loader (``for_loader``); None in a read as validation leaves it.
    figure_rows: list[FigureRow] | None = None
    # A table document's own row and where each of its figures stands (``tables``).
    table: TableRead | None = None

    @property
    def figures(self) -> Sequence[FigureSpec] | Sequence[FigureRow]:
        """The file's figures, as models or as rows: what their keys and references are
        checked from, whichever the read holds."""
        if self.figure_rows is not None:
            return self.figure_rows
        return self.seed.figures if self.seed is not None else []

    def add_text_problem(self, place: str, problem: str) -> None:
        error = SeedError(self.path, place, problem)
        self.problems.append(error)
        self.in_text.append(error)

    def rows_of_figures(self) -> list[FigureRow]:
        """The figures as the loader writes them: as sent (``for_loader``), or made now
        from the models of a read with no problem in its text."""
        if self.figure_rows is not None:
            return self.figure_rows
        assert self.seed is not None
        return figure_rows(self.seed.figures, self.written, self.numbers)

    def for_loader(self) -> CheckedSeed:
        """This read as the loader takes it, for the trip from a read-ahead worker.

        Without the spans by place that only validation and lint use (the loader takes
        them by row, ``located``). A read with no problem so far has its figures as rows
        (``figurerows``), their spans and numbers folded in, instead of models: figure
        models are much of what the loader would unpickle, and they cost more to rebuild
        than the rest of the seed.
        """
        if self.seed is None or self.problems or self.located is None:
            return replace(self, spans={})
        seed = self.seed.model_copy(update={"figures": []})
        rows = self.rows_of_figures()
        return replace(self, spans={}, written={}, numbers={}, seed=seed, figure_rows=rows)

    def raise_problems(self) -> None:
        """Raise every problem at once (one located line each), if there is any."""
        if self.problems:
            raise SeedError.of(self.problems)


def check_seed_file(
    path: Path,
    known: Mapping[str, Mapping[str, str]] | None = None,
    qualifiers: Iterable[str] | None = None,
    limits: SeedLimits = SeedLimits(),
) -> CheckedSeed:
    """Check a seed file against its text, and against the database when told what it holds.

    ``known`` is namespace -> key -> kind of what other documents define, and
    ``qualifiers`` the qualifier names the database knows; without them, keys
    are checked within the file only (a key from another document is not an
    error) and qualifiers not at all. An unreadable file (no such file, not
    TOML) raises at once: there is nothing else to check.
    """
    checked = read_seed(path, limits)
    return check_against(checked, known, qualifiers)


def read_seed(path: Path, limits: SeedLimits = SeedLimits()) -> CheckedSeed:
    """The checks a file needs nothing else for: its TOML, its model, its quotes in its text.

    Apart from ``check_against`` so that a worker process can do this half for
    the files ahead while the loader works (:mod:`dbtool.load.readahead`).
    """
    data, raw = read_toml_bytes(path, limits.max_seed_bytes)
    checked = CheckedSeed(path)
    checked.seed, checked.refused = _validate(path, data, checked.problems)
    if checked.seed is None:
        return checked
    if checked.seed.table is not None or table_format(checked.seed.document.file):
        _read_table(checked, raw, limits)
        return checked
    checked.references = file_references(checked.seed, path, checked.refused)
    checked.text = _document_text(path, checked.seed, checked.problems, limits)
    if checked.text is not None:
        _check_quotes(checked)
        _check_written(checked)
        if checked.in_text:
            checked.located = None
        encoded = checked.text.encode("utf-8")
        checked.text_sha256 = hashlib.sha256(encoded).hexdigest()
        checked.seed_sha256 = seed_digest(raw, encoded)
    return checked


def _read_table(checked: CheckedSeed, seed_bytes: bytes, limits: SeedLimits) -> None:
    """A table seed: its table read into the text and the rows its mapping makes
    (:mod:`dbtool.seedformat.tables`), then every quote found in that text."""
    path, seed = checked.path, checked.seed
    assert seed is not None
    file = seed.document.file
    if seed.table is None or table_format(file) is None:
        place, problem = (
            ("table", f"{file!r} is a table: map it with a [table] block")
            if seed.table is None
            else ("document.file", f"{file!r} is not a table file (a .csv or .xlsx) to map")
        )
        checked.problems.append(SeedError(path, place, problem))
        return
    try:
        raw = document_bytes(path, file, limits)
    except SeedError as exc:
        checked.problems.append(exc)
        return
    document = read_table_document(seed, raw, path.parent / file)
    checked.problems += document.problems
    checked.seed, checked.text, checked.table = document.seed, document.text, document.read
    checked.references = file_references(document.seed, path, checked.refused)
    _check_quotes(checked, document.read.lines)
    if checked.in_text or document.problems:
        checked.located = None
    checked.figure_rows = document.figures
    checked.written = {f.key: (f.written_start, f.written_end) for f in document.figures}
    encoded = document.text.encode("utf-8")
    checked.text_sha256 = hashlib.sha256(encoded).hexdigest()
    checked.seed_sha256 = seed_digest(seed_bytes, encoded)


def seed_digest(seed_bytes: bytes, text: bytes) -> str:
    """What tells a file's document is unchanged: its seed's bytes and its text's, hashed."""
    return hashlib.sha256(seed_bytes + b"\0" + text).hexdigest()


def check_against(
    checked: CheckedSeed,
    known: Mapping[str, Mapping[str, str]] | None = None,
    qualifiers: Iterable[str] | None = None,
    signed: Set[str] | None = None,
    quantities: Mapping[str, Mapping[str, Any]] | None = None,
) -> CheckedSeed:
    """The checks of a read file against what the database holds (see ``check_seed_file``).

    ``signed`` names the quantities the database holds as signed (net figures, which may
    be negative); with it, a negative figure of a quantity neither it nor the file
    declares signed is a problem. ``quantities`` (key -> stored row) are those other
    documents declared, whose units a figure, a link or a sum of the file must agree
    with (:mod:`dbtool.seedformat.dimensions`)."""
    if checked.seed is None:
        return checked
    entries = checked.references
    if known is None:  # keys of other documents cannot be checked: only the file's own
        entries = [e for e in entries if isinstance(e, SeedError)]
    problems = resolve(entries, checked.seed, checked.path, known, checked.figures)
    if checked.table is not None and known is not None:
        problems = _table_entities(checked, known, problems)
    checked.problems += problems
    if qualifiers is not None:
        _check_qualifiers(checked, qualifiers if isinstance(qualifiers, Set) else set(qualifiers))
    if signed is not None:
        _check_signs(checked, signed)
    checked.problems += dimension_problems(checked.seed, checked.path, checked.figures, quantities)
    return checked


def _table_entities(
    checked: CheckedSeed, known: Mapping[str, Mapping[str, str]], problems: list[SeedError]
) -> list[SeedError]:
    """A table's rows whose entity is unknown, named by row and column, in place of the
    problems of the mentions the rows make (which would say the same, less clearly)."""
    assert checked.table is not None and checked.seed is not None
    seed = checked.seed
    declared = {e.key for e in (*seed.places, *seed.organisations)}
    found = checked.table.entity_problems(known.get("entity", {}), declared)
    said = {f"unknown key {key!r}" for key in checked.table.unknown_keys(found)}
    return [*found, *(p for p in problems if p.problem not in said)]


def _validate(
    path: Path, data: dict[str, Any], problems: list[SeedError]
) -> tuple[SeedFile | None, frozenset[str]]:
    """The file as a model, and the keys of rows refused (set aside so the rest is checked)."""
    try:
        return SeedFile.model_validate(data), frozenset()
    except ValidationError as exc:
        refuse_too_deep(path, data)
        problems += validation_problems(path, exc, data)
        errors = exc.errors()
    rest, refused = dict(data), set()
    for error in errors:
        loc = error["loc"]
        table = loc[0] if loc else None
        if table == "document" or not isinstance(table, str):
            return None, frozenset()
        items = rest.get(table)
        if len(loc) > 1 and isinstance(loc[1], int) and isinstance(items, list):
            item = data[table][loc[1]] if loc[1] < len(data[table]) else None
            if isinstance(item, dict) and isinstance(item.get("key"), str):
                refused.add(item["key"])
            rest[table] = [x for x in items if x is not item]
        else:
            rest.pop(table, None)
    try:
        return SeedFile.model_validate(rest), frozenset(refused)
    except ValidationError:
        return None, frozenset()


def _document_text(
    path: Path,
    seed: SeedFile,
    problems: list[SeedError],
    limits: SeedLimits,
) -> str | None:
    try:
        return document_text(path, seed.document.file, limits)
    except SeedError as exc:
        problems.append(exc)
        return None


def _check_quotes(checked: CheckedSeed, known: Mapping[str, Span] | None = None) -> None:
    """Find every row's quote in the text, in one walk of the seed (``row_quotes``): each
    span by its place in the file (what problems and lint name) and by the loader's name
    for the row (``located``). One walk that knows where quotes are is much cheaper than
    a generic walk of every model for a ``quote`` field and a second for the loader's
    names.
    """
    assert checked.seed is not None and checked.text is not None
    file_name = checked.seed.document.file
    finder = QuoteFinder(checked.text)
    located: dict[str, Span] = {}
    for name, place, quote, occurrence in row_quotes(checked.seed):
        # A table's own lines are where its read put them (``known``), found without a search.
        span = known.get(quote) if known and (occurrence or 1) == 1 else None
        problem = None
        if span is None:
            span, problem = finder.locate(quote, occurrence, file_name)
        if span is None:
            checked.add_text_problem(place, problem or "")
        else:
            checked.spans[place] = span
            located[name] = span
    checked.located = located


def _check_written(checked: CheckedSeed) -> None:
    """A figure's ``written`` is inside its quote and says the figure's value."""
    assert checked.seed is not None and checked.text is not None
    for figure in checked.seed.figures:
        at = f"figures[key={figure.key}]"
        span = checked.spans.get(f"{at}.quote")
        if span is not None and checked.text[span[0] : span[1]] != figure.quote:
            # Two rows under one place (a repeated key, itself a problem): find this one's.
            span, _ = QuoteFinder(checked.text).locate(figure.quote, figure.occurrence, "")
        if span is None:
            continue  # its quote is already a problem
        offset = checked.text[span[0] : span[1]].find(figure.written)
        if offset == -1:
            checked.add_text_problem(f"{at}.written", f"{figure.written!r} is not in the quote")
            continue
        checked.written[figure.key] = (span[0] + offset, span[0] + offset + len(figure.written))
        try:
            number = stated_value(figure.written, figure.unit)
        except WordingError as exc:
            checked.add_text_problem(f"{at}.written", str(exc))
            continue
        if figure.scale:  # "Sable 0.43": the million of the figure before it
            number = WrittenNumber(
                number.value * figure.scale, number.last_digit * figure.scale, True
            )
        checked.numbers[figure.key] = number
        if abs(number.value - figure.value) > 1e-9 * max(1.0, abs(figure.value)):
            problem = (
                f"{figure.value:g} does not match the written {figure.written!r} ({number.value:g})"
            )
            checked.add_text_problem(f"{at}.value", problem)


def _check_qualifiers(checked: CheckedSeed, names: Set[str]) -> None:
    """Every figure's qualifier is one the database knows (``names``) or the file adds."""
    assert checked.seed is not None
    given = {q.name for q in checked.seed.qualifiers}
    for figure in checked.figures:
        if figure.qualifier not in names and figure.qualifier not in given:
            known = ", ".join(sorted(names | given))
            problem = f"unknown qualifier {figure.qualifier!r} (known: {known})"
            place = f"figures[key={figure.key}].qualifier"
            checked.problems.append(SeedError(checked.path, place, problem))


def _check_signs(checked: CheckedSeed, signed: Set[str]) -> None:
    """A negative figure (not a year) measures a quantity declared signed: here, or in
    the database when this file does not declare it."""
    assert checked.seed is not None
    declared = {q.key: q.signed for q in checked.seed.quantities}
    for figure in checked.figures:
        if figure.value >= 0 or figure.unit == "year":
            continue
        quantity = figure.quantity or ""
        if declared.get(quantity, quantity in signed):
            continue
        problem = (
            f"{figure.value:g} is negative, but quantity {figure.quantity!r} is not signed "
            "(declare it with signed = true for a net figure)"
        )
        place = f"figures[key={figure.key}].value"
        checked.problems.append(SeedError(checked.path, place, problem))
