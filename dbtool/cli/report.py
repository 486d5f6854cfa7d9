"""``dbtool report …``: every report, in any format, to stdout or a file; ``report all``."""

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from dbtool.cli.lazy import Entry, LazyGroup, summary_of
from dbtool.cli.options import DatabaseUrl, Db, Output, database_from, with_output
from dbtool.reports.registry import REPORTS


def _show(name: str, out: Output, **options: object) -> None:
    from dbtool import api

    out.show(api.report(out.database, name, **options))


Document = Annotated[
    str | None,
    typer.Option("--document", "-d", help="Only this document (a slug; see dbtool documents)."),
]


def _plain(name: str) -> Callable[..., None]:
    """The command of a report whose only option is --document."""

    def command(out: Output, document: Document = None) -> None:
        _show(name, out, document=document)

    command.__doc__ = f"{REPORTS[name]}\n\nExample: dbtool report {name} --format markdown"
    return with_output(command)


Verbose = Annotated[
    bool,
    typer.Option(
        "--verbose",
        "-v",
        help="List every finding and change, not only failures and warnings (CSV and JSON "
        "always do).",
    ),
]


def checks(out: Output, document: Document = None, verbose: Verbose = False) -> None:
    """The latest check run: failures and warnings, the rest counted; what changed.

    Failures and warnings are listed in full, the other findings counted by
    rule; --verbose lists every one, as the CSV and JSON always do.

    Example: dbtool report checks --format markdown
    """
    _show("checks", out, document=document, every=verbose or out.lists_everything)


Entity = Annotated[
    str | None,
    typer.Option(
        "--entity", help="Every quantity this entity's figures state (a key, a name or an alias)."
    ),
]
Quantity = Annotated[
    str | None,
    typer.Option("--quantity", help="One quantity (a key or a name), e.g. alrosa-diamond-sales."),
]


def sources(
    out: Output,
    id_: Annotated[
        str | None,
        typer.Option("--id", help="Only this figure or entity, e.g. antwerp-share-world-rough."),
    ] = None,
    document: Document = None,
) -> None:
    """Provenance: the sentence each figure and entity came from, quote highlighted.

    Example: dbtool report sources --id antwerp-share-world-rough
    """
    _show("sources", out, id_=id_, document=document)


def timeline(
    out: Output, entity: Entity = None, quantity: Quantity = None, document: Document = None
) -> None:
    """A quantity's or an entity's levels by period, stated and derived, one series per
    length of period (months, quarters, years, year to date).

    Markdown output draws each series as a Mermaid line chart spaced by date.

    Example: dbtool report timeline --entity ALROSA --format markdown
    """
    _show("timeline", out, entity=entity, quantity=quantity, document=document)


def compare(
    out: Output, entity: Entity = None, quantity: Quantity = None, document: Document = None
) -> None:
    """Year on year, month on month, and the mix of each total's parts (rough and polished).

    Example: dbtool report compare --entity alrosa
    """
    _show("compare", out, entity=entity, quantity=quantity, document=document)


def all_reports(
    output_dir: Annotated[
        Path,
        typer.Option("--output-dir", help="Folder to write the reports into.", file_okay=False),
    ] = Path("reports"),
    formats: Annotated[
        str, typer.Option("--formats", help="Comma-separated: md (always), csv, json.")
    ] = "md",
    lock_timeout: Annotated[
        float, typer.Option("--lock-timeout", help="Seconds to wait for another run's lock.")
    ] = 60.0,
    keep: Annotated[
        int | None,
        typer.Option("--keep", help="Then keep only the newest N check runs.", min=1),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also log each file written.")
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option("--quiet", "-q", help="Print nothing unless a check failed (for cron)."),
    ] = False,
    db: Db = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Run the checks, then write every report, index.md and manifest.json to a folder.

    Prints one line on stderr: the run's counts, the failing rules, the folder
    (--verbose: also each file; --quiet: nothing unless a check failed). Lines
    carry an ISO time stamp when stderr is not a terminal (a log file, cron, journald).
    Exit code 1 when a check failed (the reports are still written), 0 otherwise.
    Made for cron: the folder switches to the whole new set in one step, so it
    always matches its manifest, even if a run is killed; overlapping runs take turns.

    Example: dbtool report all --quiet --keep 30 --output-dir reports --formats md,csv,json
    """
    from dbtool import api

    every_file = verbose

    def log(message: str, verbose: bool = False) -> None:
        if not quiet and (every_file or not verbose):
            _log_line(message)

    publication = api.publish(
        database_from(db, database_url), output_dir, formats, lock_timeout, log, keep
    )
    if publication.failed or not quiet:
        _log_line(publication.summary())
    if publication.failed:
        raise typer.Exit(1)


def _log_line(message: str) -> None:
    """A line on stderr; stamped with the local time (ISO 8601) unless stderr is a terminal."""
    import sys

    if not sys.stderr.isatty():
        import datetime as dt

        message = f"{dt.datetime.now().astimezone().isoformat(timespec='seconds')} {message}"
    typer.echo(message, err=True)


_OWN = {"checks": checks, "sources": sources, "timeline": timeline, "compare": compare}


# The registry's reports in its order, those with options of their own, then ``all``.
_ENTRIES = {
    **{
        name: Entry(REPORTS[name], lambda name=name: _plain(name))
        for name in REPORTS
        if name not in _OWN
    },
    **{
        name: Entry(summary_of(function), lambda function=function: with_output(function))
        for name, function in _OWN.items()
    },
    "all": Entry(summary_of(all_reports), lambda: all_reports),
}


class _Reports(LazyGroup):
    """``dbtool report``: only the report that runs is built."""

    entries = _ENTRIES


app = typer.Typer(
    cls=_Reports, help="Generate reports as tables, Markdown, CSV or JSON.", no_args_is_help=True
)
