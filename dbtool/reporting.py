"""Build any report by name against a database URL (read-only use of the data)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from dbtool.database import connect
from dbtool.errors import UsageError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from dbtool.checks.engine import CheckRun
    from dbtool.report import Report


def _builders() -> dict[str, Callable[[Connection], Report]]:
    from dbtool.reports import summary

    return {"summary": summary.build}


def report_names() -> list[str]:
    return list(_builders())


def build_report(url: str, name: str) -> Report:
    from dbtool.api import require_schema

    builders = _builders()
    if name not in builders:
        raise UsageError(f"unknown report {name!r}; choose one of {', '.join(builders)}")
    with connect(url) as connection:
        require_schema(connection)
        return builders[name](connection)


def check_report(url: str, run: CheckRun) -> Report:
    """The report of a finished run, with what changed since the run before it."""
    from dbtool.reports.checks import from_run

    with connect(url) as connection:
        return from_run(run, connection)
