"""Tables inside a release: a header of column names over rows of a label and numbers.

Statistics bulletins and Kimberley Process summaries set their figures out as
plain-text tables, aligned with spaces or drawn with pipes::

    Table 1: Diamond exports by destination, first quarter 2017
    Destination              Carats ('000)   Value (BWP million)   BWP per carat
    Belgium                          2,412              7,836.4            3,249
    ...
    Total                            4,900             13,191.4            2,692

Read as prose, each cell is a bare number ("2,412", a count). Here the header
gives every cell of its column a unit and a scale (:func:`column_unit`, the
table seeds' own reading), the label names the row's part ("to Belgium" in a
table by destination, the mine or source otherwise), and the title names the
flow. A "Total" row is the sum of the rows above it, column by column (not
the prices: a price is no sum), and a row with a value, a volume and a price
relates the three. A table whose header names periods ("| Item | 2017 |
2016 |") holds items by period: each cell is of its column's period, in the
unit its title names ("Financial summary (NAD million)"). A table this module
cannot read whole (a header with another number of columns than its rows) is
left to the prose reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from dbtool.core.columnunits import ColumnUnit, column_unit
from dbtool.core.periods import Period, PeriodError, parse_period
from dbtool.core.units import dimension
from dbtool.draft.found import FoundNumber

if TYPE_CHECKING:
    from dbtool.draft.plans import DatingPlan

# What parts cells: two or more spaces, a tab, a pipe.
_GAP = re.compile(r"[ \t]*\|[ \t]*| {2,}|\t+")
_NUMERIC = re.compile(r"[-–−+]?\(?[\d][\d,.\s]*\)?%?|[-–—]|n/?a|\.\.", re.I)
_SEPARATOR = re.compile(r"^[\s|:+=-]{3,}$")
_THOUSANDS = re.compile(r"\(?'?000s?'?\)?|\bthousands?\b", re.I)
_TOTAL = re.compile(r"^(?:total|all|grand\s+total|sum)\b", re.I)
# "Total, seven", "Total of the above", "Top 10 total", "Subtotal": the sum of the rows
# listed, which the table says are not all there is
_LISTED_TOTAL = re.compile(
    r"\b(?:sub-?total|top\s+\w+|above|listed|shown|these|two|three|four|five|six|seven|eight|"
    r"nine|ten|eleven|twelve|\d+)\b",
    re.I,
)
# "y/y", "% change", "Chg": a column of the changes between the table's two period columns
_CHANGE_HEADER = re.compile(
    r"%?\s*(?:y/y|y-o-y|yoy|y-y|change|chg\.?|var\.?|growth)\s*(?:\(?%\)?)?", re.I
)
# "Polished exports (USD bn)": a row's own unit, in brackets at the end of its label
_ROW_UNIT = re.compile(r"\((?P<unit>[^()]+)\)\s*$")
# What the rows of a table are parts of the flow by: where it went, where it came from.
_TO = re.compile(r"\bdestinations?\b|\bexport\s+markets?\b|\bby\s+market\b", re.I)
_FROM = re.compile(r"\borigins?\b|\bsources?\s+countr(?:y|ies)\b|\bsuppliers?\b", re.I)


@dataclass
class TableRow:
    """One line of numbers: its label and, by column, the number in each cell."""

    label: str
    start: int
    end: int
    cells: list[FoundNumber | None]
    unit: ColumnUnit | None = None  # "Polished exports (USD bn)": in a table of periods

    @property
    def item(self) -> str:
        """The label without its unit: "Polished exports"."""
        return _ROW_UNIT.sub("", self.label).strip() if self.unit is not None else self.label

    @property
    def total(self) -> bool:
        return bool(_TOTAL.match(self.label)) and not self.listed_total

    @property
    def listed_total(self) -> bool:
        """ "Total, seven": the sum of the rows above, a group of its own, not the whole."""
        return bool(_TOTAL.search(self.label) or "total" in self.label.lower()) and bool(
            _LISTED_TOTAL.search(self.label)
        )


@dataclass
class TextTable:
    """A table of the text: its title line (may be empty), column names and rows."""

    title: str
    start: int
    end: int
    label_header: str
    columns: list[str]
    units: list[ColumnUnit | None]
    rows: list[TableRow]
    # each column's period, when the header names periods ("2017", "Q3 2022"): the rows are
    # then items (the unit in the title: "Financial summary (NAD million)")
    periods: list[Period | None] = field(default_factory=list)

    @property
    def direction(self) -> str | None:
        """ "to" for a table by destination, "from" by origin, else None."""
        said = f"{self.title} {self.label_header}"
        if _TO.search(said):
            return "to"
        if _FROM.search(said):
            return "from"
        return None


def _cells(line: str, offset: int) -> list[tuple[int, int, str]]:
    """The cells of a line, with where each starts and ends in the text."""
    found, at = [], 0
    for gap in [*_GAP.finditer(line), None]:
        end = gap.start() if gap else len(line)
        cell = line[at:end]
        if cell.strip():
            lead = len(cell) - len(cell.lstrip())
            found.append((offset + at + lead, offset + at + len(cell.rstrip()), cell.strip()))
        at = gap.end() if gap else len(line)
    return found


def _is_numeric(cell: str) -> bool:
    return bool(_NUMERIC.fullmatch(cell.strip()))


def _unit(header: str) -> ColumnUnit | None:
    """The column's unit; "Carats ('000)" is thousands of carats."""
    spelled = _THOUSANDS.sub(" thousand ", header)
    return column_unit(spelled)


