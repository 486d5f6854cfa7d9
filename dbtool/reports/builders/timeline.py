"""The timeline report: a quantity's stated figures by period, across documents.

``--entity alrosa`` shows every quantity the entity's figures state;
``--quantity key`` one quantity. In Markdown each quantity with two periods
or more also gets a Mermaid ``xychart-beta`` line chart (GitHub and most
Markdown viewers draw it), of the midpoint of each stated interval.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dbtool.db.reader import Reader, Row
from dbtool.display import SCALES, format_period
from dbtool.errors import UsageError
from dbtool.reports.builders import flags, in_document, iso_date, scope, source_line
from dbtool.reports.model import Column, Report, Section

TIMELINE_SQL = f"""
SELECT qt.key AS quantity, qt.name AS quantity_name, f.key, f.written, f.value, f.unit,
       f.low, f.high, f.low_inclusive, f.high_inclusive, f.period_start, f.period_end,
       d.slug AS document, e.key AS subject, q.text AS quote
FROM figures f
JOIN quantities qt ON qt.id = f.quantity_id
JOIN quotes q ON q.id = f.quote_id
JOIN documents d ON d.id = q.document_id
JOIN entities e ON e.id = f.subject_id
WHERE f.period_start IS NOT NULL AND f.base_period IS NULL AND f.whole_id IS NULL
  AND (CAST(:entity AS VARCHAR(100)) IS NULL OR e.key = :entity)
  AND (CAST(:quantity AS VARCHAR(100)) IS NULL OR qt.key = :quantity)
  AND {in_document("d.slug")}
ORDER BY qt.key, f.period_start, f.period_end, d.published_on, d.slug, f.key
"""


def _day(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(iso_date(value))


def timeline_rows(
    reader: Reader, entity: str | None, quantity: str | None, document: str | None
) -> list[Row]:
    rows = reader.rows(TIMELINE_SQL, {"entity": entity, "quantity": quantity, **scope(document)})
    return [
        {
            **flags(r, "low_inclusive", "high_inclusive"),
            "period": format_period(_day(r["period_start"]), _day(r["period_end"])),
            "period_start": iso_date(r["period_start"]),
            "period_end": iso_date(r["period_end"]),
        }
        for r in rows
    ]


def _span(row: Row) -> int:
    return (_day(row["period_end"]) - _day(row["period_start"])).days // 28  # ~ months


def _chart(name: str, rows: list[Row]) -> str | None:
    """A Mermaid line chart of one quantity: the periods of its most common length (months,
    say, not months beside years), in order, at the midpoint of each stated interval."""
    spans = [_span(r) for r in rows]
    common = max(set(spans), key=spans.count)
    points: dict[str, float] = {}
    for row in sorted(rows, key=lambda r: r["period_start"]):
        if _span(row) == common and row["low"] is not None and row["high"] is not None:
            points.setdefault(row["period"], (row["low"] + row["high"]) / 2)
    if len(points) < 2:
        return None
    top = max(abs(v) for v in points.values())
    scale, suffix = next(
        ((s, f" ({rows[0]['unit']} {x})") for s, x in SCALES if top >= s),
        (1.0, f" ({rows[0]['unit']})"),
    )
    labels = ", ".join(f'"{p}"' for p in points)
    values = ", ".join(f"{v / scale:.6g}" for v in points.values())
    title = name.replace('"', "'")
    return "\n".join(
        [
            "```mermaid",
            "xychart-beta",
            f'    title "{title}"',
            f"    x-axis [{labels}]",
            f'    y-axis "{suffix.strip(" ()")}"',
            f"    line [{values}]",
            "```",
        ]
    )


def build(
    reader: Reader,
    entity: str | None = None,
    quantity: str | None = None,
    document: str | None = None,
) -> Report:
    """The timeline report: one section per quantity, its levels in period order.

    Only levels with a period count (no changes, no shares). An ``entity`` or
    ``quantity`` with no dated figure is a usage error, not an empty report.
    """
    rows = timeline_rows(reader, entity, quantity, document)
    if not rows and (entity or quantity):
        what = f"entity {entity!r}" if entity else f"quantity {quantity!r}"
        raise UsageError(f"no dated figures for {what} (see `dbtool report figures`)")
    by_quantity: dict[str, list[Row]] = {}
    for row in rows:
        by_quantity.setdefault(row["quantity"], []).append(row)
    sections = [
        Section(
            group[0]["quantity_name"],
            [
                Column("period", "Period"),
                Column("written", "As written"),
                Column("interval", "Interval", "interval"),
                Column("document", "Document"),
                Column("quote", "Source", "quote", width=40),
                Column("key", "Id"),
            ],
            group,
            fields=[
                "quantity",
                "period_start",
                "period_end",
                "key",
                "written",
                "value",
                "unit",
                "low",
                "high",
                "low_inclusive",
                "high_inclusive",
                "document",
            ],
            markdown=_chart(group[0]["quantity_name"], group),
        )
        for group in by_quantity.values()
    ]
    subject = entity or quantity or "every quantity"
    return Report(
        name="timeline",
        title=f"Timeline: {subject}",
        source=source_line(reader, document),
        sections=sections
        or [Section("Figures by period", [], [], intro="No figure states a period.")],
    )
