"""``dbtool report …``: every report, in any format, to stdout or a file; ``report all``."""

from pathlib import Path
from typing import Annotated

import typer

from dbtool.api import REPORTS
from dbtool.cli.options import DatabaseUrl, Db, Output, database_from, with_output

app = typer.Typer(help="Generate reports as tables, Markdown, CSV or JSON.", no_args_is_help=True)


def _show(name: str, out: Output, **options: object) -> None:
    from dbtool import api

    out.show(api.report(out.database, name, **options))


Document = Annotated[
    str | None,
    typer.Option("--document", "-d", help="Only this document (a slug; see dbtool documents)."),
]


def _command(name: str) -> None:
    def command(out: Output, document: Document = None) -> None:
        _show(name, out, document=document)

    command.__doc__ = f"{REPORTS[name]}\n\nExample: dbtool report {name} --format markdown"
    app.command(name)(with_output(command))


for _name in REPORTS:
    if _name not in ("sources", "timeline"):
        _command(_name)


@app.command()
@with_output
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


@app.command()
@with_output
def timeline(
    out: Output,
    entity: Annotated[
        str | None, typer.Option("--entity", help="Every quantity this entity's figures state.")
    ] = None,
    quantity: Annotated[
        str | None, typer.Option("--quantity", help="One quantity, e.g. alrosa-diamond-sales.")
    ] = None,
    document: Document = None,
) -> None:
    """A quantity's or an entity's figures by period across documents, with a chart.

    Markdown output draws each series as a Mermaid line chart.

    Example: dbtool report timeline --entity alrosa --format markdown
    """
    _show("timeline", out, entity=entity, quantity=quantity, document=document)


@app.command("all")
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
    db: Db = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Run the checks, then write every report, index.md and manifest.json to a folder.

    Exit code 1 when a check failed (the reports are still written), 0 otherwise.
    Made for cron: the folder switches to the whole new set in one step, so it
    always matches its manifest, even if a run is killed; overlapping runs take turns.

    Example: dbtool report all --output-dir reports --formats md,csv,json
    """
    from dbtool import api

    def log(message: str) -> None:
        typer.echo(message, err=True)

    publication = api.publish(
        database_from(db, database_url), output_dir, formats, lock_timeout, log
    )
    state = "a check FAILED" if publication.failed else "all checks passed"
    log(
        f"{len(publication.files)} files in {output_dir}; check run {publication.check_run}: "
        f"{state}"
    )
    if publication.failed:
        raise typer.Exit(1)