def find_tables(text: str, numbers: list[FoundNumber]) -> tuple[list[FoundNumber], list[TextTable]]:
    """The tables of ``text``, and its numbers with every table cell in its column's unit."""
    by_start = {n.start: n for n in numbers}
    lines: list[tuple[int, str]] = []
    at = 0
    for line in text.split("\n"):
        lines.append((at, line))
        at += len(line) + 1
    tables: list[TextTable] = []
    index = 0
    while index < len(lines):
        table, index = _table_at(lines, index, by_start)
        if table is not None:
            tables.append(table)
    if not tables:
        return numbers, []
    changed: dict[int, FoundNumber] = {}
    for table in tables:
        for row in table.rows:
            for column, number in enumerate(row.cells):
                unit = table.units[column]
                if table.periods and table.periods[column] is not None and row.unit is not None:
                    unit = row.unit
                if number is None or unit is None or number.unit not in ("number", "count"):
                    continue
                moved = replace(
                    number,
                    unit=unit.unit,
                    value=_scaled(number.value, unit),
                    precision=_scaled(_half_digit(number.written), unit),
                    scale=float(unit.scale) if unit.scale != 1 else number.scale,
                    kind="amount",
                    note=f"unit from the column {table.columns[column]!r}",
                )
                row.cells[column] = moved
                changed[id(number)] = moved
    return [changed.get(id(n), n) for n in numbers], tables


def _half_digit(written: str) -> float:
    """Half a unit of the last digit written: a table's "2,412" is 2,411.5 to 2,412.5 (a
    count in prose is exact; a cell of carats or dollars is rounded)."""
    decimals = written.split(".", 1)[1] if "." in written else ""
    return float(Decimal(5) * Decimal(10) ** -(len(re.sub(r"\D", "", decimals)) + 1))


def _scaled(value: float, unit: ColumnUnit) -> float:
    """``value`` times the column's scale, in decimal (2,104.7 million is 2104700000)."""
    return float(Decimal(repr(value)) * unit.scale)


def _table_at(
    lines: list[tuple[int, str]], index: int, by_start: dict[int, FoundNumber]
) -> tuple[TextTable | None, int]:
    """The table whose header is line ``index``, and the line after it (or the next line)."""
    offset, line = lines[index]
    header = _cells(line, offset)
    if (
        len(header) < 2
        or _SEPARATOR.match(line)
        or any(_is_numeric(c[2]) and _period(c[2]) is None for c in header[1:])
    ):
        return None, index + 1
    following = index + 1
    if following < len(lines) and _SEPARATOR.match(lines[following][1]):
        following += 1  # "|---|---|" under a drawn header
    rows: list[TableRow] = []
    while following < len(lines):
        row_offset, row_line = lines[following]
        cells = _cells(row_line, row_offset)
        if (
            len(cells) < 2
            or _is_numeric(cells[0][2])
            or not all(_is_numeric(c[2]) for c in cells[1:])
        ):
            break
        rows.append(_row(cells, by_start))
        following += 1
    if len(rows) < 2:
        return None, index + 1
    width = len(rows[0].cells)
    if any(len(r.cells) != width for r in rows):
        return None, following
    names = [c[2] for c in header]
    if len(names) == width + 1:
        label_header, columns = names[0], names[1:]
    elif len(names) == width:  # no name over the labels
        label_header, columns = "", names
    else:
        return None, following
    head = index
    stacked = _stacked_header(lines, index, width)
    if stacked is not None:  # "Ore processed  Grade" over "(000 t)  (cpt)": one header
        label_header = label_header or stacked[0]
        columns = [f"{name} {unit}" for name, unit in zip(stacked[1], columns, strict=True)]
        head = index - 1
        offset = lines[head][0]
    title, start = "", offset
    above = head - 1 if head > 0 and lines[head - 1][1].strip() else head - 2
    if above >= 0 and lines[above][1].strip() and not _cells(lines[above][1], 0)[1:]:
        title, start = lines[above][1].strip(), lines[above][0]  # "Financial summary (…)"
    end = rows[-1].end
    periods: list[Period | None] = [_period(c) for c in columns]
    changes = [
        p is None and bool(_CHANGE_HEADER.fullmatch(c.strip()))
        for p, c in zip(periods, columns, strict=True)
    ]
    if any(periods) and all(p or c for p, c in zip(periods, changes, strict=True)):
        # "| Item | 2017 | 2016 |": one unit for all, from the title's words, or a row's own
        # ("Polished exports (USD bn)"); a "y/y" column holds changes, in no unit
        unit = _unit(title)
        units = [
            None if changed or unit is None or unit.unit == "count" else unit for changed in changes
        ]
        for row in rows:
            own = _ROW_UNIT.search(row.label)
            unit = _unit(own["unit"]) if own else None  # not "(ore and waste)": no count
            row.unit = unit if unit is not None and unit.unit != "count" else None
    else:
        periods, units = [], [_unit(c) for c in columns]
    table = TextTable(title, start, end, label_header, columns, units, rows, periods)
    return table, following


