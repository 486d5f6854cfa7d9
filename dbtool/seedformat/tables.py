"""A table document read: its cells as a text, and the seed rows its mapping makes of them.

A table's text is its cells, one a line, each saying where it stands:
``kp-production-2016-top10.csv, row Lesotho, column average_price_usd_per_carat: 1,066``.
That line is the quote of the figure the cell states, so every report that
shows where a figure comes from (``report sources``, ``v_figures.quote``)
shows the file, the row, the column and the cell's exact text, and the
checks cite a cell as they cite a sentence. Each row's entity cell is a
mention of its entity; each quantity column gives every row's entity a
quantity, each ratio of columns a ratio per row, each ranking one ranking of
the column's quantities. A cell's precision is its digits' ("1,066" is
±0.5, in the column's scale), as for a number in a text.

Every problem of a table is found in one read and named by the table file,
the row and the column: a column the mapping names that the header lacks, a
cell that is not a number, a row whose entity is given twice. An entity no
document declares is found when the database is known
(:meth:`TableRead.entity_problems`). Nothing here touches the database.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from dbtool.core.periods import parse_period
from dbtool.errors import SeedError
from dbtool.seedformat.figurerows import FigureRow
from dbtool.seedformat.model import (
    MentionSpec,
    QuantitySpec,
    RankingSpec,
    RatioSpec,
    SeedFile,
)
from dbtool.seedformat.quotes import Span
from dbtool.seedformat.tablespec import ENTITY, TableColumnSpec, TableRatioSpec, TableSpec

FORMATS = {".csv": "csv", ".xlsx": "xlsx"}
# What a statistics table writes in a cell it has no figure for.
NOT_STATED = frozenset({"", "-", "–", "—", "n/a", "na", "n.a.", "..", "…", "x"})
NUMBER = re.compile(r"^(?P<sign>[-−+])?(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<decimals>\d+))?$")
_GROUPING = re.compile(r"(?<=\d)[\u00a0\u202f\u2009 ](?=\d{3}\b)")
MAX_KEY = 100  # the length of a key column


@dataclass(frozen=True, slots=True)
class Line:
    """A cell's line of the text: where it starts, the line, and the cell as written."""

    start: int
    text: str
    cell: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True, slots=True)
class Row:
    """One row of a table file: its number in the file (the header is row 1) and cells."""

    number: int
    cells: tuple[str, ...]


@dataclass
class TableRead:
    """What loading a table document needs beyond its seed rows: the table's own row,
    and where each figure stands (figure key, row number, row label, column)."""

    path: Path
    file: str
    format: str
    sheet: str | None
    publisher: str
    citation: str
    period: str | None
    rows: int
    entity_column: str
    cells: list[tuple[str, int, str, str]] = field(default_factory=list)
    # (row number, the entity cell as written, the entity key it was read as)
    entities: list[tuple[int, str, str]] = field(default_factory=list)
    # The line of each figure's cell, by the loader's name for the figure (``figure:KEY``):
    # the figures are the table's, not the seed's, so the walk of the seed's quotes
    # (``rowquotes``) does not reach them.
    figure_spans: dict[str, Span] = field(default_factory=dict)
    # Where the quotes a seed gives its table's rows stand: each entity cell's line, whole
    # and from "row …" on (what a declaration quotes), found as the lines are written.
    lines: dict[str, Span] = field(default_factory=dict)

    def entity_problems(self, known: Mapping[str, str], declared: set[str]) -> list[SeedError]:
        """A problem for each row whose entity neither the seed nor the database knows."""
        problems = []
        for number, label, key in self.entities:
            if key not in declared and key not in known:
                problems.append(
                    SeedError(
                        self.path,
                        f"row {number} ({label}), column {self.entity_column}",
                        f"unknown entity {label!r}: no document declares {key!r}; declare "
                        "it in [[places]] or [[organisations]], or map it in [table.aliases]",
                    )
                )
        return problems

    def unknown_keys(self, problems: Sequence[SeedError]) -> set[str]:
        """The entity keys ``problems`` (from ``entity_problems``) name."""
        labels = {
            f"row {n} ({label}), column {self.entity_column}": k for n, label, k in self.entities
        }
        return {labels[p.place] for p in problems if p.place in labels}


@dataclass
class TableDocument:
    """A table read with its seed: the seed with the rows its mapping makes, the text, the
    figures as rows with the span of each one's line, and every problem found."""

    seed: SeedFile
    text: str
    figures: list[FigureRow]
    read: TableRead
    problems: list[SeedError]


