"""Options shared by every command, defined once.

Whether a command may create its database is decided here, at the option:
``Db`` names a file that must exist (every command that reads, and
``check``), ``NewDb`` one that ``init`` and ``db upgrade`` may create, as
sqlite-utils does with ``click.Path(exists=True)``.
"""

import datetime as dt
import functools
import inspect
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from dbtool.db import ENV_URL

if TYPE_CHECKING:
    from dbtool.db.database import Database
    from dbtool.reports.model import Report


def _existing(path: Path | None) -> Path | None:
    """Refuse a missing file before anything opens it: reading never creates a database."""
    if path is not None:
        from dbtool.db.database import Database

        Database.of(path).require_file()
    return path


Db = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="SQLite file to use [default: ./dbtool.sqlite]; it must exist.",
        dir_okay=False,
        callback=_existing,
    ),
]
NewDb = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="SQLite file to use [default: ./dbtool.sqlite]; created if new.",
        dir_okay=False,
    ),
]
DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        envvar=ENV_URL,
        help="Any SQLAlchemy URL, e.g. postgresql+psycopg://host/db.",
        show_envvar=True,
    ),
]
Format = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        help="Output format: table, markdown (md), csv, json or jsonl.",
        case_sensitive=False,
    ),
]
OutputFile = Annotated[
    str,
    typer.Option("--output", "-o", help="Write to this file instead of stdout ('-' is stdout)."),
]
TableFmt = Annotated[
    str, typer.Option("--tablefmt", help="Any tabulate format for --format table, e.g. github.")
]
Wide = Annotated[
    bool,
    typer.Option(
        "--wide", help="Tables: every column, nothing wrapped or cut (default: fit 100 columns)."
    ),
]
# The width a table fits by default: a terminal's, wide enough for every report.
TABLE_WIDTH = 100


def database_from(db: Path | None, database_url: str | None) -> "Database":
    """The one ``Database`` a command works on, from its ``--db`` and ``--database-url``."""
    from dbtool.db.database import Database

    return Database.resolve(db, database_url)


@dataclass(frozen=True)
class Output:
    """Where a command reads from and how it writes: the options every report command shares."""

    db: Path | None
    database_url: str | None
    fmt: str
    output: str
    tablefmt: str
    wide: bool = False

    def __post_init__(self) -> None:
        # A bad --format or --tablefmt is refused (UsageError) before any database is opened.
        from dbtool.reports.render import check_format, check_tablefmt

        object.__setattr__(self, "fmt", check_format(self.fmt))
        if self.tablefmt != "simple":
            check_tablefmt(self.tablefmt)

    @property
    def lists_everything(self) -> bool:
        """Whether the format is for programs (CSV, JSON), which get every row of a report."""
        return self.fmt in ("csv", "json", "jsonl")

    @functools.cached_property
    def database(self) -> "Database":
        return database_from(self.db, self.database_url)

    def show(self, report: "Report", generated_at: dt.datetime | None = None) -> None:
        """Render a report in the chosen format and write it out: the one place commands print."""
        from dbtool.reports.render import STREAMED, chunks, render

        stamp = (generated_at or dt.datetime.now(dt.UTC)).replace(microsecond=0).isoformat()
        if self.fmt in STREAMED:  # written as it is rendered: a large report is never whole
            emit_chunks(chunks(report, self.fmt, generated_at=stamp), self.output)
            return
        width = None if self.wide else TABLE_WIDTH
        text = render(report, self.fmt, tablefmt=self.tablefmt, generated_at=stamp, width=width)
        emit(text, self.output)

    def emit(self, text: str) -> None:
        emit(text, self.output)


def _shared_parameters() -> list[inspect.Parameter]:
    keyword = inspect.Parameter.KEYWORD_ONLY
    return [
        inspect.Parameter("db", keyword, default=None, annotation=Db),
        inspect.Parameter("database_url", keyword, default=None, annotation=DatabaseUrl),
        inspect.Parameter("fmt", keyword, default="table", annotation=Format),
        inspect.Parameter("output", keyword, default="-", annotation=OutputFile),
        inspect.Parameter("tablefmt", keyword, default="simple", annotation=TableFmt),
        inspect.Parameter("wide", keyword, default=False, annotation=Wide),
    ]


def with_output(function: Callable[..., Any]) -> Callable[..., Any]:
    """Give a command the shared ``--db``, ``--database-url``, ``--format``, ``--output``,
    ``--tablefmt`` and ``--wide`` options, passed to it as one :class:`Output` named ``out``.

    Typer reads a command's options from its signature, so the shared ones
    are added to the signature here instead of being pasted into every command.
    """
    own = [
        p for p in inspect.signature(function, eval_str=True).parameters.values() if p.name != "out"
    ]
    shared = _shared_parameters()
    names = [p.name for p in shared]

    @functools.wraps(function)
    def command(**kwargs: Any) -> Any:
        out = Output(**{name: kwargs.pop(name) for name in names})
        return function(**kwargs, out=out)

    signature = inspect.Signature([*own, *shared])
    command.__signature__ = signature  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in signature.parameters.values()}
    return command


def emit_chunks(pieces: Iterable[str], output: str, buffer: int = 1 << 20) -> None:
    """Write text as it comes, about ``buffer`` characters at a time, to stdout or to
    ``output``. A regular file is written beside it and moved into place when whole, so a
    failed command leaves no half a report; a link, a device or a pipe is written as it
    is (moving a file onto ``/dev/null`` would replace the device)."""
    import os
    import tempfile

    from dbtool.errors import OutputError
    from dbtool.reports.render import batched_text

    def batches() -> Iterator[str]:
        return batched_text(pieces, buffer)

    if output == "-":
        for text in batches():
            sys.stdout.write(text)
        return
    target = Path(output)
    if target.is_symlink() or (target.exists() and not target.is_file()):
        # /dev/stdout, a device, a pipe: written where it is; a new file put in its place
        # would replace the link or the device node itself.
        try:
            with target.open("w", encoding="utf-8") as handle:
                for text in batches():
                    handle.write(text)
        except OSError as exc:
            raise OutputError(output, exc) from None
        return
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
    except OSError as exc:
        raise OutputError(output, exc) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            for text in batches():
                handle.write(text)
        os.chmod(name, 0o644)
        os.replace(name, target)
    except OSError as exc:
        Path(name).unlink(missing_ok=True)
        raise OutputError(output, exc) from None
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def emit(text: str, output: str) -> None:
    """Write to stdout, or to a file when ``--output FILE`` is given."""
    from dbtool.errors import OutputError

    if output == "-":
        sys.stdout.write(text)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise OutputError(output, exc) from None
