"""``dbtool check``: run the percentage cross-checks and exit 1 when one fails."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from dbtool.cli.options import (
    DatabaseUrl,
    Db,
    Format,
    Output,
    emit,
    output_format,
    show,
    url_from,
)
from dbtool.errors import UsageError

FAIL_ON = ("fail", "warn")


def check(
    rule: Annotated[
        list[str] | None,
        typer.Option("--rule", "-r", help="Run only this rule (repeatable)."),
    ] = None,
    list_rules: Annotated[
        bool, typer.Option("--list", help="List the rules with their severity and exit.")
    ] = False,
    fail_on: Annotated[
        str, typer.Option("--fail-on", help="Exit 1 on 'fail' results, or on 'warn' too.")
    ] = "fail",
    db: Db = None,
    database_url: DatabaseUrl = None,
    fmt: Format = "table",
    output: Output = "-",
) -> None:
    """Cross-check the stated figures: every rule, its findings and what they imply.

    The run is stored (see v_check_results, v_derived). Exit code 0 when
    nothing failed, 1 when a check failed, 2 on usage or input errors.

    Example: dbtool check --rule count-share --format markdown
    """
    from dbtool import api

    if fail_on not in FAIL_ON:
        raise UsageError(f"--fail-on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
    fmt = output_format(fmt)
    url = url_from(db, database_url)
    if list_rules:
        from dbtool.reports.rules import rules_report

        show(rules_report(api.check_rules(url)), fmt, output)
        return
    run = api.check(url, rule)
    if fmt == "json":
        emit(json.dumps(run.as_dict(), indent=2, ensure_ascii=False) + "\n", output)
    else:
        from dbtool.reporting import build_report

        show(build_report(url, "checks", run_id=run.id), fmt, output,
             generated_at=run.finished_at)
    if run.failed(fail_on):
        raise typer.Exit(1)
