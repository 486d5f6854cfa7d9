"""The qualifiers a database knows, as ``dbtool check --list-qualifiers`` shows them.

Each with the interval it gives a figure written with it: "nearly 85%" and
"over USD 2 billion" as worked examples, so a reader sees at once what each
word does to a number.
"""

from __future__ import annotations

from dbtool.core.wording import QualifierRule, stated_interval
from dbtool.db.reader import Reader
from dbtool.display import format_interval
from dbtool.reports.model import Column, Report, Section

FIELDS = ("name", "low_mode", "low_factor", "low_inclusive", "high_mode", "high_factor")
FIELDS += ("high_inclusive",)


def qualifiers_report(reader: Reader) -> Report:
    """Every qualifier with what it does to "100" written to its last digit (± 0.5)."""
    rows = []
    for row in reader.rows(
        f"SELECT {', '.join(FIELDS)}, description FROM qualifiers ORDER BY name"
    ):
        rule = QualifierRule(**{name: row[name] for name in FIELDS})
        low, high, low_inclusive, high_inclusive = stated_interval(100.0, 0.5, rule)
        rows.append(
            {
                "name": row["name"],
                "example": f"{row['name']} 100" if row["name"] != "none" else "100",
                "interval": format_interval(low, high, low_inclusive, high_inclusive, None, True),
                "description": row["description"],
            }
        )
    return Report(
        name="qualifiers",
        title="Qualifiers",
        source="qualifiers table",
        sections=[
            Section(
                "Qualifiers",
                [
                    Column("name", "Qualifier"),
                    Column("example", "Written"),
                    Column("interval", "Interval"),
                    Column("description", "What it means"),
                ],
                rows,
                intro="What each word does to a number written to its last digit (100 ± 0.5).",
            )
        ],
    )
