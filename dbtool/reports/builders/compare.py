"""The compare report: year on year, month on month, and the mix of a total's parts.

Levels are the ones the timeline shows; the change is computed from them (“Change”),
beside the change a document states for the same periods (“Stated”).

It reads the levels the timeline shows, stated and derived, one per quantity and
period (where several documents or derivations give one, the values they all
allow), and divides them with the checks' interval arithmetic, so a change is
the range the figures' rounding leaves open, never a single number. Beside a
computed change stands the change a document states for the same periods, if one
does.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from dbtool.core.intervals import Interval
from dbtool.core.periods import series_of
from dbtool.db.reader import Reader, Row
from dbtool.display import format_period
from dbtool.reports.builders import iso_date, placeholders, source_line
from dbtool.reports.builders.timeline import Levels
from dbtool.reports.keys import resolve_entity, resolve_quantity
from dbtool.reports.model import Column, Report, Section

STATED_CHANGES_SQL = """
SELECT qt.key AS quantity, f.low, f.high, f.low_inclusive, f.high_inclusive, f.period_start,
       f.period_end, f.base_period_start, f.base_period_end
FROM figures f JOIN quantities qt ON qt.id = f.quantity_id
WHERE f.base_period_start IS NOT NULL AND f.unit = 'percent' AND qt.key IN ({keys})
ORDER BY f.id
"""
PARTS_SQL = """
SELECT s.key AS sum_key, t.key AS total, p.key AS part, p.name AS part_name
FROM sums s JOIN quantities t ON t.id = s.total_id
JOIN sum_terms st ON st.sum_id = s.id JOIN quantities p ON p.id = st.quantity_id
WHERE NOT EXISTS (SELECT 1 FROM sum_terms neg WHERE neg.sum_id = s.id AND neg.sign < 0)
  AND t.key IN ({keys})
ORDER BY t.key, p.key
"""
TOTALS_SQL = """
SELECT DISTINCT t.key FROM sums s JOIN quantities t ON t.id = s.total_id
WHERE EXISTS (SELECT 1 FROM sum_terms st WHERE st.sum_id = s.id)
  AND NOT EXISTS (SELECT 1 FROM sum_terms neg WHERE neg.sum_id = s.id AND neg.sign < 0)
"""
Where = tuple[str, dt.date, dt.date]  # quantity, period start, period end


def _interval(row: Row) -> Interval:
    return Interval.from_bounds(
        row["low"], row["high"], bool(row["low_inclusive"]), bool(row["high_inclusive"])
    )


def levels(rows: Iterable[Row]) -> tuple[dict[Where, Interval], dict[str, tuple[str, str]]]:
    """One interval per quantity and period: what every figure and derivation of it allows;
    and each quantity's name and unit."""
    found: dict[Where, Interval] = {}
    names: dict[str, tuple[str, str]] = {}
    for row in rows:
        if row["low"] is None and row["high"] is None:
            continue
        where = (row["quantity"], _day(row["period_start"]), _day(row["period_end"]))
        names[row["quantity"]] = (row["quantity_name"], row["unit"])
        earlier = found.get(where)
        both = _interval(row) if earlier is None else earlier.intersection(_interval(row))
        found[where] = both if both is not None else earlier  # disagreeing: the checks say so
    return found, names


