"""The ``dbtool`` command: a thin Typer layer over :mod:`dbtool.api`.

Errors are turned into ``Error: …`` lines here and nowhere else (one line, or
one per problem of a seed file), with the exit codes of the CLI contract: 0 ok,
1 a check failed, 2 usage or input error, 3 unexpected internal error
(traceback only with ``--debug``).

The command modules do not postpone their annotations (no ``from __future__
import annotations``): Typer reads every command's signature on every run, even
for ``--help``, and string annotations would be evaluated again each time
(about 330 ``eval`` calls, half of what building the command tree costs).

Commands are loaded lazily, as pip loads its own: the root lists every
command from :data:`COMMANDS` (module, function and summary) and imports a
command's module, and builds its Click command, only when that command runs,
so ``dbtool --help`` and ``dbtool report summary`` do not pay for the other
sixteen. A test holds each summary to the first paragraph of its command's help.
"""

import os
import sys
from typing import Any

import typer

# Typer vendors Click (0.26+): its usage errors are these classes.
from typer._click.exceptions import NoArgsIsHelpError
from typer._click.exceptions import UsageError as ClickUsageError

from dbtool.cli.lazy import Entry, LazyGroup
from dbtool.errors import DbtoolError, environment_error

USAGE_ERROR = 2
INTERNAL_ERROR = 3


def _command(
    module: str, attribute: str, summary: str, settings: dict[str, Any] | None = None
) -> Entry:
    """A root command: ``attribute`` of ``dbtool.cli.module``, imported when it runs."""

    def load() -> Any:
        from importlib import import_module

        return getattr(import_module(f"dbtool.cli.{module}"), attribute)

    return Entry(summary, load, settings)


# In the order of ``dbtool --help``. The summary is the command's help's first paragraph.
COMMANDS: dict[str, Entry] = {
    "init": _command("load", "init", "Create or upgrade the database and load the bundled seeds."),
    "seed": _command(
        "load",
        "seed",
        "Load documents from seed files, in one transaction, without touching the others.",
    ),
    "forget": _command(
        "load",
        "forget",
        "Remove a document, its mentions, figures and relations, and the entities and "
        "quantities no other document uses, in one transaction.",
    ),
    "draft": _command(
        "draft",
        "draft",
        "Draft a seed file from a press release: every number a figure, ready to load.",
    ),
    "lint": _command(
        "lint",
        "lint",
        "List what a seed still needs a person for: numbers no figure covers, quotes amiss, "
        "what the draft was unsure of, and how many rows are unreviewed.",
    ),
    "verify": _command(
        "verify",
        "verify",
        "Check press releases straight from their text: draft, load unreviewed, check.",
    ),
    "documents": _command(
        "documents",
        "documents",
        "List the loaded documents: date, title, entities, figures, latest check verdict.",
    ),
    "search": _command(
        "search",
        "search",
        "Find the sentences of the releases that hold the words: document, date, sentence.",
    ),
    "quantities": _command(
        "keys",
        "quantities",
        "List the quantities: key, name, unit, how many figures, which documents state them.",
    ),
    "rankings": _command(
        "keys",
        "rankings",
        "List the rankings: key, name, measure, how many rank claims, which documents.",
    ),
    "entities": _command(
        "keys",
        "entities",
        "List the entities: key, kind, name, alias, which documents mention them.",
    ),
    "check": _command(
        "check",
        "check",
        "Cross-check the stated figures: every rule, its findings and what they imply.",
    ),
    # A query may begin with "--" (a comment) or "-": an argument, not an unknown option.
    "sql": _command(
        "sql",
        "sql",
        "Run one read-only SQL statement and print its rows in any report format.",
        {"context_settings": {"ignore_unknown_options": True}},
    ),
    "schema": _command(
        "sql",
        "schema",
        "List the tables and views with their columns, or draw the schema in Mermaid.",
    ),
    "serve": _command(
        "serve",
        "serve",
        "Browse the SQLite database in Datasette, read-only, every view and column explained.",
    ),
    "db": _command(
        "db",
        "app",
        "Migrate the schema (upgrade, downgrade, current, history), copy, prune check runs.",
    ),
    "report": _command("report", "app", "Generate reports as tables, Markdown, CSV or JSON."),
}


class _Group(LazyGroup):
    """The root group: commands loaded lazily; every library error passes through ``invoke``.

    Usage errors, the root's (``make_context``) and every command's
    (``invoke``), are one line too, naming the command's ``--help``: Click's
    own form is three or four lines.
    """

    entries = COMMANDS

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except ClickUsageError as exc:
            _usage_error(exc)

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DbtoolError as exc:
            _fail(exc)
        except ClickUsageError as exc:
            _usage_error(exc)
        except Exception as exc:
            # --help and exits are the framework's own: let them through.
            if type(exc).__module__.split(".")[0] in ("typer", "click"):
                raise
            known = environment_error(exc)
            if known is not None:  # a full disk, a refused connection: not dbtool's bug
                _fail(known)
            _internal_error(ctx, exc)


def _fail(exc: DbtoolError) -> None:
    for line in exc.lines():
        typer.echo(f"Error: {_one_line(line)}", err=True)
    raise typer.Exit(exc.exit_code) from None


# Control characters a message may carry from its input (a key of "\r", a text's NUL),
# shown escaped: each problem stays one line, and a terminal is not driven by a seed.
_CONTROLS = {code: f"\\x{code:02x}" for code in [*range(32), 127]}


def _one_line(line: str) -> str:
    return line.translate(_CONTROLS)


def _usage_error(exc: Any) -> None:
    """One line for Click's usage error; the help it carries when no arguments were given."""
    if isinstance(exc, NoArgsIsHelpError):
        raise exc
    where = exc.ctx.command_path if exc.ctx is not None else "dbtool"
    message = " ".join(exc.format_message().split()).rstrip(".")
    typer.echo(f"Error: {_one_line(message)} (see `{where} --help`)", err=True)
    raise typer.Exit(USAGE_ERROR) from None


def _internal_error(ctx: typer.Context, exc: Exception) -> None:
    """Exit 3, with the traceback under ``--debug`` (or DBTOOL_DEBUG), without it otherwise."""
    if (ctx.obj and ctx.obj.get("debug")) or os.environ.get("DBTOOL_DEBUG"):
        import traceback  # only here: it costs every command's start a few ms

        traceback.print_exception(exc, file=sys.stderr)
    typer.echo(
        f"Error: internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)",
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


def main() -> None:
    app(prog_name="dbtool")
