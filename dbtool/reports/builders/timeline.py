"""The timeline report: a quantity's levels by period, stated and derived, one series per
length of period.

``--entity alrosa`` shows every quantity the entity's figures state; ``--quantity``
one quantity (each takes a key, a name or an alias). Beside the stated figures
stand the levels the latest check run derived for periods no document states
(August 2018 from two year-to-date totals), marked "derived". A series holds
periods of one length: months, quarters, half-years, years, and year-to-date
totals (January to a month) apart; other spans are listed last. In Markdown each
series of two periods or more gets a Mermaid ``xychart-beta`` line chart of the
midpoints, with one place on its axis for every period between the first and
the last, so that the line is spaced by date.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from dbtool.core.findingkeys import variables
from dbtool.core.periods import SERIES, Period, PeriodError, parse_period, series_of
from dbtool.db.reader import Reader, Row, in_run
from dbtool.display import SCALES, format_period
from dbtool.errors import UsageError
from dbtool.reports.builders import (
    flags,
    in_document,
    iso_date,
    placeholders,
    scope,
    source_line,
)
from dbtool.reports.builders.checks import latest_run_id
from dbtool.reports.keys import resolve_entity, resolve_quantity
from dbtool.reports.model import Column, Report, Section

# The dated levels a timeline shows, of the report's entity, quantity or document. The
# unary plus keeps SQLite from reading a few quantities' figures through the index of
# whole_id (NULL for nearly every figure) instead of the quantities' own: 60 ms, not 0.2.
IN_SCOPE = f"""
FROM figures f
JOIN quantities qt ON qt.id = f.quantity_id
JOIN quotes q ON q.id = f.quote_id
JOIN documents d ON d.id = q.document_id
JOIN entities e ON e.id = f.subject_id
WHERE f.period_start IS NOT NULL AND f.base_period IS NULL AND +f.whole_id IS NULL
  AND (CAST(:entity AS VARCHAR(100)) IS NULL OR e.key = :entity)
  AND (CAST(:quantity AS VARCHAR(100)) IS NULL OR qt.key = :quantity)
  AND {in_document("d.slug")}
