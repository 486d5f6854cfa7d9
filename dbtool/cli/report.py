"""``dbtool report …``: every report, in any format, to stdout or a file; ``report all``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dbtool.cli.options import (
    DatabaseUrl,
    Db,
    Format,
    Output,
    TableFmt,
    output_format,
    show,
    url_from,
)
from dbtool.reporting import REPORTS

app = typer.Typer(help="Generate reports as tables, Markdown, CSV or JSON.",
                  no_args_is_help=True)


def _show(name: str, db: Path | None, database_url: str | None, fmt: str, output: str,
          tablefmt: str, **options: object) -> None:
    from dbtool import reporting

    fmt = output_format(fmt)
    show(reporting.build_report(url_from(db, database_url), name, **options), fmt, output,
         tablefmt)


def _command(name: str) -> None:
    def command(
        db: Db = None,
        database_url: DatabaseUrl = None,
        fmt: Format = "table",
        output: Output = "-",
        tablefmt: TableFmt = "simple",
    ) -> None:
        _show(name, db, database_url, fmt, output, tablefmt)

    command.__doc__ = f"{REPORTS[name]}\n\nExample: dbtool report {name} --format markdown"
    app.command(name)(command)


for _name in REPORTS:
    if _name != "sources":
        _command(_name)


@app.command()
def sources(
    id_: Annotated[
        str | None,
        typer.Option("--id", help="Only this figure or entity, e.g. antwerp-share-world-rough."),
    ] = None,
    db: Db = None,
    database_url: DatabaseUrl = None,
    fmt: Format = "table",
    output: Output = "-",
    tablefmt: TableFmt = "simple",
) -> None:
    """Provenance: the sentence each figure and entity came from, quote highlighted.

    Example: dbtool report sources --id antwerp-share-world-rough
    """
    _show("sources", db, database_url, fmt, output, tablefmt, id_=id_)


@app.command("all")
def all_reports(
    output_dir: Annotated[
        Path, typer.Option("--output-dir", help="Folder to write the reports into.",
                           file_okay=False)
    ] = Path("reports"),
    formats: Annotated[
        str, typer.Option("--formats", help="Comma-separated: md (always), csv, json.")
    ] = "md",
    lock_timeout: Annotated[
        float, typer.Option("--lock-timeout", help="Seconds to wait for another run's lock.")
    ] = 60.0,
    db: Db = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Run the checks, then write every report, index.md and manifest.json to a folder.

    Exit code 1 when a check failed (the reports are still written), 0 otherwise.
    Made for cron: files are replaced atomically and overlapping runs take turns.

    Example: dbtool report all --output-dir reports --formats md,csv,json
    """
    from dbtool.publish import parse_formats, publish

    def log(message: str) -> None:
        typer.echo(message, err=True)

    publication = publish(url_from(db, database_url), output_dir, parse_formats(formats),
                          lock_timeout, log)
    state = "a check FAILED" if publication.failed else "all checks passed"
    log(f"{len(publication.files)} files in {output_dir}; check run {publication.check_run}: "
        f"{state}")
    if publication.failed:
        raise typer.Exit(1)