# "FY 2019", "FY2019", "FY19", "F2019": a fiscal year, whose months the text's calendar says
_FISCAL_HEADER = re.compile(r"(?:FY|F)\s?(?P<year>(?:19|20)\d\d|\d\d)", re.I)


def _stacked_header(
    lines: list[tuple[int, str]], index: int, width: int
) -> tuple[str, list[str]] | None:
    """The names on the line above a header of units, when that line names each column
    (and perhaps the labels): its label name and column names."""
    if index == 0 or not lines[index - 1][1].strip():
        return None
    above = [c[2] for c in _cells(lines[index - 1][1], lines[index - 1][0])]
    if any(_is_numeric(name) for name in above):
        return None
    if len(above) == width + 1:
        return above[0], above[1:]
    if len(above) == width:
        return "", above
    return None


_PERIOD_HEADER = re.compile(
    r"(?:(?P<part>Q[1-4]|H[12])\s*)?(?P<year>(?:19|20)\d\d)|(?P<year2>(?:19|20)\d\d)\s*"
    r"(?P<part2>Q[1-4]|H[12])",
    re.I,
)


def _period(header: str) -> Period | None:
    """The period a column's header names: "2017", "Q3 2022", "H1 2019", "2019 Q3"; "FY 2019"
    as the calendar year, until ``date_cells`` reads it in the text's fiscal calendar."""
    fiscal = _FISCAL_HEADER.fullmatch(header.strip())
    if fiscal is not None:
        year = int(fiscal["year"])
        return parse_period(str(year + 2000 if year < 100 else year))
    match = _PERIOD_HEADER.fullmatch(header.strip())
    if match is None:
        return None
    year = match["year"] or match["year2"]
    part = (match["part"] or match["part2"] or "").upper()
    try:
        return parse_period(f"{year}-{part}" if part else year)
    except PeriodError:
        return None


def _row(cells: list[tuple[int, int, str]], by_start: dict[int, FoundNumber]) -> TableRow:
    label = cells[0]
    numbers = []
    for start, end, _text in cells[1:]:
        found = next((by_start[at] for at in range(start, end) if at in by_start), None)
        numbers.append(found)
    return TableRow(label[2], label[0], cells[-1][1], numbers)


RATIO = ("value", "volume", "price")


def column_kind(unit: ColumnUnit | None) -> str | None:
    """What a column measures: "value", "volume", "price", or None (a count, a share)."""
    if unit is None:
        return None
    if "_per_carat" in unit.unit:
        return "price"
    if unit.unit == "carat":
        return "volume"
    return "value" if dimension(unit.unit).startswith("money") else None


def date_cells(plan: DatingPlan, tables: list[TextTable]) -> None:
    """A cell of a table whose columns are periods ("| Item | 2017 | 2016 |") is of its
    column's period, whatever the prose around it talks about."""
    for table in tables:
        if not table.periods:
            continue
        fiscal = [bool(_FISCAL_HEADER.fullmatch(c.strip())) for c in table.columns]
        if any(fiscal):  # "FY 2019" in a text whose year ends in June: July 2018–June 2019
            table.periods = [
                plan.calendar.fiscal_year(p.end.year) if p is not None and f else p
                for p, f in zip(table.periods, fiscal, strict=True)
            ]
        dated = sorted((p for p in table.periods if p is not None), key=lambda p: p.start)
        for row in table.rows:
            for column, number in enumerate(row.cells):
                planned = plan.of(number) if number is not None else None
                if planned is None:
                    continue
                period = table.periods[column]
                if period is None and len(dated) == 2:  # "y/y": the later on the earlier
                    planned.period, planned.base = dated[1], dated[0]
                    planned.notes = [f"period: the column {table.columns[column]!r}, the change"]
                elif period is not None:
                    planned.period = period
                    planned.notes = [f"period: the column {table.columns[column]!r}"]