"""
KEYS_SQL = f"SELECT DISTINCT qt.key, qt.name {IN_SCOPE}"
TIMELINE_SQL = f"""
SELECT qt.key AS quantity, qt.name AS quantity_name, f.key, f.written, f.value, f.unit,
       f.low, f.high, f.low_inclusive, f.high_inclusive, f.period_start, f.period_end,
       d.slug AS document, e.key AS subject, q.text AS quote
{IN_SCOPE}  AND qt.key IN ({{keys}})
ORDER BY qt.key, f.period_start, f.period_end, d.published_on, d.slug, f.key
"""
DERIVED_KEYS_SQL = f"""
SELECT d.id, d.key FROM derived_quantities d JOIN check_results r ON r.id = d.result_id
WHERE {in_run()}
"""
DERIVED_SQL = """
SELECT d.key, d.low, d.high, d.low_inclusive, d.high_inclusive, d.unit, d.formula
FROM derived_quantities d JOIN check_results r ON r.id = d.result_id
WHERE d.id IN ({ids})
ORDER BY r.position, r.key, d.id
"""
# Quantities read in one query: few enough for any database's limit on parameters.
BATCH = 200
STEP = {"month": 1, "quarter": 3, "half-year": 6, "year": 12, "year to date": 1}
COLUMNS = [
    Column("period", "Period"),
    Column("written", "As written"),
    Column("interval", "Interval", "interval"),
    Column("document", "Document"),
    Column("quote", "Source", "quote", wide=True),
    Column("key", "Id", wide=True),
]
FIELDS = [
    "quantity",
    "series",
    "period_start",
    "period_end",
    "key",
    "written",
    "derived",
    "value",
    "unit",
    "low",
    "high",
    "low_inclusive",
    "high_inclusive",
    "document",
]


def _day(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(iso_date(value))


def _row(row: Row, derived: bool) -> Row:
    start, end = _day(row["period_start"]), _day(row["period_end"])
    return {
        **row,
        "period": format_period(start, end),
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "series": series_of(start, end),
        "derived": derived,
    }


class Levels:
    """The levels the timeline shows, stated and derived, read a few quantities at a time.

    ``keys`` are the quantities with a dated figure in the report's scope (an entity,
    a quantity, a document), in order, and ``names`` their names. :meth:`rows` reads
    the levels of some of them, so that a report over a million figures holds a few
    quantities' levels at a time, not the database's (issue 25). The one thing kept for
    the whole report is which of the latest run's derived quantities are a level of
    which quantity (their ids): the quantity is written inside a derived quantity's key,
    which SQL cannot index.
    """

    def __init__(
        self, reader: Reader, entity: str | None, quantity: str | None, document: str | None
    ) -> None:
        self.reader = reader
        self.params = {"entity": entity, "quantity": quantity, **scope(document)}
        self.names = {r["key"]: r["name"] for r in reader.rows(KEYS_SQL, self.params)}
        self.keys = sorted(self.names)
        self.derived = self._derived_levels() if self.keys else {}

    def _derived_levels(self) -> dict[str, array[int]]:
        """The ids of the latest run's derived levels (one quantity, one period of a
        series), by quantity."""
        run = latest_run_id(self.reader)
        if run is None:
            return {}
        ids: dict[str, array[int]] = {}
        for found in self.reader.stream(DERIVED_KEYS_SQL, {"run": run}):
            level = _level(found["key"])
            if level is not None:
                ids.setdefault(level[0], array("q")).append(found["id"])
        return ids

    def rows(self, keys: Sequence[str]) -> list[Row]:
        """The stated levels of ``keys`` in the report's scope, then the levels the
        latest run derived for those of them with a stated one, in periods none states."""
        stated = []
        for start in range(0, len(keys), BATCH):
            marks, params = placeholders(keys[start : start + BATCH])
            stated += [
                _row(flags(r, "low_inclusive", "high_inclusive"), False)
                for r in self.reader.rows(TIMELINE_SQL.format(keys=marks), self.params | params)
            ]
        names = {r["quantity"]: r["quantity_name"] for r in stated}
        ids = [i for key in names for i in self.derived.get(key, ())]
        known = {(r["quantity"], r["period_start"], r["period_end"]) for r in stated}
        return stated + self._derived_rows(ids, names, known)

    def _derived_rows(
        self, ids: list[int], names: dict[str, str], stated: set[tuple[str, str, str]]
    ) -> list[Row]:
        """The derived levels ``ids`` in periods no figure states; two derivations of one
        level meet in the narrower."""
        levels: dict[tuple[str, str, str], Row] = {}
        for start in range(0, len(ids), BATCH * 5):
            marks = ", ".join(map(str, ids[start : start + BATCH * 5]))
            for found in self.reader.rows(DERIVED_SQL.format(ids=marks)):
                level = _level(found["key"])
                if level is None or found["low"] is None:
                    continue
                quantity, period = level
                where = (quantity, period.start.isoformat(), period.end.isoformat())
                if where in stated:
                    continue
                row = flags(found, "low_inclusive", "high_inclusive")
                earlier = levels.get(where)
                if (
                    earlier is not None
                    and earlier["high"] is not None
                    and (
                        row["high"] is None
                        or earlier["high"] - earlier["low"] < row["high"] - row["low"]
                    )
                ):
                    continue
                levels[where] = _row(
                    {
                        **row,
                        "quantity": quantity,
                        "quantity_name": names[quantity],
                        "written": "derived",
                        "value": None,
                        "document": "",
                        "quote": row["formula"],
                        "period_start": period.start,
                        "period_end": period.end,
                    },
                    True,
                )
        return list(levels.values())


def _level(key: str) -> tuple[str, Period] | None:
    """The quantity and period a derived quantity's key names, if it is a level (not a
    change, nor a share) of one period of a series."""
    named = variables(key)
    level = named[0] if len(named) == 1 else None
    if level is None or level.base is not None or level.whole is not None or level.period is None:
        return None
    try:
        period = parse_period(level.period)
    except PeriodError:
        return None
    if series_of(period.start, period.end) == "other span":
        return None
    return level.quantity, period


def _categories(kind: str, first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Every period of a series from the one ending at ``first`` to the one ending at ``last``."""
    step = STEP[kind]
    spans = []
    end_month = first.year * 12 + first.month - 1
    while end_month <= last.year * 12 + last.month - 1:
        year, month = divmod(end_month, 12)
        end = _month_end(year, month + 1)
        start = dt.date(year, 1, 1) if kind == "year to date" else _shift(end, step)
        spans.append((start, end))
        end_month += step
    return spans


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _shift(end: dt.date, months: int) -> dt.date:
    first = end.year * 12 + end.month - months
    return dt.date(first // 12, first % 12 + 1, 1)


def _chart(title: str, kind: str, rows: list[Row]) -> str | None:
    """A Mermaid line chart of a series' midpoints, one axis place per period between the
    first and the last, the line straight across periods no figure gives."""
    points = {
        _day(r["period_end"]): (r["low"] + r["high"]) / 2
        for r in rows
        if r["low"] is not None and r["high"] is not None
    }
    if kind not in STEP or len(points) < 2:
        return None
    spans = _categories(kind, min(points), max(points))
    known = sorted(points.items())
    values = []
    for _, end in spans:
        before = max((p for p in known if p[0] <= end), key=lambda p: p[0])
        after = min((p for p in known if p[0] >= end), key=lambda p: p[0])
        if before[0] == after[0]:
            values.append(before[1])
        else:
            share = (end - before[0]).days / (after[0] - before[0]).days
            values.append(before[1] + share * (after[1] - before[1]))
    top = max(abs(v) for v in values)
    unit = rows[0]["unit"]
    scale, suffix = next(((s, f"{unit} {x}") for s, x in SCALES if top >= s), (1.0, unit))
    labels = ", ".join(f'"{format_period(start, end)}"' for start, end in spans)
    line = ", ".join(f"{v / scale:.6g}" for v in values)
    return "\n".join(
        [
            "```mermaid",
            "xychart-beta",
            f'    title "{title.replace(chr(34), chr(39))}"',
            f"    x-axis [{labels}]",
            f'    y-axis "{suffix}"',
            f"    line [{line}]",
            "```",
        ]
    )


def _sections(rows: Iterable[Row]) -> list[Section]:
    """A section per quantity and series; year-to-date totals one per year (they start
    again each January)."""
    grouped: dict[tuple[str, int, str], list[Row]] = {}
    for row in rows:
        year = row["period_start"][:4] if row["series"] == "year to date" else ""
        grouped.setdefault((row["quantity"], SERIES.index(row["series"]), year), []).append(row)
    sections = []
    for (_, kind_index, year), group in sorted(grouped.items()):
        group.sort(key=lambda r: (r["period_start"], r["period_end"], r["derived"], r["document"]))
        kind = SERIES[kind_index]
        title = f"{group[0]['quantity_name']}: by {kind}" + (f", {year}" if year else "")
        sections.append(
            Section(title, COLUMNS, group, fields=FIELDS, markdown=_chart(title, kind, group))
        )
    return sections


def _streamed(levels: Levels) -> Iterator[Section]:
    """The sections of :func:`_sections`, a few quantities at a time, in the same order."""
    for start in range(0, len(levels.keys), BATCH):
        yield from _sections(levels.rows(levels.keys[start : start + BATCH]))


def build(
    reader: Reader,
    entity: str | None = None,
    quantity: str | None = None,
    document: str | None = None,
) -> Report:
    """The timeline report: a section per quantity and length of period, in period order.

    Only levels (no changes, no shares). An ``entity`` or ``quantity`` is named by its
    key, name or alias; one with no dated figure is a usage error, not an empty report.
    Its sections are read as they are rendered, a few quantities at a time.
    """
    entity = resolve_entity(reader, entity) if entity else None
    quantity = resolve_quantity(reader, quantity) if quantity else None
    levels = Levels(reader, entity, quantity, document)
    if not levels.keys and (entity or quantity):
        what = f"entity {entity!r}" if entity else f"quantity {quantity!r}"
        raise UsageError(f"no dated figures for {what} (see `dbtool report figures`)")
    subject = entity or quantity or "every quantity"
    return Report(
        name="timeline",
        title=f"Timeline: {subject}",
        source=source_line(reader, document),
        sections=_streamed(levels)
        if levels.keys
        else [Section("Figures by period", [], [], intro="No figure states a period.")],
        fields=FIELDS,
    )
