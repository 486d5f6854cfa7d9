"""What ``dbtool lint`` found in a seed, as a report (table, Markdown, CSV or JSON)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from dbtool.reports.model import Column, Report, Section

if TYPE_CHECKING:
    from dbtool.draft.lint import LintFinding

FIELDS = ["kind", "place", "line", "column", "text", "message"]


def lint_report(seed: Path, findings: list[LintFinding]) -> Report:
    summary = ", ".join(
        f"{sum(1 for f in findings if f.kind == kind)} {kind}"
        for kind in dict.fromkeys(f.kind for f in findings)
    )
    return Report(
        name="lint",
        title=f"Lint: {seed.name}",
        source=str(seed),
        sections=[
            Section(
                "Findings",
                [
                    Column("kind", "What"),
                    Column("place", "Where"),
                    Column("text", "Text", width=40),
                    Column("message", "Problem", width=50),
                ],
                [asdict(f) for f in findings],
                intro=(
                    f"{len(findings)} findings ({summary})."
                    if findings
                    else "Clean: every number is a figure, every quote is in place, "
                    "every row reviewed."
                ),
                fields=FIELDS,
            )
        ],
    )
