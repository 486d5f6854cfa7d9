"""The ``dbtool`` command: a thin Typer layer over :mod:`dbtool.api`.

Errors are turned into ``Error: …`` lines here and nowhere else (one line, or
one per problem of a seed file), with the exit codes of the CLI contract: 0 ok,
1 a check failed, 2 usage or input error, 3 unexpected internal error
(traceback only with ``--debug``).

The command modules do not postpone their annotations (no ``from __future__
import annotations``): Typer reads every command's signature on every run, even
for ``--help``, and string annotations would be evaluated again each time
(about 330 ``eval`` calls, half of what building the command tree costs).
"""

import os
from typing import Any

import typer
from typer.core import TyperGroup

from dbtool.errors import DbtoolError

INTERNAL_ERROR = 3


class _Group(TyperGroup):
    """The root group: every library error passes through ``invoke`` on its way out."""

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DbtoolError as exc:
            for line in exc.lines():
                typer.echo(f"Error: {line}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except Exception as exc:
            # Usage errors, --help and exits are the framework's own (Typer vendors
            # Click since 0.26): let them through to be reported the usual way.
            if type(exc).__module__.split(".")[0] in ("typer", "click"):
                raise
            if (ctx.obj and ctx.obj.get("debug")) or os.environ.get("DBTOOL_DEBUG"):
                raise
            typer.echo(
                f"Error: internal error: {type(exc).__name__}: {exc} "
                "(run with --debug for the traceback)",
                err=True,
            )
            raise typer.Exit(INTERNAL_ERROR) from None


app = typer.Typer(
    cls=_Group,
    name="dbtool",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(shown: bool) -> None:
    if shown:
        from dbtool import __version__

        typer.echo(f"dbtool {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks of internal errors."),
    version: bool = typer.Option(
        False,
        "--version",
        help="Print dbtool's version and exit.",
        callback=_version,
        is_eager=True,
    ),
) -> None:
    """A relational database of the diamond trade, with cross-checked percentages.

    Example: dbtool init && dbtool report summary
    """
    ctx.obj = {"debug": debug}


def _register() -> None:
    from dbtool.cli import (
        check,
        db,
        documents,
        draft,
        keys,
        lint,
        load,
        report,
        search,
        serve,
        sql,
        verify,
    )

    app.command("init")(load.init)
    app.command("seed")(load.seed)
    app.command("forget")(load.forget)
    app.command("draft")(draft.draft)
    app.command("lint")(lint.lint)
    app.command("verify")(verify.verify)
    app.command("documents")(documents.documents)
    app.command("search")(search.search)
    app.command("quantities")(keys.quantities)
    app.command("rankings")(keys.rankings)
    app.command("entities")(keys.entities)
    app.command("check")(check.check)
    app.command("sql")(sql.sql)
    app.command("schema")(sql.schema)
    app.command("serve")(serve.serve)
    app.add_typer(db.app, name="db")
    app.add_typer(report.app, name="report")


_register()


def main() -> None:
    app(prog_name="dbtool")