def _day(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(iso_date(value))


def _year_before(day: dt.date, end: bool) -> dt.date:
    if end and (day + dt.timedelta(days=1)).day == 1:  # a month's last day stays one
        return (day.replace(day=1, year=day.year - 1) + dt.timedelta(days=32)).replace(
            day=1
        ) - dt.timedelta(days=1)
    return day.replace(year=day.year - 1)


def _month_before(start: dt.date) -> tuple[dt.date, dt.date]:
    end = start - dt.timedelta(days=1)
    return end.replace(day=1), end


def _change(now: Interval, before: Interval) -> Interval | None:
    if not before.low > 0:
        return None  # a change from a level that may be zero or negative says nothing
    return (now / before - 1) * 100


def _spell(interval: Interval | None, unit: str, prefix: str = "") -> dict[str, Any]:
    """An interval as a row's fields: ``low``, ``high``, the flags and the unit, prefixed."""
    low, high = (None, None) if interval is None else interval.bounds()
    return {
        prefix + "low": low,
        prefix + "high": high,
        prefix + "low_inclusive": None if interval is None else interval.low_inclusive,
        prefix + "high_inclusive": None if interval is None else interval.high_inclusive,
        prefix + "unit": unit,
    }


def changes(
    found: dict[Where, Interval],
    names: dict[str, tuple[str, str]],
    stated: dict[tuple[str, dt.date, dt.date, dt.date, dt.date], Interval],
    monthly: bool,
) -> list[Row]:
    """Each level beside the one a year (``monthly``: a month) before, and the change."""
    rows = []
    for (quantity, start, end), now in sorted(found.items()):
        kind = series_of(start, end)
        if monthly and kind != "month":
            continue
        if monthly:
            base_start, base_end = _month_before(start)
        elif kind == "other span":
            continue
        else:
            base_start, base_end = _year_before(start, False), _year_before(end, True)
        before = found.get((quantity, base_start, base_end))
        if before is None:
            continue
        name, unit = names[quantity]
        change = _change(now, before)
        rows.append(
            {
                "quantity": quantity,
                "quantity_name": name,
                "period": format_period(start, end),
                "period_start": start,
                "period_end": end,
                **_spell(now, unit, "level_"),
                **_spell(before, unit, "before_"),
                **_spell(change, "percent"),
                **_spell(
                    stated.get((quantity, start, end, base_start, base_end)), "percent", "stated_"
                ),
            }
        )
    return rows


def mix(
    parts: dict[str, dict[str, str]],
    found: dict[Where, Interval],
    names: dict[str, tuple[str, str]],
) -> list[Row]:
    """For each total whose parts add up (rough and polished), each part's share of it in
    every period where the total and the part are known."""
    rows = []
    for (quantity, start, end), total in sorted(found.items()):
        if quantity not in parts or not total.low > 0:
            continue
        for part, part_name in parts[quantity].items():
            level = found.get((part, start, end))
            if level is None:
                continue
            unit = names[quantity][1]
            rows.append(
                {
                    "quantity": quantity,
                    "quantity_name": names[quantity][0],
                    "part": part,
                    "part_name": part_name,
                    "period": format_period(start, end),
                    "period_start": start,
                    "period_end": end,
                    **_spell(level, unit, "level_"),
                    **_spell(level / total * 100, "percent"),
                }
            )
    return rows


def _stated_changes(
    reader: Reader, keys: Sequence[str]
) -> dict[tuple[str, dt.date, dt.date, dt.date, dt.date], Interval]:
    """The changes documents state of the quantities ``keys``, by quantity, period and base
    period (of two for the same periods, the later figure's)."""
    marks, params = placeholders(keys)
    return {
        (
            r["quantity"],
            _day(r["period_start"]),
            _day(r["period_end"]),
            _day(r["base_period_start"]),
            _day(r["base_period_end"]),
        ): _interval(r)
        for r in reader.rows(STATED_CHANGES_SQL.format(keys=marks), params)
    }


def _parts(reader: Reader, totals: Sequence[str]) -> dict[str, dict[str, str]]:
    """The parts of each of the ``totals`` whose parts add up, with their names."""
    marks, params = placeholders(totals)
    parts: dict[str, dict[str, str]] = {}
    for row in reader.rows(PARTS_SQL.format(keys=marks), params):
        parts.setdefault(row["total"], {})[row["part"]] = row["part_name"]
    return parts


CHANGE_COLUMNS = [
    Column("period", "Period"),
    Column("level", "Level", "interval", prefix="level_"),
    Column("before", "Before", "interval", prefix="before_"),
    Column("interval", "Change", "interval"),
    Column("stated", "Stated", "interval", prefix="stated_"),
]
MIX_COLUMNS = [
    Column("period", "Period"),
    Column("part_name", "Part", width=36),
    Column("level", "Level", "interval", prefix="level_"),
    Column("interval", "Share of total", "interval"),
]
INTERVAL = ("low", "high", "low_inclusive", "high_inclusive")
CHANGE_FIELDS = [
    "quantity",
    "period_start",
    "period_end",
    *(f"level_{k}" for k in INTERVAL),
    *(f"before_{k}" for k in INTERVAL),
    *INTERVAL,
    *(f"stated_{k}" for k in INTERVAL),
]
MIX_FIELDS = [
    "quantity",
    "part",
    "period_start",
    "period_end",
    *(f"level_{k}" for k in INTERVAL),
    *INTERVAL,
]


def _by_name(
    title: str,
    keys: list[str],
    names: dict[str, str],
    rows_of: Callable[[list[str]], list[Row]],
    columns: list[Column],
    fields: list[str],
    intro: str,
) -> Iterator[Section]:
    """A section per quantity name (its name in the title) with the rows of every quantity
    of that name, in key order, placed where the first of them with a row is; or one
    saying there is none.

    Built as they are read (issue 25): the quantities one by one in key order, and with
    the first of a name that has rows, every later one of its name, so that a section
    is read whole and nothing more is held.
    """
    of_name: dict[str, list[str]] = {}
    for key in keys:
        of_name.setdefault(names[key], []).append(key)
    done: set[str] = set()  # read with an earlier one of their name
    empty = True
    for key in keys:
        if key in done:
            continue
        rows = rows_of([key])
        if not rows:
            continue
        later = [other for other in of_name[names[key]] if other > key]
        done.update(later)
        if later:
            rows += rows_of(later)
        yield Section(f"{title}: {names[key]}", columns, rows, fields=fields)
        empty = False
    if empty:
        yield Section(title, columns, [], intro=intro, fields=fields)


def build(
    reader: Reader,
    entity: str | None = None,
    quantity: str | None = None,
    document: str | None = None,
) -> Report:
    """Year-on-year and month-on-month changes, and the mix of each total's parts, over the
    levels of the timeline (every quantity, or an entity's, or one): a section per quantity
    name, each read from the database as the one before has been written."""
    entity = resolve_entity(reader, entity) if entity else None
    quantity = resolve_quantity(reader, quantity) if quantity else None
    source = Levels(reader, entity, quantity, document)

    # The quantities with a level of one month, seen in the year-on-year pass: the only
    # ones the month-on-month pass, which comes after it, needs to read again.
    monthly_keys: set[str] = set()

    def changes_of(keys: list[str], monthly: bool) -> list[Row]:
        if monthly and monthly_keys.isdisjoint(keys):
            return []
        found, names = levels(source.rows(keys))
        if not monthly:
            monthly_keys.update(q for q, start, end in found if series_of(start, end) == "month")
        return changes(found, names, _stated_changes(reader, keys), monthly)

    def mix_of(totals: list[str]) -> list[Row]:
        parts = _parts(reader, totals)
        wanted = sorted({*totals, *(part for named in parts.values() for part in named)})
        return mix(parts, *levels(source.rows(wanted)))

    totals = sorted(r["key"] for r in reader.rows(TOTALS_SQL) if r["key"] in source.names)
    sections = itertools.chain(
        _by_name(
            "Year on year",
            source.keys,
            source.names,
            lambda keys: changes_of(keys, monthly=False),
            CHANGE_COLUMNS,
            CHANGE_FIELDS,
            "No level is known for the same period a year before.",
        ),
        _by_name(
            "Month on month",
            source.keys,
            source.names,
            lambda keys: changes_of(keys, monthly=True),
            CHANGE_COLUMNS,
            CHANGE_FIELDS,
            "No two consecutive months are known.",
        ),
        _by_name(
            "Mix",
            totals,
            source.names,
            mix_of,
            MIX_COLUMNS,
            MIX_FIELDS,
            "No total whose parts add up is known with its parts in one period.",
        ),
    )
    return Report(
        name="compare",
        title=f"Compare: {entity or quantity or 'every quantity'}",
        source=source_line(reader, document),
        sections=sections,
        fields=list(dict.fromkeys([*CHANGE_FIELDS, *MIX_FIELDS])),
    )
