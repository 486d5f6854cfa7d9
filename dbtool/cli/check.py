"""``dbtool check``: run the percentage cross-checks and exit 1 when one fails."""

from typing import Annotated

import typer

from dbtool.cli.options import Output, with_output
from dbtool.cli.progress import ProgressBar
from dbtool.errors import UsageError

FAIL_ON = ("fail", "warn")


@with_output
def check(
    out: Output,
    rule: Annotated[
        list[str] | None,
        typer.Option("--rule", "-r", help="Run only this rule (repeatable)."),
    ] = None,
    list_rules: Annotated[
        bool, typer.Option("--list", help="List the rules with their severity and exit.")
    ] = False,
    list_qualifiers: Annotated[
        bool,
        typer.Option(
            "--list-qualifiers", help="List the qualifiers and the interval each gives, and exit."
        ),
    ] = False,
    fail_on: Annotated[
        str, typer.Option("--fail-on", help="Exit 1 on 'fail' results, or on 'warn' too.")
    ] = "fail",
    keep: Annotated[
        int | None,
        typer.Option("--keep", help="Then keep only the N newest runs, this one included."),
    ] = None,
    full: Annotated[
        bool,
        typer.Option(
            "--full",
            help="Check every part of the facts again, not only what changed documents touch.",
        ),
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose",
            "-v",
            help="List every finding, not only failures and warnings (CSV and JSON always do).",
        ),
    ] = False,
) -> None:
    """Cross-check the stated figures: every rule, its findings and what they imply.

    Failures and warnings are printed in full, the other findings counted by
    rule (--verbose: every one). Only what documents loaded, changed or
    forgotten since the latest run touch is checked again (--full: all); the
    run stored is the same either way. The run is stored (see v_check_results,
    v_derived); earlier runs keep each finding's status, for `report checks`
    to say what changed, and --keep N removes all but the newest N. Exit
    code 0 when nothing failed, 1 when a check failed, 2 on usage or input
    errors.

    Example: dbtool check --rule count-share --format markdown
    """
    from dbtool import api

    if fail_on not in FAIL_ON:
        raise UsageError(f"--fail-on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
    if list_rules:
        out.show(api.rules_report(out.database))
        return
    if list_qualifiers:
        out.show(api.qualifiers_report(out.database))
        return
    with ProgressBar("Checking") as bar:
        run = api.check(out.database, rule, keep, progress=bar, full=full)
    if out.fmt == "json":
        import json

        out.emit(json.dumps(run.as_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        every = verbose or out.lists_everything
        report = api.report(out.database, "checks", run_id=run.id, every=every)
        out.show(report, generated_at=run.finished_at)
    if run.failed(fail_on):
        raise typer.Exit(1)
