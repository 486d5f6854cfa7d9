"""The list of check rules as a report, as ``dbtool check --list`` shows it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dbtool.reports.model import Column, Report, Section

if TYPE_CHECKING:
    from dbtool.checks.engine import RuleInfo


def rules_report(rules: list[RuleInfo]) -> Report:
    return Report(
        name="rules",
        title="Check rules",
        source="check_rules table",
        sections=[
            Section(
                "Rules",
                [
                    Column("name", "Rule"),
                    Column("severity", "Severity"),
                    Column("description", "Description"),
                ],
                [
                    {"name": r.name, "severity": r.severity, "description": r.description}
                    for r in rules
                ],
            )
        ],
    )