def table_format(file: str) -> str | None:
    """``csv`` or ``xlsx`` for a table file's name, None for a text."""
    return FORMATS.get(Path(file).suffix.lower())


def read_table_document(seed: SeedFile, raw: bytes, table_path: Path) -> TableDocument:
    """The table document ``seed`` maps, from the file's bytes ``raw`` (read from
    ``table_path``, which problems name)."""
    assert seed.table is not None
    spec, file = seed.table, seed.document.file
    kind = table_format(file) or "csv"
    problems: list[SeedError] = []
    rows = _rows(table_path, raw, kind, spec.sheet, problems)
    read = TableRead(
        table_path, file, kind, spec.sheet, spec.publisher, spec.citation, spec.period,
        max(0, len(rows) - 1), spec.entity_column,
    )  # fmt: skip
    builder = _Builder(seed, spec, read, problems)
    if rows:
        builder.read(rows)
    return TableDocument(builder.seed(), builder.text(), builder.figures, read, problems)


def _rows(
    path: Path, raw: bytes, kind: str, sheet: str | None, problems: list[SeedError]
) -> list[Row]:
    """The file's non-empty rows, the header first."""
    try:
        cells = table_rows(raw, kind, sheet)
    except TableFileError as exc:
        problems.append(SeedError(path, "", str(exc)))
        return []
    rows = [Row(n, c) for n, c in enumerate(cells, 1) if any(x.strip() for x in c)]
    if not rows:
        problems.append(SeedError(path, "row 1", "the table is empty: no header, no rows"))
    return rows


class TableFileError(ValueError):
    """A table file cannot be read as a table at all."""


def table_rows(raw: bytes, kind: str, sheet: str | None = None) -> list[tuple[str, ...]]:
    """Every row of a CSV or XLSX file's bytes, each cell as written (a spreadsheet's as
    shown); ``TableFileError`` when the bytes are no such file."""
    return _csv_rows(raw) if kind == "csv" else _xlsx_rows(raw, sheet)


