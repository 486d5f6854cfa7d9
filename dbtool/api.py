"""The library API: one function per verb, each taking the database first.

The CLI is a thin layer over these; notebooks and schedulers call them
directly. The database is a :class:`~dbtool.db.database.Database`, or
anything ``Database.of`` takes (a URL, a SQLite file's path). Each function
that writes runs in one transaction. Only ``init`` and ``upgrade`` create a
database that does not exist yet.

    >>> from dbtool import api
    >>> db = api.Database.of("dbtool.sqlite")
    >>> run = api.check(db)
    >>> print(api.render(api.report(db, "summary"), "markdown"))
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from dbtool.db.database import Database
from dbtool.reports.registry import REPORTS
from dbtool.seedformat.limits import SeedLimits

if TYPE_CHECKING:
    from dbtool.checks.engine import FinishedRun, RuleInfo
    from dbtool.db.transfer import CopyReport
    from dbtool.draft.drafter import Draft, DraftContext
    from dbtool.draft.tables import TableDraft
    from dbtool.load.sync import LoadReport
    from dbtool.reports.model import Report
    from dbtool.reports.publish import Log, Publication

__all__ = ["REPORTS", "Database", "SeedLimits"]

# Told (done, total) as long work goes on; the CLI draws it as a bar on a terminal.
Progress = Callable[[int, int], None]
DatabaseLike = Database | str | Path

PACKAGE_DIR = Path(__file__).resolve().parent
CORPUS = "corpus.toml"  # the bundled seeds, in load order


def bundled_seed_files() -> list[Path]:
    """The seed files shipped with dbtool (the wheel's copy, else the checkout's ``seeds/``),
    in the order ``seeds/corpus.toml`` gives: a later document may refer to what an
    earlier one declared."""
    import tomllib

    for folder in (PACKAGE_DIR / "_seeds", PACKAGE_DIR.parent / "seeds"):
        manifest = folder / CORPUS
        if manifest.is_file():
            names = tomllib.loads(manifest.read_text("utf-8"))["documents"]
            return [folder / name for name in names]
    raise FileNotFoundError("dbtool's bundled seed files are missing from this installation")


# -- the schema ------------------------------------------------------------------------


def _migrate(
    db: DatabaseLike, verb: Literal["upgrade", "downgrade"], revision: str
) -> tuple[str | None, str | None]:
    from dbtool.db import migrations

    with Database.of(db).connect(create=verb == "upgrade") as connection:
        before = migrations.current_revision(connection)
        migrations.migrate(connection, verb, revision)
        after = migrations.current_revision(connection)
        if after == migrations.head_revision():
            from dbtool.checks.engine import sync_rules

            sync_rules(connection)  # the rules this code declares, each with its severity
        return before, after


def upgrade(db: DatabaseLike, revision: str = "head") -> tuple[str | None, str | None]:
    """Migrate up to ``revision`` (creating the database if need be); revisions before, after."""
    return _migrate(db, "upgrade", revision)


def downgrade(db: DatabaseLike, revision: str) -> tuple[str | None, str | None]:
    """Migrate down to ``revision`` ('base' drops every table); revisions before, after."""
    return _migrate(db, "downgrade", revision)


def current(db: DatabaseLike) -> tuple[str | None, str]:
    """(the database's revision, the newest revision this dbtool knows); read-only."""
    from dbtool.db import migrations
    from dbtool.db.reader import open_reader, revision_of

    with open_reader(Database.of(db), require_schema=False) as reader:
        return revision_of(reader), migrations.head_revision()


def history() -> list[tuple[str, str | None, str]]:
    """Every migration, oldest first: (revision, the one before, its message)."""
    from dbtool.db import migrations

    return migrations.history()


def init(db: DatabaseLike) -> tuple[tuple[str | None, str | None], list[LoadReport]]:
    """Create or upgrade the schema, then load the bundled seeds (replacing older copies)."""
    database = Database.of(db)
    revisions = upgrade(database)
    return revisions, seed(database, replace=True)


def schema(db: DatabaseLike) -> Report:
    """The tables and views with their columns."""
    from dbtool.reports.schema import schema_report

    return schema_report(Database.of(db))


def schema_diagram(db: DatabaseLike) -> str:
    """The schema as a Mermaid ER diagram."""
    from dbtool.reports.schema import mermaid

    return mermaid(Database.of(db))


def copy(source: DatabaseLike, target: DatabaseLike) -> CopyReport:
    """Copy a dbtool database (e.g. the SQLite file) into an empty one (e.g. PostgreSQL)."""
    from dbtool.db.transfer import copy_database

    return copy_database(Database.of(source), Database.of(target))


# -- documents -----------------------------------------------------------------------


def seed(
    db: DatabaseLike,
    files: Sequence[Path] | None = None,
    replace: bool = False,
    limits: SeedLimits = SeedLimits(),
    progress: Progress | None = None,
) -> list[LoadReport]:
    """Load seed files (default: the bundled ones) in one transaction: all or nothing.

    A document already loaded from the same file and text is left as it is;
    one that differs is refused unless ``replace``, which swaps it in place.
    A seed reads its text only from its own folder or one of ``limits.allow_dirs``;
    ``progress`` is told ``(documents done, documents)`` after each one.
    """
    from dbtool.load.readahead import ReadAhead

    database = Database.of(db)
    paths = list(files) if files else bundled_seed_files()
    # Read-ahead workers start up while this process imports the loader and connects.
    with ReadAhead(paths, limits) as reads:
        from dbtool.db.bulk import collector_paused
        from dbtool.db.reader import require_schema
        from dbtool.load.session import LoadSession

        with database.connect() as connection, collector_paused():
            require_schema(connection)
            session = LoadSession(connection, len(paths))
            reads.waiting = session.write_waiting
            reports = []
            for path, read in zip(paths, reads, strict=True):
                reports.append(session.load(path, replace, limits, read=read))
                if progress is not None:
                    progress(len(reports), len(paths))
            session.finish()
            return reports


def forget(db: DatabaseLike, slug: str) -> LoadReport:
    """Remove one document, its mentions, figures and relations, and what only it used."""
    from dbtool.db.reader import require_schema
    from dbtool.load.session import forget_document

    with Database.of(db).connect() as connection:
        require_schema(connection)
        return forget_document(connection, slug)


def seed_schema() -> str:
    """The seed format as a JSON Schema, generated from the model ``seed`` validates with."""
    from dbtool.seedformat.schema import schema_text

    return schema_text()


def seed_schema_file() -> Path:
    """The committed JSON Schema of the seed format (the wheel's copy, else the checkout's)."""
    from dbtool.seedformat.tomltext import SCHEMA_FILE  # not the model: it imports pydantic

    for folder in (PACKAGE_DIR / "_docs", PACKAGE_DIR.parent / "docs"):
        if (folder / SCHEMA_FILE).is_file():
            return folder / SCHEMA_FILE
    raise FileNotFoundError("dbtool's seed-format schema is missing from this installation")


def draft(
    db: DatabaseLike,
    text_file: Path,
    out: Path | None = None,
    force: bool = False,
    limits: SeedLimits = SeedLimits(),
) -> Draft:
    """Draft a seed for a press release's text, matching the entities the database knows.

    Returns the draft (its TOML is ``.toml``), written to ``out`` when given (an
    existing file only with ``force``; never through a symlink). Paths in the seed
    (the text file, the schema) are relative to ``out``'s folder, or to the text's
    when there is no ``out``: a seed is saved next to its text. The text is read as
    ``seed`` reads one (``limits``: where from, and how large).
    """
    import gc
    import os

    from dbtool.db.reader import open_reader
    from dbtool.draft.drafter import DraftError, draft_context, draft_seed
    from dbtool.draft.source import check_destination, read_release, write_draft
    from dbtool.errors import UsageError

    if out is not None:
        check_destination(out, force)
    text = read_release(text_file, limits)
    with open_reader(Database.of(db)) as reader:
        context = draft_context(reader)
    folder = (out.parent if out is not None else text_file.parent).resolve()
    schema_path = Path(os.path.relpath(seed_schema_file().resolve(), folder)).as_posix()
    file_name = Path(os.path.relpath(text_file.resolve(), folder)).as_posix()
    # A long text's draft holds many objects and forms no cycles: the collector would
    # scan them all again and again (as in a load; not dbtool.db.bulk's helper, which
    # would import SQLAlchemy into the draft's start-up).
    collecting = gc.isenabled()
    gc.disable()
    try:
        result = draft_seed(text, file_name, context, schema=schema_path)
    except DraftError as exc:
        raise UsageError(f"{text_file}: {exc}") from None
    finally:
        if collecting:
            gc.enable()
    if out is not None:
        write_draft(out, result.toml, force)
    return result


def draft_table(
    db: DatabaseLike, table_file: Path, out: Path | None = None, force: bool = False
) -> TableDraft:
    """Draft the mapping of a table (CSV or XLSX): header to quantities with their guessed
    unit and scale, the first column of text to entities (those the database knows matched,
    the others declared), a period from the file's name. Written to ``out`` when given (an
    existing file only with ``force``); paths in the seed are relative to its folder."""
    from dbtool.draft.tables import TableDraftError
    from dbtool.draft.tables import draft_table as draft_mapping
    from dbtool.errors import UsageError

    if not table_file.is_file():
        raise UsageError(f"{table_file}: no such file")
    context, schema_path, file_name = _drafting(db, table_file, out, force)
    try:
        result = draft_mapping(table_file, file_name, context, schema=schema_path)
    except TableDraftError as exc:
        raise UsageError(f"{table_file}: {exc}") from None
    if out is not None:
        _save(out, result.toml)
    return result


def _drafting(
    db: DatabaseLike, source: Path, out: Path | None, force: bool
) -> tuple[DraftContext, str, str]:
    """What drafting ``source`` needs: the database's entities, qualifiers and keys, and the
    schema's and the source's paths as the seed names them (relative to ``out``'s folder,
    else the source's). Refuses to overwrite ``out`` without ``force``."""
    import os

    from dbtool.db.reader import open_reader
    from dbtool.draft.drafter import draft_context
    from dbtool.errors import UsageError

    if out is not None and out.exists() and not force:
        raise UsageError(f"{out} exists; choose another --out, or --force to overwrite it")
    with open_reader(Database.of(db)) as reader:
        context = draft_context(reader)
    folder = (out.parent if out is not None else source.parent).resolve()
    schema_path = Path(os.path.relpath(seed_schema_file().resolve(), folder)).as_posix()
    return context, schema_path, Path(os.path.relpath(source.resolve(), folder)).as_posix()


def _save(out: Path, toml: str) -> None:
    from dbtool.errors import OutputError

    try:
        out.write_text(toml, encoding="utf-8")
    except OSError as exc:
        raise OutputError(out, exc) from None


def lint(seed_file: Path, db: DatabaseLike | None = None, verbose: bool = False) -> Report:
    """What a seed still lacks, as a report: numbers no figure covers, quotes amiss, what
    the draft was unsure of, rows not reviewed (counted; each one with ``verbose``). None:
    the seed is clean. Every check ``seed`` makes runs first, against ``db`` when given
    (``SeedError`` with every problem)."""
    from dbtool.db.reader import read_connection
    from dbtool.draft.lint import lint_seed
    from dbtool.load.crossdoc import check_beside, file_problems
    from dbtool.reports.lint_report import lint_report
    from dbtool.seedformat.validate import CheckedSeed

    def beside(checked: CheckedSeed) -> None:
        assert checked.seed is not None
        if db is None:  # the checks of the file alone
            checked.problems += file_problems(checked.path, checked.seed, checked.figures)
            return
        with read_connection(Database.of(db)) as connection:
            check_beside(checked, connection)

    return lint_report(seed_file, lint_seed(seed_file, beside, verbose))


# -- checks and reports --------------------------------------------------------------------


def check(
    db: DatabaseLike,
    rules: Sequence[str] | None = None,
    keep: int | None = None,
    progress: Progress | None = None,
    full: bool = False,
) -> FinishedRun:
    """Run the cross-check rules (default all), store the run and return it.

    Only what documents changed since the latest run touch is checked again,
    the rest of its findings kept, unless ``full``: the run stored is the same
    either way. Earlier runs keep what reports read of them; with ``keep``,
    all but the ``keep`` newest runs are removed. ``progress`` is told
    ``(steps done, steps)``: planning, each batch of facts checked, storing.
    """
    from dbtool.checks.engine import check_database

    return check_database(Database.of(db), rules, keep, progress, full)


def prune_runs(db: DatabaseLike, keep: int) -> int:
    """Remove all but the ``keep`` newest check runs; the number removed."""
    from dbtool.checks.engine import prune_database

    return prune_database(Database.of(db), keep)


def check_rules(db: DatabaseLike) -> list[RuleInfo]:
    """The rules this database is configured with: name, description, severity."""
    from dbtool.checks.engine import configured_rules

    return configured_rules(Database.of(db))


def rules_report(db: DatabaseLike) -> Report:
    """The configured rules as a report (``dbtool check --list``)."""
    from dbtool.reports.rule_list import rules_report as build

    return build(check_rules(db))


def qualifiers_report(db: DatabaseLike) -> Report:
    """The qualifiers the database knows, each with the interval it gives
    (``dbtool check --list-qualifiers``)."""
    from dbtool.db.reader import open_reader
    from dbtool.reports.qualifier_list import qualifiers_report as build

    with open_reader(Database.of(db)) as reader:
        return build(reader)


def report(db: DatabaseLike, name: str, **options: object) -> Report:
    """One report by name (see ``dbtool.reports.registry.REPORTS``), read-only.

    ``document`` (a slug) limits it to one document; ``run_id`` picks the check run
    the checks report shows, and ``every`` has it list every finding, not only
    failures and warnings; ``timeline`` takes ``entity`` or ``quantity``.
    """
    from dbtool.reports.registry import build_report

    return build_report(Database.of(db), name, **options)


def search(db: DatabaseLike, words: str) -> Report:
    """The sentences of the documents that hold every word (full-text search, stemmed), with
    the document, its date and the figures quoted in each sentence."""
    from dbtool.db.reader import open_reader
    from dbtool.reports.search import search_report

    with open_reader(Database.of(db)) as reader:
        return search_report(reader, words)


def keys(db: DatabaseLike, what: str) -> Report:
    """The keys a seed can reuse: ``what`` is "quantities", "rankings" or "entities"."""
    from dbtool.db.reader import open_reader
    from dbtool.reports.keys import LISTINGS

    with open_reader(Database.of(db)) as reader:
        return LISTINGS[what](reader)


def sql(
    db: DatabaseLike,
    query: str,
    params: dict[str, str] | None = None,
    timeout: float = 30.0,
    allow_privileged: bool = False,
) -> Report:
    """The rows of one read-only statement, stopped after ``timeout`` seconds (0: never).

    On PostgreSQL a role with powers over the server (a superuser, …) is refused
    unless ``allow_privileged`` (docs/security.md)."""
    from dbtool.reports.query import run_query

    return run_query(Database.of(db), query, params, timeout, allow_privileged)


def publish(
    db: DatabaseLike,
    folder: Path,
    formats: str | Sequence[str] = "md",
    lock_timeout: float = 60.0,
    log: Log | None = None,
    keep: int | None = None,
) -> Publication:
    """Run the checks, then switch ``folder`` to a new set of every report (``dbtool report
    all``): the set and the check run always match. ``formats``: "md,csv,json" or a list;
    Markdown is always written. ``keep``: then keep only the newest ``keep`` check runs.
    ``log`` is told what is done (see :class:`dbtool.reports.publish.Log`)."""
    from dbtool.reports.publish import RunSummary, parse_formats, silent
    from dbtool.reports.publish import publish as write_set

    database = Database.of(db)

    def run_checks() -> RunSummary:
        run = check(database, keep=keep)
        return RunSummary(
            run.id, run.finished_at, run.revision, run.failed(), run.counts(), len(run.rules)
        )

    chosen = parse_formats(formats if isinstance(formats, str) else ",".join(formats))
    return write_set(database, run_checks, folder, chosen, lock_timeout, log or silent)


def datasette(db: DatabaseLike) -> Any:
    """The Datasette app for the SQLite database, read-only (immutable), every view and
    column described, with facets and canned queries. Needs ``dbtool[web]``."""
    from dbtool.errors import UsageError
    from dbtool.reports.datasette import build

    database = Database.of(db)
    if database.path is None:
        raise UsageError(
            f"dbtool serve opens an SQLite file, not {database.describe()}; "
            "copy it with `dbtool db copy` or browse PostgreSQL with its own tools"
        )
    database.require_file()
    return build(database.path)


def serve(db: DatabaseLike, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Run Datasette on the SQLite database (see :func:`datasette`) until interrupted."""
    import uvicorn

    uvicorn.run(datasette(db).app(), host=host, port=port, log_level="warning")


def render(report: Report, fmt: str = "table", **options: str) -> str:
    """A report as text: ``table`` (``tablefmt`` any tabulate format), ``markdown``, ``csv``
    or ``json``."""
    from dbtool.reports.render import render as render_report

    return render_report(report, fmt, **options)
