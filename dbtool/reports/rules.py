"""The list of check rules, as ``dbtool check --list`` shows it."""

from __future__ import annotations

from dbtool.checks.engine import RuleInfo
from dbtool.report import Column, Report, Section


def rules_report(rules: list[RuleInfo]) -> Report:
    return Report(
        name="rules",
        title="Check rules",
        source="check_rules table",
        sections=[Section(
            "Rules",
            [Column("name", "Rule"), Column("severity", "Severity"),
             Column("description", "Description")],
            [{"name": r.name, "severity": r.severity, "description": r.description}
             for r in rules],
        )],
    )