def _csv_rows(raw: bytes) -> list[tuple[str, ...]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TableFileError(f"not UTF-8 text (byte {exc.start})") from None
    try:
        return [tuple(row) for row in csv.reader(io.StringIO(text, newline=""), strict=True)]
    except csv.Error as exc:
        raise TableFileError(f"not a CSV file: {exc}") from None


def _xlsx_rows(raw: bytes, sheet: str | None) -> list[tuple[str, ...]]:
    """The cells of one sheet as the spreadsheet shows them ("1,066" for 1066 formatted
    with a thousands separator), read with openpyxl (``pip install 'dbtool[xlsx]'``)."""
    try:
        import openpyxl
    except ImportError:
        raise TableFileError(
            "reading an XLSX file needs openpyxl: pip install 'dbtool[xlsx]'"
        ) from None
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not XLSX
        raise TableFileError(f"not an XLSX file: {type(exc).__name__}") from None
    if sheet is not None and sheet not in book.sheetnames:
        raise TableFileError(f"no sheet {sheet!r} (sheets: {', '.join(book.sheetnames)})")
    worksheet = book[sheet] if sheet is not None else book.worksheets[0]
    return [tuple(_shown(c.value, c.number_format) for c in row) for row in worksheet.iter_rows()]


def _shown(value: object, number_format: str) -> str:
    """A spreadsheet cell's value as its number format shows it, roughly: its decimals and
    its thousands separator; a text as written."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value).strip()
    decimals = re.search(r"\.([0#]+)", number_format or "")
    places = len(decimals.group(1)) if decimals else None
    if places is None:
        places = 0 if float(value).is_integer() else len(repr(float(value)).split(".")[1])
    grouped = "," in (number_format or "")
    return f"{value:{',' if grouped else ''}.{places}f}"


def entity_key(label: str) -> str:
    """The key a row's entity cell is read as: "South Africa" is ``south-africa``."""
    ascii_text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def cell_number(text: str) -> tuple[Decimal, int] | None:
    """A cell's number and its count of decimals ("1,066" -> 1066, 0), or None."""
    match = NUMBER.match(_GROUPING.sub(",", text.strip()))
    if match is None:
        return None
    number = Decimal(match["digits"].replace(",", "") + "." + (match["decimals"] or "0"))
    if match["sign"] in ("-", "−"):
        number = -number
    return number, len(match["decimals"] or "")


class _Builder:
    """The lines of a table's text and the seed rows of its mapping, row by row."""

    def __init__(
        self, seed: SeedFile, spec: TableSpec, read: TableRead, problems: list[SeedError]
    ) -> None:
        self.base, self.spec, self.table, self.problems = seed, spec, read, problems
        self.lines: list[str] = []
        self.length = 0
        self.figures: list[FigureRow] = []
        self.mentions: list[MentionSpec] = []
        self.quantities: dict[str, QuantitySpec] = {}
        self.ratios: dict[str, RatioSpec] = {}
        self.members: dict[str, list[str]] = {c.column: [] for c in spec.columns}
        declared = [*seed.places, *seed.organisations]
        self.declared = {e.key for e in declared}
        self.by_name = {e.name.casefold(): e.key for e in declared}
        self.seen: dict[tuple[str, str], int] = {}

    # -- reading ------------------------------------------------------------------

    def read(self, rows: list[Row]) -> None:
        header, *body = rows
        names = [name.strip() for name in header.cells]
        where = self._columns(names, header.number)
        if where is None:
            return
        for row in body:
            self._row(row, names, where)

    def _columns(self, names: list[str], number: int) -> dict[str, int] | None:
        """Each header name's position; None, with a problem each, when one is missing."""
        where: dict[str, int] = {}
        for position, name in enumerate(names):
            if name in where and name:
                self._problem(number, "the header", name, "the header names this column twice")
            where.setdefault(name, position)
        spec = self.spec
        wanted = [spec.entity_column, spec.period_column, *(c.column for c in spec.columns)]
        missing = [name for name in wanted if name is not None and name not in where]
        for name in missing:
            shown = ", ".join(n for n in names if n)
            self._problem(number, "the header", name, f"no such column (the header has {shown})")
        return None if missing else where

    def _row(self, row: Row, names: list[str], where: dict[str, int]) -> None:
        spec = self.spec
        label = _cell(row, where[spec.entity_column])
        if not label:
            self._problem(row.number, "", spec.entity_column, "no entity: the cell is empty")
            return
        period = spec.period or ""
        if spec.period_column is not None:
            period = _cell(row, where[spec.period_column])
            if not self._period_ok(row.number, label, period):
                return
        key = self._entity(label)
        first = self.seen.setdefault((key, period), row.number)
        if first != row.number:
            again = f"{label!r} is in row {first} already"
            if spec.period_column is not None:
                again += f", for {period}"
            self._problem(row.number, label, spec.entity_column, again)
            return
        self.table.entities.append((row.number, label, key))
        shown = f"{label} {period}" if spec.period_column is not None else label
        lines = self._lines(row, names, shown)
        self._mention(key, lines.get(spec.entity_column))
        for column in spec.columns:
            self._figure(row, column, (key, label, shown), period, lines)

    def _period_ok(self, number: int, label: str, period: str) -> bool:
        try:
            parse_period(period)
        except ValueError as exc:
            self._problem(number, label, self.spec.period_column or "", f"not a period: {exc}")
            return False
        return True

    def _entity(self, label: str) -> str:
        """The key of a row's entity: an alias, an entity the seed declares by that name, or
        the label as a key (matched against the database later)."""
        spec = self.spec
        if label in spec.aliases:
            return spec.aliases[label]
        return self.by_name.get(label.casefold()) or entity_key(label)

    def _lines(self, row: Row, names: list[str], shown: str) -> dict[str, Line]:
        """The row's cells as lines of the text, by column."""
        lines = {}
        for position, name in enumerate(names):
            cell = _cell(row, position)
            if not cell or not name:
                continue
            text = f"{self.table.file}, row {shown}, column {name}: {cell}"
            lines[name] = Line(self.length, text, cell)
            self.lines.append(text)
            self.length += len(text) + 1
        return lines

    def _mention(self, key: str, line: Line | None) -> None:
        if line is None:
            return
        tail = line.text[len(self.table.file) + 2 :]  # "row LABEL, column NAME: CELL"
        self.table.lines[line.text] = (line.start, line.end)
        self.table.lines[tail] = (line.end - len(tail), line.end)
        if key not in self.declared:
            self.mentions.append(MentionSpec(entity=key, quote=line.text))

    def _figure(
        self,
        row: Row,
        column: TableColumnSpec,
        entity: tuple[str, str, str],
        period: str,
        lines: dict[str, Line],
    ) -> None:
        """The figure of one cell: its row's entity (key, label, row label), its period."""
        key, label, shown = entity
        quantity = f"{key}-{column.quantity}"
        self._quantity(quantity, column, label)
        line = lines.get(column.column)
        if line is None or line.cell.lower() in NOT_STATED:
            return
        number = cell_number(line.cell)
        if number is None or (number[0] < 0 and not column.signed):
            what = "a negative number in a column not signed" if number else "a number"
            self._problem(row.number, label, column.column, f"cannot read {line.cell!r} as {what}")
            return
        # Named for what it states, like a text's figures: the quantity and the period.
        figure_key = f"{quantity}-{re.sub(r'[^a-z0-9]+', '-', period.lower()).strip('-')}"
        if len(figure_key) > MAX_KEY:
            problem = f"its figure's key is longer than {MAX_KEY} characters: {figure_key}"
            self._problem(row.number, label, column.column, problem)
            return
        cell_span = (line.end - len(line.cell), line.end)
        self.figures.append(
            _figure_row(
                figure_key, line.cell, number, column, key, label, quantity, period, cell_span
            )
        )
        self.table.figure_spans[f"figure:{figure_key}"] = (line.start, line.end)
        self.table.cells.append((figure_key, row.number, shown, column.column))

    def _quantity(self, key: str, column: TableColumnSpec, label: str) -> None:
        if key in self.quantities:
            return
        unit = column.unit_of_cells
        self.quantities[key] = QuantitySpec(
            key=key,
            name=column.name.replace(ENTITY, label),
            measure=column.measure,
            unit=unit.declared,
            flow=column.flow,
            signed=column.signed,
        )
        self.members[column.column].append(key)
        entity = key[: -len(column.quantity) - 1]
        for ratio in self.spec.ratios:
            if ratio.result == column.column:
                self._ratio(entity, label, ratio)

    def _ratio(self, entity: str, label: str, ratio: TableRatioSpec) -> None:
        spec = self.spec
        result, numerator, denominator = (
            f"{entity}-{spec.column(getattr(ratio, end)).quantity}"
            for end in ("result", "numerator", "denominator")
        )
        self.ratios[result] = RatioSpec(
            key=f"{result}-ratio",
            name=f"{label}: {ratio.result} = {ratio.numerator} / {ratio.denominator}",
            result=result,
            numerator=numerator,
            denominator=denominator,
            basis=ratio.basis,
            note=ratio.note,
        )

    def _problem(self, number: int, label: str, column: str, problem: str) -> None:
        row = f"row {number} ({label})" if label else f"row {number}"
        self.problems.append(SeedError(self.table.path, f"{row}, column {column}", problem))

    # -- the results --------------------------------------------------------------

    def text(self) -> str:
        return "\n".join(self.lines) + ("\n" if self.lines else "")

    def seed(self) -> SeedFile:
        """The seed with the rows the mapping makes: quantities, ratios, rankings, mentions."""
        base, spec = self.base, self.spec
        rankings = [
            RankingSpec(
                key=r.key,
                name=r.name,
                measure=spec.column(r.column).measure,
                members=self.members[r.column],
                ascending=r.ascending,
                partial=True,
                complete_in=spec.period if r.complete else None,
            )
            for r in spec.rankings
        ]
        return base.model_copy(
            update={
                "mentions": [*base.mentions, *self.mentions],
                "quantities": [*base.quantities, *self.quantities.values()],
                "ratios": [*base.ratios, *self.ratios.values()],
                "rankings": [*base.rankings, *rankings],
            }
        )


def _cell(row: Row, position: int) -> str:
    return row.cells[position].strip() if position < len(row.cells) else ""


def _figure_row(
    key: str,
    cell: str,
    number: tuple[Decimal, int],
    column: TableColumnSpec,
    subject: str,
    label: str,
    quantity: str,
    period: str,
    span: Span,
) -> FigureRow:
    unit = column.unit_of_cells
    value, decimals = number
    return FigureRow(
        key=key,
        written=cell,
        value=float(value * unit.scale),
        unit=unit.unit,
        qualifier="none",
        precision=None,
        subject=subject,
        metric=column.name.replace(ENTITY, label),
        period=period or None,
        base_period=None,
        direction=None,
        measure=column.measure,
        measure_basis="stated",
        quantity=quantity,
        whole=None,
        ranking=None,
        note=None,
        reviewed=True,
        revises=None,
        written_start=span[0],
        written_end=span[1],
        last_digit=float(Decimal(10) ** -decimals * unit.scale),
        scaled=unit.scale != 1,
    )
