"""The figures report: every stated number as written, with its unit, qualifier and interval."""

from __future__ import annotations

from collections.abc import Iterator

from dbtool.db.reader import Reader, Row
from dbtool.reports.builders import flags, in_document, scope, source_line
from dbtool.reports.model import Column, Report, Section

FIGURES_SQL = f"""
SELECT f.key, f.written, f.value, f.unit,
       CASE WHEN f.qualifier = 'none' THEN NULL ELSE f.qualifier END AS qualifier,
       f.low, f.high, f.low_inclusive, f.high_inclusive, f.period, f.metric, f.measure,
       f.measure_basis, e.name AS subject, q.text AS quote, q.char_start, q.char_end,
       d.slug AS document, f.period_start, f.period_end, f.base_period, f.direction,
       f.reviewed
FROM figures f
JOIN entities e ON e.id = f.subject_id
JOIN quotes q ON q.id = f.quote_id
JOIN documents d ON d.id = q.document_id
WHERE {in_document("d.slug")}
ORDER BY d.published_on, d.slug, f.written_start, f.key
"""


def figure_rows(reader: Reader, document: str | None = None) -> Iterator[Row]:
    """Every figure, in the order the text states them, read as they are rendered."""
    return (
        flags(r, "low_inclusive", "high_inclusive", "reviewed")
        for r in reader.stream(FIGURES_SQL, scope(document))
    )


# A terminal shows what a figure says and its id (for `report sources --id`) under what it
# measures; --wide adds the rest.
COLUMNS = [
    Column("written", "As written", width=18),
    Column("value", "Value", "value", wide=True),
    Column("unit", "Unit", wide=True),
    Column("qualifier", "Qualifier", wide=True),
    Column("interval", "Interval", "interval"),
    Column("period", "Period", width=16),
    Column("subject", "Subject", wide=True),
    Column("metric", "What (and the figure's id)", width=44, below="key"),
    Column("quote", "Source", "quote", wide=True),
    Column("document", "Document", wide=True),
    Column("key", "Id", wide=True),
    Column("reviewed", "Reviewed", wide=True),
]
FIELDS = [
    "key",
    "written",
    "value",
    "unit",
    "qualifier",
    "low",
    "high",
    "low_inclusive",
    "high_inclusive",
    "period",
    "subject",
    "metric",
    "measure",
    "measure_basis",
    "quote",
    "char_start",
    "char_end",
    "document",
    "period_start",
    "period_end",
    "base_period",
    "direction",
    "reviewed",
]


def build(reader: Reader, document: str | None = None) -> Report:
    return Report(
        name="figures",
        title="Figures",
        source=source_line(reader, document),
        sections=[
            Section(
                "Figures",
                COLUMNS,
                figure_rows(reader, document),
                fields=FIELDS,
                intro="Every number in the texts, with the interval its wording "
                "implies (“33%” is 32.5–33.5; “nearly” is below; “over” is above; "
                "“fell 16%” is a change of −16.5 to −15.5 %). A figure drafted by "
                "`dbtool draft` is not reviewed until a person has checked it. "
                "`dbtool report sources --id ID` quotes a figure's sentence; `--wide` "
                "shows every column.",
            )
        ],
    )
